"""Top up a prepaid line: your own or any number of the country, an amount from the carrier's
presets or typed within its limits, paid by card or PSE through the payment flow (the same
money path as a bill: one press, one key, followed and reconciled by the flow). The new
balance shows when it completes. ``GuestTopupScreen`` (topup_guest.py) is the same without
signing in. The flow's glue (the card and PSE panes, sending, drawing its state) is the
base's: pay_screen.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, ContentSwitcher, Footer, Header, Input, Label, Select, Static

from miclaro_tui.api import BillingError
from miclaro_tui.flows.payment import Phase, topup_order
from miclaro_tui.i18n import N_, _
from miclaro_tui.models import Money, Ref
from miclaro_tui.prepaid import (
    RuleError,
    amount_within,
    e164_number,
    national_number,
    refusal_message,
    rule_message,
)
from miclaro_tui.screens.base import BACK
from miclaro_tui.screens.pay_screen import CheckedPseForm, PayScreen
from miclaro_tui.screens.prepaid_confirm import prepaid_line
from miclaro_tui.widgets.status_line import StatusLine
from miclaro_tui.widgets.tone import mark_invalid

if TYPE_CHECKING:
    from miclaro_tui.models import NumberCheck, PrepaidCatalog

METHODS = {"card": N_("Credit or debit card"), "pse": N_("PSE bank transfer")}
OTHER = "other"


class TopupScreen(PayScreen):
    """Top up a line of the signed-in customer's country. Dismisses with the payment made."""

    BINDINGS = [
        BACK,
        Binding("ctrl+s", "pay", N_("Top up"), id="pay", priority=True),
    ]
    DEFAULT_CSS = """
    #topup { padding: 0 1; }
    #topup-title { margin-top: 1; height: auto; }
    .topup-row { height: auto; }
    .topup-cell { width: 1fr; height: auto; }
    .topup-cell, .pse-cell { padding-right: 1; }
    #number-hint, #amount-hint { height: auto; color: $text-muted; }
    #topup-panes, #card-pane, #pse-pane { height: auto; }
    #topup-message { height: auto; }
    #topup-buttons { height: auto; }
    #topup-buttons Button { margin-right: 2; }
    #topup-amount { display: none; }
    """
    AUTO_FOCUS = "#topup-number"
    PAY_LABEL = N_("Top up")
    FOLLOW_MESSAGE = True
    GUEST = False

    def __init__(self, number: str | None = None) -> None:
        super().__init__()
        self.initial_number = number
        self.catalog: PrepaidCatalog | None = None
        self._checked: dict[str, NumberCheck] = {}
        self._number = ""
        self._starting = False
        self.new_balance: Money | None = None

    # --- what the screen is about --------------------------------------------------------

    @property
    def methods(self) -> tuple[str, ...]:
        from miclaro_tui.countries import country

        return tuple(m for m in country(self.country_code).payment_methods if m in METHODS)

    def own_number(self) -> str | None:
        line = prepaid_line(self.miclaro.account)
        return line.number if line is not None else None

    def why_not(self, action: str) -> str | None:
        payment = self.payment
        if action == "pay" and payment is not None:
            return _(
                "This top-up is already made (receipt {receipt}). Press Escape to go back."
            ).format(receipt=payment.receiptNo or payment.id)
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pay" and (self._starting or self.state.busy):
            return None  # shown dimmed while it is on its way: the status line says so
        return super().check_action(action, parameters)

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="topup"):
            yield Static(id="topup-title")
            yield from self.compose_payer()
            with Horizontal(classes="topup-row"):
                with Vertical(classes="topup-cell"):
                    yield Label(_("Line to top up"), classes="field-label")
                    yield Input(id="topup-number", max_length=24)
                    yield Static(id="number-hint")
                with Vertical(classes="topup-cell"):
                    yield Label(_("Amount"), classes="field-label")
                    yield Select([], prompt=_("Loading amounts…"), id="topup-preset")
                    yield Input(id="topup-amount", max_length=24)
                    yield Static(id="amount-hint")
            yield Label(_("Payment method"), id="method-label", classes="field-label")
            yield Select(
                [(_(METHODS[m]), m) for m in self.methods],
                value=self.methods[0],
                allow_blank=False,
                id="method",
            )
            with ContentSwitcher(initial="card-pane", id="topup-panes"):
                yield from self.compose_card_and_pse()
            yield StatusLine(id="topup-message")
            with Horizontal(id="topup-buttons"):
                yield Button(_("Top up"), id="pay-button", variant="success")
                yield Button(_("Back"), id="back-button")
        yield Footer()

    def compose_payer(self) -> ComposeResult:
        """The payer's fields (the guest's name and document): none when signed in."""
        yield from ()

    def pse_form(self) -> CheckedPseForm:
        return CheckedPseForm(lambda: self.country_code, id="pse-pane")

    def title_text(self) -> str:
        return _("Top up a prepaid line")

    def on_mount(self) -> None:
        self.query_one("#topup-title", Static).update(Content.styled(self.title_text(), "bold"))
        number = self.initial_number or self.own_number()
        if number:
            self.query_one("#topup-number", Input).value = national_number(number)
        self.load_catalog()

    # --- the catalogue: presets and limits --------------------------------------------------

    @work(exclusive=True, group="catalog")
    async def load_catalog(self) -> None:
        preset = self.query_one("#topup-preset", Select)
        preset.loading = True
        try:
            api = await self.miclaro.get_api()
            self.catalog = await api.get_prepaid_catalog(self.country_code)
        except BillingError as error:
            self.say(error.user_message + " " + _("Press Escape and try again."), "error")
            return
        finally:
            preset.loading = False
        options = [(self.money(m), str(m.value)) for m in self.catalog.topupPresets]
        options.append((_("Other amount"), OTHER))
        preset.set_options(options)
        if self.catalog.topupPresets:
            preset.value = str(self.catalog.topupPresets[0].value)
        self._show_amount_hint()

    @on(Select.Changed, "#topup-preset")
    def _preset_chosen(self, event: Select.Changed) -> None:
        from decimal import Decimal

        from miclaro_tui.money import format_amount_input

        amount = self.query_one("#topup-amount", Input)
        amount.display = event.value == OTHER  # a preset needs no typing
        if isinstance(event.value, str) and event.value != OTHER:
            amount.value = format_amount_input(Decimal(event.value), self.locale)
        elif event.value == OTHER:
            amount.value = ""
            amount.focus()

    @on(Input.Changed, "#topup-amount")
    def _amount_typed(self) -> None:
        self._show_amount_hint()

    def _show_amount_hint(self) -> None:
        hint = self.query_one("#amount-hint", Static)
        catalog = self.catalog
        if catalog is None:
            return
        limits = _("From {minimum} to {maximum}.").format(
            minimum=self.money(catalog.topupMin), maximum=self.money(catalog.topupMax)
        )
        try:
            amount = self._parse_amount()
        except RuleError as error:
            typed = self.query_one("#topup-amount", Input).value.strip()
            hint.update(error.message if typed else limits)
            return
        hint.update(_("You will pay {amount}").format(amount=self.money(amount)))

    def _parse_amount(self) -> Money:
        assert self.catalog is not None
        return amount_within(
            self.query_one("#topup-amount", Input).value,
            self.locale,
            self.catalog.topupMin,
            self.catalog.topupMax,
        )

    # --- the number ----------------------------------------------------------------------

    @on(Input.Changed, "#topup-number")
    def _number_typed(self, event: Input.Changed) -> None:
        hint = self.query_one("#number-hint", Static)
        try:
            number = e164_number(event.value, self.country_code)
        except RuleError as error:
            hint.update(error.message if event.value.strip() else "")
            return
        own = number == self.own_number()
        hint.update(_("Your line") if own else national_number(number))

    # --- paying --------------------------------------------------------------------------

    def action_pay(self) -> None:
        """One press, one top-up: ignored while one is being checked or paid."""
        state = self.state
        if self._starting or state.busy:
            return
        if state.phase == Phase.APPROVED:
            self.say(_("This top-up is done. Press Escape to go back."))
            return
        if self.confirm_again():
            return
        errors, fields = self.validate()
        if errors:
            self.say_errors(errors)
            return
        self._starting = True
        self.refresh_bindings()
        self.say(_("Checking the number…"))
        self.start(*fields)

    def validate(self) -> tuple[list[str], tuple[str, Money, str]]:
        """The errors of the form (each naming its field), and (number, amount, method)."""
        errors: list[str] = self.validate_payer()
        number_input = self.query_one("#topup-number", Input)
        number = ""
        try:
            number = e164_number(number_input.value, self.country_code)
        except RuleError as error:
            errors.append(error.message)
        mark_invalid(number_input, not number)
        amount_input = self.query_one("#topup-amount", Input)
        amount = None
        if self.catalog is None:
            errors.append(_("Amount: the carrier's amounts are still loading; wait a moment."))
        else:
            try:
                amount = self._parse_amount()
            except RuleError as error:
                errors.append(error.message)
        mark_invalid(amount_input, amount is None)
        method = str(self.query_one("#method", Select).value)
        errors += self.method_errors(method)
        return errors, (number, amount or Money.zero("USD"), method)

    def validate_payer(self) -> list[str]:
        return []

    @work(exclusive=True, group="topup")
    async def start(self, number: str, amount: Money, method: str) -> None:
        """Check the number with the server (a carrier prepaid line of the country), then
        pay through the flow. The card leaves the widgets when the payment starts."""
        try:
            api = await self.miclaro.get_api()
            await self.ready_session(api)
            check = self._checked.get(number) or await api.check_number(number)
        except RuleError as error:
            self._stopped(error.message)
            return
        except BillingError as error:
            self._stopped(refusal_message(error, self.country_code) or error.user_message)
            return
        self._checked[number] = check
        if not (check.carrier and check.prepaid):
            self._stopped(rule_message("notPrepaidLine", self.country_code) or "")
            mark_invalid(self.query_one("#topup-number", Input))
            return
        self._number, self._amount = number, amount
        order = topup_order(self.payer_account(), number, amount)
        self._starting = False
        self.send(order, method)

    def payer_account(self) -> Ref:
        account = self.miclaro.account
        assert account is not None
        return Ref(id=account.id, name=account.name)

    def _stopped(self, message: str) -> None:
        self._starting = False
        self.refresh_bindings()
        self.say(message, "error")

    def approved(self, amount: Money) -> None:
        self.notify(
            _("Top-up of {amount} to {number} done.").format(
                amount=self.money(amount), number=national_number(self._number)
            ),
            title=_("Top-up"),
        )
        self.topped_up()

    def topped_up(self) -> None:
        self.miclaro.money_moved()
        if self._number == self.own_number():
            self.show_new_balance()

    @work(exclusive=True, group="new-balance")
    async def show_new_balance(self) -> None:
        """The line's money balance after the top-up, and what repaid an open advance."""
        from miclaro_tui.prepaid import money_balance

        line = prepaid_line(self.miclaro.account)
        payment = self.payment
        if line is None or payment is None:
            return
        try:
            api = await self.miclaro.get_api()
            bucket = money_balance(await api.list_buckets(line.id))
            topups = await api.list_topups(line.id)
        except BillingError:
            return  # the top-up is done and said; Home shows the balance when it can
        if bucket is None:
            return
        self.new_balance = Money(
            unit=bucket.remainingValue.units, value=bucket.remainingValue.amount
        )
        topup = next((t for t in topups if t.payment.id == payment.id), None)
        lines = [
            Content.styled(
                _("Top-up done. Your balance is now {amount}. Receipt {receipt}.").format(
                    amount=self.money(self.new_balance),
                    receipt=(topup.receiptNo if topup else None) or payment.receiptNo or "—",
                ),
                "bold",
            )
        ]
        if topup is not None and topup.advanceRepaid is not None and topup.advanceRepaid.value:
            lines.append(
                Content(
                    _("{amount} of it repaid your balance advance.").format(
                        amount=self.money(topup.advanceRepaid)
                    )
                )
            )
        lines.append(Content(_("Press Escape to go back.")))
        self.say(Content("\n").join(lines), "success")
        self.query_one(StatusLine).scroll_visible(animate=False)
