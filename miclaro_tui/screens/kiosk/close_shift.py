"""Close the shift: the cash in the drawer counted by denomination against what it should
hold; the Z report (surplus or shortfall) prints, and the till signs out. A closed shift takes
nothing and cannot reopen, so the close asks twice."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Header, Label, Static

from miclaro_tui.api import BillingError
from miclaro_tui.i18n import N_, _
from miclaro_tui.kiosk.till import DrawerCount
from miclaro_tui.models import Money
from miclaro_tui.screens.kiosk.base import KioskScreen
from miclaro_tui.screens.kiosk.count import DenominationCounter
from miclaro_tui.screens.kiosk.open_shift import COUNT_CSS
from miclaro_tui.widgets.status_line import StatusLine


class CloseShiftScreen(KioskScreen):
    BINDINGS = [
        Binding("ctrl+s", "close_shift", N_("Close shift"), id="close-confirm"),
        Binding("escape", "back", N_("Back"), id="back"),
    ]
    DEFAULT_CSS = COUNT_CSS.format(cls="CloseShiftScreen")

    def __init__(self) -> None:
        super().__init__()
        self._counted: DrawerCount | None = None
        self._busy = False

    def compose(self) -> ComposeResult:
        till = self.kiosk.till
        assert till is not None and till.denominations is not None and till.shift is not None
        yield Header()
        with Vertical(id="count-box"):
            yield Label(
                _("Close shift {shift} on terminal {terminal}").format(
                    shift=till.shift.id, terminal=till.terminal
                ),
                classes="section-title",
            )
            yield Static(
                _("Count all the cash in the drawer: how many of each note and coin."),
                id="count-intro",
            )
            yield DenominationCounter(till.denominations, self.money, id="counter")
            yield Static(id="count-total")
            yield StatusLine(id="count-status")
        yield Footer()

    def on_mount(self) -> None:
        till = self.kiosk.till
        assert till is not None and till.denominations is not None
        self._show_total(Money.zero(till.denominations.currency))
        self.query_one(DenominationCounter).focus_first()

    @on(DenominationCounter.Totalled)
    def _total(self, event: DenominationCounter.Totalled) -> None:
        self._counted = None  # the count changed: confirm again
        self._show_total(event.total)

    def _show_total(self, total: Money | None) -> None:
        text = self.money(total) if total is not None else "—"
        self.query_one("#count-total", Static).update(
            _("Counted cash: {amount}").format(amount=text)
        )

    def action_close_shift(self) -> None:
        self.query_one(DenominationCounter).submit()

    @on(DenominationCounter.Submitted)
    def _submitted(self, event: DenominationCounter.Submitted) -> None:
        if self._busy:
            return
        if self._counted is None:
            self._counted = event.drawer
            self.say(
                _(
                    "You counted {amount}. Press ctrl+s again to close the shift: it takes no "
                    "more payments and cannot reopen."
                ).format(amount=self.money(event.drawer.total())),
                "warning",
            )
            return
        self.close_shift(event.drawer)

    @work(exclusive=True, group="shift")
    async def close_shift(self, drawer: DrawerCount) -> None:
        from miclaro_tui.kiosk.receipt import money_text, render_report
        from miclaro_tui.kiosk.till import describe_difference
        from miclaro_tui.screens.kiosk.printout import PrintoutScreen

        till = self.kiosk.till
        assert till is not None and till.shift is not None
        self._busy = True
        self.say(_("Closing the shift…"))
        try:
            api = await self.miclaro.get_api()
            report = await api.close_shift(till.shift.id, drawer.as_counts())
        except BillingError as error:
            self.kiosk.record(
                "close", object=till.shift.id, outcome="refused", reason=getattr(error, "code", "")
            )
            self.say(error.user_message, "error")
            self._busy = False
            return
        till.shift = report.shift
        diff = report.difference or Money.zero(report.expectedCash.unit)
        words = describe_difference(
            diff, money_text(Money(unit=diff.unit, value=abs(diff.value)), report.shift.country)
        )
        self.kiosk.record(
            "close",
            object=report.shift.id,
            counted=f"{drawer.currency} {drawer.total().value}",
            expected=f"{report.expectedCash.unit} {report.expectedCash.value}",
            difference=f"{diff.unit} {diff.value}",
        )
        self.kiosk.record("report", object=report.shift.id, kind="Z")
        self.kiosk.print_report(report)

        async def signed_out(_result: object) -> None:
            await self.kiosk.end_till(_("Shift closed. {words}.").format(words=words))

        await self.app.push_screen(
            PrintoutScreen(
                _("Z report: shift closed"), render_report(report), words, _("Sign out (Enter)")
            ),
            signed_out,
        )
