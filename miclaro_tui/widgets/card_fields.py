"""The card form's inputs: a paste with tabs fills the next fields; the holder's name never
keeps a card number; the number is shown in full only while it has the focus."""

from __future__ import annotations

from pydantic import SecretStr
from textual import events
from textual.message import Message
from textual.widgets import Input

from miclaro_tui.cards import (
    NumberCheck,
    check_card_number,
    is_separator,
    looks_like_card_number,
    only_digits,
)


class CardField(Input):
    """An input of the card form. A paste holding tabs (a password manager's "holder, Tab,
    number, Tab, ...") fills the following fields, as typing it would."""

    def _on_paste(self, event: events.Paste) -> None:
        if "\t" not in event.text:
            return  # Input's own handler inserts it
        event.prevent_default()  # not Input's: it would put the tabs and the rest in this field
        event.stop()
        from miclaro_tui.widgets.card_form import CardForm  # the form imports this module

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
