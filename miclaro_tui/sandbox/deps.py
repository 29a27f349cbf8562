"""FastAPI dependencies shared by the route modules."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from miclaro_tui.sandbox.auth import Principal, authenticate
from miclaro_tui.sandbox.errors import invalid_token
from miclaro_tui.sandbox.store import Store

bearer = HTTPBearer(auto_error=False, description="The access token from POST /auth/token")


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_today(request: Request) -> date:
    return request.app.state.today


def get_now(request: Request) -> float:
    """Unix seconds from the app's wall clock (injectable for token-expiry tests)."""
    return request.app.state.clock()


def current_principal(
    store: Annotated[Store, Depends(get_store)],
    now: Annotated[float, Depends(get_now)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise invalid_token()
    return authenticate(store, credentials.credentials, now)


StoreDep = Annotated[Store, Depends(get_store)]
TodayDep = Annotated[date, Depends(get_today)]
NowDep = Annotated[float, Depends(get_now)]
PrincipalDep = Annotated[Principal, Depends(current_principal)]
