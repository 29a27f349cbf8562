"""Home: the account at a glance (amount due, next due date, state, lines)."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Label, Static

from miclaro_tui.api import BillingError, fetch_all
from miclaro_tui.i18n import N_, _
from miclaro_tui.models import UNPAID_STATES, BillingAccount
from miclaro_tui.screens.base import BaseScreen

PAYMENT_STATUS = {
    "upToDate": (N_("Up to date"), "bold green"),
    "due": (N_("Payment due"), "bold yellow"),
    "overdue": (N_("Overdue"), "bold red"),
}
ACCOUNT_STATE = {"active": N_("Active"), "suspended": N_("Suspended"), "closed": N_("Closed")}
LINE_TYPE = {"postpaid": N_("Postpaid"), "prepaid": N_("Prepaid")}


class HomeScreen(BaseScreen):
    BINDINGS = [
        Binding("i", "invoices", N_("Invoices"), id="invoices"),
        Binding("p", "pay", N_("Pay"), id="pay"),
        Binding("h", "payments", N_("Payments"), id="payments"),
        Binding("a", "switch_account", N_("Next account"), id="switch-account"),
        Binding("r", "refresh", N_("Refresh"), id="refresh", show=False),
        Binding("s", "sign_out", N_("Sign out"), id="sign-out"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_account":
            return len(self.miclaro.accounts) > 1  # hidden from the footer with one account
        if action in ("pay", "invoices"):
            account = self.miclaro.account
            return account is None or account.accountType == "postpaid" or None
        return True

    def action_switch_account(self) -> None:
        accounts = self.miclaro.accounts
        if len(accounts) < 2 or self.miclaro.account is None:
            return
        ids = [account.id for account in accounts]
        index = ids.index(self.miclaro.account.id) if self.miclaro.account.id in ids else -1
        self.miclaro.account = accounts[(index + 1) % len(accounts)]
        self.show(self.miclaro.account)
        self.refresh_bindings()

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="home"):
            yield Static(id="greeting")
            with Horizontal(id="summary"):
                with Vertical(classes="card", id="due-card"):
                    yield Label(_("Amount due"), classes="card-title", id="due-title")
                    yield Static(id="amount-due", classes="amount")
                    yield Static(id="next-due")
                with Vertical(classes="card", id="status-card"):
                    yield Label(_("Account status"), classes="card-title")
                    yield Static(id="payment-status", classes="amount")
                    yield Static(id="overdue")
            yield Static(id="home-alert")
            yield Static(id="home-commitments")
            yield Label(_("Your lines"), classes="section-title")
            yield DataTable(id="lines", cursor_type="row", zebra_stripes=True)
            yield Static(id="home-message")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#lines", DataTable)
        table.add_columns(_("Line"), _("Type"), _("Plan"))
        if self.miclaro.account is not None:
            self.show(self.miclaro.account)

    def show(self, account: BillingAccount) -> None:
        state = _(ACCOUNT_STATE[account.state])
        self.query_one("#greeting", Static).update(
            Text.assemble(
                (_("Hello, {name}").format(name=account.name), "bold"),
                "  ·  ",
                _("Account {number}").format(number=account.id),
                "  ·  ",
                _(LINE_TYPE[account.accountType]),
                "  ·  ",
                state,
            )
        )
        prepaid = account.accountType == "prepaid"
        self.query_one("#due-title", Label).update(
            _("Prepaid balance") if prepaid else _("Amount due")
        )
        shown = account.balance("prepaidBalance" if prepaid else "amountDue")
        self.query_one("#amount-due", Static).update(self.money(shown))
        due_date = account.nextPaymentDueDate
        if prepaid:
            when = _("Prepaid line: no invoices")
        elif due_date is None:
            when = _("Nothing to pay")
        elif due_date < self.miclaro.clock.today():
            when = _("Overdue since {date}").format(date=self.day(due_date))
        else:
            when = _("Pay by {date}").format(date=self.day(due_date))
        self.query_one("#next-due", Static).update(when)
        word, style = PAYMENT_STATUS[account.paymentStatus]
        self.query_one("#payment-status", Static).update(Text(_(word), style=style))
        overdue = account.balance("overdue")
        self.query_one("#overdue", Static).update(
            "" if prepaid else _("Overdue: {amount}").format(amount=self.money(overdue))
        )
        alert = self.query_one("#home-alert", Static)
        if account.state == "suspended":
            alert.update(
                Text(
                    _("! Your service is suspended: {amount} is overdue past its cut-off date. "
                      "Press p to pay it, or promise to pay from the invoice (m).").format(
                        amount=self.money(overdue)
                    ),
                    style="bold red",
                )
            )
            alert.display = True
        elif overdue.value > 0:
            alert.update(
                Text(
                    _("! You have an overdue balance of {amount}. Pay it to avoid a service "
                      "suspension. Press i to see your invoices.").format(amount=self.money(overdue)),
                    style="bold red",
                )
            )
            alert.display = True
        else:
            alert.display = False
        table = self.query_one("#lines", DataTable)
        table.clear()
        for line in account.lines:
            table.add_row(line.number, _(LINE_TYPE[line.lineType]), line.planName, key=line.id)
        if not prepaid and account.paymentStatus != "upToDate":
            self.show_commitments(account)

    @work(exclusive=True, group="commitments")
    async def show_commitments(self, account: BillingAccount) -> None:
        """Promises to pay and payments reported but still posting, from the unpaid bills."""
        try:
            api = await self.miclaro.get_api()
            unpaid = await fetch_all(
                lambda offset, limit: api.list_bills(
                    account.id, state=",".join(sorted(UNPAID_STATES)), offset=offset, limit=limit
                )
            )
        except BillingError:
            return  # the overdue alert above still says what matters
        notes = []
        for bill in unpaid:
            promise = bill.paymentPromise
            if promise is not None and promise.state == "active":
                notes.append(
                    _("You promised to pay {amount} of invoice {number} by {date}.").format(
                        amount=self.money(promise.amount),
                        number=bill.billNo,
                        date=self.day(promise.promisedDate),
                    )
                )
            if bill.paymentReport is not None and bill.paymentReport.state == "pendingPosting":
                notes.append(
                    _("Payment reported for invoice {number}: posting within 3 business "
                      "days.").format(number=bill.billNo)
                )
        commitments = self.query_one("#home-commitments", Static)
        commitments.update(Text("\n".join(notes), style="bold yellow"))
        commitments.display = bool(notes)

    def action_invoices(self) -> None:
        from miclaro_tui.screens.invoices import InvoicesScreen

        self.app.push_screen(InvoicesScreen())

    def on_screen_resume(self) -> None:
        if self.miclaro.account is not None and self.is_mounted:
            self.show(self.miclaro.account)

    def action_payments(self) -> None:
        from miclaro_tui.screens.payment_history import PaymentHistoryScreen

        self.app.push_screen(PaymentHistoryScreen())

    def action_pay(self) -> None:
        self.pay_oldest()

    @work(exclusive=True, group="pay")
    async def pay_oldest(self) -> None:
        """Pay the oldest unpaid bill (the one that leads to a suspension first)."""
        from miclaro_tui.screens.payment import open_payment

        account = self.miclaro.account
        if account is None:
            return
        message = self.query_one("#home-message", Static)
        message.update(_("Looking for the bill to pay…"))
        try:
            api = await self.miclaro.get_api()
            unpaid = await fetch_all(
                lambda offset, limit: api.list_bills(
                    account.id, state=",".join(sorted(UNPAID_STATES)), offset=offset, limit=limit
                )
            )
            if not unpaid:
                message.update(Text(_("Nothing to pay: all your invoices are paid."), style="bold green"))
                return
            message.update("")
            oldest = min(unpaid, key=lambda bill: (bill.paymentDueDate, bill.billDate))
            await open_payment(self, oldest, self._paid)
        except BillingError as error:
            message.update(Text(error.user_message + " " + _("Press p to try again."), style="bold red"))

    def _paid(self, payment: object) -> None:
        if payment is not None:
            self.refresh_account()

    def action_refresh(self) -> None:
        self.refresh_account()

    @work(exclusive=True)
    async def refresh_account(self) -> None:
        account = self.miclaro.account
        if account is None:
            return
        message = self.query_one("#home-message", Static)
        message.update(_("Updating…"))
        try:
            api = await self.miclaro.get_api()
            fresh = await api.get_billing_account(account.id)
        except BillingError as error:
            message.update(Text(error.user_message + " " + _("Press r to retry."), style="bold red"))
            return
        self.miclaro.account = fresh
        self.miclaro.accounts = [fresh if a.id == fresh.id else a for a in self.miclaro.accounts]
        self.show(fresh)
        message.update("")

    async def action_sign_out(self) -> None:
        await self.miclaro.sign_out()
