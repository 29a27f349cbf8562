"""Size limits and plain text: a body over 64 KiB is 413 before it is parsed, every string
has a maximum length, names and e-mails refuse control and bidi characters, an e-mail is
checked by a maintained validator, and a 405 names every method the path takes."""

from __future__ import annotations

import pytest

from miclaro_tui.models import MAX_BODY_BYTES
from tests.sandbox.conftest import BILLS, assert_api_error
from tests.sandbox.payment_helpers import (
    PAYMENTS,
    card_method,
    pay,
    payment_body,
    postpaid,
    tokenize,
)


async def test_a_10_mb_sign_in_is_413_before_it_is_parsed(client):
    body = b'{"username": "camila", "password": "' + b"x" * 10_000_000 + b'"}'
    response = await client.post(
        "/auth/token", content=body, headers={"Content-Type": "application/json"}
    )
    assert "64" in assert_api_error(response, 413, "requestTooLarge")["message"]


async def test_a_streamed_body_over_the_limit_is_413(client):
    async def chunks():
        for _ in range(MAX_BODY_BYTES // 1024 + 2):
            yield b" " * 1024

    response = await client.post(
        "/auth/token", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert_api_error(response, 413, "requestTooLarge")


async def test_a_body_just_under_the_limit_is_read(client):
    padding = " " * (MAX_BODY_BYTES - 100)
    body = f'{{"username": "camila",{padding}"password": "camila2026"}}'.encode()
    assert len(body) <= MAX_BODY_BYTES
    response = await client.post(
        "/auth/token", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200


async def test_a_long_channel_name_is_refused_and_not_stored(client, sign_in):
    headers = await sign_in("camila")
    account, bills = await postpaid(client, headers)
    body = payment_body(account, [(bills[1], 1000)], card_method(await tokenize(client, headers)))
    body["channel"] = {"id": "kiosk", "name": "k" * 101}
    response = await pay(client, headers, body)
    assert assert_api_error(response, 422, "validationError")["field"] == "channel.name"
    listed = await client.get(
        PAYMENTS, headers=headers, params={"correlatorId": body["correlatorId"]}
    )
    assert listed.json() == []


@pytest.mark.parametrize(
    ("email", "status"),
    [
        ("camila@example.com", 202),
        ("josé.pérez@ejemplo.com.co", 202),
        ("camila@localhost", 422),
        ("camila@@example.com", 422),
        ("camila@exa mple.com", 422),
        ("camila\u202e@example.com", 422),
        ("camila\x00@example.com", 422),
        ("c" * 250 + "@example.com", 422),
        ("c" * 1_000_000 + "@example.com", 413),
    ],
)
async def test_e_mail_addresses_are_checked(client, sign_in, email, status):
    headers = await sign_in("camila")
    bills = (await client.get(BILLS, headers=headers)).json()
    response = await client.post(
        f"{BILLS}/{bills[0]['id']}/send", headers=headers, json={"email": email}
    )
    assert response.status_code == status, response.text
    if status == 422:
        assert response.json()["field"] == "email"


@pytest.mark.parametrize(
    "name", ["Camila\x00", "Camila\u202eZEUGIRDOR", "Cam\u2066ila", "Ca\nmila"]
)
async def test_names_refuse_control_and_bidi_characters(client, sign_in, name):
    headers = await sign_in("camila")
    response = await client.post(
        "/tmf-api/paymentMethods/v4/paymentMethod",
        headers=headers,
        json={
            "nameOnCard": name,
            "cardNumber": "4539333333331111",
            "expirationDate": "12/2030",
            "cvv": "123",
        },
    )
    assert assert_api_error(response, 422, "validationError")["field"] == "nameOnCard"


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        (PAYMENTS, "GET, POST"),
        (f"{PAYMENTS}/PAY00000001", "GET"),
        ("/auth/token", "POST"),
        (f"{BILLS}/B1/send", "POST"),
    ],
)
async def test_405_names_every_method_of_the_path(client, path, allowed):
    response = await client.request("OPTIONS", path)
    assert_api_error(response, 405, "methodNotAllowed")
    assert response.headers["Allow"] == allowed
    assert (await client.request("DELETE", path)).headers["Allow"] == allowed


async def test_a_query_parameter_without_a_name_is_422(client, sign_in):
    headers = await sign_in("camila")
    for query in ("=x", "limit=5&=x", "="):
        response = await client.get(f"{BILLS}?{query}", headers=headers)
        assert assert_api_error(response, 422, "validationError")["field"] == "query"
