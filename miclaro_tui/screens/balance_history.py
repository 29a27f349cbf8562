"""A prepaid line's balance history, newest first: top-ups, transfers sent and received,
packs gifted and received, advances and their repayments, each with its receipt (PDF, saved
in the download folder like a payment's)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Label

from miclaro_tui.api import BillingError
from miclaro_tui.i18n import N_, _
from miclaro_tui.models import BalanceAction
from miclaro_tui.prepaid import national_number
from miclaro_tui.screens.base import BACK, BaseScreen
from miclaro_tui.screens.prepaid_confirm import prepaid_line
from miclaro_tui.screens.receipts import download_receipt, selected
from miclaro_tui.widgets.status_line import StatusLine
from miclaro_tui.widgets.table import Table
from miclaro_tui.widgets.tone import Tone, ToneCell

ACTIONS: dict[str, tuple[str, Tone]] = {
    "topup": (N_("Top-up"), "success"),
    "transferOut": (N_("Transfer sent"), ""),
    "transferIn": (N_("Transfer received"), "success"),
    "packGift": (N_("Pack gifted"), ""),
    "packReceived": (N_("Pack received"), "success"),
    "advance": (N_("Advance"), "info"),
    "advanceRepayment": (N_("Advance repaid"), "info"),
}


class BalanceHistoryScreen(BaseScreen):
    BINDINGS = [
        BACK,
        Binding("d", "download", N_("Download receipt"), id="download-receipt"),
        Binding("r", "reload", N_("Reload"), id="reload"),
    ]
    DEFAULT_CSS = """
    #balance-history { padding: 0 1; }
    #actions { height: 1fr; }
    #balance-history-message { height: auto; }
    """
    AUTO_FOCUS = "#actions"

    def __init__(self) -> None:
        super().__init__()
        self.actions: list[BalanceAction] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="balance-history"):
            yield Label(_("Balance history"), classes="section-title")
            yield Table(id="actions", cursor_type="row", zebra_stripes=True)
            yield StatusLine(id="balance-history-message")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#actions", DataTable)
        table.add_column(_("Date"), key="date")
        table.add_column(_("What"), key="what")
        table.add_column(_("Number"), key="number")
        table.add_column(_("Amount"), key="amount")
        table.add_column(_("Receipt"), key="receipt")
        self.watch(self.app, "account_version", self._state_changed, init=False)
        state = self.miclaro.account_state
        self._moves_seen = state.money_moves if state is not None else 0
        self.load()

    def _state_changed(self) -> None:
        state = self.miclaro.account_state
        if state is not None and state.money_moves != self._moves_seen:
            self._moves_seen = state.money_moves
            self.load()

    @work(exclusive=True, group="history")
    async def load(self) -> None:
        line = prepaid_line(self.miclaro.account)
        if line is None:
            self.say(_("This account has no prepaid line."), "warning")
            return
        table = self.query_one("#actions", DataTable)
        table.loading = table.row_count == 0
        try:
            api = await self.miclaro.get_api()
            self.actions = await api.list_balance_actions(line.id)
        except BillingError as error:
            self.say(error.user_message + " " + _("Press r to retry."), "error")
            return
        finally:
            table.loading = False
        table.clear()
        for action in self.actions:
            word, tone = ACTIONS.get(action.actionType, (action.actionType, ""))
            table.add_row(
                self.day(action.date.date(), "short"),
                ToneCell(_(word), tone),
                national_number(action.counterparty) if action.counterparty else "—",
                self.money_cell(action.amount),  # signed by the server: out is negative
                action.receiptNo or "—",
                key=action.id,
            )
        if self.actions:
            self.say(_("d downloads the selected receipt."))
        else:
            self.say(_("Nothing yet: top-ups, transfers and advances show here."))

    def selected(self) -> BalanceAction | None:
        return selected(self.query_one("#actions", DataTable), self.actions)

    def action_download(self) -> None:
        action = self.selected()
        if action is None:
            self.say(_("Choose a line of the history first."), "error")
            return
        if action.receiptNo is None:
            self.say(_("This movement has no receipt."), "error")
            return
        self.download(action)

    @work(exclusive=True, group="download")
    async def download(self, action: BalanceAction) -> None:
        await download_receipt(
            self, lambda api: api.download_balance_receipt(action.id), action.receiptNo or action.id
        )

    def action_reload(self) -> None:
        self.load()
