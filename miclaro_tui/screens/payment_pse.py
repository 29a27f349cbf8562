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
from textual.content import Content
from textual.widgets import Footer, Header, Label, Static

from miclaro_tui.error_messages import status_reason_text
from miclaro_tui.flows.payment import FlowState, PaymentFlow, Phase
from miclaro_tui.i18n import N_, _
from miclaro_tui.screens.base import BACK, BaseScreen
from miclaro_tui.widgets.payment_status import method_text, payment_status_text
from miclaro_tui.widgets.status_line import StatusLine


class PseStatusScreen(BaseScreen):
    BINDINGS = [
        BACK,
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
            yield Label(
                _("Authorise the payment at your bank:"), id="pse-url-label", classes="field-label"
            )
            yield Static(id="pse-url")
            yield StatusLine(id="pse-message")
        yield Footer()

    def on_mount(self) -> None:
        self._stop_listening = self.flow.subscribe(self._heard)
        self.show()

    def _heard(self, state: FlowState) -> None:
        if self.is_mounted:
            self.show()
        else:  # heard while Textual finishes mounting: a fast bank's answer is not lost
            self.call_later(self.show)

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
                method=method_text(payment.paymentMethod, self.country_code),
                key=payment.id,
            )
        )
        self.query_one("#pse-state", Static).update(payment_status_text(payment.status))
        # The server gives the bank's address only while the payment awaits the customer.
        url = payment.authorizationUrl
        self.query_one("#pse-url-label").display = url is not None
        self.query_one("#pse-url", Static).display = url is not None
        self.query_one("#pse-url", Static).update(Text(url or "", style="underline"))
        waiting = state.phase == Phase.WAITING_FOR_BANK
        self.query_one("#pse-waiting", Static).update(
            Text(_("Asking your bank every second…"), style="dim") if waiting else ""
        )
        if state.phase == Phase.APPROVED:
            self.say(
                _(
                    "Your bank authorised the payment. Receipt {receipt}. Press Escape to go back."
                ).format(receipt=payment.receiptNo or "—"),
                "success",
            )
        elif state.phase == Phase.DECLINED:
            self.say(
                _(
                    "Your bank did not authorise the payment: {reason}. Nothing was "
                    "charged. Press Escape to try again."
                ).format(reason=status_reason_text(payment.statusReason) or _("no reason given")),
                "error",
            )
        elif state.phase == Phase.CANCELED:
            self.say(Content.styled(_("You cancelled the payment. Nothing was charged."), "bold"))
        elif state.phase == Phase.CONNECTION_LOST:
            self.say(
                _("We lost the connection. Your payment may still go through: do not pay again.")
                + " "
                + _("Still trying…"),
                "warning",
            )
        elif state.error is not None:  # a cancel the server refused
            self.say(state.error.user_message + " " + _("Press x to try again."), "error")
        elif waiting:
            self.say(
                _(
                    "Open the address above in your browser and approve the debit. "
                    "This screen updates by itself. Press x to cancel."
                )
            )
        self.refresh_bindings()

    def why_not(self, action: str) -> str | None:
        if action in ("cancel_payment", "copy_url"):
            payment = self.flow.state.payment
            if payment is None or payment.is_final:
                return _("This payment is already finished.")
        return None

    def action_cancel_payment(self) -> None:
        payment = self.flow.state.payment
        if payment is None or payment.is_final:
            self.notify(_("This payment is already finished."), severity="warning")
            return
        self.say(_("Cancelling…"))
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
        """Back to the payment screen, with the payment as it stands (the flow goes on)."""
        self.dismiss(self.flow.state.payment)
