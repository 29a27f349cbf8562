"""Open a shift on this terminal: the opening float counted by denomination."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Header, Label, Static

from miclaro_tui.api import BillingError, ConflictError
from miclaro_tui.i18n import N_, _
from miclaro_tui.kiosk.till import DrawerCount
from miclaro_tui.models import Money
from miclaro_tui.screens.kiosk.base import KioskScreen
from miclaro_tui.screens.kiosk.count import DenominationCounter
from miclaro_tui.widgets.status_line import StatusLine

COUNT_CSS = """
{cls} #count-box {{ height: 1fr; padding: 0 1; }}
{cls} #count-intro {{ height: auto; }}
{cls} #count-total {{ text-style: bold; height: 1; margin-top: 1; }}
{cls} DenominationCounter {{ height: 1fr; max-height: 100%; }}
{cls} StatusLine {{ height: auto; }}
"""
# Named by the role the session really has, as the till's header is.
INTROS = {
    "operator": N_("Open a shift on terminal {terminal}, operator {operator}."),
    "supervisor": N_("Open a shift on terminal {terminal}, supervisor {operator}."),
}


class OpenShiftScreen(KioskScreen):
    BINDINGS = [
        Binding("ctrl+s", "open_shift", N_("Open shift"), id="open-shift"),
        Binding("escape", "sign_out", N_("Sign out"), id="sign-out"),
    ]
    DEFAULT_CSS = COUNT_CSS.format(cls="OpenShiftScreen")

    def compose(self) -> ComposeResult:
        till = self.kiosk.till
        assert till is not None and till.denominations is not None
        yield Header()
        with Vertical(id="count-box"):
            intro = INTROS.get(till.role, INTROS["operator"])
            yield Label(
                _(intro).format(terminal=till.terminal, operator=till.operator),
                classes="section-title",
                id="open-shift-intro",
            )
            yield Static(
                _("Count the opening float: how many of each note and coin (Enter: next)."),
                id="count-intro",
            )
            yield DenominationCounter(till.denominations, self.money, id="counter")
            yield Static(id="count-total")
            yield StatusLine(id="count-status")
        yield Footer()

    def on_mount(self) -> None:
        till = self.kiosk.till
        assert till is not None and till.denominations is not None  # counted after sign-in
        self._show_total(Money.zero(till.denominations.currency))
        self.query_one(DenominationCounter).focus_first()

    @on(DenominationCounter.Totalled)
    def _total(self, event: DenominationCounter.Totalled) -> None:
        self._show_total(event.total)

    def _show_total(self, total: Money | None) -> None:
        text = self.money(total) if total is not None else "—"
        self.query_one("#count-total", Static).update(
            _("Opening float: {amount}").format(amount=text)
        )

    def action_open_shift(self) -> None:
        self.query_one(DenominationCounter).submit()

    @on(DenominationCounter.Submitted)
    def _submitted(self, event: DenominationCounter.Submitted) -> None:
        self.open_shift(event.drawer)

    @work(exclusive=True, group="shift")
    async def open_shift(self, drawer: DrawerCount) -> None:
        from miclaro_tui.models import KioskShiftCreate

        till = self.kiosk.till
        assert till is not None
        self.say(_("Opening the shift…"))
        api = await self.miclaro.get_api()
        try:
            shift = await api.open_shift(
                KioskShiftCreate(terminalId=till.terminal, openingCount=drawer.as_counts())
            )
        except ConflictError as error:
            current = await api.current_shift() if error.code == "shiftAlreadyOpen" else None
            if current is None:
                self.say(error.user_message, "error")
                return
            shift = current
        except BillingError as error:
            self.kiosk.record("openShift", outcome="refused", reason=getattr(error, "code", ""))
            self.say(error.user_message, "error")
            return
        till.shift = shift
        self.kiosk.record(
            "openShift",
            object=shift.id,
            float=f"{shift.openingFloat.unit} {shift.openingFloat.value}",
        )
        self.kiosk.shift_opened()

    async def action_sign_out(self) -> None:
        await self.kiosk.end_till()
