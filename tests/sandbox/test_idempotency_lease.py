"""An Idempotency-Key in flight is a lease: a request that died with its process (no answer
stored) blocks its key only until the lease runs out; the retry then does the work once, and a
first attempt that turns out to be alive after all writes nothing."""

from __future__ import annotations

import pytest

from miclaro_tui.models import PaymentCreate
from miclaro_tui.sandbox import idempotency, payments
from miclaro_tui.sandbox.store import StorageUnavailable
from tests.sandbox.conftest import assert_api_error
from tests.sandbox.payment_helpers import (
    PAYMENTS,
    card_method,
    pay,
    payment_body,
    postpaid,
    tokenize,
)

LEASE = idempotency.LEASE_SECONDS


@pytest.fixture
async def order(client, sign_in, app):
    """camila's headers, a payment body, and the key's claim as a dead request left it."""
    headers = await sign_in("camila")
    account, bills = await postpaid(client, headers)
    body = payment_body(account, [(bills[1], 1000)], card_method(await tokenize(client, headers)))
    with app.state.store.read() as conn:
        customer_id = conn.execute("SELECT id FROM customer WHERE username = 'camila'").fetchone()[
            0
        ]
    return headers, body, customer_id


def claim(app, customer_id: int, body: dict, now: float):
    digest = idempotency.digest(PaymentCreate.model_validate(body))
    lease = idempotency.claim(
        app.state.store, customer_id, body["correlatorId"], "payment", digest, now
    )
    assert isinstance(lease, idempotency.Lease)
    return lease


def keys_in_flight(app) -> int:
    with app.state.store.read() as conn:
        return conn.execute(
            "SELECT count(*) FROM idempotency_key WHERE state = 'inFlight'"
        ).fetchone()[0]


async def payments_with(client, headers, key: str) -> list[dict]:
    response = await client.get(PAYMENTS, headers=headers, params={"correlatorId": key})
    return response.json()


async def test_a_dead_claim_blocks_its_key_only_until_the_lease_runs_out(client, app, clock, order):
    headers, body, customer_id = order
    claim(app, customer_id, body, clock.now)  # the request that was killed after this

    clock.advance(LEASE - 1)
    assert_api_error(await pay(client, headers, body), 409, "requestInProgress")
    clock.advance(1)
    first = await pay(client, headers, body)
    assert first.status_code == 201, first.text
    again = await pay(client, headers, body)
    assert again.status_code == 201 and again.content == first.content
    assert len(await payments_with(client, headers, body["correlatorId"])) == 1
    assert keys_in_flight(app) == 0


async def test_a_slow_first_attempt_that_lost_its_lease_writes_nothing(client, app, clock, order):
    headers, body, customer_id = order
    slow = claim(app, customer_id, body, clock.now)
    clock.advance(LEASE)
    taken_over = await pay(client, headers, body)
    assert taken_over.status_code == 201

    # The first attempt wakes up and reaches its work transaction: the lease is gone.
    with pytest.raises(idempotency.LeaseLost):
        with app.state.store.transaction() as conn:
            idempotency.hold(conn, slow)
    with app.state.store.transaction() as conn:
        idempotency.finish(conn, slow, 500, b"{}")  # matches nothing: not the owner
    replay = await pay(client, headers, body)
    assert replay.content == taken_over.content
    assert len(await payments_with(client, headers, body["correlatorId"])) == 1


async def test_a_storage_fault_mid_payment_is_503_and_the_key_frees_with_the_lease(
    client, app, clock, order, monkeypatch
):
    headers, body, _customer_id = order

    def broken(*args, **kwargs):
        raise StorageUnavailable("the database cannot be used (IOERR: disk I/O error)")

    monkeypatch.setattr(payments, "create_payment", broken)
    monkeypatch.setattr(idempotency, "release", broken)  # the disk is gone for that too
    assert_api_error(await pay(client, headers, body), 503, "storageUnavailable")
    monkeypatch.undo()

    assert_api_error(await pay(client, headers, body), 409, "requestInProgress")
    clock.advance(LEASE)
    assert (await pay(client, headers, body)).status_code == 201
    assert len(await payments_with(client, headers, body["correlatorId"])) == 1
    assert keys_in_flight(app) == 0
