"""One error shape everywhere: ``ApiError`` JSON {code, reason, message, status, field?}."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from miclaro_tui.models import MAX_BODY_BYTES, ApiError
from miclaro_tui.sandbox.store import StorageUnavailable, is_storage_fault

log = logging.getLogger("miclaro_tui.sandbox")

STORAGE_RETRY_AFTER = "5"

# For the error responses every route may give, in the OpenAPI document.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ApiError, "description": "Missing, expired or revoked access token"},
    404: {"model": ApiError, "description": "No such resource for this customer"},
    422: {"model": ApiError, "description": "Invalid request; `field` names the culprit"},
}

# For every operation: answers that do not depend on the route.
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    413: {
        "model": ApiError,
        "description": "requestTooLarge: a request body over 64 KiB, refused before it is read",
    },
    503: {
        "model": ApiError,
        "description": "storageUnavailable: the database cannot be used right now (missing,"
        " read-only, I/O error); see Retry-After. Service comes back by itself with the file",
        "headers": {"Retry-After": {"description": "seconds", "schema": {"type": "integer"}}},
    },
}

# For list routes: the total behind the page.
LISTED: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "One page of results",
        "headers": {
            "X-Total-Count": {
                "description": "How many items match, across all pages",
                "schema": {"type": "integer"},
            }
        },
    }
}

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


class ApiException(Exception):
    """Raised by the sandbox's code to answer with an ``ApiError``."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        field: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = dict(headers or {})


def not_found(what: str, ident: str) -> ApiException:
    return ApiException(404, "notFound", f"{what} {ident} not found")


def invalid_token(message: str = "Missing, expired or revoked access token") -> ApiException:
    return ApiException(401, "invalidToken", message, headers={"WWW-Authenticate": "Bearer"})


def error_response(
    status: int,
    code: str,
    message: str,
    field: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = ApiError(
        code=code, reason=HTTPStatus(status).phrase, message=message, status=status, field=field
    )
    content = body.model_dump(mode="json", exclude_none=True)
    return JSONResponse(content, status, dict(headers or {}))


async def _api_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiException)
    return error_response(exc.status, exc.code, exc.message, exc.field, exc.headers)


def storage_unavailable(exc: BaseException) -> JSONResponse:
    reason = str(exc) if isinstance(exc, StorageUnavailable) else "the database cannot be used"
    log.warning("storage fault: %s", reason)
    return error_response(
        503, "storageUnavailable",
        f"The billing service's storage is unavailable ({reason}); try again shortly",
        headers={"Retry-After": STORAGE_RETRY_AFTER},
    )


async def _storage_exception(request: Request, exc: Exception) -> JSONResponse:
    return storage_unavailable(exc)


_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def allowed_methods(app: ASGIApp, scope: Scope) -> list[str]:
    """Every method some route of the app answers at the request's path (Starlette names only
    the first route that matches the path, so OPTIONS /payment said POST though GET exists)."""
    routes = getattr(getattr(app, "router", None), "routes", ())
    return [
        method for method in _METHODS
        if any(route.matches({**scope, "method": method})[0] == Match.FULL for route in routes)
    ]


async def _http_exception(request: Request, exc: Exception) -> JSONResponse:
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


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
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


class CatchAllMiddleware:
    """Turns an unexpected exception into a 500 ``ApiError``, logging the traceback.

    Starlette's own handler for ``Exception`` re-raises after answering, which would break
    the in-process client (httpx.ASGITransport) instead of giving it a 500.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started:
                raise
            if is_storage_fault(exc):  # one not met inside Store's own context managers
                response = storage_unavailable(exc)
            else:
                log.exception("unexpected error in %s %s", scope.get("method"), scope.get("path"))
                response = error_response(
                    500, "internalError",
                    "Unexpected error in the billing service; try again later",
                )
            await response(scope, receive, send)


class BodyLimitMiddleware:
    """Answers 413 requestTooLarge, in the error shape, to a body over ``limit`` bytes before
    anything parses it: by its Content-Length at once, or while it streams in. (And 422 to a
    query parameter without a name, which no route would otherwise see.)"""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string") or b""
        if query.startswith(b"=") or b"&=" in query:
            # A parameter with no name: nothing could have meant it (and nothing reads it).
            response = error_response(
                422, "validationError", "query: a parameter without a name", "query"
            )
            await response(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        length = headers.get(b"content-length")
        if length is None and b"transfer-encoding" not in headers:
            await self.app(scope, receive, send)  # no body (a GET): nothing to hold back
            return
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self._too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            413, "requestTooLarge",
            f"The request body is over {self.limit // 1024} KiB ({self.limit:,} bytes)",
        )
        await response(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiException, _api_exception)
    app.add_exception_handler(StorageUnavailable, _storage_exception)
    app.add_exception_handler(StarletteHTTPException, _http_exception)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_middleware(BodyLimitMiddleware, limit=MAX_BODY_BYTES)
    app.add_middleware(CatchAllMiddleware)
