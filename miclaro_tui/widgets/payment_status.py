"""A payment's status as a word, a marker and a colour (never the colour alone), and how it
was paid, masked: "VISA •••• 1111", "PSE · Bancolombia"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from miclaro_tui.i18n import C_, _
from miclaro_tui.widgets.card_form import masked

if TYPE_CHECKING:
    from miclaro_tui.models import PaymentMethodSummary

STATUSES = {  # marker, colour; the word comes from payment_status_word
    "pendingAuthorization": ("…", "bold yellow"),
    "authorized": ("…", "bold yellow"),
    "captured": ("✔", "bold green"),
    "done": ("✔", "bold green"),
    "failed": ("✘", "bold red"),
    "denied": ("✘", "bold red"),
    "canceled": ("–", "bold magenta"),
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


def payment_status_text(status: str) -> Text:
    marker, style = STATUSES.get(status, ("•", ""))
    return Text(f"{marker} {payment_status_word(status)}", style=style)


def method_text(method: PaymentMethodSummary) -> str:
    if method.type == "tokenizedCard":
        return masked(method.brand or "unknown", method.lastFourDigits or "????")
    if method.type == "bankAccountTransfer":
        return "PSE · " + (method.bankName or _("bank"))
    if method.type == "cash":
        return _("Cash") + (f" · {method.description}" if method.description else "")
    return _("Reported") + (f" · {method.description}" if method.description else "")
