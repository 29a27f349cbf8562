"""The amount to pay: typed in the country's notation, at most what is still due; a hint
under the field says, as it is typed, what will be paid or what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from miclaro_tui.i18n import _
from miclaro_tui.models import Money
from miclaro_tui.widgets.tone import mark_invalid

if TYPE_CHECKING:
    from decimal import Decimal


class AmountField(Vertical):
    """The label, the ``#amount`` input (filled with ``most``) and the ``#amount-hint``."""

    def __init__(
        self, most: Money, locale: str, money: Callable[[Money], str], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.most = most
        """What can be paid at most."""
        self.locale = locale
        self.money = money  # an amount as the screen writes it

    def compose(self) -> ComposeResult:
        from miclaro_tui.money import format_amount_input

        yield Label(
            _("Amount to pay ({currency})").format(currency=self.most.unit), classes="field-label"
        )
        yield Input(format_amount_input(self.most.value, self.locale), id="amount", max_length=24)
        yield Static(id="amount-hint")

    def on_mount(self) -> None:
        self._show_hint(self.query_one("#amount", Input).value)

    @on(Input.Changed, "#amount")
    def _changed(self, event: Input.Changed) -> None:
        self._show_hint(event.value)

    def _parse(self, typed: str) -> Decimal:
        """The amount typed, in the country's notation; AmountError says what is wrong."""
        from miclaro_tui.money import parse_amount

        return parse_amount(typed, self.locale, self.most.unit)

    def _show_hint(self, typed: str) -> None:
        from miclaro_tui.money import AmountError

        hint = self.query_one("#amount-hint", Static)
        try:
            value = self._parse(typed)
        except AmountError as error:
            hint.update(Text(_("Amount: {reason}").format(reason=error.message), style="dim"))
            return
        amount = Money(unit=self.most.unit, value=value)
        if value > self.most.value:
            hint.update(
                Text(
                    _("More than what is still to pay ({amount}).").format(
                        amount=self.money(self.most)
                    ),
                    style="dim",
                )
            )
        elif value < self.most.value:
            hint.update(
                _("You will pay {amount} (partial payment)").format(amount=self.money(amount))
            )
        else:
            hint.update(_("You will pay {amount}").format(amount=self.money(amount)))

    def check(self) -> tuple[list[str], Money | None]:
        """What is wrong with the amount (each naming the field), or the amount; marks it."""
        from miclaro_tui.money import AmountError

        amount_input = self.query_one("#amount", Input)
        errors: list[str] = []
        value = None
        try:
            value = self._parse(amount_input.value)
        except AmountError as error:
            errors.append(_("Amount: {reason}").format(reason=error.message))
        else:
            if value > self.most.value:
                errors.append(
                    _("Amount: at most {amount}, what is still to pay.").format(
                        amount=self.money(self.most)
                    )
                )
        mark_invalid(amount_input, bool(errors))
        if errors or value is None:
            return errors, None
        return errors, Money(unit=self.most.unit, value=value)
