"""One invoice: period, dates, items grouped (plan, usage, surcharges, credits, taxes), totals,
and the actions: pay, download the PDF, e-mail it, report a payment, promise to pay. What the
items table and the notes say is in ``invoice_items``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Label, Static

from miclaro_tui.api import BillingError
from miclaro_tui.i18n import N_, _
from miclaro_tui.models import AppliedCustomerBillingRate, CustomerBill, Payment
from miclaro_tui.screens.base import BACK, BaseScreen
from miclaro_tui.screens.invoice_items import bill_notes, fill_items
from miclaro_tui.widgets.bill_status import status_text
from miclaro_tui.widgets.status_line import StatusLine
from miclaro_tui.widgets.table import Table
from miclaro_tui.widgets.tone import toned

if TYPE_CHECKING:
    from miclaro_tui.api import BillingApi


class InvoiceDetailScreen(BaseScreen):
    # In the order of importance: the footer shows as many as fit, from the first.
    BINDINGS = [
        BACK,
        Binding("p", "pay", N_("Pay"), tooltip=N_("Pay this invoice"), id="pay"),
        Binding("c", "pay_elsewhere", N_("Code"), tooltip=N_("Cash/PIX code"), id="pay-elsewhere"),
        Binding("d", "download", N_("PDF"), tooltip=N_("Download PDF"), id="download"),
        Binding("e", "email", N_("E-mail"), tooltip=N_("E-mail it"), id="email"),
        Binding("n", "report_payment", N_("Report payment"), id="report-payment"),
        Binding("m", "promise", N_("Promise to pay"), id="promise"),
        Binding("r", "reload", N_("Reload"), id="reload"),
    ]

    def __init__(self, bill: CustomerBill) -> None:
        super().__init__()
        self.bill = bill
        self.rates: list[AppliedCustomerBillingRate] = []
        self.payments: dict[str, Payment] = {}
        """The payments applied to the bill (their dates), by id, as far as fetched."""
        self._moves_seen = 0

    def why_not(self, action: str) -> str | None:
        bill = self.bill
        if action == "pay_elsewhere" and not bill.is_unpaid:
            return _("This invoice is already paid: there is nothing to pay.")
        if action == "report_payment" and not bill.is_unpaid:
            return _("This invoice is already paid: there is nothing to report.")
        if action == "promise":
            if not bill.is_overdue(self.miclaro.clock.today()):
                return _("A promise to pay is only for an overdue invoice.")
            if bill.paymentPromise is not None:
                return _(
                    "This invoice already has a promise to pay (by {date}); only one is allowed."
                ).format(date=self.day(bill.paymentPromise.promisedDate))
        return None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail"):
            yield Static(id="bill-title")
            yield StatusLine(id="detail-message")
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
            yield Table(id="items", cursor_type="row", zebra_stripes=False)
            yield Static(id="payment-reference")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#items", DataTable)
        # An item's detail goes under its name: the table stays two columns narrow.
        table.add_column(_("Concept"), key="concept")
        table.add_column(_("Amount"), key="amount")
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
            Content.assemble(
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
        self.refresh_bindings()  # paid now, overdue, promised: the keys that apply
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
            await self._fetch_payments(api)
        except BillingError as error:
            self.say(error.user_message + " " + _("Press r to retry."), "error")
            return
        finally:
            table.loading = False
        self.show_items()
        self._show_notes()

    async def _fetch_payments(self, api: BillingApi) -> None:
        """The payments applied to the bill, for their dates (the bill names them only)."""
        for item in self.bill.appliedPayment:
            ref = item.payment.id
            if not item.fromCredit and ref not in self.payments:
                self.payments[ref] = await api.get_payment(ref)

    def show_items(self) -> None:
        table = self.query_one("#items", DataTable)
        fill_items(table, self, self.bill, self.rates, self.payments)

    # --- actions ---------------------------------------------------------------------

    def action_reload(self) -> None:
        self.load_items()
        self.reload_bill()

    def action_download(self) -> None:
        self.download()

    @work(exclusive=True, group="download")
    async def download(self) -> None:
        self.say(_("Downloading the PDF…"))
        await self.save_pdf(
            lambda api: api.download_bill_document(self.bill.id),
            f"claro-{self.bill.billNo}.pdf",
            _("PDF saved"),
        )

    def action_email(self) -> None:
        from miclaro_tui.screens.email_dialog import EmailDialog

        account = self.miclaro.account
        default = account.email if account and account.email else ""

        def sent(result: str | None) -> None:
            if result:
                self.say(_("Invoice sent to {address}.").format(address=result))
                self.notify(_("Invoice sent to {address}.").format(address=result))

        self.app.push_screen(EmailDialog(self.bill, default), sent)

    # --- payments --------------------------------------------------------------------

    def _show_notes(self) -> None:
        notes = bill_notes(self, self.bill, self.payments)
        widget = self.query_one("#bill-notes", Static)
        widget.update(Content("\n").join(toned(note, tone) for note, tone in notes))
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
                self.say(
                    _("Payment received. Receipt {receipt}.").format(
                        receipt=payment.receiptNo or payment.id
                    )
                )

        try:
            await open_payment(self, self.bill, paid)
        except BillingError as error:
            self.say(error.user_message + " " + _("Press p to try again."), "error")

    def action_pay_elsewhere(self) -> None:
        from miclaro_tui.countries import country
        from miclaro_tui.screens.payment_reference import PaymentReferenceScreen

        if reason := self.why_not("pay_elsewhere"):
            self.say(reason, "error")
            return
        methods = country(self.country_code).payment_methods
        method = next((m for m in ("pix", "boleto", "cash") if m in methods), "cash")
        self.app.push_screen(PaymentReferenceScreen(self.bill, method))

    def action_report_payment(self) -> None:
        from miclaro_tui.screens.payment_dialogs import ReportPaymentDialog

        if reason := self.why_not("report_payment"):
            self.say(reason, "error")
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
        if reason := self.why_not("promise"):
            self.say(reason, "error")
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
            self.say(error.user_message + " " + _("Press r to retry."), "error")
            return
        try:
            await self._fetch_payments(api)
        except BillingError:
            pass  # their dates only: the next reload fetches them
        self.show_bill()
        if self.rates:
            self.show_items()  # the payments applied, under the total
