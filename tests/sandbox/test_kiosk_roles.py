"""Roles both ways: a customer's token cannot use kiosk routes (operatorsOnly); kiosk staff
cannot use a customer's own routes (notForOperators) and pay only in cash."""

from __future__ import annotations

import pytest

from tests.sandbox.conftest import ACCOUNTS, BILLS, assert_api_error, token_for
from tests.sandbox.kiosk_helpers import (
    LOOKUP,
    REFUNDS,
    SHIFTS,
    key,
    lookup,
    open_shift,
    pay_cash,
    round_up,
    staff_headers,
)
from tests.sandbox.payment_helpers import METHODS, PAYMENTS, PROMISES, REPORTS, tokenize

KIOSK_ROUTES: list[tuple[str, str, dict | None]] = [
    ("GET", "/cashDenominations/CO", None),
    ("GET", f"{SHIFTS}/current", None),
    ("POST", SHIFTS, {"terminalId": "CAJA-01", "openingCount": []}),
    ("GET", f"{SHIFTS}/SH00000001/report", None),
    ("POST", f"{SHIFTS}/SH00000001/close", {"count": []}),
    ("GET", f"{LOOKUP}?line=3001234567", None),
    ("POST", REFUNDS, {"payment": {"id": "PAY00000001"}, "reason": "wrong bill"}),
    ("GET", f"{REFUNDS}/RF00000001", None),
    ("GET", f"{REFUNDS}/RF00000001/receipt", None),
]


async def test_the_demo_staff_sign_in_with_their_role(client):
    assert (await token_for(client, "camila"))["role"] == "customer"
    for username, role in (("cajero", "operator"), ("caixa", "operator")):
        response = await client.post(
            "/auth/token", json={"username": username, "password": f"{username}2026"}
        )
        assert response.json()["role"] == role
    response = await client.post(
        "/auth/token", json={"username": "supervisora", "password": "supervisora2026"}
    )
    refreshed = await client.post(
        "/auth/refresh", json={"refresh_token": response.json()["refresh_token"]}
    )
    assert refreshed.json()["role"] == "supervisor"


@pytest.mark.parametrize(("method", "path", "body"), KIOSK_ROUTES)
async def test_a_customer_token_cannot_use_kiosk_routes(client, sign_in, method, path, body):
    headers = {**await sign_in("camila"), "Idempotency-Key": key()}
    response = await client.request(method, path, headers=headers, json=body)
    assert_api_error(response, 403, "operatorsOnly")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", ACCOUNTS, None),
        ("GET", f"{ACCOUNTS}/CO81399869", None),
        ("GET", BILLS, None),
        ("GET", f"{BILLS}/CB7188413301/document", None),
        ("POST", METHODS, {"@type": "bankCard"}),
        ("POST", PROMISES, {}),
        ("POST", REPORTS, {}),
        ("POST", f"{PAYMENTS}/PAY00000001/cancel", None),
    ],
)
async def test_an_operator_token_cannot_use_customer_routes(client, method, path, body):
    headers = await staff_headers(client)
    response = await client.request(method, path, headers=headers, json=body)
    assert_api_error(response, 403, "notForOperators")


async def test_a_customer_cannot_pay_in_cash(client, sign_in):
    operator = await staff_headers(client)
    shift = await open_shift(client, operator)
    bill = (await lookup(client, operator))["bills"][0]
    camila = await sign_in("camila")
    value = bill["amountDue"]["value"]
    response = await pay_cash(client, camila, bill, shift["id"], value, round_up(value))
    assert_api_error(response, 403, "operatorsOnly")


async def test_an_operator_pays_only_in_cash(client, sign_in):
    camila = await sign_in("camila")
    card = await tokenize(client, camila)
    operator = await staff_headers(client)
    bill = (await lookup(client, operator))["bills"][0]
    k = key("card")
    amount = bill["amountDue"]
    body = {
        "correlatorId": k,
        "account": {"id": bill["account"]["id"]},
        "amount": amount,
        "paymentItem": [{"item": {"id": bill["bill"]["id"]}, "amount": amount}],
        "paymentMethod": {"@type": "tokenizedCard", "id": card["id"]},
    }
    response = await client.post(PAYMENTS, headers={**operator, "Idempotency-Key": k}, json=body)
    assert_api_error(response, 403, "notForOperators")


async def test_an_operator_reads_the_payments_taken_and_nobody_elses(client, sign_in):
    operator = await staff_headers(client)
    shift = await open_shift(client, operator)
    bill = (await lookup(client, operator))["bills"][0]
    value = bill["amountDue"]["value"]
    paid = (await pay_cash(client, operator, bill, shift["id"], value, round_up(value))).json()
    listed = await client.get(PAYMENTS, headers=operator)
    assert [payment["id"] for payment in listed.json()] == [paid["id"]]
    assert listed.json()[0]["account"]["name"] == "Cam*** Rod*** Pér***"
    # The customer sees it in their own history, with their name.
    camila = await sign_in("camila")
    mine = await client.get(PAYMENTS, headers=camila, params={"correlatorId": paid["correlatorId"]})
    assert mine.json()[0]["account"]["name"] == "Camila Rodríguez Pérez"
    assert mine.json()[0]["operator"]["id"] == "cajero"
