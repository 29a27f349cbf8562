"""Bounds of the contract: what one payment may move, how much credit an account may hold,
the range of offset and limit. Past them the answer is a 422 naming the field, never a 500,
and the account keeps answering."""

from __future__ import annotations

from decimal import Decimal

import pytest

from miclaro_tui.models import MAX_OFFSET, MAX_PAGE_SIZE, PAYMENT_LIMITS
from tests.sandbox.conftest import ACCOUNTS, BILLS, assert_api_error
from tests.sandbox.payment_helpers import (
    PAYMENTS,
    account_of,
    balance,
    card_method,
    pay,
    payment_body,
    postpaid,
    pse_method,
    tokenize,
    value,
)

COP_LIMIT = PAYMENT_LIMITS["COP"]


async def test_a_payment_over_its_currencys_limit_is_refused(client, sign_in):
    headers = await sign_in("camila")
    account, bills = await postpaid(client, headers)
    card = await tokenize(client, headers)
    for amount in (Decimal("999999999999.99"), COP_LIMIT + 1):
        response = await pay(
            client, headers, payment_body(account, [(bills[0], amount)], card_method(card))
        )
        body = assert_api_error(response, 422, "validationError")
        assert body["field"] == "amount.value" and "at most" in body["message"]
    assert (await client.get(ACCOUNTS, headers=headers)).status_code == 200
    assert (await client.get(f"{ACCOUNTS}/{account['id']}", headers=headers)).status_code == 200


async def test_overpayments_cannot_push_the_credit_past_the_limit(client, sign_in):
    headers = await sign_in("camila")
    account, bills = await postpaid(client, headers)
    card = await tokenize(client, headers)
    first = await pay(
        client, headers, payment_body(account, [(bills[0], COP_LIMIT)], card_method(card))
    )
    assert first.status_code == 201, first.text
    credit = balance(await account_of(client, headers, account["id"]), "creditBalance")
    assert Decimal(0) < credit <= COP_LIMIT

    second = await pay(
        client, headers, payment_body(account, [(bills[0], COP_LIMIT)], card_method(card))
    )
    body = assert_api_error(second, 422, "validationError")
    assert body["field"] == "amount.value" and "credit" in body["message"]
    # Both account routes keep answering, with the credit within Money's range.
    assert (await client.get(ACCOUNTS, headers=headers)).status_code == 200
    after = await account_of(client, headers, account["id"])
    assert balance(after, "creditBalance") == credit


async def test_pending_payments_count_towards_the_credit_limit(client, sign_in):
    headers = await sign_in("camila")
    account, bills = await postpaid(client, headers)
    owed = value(bills[0]["remainingAmount"])
    half = (COP_LIMIT / 2).quantize(Decimal(1))
    pending = await pay(
        client, headers, payment_body(account, [(bills[0], owed + half)], pse_method())
    )
    assert pending.json()["status"] == "pendingAuthorization"
    too_much = await pay(
        client, headers, payment_body(account, [(bills[0], owed + half + 1)], pse_method())
    )
    assert_api_error(too_much, 422, "validationError")


@pytest.mark.parametrize("path", [ACCOUNTS, BILLS, PAYMENTS])
@pytest.mark.parametrize("offset", [-1, MAX_OFFSET + 1, 2**63 - 1, 2**63, 2**64, 10**30])
async def test_offsets_out_of_range_are_422(client, sign_in, path, offset):
    headers = await sign_in("camila")
    response = await client.get(path, headers=headers, params={"offset": offset})
    assert assert_api_error(response, 422, "validationError")["field"] == "offset"


@pytest.mark.parametrize("path", [ACCOUNTS, BILLS, PAYMENTS])
async def test_the_largest_offset_is_an_empty_page(client, sign_in, path):
    headers = await sign_in("camila")
    response = await client.get(path, headers=headers, params={"offset": MAX_OFFSET})
    assert response.status_code == 200 and response.json() == []
    assert int(response.headers["X-Total-Count"]) > 0


@pytest.mark.parametrize("limit", [0, MAX_PAGE_SIZE + 1, 2**63])
async def test_limits_out_of_range_are_422(client, sign_in, limit):
    headers = await sign_in("camila")
    response = await client.get(BILLS, headers=headers, params={"limit": limit})
    assert assert_api_error(response, 422, "validationError")["field"] == "limit"
