"""Transfer balance or gift a pack to another prepaid line of the carrier: the receiver's
number, money or a pack of the catalogue; the cost, who pays it and the total debited are
shown before confirming, and never more than the balance is sent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static

from miclaro_tui.api import BillingError
from miclaro_tui.i18n import N_, _
from miclaro_tui.models import Money, Ref, TransferBalanceCreate
from miclaro_tui.prepaid import (
    RuleError,
    TransferQuote,
    amount_within,
    e164_number,
    money_balance,
    national_number,
    refusal_message,
    rule_message,
    transfer_quote,
)
from miclaro_tui.resend import Resend, outcome_unknown
from miclaro_tui.screens.base import BACK, BaseScreen
from miclaro_tui.screens.prepaid_confirm import ConfirmDialog, prepaid_line
from miclaro_tui.screens.transfer_quote import (
    MONEY,
    UNCONFIRMED_AGAIN,
    balance_line,
    form_values,
    quote_lines,
    sent_message,
    unconfirmed_message,
)
from miclaro_tui.widgets.status_line import StatusLine
from miclaro_tui.widgets.tone import Tone, mark_invalid

if TYPE_CHECKING:
    from miclaro_tui.api import BillingApi
    from miclaro_tui.models import PackOffering, PrepaidCatalog, TransferBalance


class TransferScreen(BaseScreen):
    BINDINGS = [BACK, Binding("ctrl+s", "send", N_("Send"), id="send", priority=True)]
    DEFAULT_CSS = """
    #transfer { padding: 0 1; }
    #transfer-title { margin-top: 1; height: auto; }
    .transfer-row { height: auto; }
    .transfer-cell { width: 1fr; height: auto; }
    .transfer-cell { padding-right: 1; }
    #receiver-hint, #quote { height: auto; }
    #receiver-hint { color: $text-muted; }
    #quote { margin-top: 1; }
    #transfer-message { height: auto; }
    #transfer-buttons { height: auto; }
    #transfer-buttons Button { margin-right: 2; }
    """
    AUTO_FOCUS = "#receiver"

    def __init__(self) -> None:
        super().__init__()
        self.catalog: PrepaidCatalog | None = None
        self.balance: Money | None = None
        self.done: TransferBalance | None = None
        self._busy = False

    @property
    def resend(self) -> Resend[TransferBalanceCreate]:
        """The transfer sent whose answer was lost, with its key, kept for the sign-in (leaving
        the screen keeps it): Send sends it again."""
        line = prepaid_line(self.miclaro.account)
        return self.miclaro.unconfirmed.transfer(line.id if line is not None else "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "send":
            return not (self._busy or self.done is not None) or None
        return True

    @property
    def locale(self) -> str:
        from miclaro_tui.countries import country

        return country(self.country_code).locale

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="transfer"):
            yield Static(
                Content.styled(_("Transfer balance or gift a pack"), "bold"), id="transfer-title"
            )
            with Horizontal(classes="transfer-row"):
                with Vertical(classes="transfer-cell"):
                    yield Label(_("Receiver's number"), classes="field-label")
                    yield Input(id="receiver", max_length=24)
                    yield Static(id="receiver-hint")
                with Vertical(classes="transfer-cell"):
                    yield Label(_("What to send"), classes="field-label")
                    yield Select([], prompt=_("Loading…"), id="what")
                    yield Input(
                        id="transfer-amount", max_length=24, placeholder=_("Amount to send")
                    )
            yield Static(id="quote")
            yield StatusLine(id="transfer-message")
            with Horizontal(id="transfer-buttons"):
                yield Button(_("Send"), id="send-button", variant="success")
                yield Button(_("Back"), id="back-button")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        line = prepaid_line(self.miclaro.account)
        if line is None:
            self.say(_("This account has no prepaid line."), "warning")
            return
        try:
            api = await self.miclaro.get_api()
            self.catalog = await api.get_prepaid_catalog(self.country_code)
            bucket = money_balance(await api.list_buckets(line.id))
        except BillingError as error:
            self.say(error.user_message + " " + _("Press Escape and try again."), "error")
            return
        if bucket is not None:
            self.balance = Money(
                unit=bucket.remainingValue.units, value=bucket.remainingValue.amount
            )
        else:
            account = self.miclaro.account
            assert account is not None  # a signed-in screen
            self.balance = account.balance("prepaidBalance")
        options = [(_("Money from my balance"), MONEY)]
        options += [(self._pack_label(pack), pack.id) for pack in self.catalog.packs]
        what = self.query_one("#what", Select)
        with self.prevent(Select.Changed, Input.Changed):  # filling the form is no edit
            what.set_options(options)
            what.value = MONEY
            if self.resend.request is not None:
                self._show_unconfirmed(self.resend.request)
        self.show_quote()

    def _show_unconfirmed(self, request: TransferBalanceCreate) -> None:
        """The transfer whose answer was lost, in the form as it was sent, and what Send does."""
        receiver, choice, amount = form_values(request, self.locale)
        self.query_one("#receiver", Input).value = receiver
        self.query_one("#receiver-hint", Static).update(receiver)
        if self.catalog is not None and any(p.id == choice for p in self.catalog.packs):
            self.query_one("#what", Select).value = choice
            self.query_one("#transfer-amount", Input).display = False
        else:
            self.query_one("#transfer-amount", Input).value = amount
        self.say(_(UNCONFIRMED_AGAIN), "warning")

    def _pack_label(self, pack: PackOffering) -> str:
        return _("{name} · {price}").format(name=pack.name, price=self.money(pack.price))

    def _pack(self) -> PackOffering | None:
        value = self.query_one("#what", Select).value
        if self.catalog is None or value == MONEY:
            return None
        return next((p for p in self.catalog.packs if p.id == value), None)

    # --- live feedback ------------------------------------------------------------------

    @on(Input.Changed, "#receiver")
    def _receiver_typed(self, event: Input.Changed) -> None:
        self._changed()
        hint = self.query_one("#receiver-hint", Static)
        try:
            number = e164_number(event.value, self.country_code)
        except RuleError as error:
            hint.update(error.message if event.value.strip() else "")
            return
        hint.update(national_number(number))

    @on(Select.Changed, "#what")
    def _what_chosen(self) -> None:
        self._changed()
        amount = self.query_one("#transfer-amount", Input)
        amount.display = self._pack() is None
        self.show_quote()

    @on(Input.Changed, "#transfer-amount")
    def _amount_typed(self) -> None:
        self._changed()
        self.show_quote()

    def _changed(self) -> None:
        """The form was edited: a transfer whose answer was lost is not sent again under its
        key (this is another request, and gets a new key)."""
        if not self.resend.waiting:
            return
        self.resend.forget()
        if not self._busy:
            self.say(
                _(
                    "You changed the transfer: Send now makes a new one. Your balance history "
                    "shows whether the first one was made."
                ),
                "warning",
            )

    def quote(self) -> TransferQuote:
        """What the transfer costs; RuleError names the field that is not right yet."""
        catalog, balance = self.catalog, self.balance
        if catalog is None or balance is None:
            raise RuleError("loading", _("Wait a moment: the catalogue is loading."))
        pack = self._pack()
        amount = None
        if pack is None:
            amount = amount_within(
                self.query_one("#transfer-amount", Input).value,
                self.locale,
                catalog.transferMin,
                catalog.transferMax,
            )
        return transfer_quote(catalog, balance, amount, pack)

    def show_quote(self) -> None:
        widget = self.query_one("#quote", Static)
        catalog, balance = self.catalog, self.balance
        if catalog is None or balance is None:
            return
        try:
            quote = self.quote()
        except RuleError as error:
            typed = self.query_one("#transfer-amount", Input).value.strip()
            limits = _("Transfers from {minimum} to {maximum}.").format(
                minimum=self.money(catalog.transferMin), maximum=self.money(catalog.transferMax)
            )
            widget.update(
                Content("\n").join(
                    [self._balance_line(), Content(error.message if typed else limits)]
                )
            )
            return
        widget.update(Content("\n").join(self.quote_lines(quote)))

    def _balance_line(self) -> Content:
        assert self.balance is not None
        return balance_line(self, self.balance)

    def quote_lines(self, quote: TransferQuote) -> list[Content]:
        assert self.balance is not None
        return quote_lines(self, quote, self._pack(), self.balance, self.resend.waiting)

    # --- sending --------------------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "transfer-amount":
            self.action_send()
        else:
            self.focus_next()

    @on(Button.Pressed, "#send-button")
    def _send_pressed(self) -> None:
        self.action_send()

    @on(Button.Pressed, "#back-button")
    def _back_pressed(self) -> None:
        self.action_back()

    def action_send(self) -> None:
        if self._busy:
            return
        if self.done is not None:
            self.say(_("This transfer is done. Press Escape to go back."))
            return
        if self.resend.waiting:  # the same request, under the same key: never sent twice
            self._busy = True
            self.refresh_bindings()
            self.send_again()
            return
        errors = []
        receiver = self.query_one("#receiver", Input)
        number = ""
        try:
            number = e164_number(receiver.value, self.country_code)
        except RuleError as error:
            errors.append(error.message)
        line = prepaid_line(self.miclaro.account)
        if number and line is not None and number == line.number:
            errors.append(rule_message("sameLine", self.country_code) or "")
            number = ""
        mark_invalid(receiver, not number)
        quote = None
        amount_input = self.query_one("#transfer-amount", Input)
        try:
            quote = self.quote()
        except RuleError as error:
            errors.append(error.message)
        mark_invalid(amount_input, quote is None and self._pack() is None)
        if quote is not None and not quote.affordable:
            errors.append(
                _(
                    "The total, {total}, is more than your balance, {balance}: nothing was "
                    "sent. Send less, or top up first."
                ).format(total=self.money(quote.total), balance=self.money(quote.balance))
            )
        if errors or quote is None:
            self.say("\n".join(errors), "error")
            return
        self._busy = True
        self.refresh_bindings()
        self.check_and_confirm(number, quote)

    @work(exclusive=True, group="send")
    async def check_and_confirm(self, number: str, quote: TransferQuote) -> None:
        self.say(_("Checking the number…"))
        try:
            api = await self.miclaro.get_api()
            check = await api.check_number(number)
        except BillingError as error:
            self._stop(refusal_message(error, self.country_code) or error.user_message)
            return
        if not (check.carrier and check.prepaid):
            self._stop(rule_message("notPrepaidLine", self.country_code) or "")
            return
        self.say("")
        lines: list[str | Content] = [
            _("To: {number}").format(number=national_number(number)),
            *self.quote_lines(quote)[1:],
        ]
        answer = await self.app.push_screen_wait(ConfirmDialog(_("Send it?"), lines, _("Send")))
        if not answer:
            self._stop(_("Nothing was sent."), "")
            return
        await self.send(api, self._request(number))

    def _request(self, number: str) -> TransferBalanceCreate:
        """The transfer the form asks for, to ``number``."""
        line = prepaid_line(self.miclaro.account)
        assert line is not None
        pack = self._pack()
        return TransferBalanceCreate(
            product=Ref(id=line.id),
            receiverProduct=Ref(id=number),
            amount=None if pack is not None else self.quote().value,
            packOffering=Ref(id=pack.id, name=pack.name) if pack is not None else None,
        )

    @work(exclusive=True, group="send")
    async def send_again(self) -> None:
        request = self.resend.request
        assert request is not None
        try:
            api = await self.miclaro.get_api()
        except BillingError as error:
            self._stop(error.user_message)  # still unknown: Send tries again
            return
        await self.send(api, request)

    async def send(self, api: BillingApi, request: TransferBalanceCreate) -> None:
        line = prepaid_line(self.miclaro.account)
        assert line is not None
        number = request.receiverProduct.id
        self.say(_("Sending…"))
        try:
            done = await api.transfer_balance(request, idempotency_key=self.resend.key_for(request))
        except BillingError as error:
            if outcome_unknown(error):
                self._stop(unconfirmed_message(self.resend.waiting))
                self.miclaro.money_moved()
                return
            self.resend.forget()
            self._stop(refusal_message(error, self.country_code) or error.user_message)
            return
        self.resend.forget()
        self.done = done
        self._busy = False
        self.refresh_bindings()
        self.query_one("#send-button", Button).disabled = True
        self.miclaro.money_moved()
        try:
            bucket = money_balance(await api.list_buckets(line.id))
        except BillingError:
            bucket = None  # the transfer is done and said below
        if bucket is not None:
            self.balance = Money(
                unit=bucket.remainingValue.units, value=bucket.remainingValue.amount
            )
            self.show_quote()
        self.say(sent_message(self, done, number), "success")

    def _stop(self, message: str, tone: Tone = "error") -> None:
        self._busy = False
        self.refresh_bindings()
        self.say(message, tone)
