"""Sending: one request, its attempts under one deadline, a 401 answered by one refresh.

Which attempts may be repeated, and when, is ``retry``'s policy; what an answer means is
``errors``'. Secrets (tokens, passwords, card data) arrive here in ``SecretStr`` and are only
unwrapped inline where the request is built, so no frame local holds one in clear.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import random
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
from pydantic import BaseModel, SecretStr

from miclaro_tui.api import ApiTimeoutError, BillingError
from miclaro_tui.client.errors import (
    error_code,
    locate,
    path_of,
    status_error,
    transport_error,
)
from miclaro_tui.client.retry import (
    BACKOFF,
    retry_after_seconds,
    retry_delay,
    should_retry,
)
from miclaro_tui.i18n import _

log = logging.getLogger(__name__)

# Failures proving that nothing of the attempt reached the server.
NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Answers refusing an attempt before acting on it.
REFUSED_STATUSES = frozenset({401, 429})


def new_idempotency_key() -> str:
    """A fresh key for one user intent; its retries reuse it."""
    return uuid.uuid4().hex


@dataclass
class Delivery:
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


class Authorizer(Protocol):
    """The session as the transport needs it (``session.Session``)."""

    @property
    def access_token(self) -> SecretStr | None: ...

    @property
    def generation(self) -> int:
        """Bumped whenever the tokens change."""

    async def refresh_after_401(self, generation: int) -> None: ...


def check_base_url(base_url: str) -> httpx.URL:
    """TLS everywhere but on this computer: plain http is refused off loopback."""
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


class Transport:
    """``httpx.AsyncClient`` with the retry policy applied under one deadline per request."""

    def __init__(
        self,
        url: httpx.URL,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 15.0,
        max_attempts: int = 4,
        backoff: float = BACKOFF,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=url, transport=transport, timeout=timeout, verify=True
        )
        self._timeout = timeout
        self._max_attempts = max(1, max_attempts)
        self._backoff = backoff
        self._sleep = sleep
        self._rng = rng or random.Random()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: SecretStr | BaseModel | None = None,
        auth: Authorizer | None = None,
        idempotency_key: str | None = None,
        accept: str = "application/json",
        delivery: Delivery | None = None,
        signing_in: bool = False,
    ) -> httpx.Response:
        """Send with retries under one deadline; with ``auth`` a 401 refreshes the tokens
        once and replays. Returns a 2xx response or raises a ``BillingError``.

        Only safe methods and POSTs carrying an ``idempotency_key`` are retried (see
        ``retry.should_retry``). ``delivery`` learns whether any attempt may have reached the
        server. ``signing_in``: a 401 means wrong credentials, not an expired session."""
        if isinstance(body, BaseModel):
            body = SecretStr(body.model_dump_json(by_alias=True))

        def build() -> httpx.Request:
            headers = httpx.Headers({"Accept": accept})  # its repr masks Authorization
            if body is not None:
                headers["Content-Type"] = "application/json"
            if idempotency_key is not None:
                headers["Idempotency-Key"] = idempotency_key
            token = auth.access_token if auth is not None else None
            if token is not None:
                headers["Authorization"] = f"Bearer {token.get_secret_value()}"
            return self._http.build_request(
                method,
                path,
                params=params,
                headers=headers,
                content=body.get_secret_value().encode() if body is not None else None,
            )

        deadline = asyncio.get_running_loop().time() + self._timeout
        try:
            async with asyncio.timeout_at(deadline):
                generation = auth.generation if auth is not None else 0
                response = await self.send(build, deadline, delivery)
                if response.status_code == 401 and auth is not None:
                    await auth.refresh_after_401(generation)
                    response = await self.send(build, deadline, delivery)
        except TimeoutError:
            message = f"no answer within {self._timeout:g} s"
            raise ApiTimeoutError(message, method=method, path=self._as_sent(path)) from None
        except BillingError as exc:  # such as "no refresh token", which names no request
            locate(exc, method, self._as_sent(path))
            raise
        if not response.is_success:
            raise status_error(response, signing_in=signing_in)
        return response

    def _as_sent(self, path: str) -> str:
        return path_of(self._http.build_request("GET", path))  # joined to the base URL's path

    async def send(
        self,
        build: Callable[[], httpx.Request],
        deadline: float,
        delivery: Delivery | None = None,
    ) -> httpx.Response:
        """The attempts of one request, each built afresh by ``build`` (a refresh by a
        concurrent request changes the token). Returns the last answer, whatever its status;
        raises when the last attempt got no answer."""
        loop = asyncio.get_running_loop()
        attempt = 1
        while True:
            request = build()
            keyed = "Idempotency-Key" in request.headers
            last = attempt >= self._max_attempts
            if delivery is not None:
                delivery.sending = True
            try:
                response = await self._http.send(request)
            except httpx.TransportError as exc:
                if delivery is not None:
                    delivery.record(not isinstance(exc, NOT_SENT_ERRORS))
                wait = retry_delay(attempt, None, self._rng, backoff=self._backoff)
                if (
                    last
                    or not should_retry(request.method, keyed, error=exc)
                    or wait > deadline - loop.time()
                ):
                    raise transport_error(exc, request) from exc
                outcome = type(exc).__name__
            else:
                status = response.status_code
                if delivery is not None:
                    delivery.record(status not in REFUSED_STATUSES)
                code = error_code(response) if status == 409 else ""
                if last or not should_retry(request.method, keyed, status=status, code=code):
                    return response
                retry_after = retry_after_seconds(response.headers)
                wait = retry_delay(attempt, retry_after, self._rng, backoff=self._backoff)
                if wait > deadline - loop.time():
                    return response  # waiting would overrun the deadline: report this answer
                outcome = str(status)
            log.info(
                "%s %s: %s, retry %d of %d in %.2f s",
                request.method,
                path_of(request),
                outcome,
                attempt,
                self._max_attempts - 1,
                wait,
            )
            await self._sleep(wait)
            attempt += 1
