"""``/auth``: sign in with a password, rotate the refresh token, sign out (ours, not TMF)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Response
from fastapi.security import HTTPAuthorizationCredentials

from miclaro_tui.models import GuestSignIn, RefreshRequest, TokenRequest, TokenResponse
from miclaro_tui.sandbox import auth, contract, contract_accounts, contract_prepaid, guests
from miclaro_tui.sandbox.deps import NowDep, StoreDep, bearer
from miclaro_tui.sandbox.errors import ApiException, invalid_token
from miclaro_tui.sandbox.responses import ModelResponse

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", response_model=TokenResponse, responses=contract_accounts.SIGN_IN)
def sign_in(body: TokenRequest, store: StoreDep, now: NowDep) -> ModelResponse:
    """Sign in with a username, a line number or a document number, and a password.

    Five failed attempts in 15 minutes lock that login for 5 minutes (403 accountLocked with
    Retry-After), whether or not it exists: the answers do not tell who has an account."""
    return ModelResponse(auth.sign_in(store, body.username, body.password, now))


@router.post("/guest", response_model=TokenResponse, responses=contract_prepaid.GUEST)
def sign_in_as_guest(body: GuestSignIn, store: StoreDep, now: NowDep) -> ModelResponse:
    """Top up a prepaid line without an account: the line's number and the payer's name and
    document (checked, never stored). A 15-minute access token of role guest, no refresh
    token (empty): it may read the catalogue, check numbers, tokenise a card, list the PSE
    banks, pay a top-up of that line (``account.id`` "guest") and read its own payments."""
    with store.transaction() as conn:
        return ModelResponse(guests.sign_in(conn, body, now))


@router.post("/refresh", response_model=TokenResponse, responses=contract_accounts.REFRESH)
def refresh(body: RefreshRequest, store: StoreDep, now: NowDep) -> ModelResponse:
    """A new token pair; the refresh token sent is spent. Works while the login is locked."""
    return ModelResponse(auth.refresh(store, body.refresh_token, now))


@router.post("/logout", status_code=204, response_class=Response, responses=contract.AUTHENTICATED)
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
