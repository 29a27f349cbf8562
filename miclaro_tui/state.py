"""The account state every screen reads: the accounts, the selected one and its figures.

UI-less (no Textual here). The app owns one per sign-in; screens observe it (the app turns its
notices into a reactive they watch) and every money move refreshes it. Counts, sums and the
oldest unpaid bill come from the server in a few small requests, whatever the account's size.
The last figures fetched are kept in ``account-state.json`` in the data dir, so that with the
server unreachable the screens show them marked "as of 14:02 - offline"; that file holds
accounts and bills only: never card data, never tokens.
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from miclaro_tui.api import ApiConnectionError, ApiTimeoutError, BillingError, Page
from miclaro_tui.i18n import _

if TYPE_CHECKING:
    from miclaro_tui.api import BillingApi
    from miclaro_tui.clock import Clock
    from miclaro_tui.models import BillingAccount, CustomerBill, Money

T = TypeVar("T")

UNPAID = "new,partiallyPaid,sent"
"""The bill states still to pay, as the ``state`` filter of the bill list."""
OLDEST_FIRST = "paymentDueDate,billDate"
SCANNED = 50
"""Unpaid bills, oldest first, read in one request to find promises and reports."""
ACCOUNTS_PAGE = 50
FILE_NAME = "account-state.json"
FILE_FORMAT = 1
OFFLINE_ERRORS = (ApiConnectionError, ApiTimeoutError)


def has_commitment(bill: CustomerBill) -> bool:
    """An active promise to pay, or a payment reported and still posting."""
    promise, report = bill.paymentPromise, bill.paymentReport
    return (promise is not None and promise.state == "active") or (
        report is not None and report.state == "pendingPosting"
    )


@dataclass(frozen=True)
class Summary:
    """What Home shows of one account, as the server said it at ``fetched_at``."""

    account: BillingAccount
    fetched_at: datetime
    unpaid_count: int | None = None
    """Bills still to pay; None when not asked (a prepaid account, or not fetched yet)."""
    overdue_count: int | None = None
    oldest_unpaid: CustomerBill | None = None
    """The unpaid bill the server sorts first by due date: the one to pay first."""
    committed: tuple[CustomerBill, ...] = ()
    """Unpaid bills with an active promise to pay or a reported payment still posting."""
    scanned: int = 0
    """How many unpaid bills, oldest first, were read to find ``committed``."""

    @property
    def credit(self) -> Money:
        return self.account.balance("creditBalance")

    @property
    def scanned_all(self) -> bool:
        return self.unpaid_count is None or self.scanned >= self.unpaid_count

    def to_json(self) -> dict[str, Any]:
        def dump(model: Any) -> Any:
            return json.loads(model.model_dump_json())

        return {
            "account": dump(self.account),
            "fetched_at": self.fetched_at.isoformat(),
            "unpaid_count": self.unpaid_count,
            "overdue_count": self.overdue_count,
            "oldest_unpaid": dump(self.oldest_unpaid) if self.oldest_unpaid else None,
            "committed": [dump(bill) for bill in self.committed],
            "scanned": self.scanned,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Summary:
        from miclaro_tui.models import BillingAccount, CustomerBill

        oldest = data.get("oldest_unpaid")
        return cls(
            account=BillingAccount.model_validate(data["account"]),
            fetched_at=datetime.fromisoformat(data["fetched_at"]),
            unpaid_count=data.get("unpaid_count"),
            overdue_count=data.get("overdue_count"),
            oldest_unpaid=CustomerBill.model_validate(oldest) if oldest else None,
            committed=tuple(CustomerBill.model_validate(b) for b in data.get("committed", [])),
            scanned=data.get("scanned", 0),
        )


class AccountState:
    """The signed-in customer's accounts and the figures of the selected one."""

    def __init__(
        self,
        api: BillingApi,
        clock: Clock,
        data_dir: Path | None = None,
        username: str | None = None,
    ) -> None:
        self._api = api
        self._clock = clock
        self._path = data_dir / FILE_NAME if data_dir is not None else None
        self.username = username
        self.accounts: list[BillingAccount] = []
        self.accounts_total = 0
        self.selected_id: str | None = None
        self.offline = False
        """The last look at the server failed to reach it: the figures are the last known."""
        self.error: BillingError | None = None
        """The last refresh's failure other than being offline, for the screens to say."""
        self.money_moves = 0
        """How many money moves (payment, promise, report) this state has followed."""
        self.version = 0
        self._summaries: dict[str, Summary] = {}
        self._fetched: set[str] = set()
        self._just_listed: set[str] = set()
        """The account whose figures came with the list a moment ago: its next refresh asks
        only for the counts (fetching a 1,000-line account again costs as much as the rest)."""
        self._bills: dict[str, tuple[datetime, Page[CustomerBill]]] = {}
        self._stored: dict[str, Any] | None = None
        self._listeners: list[Callable[[], None]] = []
        self._lock = asyncio.Lock()
        self._waiting: set[str] = set()

    # --- observing -------------------------------------------------------------------------

    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call ``listener`` after every change; returns what unsubscribes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _changed(self) -> None:
        self.version += 1
        for listener in list(self._listeners):
            listener()

    # --- what the screens read -------------------------------------------------------------

    @property
    def summary(self) -> Summary | None:
        return self._summaries.get(self.selected_id or "")

    @property
    def account(self) -> BillingAccount | None:
        summary = self.summary
        return summary.account if summary is not None else None

    @property
    def fetched_at(self) -> datetime | None:
        summary = self.summary
        return summary.fetched_at if summary is not None else None

    @property
    def has_more_accounts(self) -> bool:
        return max(self.accounts_total, len(self.accounts)) > 1

    # --- changes ---------------------------------------------------------------------------

    def start(self, accounts: Sequence[BillingAccount], total: int | None = None) -> None:
        """Signed in: ``accounts`` is the first page of the customer's accounts."""
        now = self._clock.now()
        self.accounts = list(accounts)
        self.accounts_total = max(total or 0, len(self.accounts))
        self._summaries = {a.id: Summary(a, now) for a in self.accounts}
        self.selected_id = self.accounts[0].id if self.accounts else None
        self._just_listed = {self.selected_id} if self.selected_id else set()
        self._changed()

    def replace_account(self, account: BillingAccount) -> None:
        """A fresh copy of one account, fetched by someone else (a payment screen)."""
        old = self._summaries.get(account.id)
        now = self._clock.now()
        self._summaries[account.id] = (
            replace(old, account=account, fetched_at=now) if old else Summary(account, now)
        )
        self.accounts = [account if a.id == account.id else a for a in self.accounts]
        self._changed()

    async def refresh(self, account_id: str | None = None) -> None:
        """Fetch the figures of ``account_id`` (the selected account by default) and select
        it. Never raises a BillingError: offline, the last known figures stay, marked so."""
        waiting = account_id or ""
        if waiting in self._waiting:
            return  # the same refresh is queued and has not started: it will cover this one
        self._waiting.add(waiting)
        async with self._lock:
            self._waiting.discard(waiting)
            target = account_id or self.selected_id
            if target is None:
                return
            try:
                summary = await self._fetch_summary(target)
            except OFFLINE_ERRORS:
                self.offline = True
                self.error = None
                await self._fall_back_to_stored(target)
                self.selected_id = target if target in self._summaries else self.selected_id
                self._changed()
                return
            except BillingError as error:
                self.error = error
                self._changed()
                return
            self.offline = False
            self.error = None
            self._summaries[target] = summary
            self._fetched.add(target)
            self.accounts = [summary.account if a.id == target else a for a in self.accounts]
            self.selected_id = target
            self._changed()
            await self._save()

    def money_moved(self) -> Awaitable[None]:
        """A payment, promise or report happened: every figure may have changed. Counted at
        once (screens compare ``money_moves``); the refresh is the awaitable returned."""
        self.money_moves += 1
        self._just_listed.clear()
        return self.refresh()

    async def select_next(self) -> None:
        """Select the next account (fetching the next page of them when needed), fresh."""
        ids = [a.id for a in self.accounts]
        if len(ids) < 2 and self.accounts_total < 2:
            return
        index = ids.index(self.selected_id) if self.selected_id in ids else -1
        if index + 1 < len(ids):
            await self.refresh(ids[index + 1])
            return
        if len(ids) < self.accounts_total:
            try:
                page = await self._api.list_billing_accounts(offset=len(ids), limit=ACCOUNTS_PAGE)
            except OFFLINE_ERRORS:
                self.offline = True
                self._changed()
                return
            except BillingError as error:
                self.error = error
                self._changed()
                return
            now = self._clock.now()
            self.accounts_total = page.total
            fresh = [a for a in page if a.id not in ids]
            self.accounts.extend(fresh)
            for account in fresh:
                self._summaries.setdefault(account.id, Summary(account, now))
            if fresh:
                self._just_listed = {fresh[0].id}
                await self.refresh(fresh[0].id)
                return
        await self.refresh(ids[0])

    async def oldest_unpaid(self) -> CustomerBill | None:
        """The selected account's oldest unpaid bill, asked now (one bill, whatever the
        account's size). Raises BillingError."""
        if self.selected_id is None:
            return None
        page = await self._api.list_bills(
            self.selected_id, state=UNPAID, sort=OLDEST_FIRST, limit=1
        )
        return page.items[0] if page.items else None

    async def remember_bills(self, account_id: str, page: Page[CustomerBill]) -> None:
        """Keep the newest bills of an account (the invoice list's first page, no filter) to
        show when offline."""
        self._bills[account_id] = (self._clock.now(), page)
        await self._save()

    async def last_bills(self, account_id: str) -> tuple[datetime, Page[CustomerBill]] | None:
        """The newest bills last fetched for the account (this run, or an earlier one)."""
        if account_id in self._bills:
            return self._bills[account_id]
        stored = (await self._read_stored()).get(account_id, {}).get("bills")
        if not stored:
            return None
        from miclaro_tui.models import CustomerBill

        items = [CustomerBill.model_validate(b) for b in stored["items"]]
        page = Page(items=items, total=stored["total"], offset=0, limit=len(items))
        return datetime.fromisoformat(stored["fetched_at"]), page

    # --- fetching --------------------------------------------------------------------------

    async def _fetch_summary(self, account_id: str) -> Summary:
        api = self._api
        known = self._summaries.get(account_id)
        listed = known is not None and account_id in self._just_listed
        self._just_listed = set()  # good for the very next refresh only
        if known is not None and known.account.accountType == "prepaid":
            account = known.account if listed else await api.get_billing_account(account_id)
            return Summary(account, known.fetched_at if listed else self._clock.now())
        steps: list[Awaitable[Any]] = [
            api.list_bills(account_id, state=UNPAID, sort=OLDEST_FIRST, limit=SCANNED),
            api.list_bills(account_id, state=UNPAID, due_before=self._clock.today(), limit=1),
        ]
        if not listed:
            steps.append(api.get_billing_account(account_id))
        oldest, overdue, *fetched = await together(*steps)
        account = fetched[0] if fetched else known.account  # type: ignore[union-attr]
        return Summary(
            account,
            self._clock.now(),
            unpaid_count=oldest.total,
            overdue_count=overdue.total,
            oldest_unpaid=oldest.items[0] if oldest.items else None,
            committed=tuple(bill for bill in oldest.items if has_commitment(bill)),
            scanned=len(oldest.items),
        )

    # --- the last figures, on disk ---------------------------------------------------------

    async def _fall_back_to_stored(self, account_id: str) -> None:
        if account_id in self._fetched:
            return  # this run's figures are newer than the file's
        stored = (await self._read_stored()).get(account_id, {}).get("summary")
        if stored is None:
            return
        summary = Summary.from_json(stored)
        known = self._summaries.get(account_id)
        if known is None or summary.fetched_at > known.fetched_at or known.unpaid_count is None:
            self._summaries[account_id] = summary

    async def _read_stored(self) -> dict[str, Any]:
        """The accounts kept in the file by this login (read once)."""
        if self._stored is None:
            self._stored = {}
            if self._path is not None:
                data = await asyncio.to_thread(read_json, self._path)
                if data.get("format") == FILE_FORMAT and data.get("username") == self.username:
                    self._stored = data.get("accounts") or {}
        return self._stored

    async def _save(self) -> None:
        if self._path is None:
            return
        accounts = dict(await self._read_stored())
        for account_id in self._fetched | set(self._bills):
            entry = dict(accounts.get(account_id, {}))
            if account_id in self._fetched:
                entry["summary"] = self._summaries[account_id].to_json()
            if account_id in self._bills:
                fetched_at, page = self._bills[account_id]
                entry["bills"] = {
                    "fetched_at": fetched_at.isoformat(),
                    "total": page.total,
                    "items": [json.loads(bill.model_dump_json()) for bill in page.items],
                }
            accounts[account_id] = entry
        self._stored = accounts
        data = {"format": FILE_FORMAT, "username": self.username, "accounts": accounts}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        try:
            await asyncio.to_thread(write_atomic, self._path, text)
        except OSError:
            pass  # the figures are only a fallback; the screens work without the file


STATUS_FILTERS = ("all", "pending", "overdue", "paid")


@dataclass(frozen=True)
class BillFilter:
    """The invoice list's filter, asked of the server: a status and a year (0 = every)."""

    status: str = "all"
    year: int = 0

    def query(self, today: date) -> dict[str, Any]:
        """Keyword arguments of ``BillingApi.list_bills`` for this filter."""
        query: dict[str, Any] = {}
        if self.status in ("pending", "overdue"):
            query["state"] = UNPAID
        elif self.status == "paid":
            query["state"] = "settled"
        if self.status == "overdue":
            query["due_before"] = today
        if self.year:
            query["billed_from"] = date(self.year, 1, 1)
            query["billed_before"] = date(self.year + 1, 1, 1)
        return query


class BillPages:
    """The bills of one account under one filter, newest first, a page at a time as the
    screen needs them: the first page is small so it shows fast, the next ones bigger."""

    def __init__(
        self,
        api: BillingApi,
        account_id: str,
        bill_filter: BillFilter,
        today: date,
        first: int = 50,
        then: int = 100,
    ) -> None:
        self._api = api
        self.account_id = account_id
        self.filter = bill_filter
        self._query = bill_filter.query(today)
        self._first = first
        self._then = then
        self.bills: list[CustomerBill] = []
        self.total: int | None = None
        """Bills matching the filter, as the server counts them; None before the first page."""
        self._ids: set[str] = set()

    @property
    def has_more(self) -> bool:
        return self.total is None or len(self.bills) < self.total

    async def load_more(self) -> list[CustomerBill]:
        """The next page (the first one the first time); [] when there is no more. Raises
        BillingError."""
        if not self.has_more:
            return []
        limit = self._first if not self.bills else self._then
        page = await self._api.list_bills(
            self.account_id, offset=len(self.bills), limit=limit, **self._query
        )
        self.total = page.total
        # A bill issued meanwhile shifts the pages by one: never list a bill twice.
        fresh = [bill for bill in page.items if bill.id not in self._ids]
        if not page.items:
            self.total = len(self.bills)  # the server ran out before its own count
        self.bills.extend(fresh)
        self._ids.update(bill.id for bill in fresh)
        return fresh

    def adopt(self, page: Page[CustomerBill]) -> None:
        """Start from a page already at hand (the last one fetched, when offline)."""
        self.bills = list(page.items)
        self._ids = {bill.id for bill in self.bills}
        self.total = page.total


async def bill_years(api: BillingApi, account_id: str) -> list[int]:
    """Every year from the account's first bill to its last, newest first (two one-bill
    requests, whatever the account's size). Raises BillingError."""
    first, last = await together(
        api.list_bills(account_id, sort="billDate", limit=1),
        api.list_bills(account_id, sort="-billDate", limit=1),
    )
    if not first.items or not last.items:
        return []
    return list(range(last.items[0].billDate.year, first.items[0].billDate.year - 1, -1))


async def together(*steps: Awaitable[Any]) -> list[Any]:
    """Run requests at once; the first failure cancels the others and is raised as itself."""
    tasks: list[asyncio.Task[Any]] = []
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(_awaited(step)) for step in steps]
    except BaseExceptionGroup as failures:
        raise failures.exceptions[0] from None
    return [task.result() for task in tasks]


async def _awaited(step: Awaitable[T]) -> T:
    return await step


def read_json(path: Path) -> dict[str, Any]:
    """The file's JSON object, or {} when it is missing or unreadable. Amounts are read as
    Decimal so they come back exactly."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_atomic(path: Path, text: str) -> None:
    """Write all or nothing, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".account-state-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def as_of(moment: datetime, today: date, locale: str, country: str) -> str:
    """ "As of 2:02 p. m. - offline" in the locale's format and the country's time zone (the
    date too when it was not today)."""
    from zoneinfo import ZoneInfo

    from babel.dates import format_datetime, format_time

    from miclaro_tui.countries import COUNTRIES

    profile = COUNTRIES.get(country)
    zone = ZoneInfo(profile.time_zone if profile else "UTC")
    local = moment.astimezone(zone)
    if local.date() == today:
        when = format_time(local, "short", tzinfo=zone, locale=locale).replace("\u202f", " ")
        return _("As of {time} - offline").format(time=when)
    when = format_datetime(local, "short", tzinfo=zone, locale=locale).replace("\u202f", " ")
    return _("As of {date_and_time} - offline").format(date_and_time=when)
