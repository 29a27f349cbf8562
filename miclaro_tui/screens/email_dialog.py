"""Ask where to e-mail an invoice, send it, and report the (masked) address it went to."""

from __future__ import annotations

import re

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from miclaro_tui.api import BillingError
from miclaro_tui.i18n import N_, _
from miclaro_tui.models import CustomerBill
from miclaro_tui.screens.base import TranslatedKeys, shell
from miclaro_tui.widgets.status_line import StatusLine

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class EmailDialog(TranslatedKeys, ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="cancel")]
    AUTO_FOCUS = "#email"

    def __init__(self, bill: CustomerBill, default: str) -> None:
        super().__init__()
        self.bill = bill
        self.default = default
        self._sending = False

    def compose(self) -> ComposeResult:
        with Vertical(id="email-box", classes="dialog"):
            yield Label(
                _("E-mail invoice {number}").format(number=self.bill.billNo), classes="dialog-title"
            )
            yield Label(_("Send to"), classes="field-label")
            yield Input(self.default, id="email", placeholder=_("name@example.com"))
            yield StatusLine(id="email-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Send"), id="send", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    @on(Input.Submitted, "#email")
    @on(Button.Pressed, "#send")
    def submit(self) -> None:
        if self._sending:
            return
        address = self.query_one("#email", Input).value.strip()
        if not EMAIL.match(address):
            self.say(_("E-mail: enter an address like name@example.com."), "error")
            self.query_one("#email", Input).focus()
            return
        self.send(address)

    @work(exclusive=True)
    async def send(self, address: str) -> None:
        self._sending = True
        self.query_one("#send", Button).disabled = True
        self.say(_("Sending…"))
        try:
            api = await shell(self).get_api()
            result = await api.send_bill(self.bill.id, address)
        except BillingError as error:
            self.say(error.user_message + " " + _("Press Enter to try again."), "error")
            return
        finally:
            self._sending = False
            self.query_one("#send", Button).disabled = False
        self.dismiss(result.sentTo)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
