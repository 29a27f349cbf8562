"""The HTTP side of errors, installed on the app: every exception becomes an ``ApiError``
answer (the bytes of ``errors.error_json``) with the right status and headers."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Scope

from miclaro_tui.sandbox.errors import ApiException, error_json
from miclaro_tui.sandbox.store import StorageUnavailable

log = logging.getLogger("miclaro_tui.sandbox")

STORAGE_RETRY_AFTER = "5"

_CODES = {
    401: "invalidToken",
    403: "forbidden",
    404: "notFound",
    405: "methodNotAllowed",
    409: "conflict",
    413: "requestTooLarge",
    422: "validationError",
    429: "tooManyRequests",
}


def error_response(
    status: int,
    code: str,
    message: str,
    field: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    return Response(
        error_json(status, code, message, field),
        status,
        dict(headers or {}),
        media_type="application/json",
    )


def request_id(scope: Scope) -> str:
    """The id ``middleware.RequestIdMiddleware`` gave the request (for the logs)."""
    return str(scope.get("state", {}).get("request_id", "-"))


async def _api_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiException)
    return error_response(exc.status, exc.code, exc.message, exc.field, exc.headers)


def storage_unavailable(exc: BaseException, scope: Scope) -> Response:
    reason = str(exc) if isinstance(exc, StorageUnavailable) else "the database cannot be used"
    log.warning("storage fault (request %s): %s", request_id(scope), reason)
    return error_response(
        503,
        "storageUnavailable",
        f"The billing service's storage is unavailable ({reason}); try again shortly",
        headers={"Retry-After": STORAGE_RETRY_AFTER},
    )


async def _storage_exception(request: Request, exc: Exception) -> Response:
    return storage_unavailable(exc, request.scope)


_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def allowed_methods(app: ASGIApp, scope: Scope) -> list[str]:
    """Every method some route of the app answers at the request's path (Starlette names only
    the first route that matches the path, so OPTIONS /payment said POST though GET exists)."""
    routes = getattr(getattr(app, "router", None), "routes", ())
    return [
        method
        for method in _METHODS
        if any(route.matches({**scope, "method": method})[0] == Match.FULL for route in routes)
    ]


async def _http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    if exc.status_code == 405:
        allow = ", ".join(allowed_methods(request.app, request.scope))
        return error_response(405, "methodNotAllowed", message, headers={"Allow": allow})
    if exc.status_code == 400:
        # FastAPI's answer to a body it cannot decode (not UTF-8, say). The contract has one
        # status for a malformed request, 422, as FastAPI gives for JSON that does not parse.
        return error_response(422, "validationError", message, headers=exc.headers)
    code = _CODES.get(exc.status_code, "httpError")
    return error_response(exc.status_code, code, message, headers=exc.headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    first = errors[0] if errors else {}
    # loc is ("body" | "query" | "path" | "header", name, ...): the name is what a form shows.
    names = [str(part) for part in first.get("loc", ())[1:] if isinstance(part, str)]
    field = ".".join(names) or None
    message = str(first.get("msg", "Invalid request"))
    if field:
        message = f"{field}: {message}"
    return error_response(422, "validationError", message, field)


def install(app: FastAPI) -> None:
    app.add_exception_handler(ApiException, _api_exception)
    app.add_exception_handler(StorageUnavailable, _storage_exception)
    app.add_exception_handler(StarletteHTTPException, _http_exception)
    app.add_exception_handler(RequestValidationError, _validation_error)
