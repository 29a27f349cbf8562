"""Top-ups under faults: random plans break the payment's POST attempts and the GETs the
flow then asks with, while ``PaymentFlow`` pays ``topup_order`` against the real sandbox.
Whatever fails, one press makes at most one top-up: the line's TopupBalance records and its
balance move exactly once when the flow says approved, and not at all otherwise."""

from __future__ import annotations

import asyncio
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, event, given, settings
from pydantic import SecretStr

from miclaro_tui.client import BillingClient
from miclaro_tui.flows.payment import PaymentFlow, Phase, topup_order
from miclaro_tui.journal import Journal
from miclaro_tui.models import CardPayment, Money, Ref
from tests.conftest import TODAY
from tests.faults.harness import BASE, CHARGED, PAYMENTS, card, make_client, no_sleep
from tests.faults.test_flow_faults import GetFaults, plans

PREPAY = "/tmf-api/prepayBalanceManagement/v4"
ONE_DOLLAR = Money(unit="USD", value=Decimal(1))


class TopupBackend:
    """The sandbox; "andres" tops up his own prepaid line by USD 1 with sandbox cards."""

    timeout = 0.15

    def __init__(self, app: Any) -> None:
        self.app = app
        self.refresh: SecretStr | None = None
        self.account = self.line = self.number = self.approve = self.decline = ""

    def transport(self) -> httpx.AsyncBaseTransport:
        return httpx.ASGITransport(app=self.app)

    async def prepare(self) -> None:
        first = BillingClient(BASE, transport=self.transport(), is_sandbox=True)
        await first.sign_in("andres", SecretStr("andres2026"))
        account = (await first.list_billing_accounts()).items[0]
        self.account, self.line = account.id, account.lines[0].id
        self.number = account.lines[0].number
        self.approve = (await first.tokenize_card(card("4111111111111111"))).id
        self.decline = (await first.tokenize_card(card("4000000000000002"))).id
        self.refresh = first.refresh_token
        await first.aclose()

    async def start(self, client: BillingClient) -> httpx.AsyncClient:
        for _ in range(4):
            try:
                assert self.refresh is not None
                await client.resume(self.refresh)
                break
            except Exception:  # a token spent by an answer that came too late
                await self.prepare()
        self.refresh = client.refresh_token
        assert client._access is not None
        return httpx.AsyncClient(
            transport=self.transport(),
            base_url=BASE,
            headers={"Authorization": f"Bearer {client._access.get_secret_value()}"},
        )


async def snapshot(checker: httpx.AsyncClient, backend: TopupBackend) -> tuple[Decimal, list]:
    """The line's balance and its top-ups, straight from the server."""
    buckets = await checker.get(f"{PREPAY}/bucket", params={"product.id": backend.line})
    topups = await checker.get(f"{PREPAY}/topupBalance", params={"product.id": backend.line})
    assert buckets.status_code == topups.status_code == 200
    money = next(b for b in buckets.json() if b["usageType"] == "monetary")
    return Decimal(str(money["remainingValue"]["amount"])), topups.json()


async def run_plan(
    backend: TopupBackend, plan: tuple[bool, list[str], int], journal_path: Path
) -> list[str]:
    decline, faults, lost_gets = plan
    journal = Journal(journal_path)
    transport = GetFaults(backend.transport())
    client = make_client(backend, transport, journal)  # type: ignore[arg-type]
    problems: list[str] = []
    checker = await backend.start(client)
    try:
        balance_before, topups_before = await snapshot(checker, backend)
        transport.plan, transport.lost_gets = list(faults), lost_gets
        order = topup_order(Ref(id=backend.account), backend.number, ONE_DOLLAR)
        method = CardPayment(id=backend.decline if decline else backend.approve)
        flow = PaymentFlow(client, sleep=no_sleep, new_key=lambda: f"top-{uuid.uuid4().hex}")
        state = await flow.pay(order, method)
        await transport.drained()
        event(state.phase.value)
        key = state.key
        listed = await checker.get(PAYMENTS, params={"correlatorId": key})
        mine = [p for p in listed.json() if p["correlatorId"] == key]
        charged = sum(p["status"] in CHARGED for p in mine)
        balance_after, topups_after = await snapshot(checker, backend)
        ids = {p["id"] for p in mine}
        made = [t for t in topups_after if t["payment"]["id"] in ids]
        approved = state.phase == Phase.APPROVED
        where = f"{faults} lost_gets={lost_gets} decline={decline} -> {state.phase}"
        if len(made) > 1 or len(topups_after) - len(topups_before) > 1 or charged > 1:
            problems.append(f"{where}: {len(made)} top-ups, {charged} charges")
        if approved != (len(made) == 1) or approved != (charged == 1):
            problems.append(f"{where}: the server has {mine} and top-ups {made}")
        if balance_after - balance_before != (ONE_DOLLAR.value if approved else 0):
            problems.append(f"{where}: the balance went {balance_before} -> {balance_after}")
        if state.phase not in (Phase.APPROVED, Phase.DECLINED, Phase.NOT_SENT):
            problems.append(f"{where}: the flow did not reach an outcome")
        if journal.unresolved():
            problems.append(f"{where}: journal left unresolved {journal.unresolved()}")
    finally:
        await checker.aclose()
        await client.aclose()
    return problems


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=plans)
def test_no_plan_of_faults_makes_two_top_ups(
    topup_backend: TopupBackend, tmp_path: Path, plan: tuple[bool, list[str], int]
) -> None:
    journal_path = tmp_path / f"{uuid.uuid4().hex}.journal"
    assert asyncio.run(run_plan(topup_backend, plan, journal_path)) == []


@pytest.fixture
def topup_backend(sandbox_db: Path) -> TopupBackend:
    from miclaro_tui.sandbox.app import create_app

    backend = TopupBackend(create_app(sandbox_db, TODAY))
    asyncio.run(backend.prepare())
    return backend
