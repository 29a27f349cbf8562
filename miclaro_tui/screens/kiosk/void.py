"""Void a payment taken in this shift, with a reason; a supervisor's user and password when
another operator took it. The bill returns to unpaid; the void's receipt says so."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Label, Select

from miclaro_tui.api import BillingError, PermissionDeniedError
from miclaro_tui.i18n import N_, _
from miclaro_tui.kiosk.receipt import Receipt, render_receipt
from miclaro_tui.kiosk.session import TakenPayment
from miclaro_tui.screens.kiosk.base import KioskScreen
from miclaro_tui.widgets.status_line import StatusLine
from miclaro_tui.widgets.tone import mark_invalid


class VoidScreen(KioskScreen):
    """Dismisses with the void receipt's text, or None."""

    BINDINGS = [
        Binding("ctrl+s", "void", N_("Void payment"), id="void-confirm"),
        Binding("escape", "cancel", N_("Cancel"), id="cancel"),
    ]
    AUTO_FOCUS = "#void-payment"
    DEFAULT_CSS = """
    VoidScreen #void-box { padding: 0 1; height: 1fr; }
    VoidScreen #void-payment { width: 100%; }
    VoidScreen Input { width: 100%; }
    VoidScreen #supervisor-note { color: $text-muted; }
    VoidScreen #supervisor { height: auto; }
    VoidScreen #supervisor Vertical { height: auto; width: 1fr; }
    VoidScreen StatusLine { height: auto; }
    """

    def __init__(self, voidable: list[TakenPayment]) -> None:
        """``voidable``: the shift's payments that may be voided, newest first."""
        super().__init__()
        self._busy = False
        self.voidable = voidable

    def compose(self) -> ComposeResult:
        taken = self.voidable
        yield Header()
        with VerticalScroll(id="void-box"):
            yield Label(_("Void a payment of this shift"), classes="section-title")
            yield Label(_("Payment"), classes="field-label")
            yield Select(
                [(self._label(t), t.payment.id) for t in taken],
                value=taken[0].payment.id if taken else Select.NULL,
                allow_blank=False,
                id="void-payment",
            )
            yield Label(_("Reason (3 to 200 characters)"), classes="field-label")
            yield Input(id="void-reason", max_length=200)
            yield Label(
                _("Only if another operator took the payment: a supervisor approves it."),
                id="supervisor-note",
            )
            with Horizontal(id="supervisor"):
                with Vertical():
                    yield Label(_("Supervisor user"), classes="field-label")
                    yield Input(id="supervisor-user", max_length=254)
                with Vertical():
                    yield Label(_("Supervisor password"), classes="field-label")
                    yield Input(id="supervisor-password", password=True, max_length=256)
            yield Button(_("Void payment (ctrl+s)"), id="void-confirm", variant="error")
            yield StatusLine(id="void-status")
        yield Footer()

    def _label(self, taken: TakenPayment) -> str:
        receipt = taken.receipt
        return f"{receipt.number} · {receipt.item} · {self.money(receipt.amount)}"

    @on(Input.Submitted, "#void-reason")
    @on(Input.Submitted, "#supervisor-user")
    def _next(self) -> None:
        self.focus_next()

    @on(Input.Submitted, "#supervisor-password")
    @on(Button.Pressed, "#void-confirm")
    def action_void(self) -> None:
        from pydantic import SecretStr

        if self._busy:
            return
        chosen = self.query_one("#void-payment", Select).value
        taken = next((t for t in self.voidable if t.payment.id == chosen and t.voidable), None)
        if taken is None:
            self.say(_("Choose the payment to void."), "error")
            return
        reason_field = self.query_one("#void-reason", Input)
        reason = " ".join(reason_field.value.split())
        if not 3 <= len(reason) <= 200:
            mark_invalid(reason_field, True)
            reason_field.focus()
            self.say(_("Reason: say why in 3 to 200 characters."), "error")
            return
        mark_invalid(reason_field, False)
        user = self.query_one("#supervisor-user", Input).value.strip()
        password = SecretStr(self.query_one("#supervisor-password", Input).value)
        self.query_one("#supervisor-password", Input).value = ""
        self.void(taken, reason, user, password)

    @work(exclusive=True, group="void")
    async def void(self, taken: TakenPayment, reason: str, user: str, password) -> None:
        from miclaro_tui.models import Ref, RefundCreate, SupervisorApproval

        till = self.kiosk.till
        assert till is not None
        supervisor = None
        if user:
            supervisor = SupervisorApproval(username=user, password=password.get_secret_value())
        self._busy = True
        self.say(_("Voiding…"))
        try:
            api = await self.miclaro.get_api()
            refund = await api.void_payment(
                RefundCreate(payment=Ref(id=taken.payment.id), reason=reason, supervisor=supervisor)
            )
        except PermissionDeniedError as error:
            self.kiosk.record(
                "void",
                object=taken.payment.id,
                outcome="refused",
                reason=getattr(error, "code", ""),
            )
            self.say(
                error.user_message
                + " "
                + _("A supervisor must approve: type their user and password."),
                "error",
            )
            self.query_one("#supervisor-user", Input).focus()
            return
        except BillingError as error:
            self.kiosk.record(
                "void",
                object=taken.payment.id,
                outcome="refused",
                reason=getattr(error, "code", ""),
            )
            self.say(error.user_message, "error")
            return
        finally:
            self._busy = False
        taken.voided = True
        original = taken.receipt
        receipt = Receipt(
            number=refund.receiptNo,
            when=refund.refundDate,
            country=original.country,
            operator=refund.operator.id,
            terminal=refund.terminalId or till.terminal,
            customer=original.customer,
            item_kind=original.item_kind,
            item=original.item,
            amount=refund.amount,
            void_of=original.number,
            reason=refund.reason,
            approved_by=refund.approvedBy.id if refund.approvedBy else None,
        )
        till.last_receipt = receipt
        self.kiosk.record(
            "void",
            object=taken.payment.id,
            refund=refund.id,
            receipt=refund.receiptNo,
            approvedBy=receipt.approved_by or "",
        )
        self.kiosk.print_receipt(receipt)
        refund_id = refund.id
        self.kiosk.save_pdf(
            lambda api: api.download_refund_receipt(refund_id), f"{refund.receiptNo}.pdf"
        )
        self.dismiss(render_receipt(receipt))

    def action_cancel(self) -> None:
        if not self._busy:
            self.dismiss(None)
