"""A bill's items (TMF678 AppliedCustomerBillingRate), on behalf of one customer."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

from miclaro_tui.models import (
    AppliedCustomerBillingRate,
    CustomerBill,
    Money,
    Ref,
    TaxItem,
    TimePeriod,
)
from miclaro_tui.sandbox.billing import placeholders, rate_href
from miclaro_tui.sandbox.bills import get_bill
from miclaro_tui.sandbox.errors import not_found


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
        f"SELECT * FROM bill_rate_tax WHERE rate_id IN ({placeholders(ids)})"
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
