"""What a card or PSE payment of bills must be before it is recorded: bills of one account of
the customer, each once, amounts in the account's currency adding up, and within the limits of
one payment and of the credit an account may hold.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal

from miclaro_tui.models import MAX_AMOUNT, PAYMENT_LIMITS, PaymentCreate
from miclaro_tui.sandbox import bills, ledger, payment_methods
from miclaro_tui.sandbox.errors import invalid, not_found

PENDING = payment_methods.PENDING


def validated(conn: sqlite3.Connection, customer_id: int, body: PaymentCreate) -> sqlite3.Row:
    """The account the payment pays, once its bills, amounts and limits allow it."""
    paid = [bills.owned_bill(conn, customer_id, item.item.id) for item in body.paymentItem]
    account = conn.execute(
        "SELECT * FROM billing_account WHERE id = ? AND customer_id = ?",
        (body.account.id, customer_id),
    ).fetchone()
    if account is None:
        raise not_found("Billing account", body.account.id)
    if len({bill["id"] for bill in paid}) != len(paid):
        raise invalid("paymentItem", "each bill may appear only once")
    for bill in paid:
        if bill["account_id"] != account["id"]:
            raise invalid("account.id", f"bill {bill['bill_no']} belongs to another account")
    check_amounts(body, account["currency"])
    _check_limits(conn, account, body, paid)
    return account


def check_amounts(body: PaymentCreate, currency: str) -> None:
    """The amount and each item's: in the account's currency, more than zero, adding up."""
    if body.amount.unit != currency:
        raise invalid("amount.unit", f"the account is billed in {currency}")
    if body.amount.value <= 0:
        raise invalid("amount.value", "the amount must be more than zero")
    for item in body.paymentItem:
        if item.amount.unit != currency:
            raise invalid("paymentItem.amount.unit", f"the account is billed in {currency}")
        if item.amount.value <= 0:
            raise invalid("paymentItem.amount.value", "each amount must be more than zero")
    if sum((item.amount.value for item in body.paymentItem), Decimal(0)) != body.amount.value:
        raise invalid("amount.value", "the amount must equal the sum of the items")


def payment_limit(currency: str) -> Decimal:
    """The most one payment may move, and the largest credit balance an account may hold."""
    return PAYMENT_LIMITS.get(currency, MAX_AMOUNT)


def check_payment_limit(body: PaymentCreate, currency: str) -> Decimal:
    """Refuse a payment over its currency's limit; the limit."""
    limit = payment_limit(currency)
    if body.amount.value > limit:
        raise invalid("amount.value", f"one payment may move at most {limit} {currency}")
    return limit


def _check_limits(
    conn: sqlite3.Connection, account: sqlite3.Row, body: PaymentCreate, paid: list[sqlite3.Row]
) -> None:
    """Refuse a payment over its currency's limit, or one whose excess could take the
    account's credit past it (counting what payments still pending could add)."""
    currency = account["currency"]
    limit = check_payment_limit(body, currency)
    owed = {bill["id"]: max(Decimal(bill["remaining_amount"]), Decimal(0)) for bill in paid}
    excess = sum(
        (max(item.amount.value - owed[item.item.id], Decimal(0)) for item in body.paymentItem),
        Decimal(0),
    )
    if excess <= 0:
        return
    pending = sum(
        (
            Decimal(row["amount"])
            for row in conn.execute(
                "SELECT amount FROM payment WHERE account_id = ? AND status = ?",
                (account["id"], PENDING),
            )
        ),
        Decimal(0),
    )
    if ledger.credit_balance(conn, account["id"]) + pending + excess > limit:
        raise invalid(
            "amount.value",
            f"this payment would leave more than {limit} {currency} of credit on the account;"
            " pay what the bills owe",
        )
