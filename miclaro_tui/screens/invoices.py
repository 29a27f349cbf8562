"""Invoices: the account's bills, newest first, a page at a time as the cursor reaches them,
filtered by status and year on the server; counts are the server's."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Label, Select, Static

from miclaro_tui.api import BillingError, Page
from miclaro_tui.i18n import C_, N_, _, ngettext
from miclaro_tui.screens.base import BaseScreen
from miclaro_tui.screens.home import number
from miclaro_tui.widgets.bill_status import status_key, status_text

if TYPE_CHECKING:
    from miclaro_tui.models import CustomerBill
    from miclaro_tui.state import AccountState, BillFilter, BillPages

NEAR_THE_END = 20
"""Rows left below the cursor when the next page is asked for."""


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
        self.pages: BillPages | None = None
        self.offline_since: datetime | None = None
        """When the bills shown were fetched, if the server could not be reached since."""
        self._by_id: dict[str, CustomerBill] = {}
        self._statuses: dict[str, Text] = {}
        self._moves_seen = 0

    @property
    def bills(self) -> list[CustomerBill]:
        """The bills loaded so far, in the table's order."""
        return self.pages.bills if self.pages is not None else []

    @property
    def state(self) -> AccountState | None:
        return self.miclaro.account_state

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
        if self.state is not None:
            self._moves_seen = self.state.money_moves
        self.watch(self.app, "account_version", self._state_changed, init=False)
        self.load()
        self.load_years()

    def _state_changed(self) -> None:
        state = self.state
        if state is None:
            return
        if state.money_moves != self._moves_seen:
            # Money moved: the bills' states and amounts changed. Keep the cursor's place.
            self._moves_seen = state.money_moves
            self.load(keep_row=self.query_one("#bills", DataTable).cursor_row)
        else:
            self.show_summary()

    # --- loading ---------------------------------------------------------------------------

    def _filter(self) -> BillFilter:
        from miclaro_tui.state import BillFilter

        status = self.query_one("#status-filter", Select).value
        year = self.query_one("#year-filter", Select).value
        return BillFilter(status=str(status), year=int(year) if isinstance(year, int) else 0)

    @work(exclusive=True, group="load")
    async def load(self, keep_row: int = 0) -> None:
        from miclaro_tui.state import OFFLINE_ERRORS, BillFilter, BillPages

        state = self.state
        account = self.miclaro.account
        if state is None or account is None:
            return
        table = self.query_one("#bills", DataTable)
        bill_filter = self._filter()
        pages = BillPages(
            await self.miclaro.get_api(), account.id, bill_filter, self.miclaro.clock.today()
        )
        table.loading = table.row_count == 0
        self._say("")
        try:
            await pages.load_more()
            while keep_row >= len(pages.bills) and pages.has_more:
                await pages.load_more()
            self.offline_since = None
        except OFFLINE_ERRORS as error:
            remembered = await state.last_bills(account.id) if bill_filter.status == "all" else None
            if remembered is None or bill_filter.year:
                self._say(error.user_message + " " + _("Press r to retry."), error=True)
                return
            self.offline_since, page = remembered
            pages.adopt(page)
        except BillingError as error:
            self._say(error.user_message + " " + _("Press r to retry."), error=True)
            return
        finally:
            table.loading = False
        if self.offline_since is None and bill_filter == BillFilter():
            first = pages.bills[:50]
            await state.remember_bills(account.id, Page(first, pages.total or 0, 0, len(first)))
        self.pages = pages
        self._by_id = {}
        table.clear()
        self._add_rows(pages.bills)
        if keep_row:
            table.move_cursor(row=min(keep_row, table.row_count - 1))
        self.show_summary()

    @work(group="more")
    async def load_more(self) -> None:
        pages = self.pages
        if pages is None or self.offline_since is not None:
            return
        try:
            fresh = await pages.load_more()
        except BillingError as error:
            self._say(error.user_message + " " + _("Move down again to retry."), error=True)
            return
        if pages is self.pages:
            self._add_rows(fresh)
            self.show_summary()

    @work(exclusive=True, group="years")
    async def load_years(self) -> None:
        """Every year the account has bills in, for the year filter."""
        from miclaro_tui.state import bill_years

        account = self.miclaro.account
        if account is None:
            return
        try:
            years = await bill_years(await self.miclaro.get_api(), account.id)
        except BillingError:
            years = sorted({bill.billDate.year for bill in self.bills}, reverse=True)
        year_select = self.query_one("#year-filter", Select)
        chosen = year_select.value
        with self.prevent(Select.Changed):
            year_select.set_options(
                [(C_("years", "All"), 0)] + [(str(year), year) for year in years]
            )
            year_select.value = chosen if chosen in years else 0

    # --- showing ---------------------------------------------------------------------------

    def _add_rows(self, bills: list[CustomerBill]) -> None:
        table = self.query_one("#bills", DataTable)
        today = self.miclaro.clock.today()
        rows = []
        for bill in bills:
            self._by_id[bill.id] = bill
            key = status_key(bill, today)
            status = self._statuses.get(key)
            if status is None:  # one Text per status word, shared by the rows
                status = self._statuses[key] = status_text(bill, today)
            rows.append((bill, status))
        for bill, status in rows:
            table.add_row(
                self.month(bill.billingPeriod.startDateTime),
                bill.billNo,
                self.day(bill.paymentDueDate),
                self.money_cell(bill.amountDue),
                status,
                key=bill.id,
            )

    def show_summary(self) -> None:
        pages = self.pages
        summary = self.query_one("#invoices-summary", Static)
        if pages is None or pages.total is None:
            summary.update("")
            return
        locale = self.display_locale
        total = pages.total
        if total == 0:
            summary.update("")
        else:
            text = ngettext(
                "{first}–{last} of {total} invoice",
                "{first}–{last} of {total} invoices",
                total,
            ).format(
                first=number(1, locale),
                last=number(len(pages.bills), locale),
                total=number(total, locale),
            )
            state = self.state
            unpaid = state.summary.unpaid_count if state and state.summary else None
            if unpaid is not None:
                text += " · " + ngettext("{count} to pay", "{count} to pay", unpaid).format(
                    count=number(unpaid, locale)
                )
            summary.update(text)
        if self.offline_since is not None:
            from miclaro_tui.state import as_of

            when = as_of(self.offline_since, self.miclaro.clock.today(), locale, self.country_code)
            self._say(Text(when + ". " + _("Press r to retry."), style="bold yellow"))
        elif total == 0 and pages.filter.status == "all" and not pages.filter.year:
            self._say(_("This account has no invoices yet."))
        elif total == 0:
            self._say(_("No invoices match the filter."))

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self.load()

    @on(DataTable.RowHighlighted, "#bills")
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        pages = self.pages
        if pages is None or not pages.has_more:
            return
        if event.cursor_row >= event.data_table.row_count - NEAR_THE_END:
            if not any(w.group == "more" and w.is_running for w in self.workers):
                self.load_more()

    # --- actions ---------------------------------------------------------------------------

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

        bill = self._by_id.get(bill_id)
        if bill is not None:
            self.app.push_screen(InvoiceDetailScreen(bill))

    def action_focus_filter(self) -> None:
        self.query_one("#status-filter", Select).focus()

    def action_reload(self) -> None:
        self.load(keep_row=self.query_one("#bills", DataTable).cursor_row)
        self.load_years()
        self.miclaro.refresh_account_state()

    def action_back(self) -> None:
        self.app.pop_screen()

    def _say(self, message: str | Text, error: bool = False) -> None:
        if isinstance(message, str):
            message = Text(message, style="bold red" if error else "")
        self.query_one("#invoices-message", Static).update(message)
