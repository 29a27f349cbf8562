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
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from miclaro_tui.models import ApiError

log = logging.getLogger("miclaro_tui.sandbox")

# For the error responses every route may give, in the OpenAPI document.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ApiError, "description": "Missing, expired or revoked access token"},
    404: {"model": ApiError, "description": "No such resource for this customer"},
    422: {"model": ApiError, "description": "Invalid request; `field` names the culprit"},
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


async def _http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
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
        except Exception:
            log.exception("unexpected error in %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            response = error_response(
                500, "internalError", "Unexpected error in the billing service; try again later"
            )
            await response(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiException, _api_exception)
    app.add_exception_handler(StarletteHTTPException, _http_exception)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_middleware(CatchAllMiddleware)
