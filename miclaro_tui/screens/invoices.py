"""Invoices: every bill of the account, paid and pending, filtered by status and year."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Label, Select, Static

from miclaro_tui.api import BillingError, fetch_all
from miclaro_tui.i18n import C_, N_, _, ngettext
from miclaro_tui.models import CustomerBill
from miclaro_tui.screens.base import BaseScreen
from miclaro_tui.widgets.bill_status import OVERDUE, PAID, status_key, status_text


def status_filters() -> list[tuple[str, str]]:
    """(label, value) for the status filter; the labels speak of invoices in the plural."""
    return [
        (C_("invoices", "All"), "all"),
        (C_("invoices", "To pay"), "pending"),
        (C_("invoices", "Overdue"), "overdue"),
        (C_("invoices", "Paid"), "paid"),
    ]


class InvoicesScreen(BaseScreen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("o", "open", N_("Open"), id="open"),
        Binding("f", "focus_filter", N_("Filter"), id="filter"),
        Binding("r", "reload", N_("Reload"), id="reload"),
    ]

    AUTO_FOCUS = "#bills"

    def __init__(self) -> None:
        super().__init__()
        self.bills: list[CustomerBill] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="invoices"):
            with Horizontal(id="filters"):
                yield Label(_("Status"), classes="filter-label")
                yield Select(
                    status_filters(),
                    value="all",
                    allow_blank=False,
                    id="status-filter",
                )
                yield Label(_("Year"), classes="filter-label")
                yield Select(
                    [(C_("years", "All"), 0)], value=0, allow_blank=False, id="year-filter"
                )
            yield Static(id="invoices-summary")
            yield DataTable(id="bills", cursor_type="row", zebra_stripes=True)
            yield Static(id="invoices-message")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#bills", DataTable)
        table.add_column(_("Period"), key="period")
        table.add_column(_("Invoice"), key="number")
        table.add_column(_("Due date"), key="due")
        table.add_column(_("Amount"), key="amount")
        table.add_column(_("Status"), key="status")
        self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        account = self.miclaro.account
        if account is None:
            return
        table = self.query_one("#bills", DataTable)
        message = self.query_one("#invoices-message", Static)
        table.loading = True
        message.update("")
        try:
            api = await self.miclaro.get_api()
            bills = await fetch_all(
                lambda offset, limit: api.list_bills(account.id, offset=offset, limit=limit)
            )
        except BillingError as error:
            message.update(Text(error.user_message + " " + _("Press r to retry."), style="bold red"))
            return
        finally:
            table.loading = False
        self.bills = bills
        years = sorted({bill.billDate.year for bill in bills}, reverse=True)
        year_select = self.query_one("#year-filter", Select)
        with self.prevent(Select.Changed):
            year_select.set_options(
                [(C_("years", "All"), 0)] + [(str(year), year) for year in years]
            )
            year_select.value = 0
        self.show_bills()

    def visible_bills(self) -> list[CustomerBill]:
        status = self.query_one("#status-filter", Select).value
        year = self.query_one("#year-filter", Select).value
        today = self.miclaro.clock.today()
        chosen = []
        for bill in self.bills:
            key = status_key(bill, today)
            if status == "paid" and key != PAID:
                continue
            if status == "overdue" and key != OVERDUE:
                continue
            if status == "pending" and key == PAID:
                continue
            if year and bill.billDate.year != year:
                continue
            chosen.append(bill)
        return chosen

    def show_bills(self) -> None:
        table = self.query_one("#bills", DataTable)
        today = self.miclaro.clock.today()
        table.clear()
        bills = self.visible_bills()
        for bill in bills:
            table.add_row(
                self.month(bill.billingPeriod.startDateTime),
                bill.billNo,
                self.day(bill.paymentDueDate),
                self.money_cell(bill.amountDue),
                status_text(bill, today),
                key=bill.id,
            )
        pending = [b for b in self.bills if status_key(b, today) != PAID]
        summary = ngettext(
            "{shown} of {total} invoice · {pending} to pay",
            "{shown} of {total} invoices · {pending} to pay",
            len(self.bills),
        ).format(shown=len(bills), total=len(self.bills), pending=len(pending))
        self.query_one("#invoices-summary", Static).update(summary)
        if not bills and self.bills:
            self.query_one("#invoices-message", Static).update(_("No invoices match the filter."))
        elif not self.bills:
            self.query_one("#invoices-message", Static).update(_("This account has no invoices yet."))
        else:
            self.query_one("#invoices-message", Static).update("")

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        if self.bills:
            self.show_bills()

    @on(DataTable.RowSelected, "#bills")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_bill(str(event.row_key.value))

    def action_open(self) -> None:
        table = self.query_one("#bills", DataTable)
        if table.row_count == 0:
            return
        row_key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
        self.open_bill(str(row_key.value))

    def open_bill(self, bill_id: str) -> None:
        from miclaro_tui.screens.invoice_detail import InvoiceDetailScreen

        bill = next((b for b in self.bills if b.id == bill_id), None)
        if bill is not None:
            self.app.push_screen(InvoiceDetailScreen(bill))

    def action_focus_filter(self) -> None:
        self.query_one("#status-filter", Select).focus()

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()

