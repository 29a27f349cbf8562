"""The large business customer (MICLARO_SANDBOX_LARGE): 1,000 accounts, one of them with 1,000
lines and 24,000 bills, answered through the API with counts, sorts and filters, on indexes.

Seeded once for the module (about two seconds), on the day the brief of the large customer
names: 2026-11-26, so the newest bills are due 2026-11-28 and the overdue ones 2026-10-28.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal

import httpx
import pytest
from fastapi import FastAPI

from miclaro_tui.models import BillingAccount, CustomerBill
from miclaro_tui.sandbox import bills as bill_reads
from miclaro_tui.sandbox.app import create_app
from miclaro_tui.sandbox.demo import LARGE_USER
from miclaro_tui.sandbox.store import Store
from tests.sandbox.conftest import ACCOUNTS, BILLS, RATES, FrozenClock, assert_api_error

DAY = date(2026, 11, 26)
BIG = "COE0000000"
UNPAID = "new,sent,partiallyPaid"


@pytest.fixture(scope="module")
def large_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    path = tmp_path_factory.mktemp("large") / "sandbox.sqlite3"
    return create_app(path, DAY, clock=FrozenClock(), large=True)


@pytest.fixture
async def empresa(large_app: FastAPI) -> AsyncIterator[tuple[httpx.AsyncClient, dict]]:
    transport = httpx.ASGITransport(app=large_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        response = await client.post(
            "/auth/token", json={"username": LARGE_USER.username, "password": LARGE_USER.password}
        )
        assert response.status_code == 200, response.text
        yield client, {"Authorization": f"Bearer {response.json()['access_token']}"}


async def bill_page(empresa, **params) -> tuple[list[CustomerBill], int]:
    client, headers = empresa
    response = await client.get(BILLS, headers=headers, params={"billingAccount.id": BIG, **params})
    assert response.status_code == 200, response.text
    return (
        [CustomerBill.model_validate(item) for item in response.json()],
        int(response.headers["X-Total-Count"]),
    )


async def test_the_account_list_is_paged(empresa):
    client, headers = empresa
    first = await client.get(ACCOUNTS, headers=headers)
    assert first.status_code == 200 and first.headers["X-Total-Count"] == "1000"
    accounts = [BillingAccount.model_validate(item) for item in first.json()]
    assert len(accounts) == 50  # the default page
    big = accounts[0]
    assert big.id == BIG and big.accountType == "postpaid" and len(big.lines) == 1000
    assert big.paymentStatus == "overdue" and big.nextPaymentDueDate == date(2026, 10, 28)
    assert {a.accountType for a in accounts[1:]} == {"prepaid"}
    last = await client.get(ACCOUNTS, headers=headers, params={"offset": 950, "limit": 100})
    assert len(last.json()) == 50 and last.headers["X-Total-Count"] == "1000"
    ids = [a["id"] for a in first.json()] + [a["id"] for a in last.json()]
    assert ids == sorted(ids) and len(set(ids)) == 100
    past = await client.get(ACCOUNTS, headers=headers, params={"offset": 1000})
    assert past.json() == [] and past.headers["X-Total-Count"] == "1000"


async def test_counts_of_all_unpaid_and_overdue_bills(empresa):
    _, total = await bill_page(empresa, limit=1)
    assert total == 24_000
    _, unpaid = await bill_page(empresa, state=UNPAID, limit=1)
    assert unpaid == 2_000
    _, overdue = await bill_page(
        empresa, state=UNPAID, limit=1, **{"paymentDueDate.lt": DAY.isoformat()}
    )
    assert overdue == 1_000
    _, settled = await bill_page(empresa, state="settled", limit=1)
    assert settled == 22_000


async def test_the_oldest_unpaid_bill_and_ties_by_id(empresa):
    (oldest,), _ = await bill_page(empresa, state=UNPAID, sort="paymentDueDate,billDate", limit=1)
    assert oldest.paymentDueDate == date(2026, 10, 28) and oldest.is_overdue(DAY)
    page, _ = await bill_page(empresa, state=UNPAID, sort="paymentDueDate,billDate", limit=5)
    assert [b.id for b in page] == sorted(b.id for b in page) and page[0].id == oldest.id
    (newest,), _ = await bill_page(empresa, state=UNPAID, sort="-paymentDueDate", limit=1)
    assert newest.paymentDueDate == date(2026, 11, 28) and not newest.is_overdue(DAY)


async def test_three_calendar_years_and_a_year_filter(empresa):
    (first,), _ = await bill_page(empresa, sort="billDate", limit=1)
    (last,), _ = await bill_page(empresa, sort="-billDate", limit=1)
    assert (first.billDate.year, last.billDate.year) == (2024, 2026)
    counts = []
    for year in (2024, 2025, 2026):
        _, count = await bill_page(
            empresa,
            limit=1,
            **{"billDate.gte": f"{year}-01-01", "billDate.lt": f"{year + 1}-01-01"},
        )
        counts.append(count)
    assert counts == [1_000, 12_000, 11_000] and sum(counts) == 24_000


async def test_its_bills_are_valid_and_add_up(empresa):
    client, headers = empresa
    page, _ = await bill_page(empresa, limit=3, offset=5_000)
    for bill in page:
        assert bill.state == "settled" and bill.remainingAmount.value == 0
        (applied,) = bill.appliedPayment
        assert applied.appliedAmount == bill.amountDue and not applied.fromCredit
        assert applied.payment.name and applied.payment.name.startswith("RC-")
        items = (await client.get(RATES, headers=headers, params={"bill.id": bill.id})).json()
        assert [item["type"] for item in items] == ["recurringCharge", "tax"]
        assert sum(Decimal(str(i["taxExcludedAmount"]["value"])) for i in items) == (
            bill.taxIncludedAmount.value
        )
        assert bill.amountDue == bill.taxIncludedAmount
    pdf = await client.get(f"{BILLS}/{page[0].id}/document", headers=headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


async def test_a_bad_sort_or_date_names_the_field(empresa):
    client, headers = empresa
    for params, field in (
        ({"sort": "amountDue"}, "sort"),
        ({"paymentDueDate.lt": "26/11/2026"}, "paymentDueDate.lt"),
    ):
        response = await client.get(BILLS, headers=headers, params=params)
        assert assert_api_error(response, 422, "validationError")["field"] == field


def test_the_list_reads_indexes_not_the_whole_account(large_app: FastAPI):
    """Every statement of the client's questions searches an index: no SCAN of bill, and the
    unpaid ones go by the (account, state, due date) index."""
    store: Store = large_app.state.store
    questions = [
        bill_reads.BillQuery(account_id=BIG),
        bill_reads.BillQuery(
            states=("new", "sent", "partiallyPaid"),
            account_id=BIG,
            sort=bill_reads.parse_sort("paymentDueDate,billDate"),
        ),
        bill_reads.BillQuery(
            states=("new", "sent", "partiallyPaid"), account_id=BIG, due_before=DAY
        ),
        bill_reads.BillQuery(account_id=BIG, sort=bill_reads.parse_sort("billDate")),
    ]
    with store.read() as conn:
        customer_id = conn.execute("SELECT id FROM customer WHERE username = 'empresa'").fetchone()[
            0
        ]
        for question in questions:
            statements: list[str] = []
            conn.set_trace_callback(statements.append)
            bill_reads.list_bills(conn, customer_id, question, limit=1)
            conn.set_trace_callback(None)
            count, page = [
                s
                for s in statements
                if s.lstrip().startswith("SELECT") and " FROM bill WHERE account_id" in s
            ][:2]
            for statement in (count, page):
                plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {statement}")]
                assert not any(step.startswith("SCAN") for step in plan), (statement, plan)
                assert any("COVERING INDEX" in step for step in plan), (statement, plan)
                if question.states:
                    assert any("bill_account_state_" in step for step in plan), plan
