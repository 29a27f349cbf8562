"""Small payment dialogs: confirm paying a bill that looks paid, report a payment made
elsewhere, promise to pay an overdue bill by a date."""

from __future__ import annotations

from datetime import date, timedelta

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from miclaro_tui.api import BillingError, ConflictError, ValidationError
from miclaro_tui.i18n import N_, _
from miclaro_tui.models import (
    CustomerBill,
    Money,
    PaymentPromise,
    PaymentPromiseCreate,
    PaymentReport,
    PaymentReportCreate,
    Ref,
)
from miclaro_tui.money import AmountError, format_amount_input, parse_amount
from miclaro_tui.screens.base import TranslatedKeys, shell, yes_key
from miclaro_tui.widgets.status_line import StatusLine
from miclaro_tui.widgets.tone import mark_invalid, toned


def parse_day(text: str) -> date | None:
    """A date as YYYY-MM-DD or DD/MM/YYYY."""
    text = text.strip()
    try:
        if "/" in text:
            day, month, year = (int(part) for part in text.split("/"))
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        return None


class PaymentDialog(TranslatedKeys, ModalScreen):
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="cancel")]
    DEFAULT_CSS = """
    PaymentDialog { align: center middle; }
    PaymentDialog .dialog { max-height: 100%; overflow-y: auto; }
    PaymentDialog .dialog-message { height: auto; }
    PaymentDialog .dialog { width: 72; padding: 0 1; }
    PaymentDialog .dialog-row { height: auto; }
    PaymentDialog .dialog-cell { width: 1fr; height: auto; margin-right: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._busy = False

    def action_cancel(self) -> None:
        if not self._busy:
            self.dismiss(None)

    @on(Button.Pressed, "#dialog-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def mark(self, *invalid: str) -> None:
        """Mark the fields with these ids as holding bad input, and no other."""
        for widget in self.query(Input):
            mark_invalid(widget, widget.id in invalid)


class ConfirmPayDialog(PaymentDialog):
    """The bill looks paid (settled) or has a payment still being authorised: ask first.
    The key of "yes" is the language's (s for sí and sim), and y works in every language."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="cancel"),
        Binding("y", "confirm", N_("Pay anyway"), id="confirm"),
    ]
    AUTO_FOCUS = "#dialog-cancel"

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-box"):
            yield Label(_("Are you sure?"), classes="dialog-title")
            yield Static(toned(self.message, "warning"), id="confirm-text")
            yield StatusLine(classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    _("Pay anyway ({key})").format(key=yes_key()),
                    id="dialog-confirm",
                    variant="warning",
                )
                yield Button(_("Cancel"), id="dialog-cancel", variant="primary")

    def on_key(self, event: events.Key) -> None:
        if event.key == yes_key():
            event.stop()
            self.action_confirm()

    @on(Button.Pressed, "#dialog-confirm")
    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class BillDialog(PaymentDialog):
    """A form about one bill: ``amount_text`` is its amount as the screen shows it."""

    def __init__(self, bill: CustomerBill, today: date, amount_text: str) -> None:
        super().__init__()
        self.bill = bill
        self.today = today
        self.amount_text = amount_text

    @property
    def locale(self) -> str:
        """The account country's locale: amounts are typed as the bill writes them."""
        from miclaro_tui.countries import country

        app = shell(self)
        account = app.account
        code = account.country if account else app.settings.country
        return country(code).locale


class ReportPaymentDialog(BillDialog):
    """A payment made at a bank, another app or a store: tell the carrier so the bill is not
    treated as unpaid while it posts (within 3 business days)."""

    AUTO_FOCUS = "#report-date"

    def compose(self) -> ComposeResult:
        unit = self.bill.remainingAmount.unit
        with Vertical(classes="dialog", id="report-box"):
            yield Label(
                _("Report a payment of invoice {number}").format(number=self.bill.billNo),
                classes="dialog-title",
            )
            with Horizontal(classes="dialog-row"):
                with Vertical(classes="dialog-cell"):
                    yield Label(_("Date paid (YYYY-MM-DD)"), classes="field-label")
                    yield Input(self.today.isoformat(), id="report-date")
                with Vertical(classes="dialog-cell"):
                    yield Label(
                        _("Amount ({currency})").format(currency=unit), classes="field-label"
                    )
                    yield Input(
                        format_amount_input(self.bill.remainingAmount.value, self.locale),
                        id="report-amount",
                        max_length=24,
                    )
            with Horizontal(classes="dialog-row"):
                with Vertical(classes="dialog-cell"):
                    yield Label(_("Where you paid"), classes="field-label")
                    yield Input(
                        id="report-channel", max_length=60, placeholder=_("bank, app, store")
                    )
                with Vertical(classes="dialog-cell"):
                    yield Label(_("Receipt number"), classes="field-label")
                    yield Input(id="report-reference", max_length=40)
            yield StatusLine(classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Report"), id="dialog-send", variant="primary")
                yield Button(_("Cancel"), id="dialog-cancel")

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id == "report-reference":
            self.submit()
        else:
            self.focus_next()

    @on(Button.Pressed, "#dialog-send")
    def submit(self) -> None:
        if self._busy:
            return
        value = lambda name: self.query_one(f"#report-{name}", Input).value.strip()  # noqa: E731
        errors: list[tuple[str, str]] = []
        paid_on = parse_day(value("date"))
        if paid_on is None:
            errors.append(("report-date", _("Date paid: write it as YYYY-MM-DD.")))
        elif paid_on > self.today:
            errors.append(("report-date", _("Date paid: it cannot be in the future.")))
        amount = None
        try:
            amount = parse_amount(value("amount"), self.locale, self.bill.remainingAmount.unit)
        except AmountError as error:
            errors.append(("report-amount", _("Amount: {reason}").format(reason=error.message)))
        if len(value("channel")) < 2:
            errors.append(("report-channel", _("Where you paid: write the bank, app or store.")))
        if len(value("reference")) < 3:
            errors.append(
                ("report-reference", _("Receipt number: at least 3 characters, as on the receipt."))
            )
        self.mark(*(field for field, _message in errors))
        if errors:
            self.say("\n".join(message for _field, message in errors), "error")
            return
        assert paid_on is not None and amount is not None
        report = PaymentReportCreate(
            bill=Ref(id=self.bill.id),
            amount=Money(unit=self.bill.remainingAmount.unit, value=amount),
            paymentDate=paid_on,
            channel=value("channel"),
            reference=value("reference"),
        )
        self._busy = True
        self.send(report)

    @work(exclusive=True)
    async def send(self, report: PaymentReportCreate) -> None:
        self.say(_("Sending…"))
        try:
            api = await shell(self).get_api()
            result: PaymentReport = await api.report_payment(report)
        except ValidationError as error:
            self.mark(_FIELDS.get(error.field or "", ""))
            self.say(error.user_message + " " + _("Correct it and press Enter."), "error")
            return
        except BillingError as error:
            self.say(error.user_message + " " + _("Press Enter to try again."), "error")
            return
        finally:
            self._busy = False
        self.dismiss(result)


_FIELDS = {
    "paymentDate": "report-date",
    "amount": "report-amount",
    "amount.value": "report-amount",
    "channel": "report-channel",
    "reference": "report-reference",
    "promisedDate": "promise-date",
}


class PromiseDialog(BillDialog):
    """Promise to pay an overdue bill by a date (once per bill; the carrier sets the limit)."""

    AUTO_FOCUS = "#promise-date"

    def compose(self) -> ComposeResult:
        suggested = self.today + timedelta(days=7)
        with Vertical(classes="dialog", id="promise-box"):
            yield Label(
                _("Promise to pay invoice {number}").format(number=self.bill.billNo),
                classes="dialog-title",
            )
            yield Static(
                _(
                    "You promise to pay {amount} by the date below. Your line is not suspended "
                    "meanwhile; if the date passes unpaid, the promise is broken."
                ).format(amount=self.amount_text)
            )
            yield Label(_("Pay by (YYYY-MM-DD)"), classes="field-label")
            yield Input(suggested.isoformat(), id="promise-date")
            yield StatusLine(classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Promise"), id="dialog-send", variant="primary")
                yield Button(_("Cancel"), id="dialog-cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#dialog-send")
    def submit(self) -> None:
        if self._busy:
            return
        promised = parse_day(self.query_one("#promise-date", Input).value)
        if promised is None:
            self.mark("promise-date")
            self.say(_("Pay by: write the date as YYYY-MM-DD."), "error")
            return
        if promised <= self.today:
            self.mark("promise-date")
            self.say(_("Pay by: choose a date after today."), "error")
            return
        self.mark()
        self._busy = True
        self.send(PaymentPromiseCreate(bill=Ref(id=self.bill.id), promisedDate=promised))

    @work(exclusive=True)
    async def send(self, promise: PaymentPromiseCreate) -> None:
        self.say(_("Sending…"))
        try:
            api = await shell(self).get_api()
            result: PaymentPromise = await api.promise_payment(promise)
        except ValidationError as error:
            self.mark("promise-date")
            # Ours, in the user's language: the field's label and the dates it allows.
            self.say(error.user_message + " " + _("Choose another date and press Enter."), "error")
            return
        except ConflictError as error:
            self.say(
                _("This bill cannot take a promise to pay: {message}").format(
                    message=error.user_message
                ),
                "error",
            )
            return
        except BillingError as error:
            self.say(error.user_message + " " + _("Press Enter to try again."), "error")
            return
        finally:
            self._busy = False
        self.dismiss(result)
