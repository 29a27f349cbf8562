"""The bill list's sort and date filters (TMF conventions), and the account list's pages."""

from __future__ import annotations

import pytest

from miclaro_tui.models import UNPAID_STATES, CustomerBill
from tests.conftest import TODAY
from tests.sandbox.conftest import ACCOUNTS, BILLS, assert_api_error

UNPAID = ",".join(sorted(UNPAID_STATES))


@pytest.fixture
async def camila(sign_in) -> dict[str, str]:
    return await sign_in("camila")


async def listed(client, headers, **params) -> tuple[list[CustomerBill], int]:
    response = await client.get(BILLS, headers=headers, params=params)
    assert response.status_code == 200, response.text
    return (
        [CustomerBill.model_validate(item) for item in response.json()],
        int(response.headers["X-Total-Count"]),
    )


async def test_sorts_by_bill_date_or_due_date_either_way(client, camila):
    default, total = await listed(client, camila)
    assert total == 13
    assert [b.billDate for b in default] == sorted((b.billDate for b in default), reverse=True)
    for sort, key, reverse in (
        ("billDate", "billDate", False),
        ("-billDate", "billDate", True),
        ("paymentDueDate", "paymentDueDate", False),
        ("-paymentDueDate", "paymentDueDate", True),
        (" paymentDueDate , billDate ", "paymentDueDate", False),
    ):
        bills, count = await listed(client, camila, sort=sort)
        assert count == 13
        assert [getattr(b, key) for b in bills] == sorted(
            (getattr(b, key) for b in bills), reverse=reverse
        ), sort
    ascending, _ = await listed(client, camila, sort="billDate")
    assert [b.id for b in ascending] == [b.id for b in reversed(default)]
    page, _ = await listed(client, camila, sort="billDate", offset=3, limit=2)
    assert [b.id for b in page] == [b.id for b in ascending[3:5]]


async def test_the_oldest_unpaid_bill_and_the_overdue_count(client, camila):
    (oldest,), unpaid = await listed(
        client, camila, state=UNPAID, sort="paymentDueDate,billDate", limit=1
    )
    assert unpaid == 2 and oldest.is_overdue(TODAY)
    (overdue,), count = await listed(
        client, camila, state=UNPAID, limit=1, **{"paymentDueDate.lt": TODAY.isoformat()}
    )
    assert count == 1 and overdue.id == oldest.id
    pending, count = await listed(
        client, camila, state=UNPAID, **{"paymentDueDate.gte": TODAY.isoformat()}
    )
    assert count == 1 and not pending[0].is_overdue(TODAY)


async def test_date_filters_combine_with_the_account_and_state(client, camila):
    everything, _ = await listed(client, camila, limit=100)
    account_id = everything[0].billingAccount.id
    years = sorted({b.billDate.year for b in everything})
    assert len(years) == 2  # 13 months back from November 2026
    total = 0
    for year in years:
        bills, count = await listed(
            client,
            camila,
            **{
                "billingAccount.id": account_id,
                "billDate.gte": f"{year}-01-01",
                "billDate.lt": f"{year + 1}-01-01",
            },
        )
        assert count == len(bills) == sum(b.billDate.year == year for b in everything)
        total += count
    assert total == 13
    settled, count = await listed(
        client, camila, state="settled", **{"billDate.gte": f"{years[-1]}-01-01"}
    )
    assert count == len(settled) and {b.state for b in settled} == {"settled"}
    assert all(b.billDate.year == years[-1] for b in settled)
    boundary = everything[3].billDate
    before, count = await listed(client, camila, **{"billDate.lt": boundary.isoformat()})
    assert count == 9 and all(b.billDate < boundary for b in before)
    none, count = await listed(client, camila, **{"paymentDueDate.lt": "2000-01-01"})
    assert none == [] and count == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sort": "amountDue"}, "sort"),
        ({"sort": "billDate,-state"}, "sort"),
        ({"sort": "-"}, "sort"),
        ({"paymentDueDate.lt": "tomorrow"}, "paymentDueDate.lt"),
        ({"paymentDueDate.gte": "2026-13-01"}, "paymentDueDate.gte"),
        ({"billDate.gte": "2026-02-30"}, "billDate.gte"),
        ({"billDate.lt": "26/11/2026"}, "billDate.lt"),
    ],
)
async def test_a_bad_sort_or_date_names_the_field(client, camila, params, field):
    response = await client.get(BILLS, headers=camila, params=params)
    assert assert_api_error(response, 422, "validationError")["field"] == field


async def test_accounts_come_in_pages(client, camila):
    everything = await client.get(ACCOUNTS, headers=camila)
    assert everything.headers["X-Total-Count"] == "2"
    first, second = everything.json()
    assert (first["accountType"], second["accountType"]) == ("postpaid", "prepaid")
    page = await client.get(ACCOUNTS, headers=camila, params={"offset": 1, "limit": 1})
    assert page.json() == [second] and page.headers["X-Total-Count"] == "2"
    past = await client.get(ACCOUNTS, headers=camila, params={"offset": 2})
    assert past.json() == [] and past.headers["X-Total-Count"] == "2"


@pytest.mark.parametrize(
    ("params", "field"),
    [({"limit": 0}, "limit"), ({"limit": 101}, "limit"), ({"offset": -1}, "offset")],
)
async def test_bad_account_pages_name_the_field(client, camila, params, field):
    response = await client.get(ACCOUNTS, headers=camila, params=params)
    assert assert_api_error(response, 422, "validationError")["field"] == field
