"""Cash at a payment point (kiosk mode): a TMF676 payment that kiosk staff take.

Only kiosk staff take cash, into their own open shift, for bills of their country's
customers and top-ups of their country's carrier prepaid lines (within the country's top-up
limits; see ``_topup_account``); staff pay nothing any other way. A cash payment
never pays more than a bill still owes (two tills paying one bill at once: the transaction
is serialised, the second finds it paid), may be partial (from the currency's minimum), is
done at once, and keeps who took it, where, the cash handed over and the change.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

from miclaro_tui.models import CashPayment, PaymentCreate
from miclaro_tui.sandbox import (
    kiosk_cash,
    kiosk_shifts,
    numbers,
    payment_checks,
    payment_methods,
    payment_reads,
    payment_records,
    topups,
)
from miclaro_tui.sandbox.errors import (
    ApiException,
    invalid,
    not_for_operators,
    not_found,
    operators_only,
)


def create_cash_payment(
    conn: sqlite3.Connection, staff_id: int, body: PaymentCreate, today: date, now: float
) -> payment_records.Answer:
    """Check and record cash taken by ``staff_id`` (inside the caller's write transaction)."""
    staff = conn.execute("SELECT * FROM customer WHERE id = ?", (staff_id,)).fetchone()
    method = body.paymentMethod
    if staff["role"] == "customer":
        raise operators_only()
    if not isinstance(method, CashPayment):
        raise not_for_operators()
    shift = kiosk_shifts.taking_shift(conn, staff_id, staff["country"], method.shift.id)
    if topups.is_topup(body):
        account = _topup_account(conn, body, shift["country"])
        owner_id = int(account["customer_id"])
    else:
        account, owner_id = _cash_account(conn, body, shift["country"])
        payment_checks.check_amounts(body, account["currency"])
        _check_bills_owe(conn, body, account["currency"])
    _check_received(body, method, account["currency"], shift["country"])
    payment_checks.check_payment_limit(body, account["currency"])
    change = method.cashReceived.value - body.amount.value
    cash = payment_methods.Method(type="cash", status="done", description=shift["terminal_id"])
    answer = payment_records.record(conn, owner_id, account, body, cash, today, now)
    payment_id = str(answer.content["id"])
    conn.execute(
        "UPDATE payment SET operator_id = ?, shift_id = ?, terminal_id = ?, cash_received = ?,"
        " change_given = ? WHERE id = ?",
        (
            staff_id,
            shift["id"],
            shift["terminal_id"],
            str(method.cashReceived.value),
            str(change),
            payment_id,
        ),
    )
    return payment_records.created(payment_reads.get_payment(conn, staff_id, payment_id))


def _account_in(conn: sqlite3.Connection, body: PaymentCreate, country: str) -> sqlite3.Row:
    """The account the payment names, if it is of the shift's country."""
    account = conn.execute(
        "SELECT * FROM billing_account WHERE id = ? AND country = ?", (body.account.id, country)
    ).fetchone()
    if account is None:
        raise not_found("Billing account", body.account.id)
    return account


def _topup_account(conn: sqlite3.Connection, body: PaymentCreate, country: str) -> sqlite3.Row:
    """The account paying a top-up in cash at a payment point of ``country``: one item, a
    carrier prepaid line of that country, the amount within the country's top-up limits."""
    if len(body.paymentItem) != 1:
        raise invalid("paymentItem", "a top-up payment has one item: the line to top up")
    account = _account_in(conn, body, country)
    numbers.prepaid_receiver(conn, body.paymentItem[0].item.id, country, "paymentItem.item.id")
    topups.check_amounts(body, account)
    return account


def _cash_account(
    conn: sqlite3.Connection, body: PaymentCreate, country: str
) -> tuple[sqlite3.Row, int]:
    """The account whose bills the cash pays (of the shift's country), and its holder."""
    if len({item.item.id for item in body.paymentItem}) != len(body.paymentItem):
        raise invalid("paymentItem", "each bill may appear only once")
    account = _account_in(conn, body, country)
    for item in body.paymentItem:
        bill = conn.execute(
            "SELECT bill.account_id, bill.bill_no FROM bill"
            " JOIN billing_account ON billing_account.id = bill.account_id"
            " WHERE bill.id = ? AND billing_account.country = ?",
            (item.item.id, country),
        ).fetchone()
        if bill is None:
            raise not_found("Customer bill", item.item.id)
        if bill["account_id"] != account["id"]:
            raise invalid("account.id", f"bill {bill['bill_no']} belongs to another account")
    return account, int(account["customer_id"])


def _check_bills_owe(conn: sqlite3.Connection, body: PaymentCreate, currency: str) -> None:
    """What each bill still owes bounds the cash (read in this transaction: another till's
    payment of the bill is already in it)."""
    minimum = kiosk_cash.MINIMUM_PAYMENT.get(currency, Decimal("0.01"))
    for item in body.paymentItem:
        bill = conn.execute(
            "SELECT bill_no, remaining_amount FROM bill WHERE id = ?", (item.item.id,)
        ).fetchone()
        owed = Decimal(bill["remaining_amount"])
        if owed <= 0:
            raise ApiException(
                409,
                "billAlreadyPaid",
                f"Bill {bill['bill_no']} has nothing left to pay: it was paid meanwhile",
                field="paymentItem",
            )
        if item.amount.value > owed:
            raise ApiException(
                422,
                "exceedsAmountDue",
                f"Bill {bill['bill_no']} owes {owed} {currency}: a payment point takes at most"
                " that",
                field="paymentItem.amount.value",
            )
        if item.amount.value < min(minimum, owed):
            raise ApiException(
                422,
                "belowMinimum",
                f"A payment point takes at least {minimum} {currency} for a bill (or all it"
                " still owes)",
                field="paymentItem.amount.value",
            )


def _check_received(body: PaymentCreate, method: CashPayment, currency: str, country: str) -> None:
    """The cash handed over is in the currency, made of its notes and coins, and covers the
    amount."""
    received = method.cashReceived
    if received.unit != currency:
        raise invalid("paymentMethod.cashReceived.unit", f"the cash is in {currency}")
    if not kiosk_cash.tenderable(country, received.value):
        raise invalid(
            "paymentMethod.cashReceived.value",
            f"no notes and coins of {currency} make {received.value}",
        )
    if received.value < body.amount.value:
        raise ApiException(
            422,
            "cashShort",
            f"The cash received ({received.value} {currency}) is less than the amount"
            f" ({body.amount.value} {currency})",
            field="paymentMethod.cashReceived.value",
        )
