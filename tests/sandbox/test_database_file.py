"""The database file at start-up: ours is marked, another program's is never touched, a path
that cannot be used is refused in one line with exit status 2, an older schema of ours is
migrated or refused with the command that starts it anew."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import uvicorn

from miclaro_tui.sandbox import cli, dbfile
from miclaro_tui.sandbox.dbfile import DatabaseRefused
from miclaro_tui.sandbox.schema import APPLICATION_ID, SCHEMA_VERSION, USER_VERSION
from miclaro_tui.sandbox.seeding import DemoSeeding
from miclaro_tui.sandbox.store import Store, open_store
from tests.conftest import TODAY
from tests.sandbox.old_schemas import as_schema_4

DEMO = DemoSeeding()


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file of the folder and a digest of its bytes."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


def foreign_database(path: Path, application_id: int = 0) -> Path:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE invoice (id INTEGER PRIMARY KEY, total TEXT)")
        conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")  # a name we use too
        conn.execute("INSERT INTO invoice (total) VALUES ('12.50')")
        if application_id:
            conn.execute(f"PRAGMA application_id = {application_id}")
        conn.commit()
    return path


def refused_by_cli(capsys, action, path: Path) -> str:
    """Run ``serve`` or ``reset`` on ``path``: it must exit 2 with one line on stderr."""
    with pytest.raises(SystemExit) as exit_info:
        if action == "serve":
            cli.serve(db_path=path, today=TODAY)
        else:
            cli.reset(db_path=path, today=TODAY)
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("miclaro sandbox: "), captured.err
    assert "Traceback" not in captured.err
    return lines[0]


@pytest.fixture(autouse=True)
def no_server(monkeypatch):
    def run(app, **kwargs):
        raise AssertionError("uvicorn must not start on a refused database")

    monkeypatch.setattr(uvicorn, "run", run)


def test_a_new_database_carries_our_mark(tmp_path):
    path = tmp_path / "new.sqlite3"
    open_store(path, TODAY, DEMO).close()
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == USER_VERSION


@pytest.mark.parametrize("action", ["serve", "reset"])
@pytest.mark.parametrize("application_id", [0, 0x1234ABCD])
def test_another_programs_database_is_never_touched(tmp_path, capsys, action, application_id):
    path = foreign_database(tmp_path / "theirs.db", application_id)
    before = fingerprint(tmp_path)
    line = refused_by_cli(capsys, action, path)
    assert "another program's SQLite database" in line and str(path) in line
    assert fingerprint(tmp_path) == before  # not a byte changed, no -wal or -shm left beside
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT total FROM invoice").fetchall() == [("12.50",)]


@pytest.mark.parametrize("action", ["serve", "reset"])
def test_a_file_that_is_not_sqlite_is_never_touched(tmp_path, capsys, action):
    path = tmp_path / "notes.txt"
    path.write_text("shopping list\n" * 100)
    before = fingerprint(tmp_path)
    assert "is not a SQLite database" in refused_by_cli(capsys, action, path)
    assert fingerprint(tmp_path) == before


@pytest.mark.parametrize("action", ["serve", "reset"])
def test_a_folder_given_as_the_file(tmp_path, capsys, action):
    line = refused_by_cli(capsys, action, tmp_path)
    assert "is a folder" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("action", ["serve", "reset"])
def test_a_missing_folder(tmp_path, capsys, action):
    line = refused_by_cli(capsys, action, tmp_path / "nowhere" / "sandbox.sqlite3")
    assert "does not exist" in line
    assert not (tmp_path / "nowhere").exists()


def test_a_file_where_the_folder_should_be(tmp_path, capsys):
    (tmp_path / "plain").write_text("x")
    assert "is not a folder" in refused_by_cli(capsys, "serve", tmp_path / "plain" / "db.sqlite3")


def test_a_read_only_folder(tmp_path, capsys, monkeypatch):
    # Tests may run as root, for whom permission bits do not stop a write: ask os.access.
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda path, mode: Path(path) != tmp_path and real_access(path, mode)
    )
    assert "is read-only" in refused_by_cli(capsys, "serve", tmp_path / "sandbox.sqlite3")
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_file(tmp_path, capsys, monkeypatch):
    path = tmp_path / "sandbox.sqlite3"
    open_store(path, TODAY, DEMO).close()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda target, mode: Path(target) != path and real_access(target, mode)
    )
    assert "read-only" in refused_by_cli(capsys, "serve", path)


def test_a_database_sqlite_cannot_open_is_one_line(tmp_path, capsys, monkeypatch):
    # What a folder root cannot write to (chattr +i, a read-only mount) looks like to SQLite.
    def cannot_open(*args, **kwargs):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(dbfile.sqlite3, "connect", cannot_open)
    line = refused_by_cli(capsys, "serve", tmp_path / "sandbox.sqlite3")
    assert "unable to open database file" in line


def test_an_empty_file_is_seeded(tmp_path):
    path = tmp_path / "empty.sqlite3"
    path.touch()
    store = open_store(path, TODAY, DEMO)
    assert store.meta("schema_version") == SCHEMA_VERSION
    store.close()


def mark_as_schema_3(path: Path) -> None:
    """What the previous release left: no mark, schema 3 in the meta table."""
    as_schema_4(path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA application_id = 0")
        conn.execute("PRAGMA user_version = 0")
        conn.execute("DROP TABLE sign_in_failure")
        conn.execute("ALTER TABLE idempotency_key DROP COLUMN owner")
        conn.execute("ALTER TABLE idempotency_key DROP COLUMN claimed_at")
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
        conn.execute("UPDATE billing_account SET email = 'kept@example.com'")
        conn.commit()


def test_schema_3_of_ours_is_migrated_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.sqlite3"
    open_store(path, TODAY, DEMO).close()
    mark_as_schema_3(path)
    store = open_store(path, TODAY, DEMO)
    assert store.meta("schema_version") == SCHEMA_VERSION
    with store.read() as conn:
        assert {row[0] for row in conn.execute("SELECT email FROM billing_account")} == {
            "kept@example.com"
        }
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == USER_VERSION
        conn.execute("SELECT owner, claimed_at FROM idempotency_key").fetchall()
        conn.execute("SELECT login FROM sign_in_failure").fetchall()
        conn.execute("SELECT sender_customer_id FROM communication_message").fetchall()
    store.close()


def test_an_older_schema_is_refused_with_the_reset_command_then_reset(tmp_path, capsys):
    path = tmp_path / "older.sqlite3"
    open_store(path, TODAY, DEMO).close()
    mark_as_schema_3(path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
        conn.commit()
    before = fingerprint(tmp_path)
    line = refused_by_cli(capsys, "serve", path)
    assert "old sandbox schema (2)" in line and f"miclaro sandbox reset --db {path}" in line
    assert fingerprint(tmp_path) == before

    cli.reset(db_path=path, today=TODAY)  # ours, so reset may delete it
    assert "reset" in capsys.readouterr().out
    assert Store(path).meta("schema_version") == SCHEMA_VERSION


def test_a_newer_schema_of_ours_is_refused(tmp_path, capsys):
    path = tmp_path / "newer.sqlite3"
    open_store(path, TODAY, DEMO).close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA user_version = 99")
    before = fingerprint(tmp_path)
    assert "newer miclaro (schema 99" in refused_by_cli(capsys, "serve", path)
    assert fingerprint(tmp_path) == before


def test_refusals_raise_from_create_app_too(tmp_path):
    from miclaro_tui.sandbox.app import create_app

    path = foreign_database(tmp_path / "theirs.db")
    with pytest.raises(DatabaseRefused, match="another program's"):
        create_app(path, TODAY)
