"""``BillingClient``: the ``BillingApi`` over HTTP (httpx), with retries and token refresh.

Secrets are held in pydantic ``SecretStr`` and only unwrapped inline where a request is built,
so no frame local, repr or exception message of this module holds a password or a token (a
crash screen that prints locals prints ``**********``).
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import json
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
import pydantic
from pydantic import BaseModel, SecretStr

from miclaro_tui.api import (
    AccountLockedError,
    ApiConnectionError,
    ApiStatusError,
    ApiTimeoutError,
    AuthenticationError,
    BadResponseError,
    BillingError,
    ConflictError,
    NotFoundError,
    OutcomeUnknownError,
    Page,
    PaymentDeclinedError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    SessionExpiredError,
    ValidationError,
)
from miclaro_tui.i18n import _
from miclaro_tui.journal import Journal, JournalState, KeyReuseError, digest_of
from miclaro_tui.models import (
    ApiError,
    AppliedCustomerBillingRate,
    Bank,
    BillingAccount,
    BillSendRequest,
    BillSendResult,
    CardCreate,
    CustomerBill,
    Payment,
    PaymentCreate,
    PaymentPromise,
    PaymentPromiseCreate,
    PaymentReport,
    PaymentReportCreate,
    RefreshRequest,
    TokenizedCard,
    TokenRequest,
    TokenResponse,
)

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

ACCOUNT = "/tmf-api/accountManagement/v4"
BILLING = "/tmf-api/customerBillManagement/v4"
PAYMENT = "/tmf-api/paymentManagement/v4"
PAYMENT_METHOD = "/tmf-api/paymentMethods/v4"

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_STATUS_ERRORS: dict[int, type[ApiStatusError]] = {
    401: SessionExpiredError,  # on an authenticated call; /auth/token says AuthenticationError
    402: PaymentDeclinedError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: ValidationError,
    429: RateLimitError,
}


# Failures proving that nothing of the attempt reached the server.
_NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Answers refusing an attempt before acting on it.
_REFUSED_STATUSES = frozenset({401, 429})


@dataclass
class _Delivery:
    """What the attempts of one request tell about whether the server may have acted on it."""

    reached: list[bool] = field(default_factory=list)  # per attempt
    sending: bool = False  # an attempt was cut off (deadline, cancel) while on its way

    def record(self, reached: bool) -> None:
        self.sending = False
        self.reached.append(reached)

    @property
    def maybe_reached(self) -> bool:
        return self.sending or any(self.reached)

    @property
    def reached_before_last(self) -> bool:
        return any(self.reached[:-1])


def _check_base_url(base_url: str) -> httpx.URL:
    url = httpx.URL(base_url)
    if url.scheme == "https":
        return url
    if url.scheme == "http" and _is_loopback(url.host):
        return url
    if url.scheme == "http":
        raise ValueError(
            _(
                "plain http:// to {host} is refused: use https:// (plain http is allowed "
                "only to this computer: 127.0.0.1, ::1, localhost)"
            ).format(host=url.host)
        )
    raise ValueError(_("{url} is not a server address: use https://").format(url=base_url))


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds from ``Retry-After`` (delta-seconds or an HTTP-date), or None."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        when = _http_date(value)
    if when is None:
        return None
    # Measured against the server's own Date when it sent one: immune to our clock's skew.
    now = _http_date(response.headers.get("Date", "")) or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


def _http_date(value: str) -> datetime | None:
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)  # "-0000" parses naive


def _error_body(response: httpx.Response) -> ApiError | None:
    try:
        return ApiError.model_validate_json(response.content)
    except (pydantic.ValidationError, ValueError):
        return None  # garbage error body: the status alone decides


def _in_progress(request: httpx.Request, response: httpx.Response) -> bool:
    """409: the server is still working on this Idempotency-Key (an earlier attempt of ours,
    or a double press): retrying gets its answer once it is done."""
    if response.status_code != 409 or "Idempotency-Key" not in request.headers:
        return False
    body = _error_body(response)
    return body is not None and body.code == "requestInProgress"


def _status_error(response: httpx.Response, *, signing_in: bool) -> ApiStatusError:
    status = response.status_code
    body = _error_body(response)
    code = body.code if body else ""
    if status == 401 and signing_in:
        cls: type[ApiStatusError] = AuthenticationError
    elif status == 403 and code == "accountLocked":
        cls = AccountLockedError
    elif status >= 500:
        cls = ServerError
    else:
        cls = _STATUS_ERRORS.get(status, ApiStatusError)
    return cls(
        body.message if body else response.reason_phrase,
        status=status,
        code=code,
        reason=body.reason if body else response.reason_phrase,
        field=body.field if body else None,
        retry_after=_retry_after(response),
    )


def _transport_error(exc: httpx.TransportError) -> ApiConnectionError | ApiTimeoutError:
    if isinstance(exc, httpx.TimeoutException):
        return ApiTimeoutError(f"{type(exc).__name__}: the server did not answer in time")
    return ApiConnectionError(f"{type(exc).__name__}: {exc}")


def _load_json(response: httpx.Response) -> Any:
    # Floats as Decimal so 0.1 stays 0.1 on its way into Money.
    return json.loads(response.text, parse_float=Decimal)


def _parse(response: httpx.Response, model: type[M]) -> M:
    try:
        return model.model_validate(_load_json(response))
    except ValueError as exc:  # JSONDecodeError and pydantic.ValidationError alike
        raise BadResponseError(_describe(model.__name__, exc)) from None


def _parse_list(response: httpx.Response, model: type[M]) -> list[M]:
    try:
        return _list_of(model).validate_python(_load_json(response))
    except ValueError as exc:
        raise BadResponseError(_describe(f"list[{model.__name__}]", exc)) from None


@functools.cache
def _list_of(model: type[M]) -> pydantic.TypeAdapter[list[M]]:
    return pydantic.TypeAdapter(list[model])  # type: ignore[valid-type]


def _describe(what: str, exc: ValueError) -> str:
    # Never str(exc) of a pydantic error: it quotes the input, which may hold tokens.
    if isinstance(exc, pydantic.ValidationError):
        where = ", ".join(".".join(map(str, e["loc"])) or "(root)" for e in exc.errors()[:5])
        return f"the answer is not a valid {what} (bad fields: {where})"
    return f"the answer is not JSON (expected {what})"


def _page(response: httpx.Response, model: type[M], offset: int, limit: int) -> Page[M]:
    items = _parse_list(response, model)
    total_header = response.headers.get("X-Total-Count")
    try:
        total = int(total_header) if total_header is not None else offset + len(items)
    except ValueError:
        raise BadResponseError(f"X-Total-Count is not a number: {total_header!r}") from None
    return Page(items=items, total=total, offset=offset, limit=limit)


def _payment_state(payment: Payment) -> JournalState:
    if payment.status == "done":
        return "done"
    if payment.status in ("denied", "failed"):
        return "denied"
    if payment.status == "canceled":
        return "canceled"
    return "pending"  # pendingAuthorization (PSE), authorized, captured: not final yet


def _failed_state(exc: BillingError, delivery: _Delivery) -> JournalState:
    """What a payment request that ended in ``exc`` tells about the payment."""
    if isinstance(exc, PaymentDeclinedError):
        return "denied"  # the card's answer: the server replays it for this key
    if (
        isinstance(exc, ApiStatusError)
        and 400 <= exc.status < 500
        and exc.status not in (401, 408, 429)
        and not (exc.status == 409 and exc.code in ("", "requestInProgress"))
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


def _path(*parts: str) -> str:
    # Ids come from the server or the user: never let one add path segments.
    return "/".join(quote(part, safe="") for part in parts)


class BillingClient:
    """The billing API over ``httpx.AsyncClient``. Every method may raise a ``BillingError``.

    With a ``journal``, every payment is written to it before it is sent and settled when its
    outcome is known; call ``reconcile_journal()`` after signing in to settle what a crash or
    a lost answer left open."""

    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 15.0,
        is_sandbox: bool = False,
        max_attempts: int = 4,
        backoff: float = 0.25,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        rng: random.Random | None = None,
        journal: Journal | None = None,
    ) -> None:
        url = _check_base_url(base_url)
        self._host = url.host if url.port is None else f"{url.host}:{url.port}"
        self._http = httpx.AsyncClient(
            base_url=url, transport=transport, timeout=timeout, verify=True
        )
        self._timeout = timeout
        self._is_sandbox = is_sandbox
        self._max_attempts = max(1, max_attempts)
        self._backoff = backoff
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._username: str | None = None
        self._access: SecretStr | None = None
        self._refresh: SecretStr | None = None
        self._generation = 0  # bumped whenever the tokens change
        self._refresh_lock = asyncio.Lock()
        self._journal = journal
        # key -> (body digest, the request on its way): a double press joins it
        self._paying: dict[str, tuple[str, asyncio.Future[Payment]]] = {}
        self.on_tokens: Callable[[str, SecretStr], None] | None = None
        """Told (login, refresh token) whenever the tokens change: refresh tokens rotate,
        so a remembered one must be stored again."""

    def __repr__(self) -> str:
        state = "signed in" if self._access else "signed out"
        return f"<BillingClient {self._host} {self._username or '-'} ({state})>"

    # --- session ---------------------------------------------------------------------------

    @property
    def is_sandbox(self) -> bool:
        return self._is_sandbox

    @property
    def host(self) -> str:
        return self._host

    @property
    def username(self) -> str | None:
        return self._username

    @property
    def refresh_token(self) -> SecretStr | None:
        return self._refresh

    async def sign_in(self, username: str, password: SecretStr) -> None:
        try:
            body = SecretStr(
                TokenRequest(
                    username=username, password=password.get_secret_value()
                ).model_dump_json()
            )
        except pydantic.ValidationError as exc:
            field = str(exc.errors()[0]["loc"][0])
            raise ValidationError(f"{field} is required", field=field) from None
        response = await self._request("POST", "/auth/token", body=body, authenticated=False)
        self._set_tokens(_parse(response, TokenResponse))

    async def resume(self, refresh_token: SecretStr) -> None:
        await self._refresh_with(refresh_token)

    async def sign_out(self) -> None:
        token = self._refresh
        self._clear_tokens()
        self._username = None
        if token is None:
            return
        body = SecretStr(RefreshRequest(refresh_token=token.get_secret_value()).model_dump_json())
        try:
            await self._request("POST", "/auth/logout", body=body, authenticated=False)
        except BillingError as exc:  # signing out locally must always work
            log.info("logout call failed (%s); tokens cleared anyway", type(exc).__name__)

    async def aclose(self) -> None:
        await self._http.aclose()

    def _set_tokens(self, tokens: TokenResponse) -> None:
        self._access = SecretStr(tokens.access_token)
        self._refresh = SecretStr(tokens.refresh_token)
        self._username = tokens.username
        self._generation += 1
        if self.on_tokens is not None:
            self.on_tokens(tokens.username, self._refresh)

    def _clear_tokens(self) -> None:
        self._access = self._refresh = None
        self._generation += 1

    async def _refresh_with(self, refresh_token: SecretStr) -> None:
        body = SecretStr(
            RefreshRequest(refresh_token=refresh_token.get_secret_value()).model_dump_json()
        )
        try:
            response = await self._request("POST", "/auth/refresh", body=body, authenticated=False)
        except ApiStatusError as exc:
            if exc.retryable:  # 429, 5xx: the token may still be good
                raise
            self._clear_tokens()
            if isinstance(exc, SessionExpiredError):
                raise
            raise SessionExpiredError(exc.message, status=exc.status, code=exc.code) from None
        self._set_tokens(_parse(response, TokenResponse))

    async def _refresh_after_401(self, generation: int) -> None:
        """Single flight: the first request to see a 401 refreshes; the others wait for it
        and replay with the new token."""
        async with self._refresh_lock:
            if self._generation != generation:
                if self._access is None:
                    raise SessionExpiredError("signed out or the refresh was refused")
                return  # someone else already refreshed
            if self._refresh is None:
                self._clear_tokens()
                raise SessionExpiredError("no refresh token")
            await self._refresh_with(self._refresh)

    # --- transport -------------------------------------------------------------------------

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: SecretStr | BaseModel | None = None,
        authenticated: bool = True,
        idempotency_key: str | None = None,
        accept: str = "application/json",
        delivery: _Delivery | None = None,
    ) -> httpx.Response:
        """Send with retries under one deadline; on an authenticated call a 401 refreshes the
        tokens once and replays. Returns a 2xx response or raises a ``BillingError``.

        Only GETs and POSTs carrying an ``idempotency_key`` are retried: the server replays
        the first answer for a repeated key, so a retry can never act twice. ``delivery``
        learns whether any attempt may have reached the server."""
        if isinstance(body, BaseModel):
            body = SecretStr(body.model_dump_json(by_alias=True))

        def build() -> httpx.Request:
            headers = httpx.Headers({"Accept": accept})  # its repr masks Authorization
            if body is not None:
                headers["Content-Type"] = "application/json"
            if idempotency_key is not None:
                headers["Idempotency-Key"] = idempotency_key
            if authenticated and self._access is not None:
                headers["Authorization"] = f"Bearer {self._access.get_secret_value()}"
            return self._http.build_request(
                method,
                path,
                params=params,
                headers=headers,
                content=body.get_secret_value().encode() if body is not None else None,
            )

        retry = method in SAFE_METHODS or idempotency_key is not None
        deadline = asyncio.get_running_loop().time() + self._timeout
        try:
            async with asyncio.timeout_at(deadline):
                generation = self._generation
                response = await self._send_with_retries(build, retry, deadline, delivery)
                if response.status_code == 401 and authenticated:
                    await self._refresh_after_401(generation)
                    response = await self._send_with_retries(build, retry, deadline, delivery)
        except TimeoutError:
            raise ApiTimeoutError(
                f"{method} {path}: no answer within {self._timeout:g} s"
            ) from None
        if not response.is_success:
            raise _status_error(response, signing_in=path == "/auth/token")
        return response

    async def _send_with_retries(
        self,
        build: Callable[[], httpx.Request],
        retry: bool,
        deadline: float,
        delivery: _Delivery | None = None,
    ) -> httpx.Response:
        loop = asyncio.get_running_loop()
        attempt = 1
        while True:
            # Built per attempt: a refresh by a concurrent request changes the token.
            request = build()
            last = not retry or attempt >= self._max_attempts
            if delivery is not None:
                delivery.sending = True
            try:
                response = await self._http.send(request)
            except httpx.TransportError as exc:
                if delivery is not None:
                    delivery.record(not isinstance(exc, _NOT_SENT_ERRORS))
                wait = self._backoff_delay(attempt)
                if last or wait > deadline - loop.time():
                    raise _transport_error(exc) from exc
                outcome = type(exc).__name__
            else:
                if delivery is not None:
                    delivery.record(response.status_code not in _REFUSED_STATUSES)
                if last or not (
                    response.status_code in RETRY_STATUSES or _in_progress(request, response)
                ):
                    return response
                retry_after = _retry_after(response)
                wait = self._backoff_delay(attempt) if retry_after is None else retry_after
                if wait > deadline - loop.time():
                    return response  # waiting would overrun the deadline: report this answer
                outcome = str(response.status_code)
            log.info(
                "%s %s: %s, retry %d of %d in %.2f s",
                request.method,
                request.url.path,
                outcome,
                attempt,
                self._max_attempts - 1,
                wait,
            )
            await self._sleep(wait)
            attempt += 1

    def _backoff_delay(self, attempt: int) -> float:
        """Exponential backoff with "equal jitter": between half and all of the step."""
        step = self._backoff * 2 ** (attempt - 1)
        return step / 2 + self._rng.uniform(0, step / 2)

    # --- resources -------------------------------------------------------------------------

    async def list_billing_accounts(
        self, offset: int = 0, limit: int = 50
    ) -> Page[BillingAccount]:
        params = {"offset": offset, "limit": limit}
        response = await self._request("GET", f"{ACCOUNT}/billingAccount", params=params)
        return _page(response, BillingAccount, offset, limit)

    async def get_billing_account(self, account_id: str) -> BillingAccount:
        response = await self._request("GET", f"{ACCOUNT}/billingAccount/{_path(account_id)}")
        return _parse(response, BillingAccount)

    async def list_bills(
        self,
        account_id: str | None = None,
        state: str | None = None,
        offset: int = 0,
        limit: int = 50,
        *,
        sort: str | None = None,
        due_before: date | None = None,
        due_from: date | None = None,
        billed_from: date | None = None,
        billed_before: date | None = None,
    ) -> Page[CustomerBill]:
        params: dict[str, Any] = {"offset": offset, "limit": limit}
        if account_id is not None:
            params["billingAccount.id"] = account_id
        if state is not None:
            params["state"] = state
        for name, value in (
            ("sort", sort),
            ("paymentDueDate.lt", due_before),
            ("paymentDueDate.gte", due_from),
            ("billDate.gte", billed_from),
            ("billDate.lt", billed_before),
        ):
            if value is not None:
                params[name] = value if isinstance(value, str) else value.isoformat()
        response = await self._request("GET", f"{BILLING}/customerBill", params=params)
        return _page(response, CustomerBill, offset, limit)

    async def get_bill(self, bill_id: str) -> CustomerBill:
        response = await self._request("GET", f"{BILLING}/customerBill/{_path(bill_id)}")
        return _parse(response, CustomerBill)

    async def list_bill_rates(self, bill_id: str) -> list[AppliedCustomerBillingRate]:
        response = await self._request(
            "GET", f"{BILLING}/appliedCustomerBillingRate", params={"bill.id": bill_id}
        )
        return _parse_list(response, AppliedCustomerBillingRate)

    async def download_bill_document(self, bill_id: str) -> bytes:
        path = f"{BILLING}/customerBill/{_path(bill_id)}/document"
        return await self._pdf(path, "bill document")

    async def send_bill(self, bill_id: str, email: str | None = None) -> BillSendResult:
        response = await self._request(
            "POST",
            f"{BILLING}/customerBill/{_path(bill_id)}/send",
            body=BillSendRequest(email=email),
        )
        return _parse(response, BillSendResult)

    async def _pdf(self, path: str, what: str) -> bytes:
        response = await self._request("GET", path, accept="application/pdf")
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media_type not in ("application/pdf", "application/octet-stream"):
            raise BadResponseError(f"expected a PDF document, got {media_type or 'no type'}")
        if not response.content.startswith(b"%PDF-"):
            raise BadResponseError(f"the {what} is not a PDF")
        return response.content

    # --- payment methods ---------------------------------------------------------------------

    async def tokenize_card(self, card: CardCreate) -> TokenizedCard:
        # Not retried (no key agreed for tokenisation); only the masked repr of ``card`` and a
        # SecretStr of its JSON ever sit in a frame, and errors never quote the request.
        response = await self._request("POST", f"{PAYMENT_METHOD}/paymentMethod", body=card)
        return _parse(response, TokenizedCard)

    async def list_pse_banks(self) -> list[Bank]:
        response = await self._request("GET", "/pse/bank")
        return _parse_list(response, Bank)

    # --- payments ----------------------------------------------------------------------------

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
                    self._journal.begin, key, "payment", digest, owner=self._username
                )
            except KeyReuseError:
                raise _key_reuse(key) from None
        delivery = _Delivery()
        try:
            response = await self._request(
                "POST", f"{PAYMENT}/payment", body=payment, idempotency_key=key, delivery=delivery
            )
            result = _parse(response, Payment)
            if result.correlatorId != key:
                raise BadResponseError("the answer is about another payment")
        except BillingError as exc:
            state = _failed_state(exc, delivery)
            await self._settle(key, state)
            if state == "unknown":
                raise OutcomeUnknownError(key, exc) from exc
            raise
        await self._settle(key, _payment_state(result), result.id)
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

    async def reconcile(self, correlator_id: str) -> Payment | None:
        """Ask the server for the payment made with this key. None means the server never got
        it: the journal says notSent, and paying again is safe (best with the same key and
        the same body, which the server would answer with the first answer in any case)."""
        flight = self._paying.get(correlator_id)
        if flight is not None:  # our own request is still on its way: wait for its end
            await asyncio.wait([flight[1]])
        response = await self._request(
            "GET", f"{PAYMENT}/payment", params={"correlatorId": correlator_id}
        )
        found = [p for p in _parse_list(response, Payment) if p.correlatorId == correlator_id]
        if not found:
            await self._settle(correlator_id, "notSent", only_unresolved=True)
            return None
        payment = found[0]
        await self._settle(correlator_id, _payment_state(payment), payment.id)
        return payment

    async def reconcile_journal(self) -> list[Payment]:
        """Settle every journaled payment of the signed-in user still pending or unknown (call
        it after signing in). A BillingError leaves the rest unresolved for the next time."""
        if self._journal is None:
            return []
        entries = await asyncio.to_thread(self._journal.unresolved)
        found: list[Payment] = []
        for entry in entries:
            # Another login's payments are invisible to this one: they wait for their owner.
            if entry.operation != "payment" or entry.owner not in (None, self._username):
                continue
            payment = await self.reconcile(entry.key)
            if payment is not None:
                found.append(payment)
        return found

    async def unsettled_payment_keys(self) -> list[str]:
        if self._journal is None:
            return []
        entries = await asyncio.to_thread(self._journal.unresolved)
        # Another login's payments are invisible to this one: they wait for their owner.
        return [e.key for e in entries
                if e.operation == "payment" and e.owner in (None, self._username)]

    async def get_payment(self, payment_id: str) -> Payment:
        response = await self._request("GET", f"{PAYMENT}/payment/{_path(payment_id)}")
        payment = _parse(response, Payment)
        await self._settle(payment.correlatorId, _payment_state(payment), payment.id)
        return payment

    async def cancel_payment(self, payment_id: str) -> Payment:
        response = await self._request("POST", f"{PAYMENT}/payment/{_path(payment_id)}/cancel")
        payment = _parse(response, Payment)
        await self._settle(payment.correlatorId, _payment_state(payment), payment.id)
        return payment

    async def list_payments(
        self, account_id: str, offset: int = 0, limit: int = 50
    ) -> Page[Payment]:
        params = {"account.id": account_id, "offset": offset, "limit": limit}
        response = await self._request("GET", f"{PAYMENT}/payment", params=params)
        return _page(response, Payment, offset, limit)

    async def download_receipt(self, payment_id: str) -> bytes:
        return await self._pdf(f"{PAYMENT}/payment/{_path(payment_id)}/receipt", "receipt")

    async def report_payment(self, report: PaymentReportCreate) -> PaymentReport:
        response = await self._request("POST", f"{PAYMENT}/paymentReport", body=report)
        return _parse(response, PaymentReport)

    async def promise_payment(self, promise: PaymentPromiseCreate) -> PaymentPromise:
        response = await self._request("POST", f"{PAYMENT}/paymentPromise", body=promise)
        return _parse(response, PaymentPromise)
