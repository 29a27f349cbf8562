"""The sandbox's SQLite database: schema, connections and transactions.

Connections are pooled (each used by one request at a time), so the store is safe from
FastAPI's threadpool, from several uvicorn requests at once and from several processes (WAL
mode). Writes run in ``BEGIN IMMEDIATE`` transactions so a read-modify-write never
interleaves. Amounts are stored as decimal strings and dates as ISO strings: never floats.

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

log = logging.getLogger(__name__)

SCHEMA_VERSION = "4"
USER_VERSION = int(SCHEMA_VERSION)
APPLICATION_ID = 0x4D434C52  # "MCLR": PRAGMA application_id of every sandbox database
LARGE_ENV = "MICLARO_SANDBOX_LARGE"
DEFAULT_SEED = 2026

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE customer (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    document_type TEXT NOT NULL,
    document_number TEXT NOT NULL,
    document_key TEXT NOT NULL UNIQUE,        -- letters and digits only, for sign-in
    email TEXT NOT NULL,
    password_salt BLOB NOT NULL,
    password_hash BLOB NOT NULL
);

CREATE TABLE billing_account (
    id TEXT PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer(id),
    name TEXT NOT NULL,
    account_type TEXT NOT NULL,
    state TEXT NOT NULL,
    country TEXT NOT NULL,
    currency TEXT NOT NULL,
    email TEXT,
    paperless INTEGER NOT NULL DEFAULT 0,
    prepaid_balance TEXT                       -- decimal, prepaid accounts only
);
CREATE INDEX billing_account_customer ON billing_account(customer_id, account_type, id);

CREATE TABLE line (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES billing_account(id),
    number TEXT NOT NULL,                      -- E.164
    e164_digits TEXT NOT NULL UNIQUE,
    national_digits TEXT NOT NULL,
    line_type TEXT NOT NULL,
    plan_name TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE INDEX line_account ON line(account_id);
CREATE INDEX line_national ON line(national_digits);

CREATE TABLE bill (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES billing_account(id),
    bill_no TEXT NOT NULL UNIQUE,
    bill_date TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    payment_due_date TEXT NOT NULL,
    cut_off_date TEXT NOT NULL,
    next_bill_date TEXT,
    state TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount_due TEXT NOT NULL,
    remaining_amount TEXT NOT NULL,            -- amount_due - sum(applied_payment.amount)
    tax_excluded_amount TEXT NOT NULL,
    tax_included_amount TEXT NOT NULL,
    cash_code TEXT NOT NULL,
    barcode TEXT NOT NULL,
    pix_code TEXT,
    last_update TEXT NOT NULL
);
-- For the list's sorts, filters and counts on accounts with thousands of bills.
CREATE INDEX bill_account_date ON bill(account_id, bill_date, id);
CREATE INDEX bill_account_due ON bill(account_id, payment_due_date, bill_date, id);
CREATE INDEX bill_account_state_date ON bill(account_id, state, bill_date, id);
CREATE INDEX bill_account_state_due ON bill(account_id, state, payment_due_date, bill_date, id);

CREATE TABLE bill_tax (
    bill_id TEXT NOT NULL REFERENCES bill(id),
    position INTEGER NOT NULL,
    category TEXT NOT NULL,
    rate TEXT NOT NULL,
    amount TEXT NOT NULL,
    PRIMARY KEY (bill_id, position)
);

CREATE TABLE bill_rate (
    id TEXT PRIMARY KEY,
    bill_id TEXT NOT NULL REFERENCES bill(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    type TEXT NOT NULL,
    date TEXT NOT NULL,
    period_start TEXT,
    period_end TEXT,
    tax_excluded_amount TEXT NOT NULL,
    tax_included_amount TEXT NOT NULL
);
CREATE INDEX bill_rate_bill ON bill_rate(bill_id, position);

CREATE TABLE bill_rate_tax (
    rate_id TEXT NOT NULL REFERENCES bill_rate(id),
    position INTEGER NOT NULL,
    category TEXT NOT NULL,
    rate TEXT NOT NULL,
    amount TEXT NOT NULL,
    PRIMARY KEY (rate_id, position)
);

CREATE TABLE session (
    id TEXT PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer(id),
    created_at REAL NOT NULL
);

CREATE TABLE token (
    hash TEXT PRIMARY KEY,                     -- sha256: the token itself is never stored
    session_id TEXT NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                        -- access | refresh
    expires_at REAL NOT NULL,
    used INTEGER NOT NULL DEFAULT 0            -- a rotated refresh token
);
CREATE INDEX token_session ON token(session_id);

CREATE TABLE bill_send (
    id INTEGER PRIMARY KEY,
    bill_id TEXT NOT NULL REFERENCES bill(id),
    email TEXT NOT NULL,
    requested_at REAL NOT NULL
);

-- A tokenised card: never the number or the CVV, only what a receipt may show and the
-- sandbox outcome class (approve, insufficientFunds, ...) read from the number once.
CREATE TABLE card_token (
    id TEXT PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer(id),
    brand TEXT NOT NULL,
    card_type TEXT NOT NULL,
    last_four TEXT NOT NULL,
    expiration TEXT NOT NULL,                  -- MM/YYYY
    holder TEXT NOT NULL,
    outcome TEXT NOT NULL
);

CREATE TABLE payment (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,               -- creation order
    customer_id INTEGER NOT NULL REFERENCES customer(id),
    account_id TEXT NOT NULL REFERENCES billing_account(id),
    correlator_id TEXT NOT NULL,
    status TEXT NOT NULL,
    status_date TEXT NOT NULL,
    status_reason TEXT,
    payment_date TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount TEXT NOT NULL,
    method_type TEXT NOT NULL,                 -- tokenizedCard, bankAccountTransfer, cash
    brand TEXT,
    last_four TEXT,
    bank_name TEXT,
    method_description TEXT,
    card_token TEXT REFERENCES card_token(id),
    pending_outcome TEXT,                      -- what a pending payment becomes: done | denied
    polls INTEGER NOT NULL DEFAULT 0,          -- GETs while pending
    channel_id TEXT,
    channel_name TEXT,
    authorization_code TEXT,
    receipt_no TEXT UNIQUE,
    authorization_url TEXT
);
CREATE INDEX payment_customer ON payment(customer_id, payment_date DESC, seq DESC);
CREATE INDEX payment_correlator ON payment(customer_id, correlator_id);

CREATE TABLE payment_item (
    payment_id TEXT NOT NULL REFERENCES payment(id),
    position INTEGER NOT NULL,
    bill_id TEXT NOT NULL REFERENCES bill(id),
    amount TEXT NOT NULL,
    PRIMARY KEY (payment_id, position)
);
CREATE INDEX payment_item_bill ON payment_item(bill_id);

-- TMF678 appliedPayment: money applied to a bill, by its payment or from credit (then
-- payment_id is the payment whose excess made the credit). Issued bills never change.
CREATE TABLE applied_payment (
    id INTEGER PRIMARY KEY,                    -- application order
    bill_id TEXT NOT NULL REFERENCES bill(id),
    payment_id TEXT NOT NULL REFERENCES payment(id),
    amount TEXT NOT NULL,
    from_credit INTEGER NOT NULL DEFAULT 0,
    applied_at TEXT NOT NULL
);
CREATE INDEX applied_payment_bill ON applied_payment(bill_id, id);

-- The excess of a payment over what its bills still owed: the account's credit.
-- "unapplied" is what no bill has taken yet; the account's creditBalance is its sum.
CREATE TABLE credit (
    payment_id TEXT PRIMARY KEY REFERENCES payment(id),
    account_id TEXT NOT NULL REFERENCES billing_account(id),
    currency TEXT NOT NULL,
    amount TEXT NOT NULL,
    unapplied TEXT NOT NULL
);
CREATE INDEX credit_account ON credit(account_id);

-- Idempotency-Key: claimed (state inFlight) in its own transaction before the work, then the
-- first answer, replayed byte for byte for the same key and body. A claim is a lease: one
-- whose request died with its process can be taken over after LEASE_SECONDS (idempotency).
CREATE TABLE idempotency_key (
    customer_id INTEGER NOT NULL REFERENCES customer(id),
    key TEXT NOT NULL,
    operation TEXT NOT NULL,
    digest TEXT NOT NULL,                      -- sha256 of the canonical request body
    state TEXT NOT NULL,                       -- inFlight | done
    status_code INTEGER,
    response BLOB,
    owner TEXT,                                -- the lease holder (random, per attempt)
    claimed_at REAL,                           -- unix time the lease was taken
    PRIMARY KEY (customer_id, key)
);

-- Failed sign-ins per login: "customer:<id>" for a real one, "unknown:<sha256>" for a name
-- nobody has, counted and locked the same way so the answers do not tell them apart.
CREATE TABLE sign_in_failure (
    login TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure REAL NOT NULL,                -- unix time
    locked_until REAL
);
CREATE INDEX sign_in_failure_time ON sign_in_failure(last_failure);

CREATE TABLE payment_report (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    bill_id TEXT NOT NULL REFERENCES bill(id),
    currency TEXT NOT NULL,
    amount TEXT NOT NULL,
    payment_date TEXT NOT NULL,
    channel TEXT NOT NULL,
    reference TEXT NOT NULL,
    state TEXT NOT NULL,
    expected_posting_date TEXT NOT NULL
);
CREATE INDEX payment_report_bill ON payment_report(bill_id);

CREATE TABLE payment_promise (
    id TEXT PRIMARY KEY,
    bill_id TEXT NOT NULL UNIQUE REFERENCES bill(id),
    currency TEXT NOT NULL,
    amount TEXT NOT NULL,
    promised_date TEXT NOT NULL,
    created_date TEXT NOT NULL,
    state TEXT NOT NULL
);
"""


class StorageUnavailable(Exception):
    """The database cannot be used right now; the message says why, in one line."""


# Primary SQLite result codes that mean the storage, not the query, is at fault.
_STORAGE_CODES = frozenset({
    3,   # PERM
    5,   # BUSY (still locked after the busy timeout)
    6,   # LOCKED
    8,   # READONLY
    10,  # IOERR
    11,  # CORRUPT
    13,  # FULL
    14,  # CANTOPEN
    15,  # PROTOCOL
    26,  # NOTADB
})


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


def open_store(
    db_path: Path,
    today: date,
    seed: int = DEFAULT_SEED,
    *,
    large: bool = False,
    create_folder: bool = True,
) -> Store:
    """Open the sandbox database, creating and seeding it when it is new or empty.

    Raises ``dbfile.DatabaseRefused`` (one line, nothing touched) for a path that cannot be
    used or a file that is not ours; an older schema of ours is migrated when it can be.
    ``large`` adds the large business customer (``seed_large``) if the database lacks it.
    """
    from miclaro_tui.sandbox import dbfile

    db_path = Path(db_path)
    dbfile.prepare(db_path, today, seed, create_folder=create_folder)
    store = Store(db_path)
    if large:
        try:
            _add_large_customer(store)
        except (StorageUnavailable, sqlite3.Error) as exc:
            raise dbfile.DatabaseRefused(f"{db_path}: {exc}") from None
    return store


def create_schema(conn: sqlite3.Connection, today: date, seed: int) -> None:
    """Create and seed a new database (inside the caller's write transaction) and mark it."""
    from miclaro_tui.sandbox.seed import seed_database

    for statement in _statements(SCHEMA):
        conn.execute(statement)
    seed_database(conn, today=today, seed=seed)
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [("schema_version", SCHEMA_VERSION), ("seed", str(seed)), ("today", today.isoformat())],
    )
    mark(conn)


def mark(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {USER_VERSION}")


def _add_large_customer(store: Store) -> None:
    from miclaro_tui.sandbox.seed_large import seed_large

    with store.transaction() as conn:
        if conn.execute("SELECT 1 FROM meta WHERE key = 'large'").fetchone() is None:
            # Dated like the demo customers: from the day the database was seeded.
            seeded = conn.execute("SELECT value FROM meta WHERE key = 'today'").fetchone()[0]
            seed_large(conn, date.fromisoformat(seeded))
            conn.execute("INSERT INTO meta (key, value) VALUES ('large', '1')")


def large_requested(flag: bool | None = None) -> bool:
    """Whether to seed the large customer: the flag if given, else ``MICLARO_SANDBOX_LARGE``."""
    if flag is not None:
        return flag
    return os.environ.get(LARGE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def delete_database(db_path: Path) -> None:
    """Remove the database file and its WAL companions (callers check it is ours first)."""
    db_path = Path(db_path)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def statements(script: str) -> list[str]:
    # executescript() would COMMIT the open transaction; run the DDL statement by statement.
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


_statements = statements
