"""The kiosk's schema: a sandbox database of schema 4 (before roles and shifts) is migrated in
place and gets the demo staff; one of a newer schema is refused in one line."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing

import pytest

from miclaro_tui.sandbox.dbfile import DatabaseRefused
from miclaro_tui.sandbox.schema import USER_VERSION
from miclaro_tui.sandbox.seeding import demo
from miclaro_tui.sandbox.store import open_store
from tests.conftest import TODAY
from tests.sandbox.old_schemas import as_schema_4


def test_a_schema_4_database_is_migrated_with_the_staff(seeded_db_template, tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(seeded_db_template, path)
    as_schema_4(path)
    store = open_store(path, TODAY, demo(large=False))
    with store.read() as conn:
        roles = dict(conn.execute("SELECT username, role FROM customer").fetchall())
        assert conn.execute("PRAGMA user_version").fetchone()[0] == USER_VERSION
        assert conn.execute("SELECT count(*) FROM kiosk_shift").fetchone()[0] == 0
        conn.execute("SELECT sender_customer_id FROM communication_message").fetchall()
    assert roles["camila"] == "customer"
    assert roles["cajero"] == "operator" and roles["supervisora"] == "supervisor"


def test_a_newer_schema_is_refused_in_one_line(seeded_db_template, tmp_path):
    path = tmp_path / "newer.sqlite3"
    shutil.copyfile(seeded_db_template, path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA user_version = {USER_VERSION + 1}")
    with pytest.raises(DatabaseRefused) as refused:
        open_store(path, TODAY, demo(large=False))
    assert "\n" not in str(refused.value) and "newer miclaro" in str(refused.value)
