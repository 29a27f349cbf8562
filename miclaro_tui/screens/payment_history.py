"""Every payment of the account: date, bill, method (masked), amount, status, receipt; and
the receipt PDF, saved in the download folder like an invoice."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Label, Static

from miclaro_tui.api import BillingError, fetch_all
from miclaro_tui.i18n import N_, _, ngettext
from miclaro_tui.models import Payment
from miclaro_tui.screens.base import BaseScreen
from miclaro_tui.widgets.payment_status import method_text, payment_status_text


class PaymentHistoryScreen(BaseScreen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("d", "download", N_("Download receipt"), id="download-receipt"),
        Binding("r", "reload", N_("Reload"), id="reload"),
    ]

    AUTO_FOCUS = "#payments"

    def __init__(self) -> None:
        super().__init__()
        self.payments: list[Payment] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="history"):
            yield Label(_("Payment history"), classes="section-title")
            yield Static(id="history-summary")
            yield DataTable(id="payments", cursor_type="row", zebra_stripes=True)
            yield Static(id="history-message")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#payments", DataTable)
        table.add_column(_("Date"), key="date")
        table.add_column(_("Invoice"), key="bill")
        table.add_column(_("Method"), key="method")
        table.add_column(_("Amount"), key="amount")
        table.add_column(_("Status"), key="status")
        table.add_column(_("Receipt"), key="receipt")
        self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        account = self.miclaro.account
        if account is None:
            return
        table = self.query_one("#payments", DataTable)
        table.loading = True
        self._say("")
        try:
            api = await self.miclaro.get_api()
            payments = await fetch_all(
                lambda offset, limit: api.list_payments(account.id, offset=offset, limit=limit)
            )
        except BillingError as error:
            self._say(error.user_message + " " + _("Press r to retry."), error=True)
            return
        finally:
            table.loading = False
        self.payments = sorted(payments, key=lambda p: p.paymentDate, reverse=True)
        self.show()

    def show(self) -> None:
        table = self.query_one("#payments", DataTable)
        table.clear()
        for payment in self.payments:
            bills = ", ".join(item.item.name or item.item.id for item in payment.paymentItem)
            table.add_row(
                self.day(payment.paymentDate.date()),
                bills,
                method_text(payment.paymentMethod),
                self.money_cell(payment.amount),
                payment_status_text(payment.status),
                payment.receiptNo or "—",
                key=payment.id,
            )
        self.query_one("#history-summary", Static).update(
            ngettext(
                "{count} payment · d downloads the selected receipt",
                "{count} payments · d downloads the selected receipt",
                len(self.payments),
            ).format(count=len(self.payments))
        )
        if not self.payments:
            self._say(_("No payments yet."))

    def selected(self) -> Payment | None:
        table = self.query_one("#payments", DataTable)
        if table.row_count == 0:
            return None
        row_key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
        return next((p for p in self.payments if p.id == row_key.value), None)

    def action_download(self) -> None:
        payment = self.selected()
        if payment is None:
            self._say(_("Choose a payment first."), error=True)
            return
        if payment.receiptNo is None:
            self._say(_("This payment has no receipt yet (it is not finished)."), error=True)
            return
        self.download(payment)

    @work(exclusive=True, group="download")
    async def download(self, payment: Payment) -> None:
        self._say(_("Downloading the receipt…"))
        await self.save_pdf(
            lambda api: api.download_receipt(payment.id),
            f"claro-receipt-{payment.receiptNo or payment.id}.pdf",
            _("Receipt saved"),
            self._say,
        )

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()

    def _say(self, message: str, error: bool = False) -> None:
        self.query_one("#history-message", Static).update(
            Text(message, style="bold red" if error else "")
        )
