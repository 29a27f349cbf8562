"""A card form: holder, number, expiry (MM/YY) and CVV, checked before anything is sent.

The number is shown in full only while the field has the focus. Elsewhere a number that
passed the checks reads "•••• 1111"; one that did not keeps its shape with every digit hidden
("•••• abcd •••• ••••"), so it never looks like a good card, and the form says what is wrong.
The digits live in a ``SecretStr`` (masked ``repr``, so a crash screen printing locals shows
``**********``), and ``wipe()`` forgets them and the CVV as soon as the card has been
tokenised. ``CardCreate`` is built by ``build()`` at the very last moment.

The holder's name never keeps a run of 12 digits or more (a card number typed or auto-typed
into the wrong field): it is cleared, and the form says why without repeating any digit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from pydantic import SecretStr
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from miclaro_tui.cards import (
    ASCII_DIGITS,
    NumberCheck,
    card_brand,
    check_card_number,
    cvv_length,
    is_separator,
    looks_like_card_number,
    only_digits,
)
from miclaro_tui.i18n import _, ngettext

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


class CardField(Input):
    """An input of the card form. A paste holding tabs (a password manager's "holder, Tab,
    number, Tab, ...") fills the following fields, as typing it would."""

    def _on_paste(self, event: events.Paste) -> None:
        if "\t" not in event.text:
            return  # Input's own handler inserts it
        event.prevent_default()  # not Input's: it would put the tabs and the rest in this field
        event.stop()
        form = next((a for a in self.ancestors if isinstance(a, CardForm)), None)
        if form is not None:
            form.paste_across(self, event.text.split("\t"))

    def put(self, text: str) -> None:
        """Replace what the field holds, as if typed (the field's own checks apply)."""
        self.replace(text, 0, len(self.value))


class HolderInput(CardField):
    """The name on the card. A value holding 12 digits or more in a row is never kept: the
    field is emptied instead, and ``CardNumberRefused`` (which carries nothing typed) tells
    the form. Checked in ``replace``, which every edit by keyboard or paste goes through, so
    the digits are never the field's value, not even for one ``Changed`` message. The digits
    and spaces that follow (the rest of that number) are dropped too, until a letter is typed
    or the field loses the focus."""

    class CardNumberRefused(Message):
        pass

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._refusing = False

    def replace(self, text: str, start: int, end: int) -> None:
        value = self.value
        start, end = sorted((max(0, start), min(len(value), end)))
        if self._refusing and text and all(ch.isdecimal() or is_separator(ch) for ch in text):
            return
        if looks_like_card_number(value[:start] + text + value[end:]):
            self._refusing = True
            self.value = ""
            self.cursor_position = 0
            self.post_message(self.CardNumberRefused())
            return
        if any(ch.isalpha() for ch in text):
            self._refusing = False
        super().replace(text, start, end)

    def on_blur(self, event: events.Blur) -> None:
        self._refusing = False


class CardNumberInput(CardField):
    """Shows the full number only while focused. Unfocused, a number that passes the checks
    reads "•••• 1111", any other has each digit hidden; ``Checked`` tells the form then."""

    class Checked(Message):
        def __init__(self, check: NumberCheck) -> None:
            super().__init__()
            self.check = check  # holds no digit

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._secret = SecretStr("")
        self._masked = False

    @property
    def digits(self) -> str:
        return only_digits(self.typed)

    @property
    def typed(self) -> str:
        """What was typed, for validation (may hold non-digits)."""
        return self._secret.get_secret_value() if self._masked else self.value

    def on_blur(self, event: events.Blur) -> None:
        if not self._masked:
            self.post_message(self.Checked(self.conceal()))

    def on_focus(self, event: events.Focus) -> None:
        if self._masked:
            typed = self._secret.get_secret_value()
            self._secret = SecretStr("")
            self._masked = False
            with self.prevent(Input.Changed):
                self.value = typed
            self.cursor_position = len(typed)

    def conceal(self) -> NumberCheck:
        """Hide the number (see the class); what is wrong with it, if anything."""
        typed = self.value
        check = check_card_number(typed)
        if any(ch.isdecimal() for ch in typed):
            self._secret = SecretStr(typed)
            self._masked = True
            if check.ok:
                shown = "•••• " + only_digits(typed)[-4:]
            else:
                shown = "".join("•" if ch.isdecimal() else ch for ch in typed)
            with self.prevent(Input.Changed):
                self.value = shown
        return check

    def put(self, text: str) -> None:
        self._secret = SecretStr("")
        self._masked = False
        super().put(text)

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
    CardForm #card-note { height: auto; color: $text-error; display: none; }
    CardForm Input.-invalid-field { border: tall $error; }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._notes: dict[str, str] = {}
        self._holder_cleared = False

    def compose(self) -> ComposeResult:
        with Horizontal(classes="card-row"):
            with Vertical(classes="card-cell"):
                yield Label(_("Name on the card"), classes="field-label")
                yield HolderInput(
                    id="card-holder", placeholder=_("As printed on the card"), max_length=80
                )
            with Vertical(classes="card-cell -right"):
                with Horizontal(classes="card-label-row"):
                    yield Label(_("Card number"), classes="field-label")
                    yield Static(id="card-brand")
                yield CardNumberInput(
                    id="card-number", placeholder="0000 0000 0000 0000", max_length=23
                )
        yield Static(id="card-note")
        with Horizontal(classes="card-row"):
            with Vertical(classes="card-cell"):
                yield Label(_("Expiry (MM/YY)"), classes="field-label")
                yield CardField(id="card-expiry", placeholder=_("MM/YY"), max_length=5)
            with Vertical(classes="card-cell -right"):
                yield Label(_("Security code (CVV)"), classes="field-label")
                yield CardField(id="card-cvv", placeholder="•••", password=True, max_length=4)

    def on_mount(self) -> None:
        self._show_brand("")

    # --- live feedback -----------------------------------------------------------------

    @on(Input.Changed, "#card-number")
    def _number_changed(self, event: Input.Changed) -> None:
        self._show_brand(only_digits(event.value))
        self._note("card-number", "")

    @on(CardNumberInput.Checked)
    def _number_checked(self, event: CardNumberInput.Checked) -> None:
        wrong = event.check.problem not in ("", "empty")
        self.number_input.set_class(wrong, "-invalid-field")
        self._note("card-number", number_message(event.check) if wrong else "")

    @on(HolderInput.CardNumberRefused)
    def _holder_refused(self) -> None:
        self._refuse_holder()

    @on(Input.Changed, "#card-holder")
    def _holder_changed(self, event: Input.Changed) -> None:
        if looks_like_card_number(event.value):  # set by code, not typed: same rule
            self.query_one("#card-holder", Input).value = ""
            self._refuse_holder()
        elif any(ch.isalpha() for ch in event.value):
            self._holder_cleared = False
            holder = self.query_one("#card-holder", Input)
            holder.remove_class("-invalid-field")
            self._note("card-holder", "")

    def _refuse_holder(self) -> None:
        self._holder_cleared = True
        self.query_one("#card-holder", Input).add_class("-invalid-field")
        self._note("card-holder", holder_cleared_message())

    def _show_brand(self, digits: str) -> None:
        brand = card_brand(digits)
        label = self.query_one("#card-brand", Static)
        if brand == "unknown":
            label.update(Text(_("Brand: —"), style="dim"))
        else:
            label.update(Text(BRAND_NAMES[brand], style="bold"))

    def _note(self, field_id: str, message: str) -> None:
        if message:
            self._notes[field_id] = message
        else:
            self._notes.pop(field_id, None)
        self._show_notes()

    def _clear_notes(self) -> None:
        self._notes.clear()
        self._show_notes()

    def _show_notes(self) -> None:
        note = self.query_one("#card-note", Static)
        lines = [self._notes[f] for f in FIELD_IDS if f in self._notes]
        note.update(Text("\n".join(lines)))
        note.display = bool(lines)

    @property
    def note(self) -> str:
        """What the form says under the name and number right now ("" if nothing)."""
        return "\n".join(self._notes[f] for f in FIELD_IDS if f in self._notes)

    def paste_across(self, source: CardField, parts: list[str]) -> None:
        """A paste split at its tabs: the first part where the cursor is, each next part
        into the next field (holder, number, expiry, CVV); the focus ends where the last
        Tab would have left it."""
        fields = [self.query_one(f"#{field_id}", CardField) for field_id in FIELD_IDS]
        start = fields.index(source)
        lines = [(part.splitlines() or [""])[0] for part in parts]
        source.replace(lines[0], *source.selection)
        for field, line in zip(fields[start + 1 :], lines[1:]):
            field.put(line)
        last = min(start + len(lines) - 1, len(fields) - 1)
        number = self.number_input
        if start < fields.index(number) < last:  # filled and left behind: no Blur will hide it
            number.post_message(CardNumberInput.Checked(number.conceal()))
        fields[last].focus()

    # --- reading, checking, forgetting ------------------------------------------------

    @property
    def number_input(self) -> CardNumberInput:
        return self.query_one("#card-number", CardNumberInput)

    def validate(self, today: date) -> list[FieldError]:
        """Every problem, each naming its field; marks the fields; clears the CVV if any.
        The notes under the fields are cleared: the caller shows these messages."""
        errors: list[FieldError] = []
        holder_input = self.query_one("#card-holder", Input)
        holder = holder_input.value.strip()
        if looks_like_card_number(holder):
            with self.prevent(Input.Changed):
                holder_input.value = ""
            self._holder_cleared = True
            holder = ""
        if not holder and self._holder_cleared:
            errors.append(FieldError("card-holder", holder_cleared_message()))
        elif len(holder) < 2 or not any(ch.isalpha() for ch in holder):
            errors.append(
                FieldError("card-holder", _("Name on the card: write it as printed on the card."))
            )
        typed = self.number_input.typed
        check = check_card_number(typed)
        if not check.ok:
            errors.append(FieldError("card-number", number_message(check)))
        expiry = self.query_one("#card-expiry", Input).value.strip()
        parsed = parse_expiry(expiry)
        if parsed is None:
            errors.append(
                FieldError("card-expiry", _("Expiry: write the month and year as MM/YY."))
            )
        elif parsed < (today.year, today.month):
            errors.append(FieldError("card-expiry", _("Expiry: this card has expired.")))
        cvv = self.query_one("#card-cvv", Input).value
        wanted = cvv_length(card_brand(only_digits(typed)))
        if len(cvv) != wanted or set(cvv) - ASCII_DIGITS:
            errors.append(
                FieldError(
                    "card-cvv",
                    _(
                        "Security code (CVV): {count} digits, on the back of the card "
                        "(on the front for American Express)."
                    ).format(count=wanted),
                )
            )
        invalid = {error.field for error in errors}
        for field_id in FIELD_IDS:
            self.query_one(f"#{field_id}", Input).set_class(field_id in invalid, "-invalid-field")
        self._clear_notes()
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
        self._note("card-number", "")


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
