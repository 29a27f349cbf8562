"""Pay a bill: the amount (full or partial), then a card, PSE (Colombia) or a reference to
pay in cash, PIX or boleto elsewhere.

The flow's glue (the card and PSE panes, sending, drawing its state) is the base's:
pay_screen.py.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, ContentSwitcher, Footer, Header, Label, Select, Static

from miclaro_tui.flows.payment import Phase, bill_order
from miclaro_tui.i18n import N_, _
from miclaro_tui.models import CustomerBill, Money, Payment, Ref
from miclaro_tui.screens.base import BACK, BaseScreen
from miclaro_tui.screens.pay_screen import PayScreen
from miclaro_tui.widgets.amount_field import AmountField
from miclaro_tui.widgets.bill_status import status_text
from miclaro_tui.widgets.status_line import StatusLine

METHOD_LABELS = {
    "card": N_("Credit or debit card"),
    "pse": N_("PSE bank transfer"),
    "cash": N_("Cash at a payment point"),
    "pix": N_("PIX (copy and paste or QR)"),
    "boleto": N_("Boleto (barcode)"),
}
REFERENCE_METHODS = frozenset({"cash", "pix", "boleto"})


class PaymentScreen(PayScreen):
    """Pay one bill. Dismisses with the final ``Payment`` (or None if nothing was paid)."""

    BINDINGS = [
        BACK,
        Binding("ctrl+s", "pay", N_("Pay"), id="pay", priority=True),
        Binding("ctrl+r", "reference", N_("Pay elsewhere"), id="reference"),
    ]

    AUTO_FOCUS = "#amount"

    def __init__(self, bill: CustomerBill) -> None:
        super().__init__()
        self.bill = bill
        remaining = bill.remainingAmount
        self.max_amount = remaining if remaining.value > 0 else bill.amountDue
        """What can be paid: what is still due (the full amount of a bill already settled)."""
        self._amount = self.max_amount

    @property
    def busy(self) -> bool:
        return self.state.busy

    @property
    def intents(self) -> list[str]:
        return self.flow.intents if self.flow is not None else []

    def why_not(self, action: str) -> str | None:
        if action in ("pay", "reference") and self.state.phase == Phase.APPROVED:
            return _("This payment is already made. Press Escape to go back.")
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pay" and self.state.busy:
            return None  # shown dimmed while a payment is on its way: the message says so
        return super().check_action(action, parameters)

    @property
    def methods(self) -> tuple[str, ...]:
        from miclaro_tui.countries import country

        return country(self.country_code).payment_methods

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="payment"):
            yield Static(id="pay-title")
            yield Static(id="pay-facts")
            with Horizontal(id="pay-top"):
                yield AmountField(self.max_amount, self.locale, self.money, id="amount-cell")
                with Vertical(id="method-cell"):
                    yield Label(_("Payment method"), classes="field-label")
                    yield Select(
                        [(_(METHOD_LABELS[m]), m) for m in self.methods],
                        value=self.methods[0],
                        allow_blank=False,
                        id="method",
                    )
            with ContentSwitcher(initial="card-pane", id="method-panes"):
                yield from self.compose_card_and_pse()
                with Vertical(id="reference-pane"):
                    yield Static(id="reference-note")
            yield StatusLine(id="pay-message")
        # Under the scrolling form, never pushed off the screen by a long message.
        with Horizontal(id="pay-buttons"):
            yield Button(_("Pay"), id="pay-button", variant="success")
            yield Button(_("Back"), id="back-button")
        yield Footer()

    def on_mount(self) -> None:
        bill = self.bill
        today = self.miclaro.clock.today()
        self.query_one("#pay-title", Static).update(
            Content.assemble(
                (_("Pay invoice {number}").format(number=bill.billNo), "bold"),
                "  ·  ",
                self.month(bill.billingPeriod.startDateTime),
                "  ·  ",
                status_text(bill, today),
            )
        )
        self.query_one("#pay-facts", Static).update(
            _("Still to pay: {amount} · due {date}").format(
                amount=self.money(bill.remainingAmount), date=self.day(bill.paymentDueDate)
            )
        )
        self._method_changed_to(self.methods[0])

    # --- the method chosen -------------------------------------------------------------

    def other_method(self, method: str) -> None:
        self.query_one(ContentSwitcher).current = "reference-pane"
        self.query_one("#pay-button", Button).label = _("Show the reference")
        notes = {
            "cash": _(
                "Pay in cash at any payment point (banks, stores, Claro centres) "
                "with the bill's payment code or barcode."
            ),
            "pix": _(
                "Pay with PIX from your bank's app: copy and paste the code or scan the QR code."
            ),
            "boleto": _(
                "Pay the boleto at a bank, lottery outlet or in your bank's app "
                "with the typed line (linha digitável)."
            ),
        }
        self.query_one("#reference-note", Static).update(notes.get(method, ""))

    # --- actions -----------------------------------------------------------------------

    def action_reference(self) -> None:
        from miclaro_tui.screens.payment_reference import PaymentReferenceScreen

        method = self.query_one("#method", Select).value
        if method not in REFERENCE_METHODS:
            method = next((m for m in self.methods if m in REFERENCE_METHODS), "cash")
        self.app.push_screen(PaymentReferenceScreen(self.bill, str(method)))

    def action_pay(self) -> None:
        """One press, one intent: the flow ignores a press while it is busy."""
        state = self.state
        if state.busy:
            return
        if state.phase == Phase.APPROVED:
            self.say(
                Content.styled(_("This payment is already made. Press Escape to go back."), "bold")
            )
            return
        if self.confirm_again():
            return
        method = str(self.query_one("#method", Select).value)
        if method in REFERENCE_METHODS:
            self.action_reference()
            return
        errors, amount = self.query_one(AmountField).check()
        errors += self.method_errors(method)
        if errors:
            self.say_errors(errors)
            return
        assert amount is not None
        self._amount = amount
        order = bill_order(
            Ref(id=self.bill.id, name=self.bill.billNo), self.bill.billingAccount, amount
        )
        self.send(order, method)

    def approved(self, amount: Money) -> None:
        self.notify(
            _("Payment of {amount} received.").format(amount=self.money(amount)),
            title=_("Payment"),
        )
        self.miclaro.money_moved()


async def open_payment(
    screen: BaseScreen, bill: CustomerBill, done: Callable[[Payment | None], None]
) -> None:
    """From a worker of ``screen``: look at the bill as it is now, warn if it is settled or
    has a payment still being authorised, then open the payment screen; ``done`` gets the
    payment made, if any. Raises BillingError if the bill cannot be read."""
    from miclaro_tui.screens.payment_dialogs import ConfirmPayDialog

    app = screen.miclaro
    api = await app.get_api()
    fresh = await api.get_bill(bill.id)
    warning = None
    if fresh.pendingPayment is not None:
        warning = _(
            "Invoice {number} has a payment still being authorised. If you pay now "
            "you may pay twice."
        ).format(number=fresh.billNo)
    elif fresh.state == "settled":
        warning = _(
            "Invoice {number} is already paid. Pay it again only if you mean to leave a credit."
        ).format(number=fresh.billNo)

    def confirmed(answer: bool | None) -> None:
        if answer:
            screen.app.push_screen(PaymentScreen(fresh), done)

    if warning is None:
        screen.app.push_screen(PaymentScreen(fresh), done)
    else:
        screen.app.push_screen(ConfirmPayDialog(warning), confirmed)
