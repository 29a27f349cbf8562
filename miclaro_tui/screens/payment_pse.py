"""Follow a PSE payment while the customer authorises it at their bank: its state, asked
every second, the bank's address, and a key to cancel while it is still pending."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Label, Static

from miclaro_tui.api import BillingError
from miclaro_tui.i18n import N_, _
from miclaro_tui.models import Payment
from miclaro_tui.screens.base import BaseScreen
from miclaro_tui.widgets.payment_status import method_text, payment_status_text


class PseStatusScreen(BaseScreen):
    """Dismisses with the payment as last seen (final, or still pending if the user left)."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("x", "cancel_payment", N_("Cancel payment"), id="cancel-payment"),
        Binding("c", "copy_url", N_("Copy address"), id="copy-url"),
    ]

    POLL_PAUSE = 1.0

    def __init__(self, payment: Payment) -> None:
        super().__init__()
        self.payment = payment
        self.polls = 0

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
        self.show()
        self._timer = self.set_interval(self.POLL_PAUSE, self._tick)

    def _tick(self) -> None:
        if self.payment.is_final:
            self._timer.stop()
            return
        self.poll()

    def show(self) -> None:
        payment = self.payment
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
        waiting = not payment.is_final
        self.query_one("#pse-waiting", Static).update(
            Text(_("Asking your bank every second…"), style="dim") if waiting else ""
        )
        message = self.query_one("#pse-message", Static)
        if payment.status == "done":
            message.update(Text(_("Your bank authorised the payment. Receipt {receipt}. Press "
                                  "Escape to go back.").format(receipt=payment.receiptNo or "—"),
                                style="bold green"))
        elif payment.status in ("denied", "failed"):
            message.update(Text(_("Your bank did not authorise the payment: {reason}. Nothing was "
                                  "charged. Press Escape to try again.").format(
                                      reason=payment.statusReason or _("no reason given")),
                                style="bold red"))
        elif payment.status == "canceled":
            message.update(Text(_("You cancelled the payment. Nothing was charged."),
                                style="bold"))
        elif waiting:
            message.update(_("Open the address above in your browser and approve the debit. "
                             "This screen updates by itself. Press x to cancel."))

    @work(exclusive=True, group="follow")
    async def poll(self) -> None:
        """One look at the payment (a timer asks every POLL_PAUSE seconds until it is final)."""
        try:
            api = await self.miclaro.get_api()
            payment = await api.get_payment(self.payment.id)
        except BillingError as error:
            self.query_one("#pse-message", Static).update(
                Text(error.user_message + " " + _("Still trying…"), style="bold red")
            )
            return
        if self.payment.is_final:
            return  # cancelled meanwhile: keep what the cancel said
        self.payment = payment
        self.polls += 1
        self.show()

    def action_cancel_payment(self) -> None:
        if self.payment.is_final:
            self.notify(_("This payment is already finished."), severity="warning")
            return
        self.cancel()

    @work(exclusive=True, group="cancel")
    async def cancel(self) -> None:
        self.query_one("#pse-message", Static).update(_("Cancelling…"))
        try:
            api = await self.miclaro.get_api()
            self.payment = await api.cancel_payment(self.payment.id)
        except BillingError as error:
            self.query_one("#pse-message", Static).update(
                Text(error.user_message + " " + _("Press x to try again."), style="bold red")
            )
            return
        self.show()

    def action_copy_url(self) -> None:
        if self.payment.authorizationUrl:
            self.app.copy_to_clipboard(self.payment.authorizationUrl)
            self.notify(_("Address copied."))

    def action_back(self) -> None:
        self.dismiss(self.payment)
