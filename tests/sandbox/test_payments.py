"""Paying bills: outcomes, idempotency, bill and account state, credits, PSE, history,
receipts and ownership."""

from __future__ import annotations

import asyncio
import io
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from miclaro_tui.models import AppliedPayment, Bank, CustomerBill, Payment, Ref
from miclaro_tui.sandbox import idempotency
from miclaro_tui.sandbox.store import Store
from tests.sandbox.conftest import assert_api_error
from tests.sandbox.payment_helpers import (
    PAYMENTS,
    account_of,
    balance,
    bill,
    card_method,
    items_of,
    new_key,
    pay,
    payment_body,
    postpaid,
    pse_method,
    tokenize,
    value,
)

BOGOTA = ZoneInfo("America/Bogota")


@pytest.fixture
async def camila(client, sign_in):
    headers = await sign_in("camila")
    account, bills = await postpaid(client, headers)
    return headers, account, bills


# --- outcomes ------------------------------------------------------------------------------


async def test_approved_card_settles_the_bill(client, camila):
    headers, account, bills = camila
    overdue = bills[1]
    due_before = balance(account, "amountDue")
    token = await tokenize(client, headers, "1111")
    body = payment_body(
        account, [(overdue, overdue["remainingAmount"]["value"])], card_method(token)
    )
    response = await pay(client, headers, body)
    assert response.status_code == 201, response.text
    payment = Payment.model_validate(response.json())
    assert payment.status == "done" and payment.correlatorId == body["correlatorId"]
    assert payment.receiptNo and payment.authorizationCode
    assert payment.paymentMethod.brand == "visa" and payment.paymentMethod.lastFourDigits == "1111"
    # The frozen clock (2026-11-18 11:06:40 UTC) read in Bogotá, on the sandbox's day.
    assert payment.statusDate == datetime(2026, 11, 25, 6, 6, 40, tzinfo=BOGOTA)
    assert payment.statusDate.utcoffset() == timedelta(hours=-5)
    assert payment.paymentItem[0].item.name == overdue["billNo"]
    after = CustomerBill.model_validate(await bill(client, headers, overdue["id"]))
    assert after.state == "settled" and after.remainingAmount.value == 0
    assert after.pendingPayment is None
    assert after.appliedPayment == [
        AppliedPayment(
            appliedAmount=after.amountDue,
            payment=Ref(id=payment.id, href=payment.href, name=payment.receiptNo),
        )
    ]
    account_after = await account_of(client, headers, account["id"])
    assert balance(account_after, "overdue") == 0
    assert balance(account_after, "amountDue") == due_before - value(overdue["remainingAmount"])
    assert account_after["paymentStatus"] == "due"


@pytest.mark.parametrize(
    ("ending", "code"),
    [("0002", "insufficientFunds"), ("0069", "expiredCard"), ("0119", "doNotHonour")],
)
async def test_declined_card_is_402_and_recorded(client, camila, ending, code):
    headers, account, bills = camila
    token = await tokenize(client, headers, ending)
    body = payment_body(account, [(bills[1], 1000)], card_method(token))
    response = await pay(client, headers, body)
    error = assert_api_error(response, 402, code)
    assert "declined" in error["message"]
    history = (
        await client.get(PAYMENTS, headers=headers, params={"correlatorId": body["correlatorId"]})
    ).json()
    assert [p["status"] for p in history] == ["denied"]
    assert history[0]["statusReason"] == error["message"]
    assert "receiptNo" not in history[0]
    assert await bill(client, headers, bills[1]["id"]) == bills[1]


async def test_pending_card_is_done_on_the_next_get(client, camila):
    headers, account, bills = camila
    token = await tokenize(client, headers, "0077")
    body = payment_body(account, [(bills[1], 5000)], card_method(token))
    response = await pay(client, headers, body)
    assert response.status_code == 201
    payment = response.json()
    assert payment["status"] == "pendingAuthorization" and "receiptNo" not in payment
    pending_bill = await bill(client, headers, bills[1]["id"])
    assert pending_bill["pendingPayment"]["id"] == payment["id"]
    assert value(pending_bill["remainingAmount"]) == value(bills[1]["remainingAmount"])
    done = (await client.get(f"{PAYMENTS}/{payment['id']}", headers=headers)).json()
    assert done["status"] == "done" and done["receiptNo"]
    after = await bill(client, headers, bills[1]["id"])
    assert "pendingPayment" not in after and after["state"] == "partiallyPaid"
    assert value(after["remainingAmount"]) == value(bills[1]["remainingAmount"]) - 5000


# --- idempotency ---------------------------------------------------------------------------


async def test_same_key_and_body_replays_byte_for_byte(client, camila):
    headers, account, bills = camila
    token = await tokenize(client, headers)
    body = payment_body(account, [(bills[1], 1000)], card_method(token))
    first = await pay(client, headers, body)
    second = await pay(client, headers, body)
    assert first.status_code == second.status_code == 201
    assert first.content == second.content
    listed = await client.get(
        PAYMENTS, headers=headers, params={"correlatorId": body["correlatorId"]}
    )
    assert listed.headers["X-Total-Count"] == "1"
    after = await bill(client, headers, bills[1]["id"])
    assert value(after["remainingAmount"]) == value(bills[1]["remainingAmount"]) - 1000


async def test_a_decline_replays_too(client, camila):
    headers, account, bills = camila
    token = await tokenize(client, headers, "0002")
    body = payment_body(account, [(bills[1], 1000)], card_method(token))
    first, second = await pay(client, headers, body), await pay(client, headers, body)
    assert first.status_code == second.status_code == 402
    assert first.content == second.content
    listed = await client.get(
        PAYMENTS, headers=headers, params={"correlatorId": body["correlatorId"]}
    )
    assert listed.headers["X-Total-Count"] == "1"


async def test_same_key_other_body_is_422(client, camila):
    headers, account, bills = camila
    token = await tokenize(client, headers)
    body = payment_body(account, [(bills[1], 1000)], card_method(token))
    assert (await pay(client, headers, body)).status_code == 201
    other = payment_body(account, [(bills[1], 2000)], card_method(token), key=body["correlatorId"])
    error = assert_api_error(await pay(client, headers, other), 422, "idempotencyKeyReuse")
    assert error["field"] == "Idempotency-Key"


async def test_key_in_flight_is_409(client, camila, app, clock):
    headers, account, bills = camila
    token = await tokenize(client, headers)
    body = payment_body(account, [(bills[1], 1000)], card_method(token))
    from miclaro_tui.models import PaymentCreate

    store: Store = app.state.store
    with store.read() as conn:
        customer_id = conn.execute("SELECT id FROM customer WHERE username = 'camila'").fetchone()[
            0
        ]
    # Another request claimed the key and has not finished.
    digest = idempotency.digest(PaymentCreate.model_validate(body))
    lease = idempotency.claim(
        store, customer_id, body["correlatorId"], "payment", digest, clock.now
    )
    assert isinstance(lease, idempotency.Lease)
    response = await pay(client, headers, body)
    assert_api_error(response, 409, "requestInProgress")
    assert response.headers["Retry-After"] == "1"
    # When it fails unexpectedly the key is released and a retry does the work.
    idempotency.release(store, lease)
    assert (await pay(client, headers, body)).status_code == 201


async def test_concurrent_requests_with_one_key_pay_once(client, camila):
    headers, account, bills = camila
    token = await tokenize(client, headers)
    body = payment_body(account, [(bills[1], 1000)], card_method(token))
    responses = await asyncio.gather(*(pay(client, headers, body) for _ in range(6)))
    statuses = sorted(r.status_code for r in responses)
    assert set(statuses) <= {201, 409} and 201 in statuses
    bodies = {r.content for r in responses if r.status_code == 201}
    assert len(bodies) == 1
    after = await bill(client, headers, bills[1]["id"])
    assert value(after["remainingAmount"]) == value(bills[1]["remainingAmount"]) - 1000


async def test_keys_are_per_customer(client, camila, sign_in):
    headers, account, bills = camila
    token = await tokenize(client, headers)
    key = new_key()
    body = payment_body(account, [(bills[1], 1000)], card_method(token), key=key)
    assert (await pay(client, headers, body)).status_code == 201
    lucia = await sign_in("lucia")
    lucia_account, lucia_bills = await postpaid(client, lucia)
    lucia_token = await tokenize(client, lucia)
    other = payment_body(lucia_account, [(lucia_bills[1], 10)], card_method(lucia_token), key=key)
    assert (await pay(client, lucia, other)).status_code == 201


async def test_missing_or_mismatched_key(client, camila):
    headers, account, bills = camila
    token = await tokenize(client, headers)
    body = payment_body(account, [(bills[1], 1000)], card_method(token))
    missing = await client.post(PAYMENTS, headers=headers, json=body)
    assert assert_api_error(missing, 422, "validationError")["field"] == "Idempotency-Key"
    other = await pay(client, headers, body, key="another-key-123")
    assert assert_api_error(other, 422, "validationError")["field"] == "correlatorId"


# --- rules ---------------------------------------------------------------------------------


async def test_payment_rules(client, camila, sign_in):
    headers, account, bills = camila
    token = await tokenize(client, headers)
    method = card_method(token)

    async def field_of(body: dict, status: int = 422) -> str | None:
        response = await pay(client, headers, body)
        assert response.status_code == status, response.text
        return response.json().get("field")

    body = payment_body(account, [(bills[1], 1000)], method)
    body["amount"]["unit"] = "USD"
    assert await field_of(body) == "amount.unit"
    body = payment_body(account, [(bills[1], 1000)], method)
    body["amount"]["value"] = 999
    assert await field_of(body) == "amount.value"
    body = payment_body(account, [(bills[1], "0.001")], method)
    assert (await field_of(body)).startswith("amount")
    body = payment_body(account, [(bills[1], 0)], method)
    assert (await field_of(body)).startswith("amount")
    body = payment_body(account, [(bills[1], -5)], method)
    assert (await field_of(body)).startswith("amount")
    body = payment_body(account, [(bills[1], 10), (bills[1], 10)], method)
    assert await field_of(body) == "paymentItem"
    prepaid = next(
        a
        for a in (
            await client.get("/tmf-api/accountManagement/v4/billingAccount", headers=headers)
        ).json()
        if a["accountType"] == "prepaid"
    )
    body = payment_body(prepaid, [(bills[1], 10)], method)
    assert await field_of(body) == "account.id"
    body = payment_body(account, [(bills[1], 10)], {**method, "installments": 40})
    assert (await field_of(body)).startswith("paymentMethod")
    body = payment_body(account, [(bills[1], "10.50")], method)
    assert await field_of(body, 201) is None  # two decimals are fine


async def test_bills_and_accounts_of_others_are_404(client, camila, sign_in):
    headers, account, bills = camila
    lucia = await sign_in("lucia")
    lucia_account, lucia_bills = await postpaid(client, lucia)
    token = await tokenize(client, headers)
    body = payment_body(account, [(lucia_bills[1], 10)], card_method(token))
    assert_api_error(await pay(client, headers, body), 404, "notFound")
    body = payment_body(lucia_account, [(bills[1], 10)], card_method(token))
    body["amount"]["unit"] = body["paymentItem"][0]["amount"]["unit"] = "COP"
    assert_api_error(await pay(client, headers, body), 404, "notFound")
    paid = await pay(client, headers, payment_body(account, [(bills[1], 10)], card_method(token)))
    payment_id = paid.json()["id"]
    for path in ("", "/receipt"):
        assert_api_error(
            await client.get(f"{PAYMENTS}/{payment_id}{path}", headers=lucia), 404, "notFound"
        )
    assert_api_error(
        await client.post(f"{PAYMENTS}/{payment_id}/cancel", headers=lucia), 404, "notFound"
    )
    history = (await client.get(PAYMENTS, headers=lucia, params={"limit": 100})).json()
    assert payment_id not in {p["id"] for p in history}
    assert_api_error(await client.get(PAYMENTS), 401, "invalidToken")


# --- partial, full and double payments -----------------------------------------------------


async def test_partial_then_full_then_twice_leaves_credit_for_the_open_bill(client, camila):
    headers, account, bills = camila
    newest, overdue = bills[0], bills[1]
    remaining = value(overdue["remainingAmount"])
    token = await tokenize(client, headers)

    async def pay_overdue(amount) -> dict:
        response = await pay(
            client, headers, payment_body(account, [(overdue, amount)], card_method(token))
        )
        assert response.status_code == 201, response.text
        return response.json()

    first = await pay_overdue(20000)
    partial = await bill(client, headers, overdue["id"])
    assert partial["state"] == "partiallyPaid"
    assert value(partial["remainingAmount"]) == remaining - 20000
    assert value(partial["amountDue"]) == value(overdue["amountDue"])
    second = await pay_overdue(remaining - 20000)
    settled = await bill(client, headers, overdue["id"])
    assert settled["state"] == "settled"
    assert [
        (a["payment"]["id"], value(a["appliedAmount"]), a["fromCredit"])
        for a in settled["appliedPayment"]
    ] == [(first["id"], 20000, False), (second["id"], remaining - 20000, False)]

    # The same bill paid again, in full: nothing more is applied to it; the excess becomes
    # credit, which pays the open newest bill, and what is left stays on the account.
    twice = await pay_overdue(remaining)
    assert twice["status"] == "done"
    assert await bill(client, headers, overdue["id"]) == settled
    newer = await bill(client, headers, newest["id"])
    credit = min(remaining, value(newest["remainingAmount"]))
    for field in ("amountDue", "taxExcludedAmount", "taxIncludedAmount", "taxItem"):
        assert newer[field] == newest[field]
    assert value(newer["remainingAmount"]) == value(newest["remainingAmount"]) - credit
    (applied,) = newer["appliedPayment"]
    assert applied["fromCredit"] is True and value(applied["appliedAmount"]) == credit
    assert applied["payment"] == {
        "id": twice["id"],
        "href": twice["href"],
        "name": twice["receiptNo"],
    }
    assert "Saldo a favor" not in {
        item["name"] for item in await items_of(client, headers, newest["id"])
    }
    account_after = await account_of(client, headers, account["id"])
    assert balance(account_after, "amountDue") == value(newer["remainingAmount"])
    assert balance(account_after, "creditBalance") == remaining - credit
    history = (
        await client.get(
            PAYMENTS, headers=headers, params={"account.id": account["id"], "limit": 3}
        )
    ).json()
    assert [p["id"] for p in history][0] == twice["id"]


async def test_overpaying_the_newest_bill_pays_the_overdue_one_from_credit(client, camila):
    headers, account, bills = camila
    newest, overdue = bills[0], bills[1]
    token = await tokenize(client, headers)
    amount = value(newest["remainingAmount"]) + 5000
    response = await pay(
        client, headers, payment_body(account, [(newest, amount)], card_method(token))
    )
    assert response.status_code == 201
    assert (await bill(client, headers, newest["id"]))["state"] == "settled"
    after = await bill(client, headers, overdue["id"])
    assert after["state"] == "partiallyPaid"
    assert value(after["remainingAmount"]) == value(overdue["remainingAmount"]) - 5000
    assert after["appliedPayment"][0]["fromCredit"] is True
    account_after = await account_of(client, headers, account["id"])
    assert balance(account_after, "creditBalance") == 0
    assert balance(account_after, "amountDue") == value(overdue["remainingAmount"]) - 5000


async def test_paying_two_bills_at_once(client, camila):
    headers, account, bills = camila
    token = await tokenize(client, headers)
    pays = [
        (bills[1], bills[1]["remainingAmount"]["value"]),
        (bills[0], bills[0]["remainingAmount"]["value"]),
    ]
    response = await pay(client, headers, payment_body(account, pays, card_method(token)))
    assert response.status_code == 201
    assert len(response.json()["paymentItem"]) == 2
    account_after = await account_of(client, headers, account["id"])
    assert account_after["paymentStatus"] == "upToDate"
    assert balance(account_after, "amountDue") == 0


# --- PSE -----------------------------------------------------------------------------------


async def test_pse_banks(client):
    response = await client.get("/pse/bank")
    banks = [Bank.model_validate(item) for item in response.json()]
    names = {bank.name for bank in banks}
    assert len(banks) == 10 and {"Bancolombia", "Nequi", "Banco de Bogotá"} <= names
    assert len({bank.id for bank in banks}) == 10


async def test_pse_is_pending_then_done_after_two_gets(client, camila):
    headers, account, bills = camila
    overdue = bills[1]
    body = payment_body(account, [(overdue, overdue["remainingAmount"]["value"])], pse_method())
    response = await pay(client, headers, body)
    assert response.status_code == 201
    payment = response.json()
    assert payment["status"] == "pendingAuthorization"
    assert payment["authorizationUrl"] == f"https://pse.sandbox.invalid/authorize/{payment['id']}"
    assert payment["paymentMethod"]["bankName"] == "Bancolombia"
    assert (await bill(client, headers, overdue["id"]))["pendingPayment"]["id"] == payment["id"]
    url = f"{PAYMENTS}/{payment['id']}"
    assert (await client.get(url, headers=headers)).json()["status"] == "pendingAuthorization"
    done = (await client.get(url, headers=headers)).json()
    assert done["status"] == "done" and "authorizationUrl" not in done and done["receiptNo"]
    after = await bill(client, headers, overdue["id"])
    assert after["state"] == "settled" and "pendingPayment" not in after
    assert (await client.get(url, headers=headers)).json() == done


async def test_pse_denied_for_a_document_ending_in_9(client, camila):
    headers, account, bills = camila
    body = payment_body(account, [(bills[1], 1000)], pse_method(document="1020304059"))
    payment = (await pay(client, headers, body)).json()
    url = f"{PAYMENTS}/{payment['id']}"
    await client.get(url, headers=headers)
    denied = (await client.get(url, headers=headers)).json()
    assert denied["status"] == "denied" and denied["statusReason"] == "rejected by the bank"
    assert await bill(client, headers, bills[1]["id"]) == bills[1]
    assert_api_error(await client.get(f"{url}/receipt", headers=headers), 409, "receiptUnavailable")


async def test_cancel_a_pending_payment(client, camila):
    headers, account, bills = camila
    payment = (
        await pay(client, headers, payment_body(account, [(bills[1], 1000)], pse_method()))
    ).json()
    url = f"{PAYMENTS}/{payment['id']}"
    canceled = await client.post(f"{url}/cancel", headers=headers)
    assert canceled.status_code == 200 and canceled.json()["status"] == "canceled"
    assert (await client.get(url, headers=headers)).json()["status"] == "canceled"
    assert "pendingPayment" not in (await bill(client, headers, bills[1]["id"]))
    assert_api_error(await client.post(f"{url}/cancel", headers=headers), 409, "notCancelable")


async def test_pse_rules(client, camila, sign_in):
    headers, account, bills = camila
    body = payment_body(account, [(bills[1], 1000)], pse_method(bank="9999"))
    response = await pay(client, headers, body)
    assert assert_api_error(response, 422, "validationError")["field"] == "paymentMethod.bank"
    joao = await sign_in("joao")
    joao_account, joao_bills = await postpaid(client, joao)
    body = payment_body(joao_account, [(joao_bills[1], 10)], pse_method())
    response = await pay(client, joao, body)
    assert assert_api_error(response, 422, "validationError")["field"] == "paymentMethod"


# --- history and receipts ------------------------------------------------------------------


async def test_history_is_seeded_newest_first_and_paged(client, camila):
    headers, account, _ = camila
    response = await client.get(PAYMENTS, headers=headers, params={"account.id": account["id"]})
    assert response.status_code == 200
    payments = [Payment.model_validate(item) for item in response.json()]
    total = int(response.headers["X-Total-Count"])
    assert total == len(payments) == 11  # the settled bills
    dates = [p.paymentDate for p in payments]
    assert dates == sorted(dates, reverse=True)
    assert all(p.status == "done" and p.receiptNo and p.authorizationCode for p in payments)
    kinds = {p.paymentMethod.type for p in payments}
    assert "tokenizedCard" in kinds and len(kinds) >= 2
    for p in payments:
        if p.paymentMethod.type == "tokenizedCard":
            assert p.paymentMethod.brand and len(p.paymentMethod.lastFourDigits or "") == 4
    page = await client.get(
        PAYMENTS, headers=headers, params={"account.id": account["id"], "offset": 4, "limit": 3}
    )
    assert [p["id"] for p in page.json()] == [p.id for p in payments[4:7]]
    assert page.headers["X-Total-Count"] == str(total)
    none = await client.get(PAYMENTS, headers=headers, params={"correlatorId": "nope-nope"})
    assert none.json() == [] and none.headers["X-Total-Count"] == "0"


async def test_seeded_cash_and_transfer_payments_exist(client, sign_in):
    kinds: set[str] = set()
    for user in ("camila", "joao", "lucia"):
        headers = await sign_in(user)
        kinds |= {
            p["paymentMethod"]["@type"]
            for p in (await client.get(PAYMENTS, headers=headers)).json()
        }
    assert {"tokenizedCard", "bankAccountTransfer", "cash"} <= kinds


async def test_receipt_pdf(client, camila):
    headers, account, bills = camila
    token = await tokenize(client, headers, "1111")
    paid = (
        await pay(
            client,
            headers,
            payment_body(
                account, [(bills[1], bills[1]["remainingAmount"]["value"])], card_method(token)
            ),
        )
    ).json()
    response = await client.get(f"{PAYMENTS}/{paid['id']}/receipt", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert paid["receiptNo"] in text and "VISA •••• 1111" in text
    assert paid["authorizationCode"] in text and bills[1]["billNo"] in text
    assert "Camila" in text and "Comprobante de pago" in text


async def test_receipt_of_a_seeded_payment_in_portuguese(client, sign_in):
    headers = await sign_in("joao")
    (payment, *_) = (await client.get(PAYMENTS, headers=headers)).json()
    response = await client.get(f"{PAYMENTS}/{payment['id']}/receipt", headers=headers)
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Comprovante de pagamento" in text and payment["receiptNo"] in text


async def test_receipt_only_for_done_payments(client, camila):
    headers, account, bills = camila
    payment = (
        await pay(client, headers, payment_body(account, [(bills[1], 1000)], pse_method()))
    ).json()
    response = await client.get(f"{PAYMENTS}/{payment['id']}/receipt", headers=headers)
    assert_api_error(response, 409, "receiptUnavailable")


async def test_moments_are_the_clock_in_the_account_zone_on_the_sandbox_day(client, camila, clock):
    headers, account, bills = camila
    token = await tokenize(client, headers)
    first = (
        await pay(client, headers, payment_body(account, [(bills[1], 10)], card_method(token)))
    ).json()
    clock.advance(90)
    second = (
        await pay(client, headers, payment_body(account, [(bills[1], 10)], card_method(token)))
    ).json()
    assert first["statusDate"] == first["paymentDate"] == "2026-11-25T06:06:40-05:00"
    assert second["paymentDate"] == "2026-11-25T06:08:10-05:00"
    assert int(second["id"][3:]) == int(first["id"][3:]) + 1
    assert Decimal(str(first["amount"]["value"])) == 10
