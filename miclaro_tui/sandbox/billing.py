"""Reads and writes of accounts and bills, always on behalf of one customer.

Every query joins up to ``billing_account.customer_id``: another customer's id simply is not
found, which the routes answer with 404 (never 403, which would confirm it exists).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, datetime, timezone
from decimal import Decimal

from miclaro_tui.models import (
    UNPAID_STATES,
    AccountBalance,
    AppliedCustomerBillingRate,
    AttachmentRef,
    BillingAccount,
    CustomerBill,
    Line,
    Money,
    PaymentPromise,
    PaymentReference,
    PaymentReport,
    Ref,
    TaxItem,
    TimePeriod,
)
from miclaro_tui.sandbox.errors import not_found

ACCOUNT_API = "/tmf-api/accountManagement/v4"
BILL_API = "/tmf-api/customerBillManagement/v4"
PAYMENT_API = "/tmf-api/paymentManagement/v4"


def account_href(account_id: str) -> str:
    return f"{ACCOUNT_API}/billingAccount/{account_id}"


def bill_href(bill_id: str) -> str:
    return f"{BILL_API}/customerBill/{bill_id}"


def rate_href(rate_id: str) -> str:
    return f"{BILL_API}/appliedCustomerBillingRate/{rate_id}"


def payment_href(payment_id: str) -> str:
    return f"{PAYMENT_API}/payment/{payment_id}"


def _placeholders(values: Iterable[object]) -> str:
    return ", ".join("?" for _ in values)


# --- accounts ------------------------------------------------------------------------------


def list_accounts(conn: sqlite3.Connection, customer_id: int, today: date) -> list[BillingAccount]:
    rows = conn.execute(
        "SELECT * FROM billing_account WHERE customer_id = ? ORDER BY account_type, id",
        (customer_id,),
    ).fetchall()
    return [_account(conn, row, today) for row in rows]


def get_account(
    conn: sqlite3.Connection, customer_id: int, account_id: str, today: date
) -> BillingAccount:
    row = conn.execute(
        "SELECT * FROM billing_account WHERE id = ? AND customer_id = ?",
        (account_id, customer_id),
    ).fetchone()
    if row is None:
        raise not_found("Billing account", account_id)
    return _account(conn, row, today)


def _account(conn: sqlite3.Connection, row: sqlite3.Row, today: date) -> BillingAccount:
    currency = row["currency"]
    lines = [
        Line(id=line["id"], number=line["number"], lineType=line["line_type"],
             planName=line["plan_name"])
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
        f" AND state IN ({_placeholders(UNPAID_STATES)})",
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
            )
        ]
    else:
        balances = [
            AccountBalance(balanceType="amountDue", amount=Money(unit=currency, value=amount_due)),
            AccountBalance(balanceType="overdue", amount=Money(unit=currency, value=overdue)),
        ]
    credit = Decimal(row["credit_balance"] or 0)
    if credit > 0:
        balances.append(
            AccountBalance(balanceType="creditBalance", amount=Money(unit=currency, value=credit))
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
    )


# --- bills ---------------------------------------------------------------------------------

_OWNED_BILLS = (
    "FROM bill JOIN billing_account ON billing_account.id = bill.account_id"
    " WHERE billing_account.customer_id = ?"
)


def list_bills(
    conn: sqlite3.Connection,
    customer_id: int,
    *,
    states: list[str] | None = None,
    account_id: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[CustomerBill], int]:
    """One page of the customer's bills, newest first, and how many match in all."""
    where = _OWNED_BILLS
    params: list[object] = [customer_id]
    if states:
        where += f" AND bill.state IN ({_placeholders(states)})"
        params += states
    if account_id is not None:
        where += " AND bill.account_id = ?"
        params.append(account_id)
    total = conn.execute(f"SELECT count(*) {where}", params).fetchone()[0]
    rows = conn.execute(
        f"SELECT bill.*, billing_account.name AS account_name {where}"
        " ORDER BY bill.bill_date DESC, bill.id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return _bills(conn, rows), total


def get_bill(conn: sqlite3.Connection, customer_id: int, bill_id: str) -> CustomerBill:
    row = conn.execute(
        f"SELECT bill.*, billing_account.name AS account_name {_OWNED_BILLS} AND bill.id = ?",
        (customer_id, bill_id),
    ).fetchone()
    if row is None:
        raise not_found("Customer bill", bill_id)
    return _bills(conn, [row])[0]


def _bills(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[CustomerBill]:
    ids = [row["id"] for row in rows]
    taxes: dict[str, list[TaxItem]] = {bill_id: [] for bill_id in ids}
    if ids:
        for tax in conn.execute(
            "SELECT bill_tax.*, bill.currency FROM bill_tax"
            " JOIN bill ON bill.id = bill_tax.bill_id"
            f" WHERE bill_id IN ({_placeholders(ids)}) ORDER BY bill_id, position",
            ids,
        ):
            taxes[tax["bill_id"]].append(
                TaxItem(
                    taxCategory=tax["category"],
                    taxRate=Decimal(tax["rate"]),
                    taxAmount=Money(unit=tax["currency"], value=Decimal(tax["amount"])),
                )
            )
    extras = _bill_extras(conn, ids)
    return [_bill(row, taxes[row["id"]], extras.get(row["id"], {})) for row in rows]


def _bill_extras(conn: sqlite3.Connection, ids: list[str]) -> dict[str, dict[str, object]]:
    """Per bill: the payment still pending, the newest report still posting, the promise."""
    extras: dict[str, dict[str, object]] = {bill_id: {} for bill_id in ids}
    if not ids:
        return extras
    marks = _placeholders(ids)
    for row in conn.execute(
        "SELECT payment_item.bill_id, payment.id FROM payment_item"
        " JOIN payment ON payment.id = payment_item.payment_id"
        f" WHERE payment_item.bill_id IN ({marks}) AND payment.status = 'pendingAuthorization'"
        " ORDER BY payment.seq",
        ids,
    ):
        extras[row["bill_id"]]["pendingPayment"] = Ref(
            id=row["id"], href=payment_href(row["id"])
        )
    for row in conn.execute(
        f"SELECT * FROM payment_report WHERE bill_id IN ({marks}) AND state = 'pendingPosting'"
        " ORDER BY seq",
        ids,
    ):
        extras[row["bill_id"]]["paymentReport"] = payment_report(conn, row)
    for row in conn.execute(f"SELECT * FROM payment_promise WHERE bill_id IN ({marks})", ids):
        extras[row["bill_id"]]["paymentPromise"] = payment_promise(conn, row)
    return extras


def _bill_ref(conn: sqlite3.Connection, bill_id: str) -> Ref:
    row = conn.execute("SELECT bill_no FROM bill WHERE id = ?", (bill_id,)).fetchone()
    return Ref(id=bill_id, href=bill_href(bill_id), name=row["bill_no"] if row else None)


def payment_report(conn: sqlite3.Connection, row: sqlite3.Row) -> PaymentReport:
    return PaymentReport(
        id=row["id"],
        bill=_bill_ref(conn, row["bill_id"]),
        amount=Money(unit=row["currency"], value=Decimal(row["amount"])),
        paymentDate=date.fromisoformat(row["payment_date"]),
        channel=row["channel"],
        reference=row["reference"],
        state=row["state"],
        expectedPostingDate=date.fromisoformat(row["expected_posting_date"]),
    )


def payment_promise(conn: sqlite3.Connection, row: sqlite3.Row) -> PaymentPromise:
    return PaymentPromise(
        id=row["id"],
        bill=_bill_ref(conn, row["bill_id"]),
        amount=Money(unit=row["currency"], value=Decimal(row["amount"])),
        promisedDate=date.fromisoformat(row["promised_date"]),
        createdDate=date.fromisoformat(row["created_date"]),
        state=row["state"],
    )


def _bill(row: sqlite3.Row, taxes: list[TaxItem], extras: dict[str, object]) -> CustomerBill:
    currency = row["currency"]

    def money(column: str) -> Money:
        return Money(unit=currency, value=Decimal(row[column]))

    href = bill_href(row["id"])
    return CustomerBill(
        id=row["id"],
        href=href,
        billNo=row["bill_no"],
        billDate=date.fromisoformat(row["bill_date"]),
        billingPeriod=TimePeriod(
            startDateTime=date.fromisoformat(row["period_start"]),
            endDateTime=date.fromisoformat(row["period_end"]),
        ),
        paymentDueDate=date.fromisoformat(row["payment_due_date"]),
        cutOffDate=date.fromisoformat(row["cut_off_date"]),
        nextBillDate=date.fromisoformat(row["next_bill_date"]) if row["next_bill_date"] else None,
        state=row["state"],
        amountDue=money("amount_due"),
        remainingAmount=money("remaining_amount"),
        taxExcludedAmount=money("tax_excluded_amount"),
        taxIncludedAmount=money("tax_included_amount"),
        taxItem=taxes,
        billingAccount=Ref(
            id=row["account_id"], href=account_href(row["account_id"]), name=row["account_name"]
        ),
        billDocument=[AttachmentRef(href=f"{href}/document", name=f"{row['bill_no']}.pdf")],
        paymentReference=PaymentReference(
            cashCode=row["cash_code"], barcode=row["barcode"], pixCode=row["pix_code"]
        ),
        lastUpdate=datetime.fromisoformat(row["last_update"]),
        **extras,  # type: ignore[arg-type]
    )


# --- bill items ----------------------------------------------------------------------------


def bill_rates(
    conn: sqlite3.Connection, customer_id: int, bill_id: str
) -> list[AppliedCustomerBillingRate]:
    bill = get_bill(conn, customer_id, bill_id)
    rows = conn.execute(
        "SELECT * FROM bill_rate WHERE bill_id = ? ORDER BY position", (bill_id,)
    ).fetchall()
    return _rates(conn, rows, bill)


def get_rate(
    conn: sqlite3.Connection, customer_id: int, rate_id: str
) -> AppliedCustomerBillingRate:
    row = conn.execute(
        "SELECT bill_rate.* FROM bill_rate JOIN bill ON bill.id = bill_rate.bill_id"
        " JOIN billing_account ON billing_account.id = bill.account_id"
        " WHERE billing_account.customer_id = ? AND bill_rate.id = ?",
        (customer_id, rate_id),
    ).fetchone()
    if row is None:
        raise not_found("Applied customer billing rate", rate_id)
    return _rates(conn, [row], get_bill(conn, customer_id, row["bill_id"]))[0]


def _rates(
    conn: sqlite3.Connection, rows: list[sqlite3.Row], bill: CustomerBill
) -> list[AppliedCustomerBillingRate]:
    currency = bill.amountDue.unit
    ids = [row["id"] for row in rows]
    applied: dict[str, list[TaxItem]] = {rate_id: [] for rate_id in ids}
    for tax in conn.execute(
        f"SELECT * FROM bill_rate_tax WHERE rate_id IN ({_placeholders(ids)})"
        " ORDER BY rate_id, position",
        ids,
    ):
        applied[tax["rate_id"]].append(
            TaxItem(
                taxCategory=tax["category"],
                taxRate=Decimal(tax["rate"]),
                taxAmount=Money(unit=currency, value=Decimal(tax["amount"])),
            )
        )
    bill_ref = Ref(id=bill.id, href=bill.href, name=bill.billNo)
    return [
        AppliedCustomerBillingRate(
            id=row["id"],
            href=rate_href(row["id"]),
            name=row["name"],
            description=row["description"],
            type=row["type"],
            date=date.fromisoformat(row["date"]),
            bill=bill_ref,
            periodCoverage=(
                TimePeriod(
                    startDateTime=date.fromisoformat(row["period_start"]),
                    endDateTime=date.fromisoformat(row["period_end"]),
                )
                if row["period_start"]
                else None
            ),
            taxExcludedAmount=Money(unit=currency, value=Decimal(row["tax_excluded_amount"])),
            taxIncludedAmount=Money(unit=currency, value=Decimal(row["tax_included_amount"])),
            appliedTax=applied[row["id"]],
        )
        for row in rows
    ]


# --- e-mailing a bill ----------------------------------------------------------------------


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
