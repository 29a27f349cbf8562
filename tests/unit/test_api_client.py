"""BillingClient against ``httpx.MockTransport``: error mapping, retries, deadline, token
refresh, TLS policy, exact money and secrets kept out of reprs. No test really waits."""

from __future__ import annotations

import asyncio
import json
import random
import traceback
from collections.abc import Callable
from decimal import Decimal

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import SecretStr

from miclaro_tui import api
from miclaro_tui.client import BillingClient
from miclaro_tui.client.decode import parse
from miclaro_tui.client.paths import BILLING
from miclaro_tui.error_messages import field_label
from miclaro_tui.models import MAX_AMOUNT, BillingAccount, Money

BASE = "https://api.example.com"
PASSWORD = "hunter2-correct-horse"
BILL_PATH = f"{BILLING}/customerBill/B1"


def money(value: str | float, unit: str = "COP") -> dict:
    return {"unit": unit, "value": value}


BILL = {
    "id": "B1",
    "billNo": "F-0001",
    "billDate": "2026-11-01",
    "billingPeriod": {"startDateTime": "2026-10-01", "endDateTime": "2026-10-31"},
    "paymentDueDate": "2026-11-20",
    "cutOffDate": "2026-11-30",
    "state": "sent",
    "amountDue": money(125900.5),
    "remainingAmount": money(125900.5),
    "taxExcludedAmount": money(105798.74),
    "taxIncludedAmount": money(125900.5),
    "billingAccount": {"id": "A1"},
}

ACCOUNT = {
    "id": "A1",
    "name": "Ana Pérez",
    "accountType": "postpaid",
    "state": "active",
    "paymentStatus": "due",
    "country": "CO",
    "currency": "COP",
}


def tokens(n: int, username: str = "ana") -> dict:
    return {
        "access_token": f"access-{n}",
        "refresh_token": f"refresh-{n}",
        "expires_in": 900,
        "username": username,
    }


def error(status: int, code: str = "oops", field: str | None = None, **headers: str):
    body = {"code": code, "reason": "Reason", "message": f"message {code}", "status": status}
    if field:
        body["field"] = field
    return httpx.Response(status, json=body, headers=headers)


class Waits(list):
    """An injected ``sleep`` that records the delays instead of waiting."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def waits() -> Waits:
    return Waits()


@pytest.fixture
async def make_client(waits: Waits):
    clients: list[BillingClient] = []

    def make(handler: Callable, **kwargs) -> BillingClient:
        kwargs.setdefault("sleep", waits)
        kwargs.setdefault("rng", random.Random(1))
        client = BillingClient(BASE, transport=httpx.MockTransport(handler), **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


async def signed_in(client: BillingClient) -> BillingClient:
    await client.sign_in("ana", SecretStr(PASSWORD))
    return client


def auth_then(handler: Callable) -> Callable:
    """A server that signs "ana" in with tokens #1 and passes the rest to ``handler``."""

    def serve(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/auth/token":
            return httpx.Response(200, json=tokens(1))
        return handler(request)

    return serve


# --- error mapping -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (error(402, "declined"), api.PaymentDeclinedError),
        (error(403, "forbidden"), api.PermissionDeniedError),
        (error(404, "notFound"), api.NotFoundError),
        (error(409, "conflict"), api.ConflictError),
        (error(429, "tooMany"), api.RateLimitError),
        (error(500, "boom"), api.ServerError),
        (error(503, "down"), api.ServerError),
        (error(400, "bad"), api.ApiStatusError),
    ],
)
async def test_status_maps_to_error_class(make_client, response, expected):
    client = await signed_in(make_client(auth_then(lambda r: response), max_attempts=1))
    with pytest.raises(expected) as caught:
        await client.get_bill("B1")
    assert type(caught.value) is expected
    assert caught.value.status == response.status_code
    assert caught.value.message == f"message {response.json()['code']}"
    assert caught.value.user_message


async def test_422_carries_the_field(make_client):
    client = await signed_in(make_client(auth_then(lambda r: error(422, "invalid", "email"))))
    with pytest.raises(api.ValidationError) as caught:
        await client.send_bill("B1", "not-an-email")
    assert caught.value.field == "email"
    # The form's label, in the current language, not the API's field name.
    assert field_label("email") in caught.value.user_message
    assert field_label("email") != "email"


async def test_wrong_password_is_authentication_error(make_client):
    client = make_client(lambda r: error(401, "invalidCredentials"))
    with pytest.raises(api.AuthenticationError) as caught:
        await client.sign_in("ana", SecretStr("wrong"))
    assert type(caught.value) is api.AuthenticationError
    assert client.refresh_token is None


async def test_locked_account_reads_retry_after(make_client):
    client = make_client(lambda r: error(403, "accountLocked", **{"Retry-After": "900"}))
    with pytest.raises(api.AccountLockedError) as caught:
        await client.sign_in("ana", SecretStr("wrong"))
    assert caught.value.retry_after == 900
    assert "15" in caught.value.user_message


@pytest.mark.parametrize(
    "body", [b"<html>Bad Gateway</html>", b'{"code": "x"', b"", b'{"unexpected": true}']
)
async def test_garbage_error_body_still_maps_by_status(make_client, body):
    client = await signed_in(
        make_client(auth_then(lambda r: httpx.Response(404, content=body)), max_attempts=1)
    )
    with pytest.raises(api.NotFoundError) as caught:
        await client.get_bill("B1")
    assert caught.value.reason == "Not Found"


@pytest.mark.parametrize(
    "body",
    [
        b"<html>hello</html>",
        json.dumps(BILL).encode()[:-20],  # truncated
        b'{"id": "B1"}',  # JSON, not the contract
        json.dumps({**BILL, "amountDue": money(0.001)}).encode(),  # sub-cent money
    ],
)
async def test_unreadable_answer_is_bad_response(make_client, body):
    client = await signed_in(make_client(auth_then(lambda r: httpx.Response(200, content=body))))
    with pytest.raises(api.BadResponseError):
        await client.get_bill("B1")


# --- retries and deadline ------------------------------------------------------------------


def sequence(*responses) -> tuple[Callable, list[httpx.Request]]:
    """A handler answering ``responses`` in turn (an exception class is raised)."""
    seen: list[httpx.Request] = []
    queue = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(item, type) and issubclass(item, Exception):
            raise item("simulated", request=request)
        return item

    return handler, seen


async def test_503_waits_retry_after_seconds(make_client, waits):
    handler, seen = sequence(
        httpx.Response(503, headers={"Retry-After": "2"}), httpx.Response(200, json=BILL)
    )
    bill = await make_client(handler).get_bill("B1")
    assert bill.id == "B1"
    assert waits == [2.0]
    assert len(seen) == 2


async def test_retry_after_http_date_is_measured_from_the_server_date(make_client, waits):
    handler, _ = sequence(
        httpx.Response(
            503,
            headers={
                "Date": "Wed, 25 Nov 2026 10:00:00 GMT",
                "Retry-After": "Wed, 25 Nov 2026 10:00:07 GMT",
            },
        ),
        httpx.Response(200, json=BILL),
    )
    await make_client(handler).get_bill("B1")
    assert waits == [7.0]


@pytest.mark.parametrize(
    "value", ["Wed, 25 Nov 2026 10:00:07 -0000", "Wed, 25 Nov 2026 10:00:07 GMT"]
)
async def test_retry_after_dates_with_any_zone_notation(make_client, waits, value):
    handler, _ = sequence(
        httpx.Response(
            503, headers={"Date": "Wed, 25 Nov 2026 10:00:00 +0000", "Retry-After": value}
        ),
        httpx.Response(200, json=BILL),
    )
    await make_client(handler).get_bill("B1")
    assert waits == [7.0]


async def test_429_is_retried(make_client, waits):
    handler, seen = sequence(
        httpx.Response(429, headers={"Retry-After": "1"}), httpx.Response(200, json=BILL)
    )
    await make_client(handler).get_bill("B1")
    assert waits == [1.0]
    assert len(seen) == 2


async def test_connection_errors_back_off_exponentially_with_jitter(make_client, waits):
    handler, seen = sequence(httpx.ConnectError, httpx.ReadError, httpx.Response(200, json=BILL))
    await make_client(handler, backoff=0.2).get_bill("B1")
    assert len(seen) == 3
    first, second = waits
    assert 0.1 <= first <= 0.2
    assert 0.2 <= second <= 0.4


async def test_gives_up_after_max_attempts(make_client, waits):
    handler, seen = sequence(httpx.Response(503))
    with pytest.raises(api.ServerError):
        await make_client(handler, max_attempts=3).get_bill("B1")
    assert len(seen) == 3
    assert len(waits) == 2


async def test_connection_error_after_max_attempts(make_client):
    handler, seen = sequence(httpx.ConnectError)
    with pytest.raises(api.ApiConnectionError):
        await make_client(handler).get_bill("B1")
    assert len(seen) == 4


async def test_retry_after_beyond_the_deadline_gives_up_at_once(make_client, waits):
    handler, seen = sequence(httpx.Response(429, headers={"Retry-After": "3600"}))
    with pytest.raises(api.RateLimitError) as caught:
        await make_client(handler, timeout=15).get_bill("B1")
    assert caught.value.retry_after == 3600
    assert waits == []
    assert len(seen) == 1


async def test_deadline_raises_timeout(make_client):
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return httpx.Response(200, json=BILL)

    with pytest.raises(api.ApiTimeoutError):
        await make_client(slow, timeout=0.05).get_bill("B1")


async def test_deadline_covers_all_attempts(make_client):
    async def sleep(seconds: float) -> None:
        await asyncio.sleep(0.02)

    handler, seen = sequence(httpx.ConnectError)
    with pytest.raises(api.ApiConnectionError):
        await make_client(
            handler, timeout=0.2, max_attempts=100, backoff=0.001, sleep=sleep
        ).get_bill("B1")
    # 100 attempts need 2 s of pauses: the 0.2 s deadline ends them first, however slow the
    # machine is (a busy one may fit a single attempt in the deadline).
    assert 1 <= len(seen) < 100


async def post(client: BillingClient, key: str | None) -> httpx.Response:
    """A POST with a body, under ``key`` or none, through the client's transport."""
    return await client._transport.request(
        "POST",
        f"{BILLING}/payment",
        body=Money(unit="COP", value=Decimal(1)),
        idempotency_key=key,
    )


async def test_post_without_idempotency_key_is_never_retried(make_client, waits):
    handler, seen = sequence(httpx.Response(503), httpx.Response(201))
    with pytest.raises(api.ServerError):
        await post(make_client(handler), key=None)
    assert len(seen) == 1
    assert waits == []


async def test_post_connection_error_without_key_is_not_retried(make_client):
    handler, seen = sequence(httpx.ConnectError, httpx.Response(201))
    with pytest.raises(api.ApiConnectionError):
        await post(make_client(handler), key=None)
    assert len(seen) == 1


async def test_post_with_idempotency_key_is_retried_with_the_same_key(make_client):
    handler, seen = sequence(httpx.ReadTimeout, httpx.Response(502), httpx.Response(201))
    response = await post(make_client(handler), key="key-1")
    assert response.status_code == 201
    assert [r.headers["Idempotency-Key"] for r in seen] == ["key-1"] * 3
    assert {r.content for r in seen} == {b'{"unit":"COP","value":1}'}


async def test_send_bill_is_retried_under_one_key_per_call(make_client):
    sent = httpx.Response(202, json={"billId": "B1", "sentTo": "a***@example.com"})
    handler, seen = sequence(httpx.ReadError, httpx.Response(503), sent)
    client = make_client(handler)
    await client.send_bill("B1")
    await client.send_bill("B1")
    keys = [r.headers["Idempotency-Key"] for r in seen]
    assert len(keys) == 4
    assert keys[0] == keys[1] == keys[2]  # one call: its retries reuse its key
    assert keys[3] != keys[0]  # another call is another intent


# --- tokens --------------------------------------------------------------------------------


class TokenServer:
    """Generation n issues access-n / refresh-n; only the latest pair is good. ``expired``
    makes the current access token be refused until the next refresh."""

    def __init__(self, refresh_delay: float = 0, refuse_refresh: bool = False) -> None:
        self.generation = 0
        self.expired = False
        self.refreshes = 0
        self.refresh_delay = refresh_delay
        self.refuse_refresh = refuse_refresh
        self.authorizations: list[str | None] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/auth/token":
            self.generation += 1
            return httpx.Response(200, json=tokens(self.generation))
        if path == "/auth/refresh":
            self.refreshes += 1
            await asyncio.sleep(self.refresh_delay)
            sent = json.loads(request.content)["refresh_token"]
            if self.refuse_refresh or sent != f"refresh-{self.generation}":
                return error(401, "invalidRefreshToken")
            self.generation += 1
            self.expired = False
            return httpx.Response(200, json=tokens(self.generation))
        if path == "/auth/logout":
            return httpx.Response(204)
        authorization = request.headers.get("Authorization")
        self.authorizations.append(authorization)
        if self.expired or authorization != f"Bearer access-{self.generation}":
            return error(401, "invalidToken")
        return httpx.Response(200, json=BILL)


async def test_401_refreshes_once_and_replays(make_client):
    server = TokenServer()
    client = await signed_in(make_client(server))
    server.expired = True
    bill = await client.get_bill("B1")
    assert bill.id == "B1"
    assert server.refreshes == 1
    assert server.authorizations == ["Bearer access-1", "Bearer access-2"]
    assert client.refresh_token.get_secret_value() == "refresh-2"


async def test_many_concurrent_401s_refresh_exactly_once(make_client):
    server = TokenServer(refresh_delay=0.01)
    client = await signed_in(make_client(server))
    server.expired = True
    bills = await asyncio.gather(*(client.get_bill("B1") for _ in range(10)))
    assert [b.id for b in bills] == ["B1"] * 10
    assert server.refreshes == 1
    assert server.authorizations.count("Bearer access-2") == 10


async def test_refused_refresh_clears_tokens(make_client):
    server = TokenServer(refuse_refresh=True)
    client = await signed_in(make_client(server))
    server.expired = True
    results = await asyncio.gather(
        *(client.get_bill("B1") for _ in range(3)), return_exceptions=True
    )
    assert all(isinstance(r, api.SessionExpiredError) for r in results)
    assert server.refreshes == 1
    assert client.refresh_token is None
    assert client.username == "ana"  # kept, to offer signing in again as ana


async def test_resume_with_remembered_token(make_client):
    server = TokenServer()
    server.generation = 4
    client = make_client(server)
    await client.resume(SecretStr("refresh-4"))
    assert client.username == "ana"
    assert (await client.get_bill("B1")).id == "B1"


async def test_resume_with_revoked_token_is_session_expired(make_client):
    client = make_client(TokenServer())
    with pytest.raises(api.SessionExpiredError):
        await client.resume(SecretStr("revoked"))
    assert client.refresh_token is None


async def test_calls_before_sign_in_are_session_expired(make_client):
    with pytest.raises(api.SessionExpiredError):
        await make_client(TokenServer()).get_bill("B1")


async def test_sign_out_clears_tokens_even_when_logout_fails(make_client):
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/auth/token":
            return httpx.Response(200, json=tokens(1))
        raise httpx.ConnectError("down", request=request)

    client = await signed_in(make_client(handler))
    await client.sign_out()
    assert client.refresh_token is None
    assert client.username is None


async def test_sign_out_sends_the_refresh_token_to_logout(make_client):
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/auth/token":
            return httpx.Response(200, json=tokens(1))
        return httpx.Response(204)

    client = await signed_in(make_client(handler))
    await client.sign_out()
    assert seen[-1].url.path == "/auth/logout"
    assert json.loads(seen[-1].content) == {"refresh_token": "refresh-1"}
    assert "Authorization" not in seen[-1].headers


async def test_empty_password_is_a_validation_error(make_client):
    with pytest.raises(api.ValidationError) as caught:
        await make_client(TokenServer()).sign_in("ana", SecretStr(""))
    assert caught.value.field == "password"


# --- TLS policy ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://api.example.com", "http://10.0.0.1:8080", "ftp://api.example.com"]
)
def test_plain_http_refused_off_loopback(url):
    with pytest.raises(ValueError, match="https://"):
        BillingClient(url)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://127.0.0.1:8080", "127.0.0.1:8080"),
        ("http://127.9.9.9", "127.9.9.9"),
        ("http://[::1]:9000/", "::1:9000"),
        ("http://localhost", "localhost"),
        ("https://api.example.com", "api.example.com"),
    ],
)
async def test_loopback_and_https_allowed(url, host):
    client = BillingClient(url)
    assert client.host == host
    await client.aclose()


# --- resources -----------------------------------------------------------------------------


async def test_list_bills_sends_filters_and_reads_total(make_client):
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[BILL, BILL], headers={"X-Total-Count": "42"})

    page = await make_client(handler).list_bills("A1", "sent", offset=10, limit=2)
    assert (page.total, page.offset, page.limit, len(page.items)) == (42, 10, 2, 2)
    assert dict(seen[0].url.params) == {
        "billingAccount.id": "A1",
        "state": "sent",
        "offset": "10",
        "limit": "2",
    }
    assert seen[0].url.path == f"{BILLING}/customerBill"


async def test_list_bills_with_garbage_total_is_bad_response(make_client):
    client = make_client(lambda r: httpx.Response(200, json=[], headers={"X-Total-Count": "x"}))
    with pytest.raises(api.BadResponseError):
        await client.list_bills()


async def test_ids_cannot_add_path_segments(make_client):
    handler, seen = sequence(httpx.Response(200, json=BILL))
    await make_client(handler).get_bill("../billingAccount/A2")
    assert seen[0].url.raw_path == f"{BILLING}/customerBill/..%2FbillingAccount%2FA2".encode()


async def test_bill_rates_and_accounts(make_client):
    rate = {
        "id": "R1",
        "name": "Plan",
        "type": "recurringCharge",
        "date": "2026-10-01",
        "bill": {"id": "B1"},
        "taxExcludedAmount": money(100),
        "taxIncludedAmount": money(119),
    }

    def handler(request: httpx.Request) -> httpx.Response:
        if "appliedCustomerBillingRate" in request.url.path:
            assert request.url.params["bill.id"] == "B1"
            return httpx.Response(200, json=[rate])
        if request.url.path.endswith("/billingAccount"):
            return httpx.Response(200, json=[ACCOUNT])
        return httpx.Response(200, json=ACCOUNT)

    client = make_client(handler)
    assert [r.id for r in await client.list_bill_rates("B1")] == ["R1"]
    assert [a.id for a in await client.list_billing_accounts()] == ["A1"]
    assert (await client.get_billing_account("A1")).name == "Ana Pérez"


async def test_download_returns_pdf_bytes(make_client):
    pdf = b"%PDF-1.7\n..."
    client = make_client(
        lambda r: httpx.Response(200, content=pdf, headers={"Content-Type": "application/pdf"})
    )
    assert await client.download_bill_document("B1") == pdf


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(b"<html>login</html>", "text/html"), (b"not a pdf", "application/pdf")],
)
async def test_download_of_something_else_is_bad_response(make_client, content, content_type):
    client = make_client(
        lambda r: httpx.Response(200, content=content, headers={"Content-Type": content_type})
    )
    with pytest.raises(api.BadResponseError):
        await client.download_bill_document("B1")


async def test_send_bill_posts_the_email(make_client):
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(202, json={"billId": "B1", "sentTo": "a***@example.com"})

    result = await make_client(handler).send_bill("B1", "ana@example.com")
    assert result.sentTo == "a***@example.com"
    assert seen[0].method == "POST"
    assert seen[0].url.path == f"{BILL_PATH}/send"
    assert json.loads(seen[0].content) == {"email": "ana@example.com"}


# --- money ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["0.1", "0.2", "999999999999.99", "-0.3", "125900.5"])
async def test_amounts_arrive_exact(make_client, text):
    body = json.dumps({**BILL, "amountDue": "AMOUNT"}).replace('"AMOUNT"', money_json(text))
    client = make_client(lambda r: httpx.Response(200, content=body.encode()))
    bill = await client.get_bill("B1")
    assert bill.amountDue.value == Decimal(text)


def money_json(text: str) -> str:
    return f'{{"unit": "COP", "value": {text}}}'


async def test_amount_with_hidden_digits_is_refused_not_rounded(make_client):
    # As a float this would read as 0.1; as the decimal it is, it is not a valid amount.
    body = json.dumps({**BILL, "amountDue": "A"}).replace('"A"', money_json("0.10000000000000001"))
    client = make_client(lambda r: httpx.Response(200, content=body.encode()))
    with pytest.raises(api.BadResponseError):
        await client.get_bill("B1")


async def test_point_one_plus_point_two_is_point_three(make_client):
    body = json.dumps({**BILL, "amountDue": "A", "remainingAmount": "B"})
    body = body.replace('"A"', money_json("0.1")).replace('"B"', money_json("0.2"))
    bill = await make_client(lambda r: httpx.Response(200, content=body.encode())).get_bill("B1")
    assert (bill.amountDue + bill.remainingAmount).value == Decimal("0.3")


@given(st.decimals(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT, places=2, allow_nan=False))
def test_any_amount_round_trips_exactly_through_the_wire(value):
    account = BillingAccount.model_validate(
        {**ACCOUNT, "accountBalance": [{"balanceType": "amountDue", "amount": money(value)}]}
    )
    wire = httpx.Response(200, content=account.model_dump_json().encode())
    assert parse(wire, BillingAccount).balance("amountDue").value == value


# --- secrets -------------------------------------------------------------------------------


def texts_of(exc: BaseException) -> str:
    """Everything a crash screen could print: messages, reprs, traceback and frame locals."""
    parts = [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        parts += [str(exc), repr(exc), str(vars(exc))]
        tb = exc.__traceback__
        while tb is not None:
            parts += [repr(v) for v in tb.tb_frame.f_locals.values()]
            tb = tb.tb_next
        exc = exc.__cause__ or exc.__context__
    return "\n".join(parts)


@pytest.mark.parametrize(
    "answer",
    [error(401, "invalidCredentials"), httpx.ConnectError, httpx.Response(200, content=b"{")],
)
async def test_password_never_in_errors_or_reprs(make_client, answer):
    handler, seen = sequence(answer)
    client = make_client(handler)
    with pytest.raises(api.BillingError) as caught:
        await client.sign_in("ana", SecretStr(PASSWORD))
    assert PASSWORD in seen[0].content.decode()  # it was really sent
    everything = texts_of(caught.value) + repr(client) + str(client)
    assert PASSWORD not in everything


async def test_tokens_never_in_reprs_or_errors(make_client):
    server = TokenServer(refuse_refresh=True)
    client = await signed_in(make_client(server))
    assert "access-1" not in repr(client) + str(client)
    assert "refresh-1" not in repr(client) + repr(client.refresh_token)
    server.expired = True
    with pytest.raises(api.SessionExpiredError) as caught:
        await client.get_bill("B1")
    everything = texts_of(caught.value)
    assert "access-1" not in everything
    assert "refresh-1" not in everything
