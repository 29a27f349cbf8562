"""Payment reports, promises to pay, and the seeded payment references (PIX, boleto)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, timedelta

import pytest

from miclaro_tui.models import CustomerBill, PaymentPromise, PaymentReport
from miclaro_tui.sandbox.promises import add_business_days
from miclaro_tui.sandbox.references import (
    barcode_digits,
    crc16_ccitt_false,
    mod10,
    parse_emv,
    pix_code,
)
from tests.conftest import TODAY
from tests.sandbox.conftest import ACCOUNTS, BILLS, assert_api_error
from tests.sandbox.payment_helpers import (
    PROMISES,
    REPORTS,
    bill,
    card_method,
    pay,
    payment_body,
    postpaid,
    tokenize,
    value,
)


@pytest.fixture
async def camila(client, sign_in):
    headers = await sign_in("camila")
    account, bills = await postpaid(client, headers)
    return headers, account, bills


def report_body(bill: dict, amount, paid_on: date = TODAY, **extra) -> dict:
    return {
        "bill": {"id": bill["id"]},
        "amount": {"unit": bill["amountDue"]["unit"], "value": float(amount)},
        "paymentDate": paid_on.isoformat(),
        "channel": "Bancolombia app",
        "reference": "AB-778812",
        **extra,
    }


# --- reports -------------------------------------------------------------------------------


def test_business_days_skip_weekends():
    assert TODAY.weekday() == 2  # a Wednesday
    assert add_business_days(TODAY, 3) == date(2026, 11, 30)
    assert add_business_days(date(2026, 11, 27), 3) == date(2026, 12, 2)  # from a Friday
    assert add_business_days(date(2026, 11, 28), 1) == date(2026, 11, 30)  # from a Saturday


async def test_report_a_payment(client, camila):
    headers, _, bills = camila
    overdue = bills[1]
    response = await client.post(REPORTS, headers=headers, json=report_body(overdue, 50000))
    assert response.status_code == 201, response.text
    report = PaymentReport.model_validate(response.json())
    assert report.state == "pendingPosting"
    assert report.expectedPostingDate == date(2026, 11, 30)
    assert report.bill.id == overdue["id"] and report.amount.value == 50000
    shown = CustomerBill.model_validate(await bill(client, headers, overdue["id"]))
    assert shown.paymentReport == report
    assert shown.remainingAmount == CustomerBill.model_validate(overdue).remainingAmount


async def test_report_rules(client, camila):
    headers, _, bills = camila
    overdue, settled = bills[1], bills[2]
    remaining = value(overdue["remainingAmount"])
    bill_date = date.fromisoformat(overdue["billDate"][:10])  # a date-time at local midnight
    cases = [
        (report_body(settled, 100), "bill"),
        (report_body(overdue, 0), "amount.value"),
        (report_body(overdue, remaining + 1), "amount.value"),
        (report_body(overdue, 100, TODAY + timedelta(days=1)), "paymentDate"),
        (report_body(overdue, 100, bill_date - timedelta(days=1)), "paymentDate"),
        (report_body(overdue, 100, channel="x"), "channel"),
    ]
    for body, field in cases:
        response = await client.post(REPORTS, headers=headers, json=body)
        assert assert_api_error(response, 422, "validationError")["field"] == field, body
    ok = await client.post(
        REPORTS, headers=headers, json=report_body(overdue, remaining, bill_date)
    )
    assert ok.status_code == 201


async def test_report_of_another_customers_bill_is_404(client, camila, sign_in):
    _, _, bills = camila
    lucia = await sign_in("lucia")
    response = await client.post(REPORTS, headers=lucia, json=report_body(bills[1], 10))
    assert_api_error(response, 404, "notFound")


# --- promises ------------------------------------------------------------------------------


def promise_body(bill: dict, day: date) -> dict:
    return {"bill": {"id": bill["id"]}, "promisedDate": day.isoformat()}


async def test_promise_to_pay_an_overdue_bill(client, camila):
    headers, _, bills = camila
    overdue = bills[1]
    response = await client.post(
        PROMISES, headers=headers, json=promise_body(overdue, TODAY + timedelta(days=10))
    )
    assert response.status_code == 201, response.text
    promise = PaymentPromise.model_validate(response.json())
    assert promise.state == "active" and promise.createdDate == TODAY
    assert promise.amount == CustomerBill.model_validate(overdue).remainingAmount
    shown = CustomerBill.model_validate(await bill(client, headers, overdue["id"]))
    assert shown.paymentPromise == promise
    again = await client.post(
        PROMISES, headers=headers, json=promise_body(overdue, TODAY + timedelta(days=2))
    )
    assert_api_error(again, 409, "promiseExists")
    # Paying the bill keeps the promise.
    token = await tokenize(client, headers)
    paid = await pay(
        client,
        headers,
        payment_body(
            {"id": overdue["billingAccount"]["id"], "currency": overdue["amountDue"]["unit"]},
            [(overdue, overdue["remainingAmount"]["value"])],
            card_method(token),
        ),
    )
    assert paid.status_code == 201
    assert (await bill(client, headers, overdue["id"]))["paymentPromise"]["state"] == "kept"


async def test_promise_rules(client, camila, sign_in):
    headers, _, bills = camila
    newest, overdue, settled = bills[0], bills[1], bills[2]
    tomorrow = TODAY + timedelta(days=1)
    for body, field in [
        (promise_body(newest, tomorrow), "bill"),  # not yet due
        (promise_body(settled, tomorrow), "bill"),
        (promise_body(overdue, TODAY), "promisedDate"),
        (promise_body(overdue, TODAY + timedelta(days=11)), "promisedDate"),
        (promise_body(overdue, TODAY - timedelta(days=3)), "promisedDate"),
    ]:
        response = await client.post(PROMISES, headers=headers, json=body)
        assert assert_api_error(response, 422, "validationError")["field"] == field, body
    lucia = await sign_in("lucia")
    assert_api_error(
        await client.post(PROMISES, headers=lucia, json=promise_body(overdue, tomorrow)),
        404,
        "notFound",
    )
    ok = await client.post(PROMISES, headers=headers, json=promise_body(overdue, tomorrow))
    assert ok.status_code == 201


# --- references ----------------------------------------------------------------------------


def test_crc16_ccitt_false_check_value():
    assert crc16_ccitt_false(b"123456789") == 0x29B1


def test_pix_code_shape():
    code = pix_code(
        "7d9f0335-8dcc-4054-9bf9-0dbd61d36906",
        __import__("decimal").Decimal("123.4"),
        "CLARO SA",
        "SAO PAULO",
        "CB0000000001",
    )
    fields = parse_emv(code)
    assert fields["54"] == "123.40"
    with pytest.raises(ValueError):
        pix_code("key", __import__("decimal").Decimal(1), "X", "Y", "not-alnum!")


async def test_brazilian_bills_have_a_valid_pix_code_and_boleto(client, sign_in):
    headers = await sign_in("joao")
    bills = (await client.get(BILLS, headers=headers)).json()
    assert bills
    for item in bills:
        reference = item["paymentReference"]
        code = reference["pixCode"]
        fields = parse_emv(code)
        assert fields["00"] == "01" and fields["52"] == "0000" and fields["53"] == "986"
        assert fields["58"] == "BR" and fields["59"] and fields["60"]
        assert float(fields["54"]) == item["amountDue"]["value"]
        account_info = parse_emv(fields["26"])
        assert account_info["00"] == "br.gov.bcb.pix" and account_info["01"]
        assert parse_emv(fields["62"])["05"] == item["id"]
        assert code[-8:-4] == "6304"
        assert code[-4:] == f"{crc16_ccitt_false(code[:-4].encode()):04X}"
        line = reference["barcode"]
        assert len(line) == 48 and line.isdigit()
        assert all(mod10(line[i : i + 11]) == line[i + 11] for i in range(0, 48, 12))
        bars = barcode_digits(line)
        assert mod10(bars[:3] + bars[4:]) == bars[3]


def test_other_countries_have_no_pix(sandbox_db):
    with closing(sqlite3.connect(sandbox_db)) as conn:
        rows = conn.execute("SELECT currency, pix_code FROM bill").fetchall()
    assert all((pix is not None) == (currency == "BRL") for currency, pix in rows)


# --- suspension after the cut-off date ----------------------------------------------------


async def account_state(client, headers, account_id: str) -> str:
    return (await client.get(f"{ACCOUNTS}/{account_id}", headers=headers)).json()["state"]


async def test_unpaid_past_the_cut_off_suspends_until_promised(client, camila):
    headers, account, bills = camila
    overdue = bills[1]
    assert date.fromisoformat(overdue["cutOffDate"]) < TODAY
    assert await account_state(client, headers, account["id"]) == "suspended"
    response = await client.post(
        PROMISES, headers=headers, json=promise_body(overdue, TODAY + timedelta(days=3))
    )
    assert response.status_code == 201
    # The newer bill is unpaid too, but not past its cut-off date: it does not suspend.
    assert date.fromisoformat(bills[0]["cutOffDate"]) >= TODAY
    assert await account_state(client, headers, account["id"]) == "active"


async def test_paying_past_the_cut_off_restores_the_service(client, camila):
    headers, account, bills = camila
    overdue = bills[1]
    token = await tokenize(client, headers)
    paid = await pay(
        client,
        headers,
        payment_body(
            {"id": account["id"], "currency": account["currency"]},
            [(overdue, overdue["remainingAmount"]["value"])],
            card_method(token),
        ),
    )
    assert paid.status_code == 201
    assert await account_state(client, headers, account["id"]) == "active"
