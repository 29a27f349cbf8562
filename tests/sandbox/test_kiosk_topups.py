"""Cash top-ups at a payment point: a carrier prepaid line of the operator's country, within
the country's top-up limits, credited once; counted as "topup" in the shift's reports; the
receipt names the line; not voidable once credited. And the shift's payments, for a till
restarted mid-shift, and the user's country in the token."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from tests.sandbox.conftest import assert_api_error
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
from tests.sandbox.payment_helpers import PAYMENTS
from tests.sandbox.prepaid_helpers import (
    ANDRES_LINE,
    CAMILA_PREPAID,
    PE_NUMBER,
    balance,
    line_id,
    prepaid_account,
    top_up,
    topup_body,
)

CAMILA_POSTPAID = "+573001234567"


def cash_topup_body(account_id: str, number: str, value: int, cash: int, shift_id: str, k: str):
    method = {
        "@type": "cash",
        "shift": {"id": shift_id},
        "cashReceived": {"unit": "COP", "value": cash},
    }
    return topup_body(account_id, number, value, "COP", method, k)


async def cash_topup(client, headers, shift_id, number, value, cash, account_id=None, k=None):
    if account_id is None:
        account_id = (await lookup(client, headers))["prepaidLines"][0]["account"]["id"]
    k = k or key("topup")
    body = cash_topup_body(account_id, number, value, cash, shift_id, k)
    return await client.post(PAYMENTS, headers={**headers, "Idempotency-Key": k}, json=body)


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


async def test_a_cash_topup_is_credited_once_and_reported_as_a_topup(client, sign_in):
    camila = await sign_in("camila")
    line = await line_id(client, camila)
    before = Decimal(str(await balance(client, camila, line)))
    headers = await staff_headers(client)
    shift = await open_shift(client, headers)
    customer = await lookup(client, headers)
    account_id = customer["prepaidLines"][0]["account"]["id"]
    k = key("topup")
    first = await cash_topup(
        client, headers, shift["id"], CAMILA_PREPAID, 20000, 50000, account_id, k
    )
    payment = first.json()
    assert first.status_code == 201, first.text
    assert payment["status"] == "done" and payment["paymentMethod"]["@type"] == "cash"
    assert payment["paymentItem"][0]["itemType"] == "topupBalance"
    assert payment["change"]["value"] == 30000 and payment["operator"]["id"] == "cajero"
    again = await cash_topup(
        client, headers, shift["id"], CAMILA_PREPAID, 20000, 50000, account_id, k
    )
    assert again.status_code == 201 and again.json()["id"] == payment["id"]
    assert Decimal(str(await balance(client, camila, line))) == before + 20000

    report = (await client.get(f"{SHIFTS}/{shift['id']}/report", headers=headers)).json()
    lines = {row["operation"]: row for row in report["lines"]}
    assert lines["topup"]["count"] == 1 and lines["topup"]["amount"]["value"] == 20000
    assert lines["billPayment"]["count"] == 0
    assert report["cashIn"]["value"] == 50000 and report["changeGiven"]["value"] == 30000

    receipt = await client.get(f"{PAYMENTS}/{payment['id']}/receipt", headers=headers)
    text = pdf_text(receipt.content)
    assert "Recarga a la línea +573209876543" in text
    assert "Factura" not in text and "Facturas pagadas" not in text


@pytest.mark.parametrize(
    ("number", "value", "status", "code"),
    [
        (CAMILA_PREPAID, 500, 422, "amountBelowMin"),
        (CAMILA_PREPAID, 250000, 422, "amountAboveMax"),
        (CAMILA_POSTPAID, 20000, 422, "notPrepaidLine"),
        (PE_NUMBER, 20000, 422, "otherCountry"),
    ],
)
async def test_cash_topups_keep_to_the_lines_and_limits(client, number, value, status, code):
    headers = await staff_headers(client)
    shift = await open_shift(client, headers)
    response = await cash_topup(client, headers, shift["id"], number, value, round_up(value))
    assert_api_error(response, status, code)


async def test_a_cash_topup_needs_the_cash(client):
    headers = await staff_headers(client)
    shift = await open_shift(client, headers)
    short = await cash_topup(client, headers, shift["id"], CAMILA_PREPAID, 20000, 10000)
    assert_api_error(short, 422, "cashShort")


async def test_a_brazilian_till_cannot_top_up_a_colombian_line(client):
    headers = await staff_headers(client, "caixa")
    shift = await open_shift(client, headers, "CX-01", [{"value": 50, "count": 4}])
    cajero = await staff_headers(client)
    account_id = (await lookup(client, cajero))["prepaidLines"][0]["account"]["id"]
    response = await cash_topup(
        client, headers, shift["id"], CAMILA_PREPAID, 20, 20, account_id=account_id
    )
    assert_api_error(response, 404, "notFound")


async def test_a_credited_topup_is_not_voided(client, sign_in):
    camila = await sign_in("camila")
    line = await line_id(client, camila)
    headers = await staff_headers(client)
    shift = await open_shift(client, headers)
    payment = (await cash_topup(client, headers, shift["id"], CAMILA_PREPAID, 10000, 10000)).json()
    credited = await balance(client, camila, line)
    body = {"payment": {"id": payment["id"]}, "reason": "wrong line"}
    response = await client.post(REFUNDS, headers={**headers, "Idempotency-Key": key()}, json=body)
    error = assert_api_error(response, 409, "topupNotVoidable")
    assert error["field"] == "payment.id"
    assert await balance(client, camila, line) == credited
    report = (await client.get(f"{SHIFTS}/{shift['id']}/report", headers=headers)).json()
    voids = next(row for row in report["lines"] if row["operation"] == "void")
    assert voids["count"] == 0 and report["voided"]["value"] == 0


async def test_a_customers_topup_receipt_names_the_line(client, sign_in):
    andres = await sign_in("andres")
    account, _line = await prepaid_account(client, andres)
    paid = await top_up(client, andres, account["id"], ANDRES_LINE, 10, "USD")
    assert paid.status_code == 201, paid.text
    receipt = await client.get(f"{PAYMENTS}/{paid.json()['id']}/receipt", headers=andres)
    text = pdf_text(receipt.content)
    assert f"Recarga a la línea {ANDRES_LINE}" in text and "Factura" not in text


# --- the shift's payments ---------------------------------------------------------------------


async def test_the_shifts_payments_for_its_operator_and_supervisors(client, sign_in):
    headers = await staff_headers(client)
    shift = await open_shift(client, headers)
    bill = (await lookup(client, headers))["bills"][0]
    value = bill["amountDue"]["value"]
    paid = (await pay_cash(client, headers, bill, shift["id"], value, round_up(value))).json()
    topup = (await cash_topup(client, headers, shift["id"], CAMILA_PREPAID, 5000, 5000)).json()
    body = {"payment": {"id": paid["id"]}, "reason": "wrong bill scanned"}
    voided = await client.post(REFUNDS, headers={**headers, "Idempotency-Key": key()}, json=body)
    assert voided.status_code == 201

    path = f"{SHIFTS}/{shift['id']}/payments"
    listed = (await client.get(path, headers=headers)).json()
    assert [p["id"] for p in listed] == [topup["id"], paid["id"]]
    assert listed[1]["refund"]["id"] == voided.json()["id"] and "refund" not in listed[0]
    assert listed[1]["account"]["name"].endswith("***")  # masked for the counter

    supervisor = await staff_headers(client, "supervisora")
    assert len((await client.get(path, headers=supervisor)).json()) == 2
    other = await staff_headers(client, "caixa")
    assert_api_error(await client.get(path, headers=other), 404, "notFound")
    assert_api_error(await client.get(path, headers=await sign_in("camila")), 403, "operatorsOnly")


# --- the user's country in the token ----------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "password", "country"),
    [
        ("caixa", "caixa2026", "BR"),
        ("cajero", "cajero2026", "CO"),
        ("camila", "camila2026", "CO"),
        ("andres", None, "EC"),
    ],
)
async def test_the_token_says_the_users_country(client, username, password, country):
    from tests.sandbox.conftest import token_for

    tokens = await token_for(client, username, password)
    assert tokens["country"] == country
    refreshed = await client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.json()["country"] == country
