"""The sandbox's SQLite database: connections, transactions and storage faults.

Connections are pooled (each used by one request at a time), so the store is safe from
FastAPI's threadpool, from several uvicorn requests at once and from several processes (WAL
mode). Writes run in ``BEGIN IMMEDIATE`` transactions so a read-modify-write never
interleaves. The tables are in ``schema``; what fills a new database is given (``Seeding``).

The file carries our mark (``PRAGMA application_id`` and ``user_version``); ``open_store``
refuses a file that is not ours and never deletes or changes it (``dbfile``). While serving,
a storage fault (the file deleted, replaced, read-only, an I/O error) raises
``StorageUnavailable``, answered 503; the next request tries the file again, so service comes
back by itself when the file does.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Protocol

from miclaro_tui.sandbox.schema import (
    APPLICATION_ID,
    SCHEMA,
    SCHEMA_VERSION,
    USER_VERSION,
    statements,
)

log = logging.getLogger(__name__)


class StorageUnavailable(Exception):
    """The database cannot be used right now; the message says why, in one line."""


# Primary SQLite result codes that mean the storage, not the query, is at fault.
_STORAGE_CODES = frozenset(
    {
        3,  # PERM
        5,  # BUSY (still locked after the busy timeout)
        6,  # LOCKED
        8,  # READONLY
        10,  # IOERR
        11,  # CORRUPT
        13,  # FULL
        14,  # CANTOPEN
        15,  # PROTOCOL
        26,  # NOTADB
    }
)


def is_storage_fault(exc: BaseException) -> bool:
    if isinstance(exc, StorageUnavailable):
        return True
    if not isinstance(exc, sqlite3.Error):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _STORAGE_CODES


def unavailable(exc: sqlite3.Error) -> StorageUnavailable:
    name = getattr(exc, "sqlite_errorname", "") or type(exc).__name__
    return StorageUnavailable(f"the database cannot be used ({name}: {exc})")


class Store:
    """The database at ``path``, with a small pool of connections to it.

    A connection is only reused while the file is the one it was opened on (same inode): a
    file deleted or replaced under the server is noticed by the next request.
    """

    def __init__(self, path: Path, *, pool_size: int = 16) -> None:
        self.path = Path(path)
        self._uri = self.path.resolve().as_uri() + "?mode=rw"
        self._pool_size = pool_size
        self._lock = threading.Lock()
        self._idle: list[sqlite3.Connection] = []
        self._file_id: tuple[int, int] | None = None

    def _connect(self) -> sqlite3.Connection:
        # mode=rw: never creates the file, so a deleted database is not silently replaced.
        conn = sqlite3.connect(
            self._uri, uri=True, timeout=10, isolation_level=None, check_same_thread=False
        )
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            mark = conn.execute("PRAGMA application_id").fetchone()[0]
        except BaseException:
            conn.close()
            raise
        if mark != APPLICATION_ID:
            conn.close()
            raise StorageUnavailable("the database file is not the sandbox's (no miclaro mark)")
        return conn

    def _current_file(self) -> tuple[int, int]:
        try:
            stat = os.stat(self.path)
        except OSError as exc:
            self.close()
            raise StorageUnavailable(
                f"the database file cannot be found ({exc.strerror or exc})"
            ) from None
        return stat.st_dev, stat.st_ino

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """A pooled connection; storage faults come out as ``StorageUnavailable``."""
        file_id = self._current_file()
        stale: list[sqlite3.Connection] = []
        conn = None
        with self._lock:
            if file_id != self._file_id:
                stale, self._idle, self._file_id = self._idle, [], file_id
            elif self._idle:
                conn = self._idle.pop()
        for old in stale:
            old.close()
        try:
            if conn is None:
                conn = self._connect()
        except sqlite3.Error as exc:
            if is_storage_fault(exc):
                raise unavailable(exc) from exc
            raise
        keep = False
        try:
            yield conn
            keep = True
        except sqlite3.Error as exc:
            if is_storage_fault(exc):
                raise unavailable(exc) from exc
            raise
        except Exception:
            keep = True  # an answer (404, 422...) raised by the caller: the connection is fine
            raise
        finally:
            self._check_in(conn, file_id, keep)

    def _check_in(self, conn: sqlite3.Connection, file_id: tuple[int, int], keep: bool) -> None:
        if keep and not conn.in_transaction:
            with self._lock:
                if file_id == self._file_id and len(self._idle) < self._pool_size:
                    self._idle.append(conn)
                    return
        conn.close()

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A connection for reads; its statements see one consistent snapshot."""
        with self.connection() as conn:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                _end(conn, "ROLLBACK")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, taken up front so concurrent writers queue instead of failing."""
        with self.connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                _end(conn, "ROLLBACK")
                raise
            conn.execute("COMMIT")

    def meta(self, key: str) -> str | None:
        with self.read() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def check(self) -> None:
        """Raise ``StorageUnavailable`` unless the database can be read and written now."""
        with self.connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
                # A write rolled back: refused at once on a read-only file, and never written.
                conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('health', 'ok')")
            finally:
                _end(conn, "ROLLBACK")

    def close(self) -> None:
        """Close the idle connections (a copy of the file is then complete without its WAL)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


def _end(conn: sqlite3.Connection, statement: str) -> None:
    """End the transaction if SQLite has not already (it rolls back by itself on some faults)."""
    if conn.in_transaction:
        conn.execute(statement)


def next_sequence(conn: sqlite3.Connection) -> int:
    """The next number of the database's one counter (payment, report and promise ids, receipts).

    Call it inside a write transaction."""
    conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('sequence', '0')")
    conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'sequence'")
    return int(conn.execute("SELECT value FROM meta WHERE key = 'sequence'").fetchone()[0])


class Seeding(Protocol):
    """What fills a sandbox database. The store knows no data of its own: the app and the
    command line give it one (``seeding.DemoSeeding``: the demo customers)."""

    def create(self, conn: sqlite3.Connection, today: date) -> None:
        """Fill the new, empty schema (inside the transaction that created it)."""

    def update(self, conn: sqlite3.Connection) -> None:
        """Add what an existing database lacks (each time it is opened, in a transaction)."""


def open_store(db_path: Path, today: date, seed: Seeding, *, create_folder: bool = True) -> Store:
    """Open the sandbox database, creating it and filling it with ``seed`` when it is new or
    empty; ``seed.update`` then runs on it, new or not.

    Raises ``dbfile.DatabaseRefused`` (one line, nothing touched) for a path that cannot be
    used or a file that is not ours; an older schema of ours is migrated when it can be.
    """
    from miclaro_tui.sandbox import dbfile

    db_path = Path(db_path)
    dbfile.prepare(db_path, today, seed, create_folder=create_folder)
    store = Store(db_path)
    try:
        with store.transaction() as conn:
            seed.update(conn)
    except (StorageUnavailable, sqlite3.Error) as exc:
        raise dbfile.DatabaseRefused(f"{db_path}: {exc}") from None
    return store


def create_schema(conn: sqlite3.Connection, today: date, seed: Seeding) -> None:
    """Create and fill a new database (inside the caller's write transaction) and mark it."""
    for statement in statements(SCHEMA):
        conn.execute(statement)
    seed.create(conn, today)
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [("schema_version", SCHEMA_VERSION), ("today", today.isoformat())],
    )
    mark(conn)


def seeded_day(conn: sqlite3.Connection) -> date:
    """The "today" the database was created and seeded for."""
    return date.fromisoformat(
        conn.execute("SELECT value FROM meta WHERE key = 'today'").fetchone()[0]
    )


def mark(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {USER_VERSION}")


def delete_database(db_path: Path) -> None:
    """Remove the database file and its WAL companions (callers check it is ours first)."""
    db_path = Path(db_path)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
