"""``/auth``: sign in with a password, rotate the refresh token, sign out (ours, not TMF)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Response
from fastapi.security import HTTPAuthorizationCredentials

from miclaro_tui.models import ApiError, RefreshRequest, TokenRequest, TokenResponse
from miclaro_tui.sandbox import auth
from miclaro_tui.sandbox.deps import NowDep, StoreDep, bearer
from miclaro_tui.sandbox.errors import ApiException, invalid_token

router = APIRouter(
    prefix="/auth",
    tags=["auth"],
    responses={
        401: {"model": ApiError, "description": "Wrong credentials or invalid token"},
        422: {"model": ApiError, "description": "Invalid request; `field` names the culprit"},
    },
)


@router.post(
    "/token",
    response_model=TokenResponse,
    responses={403: {"model": ApiError, "description": "Locked: see the Retry-After header"}},
)
def sign_in(body: TokenRequest, store: StoreDep, now: NowDep) -> TokenResponse:
    """Sign in with a username, a line number or a document number, and a password."""
    return auth.sign_in(store, body.username, body.password, now)


@router.post("/refresh", response_model=TokenResponse)
def refresh(body: RefreshRequest, store: StoreDep, now: NowDep) -> TokenResponse:
    """A new token pair; the refresh token sent is spent."""
    return auth.refresh(store, body.refresh_token, now)


@router.post("/logout", status_code=204, response_class=Response)
def sign_out(
    store: StoreDep,
    now: NowDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    body: Annotated[RefreshRequest | None, Body()] = None,
) -> Response:
    """Revoke the session of the bearer access token, or of the refresh token in the body
    (so a client whose access token expired can still sign out)."""
    session_id = None
    if credentials is not None:
        try:
            session_id = auth.authenticate(store, credentials.credentials, now).session_id
        except ApiException:
            session_id = None
    if session_id is None and body is not None:
        session_id = auth.session_of_refresh_token(store, body.refresh_token, now)
    if session_id is None:
        raise invalid_token()
    auth.sign_out(store, session_id)
    return Response(status_code=204)
