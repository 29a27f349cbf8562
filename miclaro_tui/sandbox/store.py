"""The sandbox's SQLite database: schema, connections and transactions.

Every call opens its own short-lived connection, so the store is safe from FastAPI's
threadpool, from several uvicorn requests at once and from several processes (WAL mode).
Writes run in ``BEGIN IMMEDIATE`` transactions so a read-modify-write never interleaves.
Amounts are stored as decimal strings and dates as ISO strings: never floats.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path

log = logging.getLogger(__name__)

SCHEMA_VERSION = "2"

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
    password_hash BLOB NOT NULL,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until REAL                          -- unix time
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
    prepaid_balance TEXT,                      -- decimal, prepaid accounts only
    credit_balance TEXT NOT NULL DEFAULT '0'   -- overpayments with no newer bill to take them
);
CREATE INDEX billing_account_customer ON billing_account(customer_id);

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
    remaining_amount TEXT NOT NULL,
    tax_excluded_amount TEXT NOT NULL,
    tax_included_amount TEXT NOT NULL,
    cash_code TEXT NOT NULL,
    barcode TEXT NOT NULL,
    pix_code TEXT,
    last_update TEXT NOT NULL
);
CREATE INDEX bill_account_date ON bill(account_id, bill_date DESC);

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

-- Idempotency-Key: claimed (state inFlight) in its own transaction before the work, then the
-- first answer, replayed byte for byte for the same key and body.
CREATE TABLE idempotency_key (
    customer_id INTEGER NOT NULL REFERENCES customer(id),
    key TEXT NOT NULL,
    operation TEXT NOT NULL,
    digest TEXT NOT NULL,                      -- sha256 of the canonical request body
    state TEXT NOT NULL,                       -- inFlight | done
    status_code INTEGER,
    response BLOB,
    PRIMARY KEY (customer_id, key)
);

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


class Store:
    """The database at ``path``. Cheap to copy around: it holds only the path."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        return conn

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A connection for reads; its statements see one consistent snapshot."""
        with closing(self._connect()) as conn:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("ROLLBACK")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, taken up front so concurrent writers queue instead of failing."""
        with closing(self._connect()) as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def meta(self, key: str) -> str | None:
        with self.read() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None


def next_sequence(conn: sqlite3.Connection) -> int:
    """The next number of the database's one counter (payment ids, receipts, timestamps).

    Call it inside a write transaction."""
    conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('sequence', '0')")
    conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'sequence'")
    return int(conn.execute("SELECT value FROM meta WHERE key = 'sequence'").fetchone()[0])


def open_store(db_path: Path, today: date, seed: int = 2026) -> Store:
    """Open the sandbox database, creating and seeding it when it is new.

    A database from another schema version holds demo data only, so it is rebuilt rather
    than migrated.
    """
    from miclaro_tui.sandbox.seed import seed_database

    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    store = Store(db_path)
    with closing(store._connect()) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
    # Checked inside the write transaction: two processes opening a new file seed it once.
    with store.transaction() as conn:
        version = _schema_version(conn)
        if version is None:
            for statement in _statements(SCHEMA):
                conn.execute(statement)
            seed_database(conn, today=today, seed=seed)
            conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)",
                [
                    ("schema_version", SCHEMA_VERSION),
                    ("seed", str(seed)),
                    ("today", today.isoformat()),
                ],
            )
            return store
    if version == SCHEMA_VERSION:
        return store
    log.warning("sandbox database %s has schema %s: rebuilding it", db_path, version)
    delete_database(db_path)
    return open_store(db_path, today, seed)


def delete_database(db_path: Path) -> None:
    """Remove the database file and its WAL companions."""
    db_path = Path(db_path)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def _statements(script: str) -> list[str]:
    # executescript() would COMMIT the open transaction; run the DDL statement by statement.
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _schema_version(conn: sqlite3.Connection) -> str | None:
    """None for an empty database, "" for one that is not ours or half made."""
    tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    if not tables:
        return None
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.OperationalError:
        return ""
    return row["value"] if row else ""
