"""Top up without signing in, from the login screen (the carriers' "payment and top-up
portal"): the line's country and number, the payer's name and document (checked per country
with python-stdnum), the amount, card or PSE. The payer's details open a short guest session
that may only pay a top-up of that line; nothing of the payer is kept, and the session ends
when the screen is left."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select

from miclaro_tui.api import BillingError
from miclaro_tui.flows.payment import FlowState
from miclaro_tui.i18n import _
from miclaro_tui.models import Ref
from miclaro_tui.prepaid import (
    DOCUMENT_LABELS,
    RuleError,
    check_document,
    check_name,
    document_types,
    e164_number,
)
from miclaro_tui.screens.topup import METHODS, TopupScreen
from miclaro_tui.widgets.tone import mark_invalid

COUNTRY_ORDER = ("CO", "PE", "EC", "DO", "BR")


class GuestTopupScreen(TopupScreen):
    DEFAULT_CSS = """
    GuestTopupScreen #topup-title { margin-top: 0; }
    GuestTopupScreen .topup-row, GuestTopupScreen #method-label { margin-top: 1; }
    GuestTopupScreen #guest-doc-cell { width: 32; }
    GuestTopupScreen #topup-buttons { dock: bottom; }
    """
    CSS = """
    GuestTopupScreen Input.-invalid-field { border: none; background-tint: $error 30%; }
    """
    """Over the app's red border of a wrong field (app.tcss), which a borderless one lacks."""
    AUTO_FOCUS = "#guest-name"
    GUEST = True

    def __init__(self, country: str) -> None:
        self._country = country
        super().__init__()
        self._session: tuple[str, ...] | None = None
        """What the open guest session was opened for (country, number, name, document)."""

    @property
    def country_code(self) -> str:
        return self._country

    def on_mount(self) -> None:
        # More fields than a signed-in top-up: borderless, they fit 80x24 without scrolling.
        for field in self.query(Input):
            field.compact = True
        for choice in self.query(Select):
            choice.compact = True
        for button in self.query(Button):
            button.compact = True

    def own_number(self) -> str | None:
        return None

    def title_text(self) -> str:
        return _("Top up without signing in")

    def compose_payer(self) -> ComposeResult:
        from miclaro_tui.countries import country

        yield Label(_("Country of the line"), classes="field-label")
        yield Select(
            [(_(country(code).name), code) for code in COUNTRY_ORDER],
            value=self._country,
            allow_blank=False,
            id="guest-country",
        )
        with Horizontal(classes="topup-row"):
            with Vertical(classes="topup-cell"):
                yield Label(_("Payer's name"), classes="field-label")
                yield Input(id="guest-name", max_length=80)
            with Vertical(classes="topup-cell", id="guest-doc-cell"):
                yield Label(_("Document type"), classes="field-label")
                yield Select(self._document_options(), allow_blank=False, id="guest-doc-type")
            with Vertical(classes="topup-cell"):
                yield Label(_("Document number"), classes="field-label")
                yield Input(id="guest-doc-number", max_length=20)

    def _document_options(self) -> list[tuple[str, str]]:
        return [(_(DOCUMENT_LABELS.get(d, d)), d) for d in document_types(self._country)]

    @on(Select.Changed, "#guest-country")
    def _country_chosen(self, event: Select.Changed) -> None:
        if not isinstance(event.value, str) or event.value == self._country:
            return
        self._country = event.value
        self.catalog = None
        for select_id in ("#guest-doc-type", "#pse-doc-type"):
            self.query_one(select_id, Select).set_options(self._document_options())
        method = self.query_one("#method", Select)
        method.set_options([(_(METHODS[m]), m) for m in self.methods])
        method.value = self.methods[0]
        self.query_one("#topup-preset", Select).set_options([])
        number = self.query_one("#topup-number", Input)
        self.post_message(Input.Changed(number, number.value))
        self.load_catalog()

    def validate_payer(self) -> list[str]:
        errors = []
        name_input = self.query_one("#guest-name", Input)
        try:
            check_name(name_input.value)
            mark_invalid(name_input, False)
        except RuleError as error:
            errors.append(error.message)
            mark_invalid(name_input, True)
        doc_input = self.query_one("#guest-doc-number", Input)
        kind = str(self.query_one("#guest-doc-type", Select).value)
        try:
            check_document(self._country, kind, doc_input.value)
            mark_invalid(doc_input, False)
        except RuleError as error:
            errors.append(error.message)
            mark_invalid(doc_input, True)
        return errors

    async def ready_session(self, api) -> None:
        """Open (or reopen, if the line or the payer changed) the guest session."""
        from miclaro_tui.models import GuestSignIn

        errors = self.validate_payer()
        try:
            number = e164_number(self.query_one("#topup-number", Input).value, self._country)
        except RuleError as error:
            errors.append(error.message)
            number = ""
        if errors:
            raise RuleError("payer", "\n".join(errors))
        kind = str(self.query_one("#guest-doc-type", Select).value)
        name = check_name(self.query_one("#guest-name", Input).value)
        document = check_document(
            self._country, kind, self.query_one("#guest-doc-number", Input).value
        )
        wanted = (self._country, number, name, kind, document)
        if wanted == self._session:
            return
        await api.sign_in_as_guest(
            GuestSignIn(
                country=self._country,
                number=number,
                name=name,
                documentType=kind,
                documentNumber=document,
            )
        )
        self._session = wanted
        self._checked.clear()

    def payer_account(self) -> Ref:
        from miclaro_tui.models import GUEST_ACCOUNT_ID

        return Ref(id=GUEST_ACCOUNT_ID)

    def topped_up(self) -> None:
        payment = self.payment
        receipt = payment.receiptNo if payment is not None else None
        self.say(
            _("Top-up done. Receipt {receipt}. Press Escape to go back.").format(
                receipt=receipt or "—"
            ),
            "success",
        )

    def on_unmount(self) -> None:
        super().on_unmount()
        if self._session is None:
            return
        flow = self.flow
        if flow is not None and flow.state.busy:
            # The session pays on: end it once the payment has its outcome.
            def heard(state: FlowState) -> None:
                if not state.busy:
                    stop()
                    self.app.run_worker(_end_session(self.app), exit_on_error=False)

            stop = flow.subscribe(heard)
        else:
            self.app.run_worker(_end_session(self.app), exit_on_error=False)


async def _end_session(app) -> None:
    try:
        api = await app.get_api()
        await api.sign_out()
    except BillingError:
        pass  # the guest token is short-lived: it expires by itself
