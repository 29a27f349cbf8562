"""A till's session, with no UI: who is signed in on which terminal, the open shift, the
customer being served (cleared after each transaction and on lock), the payments taken in
this run and the last receipt (for a reprint)."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from pydantic import SecretStr

    from miclaro_tui.kiosk.receipt import Receipt
    from miclaro_tui.models import CashDenominations, KioskCustomer, KioskShift, Payment

LookupKind = Literal["line", "document", "reference"]
MOBILE_LINE = {
    "CO": r"3\d{9}",
    "BR": r"\d{2}9\d{8}",
    "PE": r"9\d{8}",
    "EC": r"0?9\d{8}",
    "DO": r"(809|829|849)\d{7}",
}
"""A national mobile number as a counter types it, per country."""


def lookup_kind(text: str, country: str) -> LookupKind:
    """What a typed lookup is, when the operator did not say: ``+`` starts a line number; 12
    digits or more are a bill's payment code or barcode (a scanner types them); a national
    mobile number is a line; anything else a document."""
    compact = re.sub(r"[\s.\-()]", "", text)
    if compact.startswith("+"):
        return "line"
    if compact.isdigit() and len(compact) >= 12:
        return "reference"
    pattern = MOBILE_LINE.get(country)
    if pattern and re.fullmatch(pattern, compact):
        return "line"
    return "document"


def lookup_kinds(text: str, country: str) -> list[LookupKind]:
    """What to look a typed text up as, in order: ``lookup_kind``'s guess, then, for digits
    that read as a national mobile number, a document as well (a Brazilian CPF has the 11
    digits of a mobile number)."""
    kind = lookup_kind(text, country)
    compact = re.sub(r"[\s.\-()]", "", text)
    if kind == "line" and compact.isdigit():
        return ["line", "document"]
    return [kind]


class PasswordCheck:
    """The operator's password, kept in memory only as a salted scrypt digest, to let them
    leave the locked-down app (never written anywhere)."""

    def __init__(self, password: SecretStr) -> None:
        self._salt = os.urandom(16)
        self._digest = self._hash(password)

    def _hash(self, password: SecretStr) -> bytes:
        secret = password.get_secret_value().encode()
        return hashlib.scrypt(secret, salt=self._salt, n=2**12, r=8, p=1)

    def matches(self, password: SecretStr) -> bool:
        return hmac.compare_digest(self._hash(password), self._digest)

    def __repr__(self) -> str:
        return "PasswordCheck(****)"


@dataclass
class TakenPayment:
    payment: Payment
    receipt: Receipt
    voided: bool = False

    @property
    def voidable(self) -> bool:
        """Not voided, and a bill's: a top-up's balance was credited at once, and the
        carrier does not take it back."""
        return not self.voided and self.receipt.item_kind == "bill"


@dataclass
class TillSession:
    operator: str
    role: str
    terminal: str
    password: PasswordCheck
    shift: KioskShift | None = None
    denominations: CashDenominations | None = None
    customer: KioskCustomer | None = None
    taken: list[TakenPayment] = field(default_factory=list)
    """The payments taken in this run of the till, newest last (the ones it may void)."""
    last_receipt: Receipt | None = None

    @property
    def country(self) -> str:
        if self.shift is not None:
            return self.shift.country
        if self.denominations is not None:
            return self.denominations.country
        return "CO"

    def clear_customer(self) -> None:
        """Forget the customer being served (after a transaction, on lock)."""
        self.customer = None

    def voidable(self) -> list[TakenPayment]:
        return [taken for taken in self.taken if taken.voidable]

    def voidable_of_shift(self, payments: Sequence[Payment]) -> list[TakenPayment]:
        """What may be voided among the shift's payments as the server lists them (newest
        first): taken before a restart of the till as well as in this run. The receipts of
        this run's payments are kept (the customer as the lookup showed them); the others'
        are made from the payment."""
        mine = {taken.payment.id: taken for taken in self.taken}
        found = []
        for payment in payments:
            taken = mine.get(payment.id) or TakenPayment(payment, self.receipt_of(payment))
            if payment.refund is not None or payment.status != "done":
                taken.voided = True
            if taken.voidable:
                found.append(taken)
        return found

    def receipt_of(self, payment: Payment) -> Receipt:
        """The receipt of a cash payment of the shift, from what the server keeps of it."""
        from miclaro_tui.kiosk.receipt import Receipt

        item = payment.paymentItem[0] if payment.paymentItem else None
        return Receipt(
            number=payment.receiptNo or payment.id,
            when=payment.paymentDate,
            country=self.country,
            operator=payment.operator.id if payment.operator else self.operator,
            terminal=payment.terminalId or self.terminal,
            customer=payment.account.name or "",
            item_kind="line" if item is not None and item.itemType == "topupBalance" else "bill",
            item=(item.item.name or item.item.id) if item is not None else "",
            amount=payment.amount,
            cash=payment.cashReceived,
            change=payment.change,
        )
