"""Top-ups through POST /payment: card and PSE credit the line once, a declined card tops up
nothing, an open advance is repaid first, and every refusal is a 4xx in the error shape."""

from __future__ import annotations

import httpx
import pytest

from tests.sandbox.conftest import assert_api_error, bearer, token_for
from tests.sandbox.payment_helpers import PAYMENTS, tokenize
from tests.sandbox.prepaid_helpers import (
    ADVANCES,
    ANDRES_LINE,
    CAMILA_PREPAID,
    CO_RECEIVER,
    EC_POSTPAID,
    EC_RECEIVER,
    HISTORY,
    MESSAGES,
    OFFER,
    PE_NUMBER,
    TOPUPS,
    balance,
    key,
    prepaid_account,
    top_up,
    topup_body,
)


async def test_a_card_top_up_of_your_own_line_credits_it_once(client, sign_in):
    headers = await sign_in("andres")
    account, line = await prepaid_account(client, headers)
    before = await balance(client, headers, line["id"])
    topups_before = (
        await client.get(TOPUPS, headers=headers, params={"product.id": line["id"]})
    ).json()

    paid = await top_up(client, headers, account["id"], ANDRES_LINE, 5, "USD")

    assert paid.status_code == 201, paid.text
    assert paid.json()["status"] == "done"
    assert paid.json()["paymentItem"][0]["itemType"] == "topupBalance"
    assert await balance(client, headers, line["id"]) == pytest.approx(before + 5)
    topups = (await client.get(TOPUPS, headers=headers, params={"product.id": line["id"]})).json()
    assert len(topups) == len(topups_before) + 1
    newest = topups[0]
    assert newest["payment"]["id"] == paid.json()["id"]
    assert newest["amount"] == {"unit": "USD", "value": 5}
    one = await client.get(f"{TOPUPS}/{newest['id']}", headers=headers)
    assert one.json() == newest
    # The own line gets no SMS about it.
    messages = (
        await client.get(MESSAGES, headers=headers, params={"receiver": ANDRES_LINE})
    ).json()
    assert all("recarga de USD 5.00" not in m["content"] for m in messages)


async def test_the_same_key_replays_and_tops_up_once(client, sign_in):
    headers = await sign_in("andres")
    account, line = await prepaid_account(client, headers)
    card = await tokenize(client, headers)
    k = key()
    body = topup_body(
        account["id"], ANDRES_LINE, 3, "USD", {"@type": "tokenizedCard", "id": card["id"]}, k
    )
    before = await balance(client, headers, line["id"])
    answers = [
        await client.post(PAYMENTS, headers={**headers, "Idempotency-Key": k}, json=body)
        for _ in range(3)
    ]
    assert {a.status_code for a in answers} == {201}
    assert answers[0].content == answers[2].content
    assert await balance(client, headers, line["id"]) == pytest.approx(before + 3)


async def test_a_declined_card_tops_up_nothing(client, sign_in):
    headers = await sign_in("andres")
    account, line = await prepaid_account(client, headers)
    before = await balance(client, headers, line["id"])
    declined = await top_up(client, headers, account["id"], ANDRES_LINE, 5, "USD", "0002")
    assert_api_error(declined, 402, "insufficientFunds")
    assert await balance(client, headers, line["id"]) == pytest.approx(before)


async def test_top_up_of_another_number_sends_it_an_sms(client, sign_in):
    headers = await sign_in("andres")
    account, _ = await prepaid_account(client, headers)
    paid = await top_up(client, headers, account["id"], EC_RECEIVER, 10, "USD")
    assert paid.status_code == 201, paid.text
    messages = (
        await client.get(MESSAGES, headers=headers, params={"receiver": EC_RECEIVER})
    ).json()
    assert len(messages) == 1
    assert "USD 10.00" in messages[0]["content"] and ANDRES_LINE in messages[0]["content"]


async def test_a_pse_top_up_credits_the_line_when_the_bank_confirms(client, sign_in):
    headers = await sign_in("camila")
    accounts = (
        await client.get("/tmf-api/accountManagement/v4/billingAccount", headers=headers)
    ).json()
    prepaid = next(a for a in accounts if a["accountType"] == "prepaid")
    line = prepaid["lines"][0]
    before = await balance(client, headers, line["id"])
    k = key()
    method = {
        "@type": "bankAccountTransfer",
        "bank": "1007",
        "documentType": "CC",
        "documentNumber": "1020304050",
    }
    body = topup_body(prepaid["id"], CAMILA_PREPAID, 10000, "COP", method, k)
    started = await client.post(PAYMENTS, headers={**headers, "Idempotency-Key": k}, json=body)
    assert started.status_code == 201, started.text
    assert started.json()["status"] == "pendingAuthorization"
    assert await balance(client, headers, line["id"]) == pytest.approx(before)
    for _ in range(3):
        state = (await client.get(f"{PAYMENTS}/{started.json()['id']}", headers=headers)).json()
    assert state["status"] == "done"
    assert await balance(client, headers, line["id"]) == pytest.approx(before + 10000)
    topups = (await client.get(TOPUPS, headers=headers, params={"product.id": line["id"]})).json()
    assert [t["payment"]["id"] for t in topups].count(started.json()["id"]) == 1


async def test_a_cancelled_pse_top_up_tops_up_nothing(client, sign_in):
    headers = await sign_in("camila")
    accounts = (
        await client.get("/tmf-api/accountManagement/v4/billingAccount", headers=headers)
    ).json()
    prepaid = next(a for a in accounts if a["accountType"] == "prepaid")
    k = key()
    method = {
        "@type": "bankAccountTransfer",
        "bank": "1007",
        "documentType": "CC",
        "documentNumber": "1020304050",
    }
    body = topup_body(prepaid["id"], CO_RECEIVER, 5000, "COP", method, k)
    started = (
        await client.post(PAYMENTS, headers={**headers, "Idempotency-Key": k}, json=body)
    ).json()
    cancel = await client.post(f"{PAYMENTS}/{started['id']}/cancel", headers=headers)
    assert cancel.json()["status"] == "canceled"
    assert (
        await client.get(MESSAGES, headers=headers, params={"receiver": CO_RECEIVER})
    ).json() == []


async def test_an_advance_is_repaid_first_by_the_next_top_up(client, sign_in):
    headers = await sign_in("andres")
    account, line = await prepaid_account(client, headers)
    offer = (await client.get(OFFER, headers=headers, params={"product.id": line["id"]})).json()
    assert offer["eligible"] is True and offer["monthsActive"] >= 3
    start = await balance(client, headers, line["id"])
    taken = await client.post(
        ADVANCES,
        headers={**headers, "Idempotency-Key": key()},
        json={"product": {"id": line["id"]}, "amount": offer["amount"]},
    )
    assert taken.status_code == 201, taken.text
    assert taken.json()["state"] == "open"
    lent, fee = offer["amount"]["value"], offer["fee"]["value"]
    assert await balance(client, headers, line["id"]) == pytest.approx(start + lent)
    again = await client.get(OFFER, headers=headers, params={"product.id": line["id"]})
    assert again.json()["reason"] == "advanceOpen"
    second = await client.post(
        ADVANCES,
        headers={**headers, "Idempotency-Key": key()},
        json={"product": {"id": line["id"]}, "amount": offer["amount"]},
    )
    assert_api_error(second, 409, "advanceOpen")

    paid = await top_up(client, headers, account["id"], ANDRES_LINE, 10, "USD")
    assert paid.status_code == 201
    assert await balance(client, headers, line["id"]) == pytest.approx(
        start + lent + 10 - lent - fee
    )
    topup = (await client.get(TOPUPS, headers=headers, params={"product.id": line["id"]})).json()[0]
    assert topup["advanceRepaid"]["value"] == pytest.approx(lent + fee)
    history = (await client.get(HISTORY, headers=headers, params={"product.id": line["id"]})).json()
    kinds = [a["actionType"] for a in history[:3]]
    assert kinds == ["topup", "advanceRepayment", "advance"]
    assert history[1]["amount"]["value"] == pytest.approx(-(lent + fee))
    receipt = await client.get(f"{HISTORY}/{history[1]['id']}/receipt", headers=headers)
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    after = (await client.get(OFFER, headers=headers, params={"product.id": line["id"]})).json()
    assert after["eligible"] is True


async def test_a_young_line_is_not_eligible(client, sign_in):
    headers = await sign_in("rosa")
    _, line = await prepaid_account(client, headers)
    offer = (await client.get(OFFER, headers=headers, params={"product.id": line["id"]})).json()
    assert offer == {**offer, "eligible": False, "reason": "tooNew"}
    refused = await client.post(
        ADVANCES,
        headers={**headers, "Idempotency-Key": key()},
        json={"product": {"id": line["id"]}, "amount": {"unit": "DOP", "value": 50}},
    )
    assert_api_error(refused, 409, "notEligible")


async def test_an_advance_for_another_amount_is_refused(client, sign_in):
    headers = await sign_in("andres")
    _, line = await prepaid_account(client, headers)
    refused = await client.post(
        ADVANCES,
        headers={**headers, "Idempotency-Key": key()},
        json={"product": {"id": line["id"]}, "amount": {"unit": "USD", "value": 4.5}},
    )
    assert_api_error(refused, 409, "offerChanged")


@pytest.mark.parametrize(
    ("number", "value", "status", "code"),
    [
        (PE_NUMBER, 5, 422, "otherCountry"),
        (EC_POSTPAID, 5, 422, "notPrepaidLine"),
        ("+593991119999", 5, 422, "notPrepaidLine"),  # valid, but not a Claro line
        ("+5939", 5, 422, "validationError"),
        (EC_RECEIVER, 0.5, 422, "amountBelowMin"),
        (EC_RECEIVER, 150, 422, "amountAboveMax"),
    ],
)
async def test_top_up_refusals(client, sign_in, number, value, status, code):
    headers = await sign_in("andres")
    account, line = await prepaid_account(client, headers)
    before = await balance(client, headers, line["id"])
    refused = await top_up(client, headers, account["id"], number, value, "USD")
    assert_api_error(refused, status, code)
    assert await balance(client, headers, line["id"]) == pytest.approx(before)


async def test_a_top_up_item_with_a_bill_item_is_refused(client, sign_in):
    headers = await sign_in("andres")
    account, _ = await prepaid_account(client, headers)
    card = await tokenize(client, headers)
    k = key()
    body = topup_body(
        account["id"], ANDRES_LINE, 5, "USD", {"@type": "tokenizedCard", "id": card["id"]}, k
    )
    body["paymentItem"].append({"item": {"id": "CB0000000000"}, "amount": body["amount"]})
    body["amount"] = {"unit": "USD", "value": 10}
    refused = await client.post(PAYMENTS, headers={**headers, "Idempotency-Key": k}, json=body)
    assert_api_error(refused, 422, "validationError")


async def test_another_customers_line_is_not_found(client: httpx.AsyncClient, sign_in):
    rosa = await sign_in("rosa")
    _, line = await prepaid_account(client, rosa)
    andres = bearer(await token_for(client, "andres"))
    for path in (TOPUPS, OFFER, HISTORY):
        assert_api_error(
            await client.get(path, headers=andres, params={"product.id": line["id"]}),
            404,
            "notFound",
        )
