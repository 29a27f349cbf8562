"""A postpaid account's spending of the last 12 months: what each month's invoices billed, as
a chart (plotext, loaded when this opens) with the same amounts in a table beside it."""

from __future__ import annotations

from datetime import date

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Label

from miclaro_tui.api import BillingError, TooManyItemsError, fetch_all
from miclaro_tui.i18n import N_, _
from miclaro_tui.models import Money
from miclaro_tui.prepaid import compact_number, last_months, monthly_spending, short_month
from miclaro_tui.screens.base import BACK, BaseScreen
from miclaro_tui.widgets.status_line import StatusLine
from miclaro_tui.widgets.table import Table

MONTHS = 12


class SpendingScreen(BaseScreen):
    BINDINGS = [BACK, Binding("r", "reload", N_("Reload"), id="reload")]
    DEFAULT_CSS = """
    #spending { padding: 0 1; }
    #spending-body { height: 1fr; }
    #spending-chart { width: 1fr; height: 1fr; }
    #spending-table { width: auto; height: auto; margin-left: 1; }
    #spending-message { height: auto; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.months: list[tuple[date, Money]] = []

    def compose(self) -> ComposeResult:
        from miclaro_tui.widgets.bar_chart import BarChart

        yield Header()
        with Vertical(id="spending"):
            yield Label(_("Your spending, last 12 months"), classes="section-title")
            with Horizontal(id="spending-body"):
                yield BarChart(id="spending-chart")
                yield Table(id="spending-table", cursor_type="none", zebra_stripes=True)
            yield StatusLine(id="spending-message")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#spending-table", DataTable)
        table.add_column(_("Month"), key="month")
        table.add_column(_("Billed"), key="billed")
        self.load()

    @work(exclusive=True, group="spending")
    async def load(self) -> None:
        account = self.miclaro.account
        if account is None:
            return
        today = self.miclaro.clock.today()
        start = last_months(today, MONTHS)[0]
        self.say(_("Updating…"))
        try:
            api = await self.miclaro.get_api()
            bills = await fetch_all(
                lambda offset, limit: api.list_bills(
                    account.id, offset=offset, limit=limit, billed_from=start
                ),
                page_size=100,
            )
        except TooManyItemsError:
            self.say(
                _("This account has too many invoices to chart here; see them in the list."),
                "warning",
            )
            return
        except BillingError as error:
            self.say(error.user_message + " " + _("Press r to retry."), "error")
            return
        self.say("")
        self.show(monthly_spending(bills, today, account.currency, MONTHS))

    def show(self, months: list[tuple[date, Money]]) -> None:
        from babel.dates import format_skeleton

        from miclaro_tui.widgets.bar_chart import BarChart

        self.months = months
        labels = [short_month(m, self.words_locale) for m, _a in months]
        table = self.query_one("#spending-table", DataTable)
        table.clear()
        for (first, amount), _label in zip(months, labels, strict=True):
            table.add_row(
                format_skeleton("MMMyy", first, locale=self.words_locale),
                self.money_cell(amount),
            )
        currency = months[0][1].unit if months else ""
        self.query_one("#spending-chart", BarChart).show(
            labels,
            [float(amount.value) for _m, amount in months],
            currency,
            lambda value: compact_number(value, self.display_locale),
        )

    def action_reload(self) -> None:
        self.load()
