"""The database file at start-up: is the path usable, is the file ours, which schema is it.

A sandbox never destroys data it did not create. Before SQLite writes a byte, the path is
checked (a folder, a missing or read-only folder, a read-only file) and an existing file is
read without changing it: its first bytes (a SQLite database at all?), then read-only, its
``application_id`` and ``user_version``. A file that is not ours is refused with a one-line
``DatabaseRefused`` and left exactly as it was. Ours from an older schema is migrated when a
migration exists (``MIGRATIONS``), otherwise refused with the command that starts it anew.

Before the mark existed (schema 3 and older) our files had a ``meta`` table with the key
``schema_version``: such a file is recognised as ours too.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from miclaro_tui.sandbox.schema import APPLICATION_ID, USER_VERSION, statements
from miclaro_tui.sandbox.schema_kiosk import KIOSK_MIGRATION
from miclaro_tui.sandbox.schema_prepaid import PREPAID_MIGRATION, SMS_SENDER_MIGRATION
from miclaro_tui.sandbox.store import Seeding, create_schema, delete_database, mark

SQLITE_HEADER = b"SQLite format 3\x00"
OUR_TABLES = frozenset({"meta", "customer", "billing_account", "bill"})

# Per schema version: the statements that bring a database of that version to the next one.
MIGRATIONS: dict[int, str] = {
    3: """
        ALTER TABLE idempotency_key ADD COLUMN owner TEXT;
        ALTER TABLE idempotency_key ADD COLUMN claimed_at REAL;
        CREATE TABLE sign_in_failure (
            login TEXT PRIMARY KEY,
            failures INTEGER NOT NULL,
            last_failure REAL NOT NULL,
            locked_until REAL
        );
        CREATE INDEX sign_in_failure_time ON sign_in_failure(last_failure);
        UPDATE meta SET value = '4' WHERE key = 'schema_version';
    """,
    4: KIOSK_MIGRATION,  # kiosk mode: roles, shifts, counts, voids
    # Prepaid lines; their demo data is added when the database is opened (seed_prepaid).
    5: PREPAID_MIGRATION,
    6: SMS_SENDER_MIGRATION,  # who caused each SMS; older ones: nobody known, the owner's only
}


class DatabaseRefused(Exception):
    """The database path or file cannot be used; the message is one line for the operator."""


@dataclass(frozen=True)
class Found:
    """What is at the path: nothing usable yet (``new``), or a database of ours."""

    new: bool
    version: int | None = None


def check_location(path: Path, *, create_folder: bool = False) -> None:
    """Refuse, in one line, a path the sandbox cannot keep a database at."""
    folder = path.parent
    if path.is_dir():
        raise DatabaseRefused(
            f"{path} is a folder; give a file name for the database,"
            f" e.g. {path / 'sandbox.sqlite3'}"
        )
    if not folder.exists():
        if not create_folder:
            raise DatabaseRefused(f"the folder {folder} does not exist; create it first")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseRefused(f"cannot create the folder {folder}: {_reason(exc)}") from None
    if not folder.is_dir():
        raise DatabaseRefused(f"{folder} is not a folder, so {path.name} cannot be kept in it")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseRefused(
            f"the folder {folder} is read-only: the database keeps its journal files beside it"
        )
    if path.exists():
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise DatabaseRefused(f"{path} is not a regular file")
        if not os.access(path, os.R_OK | os.W_OK):
            raise DatabaseRefused(f"{path} is read-only (or unreadable): the sandbox writes to it")


def inspect(path: Path) -> Found:
    """Look at the file without changing it; refuse one that is not ours."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return Found(new=True)
    wal = Path(f"{path}-wal")
    wal_size = wal.stat().st_size if wal.exists() else 0
    if size == 0 and wal_size == 0:
        return Found(new=True)
    header = b""
    if size:
        with path.open("rb") as file:
            header = file.read(100)
        if not header.startswith(SQLITE_HEADER):
            raise DatabaseRefused(f"{path} is not a SQLite database; it is left as it is")
    uri = path.resolve().as_uri() + "?mode=ro"
    if wal_size == 0 and (len(header) < 19 or header[18] == 2):
        # A WAL database with nothing in its WAL: the file alone is the whole database, and
        # immutable keeps SQLite from creating -wal and -shm files beside another's file.
        uri += "&immutable=1"
    with closing(sqlite3.connect(uri, uri=True, isolation_level=None)) as conn:
        return _identify(conn, path)


def _identify(conn: sqlite3.Connection, path: Path) -> Found:
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    user_version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if application_id == APPLICATION_ID:
        return Found(new=False, version=user_version)
    if application_id == 0 and not tables:
        return Found(new=True)  # an empty SQLite file: nothing to lose
    if application_id == 0 and OUR_TABLES <= tables:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is not None and str(row[0]).isdigit() and int(row[0]) < USER_VERSION:
            return Found(new=False, version=int(row[0]))
    owner = f"application_id {application_id:#x}" if application_id else "no miclaro mark"
    raise DatabaseRefused(
        f"{path} is another program's SQLite database ({owner}); it is left as it is:"
        " choose another --db file"
    )


def refuse_version(path: Path, version: int | None) -> DatabaseRefused:
    if version is not None and version > USER_VERSION:
        return DatabaseRefused(
            f"{path} was made by a newer miclaro (schema {version}; this one reads"
            f" {USER_VERSION}): upgrade miclaro, or run `miclaro sandbox reset --db {path}`"
        )
    return DatabaseRefused(
        f"{path} has an old sandbox schema ({version}) that cannot be migrated:"
        f" run `miclaro sandbox reset --db {path}` to seed it anew"
    )


def prepare(path: Path, today: date, seed: Seeding, *, create_folder: bool = False) -> None:
    """Make the file at ``path`` a current sandbox database, or refuse without touching it."""
    try:
        check_location(path, create_folder=create_folder)
        found = inspect(path)
        if not found.new:
            _check_migratable(path, found.version)
        _create_or_migrate(path, today, seed)
    except DatabaseRefused:
        raise
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseRefused(f"cannot use {path}: {_reason(exc)}") from None


def reset(path: Path, today: date, seed: Seeding, *, create_folder: bool = False) -> None:
    """Delete our database at ``path`` (any schema of ours) and seed a new one."""
    try:
        check_location(path, create_folder=create_folder)
        inspect(path)  # refuses another program's file before anything is deleted
        delete_database(path)
    except DatabaseRefused:
        raise
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseRefused(f"cannot use {path}: {_reason(exc)}") from None
    prepare(path, today, seed, create_folder=create_folder)


def _check_migratable(path: Path, version: int | None) -> None:
    if version == USER_VERSION:
        return
    if version is None or version > USER_VERSION:
        raise refuse_version(path, version)
    for step in range(version, USER_VERSION):
        if step not in MIGRATIONS:
            raise refuse_version(path, version)


def _create_or_migrate(path: Path, today: date, seed: Seeding) -> None:
    uri = path.resolve().as_uri() + "?mode=rwc"
    with closing(sqlite3.connect(uri, uri=True, timeout=10, isolation_level=None)) as conn:
        # Decided again inside the write transaction: two processes opening a new file at
        # once seed it once, and a file that became another's meanwhile is left alone.
        conn.execute("BEGIN IMMEDIATE")
        try:
            found = _identify(conn, path)
            if found.new:
                create_schema(conn, today, seed)
            elif found.version != USER_VERSION:
                _check_migratable(path, found.version)
                _migrate(conn, found.version or 0)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")  # only once the file is known to be ours


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    for step in range(version, USER_VERSION):
        for statement in statements(MIGRATIONS[step]):
            conn.execute(statement)
    mark(conn)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__
