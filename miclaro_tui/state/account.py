"""The signed-in customer's accounts and the figures of the selected one: what every screen
reads (see the package's docstring)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from miclaro_tui.api import ApiConnectionError, ApiTimeoutError, BillingError, Page
from miclaro_tui.state.gather import together
from miclaro_tui.state.offline_copy import FILE_NAME, OfflineCopy
from miclaro_tui.state.summary import OLDEST_FIRST, SCANNED, UNPAID, Summary, has_commitment

if TYPE_CHECKING:
    from miclaro_tui.api import BillingApi
    from miclaro_tui.clock import Clock
    from miclaro_tui.models import BillingAccount, CustomerBill

ACCOUNTS_PAGE = 50
OFFLINE_ERRORS = (ApiConnectionError, ApiTimeoutError)


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
        self.username = username
        self._copy = OfflineCopy(data_dir / FILE_NAME if data_dir is not None else None, username)
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
        return await self._copy.bills(account_id)

    # --- fetching --------------------------------------------------------------------------

    async def _fetch_summary(self, account_id: str) -> Summary:
        api = self._api
        known = self._summaries.get(account_id)
        # The account as the list gave it a moment ago, if it did: not asked for again.
        listed = known if known is not None and account_id in self._just_listed else None
        self._just_listed = set()  # good for the very next refresh only
        if known is not None and known.account.accountType == "prepaid":
            if listed is not None:
                return Summary(listed.account, listed.fetched_at)
            return Summary(await api.get_billing_account(account_id), self._clock.now())
        steps: list[Awaitable[Any]] = [
            api.list_bills(account_id, state=UNPAID, sort=OLDEST_FIRST, limit=SCANNED),
            api.list_bills(account_id, state=UNPAID, due_before=self._clock.today(), limit=1),
        ]
        if listed is None:
            steps.append(api.get_billing_account(account_id))
        oldest, overdue, *fetched = await together(*steps)
        account = listed.account if listed is not None else fetched[0]
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
        summary = await self._copy.summary(account_id)
        if summary is None:
            return
        known = self._summaries.get(account_id)
        if known is None or summary.fetched_at > known.fetched_at or known.unpaid_count is None:
            self._summaries[account_id] = summary

    async def _save(self) -> None:
        fetched = {account_id: self._summaries[account_id] for account_id in self._fetched}
        await self._copy.save(fetched, self._bills)
