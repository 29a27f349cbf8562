"""Fault injection for the payment client: a transport that breaks attempts in planned ways, a
minimal but honest idempotent payment server, the real sandbox as a second server, and the
money-safety check both run under.

The check, for one intent (one press of "Pay", one key): the server ends with exactly the
payments the client's outcome says (approved: one charge; declined: none; unknown: whatever
``reconcile`` then reports, which must agree with the server), never a second one, and the
journal ends resolved.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, Protocol

import httpx
from pydantic import SecretStr

from miclaro_tui import api
from miclaro_tui.client import BillingClient
from miclaro_tui.client.paths import PAYMENT
from miclaro_tui.journal import Journal
from miclaro_tui.models import (
    CardCreate,
    CardPayment,
    Money,
    PaymentCreate,
    PaymentItem,
    Ref,
)

PAYMENTS = f"{PAYMENT}/payment"
BASE = "http://127.0.0.1"

Fault = Literal["ok", "drop_before", "drop_after", "500", "503", "429", "truncated", "slow"]
FAULTS: tuple[Fault, ...] = (
    "ok",
    "drop_before",
    "drop_after",
    "500",
    "503",
    "429",
    "truncated",
    "slow",
)
CHARGED = frozenset({"done", "pendingAuthorization", "authorized", "captured"})


class Crash(BaseException):
    """The process dies: nothing in the client catches this."""


async def no_sleep(seconds: float) -> None:
    await asyncio.sleep(0)


def error(status: int, code: str, **headers: str) -> httpx.Response:
    body = {"code": code, "reason": code, "message": code, "status": status}
    return httpx.Response(status, json=body, headers=headers)


class FaultTransport(httpx.AsyncBaseTransport):
    """Wraps a real transport; each POST /payment attempt takes the next fault of ``plan``
    (then "ok"). Other requests pass untouched: reconciling sees the server as it is.

    drop_before: connection refused, the server sees nothing. drop_after: the server does
    the work, the answer is lost (connection reset). 500: the server did the work and then
    failed. 503 and 429: refused before any work, with a Retry-After of 0 s (the client
    retries) and of 1 s (past the tests' deadline: the client reports it at once).
    truncated: the work is done, half the answer arrives. slow: the work is done, the
    answer comes after the deadline. crash: the work is done and the client process dies."""

    def __init__(
        self, inner: httpx.AsyncBaseTransport, plan: Iterable[str] = (), slow: float = 5.0
    ) -> None:
        self.inner = inner
        self.plan = list(plan)
        self.slow = slow
        self.applied: list[str] = []
        self._server_work: set[asyncio.Task[Any]] = set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not (request.method == "POST" and request.url.path == PAYMENTS):
            return await self.inner.handle_async_request(request)
        fault = self.plan.pop(0) if self.plan else "ok"
        self.applied.append(fault)
        if fault == "drop_before":
            raise httpx.ConnectError("injected: connection refused", request=request)
        if fault == "503":
            return error(503, "unavailable", **{"Retry-After": "0"})
        if fault == "429":
            return error(429, "tooManyRequests", **{"Retry-After": "1"})
        # A server does not stop working because its client gave up: shielded.
        work = asyncio.ensure_future(self._forward(request))
        self._server_work.add(work)
        work.add_done_callback(self._server_work.discard)
        status, headers, content = await asyncio.shield(work)
        if fault == "drop_after":
            raise httpx.ReadError("injected: connection reset by peer", request=request)
        if fault == "crash":
            raise Crash()
        if fault == "500":
            return error(500, "internalError")
        if fault == "truncated":
            content = content[: len(content) // 2]
        if fault == "slow":
            await asyncio.sleep(self.slow)
        return httpx.Response(status, headers=headers, content=content)

    async def _forward(self, request: httpx.Request) -> tuple[int, list, bytes]:
        response = await self.inner.handle_async_request(request)
        content = await response.aread()
        await response.aclose()
        headers = [
            (k, v)
            for k, v in response.headers.multi_items()
            if k.lower() not in ("content-length", "transfer-encoding")
        ]
        return response.status_code, headers, content

    async def drained(self) -> None:
        """Wait until the server has finished everything it received."""
        while self._server_work:
            await asyncio.gather(*self._server_work, return_exceptions=True)

    async def aclose(self) -> None:
        await self.drained()
        await self.inner.aclose()


ABANDONED = "abandoned"


class PaymentServer:
    """A minimal but honest idempotent payment server (an ``httpx.MockTransport`` handler):
    the first answer per key is stored and replayed for the same body, another body gets
    422 idempotencyKeyReuse, a key still being worked on gets 409 requestInProgress. Card
    token "tok_decline" is declined (recorded as a denied payment, like the sandbox)."""

    def __init__(self) -> None:
        self.answers: dict[str, tuple[str, int, Any]] = {}
        self.in_flight: set[str] = set()
        self.payments: list[dict[str, Any]] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == PAYMENTS and request.method == "POST":
            return await self._pay(request)
        if request.url.path == f"{PAYMENT}/abandonedPayment" and request.method == "POST":
            return self._abandon(json.loads(request.content)["correlatorId"])
        if request.url.path == PAYMENTS and request.method == "GET":
            key = request.url.params.get("correlatorId")
            found = [p for p in self.payments if key is None or p["correlatorId"] == key]
            return httpx.Response(200, json=found, headers={"X-Total-Count": str(len(found))})
        return error(404, "notFound")

    def _abandon(self, key: str) -> httpx.Response:
        """The key makes nothing from now on, unless it already made a payment (409)."""
        if key in self.in_flight:
            return error(409, "requestInProgress", **{"Retry-After": "1"})
        if key in self.answers and 200 <= self.answers[key][1] < 300:
            return error(409, "paymentExists")
        if key not in self.answers:
            self.answers[key] = (ABANDONED, 409, error(409, "paymentAbandoned").json())
        return httpx.Response(200, json={"correlatorId": key, "state": "abandoned"})

    async def _pay(self, request: httpx.Request) -> httpx.Response:
        key = request.headers.get("Idempotency-Key", "")
        body = json.loads(request.content)
        if body.get("correlatorId") != key:
            return error(422, "idempotencyKeyMismatch")
        digest = hashlib.sha256(request.content).hexdigest()
        if key in self.in_flight:
            return error(409, "requestInProgress", **{"Retry-After": "1"})
        if key in self.answers:
            first, status, answer = self.answers[key]
            if first == ABANDONED:
                return httpx.Response(status, json=answer)
            if first != digest:
                return error(422, "idempotencyKeyReuse")
            return httpx.Response(status, json=answer)
        self.in_flight.add(key)
        try:
            await asyncio.sleep(0)  # a concurrent request with this key sees it in flight
            declined = body["paymentMethod"]["id"] == "tok_decline"
            payment = {
                "id": f"PAY{len(self.payments) + 1:05d}",
                "correlatorId": key,
                "status": "denied" if declined else "done",
                "statusDate": "2026-11-25T10:00:00Z",
                "paymentDate": "2026-11-25T10:00:00Z",
                "account": body["account"],
                "amount": body["amount"],
                "paymentItem": body["paymentItem"],
                "paymentMethod": {"@type": "tokenizedCard", "lastFourDigits": "1111"},
            }
            self.payments.append(payment)
            status, answer = 201, payment
            if declined:
                status, answer = 402, error(402, "insufficientFunds").json()
            self.answers[key] = (digest, status, answer)
        finally:
            self.in_flight.discard(key)
        return httpx.Response(status, json=answer)


# --- the two servers, behind one interface ----------------------------------------------------


class Backend(Protocol):
    timeout: float
    """The client's deadline: a "slow" answer costs this much real time."""

    def transport(self) -> httpx.AsyncBaseTransport: ...

    async def start(self, client: BillingClient) -> None:
        """Make the client ready to pay (sign in)."""

    async def finish(self, client: BillingClient) -> None: ...

    def intent(self, key: str, decline: bool) -> PaymentCreate: ...

    async def records(self, key: str) -> list[str]:
        """Statuses of the server's payments with this correlatorId."""

    async def count(self) -> int:
        """How many payments the server has (charged, pending or denied)."""


def create(
    key: str, token: str, account: str = "A1", bill: str = "B1", value: str = "1000"
) -> PaymentCreate:
    amount = Money(unit="COP", value=Decimal(value))
    return PaymentCreate(
        correlatorId=key,
        account=Ref(id=account),
        amount=amount,
        paymentItem=[PaymentItem(item=Ref(id=bill), amount=amount)],
        paymentMethod=CardPayment(id=token),
    )


class LocalBackend:
    timeout = 0.05

    def __init__(self) -> None:
        self.server = PaymentServer()

    def transport(self) -> httpx.AsyncBaseTransport:
        return httpx.MockTransport(self.server)

    async def start(self, client: BillingClient) -> None:
        pass

    async def finish(self, client: BillingClient) -> None:
        pass

    def intent(self, key: str, decline: bool) -> PaymentCreate:
        return create(key, "tok_decline" if decline else "tok_approve")

    async def records(self, key: str) -> list[str]:
        return [p["status"] for p in self.server.payments if p["correlatorId"] == key]

    async def count(self) -> int:
        return len(self.server.payments)


@dataclass
class SandboxBackend:
    """The real sandbox app over ``httpx.ASGITransport``: "camila" pays her overdue bill
    (a small part of it each time) with tokenised sandbox test cards."""

    app: Any
    timeout: float = 0.15
    refresh: SecretStr | None = None
    account: str = ""
    bill: str = ""
    approve: str = ""
    decline: str = ""
    _checker: httpx.AsyncClient | None = field(default=None, repr=False)

    def transport(self) -> httpx.AsyncBaseTransport:
        return httpx.ASGITransport(app=self.app)

    async def start(self, client: BillingClient) -> None:
        for _ in range(4):
            if self.refresh is None:
                await self._sign_in()
            assert self.refresh is not None
            try:
                # Signing in again would hash the password again: the refresh token is quicker.
                await client.resume(self.refresh)
                break
            except api.ApiConnectionError:
                # The test client's deadline is short and the machine may be busy: the token
                # may have been spent by an answer that came too late, so sign in anew.
                self.refresh = None
        else:
            await self._sign_in()
            await client.resume(self.refresh)  # type: ignore[arg-type]
        self.refresh = client.refresh_token
        assert client._access is not None
        self._checker = httpx.AsyncClient(
            transport=self.transport(),
            base_url=BASE,
            headers={"Authorization": f"Bearer {client._access.get_secret_value()}"},
        )

    async def _sign_in(self) -> None:
        # An ordinary deadline (the test client's is short) for hashing the password.
        first = BillingClient(BASE, transport=self.transport(), is_sandbox=True)
        await first.sign_in("camila", SecretStr("camila2026"))
        if not self.bill:
            await self._discover(first)
        self.refresh = first.refresh_token
        await first.aclose()

    async def finish(self, client: BillingClient) -> None:
        if self._checker is not None:
            await self._checker.aclose()
            self._checker = None

    async def _discover(self, client: BillingClient) -> None:
        accounts = [a for a in await client.list_billing_accounts() if a.country == "CO"]
        for account in accounts:
            bills = await client.list_bills(account.id)
            unpaid = [b for b in bills.items if b.state in ("new", "sent", "partiallyPaid")]
            if unpaid:
                self.account = account.id
                self.bill = min(unpaid, key=lambda b: b.paymentDueDate).id
                break
        assert self.bill, "camila has no unpaid bill"
        self.approve = (await client.tokenize_card(card("4111111111111111"))).id
        self.decline = (await client.tokenize_card(card("4000000000000002"))).id

    def intent(self, key: str, decline: bool) -> PaymentCreate:
        token = self.decline if decline else self.approve
        return create(key, token, self.account, self.bill, "100")

    async def records(self, key: str) -> list[str]:
        return [p["status"] for p in (await self._list({"correlatorId": key})).json()]

    async def count(self) -> int:
        return int((await self._list({"limit": 1})).headers["X-Total-Count"])

    async def _list(self, params: dict[str, Any]) -> httpx.Response:
        """Straight to the server, with the session of the client under test."""
        assert self._checker is not None
        response = await self._checker.get(PAYMENTS, params=params)
        assert response.status_code == 200, response.text
        return response


def card(number: str) -> CardCreate:
    return CardCreate(
        nameOnCard="CAMILA ROJAS", cardNumber=number, expirationDate="12/2030", cvv="123"
    )


def serves_payments(app: Any) -> bool:
    return "post" in app.openapi()["paths"].get(PAYMENTS, {})


# --- the check ------------------------------------------------------------------------------


def make_client(
    backend: Backend,
    transport: httpx.AsyncBaseTransport,
    journal: Journal,
    client_class: type = BillingClient,
) -> BillingClient:
    return client_class(
        BASE,
        transport=transport,
        journal=journal,
        sleep=no_sleep,
        backoff=0.001,  # retries fit in the short deadline (the sleeps are skipped anyway)
        timeout=backend.timeout,
        is_sandbox=True,
    )


async def reconcile(client: BillingClient, key: str) -> Any:
    """``client.reconcile``, tried again if the test's short deadline runs out (a GET)."""
    for _ in range(4):
        try:
            return await client.reconcile(key)
        except (api.ApiTimeoutError, api.ApiConnectionError):
            continue
    return await client.reconcile(key)


async def pay_and_check(
    client: BillingClient,
    backend: Backend,
    transport: FaultTransport,
    journal: Journal,
    intent: PaymentCreate,
) -> tuple[str, list[str]]:
    """Pay once under the transport's fault plan; return the outcome and what went wrong."""
    key = intent.correlatorId
    before = await backend.count()
    try:
        paid = await client.pay(intent)
        outcome = "approved"
    except api.PaymentDeclinedError:
        paid, outcome = None, "declined"
    except api.OutcomeUnknownError as exc:
        paid, outcome = None, "unknown"
        assert exc.correlator_id == key
    except api.BillingError:
        paid, outcome = None, "refused"
    await transport.drained()

    problems: list[str] = []
    mine = await backend.records(key)
    added = await backend.count() - before
    charged = sum(status in CHARGED for status in mine)
    if added != len(mine):
        problems.append(
            f"{added} payments appeared for one intent ({outcome}), {len(mine)} with its key"
        )
    if len(mine) > 1 or charged > 1:
        problems.append(f"key {key} charged {charged} times ({mine})")

    if outcome == "unknown":
        reconciled = await reconcile(client, key)
        if (reconciled is not None and reconciled.status in CHARGED) != (charged == 1):
            problems.append(f"reconcile says {reconciled} but the server has {mine}")
    if outcome == "approved" and (charged != 1 or paid is None or paid.status not in CHARGED):
        problems.append(f"approved, but the server has {mine}")
    if outcome in ("declined", "refused") and charged:
        problems.append(f"{outcome}, but the server charged: {mine}")

    entry = journal.get(key)
    expected = {
        "approved": {"done", "pending"},
        "declined": {"denied"},
        "refused": {"notSent", "failed"},
        "unknown": {"done", "pending", "denied", "notSent"},
    }[outcome]
    if entry is None or entry.state not in expected:
        problems.append(f"{outcome}, but the journal says {entry}")
    if journal.unresolved() and not (entry is not None and entry.state == "pending"):
        problems.append(f"journal left unresolved: {journal.unresolved()}")
    return outcome, problems
