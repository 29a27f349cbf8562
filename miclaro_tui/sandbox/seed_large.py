"""The large business customer, seeded only on request (``MICLARO_SANDBOX_LARGE=1``,
``miclaro sandbox serve --large``, ``miclaro sandbox reset --large``): what a client must
cope with beyond the demo customers.

``empresa`` / ``empresa2026``, a Colombian company (COP) with
- one postpaid account of 1,000 lines, billed per line each month for 24 months: 24,000
  bills over three calendar years. Each line's newest bill is pending (due two days after the
  seed day) and the one before is overdue; the other 22,000 are settled, each by its own PSE
  payment, applied to it (``appliedPayment``);
- 999 small prepaid accounts of one line each, so the account list has 1,000 entries.

Bills carry two items (the plan and the IVA line) and still add up as ``seed`` describes.
Everything derives from the seed day and row numbers (no randomness, no wall clock) and is
written with ``executemany`` inside the caller's transaction: about 1.2 s here.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from miclaro_tui.sandbox.passwords import hash_password
from miclaro_tui.sandbox.references import gs1_utility_code
from miclaro_tui.sandbox.seed import (
    BILLING,
    DAYS_TO_CUT_OFF,
    DAYS_TO_PAY,
    WORDS,
    add_months,
    percent,
)
from miclaro_tui.sandbox.timezones import stored, zone

USERNAME = "empresa"
PASSWORD = "empresa2026"
NAME = "Transportes Andinos S.A.S."
DOCUMENT = ("NIT", "900.123.456-8")
EMAIL = "facturacion@transportesandinos.example"
COUNTRY = "CO"

LINES = 1000
MONTHS = 24
SMALL_ACCOUNTS = 999
DAYS_TO_NEWEST_DUE = 2
PLANS = (
    ("Plan Empresas 10 GB", Decimal("42000")),
    ("Plan Empresas 30 GB", Decimal("63000")),
    ("Plan Empresas Ilimitado", Decimal("97000")),
)
PREPAID_PLAN = "Prepago Empresas"
BANK = "Bancolombia"
GLN = "7709998001234"


Row = tuple[Any, ...]

# Where each kind of row goes, in an order the foreign keys accept.
INSERTS = {
    "bill": (
        "INSERT INTO bill (id, account_id, bill_no, bill_date, period_start, period_end,"
        " payment_due_date, cut_off_date, next_bill_date, state, currency, amount_due,"
        " remaining_amount, tax_excluded_amount, tax_included_amount, cash_code, barcode,"
        " last_update) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    "bill_tax": (
        "INSERT INTO bill_tax (bill_id, position, category, rate, amount) VALUES (?, ?, ?, ?, ?)"
    ),
    "bill_rate": (
        "INSERT INTO bill_rate (id, bill_id, position, name, description, type, date,"
        " period_start, period_end, tax_excluded_amount, tax_included_amount)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    "bill_rate_tax": (
        "INSERT INTO bill_rate_tax (rate_id, position, category, rate, amount)"
        " VALUES (?, ?, ?, ?, ?)"
    ),
    "payment": (
        "INSERT INTO payment (id, seq, customer_id, account_id, correlator_id, status,"
        " status_date, payment_date, currency, amount, method_type, bank_name,"
        " method_description, channel_id, channel_name, authorization_code, receipt_no)"
        " VALUES (?, ?, ?, ?, ?, 'done', ?, ?, ?, ?, 'bankAccountTransfer', ?, 'PSE', 'pse',"
        " 'PSE', ?, ?)"
    ),
    "payment_item": (
        "INSERT INTO payment_item (payment_id, position, bill_id, amount) VALUES (?, 0, ?, ?)"
    ),
    "applied_payment": (
        "INSERT INTO applied_payment (bill_id, payment_id, amount, applied_at) VALUES (?, ?, ?, ?)"
    ),
}


def account_id(number: int) -> str:
    """COE0000000 is the big account, then the small ones: they sort in that order."""
    return f"COE{number:07d}"


def line_digits(number: int) -> str:
    return f"315{number:07d}"  # national digits of a Colombian mobile number


def newest_due_date(seed_day: date) -> date:
    """Two days after the seed day, on a day every month has (so months can be counted back)."""
    due = seed_day + timedelta(days=DAYS_TO_NEWEST_DUE)
    if due.day > 28:
        due = (due.replace(day=1) + timedelta(days=32)).replace(day=1)
    return due


def seed_large(conn: sqlite3.Connection, seed_day: date) -> None:
    """Add the large customer to a seeded database (inside the caller's transaction)."""
    billing = BILLING[COUNTRY]
    (iva,) = billing.taxes
    salt = USERNAME.encode().ljust(16, b"\0")  # reproducible; the demo password is public
    customer_id = conn.execute(
        "INSERT INTO customer (username, name, country, document_type, document_number,"
        " document_key, email, password_salt, password_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            USERNAME,
            NAME,
            COUNTRY,
            *DOCUMENT,
            "".join(c for c in DOCUMENT[1] if c.isalnum()),
            EMAIL,
            salt,
            hash_password(PASSWORD, salt),
        ),
    ).lastrowid
    conn.executemany(
        "INSERT INTO billing_account (id, customer_id, name, account_type, state, country,"
        " currency, email, paperless, prepaid_balance)"
        " VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)",
        [
            (
                account_id(n),
                customer_id,
                NAME,
                "prepaid" if n else "postpaid",
                COUNTRY,
                billing.currency,
                EMAIL,
                0 if n else 1,
                f"{5000 + n % 10 * 1000}" if n else None,
            )
            for n in range(SMALL_ACCOUNTS + 1)
        ],
    )
    big = account_id(0)
    conn.executemany(
        "INSERT INTO line (id, account_id, number, e164_digits, national_digits, line_type,"
        " plan_name, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                f"LNE{n:07d}",
                big if n < LINES else account_id(n - LINES + 1),
                f"+57{line_digits(n)}",
                f"57{line_digits(n)}",
                line_digits(n),
                "postpaid" if n < LINES else "prepaid",
                PLANS[n % len(PLANS)][0] if n < LINES else PREPAID_PLAN,
                n if n < LINES else 0,
            )
            for n in range(LINES + SMALL_ACCOUNTS)
        ],
    )

    newest = newest_due_date(seed_day)
    template = WORDS[billing.language]["plan"]
    assert isinstance(template, str)
    rows: dict[str, list[Row]] = {table: [] for table in INSERTS}
    seq = int(conn.execute("SELECT value FROM meta WHERE key = 'sequence'").fetchone()[0])
    # Per line: the plan, its net price, IVA and total, and how the plan item is described.
    prices: list[tuple[str, str, str, Decimal, str]] = []
    for line in range(LINES):
        plan, fee = PLANS[line % len(PLANS)]
        iva_amount = billing.money(fee * iva.rate)
        description = template.format(number=f"+57{line_digits(line)}")
        prices.append((plan, str(fee), str(iva_amount), fee + iva_amount, description))
    tax_name = f"{iva.category} {percent(iva.rate)} %"
    for month in range(MONTHS):  # the oldest first
        due = add_months(newest, month - MONTHS + 1)
        issued = due - timedelta(days=DAYS_TO_PAY)
        start, end = add_months(issued, -1), issued - timedelta(days=1)
        days = (
            issued.isoformat(),
            start.isoformat(),
            end.isoformat(),
            due.isoformat(),
            (due + timedelta(days=DAYS_TO_CUT_OFF)).isoformat(),
            add_months(issued, 1).isoformat(),
        )
        settled = month < MONTHS - 2  # each line's two newest bills are unpaid
        for line, (plan, net, tax, total, description) in enumerate(prices):
            bill_id = f"CBE{line:04d}{month:02d}"
            number = month * LINES + line + 1
            cash_code = f"8{line:04d}{month:02d}{number % 100000:05d}"
            paid_on = due - timedelta(days=line % 7)
            updated = paid_on if settled else issued
            rows["bill"].append(
                (
                    bill_id,
                    big,
                    f"FEE{number:08d}",
                    *days,
                    "settled" if settled else "sent",
                    billing.currency,
                    str(total),
                    "0" if settled else str(total),
                    net,
                    str(total),
                    cash_code,
                    gs1_utility_code(GLN, cash_code, total, billing.decimals),
                    f"{updated.isoformat()}T06:00:00+00:00",
                )
            )
            rows["bill_tax"].append((bill_id, 0, iva.category, str(iva.rate), tax))
            rows["bill_rate"] += [
                (
                    f"{bill_id}-01",
                    bill_id,
                    0,
                    plan,
                    description,
                    "recurringCharge",
                    days[0],
                    days[1],
                    days[2],
                    net,
                    str(total),
                ),
                (f"{bill_id}-02", bill_id, 1, tax_name, None, "tax", days[0], None, None, tax, tax),
            ]
            rows["bill_rate_tax"].append((f"{bill_id}-01", 0, iva.category, str(iva.rate), tax))
            if not settled:
                continue
            seq += 1
            payment_id = f"PAY{seq:08d}"
            when = stored(
                datetime.combine(paid_on, time(8 + line % 10, line % 60), tzinfo=zone(COUNTRY))
            )
            rows["payment"].append(
                (
                    payment_id,
                    seq,
                    customer_id,
                    big,
                    f"seed-{payment_id.lower()}",
                    when,
                    when,
                    billing.currency,
                    str(total),
                    BANK,
                    f"{seq * 7919 % 1_000_000:06d}",
                    f"RC-{paid_on:%Y%m%d}-{seq:06d}",
                )
            )
            rows["payment_item"].append((payment_id, bill_id, str(total)))
            rows["applied_payment"].append((bill_id, payment_id, str(total), when))

    for table, sql in INSERTS.items():
        conn.executemany(sql, rows[table])
    conn.execute("UPDATE meta SET value = ? WHERE key = 'sequence'", (str(seq),))
