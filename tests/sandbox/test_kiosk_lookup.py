"""The payment point's lookup: by line, document or reference, masked, in the operator's
country only."""

from __future__ import annotations

import pytest

from miclaro_tui.sandbox.references import boleto_barcode
from tests.sandbox.conftest import ACCOUNTS, assert_api_error
from tests.sandbox.kiosk_helpers import LOOKUP, lookup, staff_headers

FULL_NAME = "Camila Rodríguez Pérez"


def assert_masked(body: dict, text: str) -> None:
    assert body["maskedName"] == "Cam*** Rod*** Pér***"
    assert body["maskedDocument"] == "******050"
    assert FULL_NAME not in text and "Rodríguez" not in text
    assert "1020304050" not in text and "@" not in text


@pytest.mark.parametrize(
    "query",
    [
        {"line": "3001234567"},
        {"line": "+57 300 123 4567"},
        {"document": "1020304050"},
        {"document": "1.020.304.050"},
    ],
)
async def test_lookup_by_line_or_document_is_masked(client, query):
    response = await client.get(LOOKUP, headers=await staff_headers(client), params=query)
    body = response.json()
    assert response.status_code == 200
    assert_masked(body, response.text)
    assert body["country"] == "CO" and body["currency"] == "COP"
    assert len(body["bills"]) >= 2
    dues = [bill["dueDate"] for bill in body["bills"]]
    assert dues == sorted(dues)
    assert [line["number"] for line in body["prepaidLines"]] == ["+573209876543"]
    assert body.get("matchedBill") is None


async def test_lookup_by_the_cash_code_or_the_barcode_digits(client, sign_in):
    headers = await staff_headers(client)
    bill = (await lookup(client, headers))["bills"][0]
    camila = await sign_in("camila")
    full = (
        await client.get(
            f"/tmf-api/customerBillManagement/v4/customerBill/{bill['bill']['id']}", headers=camila
        )
    ).json()
    for digits in (full["paymentReference"]["cashCode"], full["paymentReference"]["barcode"]):
        response = await client.get(LOOKUP, headers=headers, params={"reference": digits})
        assert response.status_code == 200, digits
        assert response.json()["matchedBill"] == bill["bill"]["id"]
        assert_masked(response.json(), response.text)


async def test_a_boleto_scanned_as_its_44_bar_digits(client, sign_in):
    joao = await sign_in("joao")
    account = (await client.get(ACCOUNTS, headers=joao)).json()[0]
    bills = (
        await client.get(
            "/tmf-api/customerBillManagement/v4/customerBill",
            headers=joao,
            params={"billingAccount.id": account["id"], "state": "sent"},
        )
    ).json()
    line = bills[0]["paymentReference"]["barcode"]
    headers = await staff_headers(client, "caixa")
    response = await client.get(LOOKUP, headers=headers, params={"reference": boleto_barcode(line)})
    assert response.status_code == 200
    assert response.json()["matchedBill"] == bills[0]["id"]
    assert response.json()["maskedName"].startswith("Jo")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({}, "line"),
        ({"line": "3001234567", "document": "1020304050"}, "line"),
        ({"line": "abc"}, "line"),
        ({"document": "12"}, "document"),
        ({"reference": "12ab"}, "reference"),
    ],
)
async def test_a_lookup_that_cannot_be_answered_names_the_field(client, query, field):
    response = await client.get(LOOKUP, headers=await staff_headers(client), params=query)
    assert assert_api_error(response, 422, "validationError")["field"] == field


async def test_an_invalid_cpf_is_refused_with_python_stdnum(client):
    headers = await staff_headers(client, "caixa")
    response = await client.get(LOOKUP, headers=headers, params={"document": "529.982.247-24"})
    assert assert_api_error(response, 422, "validationError")["field"] == "document"


async def test_nobody_of_another_country(client):
    caixa = await staff_headers(client, "caixa")
    response = await client.get(LOOKUP, headers=caixa, params={"line": "+573001234567"})
    assert_api_error(response, 404, "notFound")
    cajero = await staff_headers(client)
    response = await client.get(LOOKUP, headers=cajero, params={"line": "3009999999"})
    assert_api_error(response, 404, "notFound")
