"""Accounts (TMF666 BillingAccount) and the API's paths, always on behalf of one customer.

Every query checks ``billing_account.customer_id``: another customer's id simply is not
found, which the routes answer with 404 (never 403, which would confirm it exists). Bills are
read in ``bills``, their items in ``rates``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, datetime, time, timezone
from decimal import Decimal

from miclaro_tui.models import (
    UNPAID_STATES,
    AccountBalance,
    BillingAccount,
    DateTimePeriod,
    Line,
    Money,
    RelatedParty,
)
from miclaro_tui.sandbox import timezones
from miclaro_tui.sandbox.errors import not_found
from miclaro_tui.sandbox.ledger import credit_balance

ACCOUNT_API = "/tmf-api/accountManagement/v4"
BILL_API = "/tmf-api/customerBillManagement/v4"
PAYMENT_API = "/tmf-api/paymentManagement/v4"

# Documents of companies rather than people (their holder is an Organization in TMF terms).
ORGANIZATION_DOCUMENTS = frozenset({"NIT", "CNPJ", "RUC", "RNC"})


def account_href(account_id: str) -> str:
    return f"{ACCOUNT_API}/billingAccount/{account_id}"


def bill_href(bill_id: str) -> str:
    return f"{BILL_API}/customerBill/{bill_id}"


def rate_href(rate_id: str) -> str:
    return f"{BILL_API}/appliedCustomerBillingRate/{rate_id}"


def payment_href(payment_id: str) -> str:
    return f"{PAYMENT_API}/payment/{payment_id}"


def placeholders(values: Iterable[object]) -> str:
    return ", ".join("?" for _ in values)


# --- accounts ------------------------------------------------------------------------------


def list_accounts(
    conn: sqlite3.Connection,
    customer_id: int,
    today: date,
    now: float | None = None,
    *,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[BillingAccount], int]:
    """One page of the customer's accounts (postpaid first, then by id) and how many in all."""
    total = conn.execute(
        "SELECT count(*) FROM billing_account WHERE customer_id = ?", (customer_id,)
    ).fetchone()[0]
    rows = conn.execute(
        "SELECT * FROM billing_account WHERE customer_id = ? ORDER BY account_type, id"
        " LIMIT ? OFFSET ?",
        (customer_id, limit, offset),
    ).fetchall()
    holder = _holder(conn, customer_id)
    return [_account(conn, row, today, now, holder) for row in rows], total


def get_account(
    conn: sqlite3.Connection,
    customer_id: int,
    account_id: str,
    today: date,
    now: float | None = None,
) -> BillingAccount:
    row = conn.execute(
        "SELECT * FROM billing_account WHERE id = ? AND customer_id = ?",
        (account_id, customer_id),
    ).fetchone()
    if row is None:
        raise not_found("Billing account", account_id)
    return _account(conn, row, today, now, _holder(conn, customer_id))


def _holder(conn: sqlite3.Connection, customer_id: int) -> RelatedParty:
    row = conn.execute(
        "SELECT name, document_type FROM customer WHERE id = ?", (customer_id,)
    ).fetchone()
    kind = "Organization" if row["document_type"] in ORGANIZATION_DOCUMENTS else "Individual"
    return RelatedParty(id=str(customer_id), name=row["name"], role="owner", referredType=kind)


def _account(
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    today: date,
    now: float | None,
    holder: RelatedParty,
) -> BillingAccount:
    currency = row["currency"]
    # The balances hold from the moment they are worked out (the sandbox's day and the clock's
    # time in the account's zone; midnight when no clock is at hand).
    worked_out = DateTimePeriod(
        startDateTime=timezones.moment(today, now, row["country"])
        if now is not None
        else datetime.combine(today, time(), timezones.zone(row["country"]))
    )
    lines = [
        Line(
            id=line["id"],
            number=line["number"],
            lineType=line["line_type"],
            planName=line["plan_name"],
        )
        for line in conn.execute(
            "SELECT * FROM line WHERE account_id = ? ORDER BY position", (row["id"],)
        )
    ]
    due_dates: list[date] = []
    amount_due = overdue = Decimal(0)
    past_cut_off = False
    unpaid = conn.execute(
        "SELECT remaining_amount, payment_due_date, cut_off_date, EXISTS("
        "  SELECT 1 FROM payment_promise p WHERE p.bill_id = bill.id AND p.state = 'active'"
        ") AS promised FROM bill WHERE account_id = ?"
        f" AND state IN ({placeholders(UNPAID_STATES)})",
        (row["id"], *sorted(UNPAID_STATES)),
    )
    for bill in unpaid:
        remaining = Decimal(bill["remaining_amount"])
        if remaining <= 0:
            continue
        due = date.fromisoformat(bill["payment_due_date"])
        due_dates.append(due)
        amount_due += remaining
        if due < today:
            overdue += remaining
        # Service is cut after the cut-off date, unless the customer promised to pay.
        if date.fromisoformat(bill["cut_off_date"]) < today and not bill["promised"]:
            past_cut_off = True
    if row["account_type"] == "prepaid":
        balances = [
            AccountBalance(
                balanceType="prepaidBalance",
                amount=Money(unit=currency, value=Decimal(row["prepaid_balance"] or 0)),
                validFor=worked_out,
            )
        ]
    else:
        balances = [
            AccountBalance(
                balanceType="amountDue",
                amount=Money(unit=currency, value=amount_due),
                validFor=worked_out,
            ),
            AccountBalance(
                balanceType="overdue",
                amount=Money(unit=currency, value=overdue),
                validFor=worked_out,
            ),
        ]
    credit = credit_balance(conn, row["id"])
    if credit > 0:
        balances.append(
            AccountBalance(
                balanceType="creditBalance",
                amount=Money(unit=currency, value=credit),
                validFor=worked_out,
            )
        )
    status = "overdue" if overdue > 0 else "due" if amount_due > 0 else "upToDate"
    return BillingAccount(
        id=row["id"],
        href=account_href(row["id"]),
        name=row["name"],
        accountType=row["account_type"],
        state="suspended" if past_cut_off and row["state"] == "active" else row["state"],
        paymentStatus=status,
        country=row["country"],
        currency=currency,
        accountBalance=balances,
        nextPaymentDueDate=min(due_dates, default=None),
        email=row["email"],
        paperless=bool(row["paperless"]),
        lines=lines,
        relatedParty=[holder],
    )


# --- the holder's document, e-mailing a bill -----------------------------------------------


def customer_document(conn: sqlite3.Connection, customer_id: int) -> str:
    row = conn.execute(
        "SELECT document_type, document_number FROM customer WHERE id = ?", (customer_id,)
    ).fetchone()
    return f"{row['document_type']} {row['document_number']}"


def record_bill_send(conn: sqlite3.Connection, bill_id: str, email: str, now: float) -> None:
    """Queue the e-mail (the sandbox only records it) and mark a new bill as sent."""
    conn.execute(
        "INSERT INTO bill_send (bill_id, email, requested_at) VALUES (?, ?, ?)",
        (bill_id, email, now),
    )
    conn.execute(
        "UPDATE bill SET state = 'sent', last_update = ? WHERE id = ? AND state = 'new'",
        (datetime.fromtimestamp(now, timezone.utc).isoformat(), bill_id),
    )


def mask_email(email: str) -> str:
    """j***@example.com: enough to recognise the address, not enough to harvest it."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"
