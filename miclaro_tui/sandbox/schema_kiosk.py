"""The kiosk's tables (schema 5): a till's shifts, their cash counts and the voids of cash
payments; and the migration that adds them, with the staff roles and a cash payment's columns,
to a database of schema 4. Part of the sandbox's schema (``schema.SCHEMA``).
"""

from __future__ import annotations

KIOSK_TABLES = """
-- Kiosk mode (payment points): a till's shift, the cash counted at its open and close, and
-- the voids (TMF676 Refund) of cash payments taken in it. One open shift per operator and
-- per terminal.
CREATE TABLE kiosk_shift (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    operator_id INTEGER NOT NULL REFERENCES customer(id),
    terminal_id TEXT NOT NULL,
    state TEXT NOT NULL,                       -- open | closed
    opened_at TEXT NOT NULL,
    closed_at TEXT,
    country TEXT NOT NULL,
    currency TEXT NOT NULL,
    opening_float TEXT NOT NULL,
    counted_cash TEXT,
    expected_cash TEXT,
    closed_by INTEGER REFERENCES customer(id)
);
CREATE UNIQUE INDEX kiosk_shift_open_operator ON kiosk_shift(operator_id) WHERE state = 'open';
CREATE UNIQUE INDEX kiosk_shift_open_terminal ON kiosk_shift(terminal_id) WHERE state = 'open';

CREATE TABLE kiosk_count (
    shift_id TEXT NOT NULL REFERENCES kiosk_shift(id),
    stage TEXT NOT NULL,                       -- open | close
    value TEXT NOT NULL,                       -- face value, decimal
    count INTEGER NOT NULL,
    PRIMARY KEY (shift_id, stage, value)
);

CREATE TABLE refund (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    payment_id TEXT NOT NULL UNIQUE REFERENCES payment(id),
    shift_id TEXT NOT NULL REFERENCES kiosk_shift(id),
    operator_id INTEGER NOT NULL REFERENCES customer(id),
    approved_by INTEGER REFERENCES customer(id),
    currency TEXT NOT NULL,
    amount TEXT NOT NULL,
    reason TEXT NOT NULL,
    refund_date TEXT NOT NULL,
    receipt_no TEXT NOT NULL UNIQUE
);
CREATE INDEX refund_shift ON refund(shift_id);
"""

KIOSK_MIGRATION = (
    """
ALTER TABLE customer ADD COLUMN role TEXT NOT NULL DEFAULT 'customer';
ALTER TABLE payment ADD COLUMN operator_id INTEGER REFERENCES customer(id);
ALTER TABLE payment ADD COLUMN shift_id TEXT;
ALTER TABLE payment ADD COLUMN terminal_id TEXT;
ALTER TABLE payment ADD COLUMN cash_received TEXT;
ALTER TABLE payment ADD COLUMN change_given TEXT;
ALTER TABLE payment ADD COLUMN refund_id TEXT;
CREATE INDEX payment_operator ON payment(operator_id, correlator_id);
CREATE INDEX payment_shift ON payment(shift_id);
"""
    + KIOSK_TABLES
    + """
UPDATE meta SET value = '5' WHERE key = 'schema_version';
"""
)
