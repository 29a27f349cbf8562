"""FastAPI dependencies shared by the route modules.

They are ``async def``: FastAPI runs a plain ``def`` dependency in its thread pool, a hop (and
a GIL hand-over) per dependency per request. These do no more than read the app's state or one
indexed row (the access token), which is cheaper on the event loop than the hop.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated

from fastapi import Depends, Header, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import WithJsonSchema

from miclaro_tui.models import ID_MAX, ID_PATTERN, MAX_OFFSET, MAX_PAGE_SIZE, WIRE_ZONE
from miclaro_tui.sandbox import guests
from miclaro_tui.sandbox.auth import Principal, authenticate
from miclaro_tui.sandbox.errors import invalid_token, not_for_operators, operators_only
from miclaro_tui.sandbox.store import Store
from miclaro_tui.sandbox.timezones import zone

bearer = HTTPBearer(auto_error=False, description="The access token from POST /auth/token")


async def get_store(request: Request) -> Store:
    return request.app.state.store


async def get_today(request: Request) -> date:
    return request.app.state.today


async def get_now(request: Request) -> float:
    """Unix seconds from the app's wall clock (injectable for token-expiry tests)."""
    return request.app.state.clock()


async def current_principal(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    now: Annotated[float, Depends(get_now)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """The caller; a guest session only on the operations a guest may call (``guests``)."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise invalid_token()
    principal = authenticate(store, credentials.credentials, now)
    if principal.is_guest:
        refused = guests.refusal(getattr(request.scope.get("route"), "name", None))
        if refused is not None:
            raise refused
    WIRE_ZONE.set(zone(principal.country))  # the days of this answer, in the customer's zone
    return principal


async def kiosk_staff(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
    """The caller, who must be kiosk staff (an operator or a supervisor)."""
    if not principal.is_staff:
        raise operators_only()
    return principal


def customers_only(*staff_may: str) -> Callable[..., Awaitable[None]]:
    """A router's dependency: kiosk staff may not use its routes, except the operations named
    (a route's name is its operationId). An operator reads customers only through the lookup."""

    async def check(
        request: Request, principal: Annotated[Principal, Depends(current_principal)]
    ) -> None:
        route = request.scope.get("route")
        if principal.is_staff and getattr(route, "name", None) not in staff_may:
            raise not_for_operators()

    return check


StoreDep = Annotated[Store, Depends(get_store)]
TodayDep = Annotated[date, Depends(get_today)]
NowDep = Annotated[float, Depends(get_now)]
PrincipalDep = Annotated[Principal, Depends(current_principal)]
StaffDep = Annotated[Principal, Depends(kiosk_staff)]

IdPath = Annotated[str, Path(max_length=ID_MAX, pattern=ID_PATTERN, description="the id")]
Offset = Annotated[
    int, Query(ge=0, le=MAX_OFFSET, description=f"how many to skip, at most {MAX_OFFSET:,}")
]
Limit = Annotated[
    int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"the page size, at most {MAX_PAGE_SIZE}")
]


PaymentKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=64,
        pattern=ID_PATTERN,
        description="Equal to correlatorId. The same key and body replay the first answer;"
        " another body is 422; a key still in flight is 409 (a key whose request died is"
        " freed after 30 s)",
    ),
]
KioskKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=64,
        pattern=ID_PATTERN,
        description="Required: one per operator action (open, close, void), reused by its"
        " retries. The same key and request replay the first answer; another request under it"
        " is 422 idempotencyKeyReuse; a key still in flight is 409 requestInProgress. Keys are"
        " per signed-in user",
    ),
]
OptionalKey = Annotated[
    str | None,
    # A header is there or not: documented as the string it is when there (FastAPI would
    # write string-or-null, and a fuzzer sends "null" or an empty value for the null).
    WithJsonSchema({"type": "string", "minLength": 8, "maxLength": 64, "pattern": ID_PATTERN}),
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=64,
        pattern=ID_PATTERN,
        description="Optional: one per user intent, reused by its retries. The first request"
        " with a key is done once; the same key, operation and request (the body, and the id"
        " in the path) then replay its answer byte for byte, a refusal included; another"
        " request under the key is 422 idempotencyKeyReuse; a key still in flight is 409"
        " requestInProgress with Retry-After (a key whose request died is freed after 30 s)."
        " Keys are per customer",
    ),
]


def id_query(alias: str, description: str | None = None) -> object:
    """An optional id filter in the query string (``billingAccount.id=...``)."""
    return Query(alias=alias, max_length=ID_MAX, pattern=ID_PATTERN, description=description)
