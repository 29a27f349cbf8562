"""Transfers and pack gifts, the catalogue, the number check, buckets and usage, and the
guest top-up: every rule's refusal is a 4xx in the error shape."""

from __future__ import annotations

import pytest

from tests.sandbox.conftest import assert_api_error
from tests.sandbox.payment_helpers import PAYMENTS, card_number
from tests.sandbox.prepaid_helpers import (
    ANDRES_LINE,
    BUCKETS,
    CATALOG,
    CO_RECEIVER,
    EC_POSTPAID,
    EC_RECEIVER,
    HISTORY,
    MESSAGES,
    NUMBER_CHECK,
    PE_NUMBER,
    TRANSFERS,
    USAGE,
    balance,
    key,
    prepaid_account,
    topup_body,
)


async def transfer(client, headers, body, k=None):
    return await client.post(
        TRANSFERS, headers={**headers, "Idempotency-Key": k or key()}, json=body
    )


async def test_a_transfer_moves_the_balance_and_tells_the_receiver(client, sign_in):
    headers = await sign_in("andres")
    _, line = await prepaid_account(client, headers)
    catalog = (await client.get(f"{CATALOG}/EC")).json()
    fee = catalog["transferFee"]["value"]
    before = await balance(client, headers, line["id"])
    body = {
        "product": {"id": line["id"]},
        "receiverProduct": {"id": EC_RECEIVER},
        "amount": {"unit": "USD", "value": 2},
    }
    k = key()
    made = await transfer(client, headers, body, k)
    assert made.status_code == 201, made.text
    assert made.json()["totalDebited"]["value"] == pytest.approx(2 + fee)
    assert made.json()["costOwner"] == "sender"
    replay = await transfer(client, headers, body, k)
    assert replay.content == made.content
    assert await balance(client, headers, line["id"]) == pytest.approx(before - 2 - fee)
    history = (await client.get(HISTORY, headers=headers, params={"product.id": line["id"]})).json()
    assert history[0]["actionType"] == "transferOut" and history[0]["counterparty"] == EC_RECEIVER
    messages = (
        await client.get(MESSAGES, headers=headers, params={"receiver": EC_RECEIVER})
    ).json()
    assert len(messages) == 1 and ANDRES_LINE in messages[0]["content"]
    got = await client.get(f"{TRANSFERS}/{made.json()['id']}", headers=headers)
    assert got.json() == made.json()


async def test_a_pack_gift_debits_its_price(client, sign_in):
    headers = await sign_in("andres")
    _, line = await prepaid_account(client, headers)
    before = await balance(client, headers, line["id"])
    body = {
        "product": {"id": line["id"]},
        "receiverProduct": {"id": EC_RECEIVER},
        "packOffering": {"id": "EC-P1D"},
    }
    made = await transfer(client, headers, body)
    assert made.status_code == 201, made.text
    assert await balance(client, headers, line["id"]) == pytest.approx(before - 1 - 0.1)
    messages = (
        await client.get(MESSAGES, headers=headers, params={"receiver": EC_RECEIVER})
    ).json()
    assert "Paquete Diario" in messages[0]["content"]


async def test_a_transfer_above_the_balance_is_refused_and_moves_nothing(client, sign_in):
    headers = await sign_in("andres")
    _, line = await prepaid_account(client, headers)
    before = await balance(client, headers, line["id"])
    body = {
        "product": {"id": line["id"]},
        "receiverProduct": {"id": EC_RECEIVER},
        "amount": {"unit": "USD", "value": 10},
    }
    assert_api_error(await transfer(client, headers, body), 409, "insufficientBalance")
    assert await balance(client, headers, line["id"]) == pytest.approx(before)
    assert (
        await client.get(MESSAGES, headers=headers, params={"receiver": EC_RECEIVER})
    ).status_code == 404


@pytest.mark.parametrize(
    ("receiver", "amount", "pack", "code"),
    [
        (PE_NUMBER, 1, None, "otherCountry"),
        (EC_POSTPAID, 1, None, "notPrepaidLine"),
        (ANDRES_LINE, 1, None, "sameLine"),
        (EC_RECEIVER, 0.1, None, "amountBelowMin"),
        (EC_RECEIVER, 11, None, "amountAboveMax"),
        (EC_RECEIVER, 1, "EC-P1D", "validationError"),  # money and a pack at once
        (EC_RECEIVER, None, "EC-NOPE", "validationError"),
        (EC_RECEIVER, None, None, "validationError"),
    ],
)
async def test_transfer_refusals(client, sign_in, receiver, amount, pack, code):
    headers = await sign_in("andres")
    _, line = await prepaid_account(client, headers)
    body: dict = {"product": {"id": line["id"]}, "receiverProduct": {"id": receiver}}
    if amount is not None:
        body["amount"] = {"unit": "USD", "value": amount}
    if pack is not None:
        body["packOffering"] = {"id": pack}
    assert_api_error(await transfer(client, headers, body), 422, code)


async def test_a_transfer_needs_a_key_and_the_senders_own_prepaid_line(client, sign_in):
    headers = await sign_in("camila")
    body = {
        "product": {"id": "LN00000000"},
        "receiverProduct": {"id": CO_RECEIVER},
        "amount": {"unit": "COP", "value": 1000},
    }
    assert_api_error(
        await client.post(TRANSFERS, headers=headers, json=body), 422, "validationError"
    )
    assert_api_error(await transfer(client, headers, body), 404, "notFound")
    accounts = (
        await client.get("/tmf-api/accountManagement/v4/billingAccount", headers=headers)
    ).json()
    postpaid = next(a for a in accounts if a["accountType"] == "postpaid")["lines"][0]
    body["product"] = {"id": postpaid["id"]}
    assert_api_error(await transfer(client, headers, body), 422, "notPrepaidLine")


async def test_an_open_advance_blocks_transfers(client, sign_in):
    headers = await sign_in("andres")
    _, line = await prepaid_account(client, headers)
    offer = (
        await client.get(
            f"{TRANSFERS.rsplit('/', 1)[0]}/balanceAdvance/offer",
            headers=headers,
            params={"product.id": line["id"]},
        )
    ).json()
    taken = await client.post(
        f"{TRANSFERS.rsplit('/', 1)[0]}/balanceAdvance",
        headers={**headers, "Idempotency-Key": key()},
        json={"product": {"id": line["id"]}, "amount": offer["amount"]},
    )
    assert taken.status_code == 201
    body = {
        "product": {"id": line["id"]},
        "receiverProduct": {"id": EC_RECEIVER},
        "amount": {"unit": "USD", "value": 1},
    }
    assert_api_error(await transfer(client, headers, body), 409, "advanceOpen")


async def test_the_catalog_needs_no_sign_in(client):
    catalog = await client.get(f"{CATALOG}/DO")
    assert catalog.status_code == 200
    assert catalog.json()["currency"] == "DOP" and catalog.json()["transferCostOwner"] == "receiver"
    assert_api_error(await client.get(f"{CATALOG}/AR"), 404, "notFound")
    assert_api_error(await client.get(f"{CATALOG}/co"), 422, "validationError")


async def test_the_number_check(client, sign_in):
    headers = await sign_in("andres")
    check = (await client.get(NUMBER_CHECK, headers=headers, params={"number": EC_POSTPAID})).json()
    assert check == {"number": EC_POSTPAID, "prepaid": False, "carrier": True, "country": "EC"}
    other = (
        await client.get(NUMBER_CHECK, headers=headers, params={"number": "+593991119999"})
    ).json()
    assert other["carrier"] is False
    assert_api_error(
        await client.get(NUMBER_CHECK, headers=headers, params={"number": PE_NUMBER}),
        422,
        "otherCountry",
    )
    assert_api_error(
        await client.get(NUMBER_CHECK, headers=headers, params={"number": "+5930000000"}),
        422,
        "validationError",
    )
    assert_api_error(
        await client.get(NUMBER_CHECK, params={"number": EC_RECEIVER}), 401, "invalidToken"
    )


async def test_buckets_and_usage_are_fixed_by_the_seed(client, sign_in):
    headers = await sign_in("andres")
    _, line = await prepaid_account(client, headers)
    buckets = (await client.get(BUCKETS, headers=headers, params={"product.id": line["id"]})).json()
    assert [b["usageType"] for b in buckets] == ["monetary", "data", "voice", "sms"]
    assert buckets[0]["remainingValue"] == {"amount": 7.5, "units": "USD"}
    assert all(b["remainingValue"]["amount"] <= b["initialValue"]["amount"] for b in buckets)
    reports = (await client.get(USAGE, headers=headers, params={"product.id": line["id"]})).json()
    assert len(reports) == 1
    data = reports[0]["bucket"][0]["consumptionSummary"]
    assert [s["consumptionPeriod"]["startDateTime"][:10] for s in data] == [
        "2026-05-01",
        "2026-06-01",
        "2026-07-01",
        "2026-08-01",
        "2026-09-01",
        "2026-10-01",
    ]
    again = (await client.get(USAGE, headers=headers, params={"product.id": line["id"]})).json()
    assert again[0]["bucket"] == reports[0]["bucket"]


GUEST = {
    "country": "EC",
    "number": EC_RECEIVER,
    "name": "María Pérez",
    "documentType": "CI",
    "documentNumber": "1712345675",
}


async def test_a_guest_tops_up_its_line_by_card(client, sign_in):
    signed = await client.post("/auth/guest", json=GUEST)
    assert signed.status_code == 200, signed.text
    tokens = signed.json()
    assert tokens["role"] == "guest" and tokens["refresh_token"] == ""
    guest = {"Authorization": f"Bearer {tokens['access_token']}"}
    card = await client.post(
        "/tmf-api/paymentMethods/v4/paymentMethod",
        headers=guest,
        json={
            "@type": "bankCard",
            "nameOnCard": "Maria Perez",
            "cardNumber": card_number("4539", "1111"),
            "expirationDate": "12/2028",
            "cvv": "123",
        },
    )
    assert card.status_code == 201
    k = key()
    method = {"@type": "tokenizedCard", "id": card.json()["id"]}
    paid = await client.post(
        PAYMENTS,
        headers={**guest, "Idempotency-Key": k},
        json=topup_body("guest", EC_RECEIVER, 5, "USD", method, k),
    )
    assert paid.status_code == 201, paid.text
    assert paid.json()["status"] == "done"
    found = await client.get(PAYMENTS, headers=guest, params={"correlatorId": k})
    assert [p["id"] for p in found.json()] == [paid.json()["id"]]
    # Its line only; nothing else of anyone is found.
    k2 = key()
    other = await client.post(
        PAYMENTS,
        headers={**guest, "Idempotency-Key": k2},
        json=topup_body("guest", "+593961234567", 5, "USD", method, k2),
    )
    assert_api_error(other, 422, "validationError")
    assert_api_error(
        await client.get("/tmf-api/accountManagement/v4/billingAccount", headers=guest),
        403,
        "notForGuests",
    )
    refresh = await client.post("/auth/refresh", json={"refresh_token": "x"})
    assert refresh.status_code == 401
    # The receiver was told; andres (a customer) cannot read another's SMS log.
    andres = await sign_in("andres")
    assert_api_error(
        await client.get(MESSAGES, headers=andres, params={"receiver": EC_RECEIVER}),
        404,
        "notFound",
    )


async def test_a_guest_tops_up_by_pse(client):
    guest_body = {
        **GUEST,
        "country": "CO",
        "number": CO_RECEIVER,
        "documentType": "CC",
        "documentNumber": "52123456",
    }
    tokens = (await client.post("/auth/guest", json=guest_body)).json()
    guest = {"Authorization": f"Bearer {tokens['access_token']}"}
    k = key()
    method = {
        "@type": "bankAccountTransfer",
        "bank": "1507",
        "documentType": "CC",
        "documentNumber": "52123456",
    }
    started = await client.post(
        PAYMENTS,
        headers={**guest, "Idempotency-Key": k},
        json=topup_body("guest", CO_RECEIVER, 10000, "COP", method, k),
    )
    assert started.status_code == 201, started.text
    for _ in range(2):
        state = (await client.get(f"{PAYMENTS}/{started.json()['id']}", headers=guest)).json()
    assert state["status"] == "done"


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"number": PE_NUMBER}, "otherCountry", "number"),
        ({"number": EC_POSTPAID}, "notPrepaidLine", "number"),
        ({"documentNumber": "1712345670"}, "validationError", "documentNumber"),
        ({"documentType": "CC"}, "validationError", "documentType"),
        ({"name": "X1"}, "validationError", "name"),
        ({"country": "AR"}, "validationError", "country"),
    ],
)
async def test_guest_sign_in_refusals(client, change, code, field):
    refused = await client.post("/auth/guest", json={**GUEST, **change})
    body = assert_api_error(refused, 422, code)
    assert body["field"] == field
    assert "1712345670" not in refused.text and "María" not in refused.text
