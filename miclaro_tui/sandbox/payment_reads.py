"""Reading TMF676 payments: one, a page of a customer's, a kiosk shift's.

Every read is on behalf of one caller: a customer reads the payments made for them, kiosk staff
those they took (``payer_column``); others' ids are simply not found. A guest session
(``guest_session``) reads only the payments made under its own Idempotency-Keys, not those of
the number's other guests (``guests``). An operator reads the account holder's name masked.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal

from miclaro_tui.models import Money, Payment, PaymentItem, PaymentMethodSummary, Ref
from miclaro_tui.sandbox import (
    billing,
    guests,
    kiosk_lookup,
    kiosk_shifts,
    payment_methods,
    timezones,
    topups,
)
from miclaro_tui.sandbox.errors import not_found

PENDING = payment_methods.PENDING

# A guest session's payment: one whose key (its correlatorId) the session kept as its own.
_GUEST_OWN = (
    " AND EXISTS (SELECT 1 FROM idempotency_key WHERE idempotency_key.customer_id ="
    " payment.customer_id AND idempotency_key.operation = 'payment'"
    " AND idempotency_key.key = ? || payment.correlator_id)"
)


def payer_column(conn: sqlite3.Connection, customer_id: int) -> str:
    """Whose payments a caller reads: a customer those paid for them, staff those they took."""
    row = conn.execute("SELECT role FROM customer WHERE id = ?", (customer_id,)).fetchone()
    return "customer_id" if row is None or row["role"] == "customer" else "operator_id"


def _holder_name(row: sqlite3.Row, name: str, reader_id: int | None) -> str:
    """The account holder's name; masked for the operator who took the payment."""
    if reader_id is None or reader_id == row["customer_id"]:
        return name
    return kiosk_lookup.mask_name(name)


def _kiosk_fields(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, object]:
    if row["operator_id"] is None:
        return {}
    operator = conn.execute(
        "SELECT username, name FROM customer WHERE id = ?", (row["operator_id"],)
    ).fetchone()
    currency = row["currency"]
    return {
        "cashReceived": Money(unit=currency, value=Decimal(row["cash_received"])),
        "change": Money(unit=currency, value=Decimal(row["change_given"])),
        "operator": Ref(id=operator["username"], name=operator["name"]),
        "terminalId": row["terminal_id"],
        "shift": Ref(id=row["shift_id"], href=kiosk_shifts.shift_href(row["shift_id"])),
        "refund": Ref(id=row["refund_id"]) if row["refund_id"] else None,
    }


def _reader(
    conn: sqlite3.Connection, customer_id: int, guest_session: str | None
) -> tuple[str, list[object]]:
    """The condition (and its parameters) of the payments a caller may read."""
    where = f"{payer_column(conn, customer_id)} = ?"
    if guest_session is None:
        return where, [customer_id]
    return where + _GUEST_OWN, [customer_id, guests.own_key_prefix(guest_session)]


def owned_payment(
    conn: sqlite3.Connection,
    customer_id: int,
    payment_id: str,
    guest_session: str | None = None,
) -> sqlite3.Row:
    """The payment's row, if the caller may read it; otherwise not found."""
    where, params = _reader(conn, customer_id, guest_session)
    row = conn.execute(
        f"SELECT * FROM payment WHERE id = ? AND {where}", [payment_id, *params]
    ).fetchone()
    if row is None:
        raise not_found("Payment", payment_id)
    return row


def payment_of(conn: sqlite3.Connection, row: sqlite3.Row, reader_id: int | None = None) -> Payment:
    """The TMF676 Payment of a stored row, as ``reader_id`` may see it."""
    currency = row["currency"]
    items = [
        PaymentItem(
            item=Ref(
                id=item["bill_id"], href=billing.bill_href(item["bill_id"]), name=item["bill_no"]
            ),
            amount=Money(unit=currency, value=Decimal(item["amount"])),
        )
        for item in conn.execute(
            "SELECT payment_item.*, bill.bill_no FROM payment_item"
            " JOIN bill ON bill.id = payment_item.bill_id"
            " WHERE payment_id = ? ORDER BY position",
            (row["id"],),
        )
    ] + topups.payment_items(conn, row["id"], currency)
    account = conn.execute(
        "SELECT name, country FROM billing_account WHERE id = ?", (row["account_id"],)
    ).fetchone()
    return Payment(
        id=row["id"],
        href=billing.payment_href(row["id"]),
        correlatorId=row["correlator_id"],
        status=row["status"],
        statusDate=timezones.local(row["status_date"], account["country"]),
        statusReason=row["status_reason"],
        paymentDate=timezones.local(row["payment_date"], account["country"]),
        account=Ref(
            id=row["account_id"],
            href=billing.account_href(row["account_id"]),
            name=_holder_name(row, account["name"], reader_id),
        ),
        amount=Money(unit=currency, value=Decimal(row["amount"])),
        paymentItem=items,
        paymentMethod=PaymentMethodSummary(
            type=row["method_type"],
            brand=row["brand"],
            lastFourDigits=row["last_four"],
            bankName=row["bank_name"],
            description=row["method_description"],
        ),
        channel=(
            Ref(id=row["channel_id"], name=row["channel_name"]) if row["channel_id"] else None
        ),
        authorizationCode=row["authorization_code"],
        receiptNo=row["receipt_no"],
        authorizationUrl=row["authorization_url"] if row["status"] == PENDING else None,
        **_kiosk_fields(conn, row),
    )


def get_payment(
    conn: sqlite3.Connection, customer_id: int, payment_id: str, guest_session: str | None = None
) -> Payment:
    row = owned_payment(conn, customer_id, payment_id, guest_session)
    return payment_of(conn, row, customer_id)


def is_pending(
    conn: sqlite3.Connection, customer_id: int, payment_id: str, guest_session: str | None = None
) -> bool:
    return owned_payment(conn, customer_id, payment_id, guest_session)["status"] == PENDING


def list_payments(
    conn: sqlite3.Connection,
    customer_id: int,
    *,
    account_id: str | None = None,
    correlator_id: str | None = None,
    guest_session: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[Payment], int]:
    """One page of the caller's payments, newest first, and how many match in all."""
    condition, params = _reader(conn, customer_id, guest_session)
    where = f"WHERE {condition}"
    if account_id is not None:
        where += " AND account_id = ?"
        params.append(account_id)
    if correlator_id is not None:
        where += " AND correlator_id = ?"
        params.append(correlator_id)
    total = conn.execute(f"SELECT count(*) FROM payment {where}", params).fetchone()[0]
    rows = conn.execute(
        f"SELECT * FROM payment {where} ORDER BY payment_date DESC, seq DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return [payment_of(conn, row, customer_id) for row in rows], total


def shift_payments(conn: sqlite3.Connection, staff_id: int, shift_id: str) -> list[Payment]:
    """The cash payments of a shift, newest first (voided ones too), for the operator whose
    shift it is or a supervisor of its country (``kiosk_shifts.visible_shift``); the holders'
    names masked."""
    rows = conn.execute(
        "SELECT * FROM payment WHERE shift_id = ? AND method_type = 'cash'"
        " ORDER BY payment_date DESC, seq DESC",
        (shift_id,),
    ).fetchall()
    return [payment_of(conn, row, staff_id) for row in rows]
