"""How a payment is paid, resolved from its request: a tokenised card (its outcome comes from
the card's test class, see ``cards``) or a PSE bank transfer (pending until the bank answers,
see ``pse``)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from miclaro_tui.models import BankTransferPayment, CardPayment
from miclaro_tui.sandbox import cards, pse
from miclaro_tui.sandbox.errors import invalid

PENDING = "pendingAuthorization"


@dataclass(frozen=True)
class Method:
    """How a payment is paid, resolved from the request: what is stored of it, and the
    payment's first status."""

    type: str  # tokenizedCard | bankAccountTransfer
    status: str  # done | pendingAuthorization | denied
    brand: str | None = None
    last_four: str | None = None
    bank_name: str | None = None
    description: str | None = None
    token: str | None = None
    pending_outcome: str | None = None  # what a pending payment becomes: done | denied
    decline: str | None = None  # why a card was declined (a code of ``cards.DECLINES``)

    @property
    def reason(self) -> str | None:
        return cards.DECLINES[self.decline] if self.decline else None


def resolve(
    conn: sqlite3.Connection,
    customer_id: int,
    account: sqlite3.Row,
    method: CardPayment | BankTransferPayment,
    today: date,
) -> Method:
    """The method of a payment to ``account``, or 422 naming what cannot be used."""
    if isinstance(method, CardPayment):
        return _card(conn, customer_id, method, today)
    assert isinstance(method, BankTransferPayment)
    return _bank_transfer(account, method)


def _card(conn: sqlite3.Connection, customer_id: int, method: CardPayment, today: date) -> Method:
    """The card's outcome comes from its test class (``cards``): done, denied or pending."""
    card = conn.execute(
        "SELECT * FROM card_token WHERE id = ? AND customer_id = ?", (method.id, customer_id)
    ).fetchone()
    if card is None:
        raise invalid("paymentMethod.id", "unknown card token; tokenise the card first")
    if method.installments > 1 and card["card_type"] != "credit":
        raise invalid("paymentMethod.installments", "only credit cards take instalments")
    month, year = (int(part) for part in card["expiration"].split("/"))
    if (year, month) < (today.year, today.month):
        raise invalid("paymentMethod.id", "the card has expired")
    paid_with = {
        "type": "tokenizedCard",
        "brand": card["brand"],
        "last_four": card["last_four"],
        "token": card["id"],
    }
    outcome = card["outcome"]
    if outcome == cards.PENDING:
        return Method(status=PENDING, pending_outcome="done", **paid_with)
    if outcome in cards.DECLINES:
        return Method(status="denied", decline=outcome, **paid_with)
    return Method(status="done", **paid_with)


def _bank_transfer(account: sqlite3.Row, method: BankTransferPayment) -> Method:
    """PSE: pending until the bank answers (``pse``)."""
    if account["country"] != "CO":
        raise invalid("paymentMethod", "PSE pays Colombian accounts only")
    bank = pse.BANKS_BY_ID.get(method.bank)
    if bank is None:
        raise invalid("paymentMethod.bank", "not a PSE bank; see GET /pse/bank")
    document = method.documentNumber.strip()
    if not (document.isalnum() and 5 <= len(document) <= 15):
        raise invalid("paymentMethod.documentNumber", "write the document number")
    return Method(
        type="bankAccountTransfer",
        status=PENDING,
        bank_name=bank.name,
        description="PSE",
        pending_outcome=pse.final_outcome(document),
    )
