"""A bill's status as a marker, a word and a tone's colour (never the colour alone)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from miclaro_tui.i18n import C_
from miclaro_tui.widgets.tone import Tone, ToneCell, toned

if TYPE_CHECKING:
    from textual.content import Content

    from miclaro_tui.models import CustomerBill

# The statuses' keys; the words are translated when shown.
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


TONES: dict[str, Tone] = {
    PAID: "success",
    PENDING: "warning",
    OVERDUE: "error",
    PARTLY_PAID: "warning",
    IN_DISPUTE: "info",
}


def status_label(key: str) -> str:
    """The marker and the word: "✔ Paid", "! Overdue"."""
    marker = {PAID: "✔", OVERDUE: "!", IN_DISPUTE: "?"}.get(key, "•")
    return f"{marker} {status_word(key)}"


def status_text(bill: CustomerBill, today: date) -> Content:
    """The bill's status for a line of text (a title)."""
    key = status_key(bill, today)
    return toned(status_label(key), TONES[key])


def status_cell(bill: CustomerBill, today: date) -> ToneCell:
    """The bill's status for a DataTable cell."""
    key = status_key(bill, today)
    return ToneCell(status_label(key), TONES[key])
