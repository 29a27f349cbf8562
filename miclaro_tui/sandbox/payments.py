"""TMF676 payments of bills and top-ups: making one, and moving a pending one along
(reports of payments made elsewhere and promises: ``promises``).

Rules (every read and write is on behalf of one customer; others' ids are simply not found):

- A payment pays one or more bills of one billing account, in its currency; the items add up
  to the amount (``payment_checks``). Paying more than a bill still owes is accepted:
  ``ledger`` applies what the bill owes and makes the excess the account's credit, applied to
  its other open bills. An issued bill's items and totals never change.
- A card payment's outcome comes from the card's test class (see ``cards``): done, denied
  (recorded, answered 402) or pendingAuthorization (done on the next GET).
- A PSE payment starts pendingAuthorization and is advanced by GETs (see ``pse``).
- A done payment is applied to its bills (settled at 0, partiallyPaid otherwise) and gets a
  receipt number and an authorization code (``payment_records``).
- Kiosk staff take cash only (``cash_payments``); reading payments: ``payment_reads``.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from miclaro_tui.models import CashPayment, Payment, PaymentCreate
from miclaro_tui.sandbox import (
    cash_payments,
    payment_checks,
    payment_methods,
    payment_reads,
    payment_records,
    pse,
    topups,
)
from miclaro_tui.sandbox.errors import ApiException

PENDING = payment_methods.PENDING


def create_payment(
    conn: sqlite3.Connection, customer_id: int, body: PaymentCreate, today: date, now: float
) -> payment_records.Answer:
    """Check and record a payment (inside the caller's write transaction)."""
    if (
        isinstance(body.paymentMethod, CashPayment)
        or payment_reads.payer_column(conn, customer_id) != "customer_id"
    ):
        return cash_payments.create_cash_payment(conn, customer_id, body, today, now)
    if topups.is_topup(body):
        account = topups.validated(conn, customer_id, body)
    else:
        account = payment_checks.validated(conn, customer_id, body)
    method = payment_methods.resolve(conn, customer_id, account, body.paymentMethod, today)
    return payment_records.record(conn, customer_id, account, body, method, today, now)


def advance(
    conn: sqlite3.Connection, customer_id: int, payment_id: str, today: date, now: float
) -> None:
    """A GET of a pending payment: the bank (or the card issuer) moves it along."""
    row = payment_reads.owned_payment(conn, customer_id, payment_id)
    if row["status"] != PENDING:
        return
    polls = row["polls"] + 1
    needed = pse.POLLS_TO_FINISH if row["method_type"] == "bankAccountTransfer" else 1
    conn.execute("UPDATE payment SET polls = ? WHERE id = ?", (polls, payment_id))
    if polls < needed:
        return
    when = payment_records.stamp(conn, row["account_id"], today, now)
    if row["pending_outcome"] == "done":
        payment_records.complete(conn, payment_id, today, when)
    else:
        conn.execute(
            "UPDATE payment SET status = 'denied', status_date = ?, status_reason = ? WHERE id = ?",
            (when, pse.REJECTED, payment_id),
        )


def cancel(
    conn: sqlite3.Connection, customer_id: int, payment_id: str, today: date, now: float
) -> Payment:
    row = payment_reads.owned_payment(conn, customer_id, payment_id)
    if row["status"] != PENDING:
        raise ApiException(
            409,
            "notCancelable",
            f"Payment {payment_id} is {row['status']}: only a payment"
            " pending authorization can be canceled",
        )
    stamped = payment_records.stamp(conn, row["account_id"], today, now)
    conn.execute(
        "UPDATE payment SET status = 'canceled', status_date = ?, status_reason = ? WHERE id = ?",
        (stamped, "canceled by the customer", payment_id),
    )
    return payment_reads.get_payment(conn, customer_id, payment_id)
