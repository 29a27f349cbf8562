"""Voids: the same shift only, by the operator who took the payment or with a supervisor;
once; the bill owes again; the void's receipt."""

from __future__ import annotations

from decimal import Decimal

from tests.sandbox.conftest import BILLS, assert_api_error
from tests.sandbox.kiosk_helpers import (
    REFUNDS,
    SHIFTS,
    key,
    lookup,
    open_shift,
    pay_cash,
    round_up,
    staff_headers,
)
from tests.sandbox.payment_helpers import PAYMENTS, tokenize


async def _paid(client, headers, terminal="CAJA-01"):
    shift = await open_shift(client, headers, terminal)
    bill = (await lookup(client, headers))["bills"][0]
    value = bill["amountDue"]["value"]
    response = await pay_cash(client, headers, bill, shift["id"], value, round_up(value))
    assert response.status_code == 201, response.text
    return shift, bill, response.json()


async def _void(client, headers, payment_id, supervisor=None):
    body = {"payment": {"id": payment_id}, "reason": "wrong bill scanned"}
    if supervisor is not None:
        body["supervisor"] = supervisor
    return await client.post(REFUNDS, headers={**headers, "Idempotency-Key": key()}, json=body)


async def test_the_operator_voids_a_payment_of_the_shift_and_the_bill_owes_again(client, sign_in):
    headers = await staff_headers(client)
    shift, bill, payment = await _paid(client, headers)
    response = await _void(client, headers, payment["id"])
    refund = response.json()
    assert response.status_code == 201
    assert refund["payment"]["id"] == payment["id"] and refund["operator"]["id"] == "cajero"
    assert refund["amount"] == payment["amount"] and "approvedBy" not in refund
    assert refund["receiptNo"].startswith("RV-") and refund["shift"]["id"] == shift["id"]
    camila = await sign_in("camila")
    reopened = (await client.get(f"{BILLS}/{bill['bill']['id']}", headers=camila)).json()
    assert reopened["state"] in {"new", "sent"}
    assert Decimal(str(reopened["remainingAmount"]["value"])) == Decimal(
        str(bill["amountDue"]["value"])
    )
    canceled = (await client.get(f"{PAYMENTS}/{payment['id']}", headers=headers)).json()
    assert canceled["status"] == "canceled" and canceled["refund"]["id"] == refund["id"]
    receipt = await client.get(f"{REFUNDS}/{refund['id']}/receipt", headers=headers)
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    assert_api_error(await _void(client, headers, payment["id"]), 409, "alreadyVoided")


async def test_another_operator_needs_a_supervisor(client):
    supervisora = await staff_headers(client, "supervisora")
    _, _, payment = await _paid(client, supervisora, "CAJA-09")
    cajero = await staff_headers(client)
    await open_shift(client, cajero)
    assert_api_error(await _void(client, cajero, payment["id"]), 403, "notYourPayment")
    wrong = {"username": "supervisora", "password": "not-her-password"}
    assert_api_error(await _void(client, cajero, payment["id"], wrong), 403, "supervisorRequired")
    not_a_supervisor = {"username": "cajero", "password": "cajero2026"}
    assert_api_error(
        await _void(client, cajero, payment["id"], not_a_supervisor), 403, "supervisorRequired"
    )
    right = {"username": "supervisora", "password": "supervisora2026"}
    response = await _void(client, cajero, payment["id"], right)
    assert response.status_code == 201, response.text
    assert response.json()["approvedBy"]["id"] == "supervisora"
    assert "supervisora2026" not in response.text


async def test_a_signed_in_supervisor_voids_an_operators_payment(client):
    cajero = await staff_headers(client)
    _, _, payment = await _paid(client, cajero)
    supervisora = await staff_headers(client, "supervisora")
    response = await _void(client, supervisora, payment["id"])
    assert response.status_code == 201
    assert response.json()["approvedBy"]["id"] == "supervisora"


async def test_no_void_after_the_shift_closed(client):
    headers = await staff_headers(client)
    shift, _, payment = await _paid(client, headers)
    closed = await client.post(
        f"{SHIFTS}/{shift['id']}/close",
        headers={**headers, "Idempotency-Key": key()},
        json={"count": []},
    )
    assert closed.status_code == 200
    assert_api_error(await _void(client, headers, payment["id"]), 409, "shiftClosed")


async def test_only_cash_of_the_country_is_voided(client, sign_in):
    camila = await sign_in("camila")
    card = await tokenize(client, camila)
    accounts = await lookup(client, await staff_headers(client))
    bill = accounts["bills"][0]
    k = key("card")
    body = {
        "correlatorId": k,
        "account": {"id": bill["account"]["id"]},
        "amount": bill["amountDue"],
        "paymentItem": [{"item": {"id": bill["bill"]["id"]}, "amount": bill["amountDue"]}],
        "paymentMethod": {"@type": "tokenizedCard", "id": card["id"]},
    }
    paid = await client.post(PAYMENTS, headers={**camila, "Idempotency-Key": k}, json=body)
    assert paid.status_code == 201
    cajero = await staff_headers(client)
    assert_api_error(await _void(client, cajero, paid.json()["id"]), 422, "notCash")
    caixa = await staff_headers(client, "caixa")
    assert_api_error(await _void(client, caixa, paid.json()["id"]), 404, "notFound")
