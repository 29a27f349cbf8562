"""Money safety under faults: hundreds of random fault plans never charge twice, against a
minimal honest idempotent server and against the real sandbox; a client that makes a new key
per retry is caught; a crash after the server charged is settled at the next start; a double
press charges once."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from miclaro_tui import api
from miclaro_tui.client import BillingClient
from miclaro_tui.journal import Journal, digest_of
from tests.conftest import TODAY
from tests.faults.harness import (
    CHARGED,
    FAULTS,
    Backend,
    Crash,
    FaultTransport,
    LocalBackend,
    SandboxBackend,
    make_client,
    pay_and_check,
    serves_payments,
)

QUICK = tuple(f for f in FAULTS if f != "slow")
# "slow" costs the client's whole deadline in real time: one draw in 20 (shrinks to "ok").
fault = st.integers(0, 19).map(lambda n: "slow" if n == 19 else QUICK[n % len(QUICK)])
plans = st.lists(fault, max_size=6)
intents = st.lists(st.tuples(st.booleans(), plans), min_size=1, max_size=3)


def new_key() -> str:
    return f"key-{uuid.uuid4().hex}"


@pytest.fixture(params=["local", "sandbox"])
def backend(request: pytest.FixtureRequest, sandbox_db: Path) -> Backend:
    if request.param == "local":
        return LocalBackend()
    from miclaro_tui.sandbox.app import create_app

    app = create_app(sandbox_db, TODAY)
    if not serves_payments(app):
        pytest.skip("the sandbox does not serve POST /payment yet")
    return SandboxBackend(app)


async def run_example(
    backend: Backend,
    plan: list[tuple[bool, list[str]]],
    journal_path: Path,
    client_class: type[BillingClient] = BillingClient,
    record_events: bool = False,
) -> list[str]:
    """Pay each (decline?, faults) intent in turn with one client; return every problem."""
    journal = Journal(journal_path)
    transport = FaultTransport(backend.transport())
    client = make_client(backend, transport, journal, client_class)
    problems: list[str] = []
    try:
        await backend.start(client)
        for decline, faults in plan:
            transport.plan = list(faults)
            intent = backend.intent(new_key(), decline)
            outcome, found = await pay_and_check(client, backend, transport, journal, intent)
            if record_events:
                event(f"{outcome} (journal: {journal.get(intent.correlatorId).state})")
            problems += [f"{faults} decline={decline} -> {outcome}: {p}" for p in found]
    finally:
        await backend.finish(client)
        await client.aclose()
    return problems


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=intents)
def test_no_plan_of_faults_charges_twice(backend: Backend, tmp_path: Path, plan) -> None:
    journal_path = tmp_path / f"{uuid.uuid4().hex}.journal"
    problems = asyncio.run(run_example(backend, plan, journal_path, record_events=True))
    assert problems == []


class NewKeyPerRetry(BillingClient):
    """The mutant the property must catch: every attempt goes out under a fresh key."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        send = self._transport.send

        async def send_with_fresh_keys(build, deadline, delivery=None):
            def fresh_key() -> httpx.Request:
                request = build()
                if "Idempotency-Key" not in request.headers:
                    return request
                key = new_key()
                body = json.loads(request.content)
                body["correlatorId"] = key
                headers = dict(request.headers)
                del headers["content-length"]
                headers["idempotency-key"] = key
                content = json.dumps(body).encode()
                return httpx.Request(request.method, request.url, headers=headers, content=content)

            return await send(fresh_key, deadline, delivery)

        self._transport.send = send_with_fresh_keys


async def test_the_check_catches_a_client_with_a_new_key_per_retry(backend, tmp_path):
    # The first attempt is charged and its answer lost; the retry is charged again.
    plan = [(False, ["drop_after", "ok"])]
    problems = await run_example(backend, plan, tmp_path / "mutant.journal", NewKeyPerRetry)
    assert any("2 payments appeared for one intent" in p for p in problems), problems
    # ...and the same plan is clean with the real client.
    assert await run_example(backend, plan, tmp_path / "good.journal") == []


async def test_crash_after_the_server_charged_is_settled_at_the_next_start(backend, tmp_path):
    path = tmp_path / "payments.journal"
    key = new_key()
    transport = FaultTransport(backend.transport(), ["crash"])
    client = make_client(backend, transport, Journal(path))
    await backend.start(client)
    with pytest.raises(Crash):
        await client.pay(backend.intent(key, decline=False))
    await transport.drained()
    await backend.finish(client)
    del client  # the process died: no goodbye, no journal update
    assert Journal(path).get(key).state == "pending"

    journal = Journal(path)
    transport = FaultTransport(backend.transport())
    restarted = make_client(backend, transport, journal)
    await backend.start(restarted)
    try:
        found = await restarted.reconcile_journal()
        assert [(p.correlatorId, p.status in CHARGED) for p in found] == [(key, True)]
        assert journal.unresolved() == []
        assert journal.get(key).state == "done"
        assert journal.get(key).payment_id == found[0].id
        assert await backend.records(key) == [found[0].status]
    finally:
        await backend.finish(restarted)
        await restarted.aclose()


async def test_crash_before_sending_is_settled_as_not_sent(backend, tmp_path):
    path = tmp_path / "payments.journal"
    journal = Journal(path)
    client = make_client(backend, FaultTransport(backend.transport()), journal)
    await backend.start(client)
    try:
        intent = backend.intent(new_key(), decline=False)
        journal.begin(intent.correlatorId, "payment", digest_of(intent), owner=client.username)
        assert await client.reconcile_journal() == []
        assert journal.get(intent.correlatorId).state == "notSent"
        assert await backend.records(intent.correlatorId) == []
        # The key was abandoned: a request under it arriving late (here: sent again) makes
        # nothing. Paying again takes a new key, and pays once.
        with pytest.raises(api.ConflictError) as refused:
            await client.pay(intent)
        assert refused.value.code == "paymentAbandoned"
        assert await backend.records(intent.correlatorId) == []
        again = intent.model_copy(update={"correlatorId": new_key()})
        assert (await client.pay(again)).status in CHARGED
        assert len(await backend.records(again.correlatorId)) == 1
    finally:
        await backend.finish(client)
        await client.aclose()


async def test_double_press_charges_once(backend, tmp_path):
    transport = FaultTransport(backend.transport())
    client = make_client(backend, transport, Journal(tmp_path / "payments.journal"))
    await backend.start(client)
    try:
        intent = backend.intent(new_key(), decline=False)
        first, second = await asyncio.gather(client.pay(intent), client.pay(intent))
        assert first.id == second.id
        assert transport.applied == ["ok"]  # one request left this client
        assert await backend.records(intent.correlatorId) == [first.status]
    finally:
        await backend.finish(client)
        await client.aclose()


async def test_double_press_in_two_terminals_charges_once(backend, tmp_path):
    transports = [FaultTransport(backend.transport()) for _ in range(2)]
    clients = [
        make_client(backend, t, Journal(tmp_path / f"terminal{n}.journal"))
        for n, t in enumerate(transports)
    ]
    for client in clients:
        await backend.start(client)
        await backend.finish(client)
    try:
        intent = backend.intent(new_key(), decline=False)
        results = await asyncio.gather(*(c.pay(intent) for c in clients), return_exceptions=True)
        ids = set()
        for client, result in zip(clients, results, strict=True):
            if isinstance(result, api.OutcomeUnknownError):  # it saw the other's in flight
                result = await client.reconcile(intent.correlatorId)
            assert not isinstance(result, BaseException), result
            ids.add(result.id)
        assert len(ids) == 1
        await backend.start(clients[0])
        assert len(await backend.records(intent.correlatorId)) == 1
    finally:
        await backend.finish(clients[0])
        for client in clients:
            await client.aclose()
