"""A card form: holder, number, expiry (MM/YY) and CVV, checked before anything is sent.

The number is shown in full only while the field has the focus; elsewhere it reads
"•••• 1111". The digits live in a ``SecretStr`` (masked ``repr``, so a crash screen printing
locals shows ``**********``), and ``wipe()`` forgets them and the CVV as soon as the card has
been tokenised. ``CardCreate`` is built by ``build()`` at the very last moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from pydantic import SecretStr
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Blur, Focus
from textual.widgets import Input, Label, Static

from miclaro_tui.cards import ASCII_DIGITS, card_brand, cvv_length, only_digits
from miclaro_tui.i18n import _

if TYPE_CHECKING:
    from miclaro_tui.models import CardCreate

BRAND_NAMES = {
    "visa": "VISA",
    "mastercard": "Mastercard",
    "amex": "American Express",
    "diners": "Diners Club",
    "elo": "Elo",
    "hipercard": "Hipercard",
}

def masked(brand: str, last_four: str) -> str:
    """How a card is shown once entered: "VISA •••• 1111"."""
    name = BRAND_NAMES.get(brand, _("Card"))
    return f"{name} •••• {last_four}"


@dataclass(frozen=True)
class FieldError:
    field: str  # the widget id, to mark it
    message: str  # names the field, translated


class CardNumberInput(Input):
    """Shows the full number only while focused; "•••• •••• •••• 1111" otherwise."""

    def __init__(self, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(**kwargs)
        self._secret = SecretStr("")
        self._masked = False

    @property
    def digits(self) -> str:
        if self._masked:
            return only_digits(self._secret.get_secret_value())
        return only_digits(self.value)

    @property
    def typed(self) -> str:
        """What was typed, for validation (may hold non-digits)."""
        return self._secret.get_secret_value() if self._masked else self.value

    def on_blur(self, event: Blur) -> None:
        typed = self.value
        digits = only_digits(typed)
        if len(digits) < 4 or self._masked:
            return
        self._secret = SecretStr(typed)
        self._masked = True
        with self.prevent(Input.Changed):
            self.value = "•••• " + digits[-4:]

    def on_focus(self, event: Focus) -> None:
        if self._masked:
            typed = self._secret.get_secret_value()
            self._secret = SecretStr("")
            self._masked = False
            with self.prevent(Input.Changed):
                self.value = typed
            self.cursor_position = len(typed)

    def wipe(self) -> None:
        self._secret = SecretStr("")
        self._masked = False
        with self.prevent(Input.Changed):
            self.value = ""


class CardForm(Vertical):
    """The four card fields and the brand, recognised as the number is typed."""

    DEFAULT_CSS = """
    CardForm { height: auto; }
    CardForm .card-row { height: auto; }
    CardForm .card-cell { height: auto; width: 1fr; }
    CardForm .card-cell.-right { margin-left: 2; }
    CardForm .card-label-row { height: 1; }
    CardForm .card-label-row Label { width: auto; }
    CardForm #card-brand { width: 1fr; padding-left: 2; }
    CardForm Input.-invalid-field { border: tall $error; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal(classes="card-row"):
            with Vertical(classes="card-cell"):
                yield Label(_("Name on the card"), classes="field-label")
                yield Input(id="card-holder", placeholder=_("As printed on the card"), max_length=80)
            with Vertical(classes="card-cell -right"):
                with Horizontal(classes="card-label-row"):
                    yield Label(_("Card number"), classes="field-label")
                    yield Static(id="card-brand")
                yield CardNumberInput(
                    id="card-number", placeholder="0000 0000 0000 0000", max_length=23
                )
        with Horizontal(classes="card-row"):
            with Vertical(classes="card-cell"):
                yield Label(_("Expiry (MM/YY)"), classes="field-label")
                yield Input(id="card-expiry", placeholder=_("MM/YY"), max_length=5)
            with Vertical(classes="card-cell -right"):
                yield Label(_("Security code (CVV)"), classes="field-label")
                yield Input(id="card-cvv", placeholder="•••", password=True, max_length=4)

    def on_mount(self) -> None:
        self._show_brand("")

    @on(Input.Changed, "#card-number")
    def _number_changed(self, event: Input.Changed) -> None:
        self._show_brand(only_digits(event.value))

    def _show_brand(self, digits: str) -> None:
        brand = card_brand(digits)
        label = self.query_one("#card-brand", Static)
        if brand == "unknown":
            label.update(Text(_("Brand: —"), style="dim"))
        else:
            label.update(Text(BRAND_NAMES[brand], style="bold"))

    # --- reading, checking, forgetting ------------------------------------------------

    @property
    def number_input(self) -> CardNumberInput:
        return self.query_one("#card-number", CardNumberInput)

    @property
    def brand(self) -> str:
        return card_brand(self.number_input.digits)

    @property
    def last_four(self) -> str:
        return self.number_input.digits[-4:]

    def validate(self, today: date) -> list[FieldError]:
        """Every problem, each naming its field; marks the fields; clears the CVV if any."""
        from stdnum import luhn

        errors: list[FieldError] = []
        holder = self.query_one("#card-holder", Input).value.strip()
        if len(holder) < 2:
            errors.append(
                FieldError("card-holder", _("Name on the card: write it as printed on the card."))
            )
        typed = self.number_input.typed
        digits = only_digits(typed)
        stray = [ch for ch in typed if ch not in ASCII_DIGITS and ch not in " -"]
        if stray or not 12 <= len(digits) <= 19:
            errors.append(
                FieldError("card-number", _("Card number: type the 12 to 19 digits of the card."))
            )
        elif not luhn.is_valid(digits):
            errors.append(
                FieldError("card-number", _("Card number: it is not a valid card number; check the digits."))
            )
        expiry = self.query_one("#card-expiry", Input).value.strip()
        parsed = parse_expiry(expiry)
        if parsed is None:
            errors.append(FieldError("card-expiry", _("Expiry: write the month and year as MM/YY.")))
        elif parsed < (today.year, today.month):
            errors.append(FieldError("card-expiry", _("Expiry: this card has expired.")))
        cvv = self.query_one("#card-cvv", Input).value
        wanted = cvv_length(card_brand(digits))
        if len(cvv) != wanted or set(cvv) - ASCII_DIGITS:
            errors.append(
                FieldError(
                    "card-cvv",
                    _("Security code (CVV): {count} digits, on the back of the card "
                      "(on the front for American Express).").format(count=wanted),
                )
            )
        invalid = {error.field for error in errors}
        for field_id in ("card-holder", "card-number", "card-expiry", "card-cvv"):
            self.query_one(f"#{field_id}", Input).set_class(field_id in invalid, "-invalid-field")
        if errors:
            self.query_one("#card-cvv", Input).value = ""
        return errors

    def build(self) -> CardCreate:
        """The tokenisation request, built only when it is about to be sent."""
        from miclaro_tui.models import CardCreate

        year, month = parse_expiry(self.query_one("#card-expiry", Input).value.strip()) or (0, 0)
        return CardCreate(
            nameOnCard=self.query_one("#card-holder", Input).value.strip(),
            cardNumber=self.number_input.digits,
            expirationDate=f"{month:02d}/{year:04d}",
            cvv=self.query_one("#card-cvv", Input).value,
        )

    def wipe(self) -> None:
        """Forget the number and the CVV (the holder and expiry may stay)."""
        self.number_input.wipe()
        self.query_one("#card-cvv", Input).value = ""
        self._show_brand("")

    def clear_marks(self) -> None:
        for field_id in ("card-holder", "card-number", "card-expiry", "card-cvv"):
            self.query_one(f"#{field_id}", Input).remove_class("-invalid-field")


def parse_expiry(value: str) -> tuple[int, int] | None:
    """"MM/YY" (or "MMYY", as people type it on a phone) -> (year, month), or None if it is
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
