"""Errors name the request that failed: method, path as sent (never the query string) and the
server's X-Request-ID; ``str(error)`` starts with method and path and holds no body or token.
A timeout is a kind of connection error."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable

import httpx
import pytest
from pydantic import SecretStr

from miclaro_tui import api
from miclaro_tui.client import BillingClient
from miclaro_tui.client.paths import BILLING, PAYMENT
from tests.unit.test_api_client import (
    BASE,
    BILL,
    PASSWORD,
    TokenServer,
    Waits,
    auth_then,
    error,
    sequence,
    signed_in,
)
from tests.unit.test_payments_client import create

BILL_PATH = f"{BILLING}/customerBill/B1"


@pytest.fixture
async def make_client():
    clients: list[BillingClient] = []

    def make(handler: Callable, **kwargs) -> BillingClient:
        client = BillingClient(
            BASE,
            transport=httpx.MockTransport(handler),
            sleep=Waits(),
            rng=random.Random(1),
            **kwargs,
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


def test_plain_errors_read_as_before():
    error = api.ApiConnectionError("down")
    assert str(error) == "down"
    assert (error.method, error.path, error.request_id) == (None, None, None)


def test_str_leads_with_method_and_path_and_ends_with_the_request_id():
    error = api.NotFoundError("no such bill", method="GET", path="/b/1", request_id="r-9")
    assert str(error) == "GET /b/1: no such bill (request id r-9)"


def test_user_message_does_not_change():
    error = api.NotFoundError("no such bill", method="GET", path="/b/1", request_id="r-9")
    assert error.user_message == api.NotFoundError("no such bill").user_message


def test_a_timeout_is_a_connection_error_with_its_own_message():
    timeout = api.ApiTimeoutError("slow")
    assert isinstance(timeout, api.ApiConnectionError)
    assert timeout.user_message != api.ApiConnectionError("down").user_message
    with pytest.raises(api.ApiConnectionError):
        raise timeout


async def test_status_error_names_the_request_and_the_server_id(make_client):
    answer = error(404, "notFound", **{"X-Request-ID": "req-123"})
    client = await signed_in(make_client(auth_then(lambda r: answer)))
    with pytest.raises(api.NotFoundError) as caught:
        await client.get_bill("B1")
    assert (caught.value.method, caught.value.path) == ("GET", BILL_PATH)
    assert caught.value.request_id == "req-123"
    assert str(caught.value) == f"GET {BILL_PATH}: message notFound (request id req-123)"


async def test_no_request_id_without_the_header(make_client):
    handler, _ = sequence(error(409, "conflict"))
    with pytest.raises(api.ConflictError) as caught:
        await make_client(handler).get_bill("B1")
    assert caught.value.request_id is None
    assert "request id" not in str(caught.value)


@pytest.mark.parametrize("value", ["x" * 129, "id\x1b[31m", "   "])
async def test_an_implausible_request_id_is_dropped(make_client, value):
    handler, _ = sequence(error(404, "notFound", **{"X-Request-ID": value}))
    with pytest.raises(api.NotFoundError) as caught:
        await make_client(handler).get_bill("B1")
    assert caught.value.request_id is None


async def test_the_query_string_never_reaches_the_error(make_client):
    handler, _ = sequence(error(400, "bad", **{"X-Request-ID": "r1"}))
    with pytest.raises(api.ApiStatusError) as caught:
        await make_client(handler).reconcile("key-secret-0001")
    assert caught.value.path == f"{PAYMENT}/payment"
    assert "key-secret-0001" not in str(caught.value) + repr(caught.value)
    assert "?" not in str(caught.value)


async def test_the_path_is_as_sent_under_the_base_urls_own_path():
    handler, seen = sequence(error(404, "notFound"))
    client = BillingClient(
        "https://api.example.com/gateway/", transport=httpx.MockTransport(handler)
    )
    try:
        with pytest.raises(api.NotFoundError) as caught:
            await client.get_bill("a/b")
    finally:
        await client.aclose()
    assert caught.value.path == f"/gateway{BILLING}/customerBill/a%2Fb"
    assert seen[0].url.raw_path.decode() == caught.value.path


@pytest.mark.parametrize(
    ("failure", "expected"),
    [(httpx.ConnectError, api.ApiConnectionError), (httpx.ReadTimeout, api.ApiTimeoutError)],
)
async def test_transport_failures_name_the_request(make_client, failure, expected):
    handler, _ = sequence(failure)
    with pytest.raises(expected) as caught:
        await make_client(handler).list_bills("A1", "sent")
    assert (caught.value.method, caught.value.path) == ("GET", f"{BILLING}/customerBill")
    assert caught.value.request_id is None
    assert str(caught.value).startswith(f"GET {BILLING}/customerBill: ")


async def test_the_deadline_names_the_request(make_client):
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return httpx.Response(200, json=BILL)

    with pytest.raises(api.ApiConnectionError) as caught:  # a timeout is a connection error
        await make_client(slow, timeout=0.05).get_bill("B1")
    assert isinstance(caught.value, api.ApiTimeoutError)
    assert str(caught.value).startswith(f"GET {BILL_PATH}: ")


async def test_an_unreadable_answer_names_the_request(make_client):
    answer = httpx.Response(200, content=b"<html>", headers={"X-Request-ID": "r-7"})
    with pytest.raises(api.BadResponseError) as caught:
        await make_client(lambda r: answer).get_bill("B1")
    assert (caught.value.method, caught.value.path, caught.value.request_id) == (
        "GET",
        BILL_PATH,
        "r-7",
    )


async def test_outcome_unknown_names_the_payment_request(make_client):
    handler, _ = sequence(httpx.ReadError)
    with pytest.raises(api.OutcomeUnknownError) as caught:
        await make_client(handler).pay(create())
    assert (caught.value.method, caught.value.path) == ("POST", f"{PAYMENT}/payment")
    assert str(caught.value).startswith(f"POST {PAYMENT}/payment: outcome unknown")


async def test_no_session_names_the_request_it_stopped(make_client):
    with pytest.raises(api.SessionExpiredError) as caught:
        await make_client(TokenServer()).get_bill("B1")
    assert (caught.value.method, caught.value.path) == ("GET", BILL_PATH)


async def test_a_refused_refresh_names_the_refresh(make_client):
    server = TokenServer(refuse_refresh=True)
    client = await signed_in(make_client(server))
    server.expired = True
    with pytest.raises(api.SessionExpiredError) as caught:
        await client.get_bill("B1")
    assert (caught.value.method, caught.value.path) == ("POST", "/auth/refresh")
    assert "refresh-1" not in str(caught.value) and "access-1" not in str(caught.value)


async def test_wrong_password_names_the_sign_in_but_not_the_password(make_client):
    client = make_client(lambda r: error(401, "invalidCredentials", **{"X-Request-ID": "r-2"}))
    with pytest.raises(api.AuthenticationError) as caught:
        await client.sign_in("ana", SecretStr(PASSWORD))
    assert str(caught.value).startswith("POST /auth/token: ")
    assert caught.value.request_id == "r-2"
    assert PASSWORD not in str(caught.value) + repr(caught.value)


async def test_a_refused_body_is_not_quoted(make_client):
    handler, _ = sequence(error(422, "invalid", field="email"))
    with pytest.raises(api.ValidationError) as caught:
        await make_client(handler).send_bill("B1", "ana.secret@example.com")
    assert str(caught.value).startswith(f"POST {BILL_PATH}/send: ")
    assert "ana.secret" not in str(caught.value)
