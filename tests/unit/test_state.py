"""The account state, without a screen: bounded requests for counts and the oldest bill,
listeners, account paging, offline figures kept on disk (and nothing secret in them)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from miclaro_tui import i18n
from miclaro_tui.api import (
    ApiConnectionError,
    ApiTimeoutError,
    NotFoundError,
    Page,
    ServerError,
    TooManyItemsError,
    fetch_all,
)
from miclaro_tui.client import BillingClient
from miclaro_tui.client.paths import BILLING
from miclaro_tui.models import (
    AccountBalance,
    BillingAccount,
    CustomerBill,
    Money,
    PaymentReport,
    Ref,
    TimePeriod,
)
from miclaro_tui.state import FILE_NAME, SCANNED, AccountState, as_of, together

TODAY = date(2026, 11, 26)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 11, 26, 19, 2, tzinfo=timezone.utc)

    def today(self) -> date:
        return TODAY

    def now(self) -> datetime:
        return self.moment


def cop(value: str | int) -> Money:
    return Money(unit="COP", value=Decimal(value))


def account(
    number: int, *, due: str = "0", credit: str = "0", kind: str = "postpaid", state: str = "active"
) -> BillingAccount:
    balances = [AccountBalance(balanceType="amountDue", amount=cop(due))]
    if Decimal(credit):
        balances.append(AccountBalance(balanceType="creditBalance", amount=cop(credit)))
    return BillingAccount(
        id=f"A{number}",
        name="Ana Pérez",
        accountType=kind,
        state=state,
        paymentStatus="due" if Decimal(due) else "upToDate",
        country="CO",
        currency="COP",
        accountBalance=balances,
    )


def bill(
    number: int,
    due: date,
    *,
    billed: date | None = None,
    state: str = "sent",
    account_id: str = "A1",
    amount: str = "100000.10",
    **extra,
) -> CustomerBill:
    billed = billed or due - timedelta(days=15)
    return CustomerBill(
        id=f"B{number}",
        billNo=f"FE{number:06d}",
        billDate=billed,
        billingPeriod=TimePeriod(startDateTime=billed - timedelta(days=30), endDateTime=billed),
        paymentDueDate=due,
        cutOffDate=due + timedelta(days=10),
        state=state,
        amountDue=cop(amount),
        remainingAmount=cop(amount if state != "settled" else 0),
        taxExcludedAmount=cop(amount),
        taxIncludedAmount=cop(amount),
        billingAccount=Ref(id=account_id),
        **extra,
    )


class FakeApi:
    """The billing API over lists in memory, filtering, sorting and counting like the
    server's contract says; every call is recorded."""

    def __init__(self, accounts: list[BillingAccount], bills: list[CustomerBill]) -> None:
        self.accounts = accounts
        self.bills = bills
        self.calls: list[tuple[str, dict]] = []
        self.failure: Exception | None = None

    def _call(self, name: str, **kwargs) -> None:
        self.calls.append((name, kwargs))
        if self.failure is not None:
            raise self.failure

    async def list_billing_accounts(self, offset: int = 0, limit: int = 50) -> Page[BillingAccount]:
        self._call("list_billing_accounts", offset=offset, limit=limit)
        return Page(self.accounts[offset : offset + limit], len(self.accounts), offset, limit)

    async def get_billing_account(self, account_id: str) -> BillingAccount:
        self._call("get_billing_account", account_id=account_id)
        found = [a for a in self.accounts if a.id == account_id]
        if not found:
            raise NotFoundError("no such account")
        return found[0]

    async def list_bills(
        self,
        account_id=None,
        state=None,
        offset=0,
        limit=50,
        *,
        sort=None,
        due_before=None,
        due_from=None,
        billed_from=None,
        billed_before=None,
    ):
        self._call(
            "list_bills",
            account_id=account_id,
            state=state,
            offset=offset,
            limit=limit,
            sort=sort,
            due_before=due_before,
        )
        assert limit <= 100
        chosen = [
            b
            for b in self.bills
            if (account_id is None or b.billingAccount.id == account_id)
            and (state is None or b.state in state.split(","))
            and (due_before is None or b.paymentDueDate < due_before)
            and (due_from is None or b.paymentDueDate >= due_from)
            and (billed_from is None or b.billDate >= billed_from)
            and (billed_before is None or b.billDate < billed_before)
        ]
        for key in reversed((sort or "-billDate").split(",")):
            field = key.lstrip("-")
            chosen.sort(key=lambda b: (getattr(b, field), b.id), reverse=key.startswith("-"))
        return Page(chosen[offset : offset + limit], len(chosen), offset, limit)


def make_state(
    api: FakeApi, tmp_path: Path | None = None, username: str = "ana", clock: Clock | None = None
) -> AccountState:
    return AccountState(api, clock or Clock(), tmp_path, username)  # type: ignore[arg-type]


def a_large_account() -> FakeApi:
    """250 unpaid bills due in a shuffled order (3 overdue), 50 paid, a promise on the 150th
    oldest (beyond what is scanned) and a report on an early one."""
    bills = []
    for n in range(250):
        due = TODAY + timedelta(days=1 + (n * 37) % 250)
        extra = {}
        if n == 7:
            extra["paymentReport"] = PaymentReport(
                id="R1",
                bill=Ref(id="B7"),
                amount=cop(1000),
                paymentDate=TODAY,
                channel="app",
                reference="123",
                state="pendingPosting",
                expectedPostingDate=TODAY,
            )
        bills.append(bill(n, due, **extra))
    bills += [bill(1000 + n, TODAY - timedelta(days=5 + n)) for n in range(3)]
    bills += [bill(2000 + n, TODAY - timedelta(days=40 + n), state="settled") for n in range(50)]
    return FakeApi([account(1, due="25000025.30"), account(2, kind="prepaid")], bills)


# --- figures from the server, in a few small requests -------------------------------------


async def test_counts_and_the_oldest_bill_come_from_few_bounded_requests():
    api = a_large_account()
    state = make_state(api)
    state.start(api.accounts)
    await state.refresh()
    summary = state.summary
    assert summary is not None
    assert (summary.unpaid_count, summary.overdue_count) == (253, 3)
    assert summary.oldest_unpaid is not None and summary.oldest_unpaid.id == "B1002"
    # Just signed in, the account came with the list: only the two counts are asked.
    assert [name for name, _kw in api.calls] == ["list_bills", "list_bills"]
    assert all(kw["limit"] <= SCANNED for name, kw in api.calls if name == "list_bills")
    assert summary.fetched_at == Clock().now() and not state.offline
    api.calls.clear()
    await state.refresh()
    assert sorted(name for name, _kw in api.calls) == [
        "get_billing_account",
        "list_bills",
        "list_bills",
    ]


async def test_commitments_are_looked_for_in_the_oldest_unpaid_bills_only():
    api = a_large_account()
    state = make_state(api)
    state.start(api.accounts)
    await state.refresh()
    summary = state.summary
    assert [b.id for b in summary.committed] == ["B7"]
    assert summary.scanned == SCANNED and not summary.scanned_all


async def test_oldest_unpaid_is_asked_now_with_one_bill():
    api = a_large_account()
    state = make_state(api)
    state.start(api.accounts)
    api.bills.append(bill(3000, TODAY - timedelta(days=90)))
    oldest = await state.oldest_unpaid()
    assert oldest is not None and oldest.id == "B3000"
    assert api.calls[-1][1]["limit"] == 1 and api.calls[-1][1]["sort"] == "paymentDueDate,billDate"


async def test_credit_is_read_from_the_account():
    api = FakeApi([account(1, credit="24038")], [])
    state = make_state(api)
    state.start(api.accounts)
    await state.refresh()
    assert state.summary.credit == cop(24038)
    assert (state.summary.unpaid_count, state.summary.oldest_unpaid) == (0, None)


async def test_a_prepaid_account_asks_for_no_bills():
    api = a_large_account()
    state = make_state(api)
    state.start(api.accounts)
    await state.refresh("A2")
    assert state.selected_id == "A2" and state.summary.unpaid_count is None
    assert [name for name, _kw in api.calls] == ["get_billing_account"]


async def test_only_the_account_just_listed_is_not_fetched_again():
    api = a_large_account()
    state = make_state(api)
    state.start(api.accounts)
    await state.select_next()  # the second account was listed at sign-in, a while ago maybe
    assert [name for name, _kw in api.calls] == ["get_billing_account"]
    api.calls.clear()
    await state.select_next()
    assert "get_billing_account" in [name for name, _kw in api.calls]


# --- listeners and money moves --------------------------------------------------------------


async def test_listeners_hear_every_change_until_they_unsubscribe():
    api = a_large_account()
    state = make_state(api)
    heard: list[int] = []
    stop = state.subscribe(lambda: heard.append(state.version))
    state.start(api.accounts)
    await state.refresh()
    assert heard == [1, 2]
    stop()
    await state.refresh()
    assert heard == [1, 2] and state.version == 3


async def test_a_money_move_refreshes_the_figures_and_is_counted():
    api = FakeApi([account(1, due="100", state="suspended")], [bill(1, TODAY - timedelta(days=3))])
    state = make_state(api)
    state.start(api.accounts)
    api.accounts = [account(1)]
    api.bills = [bill(1, TODAY - timedelta(days=3), state="settled")]
    await state.money_moved()
    assert state.money_moves == 1
    assert state.account.state == "active" and state.summary.unpaid_count == 0
    assert state.accounts[0].state == "active"  # the list agrees: switching shows no old copy


async def test_a_copy_fetched_elsewhere_replaces_the_account_everywhere():
    api = a_large_account()
    state = make_state(api)
    state.start(api.accounts)
    state.replace_account(account(1, due="0"))
    assert state.account.balance("amountDue").value == 0
    assert state.accounts[0].balance("amountDue").value == 0


async def test_an_error_other_than_offline_keeps_the_figures_and_is_said():
    api = a_large_account()
    state = make_state(api)
    state.start(api.accounts)
    await state.refresh()
    before = state.summary
    api.failure = ServerError("boom")
    await state.refresh()
    assert isinstance(state.error, ServerError) and not state.offline
    assert state.summary is before


async def test_refreshes_asked_meanwhile_wait_their_turn_and_merge():
    import asyncio

    api = a_large_account()
    state = make_state(api)
    state.start(api.accounts)
    await state.refresh()
    api.calls.clear()
    await asyncio.gather(state.refresh(), state.money_moved(), state.money_moved())
    # The first runs; the two asked while it ran are one refresh after it.
    assert [name for name, _kw in api.calls].count("get_billing_account") == 2
    assert state.money_moves == 2


# --- accounts page ---------------------------------------------------------------------------


async def test_next_account_pages_through_every_account_and_wraps():
    accounts = [account(n) for n in range(1, 121)]
    api = FakeApi(accounts, [])
    first = await api.list_billing_accounts()
    state = make_state(api)
    state.start(first, first.total)
    assert len(state.accounts) == 50 and state.accounts_total == 120 and state.has_more_accounts
    seen = [state.selected_id]
    for _ in range(120):
        await state.select_next()
        seen.append(state.selected_id)
    assert seen[:3] == ["A1", "A2", "A3"] and seen[50] == "A51" and seen[119] == "A120"
    assert seen[120] == "A1" and len(set(seen)) == 120
    pages = [kw for name, kw in api.calls if name == "list_billing_accounts"]
    assert [(p["offset"], p["limit"]) for p in pages] == [(0, 50), (50, 50), (100, 50)]


async def test_one_account_has_nothing_to_switch_to():
    api = FakeApi([account(1)], [])
    state = make_state(api)
    state.start(api.accounts, 1)
    await state.select_next()
    assert not state.has_more_accounts and api.calls == []


# --- offline ---------------------------------------------------------------------------------


@pytest.mark.parametrize("failure", [ApiConnectionError("down"), ApiTimeoutError("slow")])
async def test_offline_keeps_the_last_figures_and_says_so(failure):
    api = a_large_account()
    state = make_state(api)
    state.start(api.accounts)
    await state.refresh()
    before = state.summary
    api.failure = failure
    await state.money_moved()
    assert state.offline and state.error is None
    assert state.summary is before
    api.failure = None
    await state.refresh()
    assert not state.offline


async def test_the_last_figures_survive_a_restart_on_disk(tmp_path):
    api = a_large_account()
    clock = Clock()
    state = make_state(api, tmp_path, clock=clock)
    state.start(api.accounts)
    await state.refresh()
    newest = await api.list_bills("A1")
    await state.remember_bills("A1", newest)
    assert (tmp_path / FILE_NAME).exists()

    later = Clock()
    later.moment = clock.moment + timedelta(hours=3)
    again = make_state(api, tmp_path, clock=later)
    again.start(api.accounts)  # as listed at sign-in: no counts yet
    api.failure = ApiConnectionError("down")
    await again.refresh()
    assert again.offline
    assert again.summary.fetched_at == clock.moment  # the earlier run's figures, with their time
    assert again.summary.unpaid_count == 253 and again.summary.oldest_unpaid.id == "B1002"
    fetched_at, page = await again.last_bills("A1")
    assert fetched_at == clock.moment and [b.id for b in page] == [b.id for b in newest]
    assert page.total == newest.total
    assert page[0].amountDue == cop("100000.10")  # amounts come back exactly


async def test_another_users_figures_are_not_shown(tmp_path):
    api = a_large_account()
    state = make_state(api, tmp_path, username="ana")
    state.start(api.accounts)
    await state.refresh()
    other = make_state(api, tmp_path, username="bruno")
    other.start(api.accounts)
    api.failure = ApiConnectionError("down")
    await other.refresh()
    assert other.summary.unpaid_count is None
    assert await other.last_bills("A1") is None


async def test_the_file_holds_accounts_and_bills_only(tmp_path):
    api = a_large_account()
    state = make_state(api, tmp_path)
    state.start(api.accounts)
    await state.refresh()
    await state.remember_bills("A1", await api.list_bills("A1"))
    path = tmp_path / FILE_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"format", "username", "accounts"}
    assert set(data["accounts"]["A1"]) == {"summary", "bills"}
    for word in ("token", "cardNumber", "cvv", "password", "lastFourDigits"):
        assert word not in path.read_text(encoding="utf-8")
    assert path.stat().st_mode & 0o077 == 0  # the owner's only
    assert not [p for p in tmp_path.iterdir() if p.name != FILE_NAME]  # no temporary left


async def test_an_unwritable_data_dir_does_not_stop_the_figures(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where a folder should be")
    api = a_large_account()
    state = make_state(api, blocked / "data")
    state.start(api.accounts)
    await state.refresh()
    assert state.summary.unpaid_count == 253


# --- wording and helpers -----------------------------------------------------------------


def test_as_of_reads_the_country_clock_in_the_locale():
    moment = datetime(2026, 11, 26, 19, 2, tzinfo=timezone.utc)  # 14:02 in Bogotá
    i18n.set_language("en")
    assert as_of(moment, TODAY, "pt_BR", "CO") == "As of 14:02 - offline"
    assert as_of(moment, TODAY, "es_CO", "CO") == "As of 2:02 p. m. - offline"
    assert (
        as_of(moment, TODAY + timedelta(days=1), "pt_BR", "CO")
        == "As of 26/11/2026 14:02 - offline"
    )
    i18n.set_language("es")
    assert "sin conexión" in as_of(moment, TODAY, "es_CO", "CO")


async def test_together_raises_the_first_failure_itself():
    async def fine() -> int:
        return 1

    async def fails() -> int:
        raise ApiConnectionError("down")

    assert await together(fine(), fine()) == [1, 1]
    with pytest.raises(ApiConnectionError):
        await together(fine(), fails())


async def test_fetch_all_refuses_to_cut_a_long_list():
    async def pages(offset: int, limit: int) -> Page[int]:
        return Page(list(range(offset, min(offset + limit, 1200))), 1200, offset, limit)

    with pytest.raises(TooManyItemsError) as raised:
        await fetch_all(pages)
    assert raised.value.total == 1200
    assert len(await fetch_all(pages, at_most=1200)) == 1200


# --- the requests the client sends for them ---------------------------------------------------


async def test_the_client_sends_sort_and_date_filters_and_pages_accounts():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[], headers={"X-Total-Count": "1000"})

    client = BillingClient("http://127.0.0.1", transport=httpx.MockTransport(handler))
    page = await client.list_bills(
        "A1",
        "new,sent",
        limit=1,
        sort="paymentDueDate,billDate",
        due_before=TODAY,
        billed_from=date(2025, 1, 1),
        billed_before=date(2026, 1, 1),
    )
    assert page.total == 1000
    assert seen[0].url.path == f"{BILLING}/customerBill"
    assert dict(seen[0].url.params) == {
        "billingAccount.id": "A1",
        "state": "new,sent",
        "offset": "0",
        "limit": "1",
        "sort": "paymentDueDate,billDate",
        "paymentDueDate.lt": "2026-11-26",
        "billDate.gte": "2025-01-01",
        "billDate.lt": "2026-01-01",
    }
    accounts = await client.list_billing_accounts(offset=50, limit=50)
    assert accounts.total == 1000 and dict(seen[1].url.params) == {"offset": "50", "limit": "50"}
    await client.aclose()
