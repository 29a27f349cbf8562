"""A sandbox whose answers to one kind of POST are lost on the way back: the server did the
work and the client never hears of it (a dropped connection after the request arrived)."""

from __future__ import annotations

from pathlib import Path

import httpx

from miclaro_tui.client import BillingClient
from miclaro_tui.sandbox.app import create_app
from tests.conftest import TODAY


class LosingAnswers(httpx.AsyncBaseTransport):
    """Forwards every request to the sandbox; the answers of the first ``lose`` POSTs to a
    path ending in ``path`` are read and then lost. ``keys`` are the Idempotency-Keys of the
    POSTs to that path, in order."""

    def __init__(self, inner: httpx.AsyncBaseTransport, path: str, lose: int) -> None:
        self.inner = inner
        self.path = path
        self.lose = lose
        self.keys: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == "POST" and request.url.path.endswith(self.path):
            self.keys.append(request.headers["Idempotency-Key"])
            if self.lose > 0:
                self.lose -= 1
                await response.aread()  # the server answered: it did the work
                raise httpx.ReadError("connection lost", request=request)
        return response


async def no_wait(seconds: float) -> None:
    return None


def losing_client(db: Path, path: str, lose: int) -> tuple[BillingClient, LosingAnswers]:
    """A client of the sandbox in ``db`` (two attempts a call, no waiting between them) whose
    first ``lose`` answers to POST ``path`` are lost."""
    transport = LosingAnswers(httpx.ASGITransport(app=create_app(db, TODAY)), path, lose)
    client = BillingClient(
        "http://127.0.0.1", transport=transport, is_sandbox=True, max_attempts=2, sleep=no_wait
    )
    return client, transport
