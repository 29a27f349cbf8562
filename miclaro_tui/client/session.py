"""The session: signing in and out, the tokens, and one refresh for any number of 401s.

Access tokens live in memory only, in ``SecretStr``. "Remember me" keeps the refresh token,
which ``on_tokens`` hands out each time it rotates.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pydantic
from pydantic import BaseModel, SecretStr

from miclaro_tui.api import ApiStatusError, BillingError, SessionExpiredError, ValidationError
from miclaro_tui.client.decode import parse
from miclaro_tui.client.transport import Delivery, Transport
from miclaro_tui.models import GuestSignIn, RefreshRequest, TokenRequest, TokenResponse

log = logging.getLogger(__name__)


class Session:
    """Who is signed in, with which tokens. It is the transport's ``Authorizer``."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport
        self._username: str | None = None
        self._role: str | None = None
        self._country: str | None = None
        self._access: SecretStr | None = None
        self._refresh: SecretStr | None = None
        self._generation = 0  # bumped whenever the tokens change
        self._refresh_lock = asyncio.Lock()
        self.on_tokens: Callable[[str, SecretStr], None] | None = None
        """Told (login, refresh token) whenever the tokens change: refresh tokens rotate,
        so a remembered one must be stored again."""

    @property
    def username(self) -> str | None:
        return self._username

    @property
    def role(self) -> str | None:
        """The signed-in login's role (customer, operator, supervisor; guest), as the server
        said at sign-in; None when signed out."""
        return self._role

    @property
    def country(self) -> str | None:
        """The signed-in user's country (ISO 3166), as the server said; None when signed out
        or when the server does not say."""
        return self._country

    @property
    def access_token(self) -> SecretStr | None:
        return self._access

    @property
    def refresh_token(self) -> SecretStr | None:
        return self._refresh

    @property
    def generation(self) -> int:
        return self._generation

    async def sign_in(self, username: str, password: SecretStr) -> None:
        try:
            body = SecretStr(
                TokenRequest(
                    username=username, password=password.get_secret_value()
                ).model_dump_json()
            )
        except pydantic.ValidationError as exc:
            problem = exc.errors()[0]
            field = str(problem["loc"][0])
            what = (
                "is required"
                if problem["type"] in ("missing", "string_too_short")
                else ("holds characters or a length that are not accepted")
            )
            raise ValidationError(f"{field} {what}", field=field) from None
        response = await self._transport.request("POST", "/auth/token", body=body, signing_in=True)
        self._set_tokens(parse(response, TokenResponse))

    async def sign_in_as_guest(self, guest: GuestSignIn) -> None:
        """A short-lived guest session (top-up without an account). The payer's name and
        document travel once in a SecretStr body; the answer's refresh token, if any, is
        dropped and ``on_tokens`` is not told: nothing of a guest is remembered."""
        body = SecretStr(guest.model_dump_json())
        response = await self._transport.request("POST", "/auth/guest", body=body, signing_in=True)
        tokens = parse(response, TokenResponse)
        self._access = SecretStr(tokens.access_token)
        self._refresh = None
        self._username = tokens.username
        self._role = tokens.role
        self._country = tokens.country
        self._generation += 1

    async def resume(self, refresh_token: SecretStr) -> None:
        await self._refresh_with(refresh_token)

    async def sign_out(self) -> None:
        token = self._refresh
        self._clear_tokens()
        self._username = None
        self._role = None
        self._country = None
        if token is None:
            return
        body = SecretStr(RefreshRequest(refresh_token=token.get_secret_value()).model_dump_json())
        try:
            await self._transport.request("POST", "/auth/logout", body=body)
        except BillingError as exc:  # signing out locally must always work
            log.info("logout call failed (%s); tokens cleared anyway", type(exc).__name__)

    async def refresh_after_401(self, generation: int) -> None:
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

    def _set_tokens(self, tokens: TokenResponse) -> None:
        self._access = SecretStr(tokens.access_token)
        self._refresh = SecretStr(tokens.refresh_token)
        self._username = tokens.username
        self._role = tokens.role
        self._country = tokens.country
        self._generation += 1
        if self.on_tokens is not None:
            self.on_tokens(tokens.username, self._refresh)

    def _clear_tokens(self) -> None:
        self._access = self._refresh = None
        self._generation += 1

    async def _refresh_with(self, refresh_token: SecretStr) -> None:
        # Sent once, without a key: the server rotates the refresh token on its first use, so
        # a repeat after a lost answer would present a spent token.
        body = SecretStr(
            RefreshRequest(refresh_token=refresh_token.get_secret_value()).model_dump_json()
        )
        try:
            response = await self._transport.request("POST", "/auth/refresh", body=body)
        except ApiStatusError as exc:
            if exc.retryable:  # 429, 5xx: the token may still be good
                raise
            self._clear_tokens()
            if isinstance(exc, SessionExpiredError):
                raise
            raise SessionExpiredError(
                exc.message,
                status=exc.status,
                code=exc.code,
                method=exc.method,
                path=exc.path,
                request_id=exc.request_id,
            ) from None
        self._set_tokens(parse(response, TokenResponse))


class SignedIn:
    """Base of the groups of calls (bills, payments): each goes out as the signed-in user."""

    def __init__(self, transport: Transport, session: Session) -> None:
        self._transport = transport
        self._session = session

    async def _get(
        self, path: str, params: dict[str, Any] | None = None, *, accept: str = "application/json"
    ) -> httpx.Response:
        return await self._transport.request(
            "GET", path, params=params, accept=accept, auth=self._session
        )

    async def _post(
        self,
        path: str,
        body: BaseModel | None = None,
        *,
        idempotency_key: str | None,
        delivery: Delivery | None = None,
    ) -> httpx.Response:
        """POST ``body``. With an ``idempotency_key`` (one per user intent) it is retried
        under that key; without one it is sent once."""
        return await self._transport.request(
            "POST",
            path,
            body=body,
            auth=self._session,
            idempotency_key=idempotency_key,
            delivery=delivery,
        )
