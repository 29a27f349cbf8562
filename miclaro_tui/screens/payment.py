"""Pay a bill: the amount (full or partial), then a card, PSE (Colombia) or a reference to
pay in cash, PIX or boleto elsewhere.

Money safety (DESIGN.md section 4): one press of Pay is one intent with one key
(``correlatorId``, made once per press); presses while a payment is in flight are ignored;
leaving the screen is refused meanwhile (that would cancel the request half-way). The card
is tokenised at the last moment and its number and CVV are wiped from the widgets right after.
When the outcome is unknown we say so, never pay again, and reconcile by the same key.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    ContentSwitcher,
    Footer,
    Header,
    Input,
    Label,
    Select,
    Static,
)

from miclaro_tui.api import (
    BillingError,
    OutcomeUnknownError,
    PaymentDeclinedError,
    ValidationError,
)
from miclaro_tui.i18n import N_, _
from miclaro_tui.models import CustomerBill, Money, Payment
from miclaro_tui.screens.base import BaseScreen
from miclaro_tui.screens.payment_dialogs import _plain, parse_amount
from miclaro_tui.widgets.bill_status import status_text
from miclaro_tui.widgets.card_form import CardForm, masked
from miclaro_tui.widgets.payment_status import payment_status_text

if TYPE_CHECKING:
    from miclaro_tui.api import BillingApi

METHOD_LABELS = {
    "card": N_("Credit or debit card"),
    "pse": N_("PSE bank transfer"),
    "cash": N_("Cash at a payment point"),
    "pix": N_("PIX (copy and paste or QR)"),
    "boleto": N_("Boleto (barcode)"),
}
REFERENCE_METHODS = frozenset({"cash", "pix", "boleto"})

DOCUMENT_LABELS = {
    "CC": N_("Citizenship card (CC)"),
    "CE": N_("Foreigner ID (CE)"),
    "NIT": N_("Tax ID (NIT)"),
    "PA": N_("Passport"),
}


class PaymentScreen(BaseScreen):
    """Pay one bill. Dismisses with the final ``Payment`` (or None if nothing was paid)."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("ctrl+s", "pay", N_("Pay"), id="pay", priority=True),
        Binding("ctrl+r", "reference", N_("Pay elsewhere"), id="reference"),
    ]

    AUTO_FOCUS = "#amount"
    RECONCILE_ATTEMPTS = 10
    RECONCILE_PAUSE = 2.0
    POLL_PAUSE = 1.0
    POLL_ATTEMPTS = 120

    def __init__(self, bill: CustomerBill) -> None:
        super().__init__()
        self.bill = bill
        self.busy = False
        """A payment is in flight: every press of Pay is ignored, Back is refused."""
        self.unknown_key: str | None = None
        """The key of a payment whose outcome we could not confirm yet: Pay reconciles it."""
        self.payment: Payment | None = None
        self.intents: list[str] = []
        """Every key this screen used (one per press of Pay that sent something)."""
        self._banks_loaded = False
        remaining = bill.remainingAmount
        self.max_amount = remaining if remaining.value > 0 else bill.amountDue
        """What can be paid: what is still due (the full amount of a bill already settled)."""

    @property
    def methods(self) -> tuple[str, ...]:
        from miclaro_tui.countries import country

        return country(self.country_code).payment_methods

    def compose(self) -> ComposeResult:
        bill = self.bill
        unit = bill.remainingAmount.unit
        yield Header()
        with VerticalScroll(id="payment"):
            yield Static(id="pay-title")
            yield Static(id="pay-facts")
            with Horizontal(id="pay-top"):
                with Vertical(id="amount-cell"):
                    yield Label(_("Amount to pay ({currency})").format(currency=unit),
                                classes="field-label")
                    yield Input(_plain(self.max_amount.value), id="amount", max_length=20)
                    yield Static(id="amount-hint")
                with Vertical(id="method-cell"):
                    yield Label(_("Payment method"), classes="field-label")
                    yield Select(
                        [(_(METHOD_LABELS[m]), m) for m in self.methods],
                        value=self.methods[0],
                        allow_blank=False,
                        id="method",
                    )
            with ContentSwitcher(initial="card-pane", id="method-panes"):
                with Vertical(id="card-pane"):
                    yield CardForm(id="card-form")
                with Vertical(id="pse-pane"):
                    yield Label(_("Your bank"), classes="field-label")
                    yield Select([], prompt=_("Loading banks…"), id="pse-bank")
                    with Horizontal(classes="pse-row"):
                        with Vertical(classes="pse-cell"):
                            yield Label(_("Person type"), classes="field-label")
                            yield Select(
                                [(_("Natural person"), "natural"),
                                 (_("Legal entity (jurídica)"), "juridica")],
                                value="natural",
                                allow_blank=False,
                                id="pse-person",
                            )
                        with Vertical(classes="pse-cell"):
                            yield Label(_("Document type"), classes="field-label")
                            yield Select(
                                [(_(DOCUMENT_LABELS.get(d, d)), d) for d in self._documents()],
                                value=self._documents()[0],
                                allow_blank=False,
                                id="pse-doc-type",
                            )
                    yield Label(_("Document number"), classes="field-label")
                    yield Input(id="pse-doc-number", max_length=20)
                with Vertical(id="reference-pane"):
                    yield Static(id="reference-note")
            yield Static(id="pay-message")
            with Horizontal(id="pay-buttons"):
                yield Button(_("Pay"), id="pay-button", variant="success")
                yield Button(_("Back"), id="back-button")
        yield Footer()

    def _documents(self) -> tuple[str, ...]:
        from miclaro_tui.countries import country

        return country(self.country_code).documents or ("CC",)

    def on_mount(self) -> None:
        bill = self.bill
        today = self.miclaro.clock.today()
        self.query_one("#pay-title", Static).update(
            Text.assemble(
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
        self._show_amount_hint(self.query_one("#amount", Input).value)
        self._method_changed_to(self.methods[0])

    # --- live feedback -----------------------------------------------------------------

    @on(Input.Changed, "#amount")
    def _amount_changed(self, event: Input.Changed) -> None:
        self._show_amount_hint(event.value)

    def _show_amount_hint(self, typed: str) -> None:
        hint = self.query_one("#amount-hint", Static)
        value = parse_amount(typed)
        if value is None:
            hint.update(Text(_("A number greater than 0, at most 2 decimals"), style="dim"))
            return
        amount = Money(unit=self.bill.remainingAmount.unit, value=value)
        if value < self.max_amount.value:
            hint.update(_("{amount} (partial payment)").format(amount=self.money(amount)))
        else:
            hint.update(self.money(amount))

    @on(Select.Changed, "#method")
    def _method_selected(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self._method_changed_to(event.value)

    def _method_changed_to(self, method: str) -> None:
        switcher = self.query_one("#method-panes", ContentSwitcher)
        button = self.query_one("#pay-button", Button)
        if method == "card":
            switcher.current = "card-pane"
            button.label = _("Pay")
        elif method == "pse":
            switcher.current = "pse-pane"
            button.label = _("Go to my bank")
            if not self._banks_loaded:
                self.load_banks()
        else:
            switcher.current = "reference-pane"
            button.label = _("Show the reference")
            notes = {
                "cash": _("Pay in cash at any payment point (banks, stores, Claro centres) "
                          "with the bill's payment code or barcode."),
                "pix": _("Pay with PIX from your bank's app: copy and paste the code or "
                         "scan the QR code."),
                "boleto": _("Pay the boleto at a bank, lottery outlet or in your bank's app "
                            "with the typed line (linha digitável)."),
            }
            self.query_one("#reference-note", Static).update(notes.get(method, ""))

    @work(exclusive=True, group="banks")
    async def load_banks(self) -> None:
        select = self.query_one("#pse-bank", Select)
        select.loading = True
        try:
            api = await self.miclaro.get_api()
            banks = await api.list_pse_banks()
        except BillingError as error:
            select.set_options([])
            self._say(error.user_message + " " + _("Choose PSE again to retry."), error=True)
            return
        finally:
            select.loading = False
        self._banks_loaded = True
        select.set_options([(bank.name, bank.id) for bank in banks])
        select.prompt = _("Choose your bank")

    # --- moving between fields ---------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id in ("card-cvv", "pse-doc-number"):
            self.action_pay()
        else:
            self.focus_next()

    @on(Button.Pressed, "#pay-button")
    def _pay_pressed(self) -> None:
        self.action_pay()

    @on(Button.Pressed, "#back-button")
    def _back_pressed(self) -> None:
        self.action_back()

    # --- actions -----------------------------------------------------------------------

    def action_back(self) -> None:
        if self.busy:
            self.notify(
                _("A payment is in progress. Wait for its answer before leaving."),
                severity="warning",
            )
            return
        self.dismiss(self.payment)

    def action_reference(self) -> None:
        from miclaro_tui.screens.payment_reference import PaymentReferenceScreen

        method = self.query_one("#method", Select).value
        if method not in REFERENCE_METHODS:
            method = next((m for m in self.methods if m in REFERENCE_METHODS), "cash")
        self.app.push_screen(PaymentReferenceScreen(self.bill, str(method)))

    def action_pay(self) -> None:
        """One press, one intent. Ignored while a payment is in flight or once paid."""
        if self.busy:
            return
        if self.payment is not None and self.payment.status in ("done", "captured", "authorized"):
            self._say(_("This payment is already made. Press Escape to go back."))
            return
        if self.unknown_key is not None:
            self.busy = True
            self._set_busy(True)
            self.confirm_unknown(self.unknown_key)
            return
        method = self.query_one("#method", Select).value
        if method in REFERENCE_METHODS:
            self.action_reference()
            return
        errors: list[str] = []
        amount_input = self.query_one("#amount", Input)
        value = parse_amount(amount_input.value)
        if value is None:
            errors.append(_("Amount: a number greater than 0 with at most 2 decimals."))
        elif value > self.max_amount.value:
            errors.append(
                _("Amount: at most {amount}, what is still to pay.").format(
                    amount=self.money(self.max_amount)
                )
            )
        amount_input.set_class(bool(errors), "-invalid-field")
        today = self.miclaro.clock.today()
        if method == "card":
            errors += [e.message for e in self.query_one(CardForm).validate(today)]
        elif method == "pse":
            errors += self._validate_pse()
        if errors:
            self._say("\n".join(errors), error=True)
            return
        assert value is not None
        amount = Money(unit=self.bill.remainingAmount.unit, value=value)
        key = uuid4().hex  # once per press of Pay: every retry of this intent reuses it
        self.intents.append(key)
        self.busy = True
        self._set_busy(True)
        if method == "card":
            self.pay_with_card(key, amount)
        else:
            self.pay_with_pse(key, amount)

    def _validate_pse(self) -> list[str]:
        errors = []
        bank = self.query_one("#pse-bank", Select).value
        if not isinstance(bank, str):
            errors.append(_("Bank: choose your bank from the list."))
        doc_type = self.query_one("#pse-doc-type", Select).value
        number_input = self.query_one("#pse-doc-number", Input)
        number = number_input.value.strip()
        if not valid_document(str(doc_type), number):
            errors.append(_("Document number: check it; only digits for CC and NIT."))
        number_input.set_class(not valid_document(str(doc_type), number), "-invalid-field")
        return errors

    # --- card ----------------------------------------------------------------------------

    def _payment(self, key: str, amount: Money, method: Any) -> Any:
        from miclaro_tui.models import PaymentCreate, PaymentItem, Ref

        return PaymentCreate(
            correlatorId=key,
            account=self.bill.billingAccount,
            amount=amount,
            paymentItem=[PaymentItem(item=Ref(id=self.bill.id, name=self.bill.billNo),
                                     amount=amount)],
            paymentMethod=method,
        )

    @work(exclusive=True, group="pay")
    async def pay_with_card(self, key: str, amount: Money) -> None:
        from miclaro_tui.models import CardPayment

        form = self.query_one(CardForm)
        try:
            api = await self.miclaro.get_api()
            self._say(_("Checking the card…"))
            try:
                token = await api.tokenize_card(form.build())
            finally:
                form.wipe()  # the number and CVV leave the widgets now, whatever happened
            card = masked(token.brand, token.lastFourDigits)
            self._say(_("Paying {amount} with {card}…").format(amount=self.money(amount), card=card))
            payment = await api.pay(self._payment(key, amount, CardPayment(id=token.id)))
        except PaymentDeclinedError as error:
            self._say(
                error.user_message + "\n" + _("Nothing was charged. Try another card: type its "
                                               "number and security code, then press Pay."),
                error=True,
            )
            self._set_busy(False)
            self.query_one("#card-number", Input).focus()
            return
        except OutcomeUnknownError as error:
            await self._reconcile(api, error.correlator_id)
            return
        except ValidationError as error:
            self._say(error.user_message + " " + _("Check the card and press Pay."), error=True)
            self._set_busy(False)
            return
        except BillingError as error:
            self._say(error.user_message + " " + _("Type the card again and press Pay."), error=True)
            self._set_busy(False)
            return
        except ValueError:  # the request could not be built: validation above missed a case
            self._say(_("Check the card details and press Pay."), error=True)
            self._set_busy(False)
            return
        await self._follow(api, payment)

    async def _follow(self, api: BillingApi, payment: Payment) -> None:
        """Wait while the bank authorises (some cards take a moment), then show the result."""
        attempts = 0
        while not payment.is_final and payment.status != "captured" and attempts < self.POLL_ATTEMPTS:
            self._say(
                Text.assemble(
                    payment_status_text(payment.status),
                    "  ",
                    _("Waiting for the bank's answer…"),
                )
            )
            await asyncio.sleep(self.POLL_PAUSE)
            attempts += 1
            try:
                payment = await api.get_payment(payment.id)
            except BillingError:
                continue  # keep asking: the payment exists, only its state is late
        self._finished(payment)

    def _finished(self, payment: Payment) -> None:
        self.payment = payment
        self.unknown_key = None
        self._set_busy(False)
        if payment.status in ("done", "captured", "authorized"):
            self._say(
                Text.assemble(
                    payment_status_text(payment.status),
                    "  ",
                    _("Payment of {amount} received. Receipt {receipt}.").format(
                        amount=self.money(payment.amount),
                        receipt=payment.receiptNo or payment.id,
                    ),
                    "\n",
                    _("Press Escape to go back."),
                )
            )
            self.query_one("#pay-button", Button).disabled = True
            self.notify(
                _("Payment of {amount} received.").format(amount=self.money(payment.amount)),
                title=_("Payment"),
            )
            self.refresh_account()
        elif payment.status == "pendingAuthorization":
            self._say(
                _("Your bank has not answered yet. Do not pay again: see the payment history "
                  "in a few minutes."),
                error=True,
            )
        else:
            reason = payment.statusReason or _("no reason given")
            self._say(
                Text.assemble(
                    payment_status_text(payment.status),
                    "  ",
                    _("The payment was not made: {reason}.").format(reason=reason),
                    "\n",
                    _("Nothing was charged. Try again or choose another method."),
                ),
                error=True,
            )
            self.payment = None

    # --- outcome unknown -----------------------------------------------------------------

    async def _reconcile(self, api: BillingApi, key: str) -> None:
        self.unknown_key = key
        for attempt in range(self.RECONCILE_ATTEMPTS):
            self._say(
                _("We are confirming your payment. Do not pay again.")
                + "\n"
                + _("Asking the server (attempt {n} of {total})…").format(
                    n=attempt + 1, total=self.RECONCILE_ATTEMPTS
                ),
                error=True,
            )
            try:
                payment = await api.reconcile(key)
            except BillingError:
                await asyncio.sleep(self.RECONCILE_PAUSE)
                continue
            if payment is None:
                self.unknown_key = None
                self._set_busy(False)
                self._say(
                    _("The payment did not reach the server: nothing was charged. "
                      "Press Pay to try again."),
                    error=True,
                )
                return
            await self._follow(api, payment)
            return
        self._set_busy(False)
        self._say(
            _("We could not confirm your payment yet. Do not pay again: press Pay to ask "
              "again, or see the payment history later."),
            error=True,
        )

    @work(exclusive=True, group="pay")
    async def confirm_unknown(self, key: str) -> None:
        api = await self.miclaro.get_api()
        await self._reconcile(api, key)

    # --- PSE -------------------------------------------------------------------------------

    @work(exclusive=True, group="pay")
    async def pay_with_pse(self, key: str, amount: Money) -> None:
        from miclaro_tui.models import BankTransferPayment

        method = BankTransferPayment(
            bank=str(self.query_one("#pse-bank", Select).value),
            personType=str(self.query_one("#pse-person", Select).value),  # type: ignore[arg-type]
            documentType=str(self.query_one("#pse-doc-type", Select).value),
            documentNumber=self.query_one("#pse-doc-number", Input).value.strip(),
        )
        self._say(_("Starting the PSE transfer…"))
        try:
            api = await self.miclaro.get_api()
            payment = await api.pay(self._payment(key, amount, method))
        except OutcomeUnknownError as error:
            await self._reconcile(api, error.correlator_id)
            return
        except BillingError as error:
            self._say(error.user_message + " " + _("Press Pay to try again."), error=True)
            self._set_busy(False)
            return
        if payment.is_final:
            self._finished(payment)
            return
        from miclaro_tui.screens.payment_pse import PseStatusScreen

        self._say(_("Authorise the payment at your bank."))

        def back(result: Payment | None) -> None:
            self._finished(result or payment)

        self.app.push_screen(PseStatusScreen(payment), back)

    # --- helpers ---------------------------------------------------------------------------

    @work(exclusive=True, group="account")
    async def refresh_account(self) -> None:
        account = self.miclaro.account
        if account is None:
            return
        try:
            api = await self.miclaro.get_api()
            self.miclaro.account = await api.get_billing_account(account.id)
        except BillingError:
            pass  # home refreshes on its own with r

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        button = self.query_one("#pay-button", Button)
        button.disabled = busy
        button.loading = busy

    def _say(self, message: str | Text, error: bool = False) -> None:
        widget = self.query_one("#pay-message", Static)
        if isinstance(message, str):
            message = Text(message, style="bold red" if error else "bold")
        widget.update(message)


def valid_document(kind: str, number: str) -> bool:
    if kind == "NIT":
        from stdnum.co import nit

        return nit.is_valid(number)
    if kind == "CC":
        return number.isascii() and number.isdigit() and 6 <= len(number) <= 10
    return number.isascii() and number.isalnum() and 5 <= len(number) <= 15


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
        warning = _("Invoice {number} has a payment still being authorised. If you pay now "
                    "you may pay twice.").format(number=fresh.billNo)
    elif fresh.state == "settled":
        warning = _("Invoice {number} is already paid. Pay it again only if you mean to "
                    "leave a credit.").format(number=fresh.billNo)

    def confirmed(answer: bool | None) -> None:
        if answer:
            app.push_screen(PaymentScreen(fresh), done)

    if warning is None:
        app.push_screen(PaymentScreen(fresh), done)
    else:
        app.push_screen(ConfirmPayDialog(warning), confirmed)
