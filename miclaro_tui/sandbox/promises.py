"""Reports of payments made elsewhere, and promises to pay an overdue bill (once per bill, up
to ``PROMISE_MAX_DAYS`` ahead), always on behalf of one customer."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from decimal import Decimal

from miclaro_tui.models import (
    UNPAID_STATES,
    PaymentPromise,
    PaymentPromiseCreate,
    PaymentReport,
    PaymentReportCreate,
)
from miclaro_tui.sandbox import bills
from miclaro_tui.sandbox.errors import ApiException, invalid
from miclaro_tui.sandbox.store import next_sequence

REPORT_POSTING_BUSINESS_DAYS = 3
PROMISE_MAX_DAYS = 10


def add_business_days(day: date, days: int) -> date:
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def create_report(
    conn: sqlite3.Connection, customer_id: int, body: PaymentReportCreate, today: date
) -> PaymentReport:
    bill = bills.owned_bill(conn, customer_id, body.bill.id)
    remaining = Decimal(bill["remaining_amount"])
    if bill["state"] not in UNPAID_STATES or remaining <= 0:
        raise invalid("bill", f"bill {bill['bill_no']} has nothing left to pay")
    if body.amount.unit != bill["currency"]:
        raise invalid("amount.unit", f"the bill is in {bill['currency']}")
    if body.amount.value <= 0:
        raise invalid("amount.value", "the amount must be more than zero")
    if body.amount.value > remaining:
        raise invalid("amount.value", "the amount is more than what is left to pay")
    if body.paymentDate > today:
        raise invalid("paymentDate", "the payment date cannot be in the future")
    if body.paymentDate < date.fromisoformat(bill["bill_date"]):
        raise invalid("paymentDate", "the payment date is before the bill was issued")
    seq = next_sequence(conn)
    report_id = f"RP{seq:08d}"
    conn.execute(
        "INSERT INTO payment_report (id, seq, bill_id, currency, amount, payment_date, channel,"
        " reference, state, expected_posting_date)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pendingPosting', ?)",
        (
            report_id,
            seq,
            bill["id"],
            bill["currency"],
            str(body.amount.value),
            body.paymentDate.isoformat(),
            body.channel.strip(),
            body.reference.strip(),
            add_business_days(today, REPORT_POSTING_BUSINESS_DAYS).isoformat(),
        ),
    )
    row = conn.execute("SELECT * FROM payment_report WHERE id = ?", (report_id,)).fetchone()
    return bills.payment_report(conn, row)


def create_promise(
    conn: sqlite3.Connection, customer_id: int, body: PaymentPromiseCreate, today: date
) -> PaymentPromise:
    bill = bills.owned_bill(conn, customer_id, body.bill.id)
    remaining = Decimal(bill["remaining_amount"])
    overdue = (
        bill["state"] in UNPAID_STATES
        and remaining > 0
        and date.fromisoformat(bill["payment_due_date"]) < today
    )
    if not overdue:
        raise invalid("bill", f"bill {bill['bill_no']} is not overdue: no promise is needed")
    exists = conn.execute(
        "SELECT 1 FROM payment_promise WHERE bill_id = ?", (bill["id"],)
    ).fetchone()
    if exists:
        raise ApiException(
            409, "promiseExists", f"Bill {bill['bill_no']} already has a promise to pay"
        )
    latest = today + timedelta(days=PROMISE_MAX_DAYS)
    if not today < body.promisedDate <= latest:
        raise invalid("promisedDate", f"choose a date from {today + timedelta(days=1)} to {latest}")
    seq = next_sequence(conn)
    promise_id = f"PP{seq:08d}"
    conn.execute(
        "INSERT INTO payment_promise (id, bill_id, currency, amount, promised_date,"
        " created_date, state) VALUES (?, ?, ?, ?, ?, ?, 'active')",
        (
            promise_id,
            bill["id"],
            bill["currency"],
            str(remaining),
            body.promisedDate.isoformat(),
            today.isoformat(),
        ),
    )
    row = conn.execute("SELECT * FROM payment_promise WHERE id = ?", (promise_id,)).fetchone()
    return bills.payment_promise(conn, row)
