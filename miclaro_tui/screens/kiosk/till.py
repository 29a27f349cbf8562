"""The till: the lookup field (a scanner types digits then Enter: always reachable), the
customer being served (masked name, pending bills, prepaid lines), and the shift's actions.

Digits typed anywhere on this screen go to the lookup field, so a scan is never lost on the
customer table. The customer's data is cleared after each transaction and when the till locks.
"""

from __future__ import annotations

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Input, Label, Select, Static

from miclaro_tui.api import BillingError, NotFoundError, ValidationError
from miclaro_tui.i18n import N_, _
from miclaro_tui.kiosk.masking import mask_lookup
from miclaro_tui.kiosk.session import lookup_kinds
from miclaro_tui.models import KioskBill, KioskCustomer, KioskPrepaidLine
from miclaro_tui.screens.kiosk.base import KioskScreen
from miclaro_tui.widgets.status_line import StatusLine
from miclaro_tui.widgets.table import Table

KINDS = (
    ("auto", N_("Auto")),
    ("line", N_("Line")),
    ("document", N_("Document")),
    ("reference", N_("Payment code")),
)
# The till's header names the role the session really has (the server's, at sign-in).
HEADERS = {
    "operator": N_("Operator {operator} · Terminal {terminal} · Shift {shift} open"),
    "supervisor": N_("Supervisor {operator} · Terminal {terminal} · Shift {shift} open"),
}


class TillScreen(KioskScreen):
    # Most important first: the footer shows as many as fit (80 columns: F1 and the next
    # four in es, en and pt_BR); the rest are in F1's list and the palette. The lookup needs
    # no key (it has the focus, and digits typed anywhere go to it).
    BINDINGS = [
        Binding("f4", "void", N_("Void"), id="void"),
        Binding("f6", "x_report", N_("X report"), id="x-report"),
        Binding("f9", "lock", N_("Lock"), id="lock"),
        Binding("f10", "close_shift", N_("Close shift"), id="close-shift"),
        Binding("f5", "reprint", N_("Reprint"), id="reprint"),
        Binding("f2", "lookup", N_("Look up"), id="lookup"),
        Binding("escape", "next_customer", N_("Next customer"), id="next-customer"),
    ]
    AUTO_FOCUS = "#lookup"
    DEFAULT_CSS = """
    TillScreen #till-info { height: 1; padding: 0 1; background: $panel; }
    TillScreen #lookup-row { height: 3; padding: 0 1; }
    TillScreen #lookup-label { width: auto; padding: 1 1 0 0; }
    TillScreen #lookup { width: 1fr; }
    TillScreen #lookup-kind { width: 20; }
    TillScreen #customer { height: 1fr; padding: 0 1; }
    TillScreen #customer-name { height: auto; text-style: bold; }
    TillScreen #customer-items { height: 1fr; }
    TillScreen StatusLine { height: auto; max-height: 3; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self._info(), id="till-info")
        with Horizontal(id="lookup-row"):
            yield Label(_("Look up:"), id="lookup-label")
            yield Input(
                id="lookup",
                max_length=64,
                placeholder=_("line, document or payment code"),
            )
            yield Select(
                [(_(label), kind) for kind, label in KINDS],
                value="auto",
                allow_blank=False,
                id="lookup-kind",
            )
        with Vertical(id="customer"):
            yield Static(
                _("No customer. Scan a bill or type a line or document."), id="customer-name"
            )
            table: Table[object] = Table(id="customer-items", cursor_type="row")
            yield table
        yield StatusLine(id="till-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#customer-items", DataTable)
        table.add_columns(_("What"), _("Number"), _("Due"), _("Amount due"))
        self.clear_customer()

    def _info(self) -> str:
        till = self.kiosk.till
        if till is None or till.shift is None:
            return ""
        header = HEADERS.get(till.role, HEADERS["operator"])
        return _(header).format(operator=till.operator, terminal=till.terminal, shift=till.shift.id)

    # --- the lookup field, always reachable -------------------------------------------

    def on_key(self, event: events.Key) -> None:
        # A scanner's digits on the table (or anywhere but a field) belong to the lookup.
        if event.character is None or not (event.character.isdigit() or event.character == "+"):
            return
        if isinstance(self.focused, Input):
            return
        event.stop()
        event.prevent_default()
        field = self.query_one("#lookup", Input)
        field.value = event.character
        field.cursor_position = len(field.value)
        field.focus()

    def action_lookup(self) -> None:
        field = self.query_one("#lookup", Input)
        field.focus()
        field.select_all()

    @on(Input.Submitted, "#lookup")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.say(_("Type or scan what to look up."), "error")
            return
        chosen = self.query_one("#lookup-kind", Select).value
        till = self.kiosk.till
        country = till.country if till is not None else "CO"
        kinds = lookup_kinds(text, country) if chosen == "auto" else [str(chosen)]
        self.look_up(kinds, text)

    @work(exclusive=True, group="lookup")
    async def look_up(self, kinds: list[str], text: str) -> None:
        till = self.kiosk.till
        if till is None:
            return
        self.clear_customer()
        self.say(_("Looking up…"))
        kind = kinds[0]  # what a failure is told as: the first guess
        try:
            kind, customer = await self._find(kinds, text)
        except NotFoundError:
            self.kiosk.record("lookup", object=mask_lookup(kind, text), outcome="notFound", by=kind)
            self.say(
                _("Nobody found for that {what}. Check it and try again.").format(
                    what=_kind_word(kind)
                ),
                "error",
            )
            self.action_lookup()
            return
        except BillingError as error:
            self.kiosk.record("lookup", object=mask_lookup(kind, text), outcome="error", by=kind)
            self.say(error.user_message, "error")
            self.action_lookup()
            return
        self.kiosk.record(
            "lookup",
            object=mask_lookup(kind, text),
            outcome="found",
            by=kind,
            account=customer.account.id,
        )
        till.customer = customer
        self.query_one("#lookup", Input).value = ""
        self.show_customer(customer)

    async def _find(self, kinds: list[str], text: str) -> tuple[str, KioskCustomer]:
        """The customer ``text`` finds as the first of ``kinds`` that finds one (and that
        kind); else the first kind's error."""
        api = await self.miclaro.get_api()
        first: BillingError | None = None
        for kind in kinds:
            query = text if kind == "document" else text.replace(" ", "")
            try:
                return kind, await api.kiosk_lookup(**{kind: query})
            except (NotFoundError, ValidationError) as error:
                first = first or error
        assert first is not None
        raise first

    def show_customer(self, customer: KioskCustomer) -> None:
        self.query_one("#customer-name", Static).update(
            _("{name} · document {document}").format(
                name=customer.maskedName, document=customer.maskedDocument
            )
        )
        table = self.query_one("#customer-items", DataTable)
        table.clear()
        for bill in customer.bills:
            table.add_row(
                _("Bill"),
                bill.billNo,
                self.day(bill.dueDate),
                self.money_cell(bill.amountDue),
                key=f"bill:{bill.bill.id}",
            )
        for line in customer.prepaidLines:
            table.add_row(_("Top-up"), line.number, "", "", key=f"line:{line.id}")
        matched = next(
            (
                index
                for index, bill in enumerate(customer.bills)
                if customer.matchedBill in (bill.bill.id, bill.billNo)
            ),
            None,
        )
        if matched is not None:
            table.move_cursor(row=matched)
        if table.row_count:
            table.focus()
            self.say(_("Choose a bill or a line and press Enter to take cash."))
        else:
            self.say(_("Nothing to pay: no pending bills and no prepaid lines."), "info")

    def clear_customer(self) -> None:
        """Forget the customer on screen (the session forgets it too)."""
        till = self.kiosk.till
        if till is not None:
            till.clear_customer()
        self.query_one("#customer-name", Static).update(
            _("No customer. Scan a bill or type a line or document.")
        )
        self.query_one("#customer-items", DataTable).clear()
        self.query_one("#lookup", Input).value = ""

    def action_next_customer(self) -> None:
        self.clear_customer()
        self.say("")
        self.query_one("#lookup", Input).focus()

    # --- take cash --------------------------------------------------------------------

    @on(DataTable.RowSelected, "#customer-items")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        from miclaro_tui.screens.kiosk.cash import CashScreen

        till = self.kiosk.till
        customer = till.customer if till else None
        key = str(event.row_key.value or "")
        if customer is None:
            return
        kind, _sep, ident = key.partition(":")
        target: KioskBill | KioskPrepaidLine | None
        if kind == "bill":
            target = next((b for b in customer.bills if b.bill.id == ident), None)
        else:
            target = next((p for p in customer.prepaidLines if p.id == ident), None)
        if target is None:
            return
        self.app.push_screen(CashScreen(customer, target), self._after_cash)

    def _after_cash(self, receipt_text: str | None) -> None:
        from miclaro_tui.screens.kiosk.printout import PrintoutScreen

        if receipt_text is None:
            self.query_one("#customer-items", DataTable).focus()
            return
        # The transaction is over: the next customer sees nothing of this one.
        self.clear_customer()
        self.say(_("Paid. Give the receipt and the change."), "success")

        def next_customer(_result: object) -> None:
            self.action_next_customer()

        self.app.push_screen(
            PrintoutScreen(
                _("Receipt"),
                receipt_text,
                _("Give the customer the receipt and the change."),
                _("Next customer (Enter)"),
            ),
            next_customer,
        )

    # --- the shift's actions ------------------------------------------------------------

    def action_reprint(self) -> None:
        from miclaro_tui.kiosk.receipt import render_receipt
        from miclaro_tui.screens.kiosk.printout import PrintoutScreen

        till = self.kiosk.till
        if till is None or till.last_receipt is None:
            self.say(_("No receipt to reprint yet in this shift."), "error")
            return
        receipt = till.last_receipt
        self.kiosk.print_receipt(receipt, copy=True)
        self.kiosk.record("reprint", object=receipt.number)
        self.app.push_screen(
            PrintoutScreen(_("Receipt (copy)"), render_receipt(receipt, copy=True))
        )

    @work(exclusive=True, group="void")
    async def action_void(self) -> None:
        """The shift's payments as the server keeps them: a payment taken before a restart
        of the till may be voided too."""
        from miclaro_tui.screens.kiosk.void import VoidScreen

        till = self.kiosk.till
        if till is None or till.shift is None:
            return
        self.clear_customer()
        self.say(_("Getting the shift's payments…"))
        try:
            api = await self.miclaro.get_api()
            voidable = till.voidable_of_shift(await api.list_shift_payments(till.shift.id))
        except BillingError as error:
            self.say(error.user_message, "error")
            return
        if not voidable:
            self.say(_("No payment of this shift to void."), "error")
            return
        self.say("")
        await self.app.push_screen(VoidScreen(voidable), self._after_void)

    def _after_void(self, text: str | None) -> None:
        from miclaro_tui.screens.kiosk.printout import PrintoutScreen

        if text is None:
            self.action_next_customer()
            return
        self.say(_("Voided. Return the cash and give the void receipt."), "success")
        self.app.push_screen(
            PrintoutScreen(_("Void receipt"), text, button=_("Next customer (Enter)")),
            lambda _result: self.action_next_customer(),
        )

    @work(exclusive=True, group="report")
    async def action_x_report(self) -> None:
        from miclaro_tui.kiosk.receipt import render_report
        from miclaro_tui.screens.kiosk.printout import PrintoutScreen

        till = self.kiosk.till
        if till is None or till.shift is None:
            return
        self.clear_customer()
        self.say(_("Getting the X report…"))
        try:
            api = await self.miclaro.get_api()
            report = await api.shift_report(till.shift.id)
        except BillingError as error:
            self.kiosk.record("report", object=till.shift.id, outcome="error", kind="X")
            self.say(error.user_message, "error")
            return
        self.kiosk.record("report", object=till.shift.id, kind="X")
        self.kiosk.print_report(report)
        self.say("")
        await self.app.push_screen(PrintoutScreen(_("X report"), render_report(report)))

    def action_lock(self) -> None:
        self.kiosk.lock("operator")

    def action_close_shift(self) -> None:
        from miclaro_tui.screens.kiosk.close_shift import CloseShiftScreen

        self.clear_customer()
        self.app.push_screen(CloseShiftScreen())


def _kind_word(kind: str) -> str:
    if kind == "line":
        return _("line number")
    if kind == "document":
        return _("document")
    return _("payment code")
