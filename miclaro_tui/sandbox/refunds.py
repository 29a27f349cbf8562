"""Voids of cash payments at a payment point (TMF676 Refund).

Rules:
- Only a cash payment taken at a payment point of the caller's country can be voided (another
  country's, or an unknown id, is not found; any other payment is refused: notCash).
- Only while the shift it was taken in is open (shiftClosed), and once (alreadyVoided).
- Not a top-up (topupNotVoidable): its balance was credited to the line at once and may be
  spent already, so the carrier does not take it back.
- Only by the operator who took it, or a supervisor: signed in, or approving at the till with
  their credentials (checked by ``auth.check_supervisor`` before the transaction).
- The void returns the money: the payment becomes canceled, its applications to the bills
  are undone (each bill returns to unpaid, or partially paid if something else was applied
  to it), and the void counts against the shift's expected cash.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from miclaro_tui.models import Money, Payment, Ref, Refund, RefundCreate
from miclaro_tui.sandbox import (
    billing,
    kiosk_lookup,
    kiosk_shifts,
    ledger,
    payment_reads,
    timezones,
)
from miclaro_tui.sandbox.auth import Principal
from miclaro_tui.sandbox.errors import ApiException, not_found
from miclaro_tui.sandbox.store import next_sequence


def refund_href(refund_id: str) -> str:
    return f"{billing.PAYMENT_API}/refund/{refund_id}"


def void(
    conn: sqlite3.Connection,
    staff: Principal,
    body: RefundCreate,
    approver_id: int | None,
    today: date,
    now: float,
) -> Refund:
    """Void a cash payment (inside the caller's write transaction)."""
    payment = _payment_of_country(conn, body.payment.id, staff.country)
    if payment["operator_id"] is None or payment["method_type"] != "cash":
        raise ApiException(
            422,
            "notCash",
            f"Payment {payment['id']} was not taken in cash at a payment point: it cannot be"
            " voided here",
            field="payment.id",
        )
    topped_up = conn.execute(
        "SELECT number FROM payment_topup WHERE payment_id = ?", (payment["id"],)
    ).fetchone()
    if topped_up is not None:
        raise ApiException(
            409,
            "topupNotVoidable",
            f"Payment {payment['id']} topped up line {topped_up['number']}: the balance was"
            " credited at once and cannot be taken back",
            field="payment.id",
        )
    if payment["refund_id"] is not None:
        raise ApiException(
            409,
            "alreadyVoided",
            f"Payment {payment['id']} was already voided ({payment['refund_id']})",
        )
    shift = conn.execute(
        "SELECT * FROM kiosk_shift WHERE id = ?", (payment["shift_id"],)
    ).fetchone()
    if shift["state"] != "open":
        raise kiosk_shifts.shift_closed(shift["id"])
    approved_by = _approval(staff, payment, approver_id)
    seq = next_sequence(conn)
    refund_id = f"RF{seq:08d}"
    when = timezones.stored(timezones.moment(today, now, staff.country))
    conn.execute(
        "INSERT INTO refund (id, seq, payment_id, shift_id, operator_id, approved_by, currency,"
        " amount, reason, refund_date, receipt_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            refund_id,
            seq,
            payment["id"],
            shift["id"],
            staff.customer_id,
            approved_by,
            payment["currency"],
            payment["amount"],
            body.reason,
            when,
            f"RV-{today:%Y%m%d}-{seq:06d}",
        ),
    )
    conn.execute(
        "UPDATE payment SET status = 'canceled', status_date = ?, status_reason = ?,"
        " refund_id = ? WHERE id = ?",
        (when, f"voided at the payment point: {body.reason}", refund_id, payment["id"]),
    )
    _unapply(conn, payment, when)
    return get_refund(conn, staff, refund_id)


def _payment_of_country(conn: sqlite3.Connection, payment_id: str, country: str) -> sqlite3.Row:
    row = conn.execute(
        "SELECT payment.* FROM payment"
        " JOIN billing_account ON billing_account.id = payment.account_id"
        " WHERE payment.id = ? AND billing_account.country = ?",
        (payment_id, country),
    ).fetchone()
    if row is None:
        raise not_found("Payment", payment_id)
    return row


def _approval(staff: Principal, payment: sqlite3.Row, approver_id: int | None) -> int | None:
    """Who approved the void, if it needed approval; 403 notYourPayment when nobody did."""
    if staff.role == "supervisor":
        return staff.customer_id if payment["operator_id"] != staff.customer_id else None
    if payment["operator_id"] == staff.customer_id:
        return approver_id
    if approver_id is not None:
        return approver_id
    raise ApiException(
        403,
        "notYourPayment",
        f"Payment {payment['id']} was taken by another operator: a supervisor must approve"
        " its void",
        field="supervisor",
    )


def _unapply(conn: sqlite3.Connection, payment: sqlite3.Row, when: str) -> None:
    """Undo the payment's applications: its bills owe again what it paid."""
    for row in conn.execute(
        "SELECT id, bill_id, amount FROM applied_payment WHERE payment_id = ? AND from_credit = 0",
        (payment["id"],),
    ).fetchall():
        bill = conn.execute("SELECT * FROM bill WHERE id = ?", (row["bill_id"],)).fetchone()
        remaining = Decimal(bill["remaining_amount"]) + Decimal(row["amount"])
        if bill["state"] == "onHold":
            state = "onHold"
        elif remaining < Decimal(bill["amount_due"]):
            state = "partiallyPaid"
        else:
            state = "sent"
        conn.execute("DELETE FROM applied_payment WHERE id = ?", (row["id"],))
        conn.execute(
            "UPDATE bill SET remaining_amount = ?, state = ?, last_update = ? WHERE id = ?",
            (str(remaining), state, when, bill["id"]),
        )
        conn.execute(
            "UPDATE payment_promise SET state = 'active' WHERE bill_id = ? AND state = 'kept'",
            (bill["id"],),
        )
    ledger.apply_credit(conn, payment["account_id"], when)


# --- reading -------------------------------------------------------------------------------


def _visible_refund(conn: sqlite3.Connection, staff: Principal, refund_id: str) -> sqlite3.Row:
    row = conn.execute(
        "SELECT refund.*, payment.operator_id AS taken_by, kiosk_shift.country FROM refund"
        " JOIN payment ON payment.id = refund.payment_id"
        " JOIN kiosk_shift ON kiosk_shift.id = refund.shift_id WHERE refund.id = ?",
        (refund_id,),
    ).fetchone()
    if row is None or not (
        staff.customer_id in (row["operator_id"], row["taken_by"], row["approved_by"])
        or (staff.role == "supervisor" and row["country"] == staff.country)
    ):
        raise not_found("Refund", refund_id)
    return row


def _staff_ref(conn: sqlite3.Connection, user_id: int | None) -> Ref | None:
    if user_id is None:
        return None
    row = conn.execute("SELECT username, name FROM customer WHERE id = ?", (user_id,)).fetchone()
    return Ref(id=row["username"], name=row["name"])


def get_refund(conn: sqlite3.Connection, staff: Principal, refund_id: str) -> Refund:
    row = _visible_refund(conn, staff, refund_id)
    payment = conn.execute("SELECT * FROM payment WHERE id = ?", (row["payment_id"],)).fetchone()
    first_bill = conn.execute(
        "SELECT payment_item.bill_id, bill.bill_no FROM payment_item"
        " JOIN bill ON bill.id = payment_item.bill_id WHERE payment_id = ? ORDER BY position",
        (payment["id"],),
    ).fetchone()
    operator = _staff_ref(conn, row["operator_id"])
    assert operator is not None
    return Refund(
        id=row["id"],
        href=refund_href(row["id"]),
        payment=Ref(
            id=payment["id"], href=billing.payment_href(payment["id"]), name=payment["receipt_no"]
        ),
        amount=Money(unit=row["currency"], value=Decimal(row["amount"])),
        reason=row["reason"],
        status="done",
        refundDate=timezones.local(row["refund_date"], row["country"]),
        operator=operator,
        approvedBy=_staff_ref(conn, row["approved_by"]),
        receiptNo=row["receipt_no"],
        shift=Ref(id=row["shift_id"], href=kiosk_shifts.shift_href(row["shift_id"])),
        terminalId=payment["terminal_id"],
        account=Ref(id=payment["account_id"], href=billing.account_href(payment["account_id"])),
        bill=(
            Ref(
                id=first_bill["bill_id"],
                href=billing.bill_href(first_bill["bill_id"]),
                name=first_bill["bill_no"],
            )
            if first_bill
            else None
        ),
    )


@dataclass(frozen=True)
class RefundDocument:
    """What the void's receipt shows: the customer only masked."""

    refund: Refund
    payment: Payment
    holder: str
    holder_document: str
    country: str


def refund_document(conn: sqlite3.Connection, staff: Principal, refund_id: str) -> RefundDocument:
    refund = get_refund(conn, staff, refund_id)
    row = conn.execute(
        "SELECT payment.customer_id, billing_account.country FROM payment"
        " JOIN billing_account ON billing_account.id = payment.account_id WHERE payment.id = ?",
        (refund.payment.id,),
    ).fetchone()
    holder = conn.execute(
        "SELECT name, document_number FROM customer WHERE id = ?", (row["customer_id"],)
    ).fetchone()
    return RefundDocument(
        refund=refund,
        payment=payment_reads.get_payment(conn, row["customer_id"], refund.payment.id),
        holder=kiosk_lookup.mask_name(holder["name"]),
        holder_document=kiosk_lookup.mask_document(holder["document_number"]),
        country=row["country"],
    )
