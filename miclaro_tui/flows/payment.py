"""The money path: one press of Pay, followed to an outcome, with no UI.

tokenise (cards) -> pay with one idempotency key per press -> follow a pending payment ->
reconcile an unknown outcome by its key -> the client settles the journal on every answer.
The flow's ``state`` is all a screen draws; listeners hear every change. Sleeping is
injected, so tests and the fault harness drive it without waiting on a clock.

Rules kept here, whatever the screen:
- One press, one key: a press while the flow is busy is ignored; a press after an unknown
  outcome asks the server about the same key again instead of paying anew.
- A lost connection is not "waiting for the bank": it is its own phase, checked again with
  backoff for as long as the flow runs (the app keeps it running when the screen closes).
- The bank's own wait is bounded (``bank_checks`` answers of "still pending"); after that the
  payment stays journaled as pending and is settled at the next sign-in.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, TypedDict, TypeVar, Unpack
from uuid import uuid4

from miclaro_tui.api import (
    ApiConnectionError,
    ApiTimeoutError,
    BadResponseError,
    BillingError,
    OutcomeUnknownError,
    PaymentDeclinedError,
    RateLimitError,
    ServerError,
)

if TYPE_CHECKING:
    from miclaro_tui.api import BillingApi
    from miclaro_tui.models import (
        CardCreate,
        Money,
        Payment,
        PaymentCreate,
        PaymentItem,
        Ref,
    )

log = logging.getLogger(__name__)
T = TypeVar("T")

APPROVED_STATUSES = frozenset({"done", "captured", "authorized"})


class Phase(StrEnum):
    IDLE = "idle"
    VALIDATING = "validating"
    """The card is being checked (tokenised): nothing can be charged yet."""
    SENDING = "sending"
    WAITING_FOR_BANK = "waitingForBank"
    CONNECTION_LOST = "connectionLost"
    """The server stopped answering after the payment may have reached it: still checking."""
    CONFIRMING = "confirming"
    """The answer to the payment was lost: asking the server about its key."""
    APPROVED = "approved"
    DECLINED = "declined"
    CANCELED = "canceled"
    NOT_SENT = "notSent"
    """Nothing was charged: refused before paying, or the payment never reached the server."""
    STILL_PENDING = "stillPending"
    """The bank has not answered within the wait: settled at the next sign-in."""
    UNKNOWN = "unknown"
    """Could not confirm (the server refused to say, e.g. the session ended): never pay again;
    pressing Pay asks again, and the next sign-in settles it."""


IN_FLIGHT = frozenset(
    {
        Phase.VALIDATING,
        Phase.SENDING,
        Phase.WAITING_FOR_BANK,
        Phase.CONNECTION_LOST,
        Phase.CONFIRMING,
    }
)
FINISHED = frozenset({Phase.APPROVED, Phase.DECLINED, Phase.CANCELED, Phase.NOT_SENT})
UNSETTLED = IN_FLIGHT | {Phase.STILL_PENDING, Phase.UNKNOWN}
"""The outcome is not known yet: quitting now leaves it to the next sign-in."""

# Errors after which the server may answer again if asked later; anything else (a 401 after
# the session ended, a 403, a 404) will not change by asking again.
TRANSIENT_ERRORS = (
    ApiConnectionError,
    ApiTimeoutError,
    ServerError,
    RateLimitError,
    BadResponseError,
)


@dataclass(frozen=True)
class FlowState:
    phase: Phase = Phase.IDLE
    key: str | None = None
    """The idempotency key of this press (``correlatorId``)."""
    payment: Payment | None = None
    """The payment as the server last described it."""
    card: tuple[str, str] | None = None
    """(brand, last four digits) once the card is tokenised."""
    error: BillingError | None = None
    """Why the flow stopped or is retrying (a declined card, a lost connection...)."""
    checks: int = 0
    """How many times the server was asked in the current phase."""
    retry_in: float | None = None
    """Seconds to the next check while the connection is lost."""

    @property
    def busy(self) -> bool:
        return self.phase in IN_FLIGHT

    @property
    def unsettled(self) -> bool:
        return self.phase in UNSETTLED


@dataclass(frozen=True)
class PaymentOrder:
    """What is paid, whatever the method: the account, the amount and what it pays for."""

    account: Ref
    amount: Money
    items: tuple[PaymentItem, ...]

    def request(self, key: str, method: object) -> PaymentCreate:
        from miclaro_tui.models import PaymentCreate

        return PaymentCreate(
            correlatorId=key,
            account=self.account,
            amount=self.amount,
            paymentItem=list(self.items),
            paymentMethod=method,
        )


def bill_order(bill_ref: Ref, account: Ref, amount: Money) -> PaymentOrder:
    """An order paying ``amount`` of one bill."""
    from miclaro_tui.models import PaymentItem

    return PaymentOrder(
        account=account, amount=amount, items=(PaymentItem(item=bill_ref, amount=amount),)
    )


def topup_order(account: Ref, number: str, amount: Money) -> PaymentOrder:
    """An order topping up the prepaid line ``number`` (E.164) by ``amount``. A guest passes
    ``Ref(id=GUEST_ACCOUNT_ID)`` as the account."""
    from miclaro_tui.models import PaymentItem, Ref

    item = PaymentItem(item=Ref(id=number), amount=amount, itemType="topupBalance")
    return PaymentOrder(account=account, amount=amount, items=(item,))


class _Changes(TypedDict, total=False):
    """The fields of ``FlowState`` one change may set."""

    phase: Phase
    key: str | None
    payment: Payment | None
    card: tuple[str, str] | None
    error: BillingError | None
    checks: int
    retry_in: float | None


Listener = Callable[[FlowState], None]


class PaymentFlow:
    """One payment intent at a time, and what became of it."""

    def __init__(
        self,
        api: BillingApi,
        *,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        new_key: Callable[[], str] = lambda: uuid4().hex,
        poll_pause: float = 1.0,
        bank_checks: int = 120,
        backoff_max: float = 30.0,
    ) -> None:
        self.api = api
        self._sleep = sleep
        self._new_key = new_key
        self.poll_pause = poll_pause
        self.bank_checks = bank_checks
        self.backoff_max = backoff_max
        self.state = FlowState()
        self.intents: list[str] = []
        """Every key this flow used: one per press that could send something."""
        self._listeners: list[Listener] = []

    # --- observing ---------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """``listener(state)`` on every change; returns the function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _set(self, **changes: Unpack[_Changes]) -> FlowState:
        self.state = replace(self.state, **changes)
        for listener in list(self._listeners):
            try:
                listener(self.state)
            except Exception:  # a view that fails to draw must not cut a payment in half
                log.exception("a payment flow listener failed")
        return self.state

    # --- one press ---------------------------------------------------------------------

    def _press(self) -> str | None:
        """A new key for this press, or None when the press must not start a payment."""
        if self.state.busy or self.state.phase == Phase.APPROVED:
            return None
        key = self._new_key()
        self.intents.append(key)
        return key

    async def pay_card(self, order: PaymentOrder, card: CardCreate) -> FlowState:
        """Tokenise the card, then pay with its token. The caller wipes the card's number
        and CVV from its widgets as soon as it has built ``card``."""
        from miclaro_tui.models import CardPayment

        if self.state.phase in (Phase.UNKNOWN, Phase.STILL_PENDING):
            return await self.confirm()
        key = self._press()
        if key is None:
            return self.state
        self._set(
            phase=Phase.VALIDATING,
            key=key,
            payment=None,
            card=None,
            error=None,
            checks=0,
            retry_in=None,
        )
        try:
            token = await self.api.tokenize_card(card)
        except BillingError as error:
            return self._set(phase=Phase.NOT_SENT, error=error)
        self._set(card=(token.brand, token.lastFourDigits))
        return await self._send(order.request(key, CardPayment(id=token.id)))

    async def pay(self, order: PaymentOrder, method: object) -> FlowState:
        """Pay with a method that needs no tokenising: a bank transfer (PSE, which then
        waits for the customer at their bank), a token already made, cash at a kiosk."""
        if self.state.phase in (Phase.UNKNOWN, Phase.STILL_PENDING):
            return await self.confirm()
        key = self._press()
        if key is None:
            return self.state
        self._set(
            phase=Phase.SENDING,
            key=key,
            payment=None,
            card=None,
            error=None,
            checks=0,
            retry_in=None,
        )
        return await self._send(order.request(key, method))

    async def _send(self, request: PaymentCreate) -> FlowState:
        self._set(phase=Phase.SENDING)
        try:
            payment = await self.api.pay(request)
        except PaymentDeclinedError as error:
            return self._set(phase=Phase.DECLINED, error=error)
        except OutcomeUnknownError:
            return await self.confirm()
        except BillingError as error:  # refused, or never delivered: nothing was charged
            return self._set(phase=Phase.NOT_SENT, error=error)
        return await self._follow(payment)

    # --- an unknown outcome --------------------------------------------------------------

    async def confirm(self) -> FlowState:
        """Ask the server what became of this flow's key, then follow the payment."""
        key = self.state.key
        if key is None:
            return self.state
        self._set(phase=Phase.CONFIRMING, error=None, checks=0, retry_in=None)
        payment = await self._ask(lambda: self.api.reconcile(key), Phase.CONFIRMING)
        if isinstance(payment, FlowState):
            return payment
        if payment is None:
            return self._set(phase=Phase.NOT_SENT, payment=None, error=None)
        return await self._follow(payment)

    async def resume(self, key: str) -> FlowState:
        """Take over a payment an earlier run left unsettled (from the journal)."""
        self._set(phase=Phase.CONFIRMING, key=key, payment=None, error=None, checks=0)
        return await self.confirm()

    # --- following a pending payment -----------------------------------------------------

    async def _follow(self, payment: Payment) -> FlowState:
        pending_answers = 0
        while True:
            if payment.status in APPROVED_STATUSES:
                return self._set(phase=Phase.APPROVED, payment=payment, error=None, retry_in=None)
            if payment.status == "canceled":
                return self._set(phase=Phase.CANCELED, payment=payment, error=None, retry_in=None)
            if payment.is_final:
                return self._set(phase=Phase.DECLINED, payment=payment, error=None, retry_in=None)
            if pending_answers >= self.bank_checks:
                return self._set(phase=Phase.STILL_PENDING, payment=payment, retry_in=None)
            pending_answers += 1
            self._set(
                phase=Phase.WAITING_FOR_BANK,
                payment=payment,
                error=None,
                checks=pending_answers,
                retry_in=None,
            )
            await self._sleep(self.poll_pause)
            current = payment
            answer = await self._ask(
                lambda: self.api.get_payment(current.id), Phase.WAITING_FOR_BANK
            )
            if isinstance(answer, FlowState):
                return answer
            payment = answer

    async def _ask(self, question: Callable[[], Awaitable[T]], phase: Phase) -> T | FlowState:
        """The server's answer to ``question``; while it cannot be reached, the flow is in
        CONNECTION_LOST and asks again with backoff. A FlowState is returned when the server
        answered with a refusal that asking again will not change (UNKNOWN)."""
        delay = self.poll_pause
        checks = 0
        while True:
            checks += 1
            try:
                answer = await question()
            except TRANSIENT_ERRORS as error:
                self._set(phase=Phase.CONNECTION_LOST, error=error, checks=checks, retry_in=delay)
                await self._sleep(delay)
                delay = min(delay * 2, self.backoff_max)
                continue
            except BillingError as error:
                return self._set(phase=Phase.UNKNOWN, error=error, retry_in=None)
            if self.state.phase == Phase.CONNECTION_LOST:
                self._set(phase=phase, error=None, retry_in=None)
            return answer

    # --- PSE: the customer may cancel while it is pending ---------------------------------

    async def cancel(self) -> FlowState:
        """Cancel a payment still waiting for the customer's bank."""
        payment = self.state.payment
        if payment is None or payment.is_final:
            return self.state
        try:
            canceled = await self.api.cancel_payment(payment.id)
        except BillingError as error:
            return self._set(error=error)
        if canceled.status == "canceled":
            return self._set(phase=Phase.CANCELED, payment=canceled, error=None)
        return self._set(payment=canceled)
