"""Take cash for a bill (whole or partial) or a top-up: amount due, amount to pay, cash
received, change to give, confirm. The payment goes through the customer screens' payment
flow (one idempotency key per press, the journal, reconciling an unknown outcome)."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Footer, Header, Input, Label, Static

from miclaro_tui.flows.payment import FlowState, PaymentFlow, Phase, bill_order
from miclaro_tui.i18n import N_, _
from miclaro_tui.kiosk.receipt import render_receipt
from miclaro_tui.kiosk.till import CashShortError, change_due
from miclaro_tui.models import KioskBill, KioskCustomer, KioskPrepaidLine, Money
from miclaro_tui.screens.kiosk.base import KioskScreen
from miclaro_tui.widgets.status_line import StatusLine
from miclaro_tui.widgets.tone import mark_invalid


class CashScreen(KioskScreen):
    """Dismisses with the receipt's text once paid, or None."""

    BINDINGS = [
        Binding("ctrl+s", "confirm", N_("Confirm and take cash"), id="confirm"),
        Binding("escape", "cancel", N_("Cancel"), id="cancel"),
    ]
    AUTO_FOCUS = ""
    DEFAULT_CSS = """
    CashScreen #cash-box { padding: 0 1; height: 1fr; }
    CashScreen #cash-what { text-style: bold; height: auto; }
    CashScreen Input { width: 30; }
    CashScreen #cash-change { height: auto; margin-top: 1; text-style: bold; }
    CashScreen #cash-confirm { margin-top: 1; }
    CashScreen StatusLine { height: auto; }
    """

    def __init__(self, customer: KioskCustomer, target: KioskBill | KioskPrepaidLine) -> None:
        super().__init__()
        self.customer = customer
        self.target = target
        self.flow: PaymentFlow | None = None

    @property
    def is_bill(self) -> bool:
        return isinstance(self.target, KioskBill)

    @property
    def currency(self) -> str:
        return self.customer.currency

    def compose(self) -> ComposeResult:
        from miclaro_tui.money import format_amount_input

        target = self.target
        yield Header()
        with Vertical(id="cash-box"):
            if isinstance(target, KioskBill):
                what = _("Bill {bill} of {name}, due {day}: {amount} to pay").format(
                    bill=target.billNo,
                    name=self.customer.maskedName,
                    day=self.day(target.dueDate),
                    amount=self.money(target.amountDue),
                )
                prefill = format_amount_input(target.amountDue.value, self.locale)
            else:
                what = _("Top-up of line {line} ({name})").format(
                    line=target.number, name=self.customer.maskedName
                )
                prefill = ""
            yield Static(Text(what), id="cash-what")
            yield Label(
                _("Amount to pay ({currency})").format(currency=self.currency),
                classes="field-label",
            )
            yield Input(prefill, id="cash-amount", max_length=24)
            yield Label(
                _("Cash received ({currency})").format(currency=self.currency),
                classes="field-label",
            )
            yield Input(id="cash-received", max_length=24)
            yield Static(id="cash-change")
            yield Button(_("Confirm and take cash (ctrl+s)"), id="cash-confirm", variant="primary")
            yield StatusLine(id="cash-status")
        yield Footer()

    def on_mount(self) -> None:
        # A bill's amount is filled in with what is due: the cash received is what to type.
        self.query_one("#cash-received" if self.is_bill else "#cash-amount", Input).focus()

    @property
    def locale(self) -> str:
        from miclaro_tui.countries import country

        return country(self.customer.country).locale

    # --- what is typed -----------------------------------------------------------------

    def _read(self, field_id: str, label: str) -> Money:
        from miclaro_tui.money import AmountError, parse_amount

        field = self.query_one(field_id, Input)
        try:
            value = parse_amount(field.value, self.locale, self.currency)
        except AmountError as error:
            mark_invalid(field, True)
            raise ValueError(f"{label}: {error.message}") from None
        mark_invalid(field, False)
        return Money(unit=self.currency, value=value)

    def _amounts(self) -> tuple[Money, Money, Money]:
        """(amount, cash, change), or ValueError saying which field is wrong and why."""
        amount = self._read("#cash-amount", _("Amount to pay"))
        if isinstance(self.target, KioskBill) and amount.value > self.target.amountDue.value:
            mark_invalid(self.query_one("#cash-amount", Input), True)
            raise ValueError(
                _("Amount to pay: at most what is due, {amount}.").format(
                    amount=self.money(self.target.amountDue)
                )
            )
        cash = self._read("#cash-received", _("Cash received"))
        try:
            change = change_due(amount, cash)
        except CashShortError as short:
            mark_invalid(self.query_one("#cash-received", Input), True)
            raise ValueError(
                _("Cash received: {missing} short of the amount to pay.").format(
                    missing=self.money(short.missing)
                )
            ) from None
        return amount, cash, change

    @on(Input.Changed)
    def _changed(self) -> None:
        line = self.query_one("#cash-change", Static)
        if not self.query_one("#cash-received", Input).value.strip():
            line.update("")
            return
        try:
            amount, cash, change = self._amounts()
        except ValueError as error:
            line.update(Text(str(error), style="dim"))
            return
        line.update(
            _("Change to give: {change}  (received {cash} for {amount})").format(
                change=self.money(change), cash=self.money(cash), amount=self.money(amount)
            )
        )

    @on(Input.Submitted, "#cash-amount")
    def _to_cash(self) -> None:
        self.query_one("#cash-received", Input).focus()

    # --- confirm ----------------------------------------------------------------------

    @on(Input.Submitted, "#cash-received")
    @on(Button.Pressed, "#cash-confirm")
    def action_confirm(self) -> None:
        from miclaro_tui.flows.payment import topup_order
        from miclaro_tui.models import Ref

        if self.flow is not None and (
            self.flow.state.busy or self.flow.state.phase == Phase.APPROVED
        ):
            return
        try:
            amount, cash, _change = self._amounts()
        except ValueError as error:
            self.say(str(error), "error")
            return
        target = self.target
        account = target.account or self.customer.account
        if isinstance(target, KioskBill):
            order = bill_order(target.bill, Ref(id=account.id), amount)
            kind, item = "bill", target.billNo
        else:
            order = topup_order(Ref(id=account.id), target.number, amount)
            kind, item = "line", target.number
        self._set_busy(True)
        self.flow = self.kiosk.take_cash(
            order, cash, self.customer.maskedName, kind, item, self._state
        )

    def _state(self, state: FlowState) -> None:
        from miclaro_tui.screens.payment_outcome import screen_message

        if not self.is_mounted:
            return  # the till locked meanwhile: the app printed the receipt all the same
        if state.phase == Phase.APPROVED:
            till = self.kiosk.till
            receipt = till.last_receipt if till else None
            self.dismiss(render_receipt(receipt) if receipt else None)
            return
        if state.busy:
            self.say(_("Taking the payment… do not hand back the cash yet."))
            return
        self._set_busy(False)
        if state.phase in (Phase.DECLINED, Phase.NOT_SENT) and state.error is not None:
            self.say(
                _("Not paid: {reason} Nothing was charged: give the cash back.").format(
                    reason=state.error.user_message
                ),
                "error",
            )
            return
        message, tone = screen_message(state, Money(unit=self.currency, value=Decimal(0)))
        self.say(message, tone or "warning")

    def _set_busy(self, busy: bool) -> None:
        self.query_one("#cash-confirm", Button).disabled = busy
        for field in self.query(Input):
            field.disabled = busy

    def action_cancel(self) -> None:
        if self.flow is not None and self.flow.state.busy:
            self.say(_("Wait for the payment's answer before leaving."), "warning")
            return
        self.dismiss(None)
