"""A payment's status as a word, a marker and a colour (never the colour alone), and how it
was paid, masked: "VISA •••• 1111", "PSE · Bancolombia" (in Colombia)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from miclaro_tui.i18n import C_, _
from miclaro_tui.widgets.card_checks import masked
from miclaro_tui.widgets.tone import Tone, ToneCell, toned

if TYPE_CHECKING:
    from textual.content import Content

    from miclaro_tui.models import PaymentMethodSummary

STATUSES: dict[str, tuple[str, Tone]] = {  # marker, tone; the word is payment_status_word's
    "pendingAuthorization": ("…", "warning"),
    "authorized": ("…", "warning"),
    "captured": ("✔", "success"),
    "done": ("✔", "success"),
    "failed": ("✘", "error"),
    "denied": ("✘", "error"),
    "canceled": ("–", "neutral"),
}


def payment_status_word(status: str) -> str:
    """A payment's state in words (context "payment": "Pagado", where an invoice is "Pagada")."""
    words = {
        "pendingAuthorization": C_("payment", "Awaiting authorisation"),
        "authorized": C_("payment", "Authorised"),
        "captured": C_("payment", "Captured"),
        "done": C_("payment", "Paid"),
        "failed": C_("payment", "Failed"),
        "denied": C_("payment", "Declined"),
        "canceled": C_("payment", "Cancelled"),
    }
    return words.get(status, status)


def payment_status_text(status: str) -> Content:
    """The payment's status for a line of text."""
    marker, tone = STATUSES.get(status, ("•", ""))
    return toned(f"{marker} {payment_status_word(status)}", tone)


def payment_status_cell(status: str) -> ToneCell:
    """The payment's status for a DataTable cell: short ("Pending" for a payment awaiting
    authorisation), so a list keeps its columns within 80 columns."""
    marker, tone = STATUSES.get(status, ("•", ""))
    word = C_("payment", "Pending") if marker == "…" else payment_status_word(status)
    return ToneCell(f"{marker} {word}", tone)


def method_text(method: PaymentMethodSummary, country_code: str = "CO") -> str:
    """How it was paid, in the words of the account's country (a bank transfer is "PSE" in
    Colombia only)."""
    if method.type == "tokenizedCard":
        return masked(method.brand or "unknown", method.lastFourDigits or "????")
    if method.type == "bankAccountTransfer":
        from miclaro_tui.countries import country

        return _(country(country_code).bank_transfer) + " · " + (method.bankName or _("bank"))
    if method.type == "cash":
        return _("Cash") + (f" · {method.description}" if method.description else "")
    return _("Reported") + (f" · {method.description}" if method.description else "")
