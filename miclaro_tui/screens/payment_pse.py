"""Follow a PSE payment while the customer authorises it at their bank: a view of the
payment flow (which asks the bank every second), the bank's address, and a key to cancel
while it is still pending."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Label, Static

from miclaro_tui.flows.payment import FlowState, PaymentFlow, Phase
from miclaro_tui.i18n import N_, _
from miclaro_tui.screens.base import BaseScreen
from miclaro_tui.widgets.payment_status import method_text, payment_status_text


class PseStatusScreen(BaseScreen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("x", "cancel_payment", N_("Cancel payment"), id="cancel-payment"),
        Binding("c", "copy_url", N_("Copy address"), id="copy-url"),
    ]

    def __init__(self, flow: PaymentFlow) -> None:
        super().__init__()
        self.flow = flow
        self._stop_listening: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="pse"):
            yield Label(_("PSE bank transfer"), classes="section-title")
            yield Static(id="pse-summary")
            yield Label(_("Status"), classes="field-label")
            yield Static(id="pse-state", classes="amount")
            yield Static(id="pse-waiting")
            yield Label(_("Authorise the payment at your bank:"), classes="field-label")
            yield Static(id="pse-url")
            yield Static(id="pse-message")
        yield Footer()

    def on_mount(self) -> None:
        self._stop_listening = self.flow.subscribe(self._heard)
        self.show()

    def _heard(self, state: FlowState) -> None:
        if self.is_mounted:
            self.show()

    def on_unmount(self) -> None:
        if self._stop_listening is not None:
            self._stop_listening()

    def show(self) -> None:
        state: FlowState = self.flow.state
        payment = state.payment
        if payment is None:
            return
        self.query_one("#pse-summary", Static).update(
            _("{amount} · {method} · reference {key}").format(
                amount=self.money(payment.amount),
                method=method_text(payment.paymentMethod),
                key=payment.id,
            )
        )
        self.query_one("#pse-state", Static).update(payment_status_text(payment.status))
        self.query_one("#pse-url", Static).update(
            Text(payment.authorizationUrl or "—", style="underline")
        )
        waiting = state.phase == Phase.WAITING_FOR_BANK
        self.query_one("#pse-waiting", Static).update(
            Text(_("Asking your bank every second…"), style="dim") if waiting else ""
        )
        message = self.query_one("#pse-message", Static)
        if state.phase == Phase.APPROVED:
            message.update(
                Text(
                    _(
                        "Your bank authorised the payment. Receipt {receipt}. Press "
                        "Escape to go back."
                    ).format(receipt=payment.receiptNo or "—"),
                    style="bold green",
                )
            )
        elif state.phase == Phase.DECLINED:
            message.update(
                Text(
                    _(
                        "Your bank did not authorise the payment: {reason}. Nothing was "
                        "charged. Press Escape to try again."
                    ).format(reason=payment.statusReason or _("no reason given")),
                    style="bold red",
                )
            )
        elif state.phase == Phase.CANCELED:
            message.update(Text(_("You cancelled the payment. Nothing was charged."), style="bold"))
        elif state.phase == Phase.CONNECTION_LOST:
            message.update(
                Text(
                    _(
                        "We lost the connection. Your payment may still go through: do not pay again."
                    )
                    + " "
                    + _("Still trying…"),
                    style="bold yellow",
                )
            )
        elif state.error is not None:  # a cancel the server refused
            message.update(
                Text(state.error.user_message + " " + _("Press x to try again."), style="bold red")
            )
        elif waiting:
            message.update(
                _(
                    "Open the address above in your browser and approve the debit. "
                    "This screen updates by itself. Press x to cancel."
                )
            )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_payment":
            payment = self.flow.state.payment
            return payment is not None and not payment.is_final
        return True

    def action_cancel_payment(self) -> None:
        payment = self.flow.state.payment
        if payment is None or payment.is_final:
            self.notify(_("This payment is already finished."), severity="warning")
            return
        self.query_one("#pse-message", Static).update(_("Cancelling…"))
        self.cancel()

    @work(exclusive=True, group="cancel")
    async def cancel(self) -> None:
        await self.flow.cancel()

    def action_copy_url(self) -> None:
        payment = self.flow.state.payment
        if payment is not None and payment.authorizationUrl:
            self.app.copy_to_clipboard(payment.authorizationUrl)
            self.notify(_("Address copied."))

    def action_back(self) -> None:
        self.dismiss(self.flow.state.payment)
