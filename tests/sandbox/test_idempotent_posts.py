"""An Idempotency-Key on the other POSTs that change state (POST /payment has its own tests):
e-mailing a bill, reporting a payment, promising one, cancelling a payment. The client sends
one key per user intent and reuses it on its retries: a retry gets the first answer back byte
for byte (a refusal too) and the work is done once; the key used for another request is 422;
a key still being worked on is 409. Without a key each request is done as it comes."""

from __future__ import annotations

import asyncio
import threading
import uuid
from datetime import timedelta

import pytest

from miclaro_tui.sandbox import idempotency
from miclaro_tui.sandbox.errors import ApiException
from tests.conftest import TODAY
from tests.sandbox.conftest import BILLS, assert_api_error
from tests.sandbox.payment_helpers import (
    PAYMENTS,
    PROMISES,
    REPORTS,
    pay,
    payment_body,
    postpaid,
    pse_method,
)


def new_key() -> str:
    return uuid.uuid4().hex  # what the client sends: 32 hex digits


def keyed(headers: dict[str, str], key: str) -> dict[str, str]:
    return {**headers, "Idempotency-Key": key}


def count(app, sql: str, *params) -> int:
    with app.state.store.read() as conn:
        return conn.execute(sql, params).fetchone()[0]


def sends_of(app, bill_id: str) -> list[str]:
    with app.state.store.read() as conn:
        return [
            row[0]
            for row in conn.execute(
                "SELECT email FROM bill_send WHERE bill_id = ? ORDER BY id", (bill_id,)
            )
        ]


@pytest.fixture
async def camila(client, sign_in):
    headers = await sign_in("camila")
    account, bills = await postpaid(client, headers)
    return headers, account, bills


def report_body(bill: dict, reference: str = "AB-778812") -> dict:
    return {
        "bill": {"id": bill["id"]},
        "amount": {"unit": bill["amountDue"]["unit"], "value": 1000},
        "paymentDate": TODAY.isoformat(),
        "channel": "Bancolombia app",
        "reference": reference,
    }


def promise_body(bill: dict, days: int = 5) -> dict:
    return {"bill": {"id": bill["id"]}, "promisedDate": (TODAY + timedelta(days=days)).isoformat()}


async def pending_payment(client, headers: dict, account: dict, bill: dict) -> dict:
    response = await pay(client, headers, payment_body(account, [(bill, 1000)], pse_method()))
    assert response.status_code == 201, response.text
    return response.json()


# --- e-mailing a bill ----------------------------------------------------------------------


async def test_a_retried_send_e_mails_the_bill_once(client, app, camila):
    headers, _, bills = camila
    url, key = f"{BILLS}/{bills[0]['id']}/send", new_key()
    body = {"email": "finance@company.example"}
    first = await client.post(url, headers=keyed(headers, key), json=body)
    again = await client.post(url, headers=keyed(headers, key), json=body)
    assert first.status_code == again.status_code == 202, first.text
    assert again.content == first.content
    assert sends_of(app, bills[0]["id"]) == ["finance@company.example"]

    # Without a key, each request is another e-mail, as it always was.
    for _ in range(2):
        assert (await client.post(url, headers=headers, json=body)).status_code == 202
    assert len(sends_of(app, bills[0]["id"])) == 3


async def test_a_send_key_names_one_bill_and_one_address(client, app, camila):
    headers, _, bills = camila
    key = new_key()
    first = await client.post(f"{BILLS}/{bills[0]['id']}/send", headers=keyed(headers, key))
    assert first.status_code == 202, first.text
    # The same body ({}, the account's address) for another bill: another request.
    other_bill = await client.post(f"{BILLS}/{bills[1]['id']}/send", headers=keyed(headers, key))
    error = assert_api_error(other_bill, 422, "idempotencyKeyReuse")
    assert error["field"] == "Idempotency-Key"
    other_address = await client.post(
        f"{BILLS}/{bills[0]['id']}/send", headers=keyed(headers, key), json={"email": "x@y.example"}
    )
    assert_api_error(other_address, 422, "idempotencyKeyReuse")
    # No body and an empty one ask the same: the account's address.
    same = await client.post(f"{BILLS}/{bills[0]['id']}/send", headers=keyed(headers, key), json={})
    assert same.status_code == 202 and same.content == first.content
    assert len(sends_of(app, bills[0]["id"])) == 1 and sends_of(app, bills[1]["id"]) == []


# --- reporting a payment -------------------------------------------------------------------


async def test_a_retried_report_is_recorded_once(client, app, camila):
    headers, _, bills = camila
    overdue = bills[1]
    before = count(app, "SELECT count(*) FROM payment_report WHERE bill_id = ?", overdue["id"])
    key = new_key()
    first = await client.post(REPORTS, headers=keyed(headers, key), json=report_body(overdue))
    again = await client.post(REPORTS, headers=keyed(headers, key), json=report_body(overdue))
    assert first.status_code == again.status_code == 201, first.text
    assert again.content == first.content
    other = await client.post(
        REPORTS, headers=keyed(headers, key), json=report_body(overdue, reference="ZZ-000001")
    )
    assert_api_error(other, 422, "idempotencyKeyReuse")
    after = count(app, "SELECT count(*) FROM payment_report WHERE bill_id = ?", overdue["id"])
    assert after == before + 1


async def test_concurrent_reports_with_one_key_record_one(client, app, camila):
    headers, _, bills = camila
    key, body = new_key(), report_body(bills[1])
    before = count(app, "SELECT count(*) FROM payment_report")
    answers = await asyncio.gather(
        *(client.post(REPORTS, headers=keyed(headers, key), json=body) for _ in range(6))
    )
    assert {a.status_code for a in answers} <= {201, 409}
    assert len({a.content for a in answers if a.status_code == 201}) == 1
    assert count(app, "SELECT count(*) FROM payment_report") == before + 1


# --- promising to pay ----------------------------------------------------------------------


async def test_a_retried_promise_gets_its_promise_back_not_promise_exists(client, app, camila):
    headers, _, bills = camila
    overdue, key = bills[1], new_key()
    first = await client.post(PROMISES, headers=keyed(headers, key), json=promise_body(overdue))
    again = await client.post(PROMISES, headers=keyed(headers, key), json=promise_body(overdue))
    assert first.status_code == again.status_code == 201, first.text
    assert again.content == first.content
    assert count(app, "SELECT count(*) FROM payment_promise WHERE bill_id = ?", overdue["id"]) == 1

    # Another intent (a new key) meets the rule; that refusal is its key's answer from then on.
    refused_key = new_key()
    refused = await client.post(
        PROMISES, headers=keyed(headers, refused_key), json=promise_body(overdue, days=3)
    )
    assert_api_error(refused, 409, "promiseExists")
    replayed = await client.post(
        PROMISES, headers=keyed(headers, refused_key), json=promise_body(overdue, days=3)
    )
    assert replayed.status_code == 409 and replayed.content == refused.content


async def test_a_key_is_for_one_operation(client, camila):
    headers, _, bills = camila
    key = new_key()
    reported = await client.post(REPORTS, headers=keyed(headers, key), json=report_body(bills[1]))
    assert reported.status_code == 201
    promised = await client.post(PROMISES, headers=keyed(headers, key), json=promise_body(bills[1]))
    assert_api_error(promised, 422, "idempotencyKeyReuse")


# --- cancelling a payment ------------------------------------------------------------------


async def test_a_retried_cancel_gets_the_canceled_payment_not_not_cancelable(client, camila):
    headers, account, bills = camila
    payment = await pending_payment(client, headers, account, bills[1])
    url, key = f"{PAYMENTS}/{payment['id']}/cancel", new_key()
    first = await client.post(url, headers=keyed(headers, key))
    again = await client.post(url, headers=keyed(headers, key))
    assert first.status_code == again.status_code == 200, first.text
    assert first.json()["status"] == "canceled" and again.content == first.content
    # Without a key the rule answers, as it always did.
    assert_api_error(await client.post(url, headers=headers), 409, "notCancelable")

    # The key names the payment: the same (empty) body for another one is another request.
    other = await pending_payment(client, headers, account, bills[0])
    reused = await client.post(f"{PAYMENTS}/{other['id']}/cancel", headers=keyed(headers, key))
    assert_api_error(reused, 422, "idempotencyKeyReuse")


async def test_a_refused_cancel_replays_its_refusal(client, camila):
    headers, _, _ = camila
    key = new_key()
    unknown = f"{PAYMENTS}/PAY99999999/cancel"
    first = await client.post(unknown, headers=keyed(headers, key))
    assert_api_error(first, 404, "notFound")
    again = await client.post(unknown, headers=keyed(headers, key))
    assert again.status_code == 404 and again.content == first.content


# --- a key still being worked on -----------------------------------------------------------


class PausedAfterClaim:
    """Stands in for the app's fault hook: holds each claimed request until ``go`` is set."""

    def __init__(self) -> None:
        self.claimed = threading.Event()
        self.go = threading.Event()

    def after_claim(self) -> None:
        self.claimed.set()
        assert self.go.wait(timeout=30), "the test never let the request go on"


@pytest.mark.parametrize("operation", ["send", "report", "promise", "cancel"])
async def test_a_key_in_flight_is_409_then_the_first_answer(client, app, camila, operation):
    headers, account, bills = camila
    body: dict | None = None
    if operation == "send":
        url, body = f"{BILLS}/{bills[0]['id']}/send", {"email": "finance@company.example"}
    elif operation == "report":
        url, body = REPORTS, report_body(bills[1])
    elif operation == "promise":
        url, body = PROMISES, promise_body(bills[1])
    else:
        payment = await pending_payment(client, headers, account, bills[1])
        url = f"{PAYMENTS}/{payment['id']}/cancel"
    paused, key = PausedAfterClaim(), new_key()
    app.state.faults = paused
    first = asyncio.create_task(client.post(url, headers=keyed(headers, key), json=body))
    try:
        assert await asyncio.to_thread(paused.claimed.wait, 30)
        in_flight = await client.post(url, headers=keyed(headers, key), json=body)
        assert_api_error(in_flight, 409, "requestInProgress")
        assert in_flight.headers["Retry-After"] == "1"
    finally:
        paused.go.set()
    done = await first
    assert done.status_code in (200, 201, 202), done.text
    replay = await client.post(url, headers=keyed(headers, key), json=body)
    assert replay.status_code == done.status_code and replay.content == done.content


# --- the machinery: a refusal undoes what the work wrote -----------------------------------


def test_a_refusal_is_stored_with_what_the_work_wrote_undone(app, clock):
    store = app.state.store
    with store.read() as conn:
        customer_id, bill_id = conn.execute(
            "SELECT billing_account.customer_id, bill.id FROM bill JOIN billing_account"
            " ON billing_account.id = bill.account_id ORDER BY bill.id LIMIT 1"
        ).fetchone()
    request = idempotency.Keyed(customer_id, new_key(), "test_operation", "digest")

    def work(conn):
        conn.execute(
            "INSERT INTO bill_send (bill_id, email, requested_at) VALUES (?, ?, 0)",
            (bill_id, "half@done.example"),
        )
        raise ApiException(409, "someRule", "refused after a write")

    answer = idempotency.run_once(store, request, work, now=clock.now)
    assert answer.status == 409 and b'"code":"someRule"' in answer.body
    assert count(app, "SELECT count(*) FROM bill_send WHERE email = 'half@done.example'") == 0

    def never(conn):
        raise AssertionError("a stored answer is replayed, the work is not done again")

    assert idempotency.run_once(store, request, never, now=clock.now) == answer
