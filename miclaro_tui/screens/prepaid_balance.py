"""What is left on a prepaid line: the money balance and the data, minutes and SMS buckets
(what is left of how much, a bar, the expiry), and the last 6 months of usage as a chart with
the same figures in a table beside it. The chart's module (plotext) loads when this opens."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Label, Static

from miclaro_tui.api import BillingError
from miclaro_tui.i18n import N_, _
from miclaro_tui.prepaid import (
    UsageRow,
    bar_text,
    compact_number,
    national_number,
    quantity_text,
    share_left,
    short_month,
    usage_rows,
)
from miclaro_tui.screens.base import BACK, BaseScreen
from miclaro_tui.screens.prepaid_confirm import prepaid_line
from miclaro_tui.widgets.status_line import StatusLine
from miclaro_tui.widgets.table import Table
from miclaro_tui.widgets.tone import toned

if TYPE_CHECKING:
    from miclaro_tui.models import Bucket, UsageConsumptionReport
    from miclaro_tui.widgets.bar_chart import BarChart

BUCKET_NAMES = {
    "monetary": N_("Balance"),
    "data": N_("Data"),
    "voice": N_("Minutes"),
    "sms": N_("SMS"),
}
SERIES = (
    ("data", N_("Data used (MB)")),
    ("voice", N_("Minutes used")),
    ("sms", N_("SMS sent")),
)
BAR_WIDTH = 16


class PrepaidBalanceScreen(BaseScreen):
    BINDINGS = [
        BACK,
        Binding("t", "top_up", N_("Top up"), id="top-up"),
        Binding("g", "transfer", N_("Transfer"), id="transfer"),
        Binding("v", "advance", N_("Advance"), id="advance"),
        Binding("y", "history", N_("History"), id="balance-history"),
        Binding(
            "u", "next_series", N_("Chart: data, minutes or SMS"), id="chart-series", show=False
        ),
        Binding("r", "reload", N_("Reload"), id="reload", show=False),
    ]
    DEFAULT_CSS = """
    #balance { padding: 0 1; }
    #balance-title { margin-top: 1; height: auto; }
    #buckets { height: auto; margin-top: 1; }
    #usage { height: 12; }
    #usage-chart { width: 1fr; height: 12; }
    #usage-table { width: auto; height: auto; margin-left: 1; }
    #balance-message { height: auto; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.buckets: list[Bucket] = []
        self.report: UsageConsumptionReport | None = None
        self.rows: list[UsageRow] = []
        self.series = 0

    def compose(self) -> ComposeResult:
        from miclaro_tui.widgets.bar_chart import BarChart

        yield Header()
        with VerticalScroll(id="balance"):
            yield Static(id="balance-title")
            yield Static(id="buckets")
            yield Label(
                _("Usage of the last 6 months (u: data, minutes or SMS)"), classes="section-title"
            )
            with Horizontal(id="usage"):
                yield BarChart(id="usage-chart")
                yield Table(id="usage-table", cursor_type="none", zebra_stripes=True)
            yield StatusLine(id="balance-message")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#usage-table", DataTable)
        table.add_column(_("Month"), key="month")
        table.add_column(_("Data"), key="data")
        table.add_column(_("Min"), key="voice")
        table.add_column(_("SMS"), key="sms")
        self.watch(self.app, "account_version", self._state_changed, init=False)
        self._moves_seen = self._moves()
        self.load()

    def _moves(self) -> int:
        state = self.miclaro.account_state
        return state.money_moves if state is not None else 0

    def _state_changed(self) -> None:
        if self._moves() != self._moves_seen:
            self._moves_seen = self._moves()
            self.load()

    @work(exclusive=True, group="balance")
    async def load(self) -> None:
        line = prepaid_line(self.miclaro.account)
        if line is None:
            self.say(_("This account has no prepaid line."), "warning")
            return
        self.query_one("#balance-title", Static).update(
            Content.assemble(
                (_("Line {number}").format(number=national_number(line.number)), "bold"),
                "  ·  ",
                line.planName,
            )
        )
        self.say(_("Updating…"))
        try:
            api = await self.miclaro.get_api()
            self.buckets = await api.list_buckets(line.id)
            self.report = await api.get_usage_report(line.id)
        except BillingError as error:
            self.say(error.user_message + " " + _("Press r to retry."), "error")
            return
        self.say("")
        self.show_buckets()
        self.rows = usage_rows(self.report)
        self.show_usage()

    def show_buckets(self) -> None:
        locale = self.display_locale
        today = self.miclaro.clock.today()
        lines: list[Content] = []
        for bucket in self.buckets:
            name = _(BUCKET_NAMES.get(bucket.usageType, bucket.name))
            left = quantity_text(bucket.remainingValue.amount, bucket.remainingValue.units, locale)
            if bucket.usageType == "monetary":
                lines.append(Content.assemble((f"{name:<9}", "bold"), (left, "bold")))
                continue
            total = quantity_text(bucket.initialValue.amount, bucket.initialValue.units, locale)
            lines.append(
                Content.assemble(
                    (f"{name:<9}", "bold"),
                    bar_text(share_left(bucket), BAR_WIDTH),
                    " ",
                    _("{left} of {total}").format(left=left, total=total),
                    " · ",
                    self._expiry(bucket, today),
                )
            )
        if not lines:
            lines.append(Content(_("No balance on this line yet.")))
        self.query_one("#buckets", Static).update(Content("\n").join(lines))

    def _expiry(self, bucket: Bucket, today: date) -> Content:
        if bucket.status == "expired":
            return toned(_("expired"), "error")
        period = bucket.validFor
        end = period.endDateTime if period is not None else None
        if end is None:
            return Content(_("no expiry"))
        text = _("until {date}").format(date=self.day(end.date(), "short"))
        return toned(text, "warning") if (end.date() - today).days <= 3 else Content(text)

    def show_usage(self) -> None:
        locale = self.display_locale
        table = self.query_one("#usage-table", DataTable)
        table.clear()
        for row in self.rows:
            table.add_row(
                self._month(row.month),
                quantity_text(row.data_mb, "MB", locale),
                quantity_text(row.minutes, "", locale).strip(),
                quantity_text(row.sms, "", locale).strip(),
            )
        self.show_chart()

    def show_chart(self) -> None:
        kind, title = SERIES[self.series]
        values = [
            float({"data": row.data_mb, "voice": row.minutes, "sms": row.sms}[kind])
            for row in self.rows
        ]
        chart = cast("BarChart", self.query_one("#usage-chart"))  # its module loads plotext
        chart.show(
            [short_month(row.month, self.words_locale) for row in self.rows],
            values,
            _(title),
            lambda value: compact_number(value, self.display_locale),
        )

    def _month(self, first: date, skeleton: str = "MMMyy") -> str:
        from babel.dates import format_skeleton

        return format_skeleton(skeleton, first, locale=self.words_locale)

    # --- keys ---------------------------------------------------------------------------

    def action_next_series(self) -> None:
        self.series = (self.series + 1) % len(SERIES)
        self.show_chart()

    def action_reload(self) -> None:
        self.load()

    def action_top_up(self) -> None:
        from miclaro_tui.screens.topup import TopupScreen

        self.app.push_screen(TopupScreen())

    def action_transfer(self) -> None:
        from miclaro_tui.screens.transfer import TransferScreen

        self.app.push_screen(TransferScreen())

    def action_advance(self) -> None:
        from miclaro_tui.screens.advance import AdvanceScreen

        self.app.push_screen(AdvanceScreen())

    def action_history(self) -> None:
        from miclaro_tui.screens.balance_history import BalanceHistoryScreen

        self.app.push_screen(BalanceHistoryScreen())
