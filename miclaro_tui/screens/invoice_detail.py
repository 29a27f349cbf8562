"""One invoice: period, dates, items grouped (plan, usage, surcharges, credits, taxes), totals,
and the actions: download the PDF, e-mail it."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Label, Static

from miclaro_tui.api import BillingError
from miclaro_tui.i18n import N_, _
from miclaro_tui.models import AppliedCustomerBillingRate, CustomerBill, Money, Payment
from miclaro_tui.screens.base import BaseScreen
from miclaro_tui.widgets.bill_status import status_text

GROUPS = (
    ("recurringCharge", N_("Plan")),
    ("usageCharge", N_("Extra usage")),
    ("surcharge", N_("Surcharges")),
    ("credit", N_("Credits")),
    ("tax", N_("Taxes")),
)


class InvoiceDetailScreen(BaseScreen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("p", "pay", N_("Pay"), id="pay"),
        Binding("d", "download", N_("Download PDF"), id="download"),
        Binding("e", "email", N_("E-mail it"), id="email"),
        Binding("c", "pay_elsewhere", N_("Cash/PIX code"), id="pay-elsewhere"),
        # Off the footer (it fits 80 columns), still in the palette and in Help:
        Binding("r", "reload", N_("Reload"), id="reload", show=False),
        Binding("n", "report_payment", N_("Report payment"), id="report-payment", show=False),
        Binding("m", "promise", N_("Promise to pay"), id="promise", show=False),
    ]

    def __init__(self, bill: CustomerBill) -> None:
        super().__init__()
        self.bill = bill
        self.rates: list[AppliedCustomerBillingRate] = []
        self._moves_seen = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail"):
            yield Static(id="bill-title")
            yield Static(id="detail-message")
            yield Static(id="bill-notes")
            with Grid(id="bill-facts"):
                for key, label in (
                    ("period", _("Period")),
                    ("issued", _("Issued")),
                    ("due", _("Due date")),
                    ("cutoff", _("Cut-off date")),
                    ("total", _("Total")),
                    ("remaining", _("To pay")),
                ):
                    yield Label(label, classes="fact-label")
                    yield Static(id=f"fact-{key}", classes="fact-value")
            yield DataTable(id="items", cursor_type="row", zebra_stripes=False)
            yield Static(id="payment-reference")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#items", DataTable)
        # Amount before detail: on a narrow terminal the detail is what gets cut, not money.
        table.add_column(_("Concept"), key="concept")
        table.add_column(_("Amount"), key="amount")
        table.add_column(_("Detail"), key="detail")
        self.show_bill()
        self.load_items()
        state = self.miclaro.account_state
        self._moves_seen = state.money_moves if state is not None else 0
        self.watch(self.app, "account_version", self._state_changed, init=False)

    def _state_changed(self) -> None:
        state = self.miclaro.account_state
        if state is not None and state.money_moves != self._moves_seen:
            self._moves_seen = state.money_moves
            self.reload_bill()

    def _money_moved(self) -> None:
        """After a payment, promise or report made here: every screen's figures follow; this
        bill is read again at once."""
        self.miclaro.money_moved()
        state = self.miclaro.account_state
        if state is not None:
            self._moves_seen = state.money_moves
        self.reload_bill()

    def show_bill(self) -> None:
        bill = self.bill
        today = self.miclaro.clock.today()
        self.query_one("#bill-title", Static).update(
            Text.assemble(
                (_("Invoice {number}").format(number=bill.billNo), "bold"),
                "  ·  ",
                self.month(bill.billingPeriod.startDateTime),
                "  ·  ",
                status_text(bill, today),
            )
        )
        period = bill.billingPeriod
        facts = {
            "period": f"{self.day(period.startDateTime)} – {self.day(period.endDateTime)}",
            "issued": self.day(bill.billDate),
            "due": self.day(bill.paymentDueDate),
            "cutoff": self.day(bill.cutOffDate),
            "total": self.money(bill.amountDue),
            "remaining": self.money(bill.remainingAmount),
        }
        for key, value in facts.items():
            self.query_one(f"#fact-{key}", Static).update(value)
        self._show_notes()
        reference = bill.paymentReference
        widget = self.query_one("#payment-reference", Static)
        if reference is not None and bill.is_unpaid:
            widget.update(
                Text.assemble(
                    (_("Pay in cash at a payment point with the code "), ""),
                    (reference.cashCode, "bold"),
                    "\n",
                    _("Barcode digits: {digits}").format(digits=reference.barcode),
                    "\n",
                    (_("Press c to see it large, with a QR code, and copy it."), "dim"),
                )
            )
            widget.display = True
        else:
            widget.display = False

    @work(exclusive=True, group="items")
    async def load_items(self) -> None:
        table = self.query_one("#items", DataTable)
        table.loading = True
        try:
            api = await self.miclaro.get_api()
            self.rates = await api.list_bill_rates(self.bill.id)
        except BillingError as error:
            self._say(error.user_message + " " + _("Press r to retry."), error=True)
            return
        finally:
            table.loading = False
        self.show_items()

    def show_items(self) -> None:
        table = self.query_one("#items", DataTable)
        table.clear()
        unit = self.bill.amountDue.unit
        subtotal = sum(
            (r.taxExcludedAmount.value for r in self.rates if r.type != "tax"), Decimal(0)
        )
        taxes = sum((r.taxExcludedAmount.value for r in self.rates if r.type == "tax"), Decimal(0))
        for rate_type, title in GROUPS:
            rates = [r for r in self.rates if r.type == rate_type]
            if not rates:
                continue
            table.add_row(Text(_(title), style="bold"), "", "")
            for rate in rates:
                table.add_row(
                    "  " + rate.name,
                    self.money_cell(rate.taxExcludedAmount),
                    rate.description or "",
                    key=rate.id,
                )
        table.add_row("", "", "")
        for label, amount, style in (
            (_("Subtotal"), Money(unit=unit, value=subtotal), ""),
            (_("Taxes"), Money(unit=unit, value=taxes), ""),
            (_("Total"), self.bill.amountDue, "bold"),
        ):
            table.add_row(Text(label, style="bold"), self.money_cell(amount, style), "")
        self._show_applied(table)

    def _show_applied(self, table: DataTable) -> None:
        """Under the total: the payments and the credit applied to the bill, and what is left
        (the bill itself never changes once issued)."""
        applied = self.bill.appliedPayment
        if not applied:
            return
        for item in applied:
            receipt = item.payment.name or item.payment.id
            if item.fromCredit:
                label = _("Credit applied")
                detail = _("Left by payment {receipt}").format(receipt=receipt)
            else:
                label = _("Payment {receipt}").format(receipt=receipt)
                detail = ""
            paid = Money(unit=item.appliedAmount.unit, value=-item.appliedAmount.value)
            table.add_row("  " + label, self.money_cell(paid), detail)
        table.add_row(
            Text(_("To pay"), style="bold"), self.money_cell(self.bill.remainingAmount, "bold"), ""
        )

    # --- actions ---------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_reload(self) -> None:
        self.load_items()
        self.reload_bill()

    def action_download(self) -> None:
        self.download()

    @work(exclusive=True, group="download")
    async def download(self) -> None:
        self._say(_("Downloading the PDF…"))
        await self.save_pdf(
            lambda api: api.download_bill_document(self.bill.id),
            f"claro-{self.bill.billNo}.pdf",
            _("PDF saved"),
            self._say,
        )

    def action_email(self) -> None:
        from miclaro_tui.screens.email_dialog import EmailDialog

        account = self.miclaro.account
        default = account.email if account and account.email else ""

        def sent(result: str | None) -> None:
            if result:
                self._say(_("Invoice sent to {address}.").format(address=result))
                self.notify(_("Invoice sent to {address}.").format(address=result))

        self.app.push_screen(EmailDialog(self.bill, default), sent)

    # --- payments --------------------------------------------------------------------

    def _show_notes(self) -> None:
        """A payment reported, a promise to pay, a payment being authorised: said in words."""
        bill = self.bill
        notes: list[tuple[str, str]] = []
        if bill.pendingPayment is not None:
            notes.append(
                (_("… A payment of this invoice is being authorised by the bank."), "bold yellow")
            )
        report = bill.paymentReport
        if report is not None and report.state == "pendingPosting":
            notes.append(
                (
                    _(
                        "✔ Payment reported ({amount}, {channel}): posting within 3 business days, "
                        "by {date}."
                    ).format(
                        amount=self.money(report.amount),
                        channel=report.channel,
                        date=self.day(report.expectedPostingDate),
                    ),
                    "bold cyan",
                )
            )
        promise = bill.paymentPromise
        if promise is not None and promise.state == "active":
            notes.append(
                (
                    _("✔ Promise to pay {amount} by {date}.").format(
                        amount=self.money(promise.amount), date=self.day(promise.promisedDate)
                    ),
                    "bold cyan",
                )
            )
        elif promise is not None and promise.state == "broken":
            notes.append(
                (
                    _("! Promise to pay by {date} not kept.").format(
                        date=self.day(promise.promisedDate)
                    ),
                    "bold red",
                )
            )
        widget = self.query_one("#bill-notes", Static)
        widget.update(Text("\n").join(Text(note, style=style) for note, style in notes))
        widget.display = bool(notes)

    def action_pay(self) -> None:
        self.pay()

    @work(exclusive=True, group="pay")
    async def pay(self) -> None:
        from miclaro_tui.screens.payment import open_payment

        def paid(payment: Payment | None) -> None:
            if payment is None:
                self.reload_bill()
            else:
                self._money_moved()
                self._say(
                    _("Payment received. Receipt {receipt}.").format(
                        receipt=payment.receiptNo or payment.id
                    )
                )

        try:
            await open_payment(self, self.bill, paid)
        except BillingError as error:
            self._say(error.user_message + " " + _("Press p to try again."), error=True)

    def action_pay_elsewhere(self) -> None:
        from miclaro_tui.countries import country
        from miclaro_tui.screens.payment_reference import PaymentReferenceScreen

        if not self.bill.is_unpaid:
            self._say(_("This invoice is already paid: there is nothing to pay."), error=True)
            return
        methods = country(self.country_code).payment_methods
        method = next((m for m in ("pix", "boleto", "cash") if m in methods), "cash")
        self.app.push_screen(PaymentReferenceScreen(self.bill, method))

    def action_report_payment(self) -> None:
        from miclaro_tui.screens.payment_dialogs import ReportPaymentDialog

        if not self.bill.is_unpaid:
            self._say(_("This invoice is already paid: there is nothing to report."), error=True)
            return

        def reported(report: object) -> None:
            if report is not None:
                self.notify(_("Payment reported: it posts within 3 business days."))
                self._money_moved()

        self.app.push_screen(
            ReportPaymentDialog(
                self.bill, self.miclaro.clock.today(), self.money(self.bill.remainingAmount)
            ),
            reported,
        )

    def action_promise(self) -> None:
        from miclaro_tui.screens.payment_dialogs import PromiseDialog

        bill = self.bill
        if not bill.is_overdue(self.miclaro.clock.today()):
            self._say(_("A promise to pay is only for an overdue invoice."), error=True)
            return
        if bill.paymentPromise is not None:
            self._say(
                _(
                    "This invoice already has a promise to pay (by {date}); only one is allowed."
                ).format(date=self.day(bill.paymentPromise.promisedDate)),
                error=True,
            )
            return

        def promised(promise: object) -> None:
            if promise is not None:
                self.notify(_("Promise to pay registered."))
                self._money_moved()

        self.app.push_screen(
            PromiseDialog(bill, self.miclaro.clock.today(), self.money(bill.remainingAmount)),
            promised,
        )

    @work(exclusive=True, group="bill")
    async def reload_bill(self) -> None:
        await self._reload_bill()

    async def _reload_bill(self) -> None:
        try:
            api = await self.miclaro.get_api()
            self.bill = await api.get_bill(self.bill.id)
        except BillingError as error:
            self._say(error.user_message + " " + _("Press r to retry."), error=True)
            return
        self.show_bill()
        if self.rates:
            self.show_items()  # the payments applied, under the total

    def _say(self, message: str, error: bool = False) -> None:
        self.query_one("#detail-message", Static).update(
            Text(message, style="bold red" if error else "")
        )
