"""Paying, and never paying twice: the journal, the double press, reconciling by key; and the
rest of the payment side (cards, PSE banks, receipts, reports, promises).

See DESIGN.md section 4: a payment is journaled before it leaves, goes out under its
``correlatorId`` as Idempotency-Key, and an outcome lost on the way is ``OutcomeUnknownError``
until ``reconcile`` asks the server by that key.
"""

from __future__ import annotations

import asyncio
import functools

from miclaro_tui.api import (
    ApiStatusError,
    BillingError,
    OutcomeUnknownError,
    Page,
    PaymentDeclinedError,
    ValidationError,
)
from miclaro_tui.client import decode
from miclaro_tui.client.paths import PAYMENT, PAYMENT_METHOD, segment
from miclaro_tui.client.retry import IN_PROGRESS
from miclaro_tui.client.session import Session, SignedIn
from miclaro_tui.client.transport import Delivery, Transport, new_idempotency_key
from miclaro_tui.journal import Journal, JournalState, KeyReuseError, digest_of
from miclaro_tui.models import (
    Bank,
    CardCreate,
    Payment,
    PaymentAbandon,
    PaymentCreate,
    PaymentPromise,
    PaymentPromiseCreate,
    PaymentReport,
    PaymentReportCreate,
    TokenizedCard,
)

PAYMENTS = f"{PAYMENT}/payment"
PAYMENT_EXISTS = "paymentExists"
"""409 code of POST /abandonedPayment: a payment was made under the key after all."""


def payment_state(payment: Payment) -> JournalState:
    if payment.status == "done":
        return "done"
    if payment.status in ("denied", "failed"):
        return "denied"
    if payment.status == "canceled":
        return "canceled"
    return "pending"  # pendingAuthorization (PSE), authorized, captured: not final yet


def failed_state(exc: BillingError, delivery: Delivery) -> JournalState:
    """What a payment request that ended in ``exc`` tells about the payment."""
    if isinstance(exc, PaymentDeclinedError):
        return "denied"  # the card's answer: the server replays it for this key
    if (
        isinstance(exc, ApiStatusError)
        and 400 <= exc.status < 500
        and exc.status not in (401, 408, 429)
        and not (exc.status == 409 and exc.code in ("", IN_PROGRESS))
        and not delivery.reached_before_last
    ):
        # Refused as asked. After an earlier attempt that may have charged, a refusal (such
        # as "bill already settled") may be the consequence of that charge: unknown, then.
        return "failed"
    return "unknown" if delivery.maybe_reached else "notSent"


def _key_reuse(key: str) -> ValidationError:
    return ValidationError(
        f"the payment key {key} was already used for a different payment",
        code="idempotencyKeyReuse",
        field="correlatorId",
    )


class Payments(SignedIn):
    """With a ``journal``, every payment is written to it before it is sent and settled when
    its outcome is known; ``reconcile_journal()`` after signing in settles what a crash or a
    lost answer left open."""

    def __init__(self, transport: Transport, session: Session, journal: Journal | None) -> None:
        super().__init__(transport, session)
        self._journal = journal
        # key -> (body digest, the request on its way): a double press joins it
        self._paying: dict[str, tuple[str, asyncio.Future[Payment]]] = {}

    # --- payment methods -------------------------------------------------------------------

    async def tokenize_card(self, card: CardCreate) -> TokenizedCard:
        # Sent once, without a key: the server does not replay tokenisations by key, and a
        # repeat would send the card number again for a second token. Only the masked repr
        # of ``card`` and a SecretStr of its JSON ever sit in a frame.
        response = await self._post(f"{PAYMENT_METHOD}/paymentMethod", card, idempotency_key=None)
        return decode.parse(response, TokenizedCard)

    async def list_pse_banks(self) -> list[Bank]:
        return decode.parse_list(await self._get("/pse/bank"), Bank)

    # --- paying ----------------------------------------------------------------------------

    async def pay(self, payment: PaymentCreate) -> Payment:
        """POST /payment, journaled first. A second call with the same key while the first is
        on its way (a double press) waits for the same answer instead of sending again."""
        key = payment.correlatorId
        digest = digest_of(payment)
        flight = self._paying.get(key)
        if flight is None:
            flight = (digest, asyncio.ensure_future(self._pay(payment, digest)))
            self._paying[key] = flight
            flight[1].add_done_callback(functools.partial(self._landed, key))
        elif flight[0] != digest:
            raise _key_reuse(key)
        # Shielded: a caller going away (a cancelled worker) must not cut a payment in half;
        # it runs on and journals its outcome.
        return await asyncio.shield(flight[1])

    def _landed(self, key: str, flight: asyncio.Future[Payment]) -> None:
        self._paying.pop(key, None)
        if not flight.cancelled():
            flight.exception()  # retrieved: its callers may all have gone away

    async def _pay(self, payment: PaymentCreate, digest: str) -> Payment:
        key = payment.correlatorId
        if self._journal is not None:
            try:
                await asyncio.to_thread(
                    self._journal.begin, key, "payment", digest, owner=self._session.username
                )
            except KeyReuseError:
                raise _key_reuse(key) from None
        delivery = Delivery()
        try:
            response = await self._post(PAYMENTS, payment, idempotency_key=key, delivery=delivery)
            result = decode.parse(response, Payment)
            if result.correlatorId != key:
                raise decode.bad_response(response, "the answer is about another payment")
        except BillingError as exc:
            state = failed_state(exc, delivery)
            await self._settle(key, state)
            if state == "unknown":
                raise OutcomeUnknownError(key, exc) from exc
            raise
        await self._settle(key, payment_state(result), result.id)
        return result

    async def _settle(
        self,
        key: str,
        state: JournalState,
        payment_id: str | None = None,
        *,
        only_unresolved: bool = False,
    ) -> None:
        if self._journal is not None:
            await asyncio.to_thread(
                self._journal.settle, key, state, payment_id, only_unresolved=only_unresolved
            )

    # --- reconciling -----------------------------------------------------------------------

    async def reconcile(self, correlator_id: str) -> Payment | None:
        """Ask the server for the payment made with this key. None means nothing was charged
        and nothing will be: the key was not found, then abandoned on the server, so a request
        under it still on its way (held in a proxy, queued in the server) makes nothing when
        it lands. The journal then says notSent, and paying again (with a new key) is safe."""
        flight = self._paying.get(correlator_id)
        if flight is not None:  # our own request is still on its way: wait for its end
            await asyncio.wait([flight[1]])
        payment = await self._find(correlator_id)
        if payment is None:
            try:
                await self._post(
                    f"{PAYMENT}/abandonedPayment",
                    PaymentAbandon(correlatorId=correlator_id),
                    idempotency_key=correlator_id,  # retried while the key is in progress
                )
            except ApiStatusError as exc:
                if exc.code != PAYMENT_EXISTS:
                    raise
                payment = await self._find(correlator_id)  # it landed after all: read it
                if payment is None:
                    raise
            else:
                await self._settle(correlator_id, "notSent", only_unresolved=True)
                return None
        await self._settle(correlator_id, payment_state(payment), payment.id)
        return payment

    async def _find(self, correlator_id: str) -> Payment | None:
        response = await self._get(PAYMENTS, {"correlatorId": correlator_id})
        found = [p for p in decode.parse_list(response, Payment) if p.correlatorId == correlator_id]
        return found[0] if found else None

    async def reconcile_journal(self) -> list[Payment]:
        """Settle every journaled payment of the signed-in user still pending or unknown (call
        it after signing in). A BillingError leaves the rest unresolved for the next time."""
        found: list[Payment] = []
        for key in await self.unsettled_payment_keys():
            payment = await self.reconcile(key)
            if payment is not None:
                found.append(payment)
        return found

    async def unsettled_payment_keys(self) -> list[str]:
        if self._journal is None:
            return []
        entries = await asyncio.to_thread(self._journal.unresolved)
        # Another login's payments are invisible to this one: they wait for their owner.
        mine = (None, self._session.username)
        return [e.key for e in entries if e.operation == "payment" and e.owner in mine]

    # --- one payment, and the account's list -----------------------------------------------

    async def get_payment(self, payment_id: str) -> Payment:
        payment = decode.parse(await self._get(f"{PAYMENTS}/{segment(payment_id)}"), Payment)
        await self._settle(payment.correlatorId, payment_state(payment), payment.id)
        return payment

    async def cancel_payment(self, payment_id: str) -> Payment:
        response = await self._post(
            f"{PAYMENTS}/{segment(payment_id)}/cancel", idempotency_key=new_idempotency_key()
        )
        payment = decode.parse(response, Payment)
        await self._settle(payment.correlatorId, payment_state(payment), payment.id)
        return payment

    async def list_payments(
        self, account_id: str, offset: int = 0, limit: int = 50
    ) -> Page[Payment]:
        params = {"account.id": account_id, "offset": offset, "limit": limit}
        return decode.page(await self._get(PAYMENTS, params), Payment, offset, limit)

    async def download_receipt(self, payment_id: str) -> bytes:
        path = f"{PAYMENTS}/{segment(payment_id)}/receipt"
        return decode.pdf(await self._get(path, accept="application/pdf"), "receipt")

    # --- paid elsewhere, or to be paid -------------------------------------------------------

    async def report_payment(self, report: PaymentReportCreate) -> PaymentReport:
        response = await self._post(
            f"{PAYMENT}/paymentReport", report, idempotency_key=new_idempotency_key()
        )
        return decode.parse(response, PaymentReport)

    async def promise_payment(self, promise: PaymentPromiseCreate) -> PaymentPromise:
        response = await self._post(
            f"{PAYMENT}/paymentPromise", promise, idempotency_key=new_idempotency_key()
        )
        return decode.parse(response, PaymentPromise)
