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

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from miclaro_tui.cards import (
    ASCII_DIGITS,
    card_brand,
    check_card_number,
    cvv_length,
    looks_like_card_number,
    only_digits,
)
from miclaro_tui.i18n import _
from miclaro_tui.widgets.card_checks import (
    BRAND_NAMES,
    FIELD_IDS,
    FieldError,
    holder_cleared_message,
    masked,
    number_message,
    parse_expiry,
)
from miclaro_tui.widgets.card_fields import CardField, CardNumberInput, HolderInput
from miclaro_tui.widgets.tone import mark_invalid

if TYPE_CHECKING:
    from miclaro_tui.models import CardCreate

__all__ = [  # what the payment screen and the tests import from here
    "CardField",
    "CardForm",
    "CardNumberInput",
    "FieldError",
    "HolderInput",
    "masked",
    "number_message",
    "parse_expiry",
]


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
        mark_invalid(self.number_input, wrong)
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
            mark_invalid(self.query_one("#card-holder", Input), False)
            self._note("card-holder", "")

    def _refuse_holder(self) -> None:
        self._holder_cleared = True
        mark_invalid(self.query_one("#card-holder", Input))
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
            mark_invalid(self.query_one(f"#{field_id}", Input), field_id in invalid)
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
