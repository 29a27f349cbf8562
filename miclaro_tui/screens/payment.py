"""Pay a bill: the amount (full or partial), then a card, PSE (Colombia) or a reference to
pay in cash, PIX or boleto elsewhere.

This screen renders a ``PaymentFlow`` (miclaro_tui/flows/payment.py) and forwards the keys;
the flow holds the money rules (one key per press, following, reconciling). The flow runs in
a worker of the app: Escape leaves the screen while it keeps checking, and the app tells the
outcome. The card's number and CVV are wiped from the widgets as soon as they are read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

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
from miclaro_tui.flows.payment import FlowState, PaymentFlow, Phase, bill_order
from miclaro_tui.i18n import N_, _
from miclaro_tui.models import CustomerBill, Payment, Ref
from miclaro_tui.screens.base import BACK, BaseScreen
from miclaro_tui.screens.payment_outcome import screen_message
from miclaro_tui.widgets.amount_field import AmountField
from miclaro_tui.widgets.bill_status import status_text
from miclaro_tui.widgets.card_form import CardForm
from miclaro_tui.widgets.pse_form import PseForm
from miclaro_tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from collections.abc import Coroutine
    from typing import Any

METHOD_LABELS = {
    "card": N_("Credit or debit card"),
    "pse": N_("PSE bank transfer"),
    "cash": N_("Cash at a payment point"),
    "pix": N_("PIX (copy and paste or QR)"),
    "boleto": N_("Boleto (barcode)"),
}
REFERENCE_METHODS = frozenset({"cash", "pix", "boleto"})


class PaymentScreen(BaseScreen):
    """Pay one bill. Dismisses with the final ``Payment`` (or None if nothing was paid)."""

    BINDINGS = [
        BACK,
        Binding("ctrl+s", "pay", N_("Pay"), id="pay", priority=True),
        Binding("ctrl+r", "reference", N_("Pay elsewhere"), id="reference"),
    ]

    AUTO_FOCUS = "#amount"
    PSE_BANK_CHECKS = 900
    """A PSE transfer waits for the customer at their bank: up to 15 minutes of checks."""

    def __init__(self, bill: CustomerBill) -> None:
        super().__init__()
        self.bill = bill
        self.flow: PaymentFlow | None = None
        self._stop_listening: Callable[[], None] | None = None
        self._pse_shown = False
        self._banks_loaded = False
        remaining = bill.remainingAmount
        self.max_amount = remaining if remaining.value > 0 else bill.amountDue
        """What can be paid: what is still due (the full amount of a bill already settled)."""
        self._amount = self.max_amount

    @property
    def state(self) -> FlowState:
        return self.flow.state if self.flow is not None else FlowState()

    @property
    def payment(self) -> Payment | None:
        """The payment made, once approved."""
        state = self.state
        return state.payment if state.phase == Phase.APPROVED else None

    @property
    def busy(self) -> bool:
        return self.state.busy

    @property
    def intents(self) -> list[str]:
        return self.flow.intents if self.flow is not None else []

    def why_not(self, action: str) -> str | None:
        if action in ("pay", "reference") and self.state.phase == Phase.APPROVED:
            return _("This payment is already made. Press Escape to go back.")
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pay" and self.state.busy:
            return None  # shown dimmed while a payment is on its way: the message says so
        return super().check_action(action, parameters)

    @property
    def locale(self) -> str:
        from miclaro_tui.countries import country

        return country(self.country_code).locale

    @property
    def methods(self) -> tuple[str, ...]:
        from miclaro_tui.countries import country

        return country(self.country_code).payment_methods

    def compose(self) -> ComposeResult:
        from miclaro_tui.countries import country

        yield Header()
        with VerticalScroll(id="payment"):
            yield Static(id="pay-title")
            yield Static(id="pay-facts")
            with Horizontal(id="pay-top"):
                yield AmountField(self.max_amount, self.locale, self.money, id="amount-cell")
                with Vertical(id="method-cell"):
                    yield Label(_("Payment method"), classes="field-label")
                    yield Select(
                        [(_(METHOD_LABELS[m]), m) for m in self.methods],
                        value=self.methods[0],
                        allow_blank=False,
                        id="method",
                    )
            with ContentSwitcher(initial="card-pane", id="method-panes"):
                with Vertical(id="card-pane"):
                    yield CardForm(id="card-form")
                yield PseForm(country(self.country_code).documents, id="pse-pane")
                with Vertical(id="reference-pane"):
                    yield Static(id="reference-note")
            yield StatusLine(id="pay-message")
        # Under the scrolling form, never pushed off the screen by a long message.
        with Horizontal(id="pay-buttons"):
            yield Button(_("Pay"), id="pay-button", variant="success")
            yield Button(_("Back"), id="back-button")
        yield Footer()

    def on_mount(self) -> None:
        bill = self.bill
        today = self.miclaro.clock.today()
        self.query_one("#pay-title", Static).update(
            Content.assemble(
                (_("Pay invoice {number}").format(number=bill.billNo), "bold"),
                "  ·  ",
                self.month(bill.billingPeriod.startDateTime),
                "  ·  ",
                status_text(bill, today),
            )
        )
        self.query_one("#pay-facts", Static).update(
            _("Still to pay: {amount} · due {date}").format(
                amount=self.money(bill.remainingAmount), date=self.day(bill.paymentDueDate)
            )
        )
        self._method_changed_to(self.methods[0])

    # --- the method chosen -------------------------------------------------------------

    @on(Select.Changed, "#method")
    def _method_selected(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self._method_changed_to(event.value)

    def _method_changed_to(self, method: str) -> None:
        switcher = self.query_one("#method-panes", ContentSwitcher)
        button = self.query_one("#pay-button", Button)
        if method == "card":
            switcher.current = "card-pane"
            button.label = _("Pay")
        elif method == "pse":
            switcher.current = "pse-pane"
            button.label = _("Go to my bank")
            if not self._banks_loaded:
                self.load_banks()
        else:
            switcher.current = "reference-pane"
            button.label = _("Show the reference")
            notes = {
                "cash": _(
                    "Pay in cash at any payment point (banks, stores, Claro centres) "
                    "with the bill's payment code or barcode."
                ),
                "pix": _(
                    "Pay with PIX from your bank's app: copy and paste the code or "
                    "scan the QR code."
                ),
                "boleto": _(
                    "Pay the boleto at a bank, lottery outlet or in your bank's app "
                    "with the typed line (linha digitável)."
                ),
            }
            self.query_one("#reference-note", Static).update(notes.get(method, ""))
        button.refresh(layout=True)  # Button's label does not resize it by itself

    @work(exclusive=True, group="banks")
    async def load_banks(self) -> None:
        select = self.query_one("#pse-bank", Select)
        form = self.query_one(PseForm)
        select.loading = True
        try:
            api = await self.miclaro.get_api()
            banks = await api.list_pse_banks()
        except BillingError as error:
            form.show_banks(None)
            self.say(error.user_message + " " + _("Choose PSE again to retry."), "error")
            return
        finally:
            select.loading = False
        self._banks_loaded = True
        form.show_banks(banks)

    # --- moving between fields ---------------------------------------------------------

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

    # --- actions -----------------------------------------------------------------------

    def action_back(self) -> None:
        """Leave; a payment on its way goes on in the app, which tells how it ends."""
        flow = self.flow
        if flow is not None and flow.state.busy:
            # The flow runs on in the app's worker; the app tells its outcome in a notice.
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

    def action_reference(self) -> None:
        from miclaro_tui.screens.payment_reference import PaymentReferenceScreen

        method = self.query_one("#method", Select).value
        if method not in REFERENCE_METHODS:
            method = next((m for m in self.methods if m in REFERENCE_METHODS), "cash")
        self.app.push_screen(PaymentReferenceScreen(self.bill, str(method)))

    def action_pay(self) -> None:
        """One press, one intent: the flow ignores a press while it is busy."""
        state = self.state
        if state.busy:
            return
        if state.phase == Phase.APPROVED:
            self.say(
                Content.styled(_("This payment is already made. Press Escape to go back."), "bold")
            )
            return
        if state.phase in (Phase.UNKNOWN, Phase.STILL_PENDING):
            assert self.flow is not None
            self._run(self.flow.confirm())  # ask about the same key: never pay anew
            return
        method = self.query_one("#method", Select).value
        if method in REFERENCE_METHODS:
            self.action_reference()
            return
        errors, amount = self.query_one(AmountField).check()
        if method == "card":
            errors += [
                e.message for e in self.query_one(CardForm).validate(self.miclaro.clock.today())
            ]
        elif method == "pse":
            errors += self.query_one(PseForm).validate()
        if errors:
            self.say("\n".join(errors), "error")
            self.query_one("#pay-message").scroll_visible(animate=False)
            return
        assert amount is not None
        self._amount = amount
        order = bill_order(
            Ref(id=self.bill.id, name=self.bill.billNo), self.bill.billingAccount, amount
        )
        if self.flow is None:
            self.flow = self.miclaro.new_payment_flow()
            self._stop_listening = self.flow.subscribe(self._render_state)
        if method == "card":
            form = self.query_one(CardForm)
            try:
                card = form.build()
            finally:
                form.wipe()  # the number and CVV leave the widgets now, whatever happens
            self._run(self.flow.pay_card(order, card))
        else:
            self.flow.bank_checks = self.PSE_BANK_CHECKS
            self._run(self.flow.pay(order, self.query_one(PseForm).method()))

    def _run(self, step: Coroutine[Any, Any, object]) -> None:
        assert self.flow is not None
        self.miclaro.run_payment(self.flow, step)

    # --- drawing the flow's state ------------------------------------------------------

    def _render_state(self, state: FlowState) -> None:
        if not self.is_mounted:
            return
        message, tone = screen_message(state, self._amount)
        self.say(message, tone)
        # Disabled while busy; the message above says what is happening.
        button = self.query_one("#pay-button", Button)
        button.disabled = state.busy or state.phase == Phase.APPROVED
        self.refresh_bindings()
        if state.phase == Phase.APPROVED:
            self.notify(
                _("Payment of {amount} received.").format(amount=self.money(self._amount)),
                title=_("Payment"),
            )
            self.miclaro.money_moved()
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

    def on_unmount(self) -> None:
        if self._stop_listening is not None:
            self._stop_listening()


async def open_payment(
    screen: BaseScreen, bill: CustomerBill, done: Callable[[Payment | None], None]
) -> None:
    """From a worker of ``screen``: look at the bill as it is now, warn if it is settled or
    has a payment still being authorised, then open the payment screen; ``done`` gets the
    payment made, if any. Raises BillingError if the bill cannot be read."""
    from miclaro_tui.screens.payment_dialogs import ConfirmPayDialog

    app = screen.miclaro
    api = await app.get_api()
    fresh = await api.get_bill(bill.id)
    warning = None
    if fresh.pendingPayment is not None:
        warning = _(
            "Invoice {number} has a payment still being authorised. If you pay now "
            "you may pay twice."
        ).format(number=fresh.billNo)
    elif fresh.state == "settled":
        warning = _(
            "Invoice {number} is already paid. Pay it again only if you mean to leave a credit."
        ).format(number=fresh.billNo)

    def confirmed(answer: bool | None) -> None:
        if answer:
            screen.app.push_screen(PaymentScreen(fresh), done)

    if warning is None:
        screen.app.push_screen(PaymentScreen(fresh), done)
    else:
        screen.app.push_screen(ConfirmPayDialog(warning), confirmed)
