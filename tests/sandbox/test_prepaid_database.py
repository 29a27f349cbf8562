"""A database of schema 5 (before the prepaid tables) is upgraded when opened: the tables are
added, its data kept, and the prepaid demo data seeded into it."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from miclaro_tui.sandbox.schema import USER_VERSION
from miclaro_tui.sandbox.seeding import demo
from miclaro_tui.sandbox.store import open_store
from tests.conftest import TODAY

PREPAID_TABLES = (
    "communication_message",
    "balance_action",
    "advance",
    "transfer",
    "topup",
    "payment_topup",
    "usage_month",
    "bucket",
    "guest",
    "carrier_number",
)


def test_schema_5_is_upgraded_and_gets_the_prepaid_demo_data(tmp_path):
    path = tmp_path / "five.sqlite3"
    open_store(path, TODAY, demo(large=False)).close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM payment WHERE id IN (SELECT payment_id FROM payment_topup)")
        for table in PREPAID_TABLES:
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DELETE FROM meta WHERE key = 'prepaid'")
        conn.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
        conn.execute("UPDATE billing_account SET email = 'kept@example.com'")
        conn.execute("PRAGMA user_version = 5")
        conn.commit()

    store = open_store(path, TODAY, demo(large=False))
    with store.read() as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == USER_VERSION
        assert {r[0] for r in conn.execute("SELECT email FROM billing_account")} == {
            "kept@example.com"
        }
        assert conn.execute("SELECT count(*) FROM carrier_number").fetchone()[0] > 0
        assert conn.execute("SELECT count(*) FROM topup").fetchone()[0] > 0
        assert conn.execute("SELECT count(*) FROM bucket").fetchone()[0] > 0
        conn.execute("SELECT sender_customer_id FROM communication_message").fetchall()  # 7
    store.close()


def test_the_prepaid_demo_data_is_the_same_for_the_same_seed(tmp_path):
    def figures(name: str) -> list:
        store = open_store(tmp_path / name, TODAY, demo(large=False))
        with store.read() as conn:
            rows = conn.execute(
                "SELECT line.number, usage_type, month, amount FROM usage_month"
                " JOIN line ON line.id = usage_month.line_id ORDER BY 1, 2, 3"
            ).fetchall()
            topups = conn.execute(
                "SELECT number, amount, confirmation_date FROM topup ORDER BY seq"
            ).fetchall()
        store.close()
        return [tuple(r) for r in rows] + [tuple(t) for t in topups]

    assert figures("a.sqlite3") == figures("b.sqlite3")
