"""A bill's status as a word and a colour (never the colour alone)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text

from miclaro_tui.i18n import C_

if TYPE_CHECKING:
    from miclaro_tui.models import CustomerBill

# (word, Textual theme variable for its colour); the words are translated when shown.
PAID = "paid"
PENDING = "pending"
OVERDUE = "overdue"
PARTLY_PAID = "partly-paid"
IN_DISPUTE = "in-dispute"


def status_key(bill: CustomerBill, today: date) -> str:
    if bill.state == "settled":
        return PAID
    if bill.state == "onHold":
        return IN_DISPUTE
    if bill.is_overdue(today):
        return OVERDUE
    if bill.state == "partiallyPaid":
        return PARTLY_PAID
    return PENDING


def status_word(key: str) -> str:
    return {
        PAID: C_("invoice", "Paid"),
        PENDING: C_("invoice", "Pending"),
        OVERDUE: C_("invoice", "Overdue"),
        PARTLY_PAID: C_("invoice", "Partly paid"),
        IN_DISPUTE: C_("invoice", "In dispute"),
    }[key]


STYLES = {
    PAID: "bold green",
    PENDING: "bold yellow",
    OVERDUE: "bold red",
    PARTLY_PAID: "bold yellow",
    IN_DISPUTE: "bold cyan",
}


def status_text(bill: CustomerBill, today: date) -> Text:
    key = status_key(bill, today)
    marker = {PAID: "✔", OVERDUE: "!", IN_DISPUTE: "?"}.get(key, "•")
    return Text(f"{marker} {status_word(key)}", style=STYLES[key])
