"""ASGI middleware of the app: a request id on every answer, a 500 in the error shape for
what nothing else caught, and the body-size limit enforced before anything parses a body."""

from __future__ import annotations

import logging
import secrets

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from miclaro_tui.sandbox.handlers import error_response, request_id, storage_unavailable
from miclaro_tui.sandbox.store import is_storage_fault

log = logging.getLogger("miclaro_tui.sandbox")

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = REQUEST_ID_HEADER.lower().encode("ascii")


def new_request_id() -> str:
    """16 hex digits: short enough to read out on a support call, random enough to be unique."""
    return secrets.token_hex(8)


class RequestIdMiddleware:
    """Gives each request a random id, kept in ``scope["state"]`` for the logs and sent back in
    ``X-Request-ID`` on every answer (errors, 404s and 500s included). The outermost layer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        ident = new_request_id()
        scope.setdefault("state", {})["request_id"] = ident
        header = (_REQUEST_ID, ident.encode("ascii"))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", ()) if k.lower() != _REQUEST_ID]
                message = {**message, "headers": [*kept, header]}
            await send(message)

        await self.app(scope, receive, send_with_id)


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
                response = storage_unavailable(exc, scope)
            else:
                log.exception(
                    "unexpected error in %s %s (request %s)",
                    scope.get("method"),
                    scope.get("path"),
                    request_id(scope),
                )
                response = error_response(
                    500,
                    "internalError",
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
            413,
            "requestTooLarge",
            f"The request body is over {self.limit // 1024} KiB ({self.limit:,} bytes)",
        )
        await response(scope, receive, send)
