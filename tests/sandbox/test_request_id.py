"""Every answer carries ``X-Request-ID``: a short random id per request, errors included, the
one the server's log names and the one the client's errors carry."""

from __future__ import annotations

import logging
import re
import uuid

import httpx
import pytest
from pydantic import SecretStr

from miclaro_tui.api import NotFoundError
from miclaro_tui.client import BillingClient
from miclaro_tui.models import MAX_BODY_BYTES
from tests.sandbox.conftest import ACCOUNTS, BILLS, PASSWORDS, assert_api_error
from tests.sandbox.payment_helpers import REPORTS, postpaid

REQUEST_ID = re.compile(r"[0-9a-f]{16}")


def request_id(response: httpx.Response) -> str:
    value = response.headers["X-Request-ID"]
    assert REQUEST_ID.fullmatch(value), value
    return value


async def test_every_answer_has_a_request_id_of_its_own(client, sign_in):
    headers = await sign_in()
    answers = {
        200: await client.get(ACCOUNTS, headers=headers),
        401: await client.get(ACCOUNTS),
        404: await client.get(f"{BILLS}/no-such-bill", headers=headers),
        405: await client.delete("/auth/token"),
        413: await client.post(
            "/auth/token",
            content=b"x" * (MAX_BODY_BYTES + 1),
            headers={"Content-Type": "application/json"},
        ),
        422: await client.post("/auth/token", json={"username": "camila"}),
    }
    assert {status: answer.status_code for status, answer in answers.items()} == {
        status: status for status in answers
    }
    ids = [request_id(answer) for answer in answers.values()]
    ids.append(request_id(await client.get("/health")))
    ids.append(request_id(await client.get("/health")))
    assert len(set(ids)) == len(ids)
    for answer in answers.values():
        if answer.status_code >= 400:
            assert_api_error(answer, answer.status_code, answer.json()["code"])


async def test_a_replayed_answer_is_another_request(client, sign_in):
    headers = await sign_in()
    _, bills = await postpaid(client, headers)
    keyed = {**headers, "Idempotency-Key": uuid.uuid4().hex}
    body = {
        "bill": {"id": bills[1]["id"]},
        "amount": {"unit": "COP", "value": 1000},
        "paymentDate": "2026-11-20",
        "channel": "bank",
        "reference": "REF-12345",
    }
    first = await client.post(REPORTS, headers=keyed, json=body)
    replay = await client.post(REPORTS, headers=keyed, json=body)
    assert replay.content == first.content
    assert request_id(replay) != request_id(first)


async def test_a_500_has_the_request_id_its_log_line_names(app, caplog):
    def explode() -> None:
        raise RuntimeError("secret internal detail")

    app.add_api_route("/explode", explode)
    transport = httpx.ASGITransport(app=app)
    with caplog.at_level(logging.ERROR, logger="miclaro_tui.sandbox"):
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            response = await client.get("/explode")
    assert_api_error(response, 500, "internalError")
    logged = [record.getMessage() for record in caplog.records]
    assert any(f"(request {request_id(response)})" in line for line in logged), logged


class Recording(httpx.AsyncBaseTransport):
    """The app in process, remembering the last answer's headers."""

    def __init__(self, app) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.last: httpx.Headers | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        self.last = response.headers
        return response


async def test_the_clients_error_carries_the_servers_request_id(app):
    transport = Recording(app)
    client = BillingClient("http://127.0.0.1", transport=transport, is_sandbox=True)
    try:
        await client.sign_in("camila", SecretStr(PASSWORDS["camila"]))
        with pytest.raises(NotFoundError) as caught:
            await client.get_bill("no-such-bill")
    finally:
        await client.aclose()
    assert transport.last is not None
    assert caught.value.request_id == transport.last["X-Request-ID"]
    assert REQUEST_ID.fullmatch(caught.value.request_id or "")
