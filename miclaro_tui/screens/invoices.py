"""Invoices: the account's bills, newest first, a page at a time as the cursor reaches them,
filtered by status and year on the server; counts are the server's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Label, Select, Static

from miclaro_tui.api import BillingError, Page
from miclaro_tui.i18n import C_, N_, _, ngettext
from miclaro_tui.models import CustomerBill
from miclaro_tui.screens.base import BACK
from miclaro_tui.screens.home import number
from miclaro_tui.screens.paged import PagedTableScreen, Pages
from miclaro_tui.widgets.bill_status import status_cell, status_key
from miclaro_tui.widgets.status_line import StatusLine
from miclaro_tui.widgets.table import Table
from miclaro_tui.widgets.tone import ToneCell

if TYPE_CHECKING:
    from miclaro_tui.state import AccountState, BillFilter


def status_filters() -> list[tuple[str, str]]:
    """(label, value) for the status filter; the labels speak of invoices in the plural."""
    return [
        (C_("invoices", "All"), "all"),
        (C_("invoices", "To pay"), "pending"),
        (C_("invoices", "Overdue"), "overdue"),
        (C_("invoices", "Paid"), "paid"),
    ]


class InvoicesScreen(PagedTableScreen[CustomerBill]):
    BINDINGS = [
        BACK,
        Binding("o", "open", N_("Open"), id="open"),
        Binding("f", "focus_filter", N_("Filter"), id="filter"),
        Binding("r", "reload", N_("Reload"), id="reload"),
        Binding("g", "spending", N_("Spending"), id="spending"),
    ]

    AUTO_FOCUS = "#bills"
    TABLE = "bills"
    NEAR_THE_END = 20

    def __init__(self) -> None:
        super().__init__()
        self.filter_shown: BillFilter | None = None
        """The filter of the bills in the table."""
        self.offline_since: datetime | None = None
        """When the bills shown were fetched, if the server could not be reached since."""
        self._by_id: dict[str, CustomerBill] = {}
        self._statuses: dict[str, ToneCell] = {}
        self._moves_seen = 0

    @property
    def bills(self) -> list[CustomerBill]:
        """The bills loaded so far, in the table's order."""
        return self.pages.items if self.pages is not None else []

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
            yield Table(id="bills", cursor_type="row", zebra_stripes=True)
            yield StatusLine(id="invoices-message")
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
        for select in self.query(Select):
            self.watch(select, "expanded", self._when_closed(select), init=False)
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
        from miclaro_tui.state import OFFLINE_ERRORS, BillFilter

        state = self.state
        account = self.miclaro.account
        if state is None or account is None:
            return
        bill_filter = self._filter()
        api = await self.miclaro.get_api()
        query = bill_filter.query(self.miclaro.clock.today())
        pages: Pages[CustomerBill] = Pages(
            lambda offset, limit: api.list_bills(account.id, offset=offset, limit=limit, **query),
            key=lambda bill: bill.id,
        )
        try:
            await self.fetch_pages(pages, keep_row)
            self.offline_since = None
        except OFFLINE_ERRORS as error:
            remembered = await state.last_bills(account.id) if bill_filter.status == "all" else None
            if remembered is None or bill_filter.year:
                self.say(error.user_message + " " + _("Press r to retry."), "error")
                return
            self.offline_since, page = remembered
            pages.adopt(page)
        except BillingError as error:
            self.say(error.user_message + " " + _("Press r to retry."), "error")
            return
        if self.offline_since is None and bill_filter == BillFilter():
            first = pages.items[:50]
            await state.remember_bills(account.id, Page(first, pages.total or 0, 0, len(first)))
        self.filter_shown = bill_filter
        self._by_id = {}
        self.show_pages(pages, keep_row)

    @property
    def can_load_more(self) -> bool:
        return self.offline_since is None

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

    def add_rows(self, items: list[CustomerBill]) -> None:
        table = self.table
        today = self.miclaro.clock.today()
        rows = []
        for bill in items:
            self._by_id[bill.id] = bill
            key = status_key(bill, today)
            status = self._statuses.get(key)
            if status is None:  # one cell per status word, shared by the rows
                status = self._statuses[key] = status_cell(bill, today)
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
        from miclaro_tui.state import BillFilter

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
                last=number(len(pages.items), locale),
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
            self.say(when + ". " + _("Press r to retry."), "warning")
        elif total == 0 and self.filter_shown in (None, BillFilter()):
            self.say(_("This account has no invoices yet."))
        elif total == 0:
            self.say(_("No invoices match the filter."))

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self.load()

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

    def why_not(self, action: str) -> str | None:
        if action == "open" and not self.has_rows:
            return _("There is no invoice to open.")
        return None

    def open_bill(self, bill_id: str) -> None:
        from miclaro_tui.screens.invoice_detail import InvoiceDetailScreen

        bill = self._by_id.get(bill_id)
        if bill is not None:
            self.app.push_screen(InvoiceDetailScreen(bill))

    def action_focus_filter(self) -> None:
        """f: the status filter, open; once a status is chosen (or Escape), back to the list."""
        select = self.query_one("#status-filter", Select)
        select.focus()
        select.action_show_overlay()

    def _when_closed(self, select: Select) -> Callable[[bool], None]:
        def closed(expanded: bool) -> None:
            if not expanded:
                # After the Select has taken the focus back (it does so as its list closes).
                self.call_after_refresh(self._back_to_the_list, select)

        return closed

    def _back_to_the_list(self, select: Select) -> None:
        focused = self.focused
        if focused is not None and (focused is select or select in focused.ancestors):
            self.table.focus()

    def action_spending(self) -> None:
        from miclaro_tui.screens.spending import SpendingScreen  # plotext loads with it

        self.app.push_screen(SpendingScreen())

    def action_reload(self) -> None:
        self.load(keep_row=self.query_one("#bills", DataTable).cursor_row)
        self.load_years()
        self.miclaro.refresh_account_state()
