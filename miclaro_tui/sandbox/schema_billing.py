"""The tables of customers, their accounts, lines and bills, sign-in sessions, payments and
what they applied to bills (with the account's credit), Idempotency-Keys, reports and promises.
Part of the sandbox's schema (``schema.SCHEMA``).
"""

from __future__ import annotations

BILLING_TABLES = """
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
    role TEXT NOT NULL DEFAULT 'customer'     -- customer | operator | supervisor (kiosk)
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
    authorization_url TEXT,
    operator_id INTEGER REFERENCES customer(id), -- kiosk cash: who took it, in which shift
    shift_id TEXT,
    terminal_id TEXT,
    cash_received TEXT,
    change_given TEXT,
    refund_id TEXT                             -- the void that reversed it
);
CREATE INDEX payment_customer ON payment(customer_id, payment_date DESC, seq DESC);
CREATE INDEX payment_correlator ON payment(customer_id, correlator_id);
CREATE INDEX payment_operator ON payment(operator_id, correlator_id);
CREATE INDEX payment_shift ON payment(shift_id);

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
-- first answer, replayed byte for byte for the same key, operation and request. A claim is a
-- lease: one whose request died with its process can be taken over after LEASE_SECONDS.
CREATE TABLE idempotency_key (
    customer_id INTEGER NOT NULL REFERENCES customer(id),
    key TEXT NOT NULL,
    operation TEXT NOT NULL,
    digest TEXT NOT NULL,                      -- sha256 of the canonical request (idempotency)
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
