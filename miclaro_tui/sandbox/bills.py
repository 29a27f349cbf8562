"""Bills (TMF678 CustomerBill): reading them and e-mailing one, always on behalf of one
customer.

Another customer's bill simply is not found (404, never 403). The list sorts and filters in
SQL on the indexes of ``schema.SCHEMA``, so an account with tens of thousands of bills answers
a count or a first page without reading all of them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from miclaro_tui.models import (
    AppliedPayment,
    AttachmentRef,
    BillSendResult,
    CustomerBill,
    Money,
    PaymentPromise,
    PaymentReference,
    PaymentReport,
    Ref,
    TaxItem,
    TimePeriod,
)
from miclaro_tui.sandbox import billing
from miclaro_tui.sandbox.billing import account_href, bill_href, payment_href, placeholders
from miclaro_tui.sandbox.errors import ApiException, invalid, not_found

SORT_COLUMNS = {"billDate": "bill_date", "paymentDueDate": "payment_due_date"}
SortKey = tuple[str, bool]  # (field, descending)
DEFAULT_SORT: tuple[SortKey, ...] = (("billDate", True),)


def parse_sort(text: str | None) -> tuple[SortKey, ...]:
    """TMF ``sort``: fields separated by commas, a leading ``-`` for descending."""
    keys: list[SortKey] = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        descending = part.startswith("-")
        name = part[1:] if part[0] in "+-" else part
        if name not in SORT_COLUMNS:
            raise ApiException(
                422,
                "validationError",
                f"sort: cannot sort by {name!r}; use billDate or paymentDueDate, each with a"
                " leading - for descending",
                field="sort",
            )
        if name not in {key for key, _ in keys}:
            keys.append((name, descending))
    return tuple(keys) or DEFAULT_SORT


@dataclass(frozen=True)
class BillQuery:
    """Filters and order of the bill list. Dates bound as in TMF: ``gte`` and ``lt``."""

    states: tuple[str, ...] = ()
    account_id: str | None = None
    due_before: date | None = None
    due_from: date | None = None
    issued_before: date | None = None
    issued_from: date | None = None
    sort: tuple[SortKey, ...] = DEFAULT_SORT

    def where(self) -> tuple[str, list[object]]:
        terms: list[str] = []
        params: list[object] = []
        if self.states:
            terms.append(f"state IN ({placeholders(self.states)})")
            params += self.states
        for column, operator, day in (
            ("payment_due_date", "<", self.due_before),
            ("payment_due_date", ">=", self.due_from),
            ("bill_date", "<", self.issued_before),
            ("bill_date", ">=", self.issued_from),
        ):
            if day is not None:
                terms.append(f"{column} {operator} ?")
                params.append(day.isoformat())
        return "".join(f" AND {term}" for term in terms), params

    def order_by(self) -> str:
        # With a state filter, the unary + keeps SQLite from walking an account's bills in
        # date order to find the few in a state (22,000 settled ones before the oldest unpaid
        # one, at worst): it reads the (account, state, ...) index and sorts just the matches.
        plus = "+" if self.states else ""
        parts = [
            f"{plus}{SORT_COLUMNS[name]} {'DESC' if desc else 'ASC'}" for name, desc in self.sort
        ]
        # Ties go by id, in the direction of the last field.
        parts.append(f"{plus}id {'DESC' if self.sort[-1][1] else 'ASC'}")
        return ", ".join(parts)


def list_bills(
    conn: sqlite3.Connection,
    customer_id: int,
    query: BillQuery = BillQuery(),
    *,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[CustomerBill], int]:
    """One page of the customer's bills in the query's order, and how many match in all."""
    params: list[object]
    if query.account_id is not None:
        owner = conn.execute(
            "SELECT customer_id FROM billing_account WHERE id = ?", (query.account_id,)
        ).fetchone()
        if owner is None or owner["customer_id"] != customer_id:
            return [], 0
        scope, params = "account_id = ?", [query.account_id]
    else:
        scope = "account_id IN (SELECT id FROM billing_account WHERE customer_id = ?)"
        params = [customer_id]
    terms, more = query.where()
    where = f"WHERE {scope}{terms}"
    params += more
    total = conn.execute(f"SELECT count(*) FROM bill {where}", params).fetchone()[0]
    # The page's ids first, from the indexes alone; then just those rows.
    ids = [
        row[0]
        for row in conn.execute(
            f"SELECT id FROM bill {where} ORDER BY {query.order_by()} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    ]
    rows = {
        row["id"]: row
        for row in conn.execute(f"SELECT * FROM bill WHERE id IN ({placeholders(ids)})", ids)
    }
    return _bills(conn, [rows[bill_id] for bill_id in ids]), total


def owned_bill(conn: sqlite3.Connection, customer_id: int, bill_id: str) -> sqlite3.Row:
    """The customer's bill row (with its account's country), or 404."""
    row = conn.execute(
        "SELECT bill.*, billing_account.country FROM bill"
        " JOIN billing_account ON billing_account.id = bill.account_id"
        " WHERE billing_account.customer_id = ? AND bill.id = ?",
        (customer_id, bill_id),
    ).fetchone()
    if row is None:
        raise not_found("Customer bill", bill_id)
    return row


def get_bill(conn: sqlite3.Connection, customer_id: int, bill_id: str) -> CustomerBill:
    return _bills(conn, [owned_bill(conn, customer_id, bill_id)])[0]


def send_bill(
    conn: sqlite3.Connection,
    customer_id: int,
    bill_id: str,
    email: str | None,
    today: date,
    now: float,
) -> BillSendResult:
    """E-mail the bill to ``email``, or to its account's address (the sandbox only records
    it, and marks a new bill as sent)."""
    bill = get_bill(conn, customer_id, bill_id)
    address = email.strip() if email else None
    if address is None:
        address = billing.get_account(conn, customer_id, bill.billingAccount.id, today).email
    address = checked_email(address)
    billing.record_bill_send(conn, bill_id, address, now)
    return BillSendResult(billId=bill_id, sentTo=billing.mask_email(address), status="queued")


def checked_email(address: str | None) -> str:
    """The address, normalised, if it is one (RFC 5321/5322 syntax, by email-validator; no
    DNS look-up); 422 naming the field otherwise."""
    from email_validator import EmailNotValidError, validate_email

    if not address:
        raise invalid("email", "write an e-mail address")
    try:
        return validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise invalid("email", f"not a valid e-mail address ({exc})") from None


def _bills(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[CustomerBill]:
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    marks = placeholders(ids)
    taxes: dict[str, list[TaxItem]] = {bill_id: [] for bill_id in ids}
    for tax in conn.execute(
        "SELECT bill_tax.*, bill.currency FROM bill_tax JOIN bill ON bill.id = bill_tax.bill_id"
        f" WHERE bill_id IN ({marks}) ORDER BY bill_id, position",
        ids,
    ):
        taxes[tax["bill_id"]].append(
            TaxItem(
                taxCategory=tax["category"],
                taxRate=Decimal(tax["rate"]),
                taxAmount=Money(unit=tax["currency"], value=Decimal(tax["amount"])),
            )
        )
    accounts = {row["account_id"] for row in rows}
    names = dict(
        conn.execute(
            f"SELECT id, name FROM billing_account WHERE id IN ({placeholders(accounts)})",
            list(accounts),
        ).fetchall()
    )
    extras = _bill_extras(conn, ids)
    return [
        _bill(row, names[row["account_id"]], taxes[row["id"]], extras[row["id"]]) for row in rows
    ]


def _bill_extras(conn: sqlite3.Connection, ids: list[str]) -> dict[str, dict[str, object]]:
    """Per bill: what was applied to it, the payment still pending, the newest report still
    posting, the promise."""
    applied: dict[str, list[AppliedPayment]] = {bill_id: [] for bill_id in ids}
    extras: dict[str, dict[str, object]] = {
        bill_id: {"appliedPayment": applied[bill_id]} for bill_id in ids
    }
    marks = placeholders(ids)
    for row in conn.execute(
        "SELECT applied_payment.*, bill.currency, payment.receipt_no FROM applied_payment"
        " JOIN bill ON bill.id = applied_payment.bill_id"
        " JOIN payment ON payment.id = applied_payment.payment_id"
        f" WHERE applied_payment.bill_id IN ({marks}) ORDER BY applied_payment.id",
        ids,
    ):
        applied[row["bill_id"]].append(
            AppliedPayment(
                appliedAmount=Money(unit=row["currency"], value=Decimal(row["amount"])),
                payment=Ref(
                    id=row["payment_id"],
                    href=payment_href(row["payment_id"]),
                    name=row["receipt_no"],
                ),
                fromCredit=bool(row["from_credit"]),
            )
        )
    for row in conn.execute(
        "SELECT payment_item.bill_id, payment.id FROM payment_item"
        " JOIN payment ON payment.id = payment_item.payment_id"
        f" WHERE payment_item.bill_id IN ({marks}) AND payment.status = 'pendingAuthorization'"
        " ORDER BY payment.seq",
        ids,
    ):
        extras[row["bill_id"]]["pendingPayment"] = Ref(id=row["id"], href=payment_href(row["id"]))
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


def _bill(
    row: sqlite3.Row, account_name: str, taxes: list[TaxItem], extras: dict[str, object]
) -> CustomerBill:
    currency = row["currency"]

    def money(column: str) -> Money:
        return Money(unit=currency, value=Decimal(row[column]))

    def day(column: str) -> date:
        return date.fromisoformat(row[column])

    href = bill_href(row["id"])
    return CustomerBill(
        id=row["id"],
        href=href,
        billNo=row["bill_no"],
        billDate=day("bill_date"),
        billingPeriod=TimePeriod(startDateTime=day("period_start"), endDateTime=day("period_end")),
        paymentDueDate=day("payment_due_date"),
        cutOffDate=day("cut_off_date"),
        nextBillDate=day("next_bill_date") if row["next_bill_date"] else None,
        state=row["state"],
        amountDue=money("amount_due"),
        remainingAmount=money("remaining_amount"),
        taxExcludedAmount=money("tax_excluded_amount"),
        taxIncludedAmount=money("tax_included_amount"),
        taxItem=taxes,
        billingAccount=Ref(
            id=row["account_id"], href=account_href(row["account_id"]), name=account_name
        ),
        billDocument=[AttachmentRef(href=f"{href}/document", name=f"{row['bill_no']}.pdf")],
        paymentReference=PaymentReference(
            cashCode=row["cash_code"], barcode=row["barcode"], pixCode=row["pix_code"]
        ),
        lastUpdate=datetime.fromisoformat(row["last_update"]),
        **extras,
    )
