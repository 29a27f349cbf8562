"""KioskApp: ``miclaro --kiosk``, the till of a cash payment point.

The customer app's machinery (the API built after the first paint, payment flows run in the
app's workers, the journal settled at every sign-in) with the kiosk screens, and locked down:
ctrl+q, ctrl+c, ctrl+z and the command palette's Quit ask for the operator's password; after
``[kiosk] idle_lock_minutes`` without a key or a click the till locks, forgets the customer
and asks the operator to sign in again. Every operator action goes to the audit log.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from textual import events
from textual.binding import Binding

from miclaro_tui.app import ApiFactory, MiClaroApp
from miclaro_tui.clock import Clock
from miclaro_tui.config import Settings
from miclaro_tui.i18n import N_, _
from miclaro_tui.kiosk.audit import AuditLog
from miclaro_tui.kiosk.printer import Printer, PrinterError, make_printer
from miclaro_tui.kiosk.receipt import Receipt, render_receipt, render_report

if TYPE_CHECKING:
    from textual.screen import Screen

    from miclaro_tui.api import BillingApi
    from miclaro_tui.flows.payment import FlowState, PaymentFlow, PaymentOrder
    from miclaro_tui.kiosk.session import TillSession
    from miclaro_tui.models import Money, Payment, ShiftReport
    from miclaro_tui.screens.shell import DemoUser

NOT_GIVEN: Any = object()


class KioskApp(MiClaroApp):
    BINDINGS = [
        Binding("ctrl+q", "quit", N_("Leave"), id="quit", priority=True, show=False),
        Binding("ctrl+c", "quit", show=False, priority=True, id="kiosk-ctrl-c"),
        Binding("ctrl+z", "suspend", show=False, priority=True, id="kiosk-ctrl-z"),
    ]

    IDLE_CHECK_SECONDS = 5.0
    """How often the idle time is looked at."""

    def __init__(
        self,
        api: BillingApi | ApiFactory,
        settings: Settings | None = None,
        clock: Clock | None = None,
        demo_users: Sequence[DemoUser] = (),
        *,
        idle_clock: Callable[[], float] = time.monotonic,
        audit_now: Callable[[], datetime] = lambda: datetime.now(UTC),
        printer: Printer | None = NOT_GIVEN,
    ) -> None:
        super().__init__(api, settings, clock, credentials=None, demo_users=demo_users)
        self.sub_title = _("Payment point")
        kiosk = self.settings.kiosk
        self.audit_log = AuditLog(self.settings.audit_log, now=audit_now)
        self.printer = (
            make_printer(kiosk.printer, kiosk.escpos) if printer is NOT_GIVEN else printer
        )
        self.idle_clock = idle_clock
        """Seconds from any origin (injected: tests move it instead of waiting)."""
        self.idle_limit = kiosk.idle_lock_minutes * 60
        self._last_activity = idle_clock()
        self.till: TillSession | None = None
        self.locked = False

    # --- start-up --------------------------------------------------------------------------

    def first_screen(self) -> Screen[Any]:
        from miclaro_tui.screens.kiosk.login import KioskLoginScreen

        return KioskLoginScreen()

    def on_mount(self) -> None:
        # MiClaroApp's on_mount runs after this one (Textual calls each class's handler):
        # keymap, themes, first_screen() and the API.
        self.set_interval(self.IDLE_CHECK_SECONDS, self.lock_if_idle, name="idle-lock")

    # --- the audit log ---------------------------------------------------------------------

    def record(
        self, action: str, object: str | None = None, outcome: str = "ok", **details: Any
    ) -> None:
        till = self.till
        someone = details.pop("operator", None)  # who tried, when nobody is signed in
        self.audit_log.record(
            action,
            operator=till.operator if till else someone,
            terminal=till.terminal if till else self.settings.kiosk.terminal_id or "-",
            object=object,
            outcome=outcome,
            **details,
        )

    # --- the operator's session ------------------------------------------------------------

    def start_till(self, till: TillSession) -> None:
        """Signed in; the sign-in screen then settles the journal (``settle_journal``) and
        goes on to the shift (open one, or go on with the open one)."""
        self.till = till
        self.locked = False
        self.touch()
        self.record("signIn", object=till.terminal, role=till.role)

    async def settle_journal(self) -> list[FlowState]:
        """Follow each payment an earlier run of this till left unsettled (it crashed or lost
        the answer mid-payment) to its outcome, awaited: the till takes the next customer
        only once it knows whether that cash was taken. Each is told in a notice and logged."""
        from miclaro_tui.api import BillingError

        api = self._api
        if api is None or api.username is None:
            return []
        try:
            keys = await api.unsettled_payment_keys()
        except BillingError:
            return []
        states = []
        for key in keys:
            flow = self.new_payment_flow()
            self.payment_flows.add(flow)
            self.watch_payment(flow, earlier=True)
            state = await flow.resume(key)
            self.record(
                "payment",
                object=state.payment.id if state.payment else key,
                outcome=str(state.phase.value),
                run="earlier",
            )
            states.append(state)
        return states

    def shift_opened(self) -> None:
        from miclaro_tui.screens.kiosk.till import TillScreen

        self.switch_screen(TillScreen())

    async def end_till(self, message: str = "") -> None:
        from miclaro_tui.screens.kiosk.login import KioskLoginScreen

        till, api = self.till, self._api
        if till is not None:
            self.record("signOut")
        self.till = None
        self.locked = False
        if api is not None and api.username is not None:
            await api.sign_out()
        while len(self.screen_stack) > 2:
            self.pop_screen()
        await self.switch_screen(KioskLoginScreen(message=message))

    # --- printing and saving -------------------------------------------------------------

    def print_text(self, text: str, what: str) -> None:
        """Print ``text`` in a thread; the operator hears if it failed (or that no printer is
        set up: the receipt is on screen and its PDF saved)."""
        printer = self.printer
        if printer is None:
            return

        def run() -> None:
            try:
                printer.print_text(text)
            except PrinterError as error:
                self.call_from_thread(
                    self.notify,
                    str(error),
                    title=_("Not printed: {what}").format(what=what),
                    severity="error",
                    timeout=15,
                )

        self.run_worker(run, thread=True, group="printer", exit_on_error=False)

    def print_receipt(self, receipt: Receipt, *, copy: bool = False) -> None:
        self.print_text(render_receipt(receipt, copy=copy), _("receipt"))

    def print_report(self, report: ShiftReport) -> None:
        self.print_text(render_report(report), _("report"))

    def save_pdf(self, fetch: Callable[[BillingApi], Any], filename: str) -> None:
        """Fetch a receipt's PDF and keep it in the downloads folder's ``kiosk`` folder."""
        import asyncio

        from miclaro_tui.api import BillingError
        from miclaro_tui.screens.base import write_file

        async def save() -> None:
            path = self.settings.download_dir / "kiosk" / filename
            try:
                pdf = await fetch(await self.get_api())
                await asyncio.to_thread(write_file, path, pdf)
            except (BillingError, OSError) as error:
                reason = getattr(error, "user_message", None) or str(error)
                self.notify(reason, title=_("The receipt's PDF was not saved"), severity="warning")

        self.run_worker(save(), group="pdf", exit_on_error=False)

    # --- taking cash: the flow of the customer screens, and what a till adds -----------

    def take_cash(
        self,
        order: PaymentOrder,
        cash: Money,
        customer: str,
        item_kind: str,
        item: str,
        on_state: Callable[[FlowState], None],
    ) -> PaymentFlow:
        """Pay ``order`` with ``cash`` through a PaymentFlow run by the app; once approved,
        the receipt is printed and its PDF saved, whatever screen is shown by then."""
        from miclaro_tui.flows.payment import Phase
        from miclaro_tui.kiosk.session import TakenPayment
        from miclaro_tui.models import CashPayment, Ref

        till = self.till
        assert till is not None and till.shift is not None
        flow = self.new_payment_flow()
        method = CashPayment(shift=Ref(id=till.shift.id), cashReceived=cash)

        def heard(state: FlowState) -> None:
            if state.busy:
                on_state(state)
                return
            stop()
            if not state.unsettled:
                self.payment_flows.discard(flow)
            if state.phase == Phase.APPROVED and state.payment is not None:
                receipt = self.cash_receipt(state.payment, customer, item_kind, item)
                till.taken.append(TakenPayment(state.payment, receipt))
                till.last_receipt = receipt
                self.record(
                    "payment",
                    object=state.payment.id,
                    amount=_money_log(state.payment.amount),
                    item=item if item_kind == "bill" else _masked_line(item),
                    receipt=receipt.number,
                )
                self.print_receipt(receipt)
                payment_id = state.payment.id
                self.save_pdf(lambda api: api.download_receipt(payment_id), f"{receipt.number}.pdf")
            else:
                reason = getattr(state.error, "code", "") or state.phase.value
                self.record(
                    "payment",
                    object=state.key,
                    outcome=str(state.phase.value),
                    reason=str(reason or ""),
                )
            on_state(state)

        stop = flow.subscribe(heard)
        self.run_payment(flow, flow.pay(order, method))
        return flow

    def cash_receipt(self, payment: Payment, customer: str, item_kind: str, item: str) -> Receipt:
        till = self.till
        assert till is not None
        operator = payment.operator.id if payment.operator else till.operator
        return Receipt(
            number=payment.receiptNo or payment.id,
            when=payment.paymentDate,
            country=till.country,
            operator=operator,
            terminal=payment.terminalId or till.terminal,
            customer=customer,
            item_kind="bill" if item_kind == "bill" else "line",
            item=item,
            amount=payment.amount,
            cash=payment.cashReceived,
            change=payment.change,
        )

    def action_help(self) -> None:
        """F1: the till's keys (the footer shows those that fit)."""
        from miclaro_tui.screens.kiosk.help import KioskHelpScreen

        if not isinstance(self.screen, KioskHelpScreen):
            self.push_screen(KioskHelpScreen())

    # --- locked down ---------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown) and not event.is_forwarded:
            self.touch()
        await super().on_event(event)

    def touch(self) -> None:
        """The operator did something: the idle time starts again."""
        self._last_activity = self.idle_clock()

    def lock_if_idle(self) -> None:
        if self.till is None or self.locked:
            return
        if any(flow.state.busy for flow in self.payment_flows):
            return  # the operator is waiting for a payment's answer, not away
        if self.idle_clock() - self._last_activity >= self.idle_limit:
            self.lock("idle")

    def lock(self, reason: str) -> None:
        """Hide the till: forget the customer, close what was open over the till, and ask
        the operator to sign in again."""
        from miclaro_tui.screens.kiosk.lock import LockScreen
        from miclaro_tui.screens.kiosk.till import TillScreen

        till = self.till
        if till is None or self.locked:
            return
        self.locked = True
        till.clear_customer()
        while len(self.screen_stack) > 2 and not isinstance(self.screen, TillScreen):
            self.pop_screen()
        for screen in self.screen_stack:
            if isinstance(screen, TillScreen):
                screen.clear_customer()
        self.record("lock", outcome=reason)
        self.push_screen(LockScreen())

    def unlock(self) -> None:
        from miclaro_tui.screens.kiosk.lock import LockScreen

        self.locked = False
        self.touch()
        self.record("unlock")
        if isinstance(self.screen, LockScreen):
            self.pop_screen()

    async def action_quit(self) -> None:
        """ctrl+q, ctrl+c, the palette's Quit: only with the operator's password."""
        self._ask_to_leave("quit")

    def action_suspend(self) -> None:
        """ctrl+z: suspend to the shell only with the operator's password."""
        self._ask_to_leave("suspend")

    def _ask_to_leave(self, how: str) -> None:
        from miclaro_tui.screens.kiosk.lock import LeaveDialog

        if isinstance(self.screen, LeaveDialog):
            return

        def answered(allowed: bool | None) -> None:
            if not allowed:
                return
            if how == "quit":
                self.exit()
            else:
                self.action_suspend_process()

        self.push_screen(LeaveDialog(how), answered)


def _money_log(amount: Money) -> str:
    return f"{amount.unit} {amount.value}"


def _masked_line(number: str) -> str:
    from miclaro_tui.kiosk.masking import mask_lookup

    return mask_lookup("line", number)
