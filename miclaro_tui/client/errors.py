"""From what came back (an error answer, a transport failure) to a ``BillingError`` that names
the request: its method, its path as sent (never the query string) and the server's request id.
"""

from __future__ import annotations

from typing import TypeVar

import httpx
import pydantic

from miclaro_tui.api import (
    AccountLockedError,
    ApiConnectionError,
    ApiStatusError,
    ApiTimeoutError,
    AuthenticationError,
    BillingError,
    ConflictError,
    NotFoundError,
    PaymentDeclinedError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    SessionExpiredError,
    ValidationError,
)
from miclaro_tui.client.retry import retry_after_seconds
from miclaro_tui.models import ApiError

E = TypeVar("E", bound=BillingError)

_STATUS_ERRORS: dict[int, type[ApiStatusError]] = {
    401: SessionExpiredError,  # on an authenticated call; signing in says AuthenticationError
    402: PaymentDeclinedError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: ValidationError,
    429: RateLimitError,
}


def path_of(request: httpx.Request) -> str:
    """The request's path as sent, without its query string (which may hold ids or keys)."""
    return request.url.raw_path.split(b"?", 1)[0].decode("ascii", "replace")


def request_id(response: httpx.Response) -> str | None:
    """The server's ``X-Request-ID``, if it sent a plausible one (it ends up in logs)."""
    value = response.headers.get("X-Request-ID", "").strip()
    return value if value and len(value) <= 128 and value.isprintable() else None


def error_body(response: httpx.Response) -> ApiError | None:
    try:
        return ApiError.model_validate_json(response.content)
    except (pydantic.ValidationError, ValueError):
        return None  # garbage error body: the status alone decides


def error_code(response: httpx.Response) -> str:
    body = error_body(response)
    return body.code if body else ""


def located(error: E, response: httpx.Response) -> E:
    """``error`` named after the request ``response`` answers (when httpx says which)."""
    try:
        request = response.request
    except RuntimeError:  # a response made by hand, not received
        return error
    error.method, error.path = request.method, path_of(request)
    error.request_id = request_id(response)
    return error


def status_error(response: httpx.Response, *, signing_in: bool = False) -> ApiStatusError:
    status = response.status_code
    body = error_body(response)
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
        retry_after=retry_after_seconds(response.headers),
        method=response.request.method,
        path=path_of(response.request),
        request_id=request_id(response),
    )


def transport_error(exc: httpx.TransportError, request: httpx.Request) -> ApiConnectionError:
    method, path = request.method, path_of(request)
    if isinstance(exc, httpx.TimeoutException):
        message = f"{type(exc).__name__}: the server did not answer in time"
        return ApiTimeoutError(message, method=method, path=path)
    # httpx's messages name the failure (refused, reset), never the request's content.
    return ApiConnectionError(f"{type(exc).__name__}: {exc}", method=method, path=path)


def locate(error: E, method: str, path: str) -> E:
    """``error`` named after the request it ended, unless it already names one (a refused
    refresh names POST /auth/refresh, the request that was refused)."""
    if error.method is None:
        error.method, error.path = method, path
    return error
