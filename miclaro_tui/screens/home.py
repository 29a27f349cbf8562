"""Home: the account at a glance (amount due, next due date, state, credit, lines), read from
the app's account state and repainted whenever it changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Label, Static

from miclaro_tui.api import BillingError
from miclaro_tui.i18n import N_, _, ngettext
from miclaro_tui.screens.base import BaseScreen
from miclaro_tui.widgets.status_line import StatusLine
from miclaro_tui.widgets.table import Table
from miclaro_tui.widgets.tone import Tone, set_tone, toned

if TYPE_CHECKING:
    from miclaro_tui.models import BillingAccount
    from miclaro_tui.state import AccountState, Summary

PAYMENT_STATUS: dict[str, tuple[str, Tone]] = {
    "upToDate": (N_("Up to date"), "success"),
    "due": (N_("Payment due"), "warning"),
    "overdue": (N_("Overdue"), "error"),
}
ACCOUNT_STATE = {"active": N_("Active"), "suspended": N_("Suspended"), "closed": N_("Closed")}
LINE_TYPE = {"postpaid": N_("Postpaid"), "prepaid": N_("Prepaid")}
LINES_BATCH = 50
"""Lines added to the table at a time, more as the cursor nears the end (1,000-line accounts)."""


def number(value: int, locale: str) -> str:
    """A count as the locale writes it: 24.000 in Colombia, 24,000 in English."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale)


PREPAID_KEYS = [
    Binding("b", "balance", N_("Balance"), id="balance"),
    Binding("t", "top_up", N_("Top up"), id="top-up"),
    Binding("g", "transfer", N_("Transfer"), id="transfer"),
    Binding("v", "advance", N_("Advance"), tooltip=N_("Balance advance"), id="advance"),
    Binding(
        "y", "balance_history", N_("History"), tooltip=N_("Balance history"), id="balance-history"
    ),
]
PREPAID_ACTIONS = frozenset({"balance", "top_up", "transfer", "advance", "balance_history"})


class HomeScreen(BaseScreen):
    # In the order of importance: the footer shows as many as fit, from the first.
    BINDINGS = [
        Binding("i", "invoices", N_("Invoices"), id="invoices"),
        Binding("p", "pay", N_("Pay"), tooltip=N_("Pay the oldest unpaid invoice"), id="pay"),
        *PREPAID_KEYS,
        Binding("h", "payments", N_("Payments"), tooltip=N_("Payment history"), id="payments"),
        Binding("a", "switch_account", N_("Next account"), id="switch-account"),
        Binding("r", "refresh", N_("Refresh"), id="refresh"),
        Binding("s", "sign_out", N_("Sign out"), id="sign-out"),
    ]

    DEFAULT_CSS = """
    #home-asof { height: auto; }
    #credit, #unpaid-count, #overdue-count { height: auto; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._lines_shown: BillingAccount | None = None
        self._updating = False
        self._keys_for: tuple[object, ...] | None = None
        """What the footer's keys were last decided on (see ``why_not``)."""
        """"Updating…" is said: the next change of the account state answers it."""

    @property
    def state(self) -> AccountState | None:
        return self.miclaro.account_state

    def why_not(self, action: str) -> str | None:
        account = self.miclaro.account
        prepaid = account is not None and account.accountType == "prepaid"
        if action == "switch_account" and not (self.state and self.state.has_more_accounts):
            return _("You have one account: there is no other to switch to.")
        if action in PREPAID_ACTIONS and not prepaid:
            return _("Balance and top-ups are for prepaid lines; this account is postpaid.")
        if action in ("pay", "invoices") and prepaid:
            return _("A prepaid line has no invoices: press b for its balance or t to top up.")
        return None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="home"):
            yield Static(id="greeting")
            yield Static(id="home-asof")
            with Horizontal(id="summary"):
                with Vertical(classes="card", id="due-card"):
                    yield Label(_("Amount due"), classes="card-title", id="due-title")
                    yield Static(id="amount-due", classes="amount")
                    yield Static(id="next-due")
                    yield Static(id="unpaid-count")
                    yield Static(id="credit")
                with Vertical(classes="card", id="status-card"):
                    yield Label(_("Account status"), classes="card-title")
                    yield Static(id="payment-status", classes="amount")
                    yield Static(id="overdue")
                    yield Static(id="overdue-count")
            yield Static(id="home-alert")
            yield Static(id="home-commitments")
            yield Label(_("Your lines"), classes="section-title", id="lines-title")
            yield Table(id="lines", cursor_type="row", zebra_stripes=True)
            yield StatusLine(id="home-message")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#lines", DataTable)
        table.add_columns(_("Line"), _("Type"), _("Plan"))
        self.watch(self.app, "account_version", self._state_changed, init=False)
        self.show_state()

    def _state_changed(self) -> None:
        if self._updating:
            self._updating = False
            self.say("")
        self.show_state()
        # The Footer rebuilds every key on refresh_bindings (~10 ms): only when they change.
        account = self.miclaro.account
        keys_for = (
            self.state is not None and self.state.has_more_accounts,
            account.accountType if account else None,
        )
        if keys_for != self._keys_for:
            self._keys_for = keys_for
            self.refresh_bindings()

    def show_state(self) -> None:
        state = self.state
        summary = state.summary if state is not None else None
        if state is None or summary is None:
            return
        self.show(summary)
        asof = self.query_one("#home-asof", Static)
        if state.offline:
            from miclaro_tui.state import as_of

            when = as_of(
                summary.fetched_at,
                self.miclaro.clock.today(),
                self.display_locale,
                self.country_code,
            )
            asof.update(Content(when + ". " + _("Press r to retry.")))
            set_tone(asof, "warning")
        asof.display = state.offline
        if state.error is not None:
            self.say(state.error.user_message + " " + _("Press r to retry."), "error")

    def show(self, summary: Summary) -> None:
        account = summary.account
        self.query_one("#greeting", Static).update(
            Content.assemble(
                (_("Hello, {name}").format(name=account.name), "bold"),
                "  ·  ",
                _("Account {number}").format(number=account.id),
                "  ·  ",
                _(LINE_TYPE[account.accountType]),
                "  ·  ",
                _(ACCOUNT_STATE[account.state]),
            )
        )
        prepaid = account.accountType == "prepaid"
        self.query_one("#due-title", Label).update(
            _("Prepaid balance") if prepaid else _("Amount due")
        )
        shown = account.balance("prepaidBalance" if prepaid else "amountDue")
        self.query_one("#amount-due", Static).update(self.money(shown))
        self.query_one("#next-due", Static).update(self._when(summary))
        count = summary.unpaid_count
        unpaid = self.query_one("#unpaid-count", Static)
        unpaid.update(
            ngettext("{count} invoice to pay", "{count} invoices to pay", count or 0).format(
                count=number(count or 0, self.display_locale)
            )
        )
        unpaid.display = bool(count) and not prepaid
        credit = summary.credit
        credit_widget = self.query_one("#credit", Static)
        credit_widget.update(
            Content(_("Credit in your favour: {amount}").format(amount=self.money(credit)))
        )
        set_tone(credit_widget, "success")
        credit_widget.display = credit.value > 0
        word, tone = PAYMENT_STATUS[account.paymentStatus]
        status = self.query_one("#payment-status", Static)
        status.update(Content(_(word)))
        set_tone(status, tone)
        overdue = account.balance("overdue")
        self.query_one("#overdue", Static).update(
            "" if prepaid else _("Overdue: {amount}").format(amount=self.money(overdue))
        )
        overdue_count = summary.overdue_count
        overdue_widget = self.query_one("#overdue-count", Static)
        overdue_widget.update(
            ngettext(
                "{count} invoice overdue", "{count} invoices overdue", overdue_count or 0
            ).format(count=number(overdue_count or 0, self.display_locale))
        )
        overdue_widget.display = bool(overdue_count) and not prepaid
        self._show_alert(account, overdue_text=self.money(overdue), overdue=overdue.value > 0)
        self._show_commitments(summary)
        self._show_lines(account)

    def _when(self, summary: Summary) -> str:
        account = summary.account
        due_date = account.nextPaymentDueDate
        if account.accountType == "prepaid":
            return _("Prepaid line: no invoices")
        if due_date is None:
            return _("Nothing to pay")
        if due_date < self.miclaro.clock.today():
            return _("Overdue since {date}").format(date=self.day(due_date))
        return _("Pay by {date}").format(date=self.day(due_date))

    def _show_alert(self, account: BillingAccount, overdue_text: str, overdue: bool) -> None:
        alert = self.query_one("#home-alert", Static)
        if account.state == "suspended":
            alert.update(
                _(
                    "! Your service is suspended: {amount} is overdue past its cut-off date. "
                    "Press p to pay it, or promise to pay from the invoice (m)."
                ).format(amount=overdue_text)
            )
        elif overdue:
            alert.update(
                _(
                    "! You have an overdue balance of {amount}. Pay it to avoid a service "
                    "suspension. Press i to see your invoices."
                ).format(amount=overdue_text)
            )
        set_tone(alert, "error")
        alert.display = account.state == "suspended" or overdue

    def _show_commitments(self, summary: Summary) -> None:
        """Promises to pay and payments reported but still posting, among the unpaid bills."""
        notes: list[Content] = []
        for bill in summary.committed:
            promise = bill.paymentPromise
            if promise is not None and promise.state == "active":
                notes.append(
                    toned(
                        _("You promised to pay {amount} of invoice {number} by {date}.").format(
                            amount=self.money(promise.amount),
                            number=bill.billNo,
                            date=self.day(promise.promisedDate),
                        ),
                        "warning",
                    )
                )
            if bill.paymentReport is not None and bill.paymentReport.state == "pendingPosting":
                notes.append(
                    toned(
                        _(
                            "Payment reported for invoice {number}: posting within 3 business days."
                        ).format(number=bill.billNo),
                        "warning",
                    )
                )
        if notes and not summary.scanned_all and summary.unpaid_count is not None:
            notes.append(
                Content.styled(
                    _("(Found among the {scanned} oldest of your {total} unpaid invoices.)").format(
                        scanned=number(summary.scanned, self.display_locale),
                        total=number(summary.unpaid_count, self.display_locale),
                    ),
                    "dim",
                )
            )
        commitments = self.query_one("#home-commitments", Static)
        commitments.update(Content("\n").join(notes))
        commitments.display = bool(notes)

    # --- lines: a batch at a time --------------------------------------------------------

    def _show_lines(self, account: BillingAccount) -> None:
        if self._lines_shown is not None and self._lines_shown.lines == account.lines:
            return
        self._lines_shown = account
        table = self.query_one("#lines", DataTable)
        table.clear()
        self._add_lines(LINES_BATCH)
        title = _("Your lines")
        if len(account.lines) > 1:
            title += f" ({number(len(account.lines), self.display_locale)})"
        self.query_one("#lines-title", Label).update(title)

    def _add_lines(self, count: int) -> None:
        account = self._lines_shown
        if account is None:
            return
        table = self.query_one("#lines", DataTable)
        start = table.row_count
        for line in account.lines[start : start + count]:
            table.add_row(line.number, _(LINE_TYPE[line.lineType]), line.planName, key=line.id)

    @on(DataTable.RowHighlighted, "#lines")
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= event.data_table.row_count - 10:
            self._add_lines(LINES_BATCH)

    # --- actions ---------------------------------------------------------------------------

    def action_switch_account(self) -> None:
        if self.state is not None and self.state.has_more_accounts:
            self.say(_("Updating…"))
            self._updating = True
            self.miclaro.next_account()

    def action_invoices(self) -> None:
        from miclaro_tui.screens.invoices import InvoicesScreen

        self.app.push_screen(InvoicesScreen())

    # --- a prepaid line (screens/prepaid_balance.py and the ones it leads to) -------------

    def action_balance(self) -> None:
        from miclaro_tui.screens.prepaid_balance import PrepaidBalanceScreen

        self.app.push_screen(PrepaidBalanceScreen())

    def action_top_up(self) -> None:
        from miclaro_tui.screens.topup import TopupScreen

        self.app.push_screen(TopupScreen())

    def action_transfer(self) -> None:
        from miclaro_tui.screens.transfer import TransferScreen

        self.app.push_screen(TransferScreen())

    def action_advance(self) -> None:
        from miclaro_tui.screens.advance import AdvanceScreen

        self.app.push_screen(AdvanceScreen())

    def action_balance_history(self) -> None:
        from miclaro_tui.screens.balance_history import BalanceHistoryScreen

        self.app.push_screen(BalanceHistoryScreen())

    def action_payments(self) -> None:
        from miclaro_tui.screens.payment_history import PaymentHistoryScreen

        self.app.push_screen(PaymentHistoryScreen())

    def action_pay(self) -> None:
        self.pay_oldest()

    @work(exclusive=True, group="pay")
    async def pay_oldest(self) -> None:
        """Pay the oldest unpaid bill as the server sorts them (the one that leads to a
        suspension first), asked now: one bill, whatever the account's size."""
        from miclaro_tui.screens.payment import open_payment

        state = self.state
        if state is None:
            return
        self.say(_("Looking for the bill to pay…"))
        try:
            oldest = await state.oldest_unpaid()
            if oldest is None:
                self.say(_("Nothing to pay: all your invoices are paid."), "success")
                return
            self.say("")
            await open_payment(self, oldest, self._paid)
        except BillingError as error:
            self.say(error.user_message + " " + _("Press p to try again."), "error")

    def _paid(self, payment: object) -> None:
        if payment is not None:
            self.miclaro.money_moved()

    def action_refresh(self) -> None:
        self.say(_("Updating…"))
        self._updating = True
        self.miclaro.refresh_account_state()

    async def action_sign_out(self) -> None:
        await self.miclaro.sign_out()
