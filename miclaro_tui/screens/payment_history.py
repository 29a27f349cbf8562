"""Every payment of the account, newest first, a page at a time as the cursor reaches them:
date, bill, method (masked), amount, status, receipt; and the receipt PDF, saved in the
download folder like an invoice."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Label, Static

from miclaro_tui.api import BillingError
from miclaro_tui.i18n import N_, _, ngettext
from miclaro_tui.models import Payment
from miclaro_tui.screens.base import BACK
from miclaro_tui.screens.home import number
from miclaro_tui.screens.paged import PagedTableScreen, Pages
from miclaro_tui.screens.receipts import download_receipt, selected
from miclaro_tui.widgets.payment_status import method_text, payment_status_cell
from miclaro_tui.widgets.status_line import StatusLine
from miclaro_tui.widgets.table import Table

PAGE = 50
NOT_MADE = frozenset({"denied", "failed", "canceled"})


def not_made(status: str) -> str:
    """Why a payment that was not made has no receipt."""
    if status == "canceled":
        return _("This payment was cancelled: it was not made, so it has no receipt.")
    if status == "failed":
        return _("This payment failed: it was not made, so it has no receipt.")
    return _("This payment was declined: it was not made, so it has no receipt.")


class PaymentHistoryScreen(PagedTableScreen[Payment]):
    BINDINGS = [
        BACK,
        Binding("d", "download", N_("Download receipt"), id="download-receipt"),
        Binding("r", "reload", N_("Reload"), id="reload"),
    ]

    AUTO_FOCUS = "#payments"
    TABLE = "payments"

    def __init__(self) -> None:
        super().__init__()
        self._moves_seen = 0

    @property
    def payments(self) -> list[Payment]:
        """The payments loaded so far, in the table's order."""
        return self.pages.items if self.pages is not None else []

    @property
    def total(self) -> int:
        """How many payments the account has, as far as is known."""
        pages = self.pages
        return max(pages.total or 0, len(pages.items)) if pages is not None else 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="history"):
            yield Label(_("Payment history"), classes="section-title")
            yield Static(id="history-summary")
            yield Table(id="payments", cursor_type="row", zebra_stripes=True)
            yield StatusLine(id="history-message")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#payments", DataTable)
        # The method last: at 80 columns the rest is whole, and the table scrolls to it.
        table.add_column(_("Date"), key="date")
        table.add_column(_("Invoice"), key="bill")
        table.add_column(_("Amount"), key="amount")
        table.add_column(_("Status"), key="status")
        table.add_column(_("Receipt"), key="receipt")
        table.add_column(_("Method"), key="method")
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
        try:
            api = await self.miclaro.get_api()
            pages: Pages[Payment] = Pages(
                lambda offset, limit: api.list_payments(account.id, offset=offset, limit=limit),
                key=lambda payment: payment.id,
                first=PAGE,
                then=PAGE,
            )
            await self.fetch_pages(pages)
        except BillingError as error:
            self.say(error.user_message + " " + _("Press r to retry."), "error")
            return
        self.show_pages(pages)

    def add_rows(self, items: list[Payment]) -> None:
        table = self.table
        for payment in items:
            bills = ", ".join(item.item.name or item.item.id for item in payment.paymentItem)
            table.add_row(
                self.day(payment.paymentDate.date()),
                bills,
                self.money_cell(payment.amount),
                payment_status_cell(payment.status),
                payment.receiptNo or "—",
                method_text(payment.paymentMethod, self.country_code),
                key=payment.id,
            )

    def show_summary(self) -> None:
        self.query_one("#history-summary", Static).update(
            ngettext(
                "{count} payment · d downloads the selected receipt",
                "{count} payments · d downloads the selected receipt",
                self.total,
            ).format(count=number(self.total, self.display_locale))
        )
        if not self.payments:
            self.say(_("No payments yet."))

    def why_not(self, action: str) -> str | None:
        if action == "download" and not self.has_rows:
            return _("No payments yet.")
        return None

    def selected(self) -> Payment | None:
        return selected(self.query_one("#payments", DataTable), self.payments)

    def action_download(self) -> None:
        payment = self.selected()
        if payment is None:
            self.say(_("Choose a payment first."), "error")
            return
        if payment.status in NOT_MADE:
            self.say(not_made(payment.status), "error")
            return
        if payment.receiptNo is None:
            self.say(
                _("This payment is still being authorised: its receipt comes once it is approved."),
                "error",
            )
            return
        self.download(payment)

    @work(exclusive=True, group="download")
    async def download(self, payment: Payment) -> None:
        await download_receipt(
            self, lambda api: api.download_receipt(payment.id), payment.receiptNo or payment.id
        )

    def action_reload(self) -> None:
        self.load()
