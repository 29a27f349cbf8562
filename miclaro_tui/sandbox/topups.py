"""Top-ups (TMF654 TopupBalance), paid by the ordinary TMF676 payment: its one item has
``itemType`` "topupBalance" and refers to the number to credit.

- The number must be a prepaid line of the carrier in the paying account's country; the
  amount within the country's top-up limits. A guest pays only for the line it signed in for.
- When the payment is approved (at once for a card, when the bank confirms for PSE) the
  top-up is made, once per payment: an open balance advance of the line is repaid first, the
  rest is credited, and the receiver gets an SMS unless the line is the payer's own.
- A declined or cancelled payment makes no top-up.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

from miclaro_tui.models import (
    GUEST_ACCOUNT_ID,
    Money,
    PaymentCreate,
    PaymentItem,
    Ref,
    TopupBalance,
)
from miclaro_tui.sandbox import advances, balances, numbers, prepaid, prepaid_catalog, timezones
from miclaro_tui.sandbox.errors import ApiException, invalid, not_found

TOPUP = "topupBalance"


def is_topup(body: PaymentCreate) -> bool:
    return any(item.itemType == TOPUP for item in body.paymentItem)


def validated(conn: sqlite3.Connection, customer_id: int, body: PaymentCreate) -> sqlite3.Row:
    """The account paying the top-up, once the number and the amount allow it."""
    if len(body.paymentItem) != 1 or body.paymentItem[0].itemType != TOPUP:
        raise invalid("paymentItem", "a top-up payment has one item: the line to top up")
    item = body.paymentItem[0]
    guest = conn.execute("SELECT * FROM guest WHERE customer_id = ?", (customer_id,)).fetchone()
    account_id = body.account.id
    if guest is not None and account_id == GUEST_ACCOUNT_ID:
        account_id = guest["account_id"]
    account = conn.execute(
        "SELECT * FROM billing_account WHERE id = ? AND customer_id = ?",
        (account_id, customer_id),
    ).fetchone()
    if account is None:
        raise not_found("Billing account", body.account.id)
    receiver = numbers.prepaid_receiver(
        conn, item.item.id, account["country"], "paymentItem.item.id"
    )
    if guest is not None and receiver.number != guest["number"]:
        raise invalid("paymentItem.item.id", "a guest tops up only the line it signed in for")
    check_amounts(body, account)
    return account


def check_amounts(body: PaymentCreate, account: sqlite3.Row) -> None:
    """A top-up's amount: in the account's currency, its one item's, within the country's
    top-up limits."""
    currency = account["currency"]
    item = body.paymentItem[0]
    if body.amount.unit != currency or item.amount.unit != currency:
        raise invalid("amount.unit", f"top-ups in {account['country']} are in {currency}")
    if item.amount.value != body.amount.value:
        raise invalid("amount.value", "the amount must equal the sum of the items")
    catalog = prepaid_catalog.catalog(account["country"])
    if body.amount.value < catalog.topupMin.value:
        raise ApiException(
            422,
            "amountBelowMin",
            f"amount.value: a top-up is at least {catalog.topupMin.value} {currency}",
            field="amount.value",
        )
    if body.amount.value > catalog.topupMax.value:
        raise ApiException(
            422,
            "amountAboveMax",
            f"amount.value: a top-up is at most {catalog.topupMax.value} {currency}",
            field="amount.value",
        )


def record_item(conn: sqlite3.Connection, payment_id: str, body: PaymentCreate) -> None:
    import phonenumbers

    item = body.paymentItem[0]
    number = phonenumbers.format_number(
        phonenumbers.parse(item.item.id, None), phonenumbers.PhoneNumberFormat.E164
    )
    conn.execute(
        "INSERT INTO payment_topup (payment_id, number, amount) VALUES (?, ?, ?)",
        (payment_id, number, str(item.amount.value)),
    )


def payment_items(conn: sqlite3.Connection, payment_id: str, currency: str) -> list[PaymentItem]:
    row = conn.execute("SELECT * FROM payment_topup WHERE payment_id = ?", (payment_id,)).fetchone()
    if row is None:
        return []
    return [
        PaymentItem(
            item=Ref(id=row["number"], name=row["number"]),
            amount=Money(unit=currency, value=Decimal(row["amount"])),
            itemType=TOPUP,
        )
    ]


def complete(conn: sqlite3.Connection, payment_id: str, today: date, when: str) -> bool:
    """Make the top-up of an approved payment (once); False if it pays no top-up."""
    item = conn.execute(
        "SELECT payment_topup.*, payment.customer_id, payment.currency, payment.payment_date,"
        " payment.account_id FROM payment_topup"
        " JOIN payment ON payment.id = payment_topup.payment_id"
        " WHERE payment_topup.payment_id = ?",
        (payment_id,),
    ).fetchone()
    if item is None:
        return False
    if conn.execute("SELECT 1 FROM topup WHERE payment_id = ?", (payment_id,)).fetchone():
        return True
    number, currency = item["number"], item["currency"]
    amount = Decimal(item["amount"])
    repaid = advances.repay(conn, number, amount, today, when)
    new_balance = balances.add(conn, number, amount - repaid)
    seq, receipt = balances.receipt_number(conn, today, "RT")
    conn.execute(
        "INSERT INTO topup (id, seq, payment_id, number, currency, amount, advance_repaid,"
        " requested_date, confirmation_date, receipt_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            f"TOP{seq:08d}",
            seq,
            payment_id,
            number,
            currency,
            str(amount),
            str(repaid) if repaid else None,
            item["payment_date"],
            when,
            receipt,
        ),
    )
    balances.record(conn, today, number, "topup", when, currency, amount, payment_id=payment_id)
    own = conn.execute(
        "SELECT 1 FROM line JOIN billing_account ON billing_account.id = line.account_id"
        " WHERE line.e164_digits = ? AND billing_account.customer_id = ?",
        (number.lstrip("+"), item["customer_id"]),
    ).fetchone()
    if own is None:
        account = conn.execute(
            "SELECT country FROM billing_account WHERE id = ?", (item["account_id"],)
        ).fetchone()
        payer = conn.execute(
            "SELECT line.number FROM line WHERE account_id = ? ORDER BY position LIMIT 1",
            (item["account_id"],),
        ).fetchone()
        balances.send_sms(
            conn,
            number,
            account["country"],
            "topup",
            when,
            caused_by=item["customer_id"],
            amount=balances.shown(amount, currency),
            sender=payer["number"] if payer else "Claro",
            balance=balances.shown(new_balance, currency),
        )
    return True


# --- reading --------------------------------------------------------------------------------


def _topup(conn: sqlite3.Connection, row: sqlite3.Row, country: str) -> TopupBalance:
    line = conn.execute(
        "SELECT id FROM line WHERE e164_digits = ?", (row["number"].lstrip("+"),)
    ).fetchone()
    currency = row["currency"]
    return TopupBalance(
        id=row["id"],
        status="completed",
        requestedDate=timezones.local(row["requested_date"], country),
        confirmationDate=timezones.local(row["confirmation_date"], country),
        amount=Money(unit=currency, value=Decimal(row["amount"])),
        product=Ref(id=line["id"] if line else row["number"], name=row["number"]),
        payment=Ref(id=row["payment_id"]),
        advanceRepaid=(
            Money(unit=currency, value=Decimal(row["advance_repaid"]))
            if row["advance_repaid"]
            else None
        ),
        receiptNo=row["receipt_no"],
    )


def list_topups(conn: sqlite3.Connection, customer_id: int, line_id: str) -> list[TopupBalance]:
    """The line's top-ups, newest first (whoever paid them)."""
    line = prepaid.prepaid_line(conn, customer_id, line_id)
    rows = conn.execute(
        "SELECT * FROM topup WHERE number = ? ORDER BY confirmation_date DESC, seq DESC",
        (line["number"],),
    ).fetchall()
    return [_topup(conn, row, line["country"]) for row in rows]


def get_topup(conn: sqlite3.Connection, customer_id: int, topup_id: str) -> TopupBalance:
    """A top-up of one of the customer's lines, or one the customer paid."""
    row = conn.execute(
        "SELECT topup.*, billing_account.country FROM topup"
        " JOIN payment ON payment.id = topup.payment_id"
        " JOIN billing_account ON billing_account.id = payment.account_id"
        " WHERE topup.id = ? AND (payment.customer_id = ? OR EXISTS (SELECT 1 FROM line"
        " JOIN billing_account AS owner ON owner.id = line.account_id"
        " WHERE line.e164_digits = substr(topup.number, 2) AND owner.customer_id = ?))",
        (topup_id, customer_id, customer_id),
    ).fetchone()
    if row is None:
        raise not_found("Top-up", topup_id)
    return _topup(conn, row, row["country"])
