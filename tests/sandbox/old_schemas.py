"""Older sandbox databases, made from a current one by taking out what later schemas added."""

from __future__ import annotations

import sqlite3
from contextlib import closing

KIOSK_COLUMNS = ("refund_id", "change_given", "cash_received", "terminal_id", "shift_id")


def as_schema_6(path) -> None:
    """Take out who caused each SMS (schema 7), keeping the messages, as schema 6 had them."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute(
            "CREATE TABLE message_6 (id INTEGER PRIMARY KEY, receiver TEXT NOT NULL,"
            " content TEXT NOT NULL, sent_date TEXT NOT NULL)"
        )
        conn.execute(
            "INSERT INTO message_6 SELECT id, receiver, content, sent_date"
            " FROM communication_message"
        )
        conn.execute("DROP TABLE communication_message")
        conn.execute("ALTER TABLE message_6 RENAME TO communication_message")
        conn.execute(
            "CREATE INDEX communication_message_receiver ON communication_message(receiver, id)"
        )
        conn.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
        conn.execute("PRAGMA user_version = 6")


def as_schema_4(path) -> None:
    """Take the kiosk's additions (and what came after them) out of a current database, as
    schema 4 had it."""
    as_schema_6(path)
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        for table in ("refund", "kiosk_count", "kiosk_shift"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DROP INDEX payment_operator")
        conn.execute("DROP INDEX payment_shift")
        for column in (*KIOSK_COLUMNS, "operator_id"):
            conn.execute(f"ALTER TABLE payment DROP COLUMN {column}")
        conn.execute("DELETE FROM customer WHERE role != 'customer'")
        conn.execute("ALTER TABLE customer DROP COLUMN role")
        conn.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
        conn.execute("PRAGMA user_version = 4")
