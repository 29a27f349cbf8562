"""The payment flow itself under faults: random plans break the payment's POST attempts (as
in test_payment_faults) and the GETs the flow then asks with (reconciling, following), and
the flow must end with exactly the charges its final phase says: approved one, declined or
not sent none, never two."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from miclaro_tui.flows.payment import PaymentFlow, PaymentOrder, Phase
from miclaro_tui.journal import Journal
from tests.conftest import TODAY
from tests.faults.harness import (
    CHARGED,
    FAULTS,
    PAYMENTS,
    Backend,
    FaultTransport,
    LocalBackend,
    SandboxBackend,
    make_client,
    no_sleep,
)

QUICK = tuple(f for f in FAULTS if f != "slow")
fault = st.integers(0, 29).map(lambda n: "slow" if n == 29 else QUICK[n % len(QUICK)])
plans = st.tuples(st.booleans(), st.lists(fault, max_size=6), st.integers(0, 6))


class GetFaults(FaultTransport):
    """Also refuses the first ``lost_gets`` GETs of payments: the server is gone a while."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        super().__init__(inner)
        self.lost_gets = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path.startswith(PAYMENTS) and self.lost_gets:
            self.lost_gets -= 1
            raise httpx.ConnectError("injected: server gone", request=request)
        return await super().handle_async_request(request)


@pytest.fixture(params=["local", "sandbox"])
def backend(request: pytest.FixtureRequest, sandbox_db: Path) -> Backend:
    if request.param == "local":
        return LocalBackend()
    from miclaro_tui.sandbox.app import create_app

    return SandboxBackend(create_app(sandbox_db, TODAY))


async def run_plans(
    backend: Backend, plans: list[tuple[bool, list[str], int]], journal_path: Path
) -> list[str]:
    journal = Journal(journal_path)
    transport = GetFaults(backend.transport())
    client = make_client(backend, transport, journal)
    problems: list[str] = []
    try:
        await backend.start(client)
        for decline, faults, lost_gets in plans:
            transport.plan, transport.lost_gets = list(faults), lost_gets
            intent = backend.intent("unused-key", decline)
            order = PaymentOrder(intent.account, intent.amount, tuple(intent.paymentItem))
            flow = PaymentFlow(client, sleep=no_sleep, new_key=lambda: f"key-{uuid.uuid4().hex}")
            before = await backend.count()
            state = await flow.pay(order, intent.paymentMethod)
            await transport.drained()
            event(state.phase.value)
            key = state.key
            assert key is not None
            mine = await backend.records(key)
            charged = sum(status in CHARGED for status in mine)
            added = await backend.count() - before
            where = f"{faults} lost_gets={lost_gets} decline={decline} -> {state.phase}"
            if added > 1 or len(mine) > 1 or charged > 1:
                problems.append(f"{where}: charged {charged} times, {added} payments ({mine})")
            if (state.phase == Phase.APPROVED) != (charged == 1):
                problems.append(f"{where}: the server has {mine}")
            if state.phase not in (Phase.APPROVED, Phase.DECLINED, Phase.NOT_SENT):
                problems.append(f"{where}: the flow did not reach an outcome")
            if journal.unresolved():
                problems.append(f"{where}: journal left unresolved {journal.unresolved()}")
            if flow.intents != [key]:
                problems.append(f"{where}: {len(flow.intents)} keys for one press")
    finally:
        await backend.finish(client)
        await client.aclose()
    return problems


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=plans)
def test_no_plan_of_faults_makes_the_flow_charge_twice(
    backend: Backend, tmp_path: Path, plan: tuple[bool, list[str], int]
) -> None:
    journal_path = tmp_path / f"{uuid.uuid4().hex}.journal"
    assert asyncio.run(run_plans(backend, [plan], journal_path)) == []


async def test_a_flow_pressed_twice_at_once_charges_once(tmp_path: Path) -> None:
    backend = LocalBackend()
    transport = GetFaults(backend.transport())
    client = make_client(backend, transport, Journal(tmp_path / "payments.journal"))
    intent = backend.intent("unused-key", False)
    order = PaymentOrder(intent.account, intent.amount, tuple(intent.paymentItem))
    flow = PaymentFlow(client, sleep=no_sleep)
    first, second = await asyncio.gather(
        flow.pay(order, intent.paymentMethod), flow.pay(order, intent.paymentMethod)
    )
    assert first.phase == Phase.APPROVED and len(flow.intents) == 1
    assert len(backend.server.payments) == 1
    await client.aclose()
