"""What the bill payment screen (payment.py) and the top-up screen (topup.py) share: the glue
around a ``PaymentFlow`` (miclaro_tui/flows/payment.py). The flow holds the money rules (one
key per press, following, reconciling) and runs in a worker of the app, so Escape leaves
while it keeps checking and the app tells the outcome. Here: the card and PSE panes, the
banks, sending an order (the card's number and CVV wiped from the widgets as soon as they
are read), drawing the flow's state and the PSE follow-up screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, ContentSwitcher, Input, Select

from miclaro_tui.api import BillingError
from miclaro_tui.flows.payment import FlowState, PaymentFlow, Phase
from miclaro_tui.i18n import N_, _
from miclaro_tui.prepaid import RuleError
from miclaro_tui.screens.base import BaseScreen
from miclaro_tui.widgets.card_form import CardForm
from miclaro_tui.widgets.pse_form import PseForm
from miclaro_tui.widgets.status_line import StatusLine
from miclaro_tui.widgets.tone import mark_invalid

if TYPE_CHECKING:
    from collections.abc import Coroutine, Sequence

    from miclaro_tui.api import BillingApi
    from miclaro_tui.flows.payment import PaymentOrder
    from miclaro_tui.models import BankTransferPayment, Money, Payment


class PayScreen(BaseScreen):
    """A screen that pays through a ``PaymentFlow`` by card or PSE. Subclasses compose the
    rest (a ``#pay-button``, a ``Select#method``, one ``StatusLine``) and say what an approved
    payment means (``approved``)."""

    PSE_BANK_CHECKS = 900
    """A PSE transfer waits for the customer at their bank: up to 15 minutes of checks."""
    PAY_LABEL = N_("Pay")
    """The pay button's label (an English message id) when paying by card."""
    FOLLOW_MESSAGE = False
    """Scroll the status line into view at every change of the flow."""

    def __init__(self) -> None:
        super().__init__()
        self.flow: PaymentFlow | None = None
        self._stop_listening: Callable[[], None] | None = None
        self._amount: Money | None = None
        self._pse_shown = False
        self._banks_loaded = False

    @property
    def state(self) -> FlowState:
        return self.flow.state if self.flow is not None else FlowState()

    @property
    def payment(self) -> Payment | None:
        """The payment made, once approved."""
        state = self.state
        return state.payment if state.phase == Phase.APPROVED else None

    @property
    def locale(self) -> str:
        from miclaro_tui.countries import country

        return country(self.country_code).locale

    # --- the card and PSE panes -----------------------------------------------------------

    def compose_card_and_pse(self) -> ComposeResult:
        """The card pane and the PSE pane, for a ``ContentSwitcher`` of the subclass."""
        with Vertical(id="card-pane"):
            yield CardForm(id="card-form")
        yield self.pse_form()

    def pse_form(self) -> PseForm:
        from miclaro_tui.countries import country

        return PseForm(country(self.country_code).documents, id="pse-pane")

    @on(Select.Changed, "#method")
    def _method_selected(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self._method_changed_to(event.value)

    def _method_changed_to(self, method: str) -> None:
        button = self.query_one("#pay-button", Button)
        if method == "pse":
            self.query_one(ContentSwitcher).current = "pse-pane"
            button.label = _("Go to my bank")
            if not self._banks_loaded:
                self.load_banks()
        elif method == "card":
            self.query_one(ContentSwitcher).current = "card-pane"
            button.label = _(self.PAY_LABEL)
        else:
            self.other_method(method)
        button.refresh(layout=True)  # Button's label does not resize it by itself

    def other_method(self, method: str) -> None:
        """Show a method other than card and PSE (none here)."""

    @work(exclusive=True, group="banks")
    async def load_banks(self) -> None:
        select = self.query_one("#pse-bank", Select)
        form = self.query_one(PseForm)
        select.loading = True
        try:
            api = await self.miclaro.get_api()
            await self.ready_session(api)
            banks = await api.list_pse_banks()
        except (BillingError, RuleError) as error:
            form.show_banks(None)
            message = error.message if isinstance(error, RuleError) else error.user_message
            self.say(message + " " + _("Choose PSE again to retry."), "error")
            return
        finally:
            select.loading = False
        self._banks_loaded = True
        form.show_banks(banks)

    async def ready_session(self, api: BillingApi) -> None:
        """A session to pay with: the customer's, signed in already. RuleError when it cannot
        be had (the guest top-up opens one here)."""

    def method_errors(self, method: str) -> list[str]:
        """What is wrong in the card or PSE pane, each naming its field."""
        if method == "card":
            today = self.miclaro.clock.today()
            return [e.message for e in self.query_one(CardForm).validate(today)]
        if method == "pse":
            return self.query_one(PseForm).validate()
        return []

    def say_errors(self, errors: Sequence[str]) -> None:
        self.say("\n".join(errors), "error")
        self.query_one(StatusLine).scroll_visible(animate=False)

    # --- moving between fields ------------------------------------------------------------

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

    # --- paying ---------------------------------------------------------------------------

    def action_pay(self) -> None:
        raise NotImplementedError

    def confirm_again(self) -> bool:
        """After an unknown or still pending outcome, a press asks about the same key (never
        pays anew): True if it did."""
        if self.state.phase not in (Phase.UNKNOWN, Phase.STILL_PENDING):
            return False
        assert self.flow is not None
        self._run(self.flow.confirm())
        return True

    def send(self, order: PaymentOrder, method: str) -> None:
        """Pay ``order`` by card (its number and CVV leave the widgets now, whatever happens)
        or PSE, from fields that passed ``method_errors``."""
        if self.flow is None:
            self.flow = self.miclaro.new_payment_flow()
            self._stop_listening = self.flow.subscribe(self._render_state)
        if method == "card":
            form = self.query_one(CardForm)
            try:
                card = form.build()
            finally:
                form.wipe()
            self._run(self.flow.pay_card(order, card))
        else:
            self.flow.bank_checks = self.PSE_BANK_CHECKS
            self._run(self.flow.pay(order, self.query_one(PseForm).method()))

    def _run(self, step: Coroutine[Any, Any, object]) -> None:
        assert self.flow is not None
        self.miclaro.run_payment(self.flow, step)

    # --- drawing the flow's state ---------------------------------------------------------

    def _render_state(self, state: FlowState) -> None:
        from miclaro_tui.screens.payment_outcome import screen_message

        if not self.is_mounted or self._amount is None:
            return
        message, tone = screen_message(state, self._amount)
        self.say(message, tone)
        if self.FOLLOW_MESSAGE:
            self.query_one(StatusLine).scroll_visible(animate=False)
        # Disabled while busy; the message above says what is happening.
        button = self.query_one("#pay-button", Button)
        button.disabled = state.busy or state.phase == Phase.APPROVED
        self.refresh_bindings()
        if state.phase == Phase.APPROVED:
            self.approved(self._amount)
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

    def approved(self, amount: Money) -> None:
        """Tell the customer the payment of ``amount`` is made."""

    def action_back(self) -> None:
        """Leave; a payment on its way goes on in the app, which tells how it ends."""
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


class CheckedPseForm(PseForm):
    """The PSE pane of a top-up: the document checked for the line's country (check digits
    by python-stdnum), as the guest's own document is."""

    def __init__(self, country: Callable[[], str], *, id: str | None = None) -> None:
        from miclaro_tui.prepaid import document_types

        super().__init__(document_types(country()), id=id)
        self.country = country

    def validate(self) -> list[str]:
        errors = []
        if not isinstance(self.query_one("#pse-bank", Select).value, str):
            errors.append(_("Bank: choose your bank from the list."))
        number_input = self.query_one("#pse-doc-number", Input)
        try:
            self.document()
            mark_invalid(number_input, False)
        except RuleError as error:
            errors.append(error.message)
            mark_invalid(number_input, True)
        return errors

    def document(self) -> str:
        """The document number, compact; RuleError if it is not valid."""
        from miclaro_tui.prepaid import check_document

        kind = str(self.query_one("#pse-doc-type", Select).value)
        return check_document(self.country(), kind, self.query_one("#pse-doc-number", Input).value)

    def method(self) -> BankTransferPayment:
        return super().method().model_copy(update={"documentNumber": self.document()})
