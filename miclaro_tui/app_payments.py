"""The app's payment flows: they outlive the screen that started them. Each is run in a worker
of the app's, its outcome told in a notice, and ctrl+q asks first while one is unsettled. The
journal of a previous run is settled after every sign-in."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from textual.app import App

if TYPE_CHECKING:
    from miclaro_tui.api import BillingApi
    from miclaro_tui.flows.payment import FlowState, PaymentFlow


class PaymentsApp(App[None]):
    """The payment half of ``MiClaroApp`` (and so of the kiosk's app)."""

    PAYMENT_POLL_PAUSE = 1.0
    """Seconds between two looks at a pending payment (tests make it short)."""
    PAYMENT_BACKOFF_MAX = 30.0
    """The longest wait between two checks while the server cannot be reached."""

    _api: BillingApi | None

    def __init__(self) -> None:
        super().__init__()
        self.payment_flows: set[PaymentFlow] = set()
        """Payments started or resumed in this run whose outcome may still be unknown."""

    def money_moved(self) -> None:
        """After any payment: ``MiClaroApp`` refreshes the figures it changed."""

    def reconcile_journal(self) -> None:
        """Settle the payments a previous run left unknown or pending (the journal in the data
        dir): each is followed by a payment flow to its outcome, which a notice then tells.
        Run after every sign-in, since the journal's entries belong to a login."""
        self.run_worker(
            self._reconcile_journal(), group="journal", exclusive=True, exit_on_error=False
        )

    async def _reconcile_journal(self) -> None:
        from miclaro_tui.api import BillingError

        api = self._api
        if api is None or api.username is None:
            return  # the journal is per login: settled right after signing in
        try:
            keys = await api.unsettled_payment_keys()
        except BillingError:
            return  # tried again after the next sign-in
        for key in keys:
            flow = self.new_payment_flow()
            self.watch_payment(flow, earlier=True)
            self.run_payment(flow, flow.resume(key))

    def new_payment_flow(self, *, bank_checks: int | None = None) -> PaymentFlow:
        from miclaro_tui.flows.payment import PaymentFlow

        api = self._api
        assert api is not None, "a payment flow needs the API: the user is signed in"
        flow = PaymentFlow(
            api, poll_pause=self.PAYMENT_POLL_PAUSE, backoff_max=self.PAYMENT_BACKOFF_MAX
        )
        if bank_checks is not None:
            flow.bank_checks = bank_checks
        return flow

    def run_payment(self, flow: PaymentFlow, step: Coroutine[Any, Any, object]) -> None:
        """Run a step of ``flow`` in a worker of the app's, not of a screen's: leaving the
        screen must not cut a payment in half. ctrl+q asks first while it is unsettled."""
        self.payment_flows.add(flow)
        worker = self.run_worker(step, group="payments", exit_on_error=False)
        worker.name = "payment"

    def watch_payment(self, flow: PaymentFlow, *, earlier: bool = False) -> None:
        """Tell the outcome of ``flow`` in a notice, once it has one (its screen was left, or
        it is an earlier run's payment settled at sign-in)."""
        from miclaro_tui.flows.payment import Phase
        from miclaro_tui.screens.payment_outcome import outcome_notice

        def heard(state: FlowState) -> None:
            if state.busy:
                return
            stop()
            if not state.unsettled:
                self.payment_flows.discard(flow)
            notice = outcome_notice(state, earlier=earlier)
            if notice is not None:
                title, message, severity = notice
                self.notify(message, title=title, severity=severity, timeout=20)
            self.money_moved()

        stop = flow.subscribe(heard)
        if not flow.state.busy and flow.state.phase != Phase.IDLE:
            heard(flow.state)

    def unsettled_flows(self) -> list[PaymentFlow]:
        return [flow for flow in self.payment_flows if flow.state.unsettled]

    async def action_quit(self) -> None:
        """ctrl+q: with a payment whose outcome is still unknown, ask first."""
        if not self.unsettled_flows():
            self.exit()
            return
        from miclaro_tui.screens.quit_dialog import QuitDialog

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        if not isinstance(self.screen, QuitDialog):
            self.push_screen(QuitDialog(), answered)
