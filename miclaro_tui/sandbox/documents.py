"""What a bill's PDF and a payment receipt show, read on behalf of one customer (``pdf`` and
``receipts`` draw them; fpdf is imported only there, when a document is asked for)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from miclaro_tui.models import AppliedCustomerBillingRate, BillingAccount, CustomerBill, Payment
from miclaro_tui.sandbox import billing, bills, kiosk_lookup, payment_reads, rates
from miclaro_tui.sandbox.errors import ApiException


@dataclass(frozen=True)
class BillDocument:
    bill: CustomerBill
    rates: list[AppliedCustomerBillingRate]
    account: BillingAccount
    holder_document: str


@dataclass(frozen=True)
class ReceiptDocument:
    payment: Payment
    holder: str
    holder_document: str
    country: str  # the account's: its language, currency format and time zone


def bill_document(
    conn: sqlite3.Connection, customer_id: int, bill_id: str, today: date
) -> BillDocument:
    bill = bills.get_bill(conn, customer_id, bill_id)
    return BillDocument(
        bill=bill,
        rates=rates.bill_rates(conn, customer_id, bill_id),
        account=billing.get_account(conn, customer_id, bill.billingAccount.id, today),
        holder_document=billing.customer_document(conn, customer_id),
    )


def receipt_document(
    conn: sqlite3.Connection, customer_id: int, payment_id: str
) -> ReceiptDocument:
    """The receipt of a done payment (409 receiptUnavailable for other states)."""
    payment = payment_reads.get_payment(conn, customer_id, payment_id)
    if payment.status != "done":
        raise ApiException(
            409,
            "receiptUnavailable",
            f"Payment {payment_id} is {payment.status}: only a done payment has a receipt",
        )
    account = conn.execute(
        "SELECT country, customer_id FROM billing_account WHERE id = ?", (payment.account.id,)
    ).fetchone()
    holder = conn.execute(
        "SELECT name, document_number FROM customer WHERE id = ?", (account["customer_id"],)
    ).fetchone()
    if account["customer_id"] != customer_id:  # a payment point's copy: the customer masked
        return ReceiptDocument(
            payment=payment,
            holder=kiosk_lookup.mask_name(holder["name"]),
            holder_document=kiosk_lookup.mask_document(holder["document_number"]),
            country=account["country"],
        )
    return ReceiptDocument(
        payment=payment,
        holder=holder["name"],
        holder_document=billing.customer_document(conn, customer_id),
        country=account["country"],
    )
