"""The prepaid tables (schema 6): carrier numbers, guests, buckets, usage, top-ups, transfers,
advances, the balance history and the SMS log (who caused each SMS: schema 7); and the
migrations from schema 5 and 6. Part of the sandbox's schema (``schema.SCHEMA``).
"""

from __future__ import annotations

# Prepaid lines (schema 6). IF NOT EXISTS: the same script creates them in a new database
# and adds them to an older one (dbfile's migration from 5).
_LINE_TABLES = """
-- The carrier's numbers that are not lines of a sandbox customer: receivers of top-ups and
-- transfers (prepaid, with a balance) and postpaid numbers (refused as receivers).
CREATE TABLE IF NOT EXISTS carrier_number (
    e164_digits TEXT PRIMARY KEY,
    number TEXT NOT NULL,
    country TEXT NOT NULL,
    line_type TEXT NOT NULL,                   -- prepaid | postpaid
    currency TEXT NOT NULL,
    balance TEXT                               -- decimal, prepaid only
);

-- A guest session's customer: one per number topped up without an account (no name, no
-- document: only the number).
CREATE TABLE IF NOT EXISTS guest (
    customer_id INTEGER PRIMARY KEY REFERENCES customer(id),
    number TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL REFERENCES billing_account(id)
);

-- TMF654 buckets of a prepaid line (its money is the account's prepaid_balance).
CREATE TABLE IF NOT EXISTS bucket (
    id TEXT PRIMARY KEY,
    line_id TEXT NOT NULL REFERENCES line(id),
    usage_type TEXT NOT NULL,                  -- monetary | data | voice | sms
    name TEXT NOT NULL,
    units TEXT NOT NULL,
    remaining TEXT NOT NULL,                   -- decimal (monetary: see prepaid_balance)
    initial TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT
);
CREATE INDEX IF NOT EXISTS bucket_line ON bucket(line_id);

-- TMF677: what a line used per calendar month.
CREATE TABLE IF NOT EXISTS usage_month (
    line_id TEXT NOT NULL REFERENCES line(id),
    usage_type TEXT NOT NULL,
    month TEXT NOT NULL,                       -- YYYY-MM-01
    amount TEXT NOT NULL,
    PRIMARY KEY (line_id, usage_type, month)
);

-- What a top-up payment pays: the number to credit (a payment has this or bill items).
CREATE TABLE IF NOT EXISTS payment_topup (
    payment_id TEXT PRIMARY KEY REFERENCES payment(id),
    number TEXT NOT NULL,
    amount TEXT NOT NULL
);

-- TMF654 TopupBalance: made once, when its payment is approved (UNIQUE: never twice).
CREATE TABLE IF NOT EXISTS topup (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    payment_id TEXT NOT NULL UNIQUE REFERENCES payment(id),
    number TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount TEXT NOT NULL,
    advance_repaid TEXT,
    requested_date TEXT NOT NULL,
    confirmation_date TEXT NOT NULL,
    receipt_no TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS topup_number ON topup(number, seq);

CREATE TABLE IF NOT EXISTS transfer (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    line_id TEXT NOT NULL REFERENCES line(id),
    receiver TEXT NOT NULL,                    -- E.164
    currency TEXT NOT NULL,
    amount TEXT,                               -- a money transfer
    pack_id TEXT,                              -- or a pack gift
    cost TEXT NOT NULL,
    cost_owner TEXT NOT NULL,
    total_debited TEXT NOT NULL,
    requested_date TEXT NOT NULL,
    receipt_no TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS advance (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    line_id TEXT NOT NULL REFERENCES line(id),
    currency TEXT NOT NULL,
    amount TEXT NOT NULL,
    fee TEXT NOT NULL,
    outstanding TEXT NOT NULL,                 -- amount + fee, less what top-ups repaid
    state TEXT NOT NULL,                       -- open | repaid
    created_date TEXT NOT NULL,
    repaid_date TEXT,
    receipt_no TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS advance_one_open ON advance(line_id) WHERE state = 'open';

-- TMF654 balanceActionHistory of a number: amounts signed (credits +, debits -).
CREATE TABLE IF NOT EXISTS balance_action (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    number TEXT NOT NULL,
    action_type TEXT NOT NULL,
    date TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount TEXT NOT NULL,
    counterparty TEXT,
    payment_id TEXT REFERENCES payment(id),
    receipt_no TEXT
);
CREATE INDEX IF NOT EXISTS balance_action_number ON balance_action(number, date, seq);
"""

# The SMS the carrier would send (the sandbox's communication log). The line's owner reads
# every message to it; another customer only those their own moves caused (schema 7).
_SMS_LOG = """
CREATE TABLE IF NOT EXISTS communication_message (
    id INTEGER PRIMARY KEY,
    receiver TEXT NOT NULL,
    content TEXT NOT NULL,
    sent_date TEXT NOT NULL,
    -- whose top-up or transfer caused it; NULL: not known (before schema 7), the owner's only
    sender_customer_id INTEGER REFERENCES customer(id)
);
CREATE INDEX IF NOT EXISTS communication_message_receiver ON communication_message(receiver, id);
"""

PREPAID_TABLES = _LINE_TABLES + _SMS_LOG

# The SMS log as schema 6 made it: the migration from 6 adds its sender.
_SMS_LOG_6 = """
CREATE TABLE IF NOT EXISTS communication_message (
    id INTEGER PRIMARY KEY,
    receiver TEXT NOT NULL,
    content TEXT NOT NULL,
    sent_date TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS communication_message_receiver ON communication_message(receiver, id);
"""

PREPAID_MIGRATION = (
    _LINE_TABLES + _SMS_LOG_6 + "UPDATE meta SET value = '6' WHERE key = 'schema_version';"
)

SMS_SENDER_MIGRATION = """
ALTER TABLE communication_message ADD COLUMN sender_customer_id INTEGER REFERENCES customer(id);
UPDATE meta SET value = '7' WHERE key = 'schema_version';
"""
