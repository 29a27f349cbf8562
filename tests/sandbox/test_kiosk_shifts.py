"""Shift states, denominations per country, and the X and Z reports."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.sandbox.conftest import assert_api_error
from tests.sandbox.kiosk_helpers import (
    REFUNDS,
    SHIFTS,
    key,
    lookup,
    open_shift,
    pay_cash,
    staff_headers,
)


@pytest.mark.parametrize(
    ("country", "currency", "highest", "smallest"),
    [
        ("CO", "COP", 100000, 50),
        ("BR", "BRL", 200, 0.05),
        ("PE", "PEN", 200, 0.1),
        ("EC", "USD", 100, 0.01),
        ("DO", "DOP", 2000, 1),
    ],
)
async def test_denominations_per_country(client, country, currency, highest, smallest):
    headers = await staff_headers(client)
    body = (await client.get(f"/cashDenominations/{country}", headers=headers)).json()
    values = [piece["value"] for piece in body["denominations"]]
    assert body["currency"] == currency
    assert values[0] == highest and values[-1] == smallest
    assert values == sorted(values, reverse=True) and len(set(values)) == len(values)
    assert {piece["kind"] for piece in body["denominations"]} == {"note", "coin"}


async def test_an_unknown_country_has_no_denominations(client):
    response = await client.get("/cashDenominations/XX", headers=await staff_headers(client))
    assert_api_error(response, 404, "notFound")


async def test_opening_records_the_terminal_and_the_float(client):
    headers = await staff_headers(client)
    assert_api_error(await client.get(f"{SHIFTS}/current", headers=headers), 404, "noOpenShift")
    shift = await open_shift(client, headers, "CAJA-07", [{"value": 20000, "count": 3}])
    assert shift["state"] == "open" and shift["terminalId"] == "CAJA-07"
    assert shift["openingFloat"] == {"unit": "COP", "value": 60000}
    assert shift["operator"]["id"] == "cajero" and shift["currency"] == "COP"
    current = await client.get(f"{SHIFTS}/current", headers=headers)
    assert current.json()["id"] == shift["id"]


async def test_one_open_shift_per_operator_and_per_terminal(client):
    cajero = await staff_headers(client)
    await open_shift(client, cajero, "CAJA-01")
    again = await client.post(
        SHIFTS,
        headers={**cajero, "Idempotency-Key": key()},
        json={"terminalId": "CAJA-02", "openingCount": []},
    )
    assert_api_error(again, 409, "shiftAlreadyOpen")
    supervisora = await staff_headers(client, "supervisora")
    taken = await client.post(
        SHIFTS,
        headers={**supervisora, "Idempotency-Key": key()},
        json={"terminalId": "CAJA-01", "openingCount": []},
    )
    assert_api_error(taken, 409, "terminalInUse")


@pytest.mark.parametrize(
    "counts",
    [
        [{"value": 3000, "count": 1}],  # no such note
        [{"value": 1000, "count": 1}, {"value": 1000, "count": 2}],  # counted twice
    ],
)
async def test_a_float_in_notes_the_country_has_not_is_refused(client, counts):
    headers = await staff_headers(client)
    response = await client.post(
        SHIFTS,
        headers={**headers, "Idempotency-Key": key()},
        json={"terminalId": "CAJA-01", "openingCount": counts},
    )
    assert assert_api_error(response, 422, "validationError")["field"] == "openingCount"


async def test_no_payment_without_an_open_shift(client):
    headers = await staff_headers(client)
    bill = (await lookup(client, headers))["bills"][0]
    response = await pay_cash(client, headers, bill, "SH99999999", 10000, 10000)
    assert_api_error(response, 409, "noOpenShift")


async def test_another_operators_shift_is_not_found_and_takes_nothing(client):
    cajero = await staff_headers(client)
    shift = await open_shift(client, cajero)
    caixa = await staff_headers(client, "caixa")
    assert_api_error(await client.get(f"{SHIFTS}/{shift['id']}", headers=caixa), 404, "notFound")
    supervisora = await staff_headers(client, "supervisora")
    seen = await client.get(f"{SHIFTS}/{shift['id']}/report", headers=supervisora)
    assert seen.status_code == 200  # a supervisor sees every shift of the country
    bill = (await lookup(client, supervisora))["bills"][0]
    response = await pay_cash(client, supervisora, bill, shift["id"], 10000, 10000)
    assert_api_error(response, 403, "notYourShift")


async def test_x_and_z_totals_with_a_shortfall(client):
    headers = await staff_headers(client)
    shift = await open_shift(client, headers, counts=[{"value": 50000, "count": 2}])
    bills = (await lookup(client, headers))["bills"]
    first = await pay_cash(client, headers, bills[0], shift["id"], 20000, 50000)
    second = await pay_cash(client, headers, bills[1], shift["id"], 15000, 20000)
    assert first.status_code == second.status_code == 201
    voided = await client.post(
        REFUNDS,
        headers={**headers, "Idempotency-Key": key()},
        json={"payment": {"id": second.json()["id"]}, "reason": "customer changed mind"},
    )
    assert voided.status_code == 201
    report = (await client.get(f"{SHIFTS}/{shift['id']}/report", headers=headers)).json()
    lines = {line["operation"]: line for line in report["lines"]}
    assert report["kind"] == "X"
    assert lines["billPayment"]["count"] == 2 and lines["billPayment"]["amount"]["value"] == 35000
    assert lines["void"] == {
        "operation": "void",
        "count": 1,
        "amount": {"unit": "COP", "value": 15000},
    }
    assert lines["topup"]["count"] == 0
    assert report["cashIn"]["value"] == 70000 and report["changeGiven"]["value"] == 35000
    # float 100,000 + cash in 70,000 - change 35,000 - voids 15,000
    assert report["expectedCash"]["value"] == 120000
    closed = await client.post(
        f"{SHIFTS}/{shift['id']}/close",
        headers={**headers, "Idempotency-Key": key()},
        json={
            "count": [
                {"value": 50000, "count": 2},
                {"value": 10000, "count": 1},
                {"value": 5000, "count": 1},
            ]
        },
    )
    z = closed.json()
    assert closed.status_code == 200 and z["kind"] == "Z"
    assert z["countedCash"]["value"] == 115000 and z["expectedCash"]["value"] == 120000
    assert z["difference"] == {"unit": "COP", "value": -5000}  # a shortfall
    assert z["shift"]["state"] == "closed" and z["shift"]["difference"]["value"] == -5000
    assert [line["value"] for line in z["count"]] == [50000, 10000, 5000]
    reread = (await client.get(f"{SHIFTS}/{shift['id']}/report", headers=headers)).json()
    assert reread == z  # the Z report is the same every time


async def test_a_closed_shift_takes_nothing_and_cannot_reopen(client):
    headers = await staff_headers(client)
    shift = await open_shift(client, headers)
    close = {"count": [{"value": 50000, "count": 2}, {"value": 1000, "count": 10}]}
    first = await client.post(
        f"{SHIFTS}/{shift['id']}/close", headers={**headers, "Idempotency-Key": key()}, json=close
    )
    assert first.json()["difference"]["value"] == 0
    again = await client.post(
        f"{SHIFTS}/{shift['id']}/close", headers={**headers, "Idempotency-Key": key()}, json=close
    )
    assert_api_error(again, 409, "shiftClosed")
    bill = (await lookup(client, headers))["bills"][0]
    assert_api_error(
        await pay_cash(client, headers, bill, shift["id"], 10000, 10000), 409, "shiftClosed"
    )
    assert_api_error(await client.get(f"{SHIFTS}/current", headers=headers), 404, "noOpenShift")
    reopened = await open_shift(client, headers)  # a new shift, not the old one reopened
    assert reopened["id"] != shift["id"]


async def test_closing_replays_under_the_same_key(client):
    headers = {**await staff_headers(client), "Idempotency-Key": key()}
    shift = await open_shift(client, headers)
    close = {"count": [{"value": 50000, "count": 2}]}
    first = await client.post(f"{SHIFTS}/{shift['id']}/close", headers=headers, json=close)
    second = await client.post(f"{SHIFTS}/{shift['id']}/close", headers=headers, json=close)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert Decimal(str(first.json()["difference"]["value"])) == Decimal(-10000)
