"""Top up a prepaid line: your own or any number of the country, an amount from the carrier's
presets or typed within its limits, paid by card or PSE through the payment flow (the same
money path as a bill: one press, one key, followed and reconciled by the flow). The new
balance shows when it completes. ``GuestTopupScreen`` (topup_guest.py) is the same without
signing in."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import (
    Button,
    ContentSwitcher,
    Footer,
    Header,
    Input,
    Label,
    Select,
    Static,
)

from miclaro_tui.api import BillingError
from miclaro_tui.flows.payment import FlowState, PaymentFlow, Phase, topup_order
from miclaro_tui.i18n import N_, _
from miclaro_tui.models import Money, Ref
from miclaro_tui.prepaid import (
    DOCUMENT_LABELS,
    RuleError,
    amount_within,
    e164_number,
    national_number,
    refusal_message,
    rule_message,
)
from miclaro_tui.screens.base import BACK, BaseScreen
from miclaro_tui.screens.prepaid_confirm import prepaid_line
from miclaro_tui.widgets.card_form import CardForm
from miclaro_tui.widgets.status_line import StatusLine
from miclaro_tui.widgets.tone import mark_invalid

if TYPE_CHECKING:
    from miclaro_tui.models import NumberCheck, PrepaidCatalog

METHODS = {"card": N_("Credit or debit card"), "pse": N_("PSE bank transfer")}
OTHER = "other"


class TopupScreen(BaseScreen):
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
    .topup-cell { padding-right: 1; }
    #number-hint, #amount-hint { height: auto; color: $text-muted; }
    #topup-panes, #card-pane, #pse-pane { height: auto; }
    #topup-message { height: auto; }
    #topup-buttons { height: auto; }
    #topup-buttons Button { margin-right: 2; }
    #topup-amount { display: none; }
    """
    AUTO_FOCUS = "#topup-number"
    PSE_BANK_CHECKS = 900
    GUEST = False

    def __init__(self, number: str | None = None) -> None:
        super().__init__()
        self.initial_number = number
        self.catalog: PrepaidCatalog | None = None
        self.flow: PaymentFlow | None = None
        self._stop_listening: Callable[[], None] | None = None
        self._checked: dict[str, NumberCheck] = {}
        self._amount: Money | None = None
        self._number = ""
        self._starting = False
        self._pse_shown = False
        self._banks_loaded = False
        self.new_balance: Money | None = None

    # --- what the screen is about --------------------------------------------------------

    @property
    def state(self) -> FlowState:
        return self.flow.state if self.flow is not None else FlowState()

    @property
    def payment(self):  # the payment made, once approved
        state = self.state
        return state.payment if state.phase == Phase.APPROVED else None

    @property
    def locale(self) -> str:
        from miclaro_tui.countries import country

        return country(self.country_code).locale

    @property
    def methods(self) -> tuple[str, ...]:
        from miclaro_tui.countries import country

        return tuple(m for m in country(self.country_code).payment_methods if m in METHODS)

    def own_number(self) -> str | None:
        line = prepaid_line(self.miclaro.account)
        return line.number if line is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pay":
            return not (self._starting or self.state.busy or self.payment is not None) or None
        return True

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
            yield Label(_("Payment method"), classes="field-label")
            yield Select(
                [(_(METHODS[m]), m) for m in self.methods],
                value=self.methods[0],
                allow_blank=False,
                id="method",
            )
            with ContentSwitcher(initial="card-pane", id="topup-panes"):
                with Vertical(id="card-pane"):
                    yield CardForm(id="card-form")
                with Vertical(id="pse-pane"):
                    yield from self.compose_pse()
            yield StatusLine(id="topup-message")
            with Horizontal(id="topup-buttons"):
                yield Button(_("Top up"), id="pay-button", variant="success")
                yield Button(_("Back"), id="back-button")
        yield Footer()

    def compose_payer(self) -> ComposeResult:
        """The payer's fields (the guest's name and document): none when signed in."""
        yield from ()

    def compose_pse(self) -> ComposeResult:
        from miclaro_tui.prepaid import document_types

        documents = document_types(self.country_code)
        yield Label(_("Your bank"), classes="field-label")
        yield Select([], prompt=_("Loading banks…"), id="pse-bank")
        with Horizontal(classes="topup-row"):
            with Vertical(classes="topup-cell"):
                yield Label(_("Person type"), classes="field-label")
                yield Select(
                    [(_("Natural person"), "natural"), (_("Legal entity (jurídica)"), "juridica")],
                    value="natural",
                    allow_blank=False,
                    id="pse-person",
                )
            with Vertical(classes="topup-cell"):
                yield Label(_("Document type"), classes="field-label")
                yield Select(
                    [(_(DOCUMENT_LABELS.get(d, d)), d) for d in documents],
                    value=documents[0],
                    allow_blank=False,
                    id="pse-doc-type",
                )
        yield Label(_("Document number"), classes="field-label")
        yield Input(id="pse-doc-number", max_length=20)

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

    # --- the method ------------------------------------------------------------------------

    @on(Select.Changed, "#method")
    def _method_chosen(self, event: Select.Changed) -> None:
        switcher = self.query_one("#topup-panes", ContentSwitcher)
        button = self.query_one("#pay-button", Button)
        if event.value == "pse":
            switcher.current = "pse-pane"
            button.label = _("Go to my bank")
            if not self._banks_loaded:
                self.load_banks()
        else:
            switcher.current = "card-pane"
            button.label = _("Top up")

    @work(exclusive=True, group="banks")
    async def load_banks(self) -> None:
        select = self.query_one("#pse-bank", Select)
        select.loading = True
        try:
            api = await self.miclaro.get_api()
            await self.ready_session(api)
            banks = await api.list_pse_banks()
        except (BillingError, RuleError) as error:
            message = error.message if isinstance(error, RuleError) else error.user_message
            self.say(message + " " + _("Choose PSE again to retry."), "error")
            return
        finally:
            select.loading = False
        self._banks_loaded = True
        select.set_options([(bank.name, bank.id) for bank in banks])
        select.prompt = _("Choose your bank")

    async def ready_session(self, api) -> None:
        """A session to pay with: the customer's (signed in already); a guest's in the guest
        screen, opened here. RuleError when the payer's fields are not ready."""

    # --- moving between fields ---------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id in ("card-cvv", "pse-doc-number"):
            self.action_pay()
        else:
            self.focus_next()

    @on(Button.Pressed, "#pay-button")
    def _pay_pressed(self) -> None:
        self.action_pay()

    @on(Button.Pressed, "#back-button")
    def _back_pressed(self) -> None:
        self.action_back()

    # --- paying --------------------------------------------------------------------------

    def action_pay(self) -> None:
        """One press, one top-up: ignored while one is being checked or paid."""
        state = self.state
        if self._starting or state.busy:
            return
        if state.phase == Phase.APPROVED:
            self.say(_("This top-up is done. Press Escape to go back."))
            return
        if state.phase in (Phase.UNKNOWN, Phase.STILL_PENDING):
            assert self.flow is not None
            self._run(self.flow.confirm())  # ask about the same key: never pay anew
            return
        errors, fields = self.validate()
        if errors:
            self.say("\n".join(errors), "error")
            self.query_one(StatusLine).scroll_visible(animate=False)
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
        if method == "card":
            today = self.miclaro.clock.today()
            errors += [e.message for e in self.query_one(CardForm).validate(today)]
        else:
            errors += self._validate_pse()
        return errors, (number, amount or Money.zero("USD"), method)

    def validate_payer(self) -> list[str]:
        return []

    def _validate_pse(self) -> list[str]:
        from miclaro_tui.prepaid import check_document

        errors = []
        if not isinstance(self.query_one("#pse-bank", Select).value, str):
            errors.append(_("Bank: choose your bank from the list."))
        kind = str(self.query_one("#pse-doc-type", Select).value)
        number_input = self.query_one("#pse-doc-number", Input)
        try:
            check_document(self.country_code, kind, number_input.value)
            mark_invalid(number_input, False)
        except RuleError as error:
            errors.append(error.message)
            mark_invalid(number_input, True)
        return errors

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
        if self.flow is None:
            self.flow = self.miclaro.new_payment_flow()
            self._stop_listening = self.flow.subscribe(self._render_state)
        order = topup_order(self.payer_account(), number, amount)
        self._starting = False
        if method == "card":
            form = self.query_one(CardForm)
            try:
                card = form.build()
            finally:
                form.wipe()  # the number and CVV leave the widgets now, whatever happens
            self._run(self.flow.pay_card(order, card))
        else:
            self.flow.bank_checks = self.PSE_BANK_CHECKS
            self._run(self.flow.pay(order, self._pse_method()))

    def payer_account(self) -> Ref:
        account = self.miclaro.account
        assert account is not None
        return Ref(id=account.id, name=account.name)

    def _stopped(self, message: str) -> None:
        self._starting = False
        self.refresh_bindings()
        self.say(message, "error")

    def _pse_method(self) -> object:
        from miclaro_tui.models import BankTransferPayment
        from miclaro_tui.prepaid import check_document

        return BankTransferPayment(
            bank=str(self.query_one("#pse-bank", Select).value),
            personType=str(self.query_one("#pse-person", Select).value),
            documentType=str(self.query_one("#pse-doc-type", Select).value),
            documentNumber=check_document(
                self.country_code,
                str(self.query_one("#pse-doc-type", Select).value),
                self.query_one("#pse-doc-number", Input).value,
            ),
        )

    def _run(self, step: Coroutine[Any, Any, object]) -> None:
        assert self.flow is not None
        self.miclaro.run_payment(self.flow, step)

    # --- drawing the flow's state --------------------------------------------------------------

    def _render_state(self, state: FlowState) -> None:
        from miclaro_tui.screens.payment_outcome import screen_message

        if not self.is_mounted or self._amount is None:
            return
        message, tone = screen_message(state, self._amount)
        self.say(message, tone)
        self.query_one(StatusLine).scroll_visible(animate=False)
        self.query_one("#pay-button", Button).disabled = state.busy or state.phase == Phase.APPROVED
        self.refresh_bindings()
        if state.phase == Phase.APPROVED:
            self.notify(
                _("Top-up of {amount} to {number} done.").format(
                    amount=self.money(self._amount), number=national_number(self._number)
                ),
                title=_("Top-up"),
            )
            self.topped_up()
        elif state.phase == Phase.DECLINED and state.card is not None:
            self.query_one("#card-number", Input).focus()
        payment = state.payment
        if (
            state.phase == Phase.WAITING_FOR_BANK
            and payment is not None
            and payment.paymentMethod.type == "bankAccountTransfer"
            and not self._pse_shown
        ):
            from miclaro_tui.screens.payment_pse import PseStatusScreen

            self._pse_shown = True
            assert self.flow is not None
            self.app.push_screen(PseStatusScreen(self.flow))

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

    def action_back(self) -> None:
        flow = self.flow
        if flow is not None and flow.state.busy:
            self.miclaro.watch_payment(flow)
            self.notify(
                _(
                    "We keep checking your payment and will tell you how it ends. Do not pay "
                    "it again meanwhile."
                ),
                severity="warning",
                timeout=10,
            )
        self.dismiss(self.payment)

    def on_unmount(self) -> None:
        if self._stop_listening is not None:
            self._stop_listening()
