"""Recording a payment: its row and items, and making it done (applied to its bills, or the
top-up made) with a receipt number and an authorization code.

Moments are the sandbox's "today" at the clock's time of day in the account's country (see
``timezones``): stored in UTC, shown in the account's zone.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import date

from miclaro_tui.models import ApiError, Payment, PaymentCreate
from miclaro_tui.sandbox import ledger, payment_methods, payment_reads, pse, timezones, topups
from miclaro_tui.sandbox.store import next_sequence

PENDING = payment_methods.PENDING


@dataclass(frozen=True)
class Answer:
    """What POST /payment answers: a status code and a JSON-ready body."""

    status: int
    content: dict[str, object]


def created(payment: Payment) -> Answer:
    """201 with the payment made."""
    return Answer(201, payment.model_dump(mode="json", by_alias=True, exclude_none=True))


def stamp(conn: sqlite3.Connection, account_id: str, today: date, now: float) -> str:
    """The moment of a payment event of the account, as the database keeps it."""
    country = conn.execute(
        "SELECT country FROM billing_account WHERE id = ?", (account_id,)
    ).fetchone()["country"]
    return timezones.stored(timezones.moment(today, now, country))


def _code(kind: str, payment_id: str) -> str:
    digest = hashlib.sha256(f"{kind}:{payment_id}".encode()).hexdigest()
    return f"{int(digest, 16) % 1_000_000:06d}"


def record(
    conn: sqlite3.Connection,
    customer_id: int,
    account: sqlite3.Row,
    body: PaymentCreate,
    method: payment_methods.Method,
    today: date,
    now: float,
) -> Answer:
    """Store the payment and its items; a done one is applied to its bills at once."""
    seq = next_sequence(conn)
    payment_id = f"PAY{seq:08d}"
    when = stamp(conn, account["id"], today, now)
    channel = body.channel
    conn.execute(
        "INSERT INTO payment (id, seq, customer_id, account_id, correlator_id, status,"
        " status_date, status_reason, payment_date, currency, amount, method_type, brand,"
        " last_four, bank_name, method_description, card_token, pending_outcome, channel_id,"
        " channel_name, authorization_url)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            payment_id,
            seq,
            customer_id,
            account["id"],
            body.correlatorId,
            method.status,
            when,
            method.reason,
            when,
            account["currency"],
            str(body.amount.value),
            method.type,
            method.brand,
            method.last_four,
            method.bank_name,
            method.description,
            method.token,
            method.pending_outcome,
            channel.id,
            channel.name,
            pse.authorization_url(payment_id) if method.status == PENDING else None,
        ),
    )
    if topups.is_topup(body):
        topups.record_item(conn, payment_id, body)
    else:
        conn.executemany(
            "INSERT INTO payment_item (payment_id, position, bill_id, amount) VALUES (?, ?, ?, ?)",
            [
                (payment_id, position, item.item.id, str(item.amount.value))
                for position, item in enumerate(body.paymentItem)
            ],
        )
    if method.status == "done":
        complete(conn, payment_id, today, when)
    if method.decline is not None:
        error = ApiError(
            code=method.decline,
            reason="Payment Required",
            message=method.reason or "",
            status=402,
        )
        return Answer(402, error.model_dump(mode="json", exclude_none=True))
    return created(payment_reads.get_payment(conn, customer_id, payment_id))


def complete(conn: sqlite3.Connection, payment_id: str, today: date, when: str) -> None:
    """Make a payment done: apply it to its bills, give it a receipt and a code."""
    payment = conn.execute("SELECT seq FROM payment WHERE id = ?", (payment_id,)).fetchone()
    conn.execute(
        "UPDATE payment SET status = 'done', status_date = ?, status_reason = NULL,"
        " authorization_code = ?, receipt_no = ? WHERE id = ?",
        (
            when,
            _code("authorization", payment_id),
            f"RC-{today:%Y%m%d}-{payment['seq']:06d}",
            payment_id,
        ),
    )
    if not topups.complete(conn, payment_id, today, when):  # a top-up credits its line
        ledger.apply_payment(conn, payment_id, when)
