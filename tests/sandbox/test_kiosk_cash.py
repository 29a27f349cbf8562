"""Cash at a payment point: change, partial payments, what a bill still owes as the bound,
and the receipt."""

from __future__ import annotations

from decimal import Decimal

from tests.sandbox.conftest import BILLS, assert_api_error
from tests.sandbox.kiosk_helpers import lookup, open_shift, pay_cash, round_up, staff_headers
from tests.sandbox.payment_helpers import PAYMENTS


async def test_cash_with_change(client, sign_in):
    headers = await staff_headers(client)
    shift = await open_shift(client, headers)
    bill = (await lookup(client, headers))["bills"][0]
    owed = Decimal(str(bill["amountDue"]["value"]))
    cash = round_up(owed)
    response = await pay_cash(client, headers, bill, shift["id"], owed, cash)
    payment = response.json()
    assert response.status_code == 201 and payment["status"] == "done"
    assert payment["paymentMethod"]["@type"] == "cash"
    assert Decimal(str(payment["change"]["value"])) == cash - owed
    assert payment["cashReceived"]["value"] == cash
    assert payment["operator"]["id"] == "cajero" and payment["terminalId"] == "CAJA-01"
    assert payment["shift"]["id"] == shift["id"] and payment["receiptNo"]
    camila = await sign_in("camila")
    settled = (await client.get(f"{BILLS}/{bill['bill']['id']}", headers=camila)).json()
    assert settled["state"] == "settled"
    receipt = await client.get(f"{PAYMENTS}/{payment['id']}/receipt", headers=headers)
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")


async def test_a_partial_payment_leaves_the_rest_owed(client):
    headers = await staff_headers(client)
    shift = await open_shift(client, headers)
    bill = (await lookup(client, headers))["bills"][0]
    owed = Decimal(str(bill["amountDue"]["value"]))
    response = await pay_cash(client, headers, bill, shift["id"], 50000, 50000)
    assert response.status_code == 201 and response.json()["change"]["value"] == 0
    again = {b["bill"]["id"]: b for b in (await lookup(client, headers))["bills"]}
    assert Decimal(str(again[bill["bill"]["id"]]["amountDue"]["value"])) == owed - 50000


async def test_no_more_than_the_bill_owes_and_not_twice(client):
    headers = await staff_headers(client)
    shift = await open_shift(client, headers)
    bill = (await lookup(client, headers))["bills"][0]
    owed = Decimal(str(bill["amountDue"]["value"]))
    over = await pay_cash(client, headers, bill, shift["id"], owed + 1, round_up(owed + 1))
    assert_api_error(over, 422, "exceedsAmountDue")
    assert (
        await pay_cash(client, headers, bill, shift["id"], owed, round_up(owed))
    ).status_code == 201
    twice = await pay_cash(client, headers, bill, shift["id"], 1000, 1000)
    assert_api_error(twice, 409, "billAlreadyPaid")


async def test_cash_short_below_minimum_and_untenderable_cash_are_refused(client):
    headers = await staff_headers(client)
    shift = await open_shift(client, headers)
    bill = (await lookup(client, headers))["bills"][0]
    assert_api_error(
        await pay_cash(client, headers, bill, shift["id"], 20000, 10000), 422, "cashShort"
    )
    assert_api_error(
        await pay_cash(client, headers, bill, shift["id"], 500, 500), 422, "belowMinimum"
    )
    odd = await pay_cash(client, headers, bill, shift["id"], 20000, 20025)
    body = assert_api_error(odd, 422, "validationError")
    assert body["field"] == "paymentMethod.cashReceived.value"


async def test_a_brazilian_till_takes_reais_with_centavos(client):
    headers = await staff_headers(client, "caixa")
    shift = await open_shift(client, headers, "CX-01", [{"value": 50, "count": 4}])
    assert shift["currency"] == "BRL"
    customer = await lookup(client, headers, document="529.982.247-25")
    bill = customer["bills"][0]
    owed = Decimal(str(bill["amountDue"]["value"]))
    cash = round_up(owed, 50)
    payment = (await pay_cash(client, headers, bill, shift["id"], owed, cash)).json()
    assert Decimal(str(payment["change"]["value"])) == cash - owed
