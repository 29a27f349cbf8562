"""Every payment of the account, newest first, a page at a time as the cursor reaches them:
date, bill, method (masked), amount, status, receipt; and the receipt PDF, saved in the
download folder like an invoice."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Label, Static

from miclaro_tui.api import BillingError
from miclaro_tui.i18n import N_, _, ngettext
from miclaro_tui.models import Payment
from miclaro_tui.screens.base import BaseScreen
from miclaro_tui.screens.home import number
from miclaro_tui.widgets.payment_status import method_text, payment_status_text

PAGE = 50
NEAR_THE_END = 10
NOT_MADE = frozenset({"denied", "failed", "canceled"})


def not_made(status: str) -> str:
    """Why a payment that was not made has no receipt."""
    if status == "canceled":
        return _("This payment was cancelled: it was not made, so it has no receipt.")
    if status == "failed":
        return _("This payment failed: it was not made, so it has no receipt.")
    return _("This payment was declined: it was not made, so it has no receipt.")


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
        self.total = 0
        self._moves_seen = 0

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
        state = self.miclaro.account_state
        self._moves_seen = state.money_moves if state is not None else 0
        self.watch(self.app, "account_version", self._state_changed, init=False)
        self.load()

    def _state_changed(self) -> None:
        state = self.miclaro.account_state
        if state is not None and state.money_moves != self._moves_seen:
            self._moves_seen = state.money_moves
            self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        """The newest payments (the server sorts them); more as the cursor goes down."""
        account = self.miclaro.account
        if account is None:
            return
        table = self.query_one("#payments", DataTable)
        table.loading = table.row_count == 0
        self._say("")
        try:
            api = await self.miclaro.get_api()
            page = await api.list_payments(account.id, offset=0, limit=PAGE)
        except BillingError as error:
            self._say(error.user_message + " " + _("Press r to retry."), error=True)
            return
        finally:
            table.loading = False
        self.payments = list(page.items)
        self.total = max(page.total, len(self.payments))
        table.clear()
        self.show(self.payments)

    @work(exclusive=True, group="more")
    async def load_more(self) -> None:
        account = self.miclaro.account
        if account is None or len(self.payments) >= self.total:
            return
        try:
            api = await self.miclaro.get_api()
            page = await api.list_payments(account.id, offset=len(self.payments), limit=PAGE)
        except BillingError as error:
            self._say(error.user_message + " " + _("Move down again to retry."), error=True)
            return
        known = {payment.id for payment in self.payments}
        fresh = [payment for payment in page.items if payment.id not in known]
        if not page.items:
            self.total = len(self.payments)
        self.payments.extend(fresh)
        self.show(fresh)

    @on(DataTable.RowHighlighted, "#payments")
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        if len(self.payments) < self.total and (
            event.cursor_row >= event.data_table.row_count - NEAR_THE_END
        ):
            self.load_more()

    def show(self, payments: list[Payment]) -> None:
        table = self.query_one("#payments", DataTable)
        for payment in payments:
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
                self.total,
            ).format(count=number(self.total, self.display_locale))
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
        if payment.status in NOT_MADE:
            self._say(not_made(payment.status), error=True)
            return
        if payment.receiptNo is None:
            self._say(
                _("This payment is still being authorised: its receipt comes once it is approved."),
                error=True,
            )
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
