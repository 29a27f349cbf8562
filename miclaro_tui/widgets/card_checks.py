"""What the card form checks and says, UI-less: the brands' names, a card shown masked
("VISA •••• 1111"), the messages naming each field (never repeating a digit), the expiry."""

from __future__ import annotations

from dataclasses import dataclass

from miclaro_tui.cards import ASCII_DIGITS, NumberCheck
from miclaro_tui.i18n import _, ngettext

BRAND_NAMES = {
    "visa": "VISA",
    "mastercard": "Mastercard",
    "amex": "American Express",
    "diners": "Diners Club",
    "elo": "Elo",
    "hipercard": "Hipercard",
}

FIELD_IDS = ("card-holder", "card-number", "card-expiry", "card-cvv")


def masked(brand: str, last_four: str) -> str:
    """How a card is shown once entered: "VISA •••• 1111"."""
    name = BRAND_NAMES.get(brand, _("Card"))
    return f"{name} •••• {last_four}"


def number_message(check: NumberCheck) -> str:
    """What is wrong with the typed number, naming the field; never repeats a digit."""
    if check.problem == "characters":
        return _("Card number: only digits and spaces; remove “{characters}”.").format(
            characters="”, “".join(_visible(run) for run in check.stray)
        )
    if check.problem == "script":
        return _(
            "Card number: type the digits 0 to 9; some are digits of another script "
            "(such as full-width)."
        )
    if check.problem == "length":
        return ngettext(
            "Card number: it has {count} digit; a card has 12 to 19.",
            "Card number: it has {count} digits; a card has 12 to 19.",
            check.count,
        ).format(count=check.count)
    if check.problem == "luhn":
        return _("Card number: it is not a valid card number; check the digits.")
    return _("Card number: type the 12 to 19 digits of the card.")


def holder_cleared_message() -> str:
    return _(
        "Name on the card: it looked like a card number, so it was cleared. "
        "Type the name, then Tab."
    )


def _visible(run: str) -> str:
    return "".join(ch if ch.isprintable() else "�" for ch in run)


@dataclass(frozen=True)
class FieldError:
    field: str  # the widget id, to mark it
    message: str  # names the field, translated


def parse_expiry(value: str) -> tuple[int, int] | None:
    """ "MM/YY" (or "MMYY", as people type it on a phone) -> (year, month), or None if it is
    not a month of this century."""
    value = value.replace(" ", "")
    if len(value) == 4 and set(value) <= ASCII_DIGITS:
        value = f"{value[:2]}/{value[2:]}"
    parts = value.split("/")
    if len(parts) != 2 or not all(p and set(p) <= ASCII_DIGITS for p in parts):
        return None
    month_text, year_text = parts
    if len(month_text) not in (1, 2) or len(year_text) != 2:
        return None
    month = int(month_text)
    if not 1 <= month <= 12:
        return None
    return 2000 + int(year_text), month
