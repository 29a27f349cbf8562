"""POST /abandonedPayment: a client that found no payment under its key fences the key, so a
request under it that lands later (held in a proxy, queued in the server) makes nothing. Only
then is "not found" the truth that nothing was charged."""

from __future__ import annotations

import pytest

from miclaro_tui.sandbox import idempotency
from tests.sandbox.conftest import assert_api_error
from tests.sandbox.payment_helpers import (
    card_method,
    pay,
    payment_body,
    postpaid,
    tokenize,
)
from tests.sandbox.test_idempotency_lease import claim, payments_with

ABANDON = "/tmf-api/paymentManagement/v4/abandonedPayment"


@pytest.fixture
async def order(client, sign_in, app):
    """camila's headers, a payment body under a new key, and her customer id."""
    headers = await sign_in("camila")
    account, bills = await postpaid(client, headers)
    body = payment_body(account, [(bills[1], 1000)], card_method(await tokenize(client, headers)))
    return headers, body, customer_id(app, "camila")


def customer_id(app, username: str) -> int:
    with app.state.store.read() as conn:
        row = conn.execute("SELECT id FROM customer WHERE username = ?", (username,)).fetchone()
    return row[0]


async def abandon(client, headers, key: str):
    return await client.post(
        ABANDON, headers={**headers, "Idempotency-Key": key}, json={"correlatorId": key}
    )


async def test_a_request_landing_after_its_key_was_abandoned_makes_nothing(client, order):
    headers, body, _ = order
    key = body["correlatorId"]
    answer = await abandon(client, headers, key)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"correlatorId": key, "state": "abandoned"}

    late = await pay(client, headers, body)
    refusal = assert_api_error(late, 409, "paymentAbandoned")
    assert refusal["field"] == "Idempotency-Key"
    assert refusal["message"] == (
        "This Idempotency-Key was abandoned after its request went unanswered: nothing was made;"
        " use a new key"
    )
    assert await payments_with(client, headers, key) == []
    # Asking to abandon it again says the same; and so does a late request with another body.
    assert (await abandon(client, headers, key)).status_code == 200
    other = {**body, "amount": {**body["amount"], "value": 2000}}
    other["paymentItem"] = [{**body["paymentItem"][0], "amount": other["amount"]}]
    assert_api_error(await pay(client, headers, other), 409, "paymentAbandoned")


async def test_a_key_that_made_a_payment_cannot_be_abandoned(client, order):
    headers, body, _ = order
    assert (await pay(client, headers, body)).status_code == 201
    assert_api_error(await abandon(client, headers, body["correlatorId"]), 409, "paymentExists")
    assert len(await payments_with(client, headers, body["correlatorId"])) == 1


async def test_a_key_still_being_worked_on_answers_in_progress(client, app, clock, order):
    headers, body, customer_id = order
    claim(app, customer_id, body, clock.now)  # its request is being worked on right now
    refused = await abandon(client, headers, body["correlatorId"])
    assert_api_error(refused, 409, "requestInProgress")
    assert refused.headers["Retry-After"] == "1"


async def test_a_key_whose_request_was_refused_is_abandoned(client, sign_in):
    headers = await sign_in("camila")
    account, bills = await postpaid(client, headers)
    body = payment_body(account, [(bills[1], 1000)], card_method({"id": "tok_not_a_token"}))
    refused = await pay(client, headers, body)
    assert refused.status_code in (404, 422), refused.text
    assert (await abandon(client, headers, body["correlatorId"])).status_code == 200
    assert await payments_with(client, headers, body["correlatorId"]) == []


async def test_abandon_needs_the_key_in_the_header_and_is_per_customer(client, sign_in, order):
    headers, body, _ = order
    key = body["correlatorId"]
    mismatched = await client.post(
        ABANDON,
        headers={**headers, "Idempotency-Key": "another-key-01"},
        json={"correlatorId": key},
    )
    assert_api_error(mismatched, 422, "validationError")
    # Another customer's abandoning the same key fences only their own.
    joao = await sign_in("joao")
    assert (await abandon(client, joao, key)).status_code == 200
    assert (await pay(client, headers, body)).status_code == 201


def test_the_fence_is_a_stored_answer_of_the_key(app):
    camila = customer_id(app, "camila")
    idempotency.abandon(app.state.store, camila, "key-fenced-01", "payment")
    reply = idempotency.stored_answer(app.state.store, camila, "key-fenced-01", "x", "y")
    assert reply.status == 409 and b"paymentAbandoned" in reply.body


async def test_paying_again_with_a_new_key_works_after_abandoning(client, order):
    headers, body, _ = order
    await abandon(client, headers, body["correlatorId"])
    fresh = {**body, "correlatorId": "key-fresh-0001"}
    fresh["paymentMethod"] = card_method(await tokenize(client, headers))
    assert (await pay(client, headers, fresh)).status_code == 201


@pytest.mark.parametrize(("status", "made"), [(200, True), (201, True), (299, True), (300, False)])
def test_a_key_whose_request_was_answered_with_any_2xx_made_something(app, status, made):
    """Whatever the operation, a stored success (2xx) means something was made under the key:
    it cannot be fenced, and the caller reads what was made. Any other stored answer made
    nothing, and the key is fenced."""
    camila = customer_id(app, "camila")
    key = f"key-answered-{status}"
    with app.state.store.transaction() as conn:
        conn.execute(
            "INSERT INTO idempotency_key (customer_id, key, operation, digest, state,"
            " status_code, response) VALUES (?, ?, 'payment', 'digest', ?, ?, x'7b7d')",
            (camila, key, idempotency.DONE, status),
        )
    if made:
        with pytest.raises(idempotency.MadeUnderKey) as raised:
            idempotency.abandon(app.state.store, camila, key, "payment")
        assert raised.value.args == (key,)
    else:
        idempotency.abandon(app.state.store, camila, key, "payment")
        reply = idempotency.stored_answer(app.state.store, camila, key, "payment", "digest")
        assert reply.status == 300  # its own stored answer stays: nothing was made
