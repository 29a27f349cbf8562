"""Money travels as a JSON number and comes back as the exact Decimal."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from miclaro_tui.models import CustomerBill
from tests.sandbox.conftest import BILLS


@pytest.mark.parametrize("value", ["0.1", "0.2", "999999999999.99", "0.3", "1234567.89"])
async def test_money_round_trips_through_the_api(client, sign_in, app, value):
    headers = await sign_in("lucia")
    bill_id = (await client.get(BILLS, headers=headers, params={"limit": 1})).json()[0]["id"]
    with app.state.store.transaction() as conn:
        conn.execute(
            "UPDATE bill SET remaining_amount = ?, amount_due = ? WHERE id = ?",
            (value, value, bill_id),
        )

    response = await client.get(f"{BILLS}/{bill_id}", headers=headers)
    raw = json.loads(response.text, parse_float=str, parse_int=str)
    assert raw["remainingAmount"]["value"] == value  # a number on the wire, digits intact
    assert f'"value":{value}' in response.text.replace(" ", "")
    bill = CustomerBill.model_validate_json(response.text)
    assert bill.remainingAmount.value == Decimal(value)
    assert bill.amountDue.value == Decimal(value)


async def test_sums_of_tenths_stay_exact(client, sign_in, app):
    headers = await sign_in("lucia")
    bills = (await client.get(BILLS, headers=headers, params={"limit": 2})).json()
    with app.state.store.transaction() as conn:
        for bill, value in zip(bills, ["0.1", "0.2"]):
            conn.execute("UPDATE bill SET remaining_amount = ? WHERE id = ?", (value, bill["id"]))
    accounts = await client.get("/tmf-api/accountManagement/v4/billingAccount", headers=headers)
    assert '"value":0.3' in accounts.text.replace(" ", "")
