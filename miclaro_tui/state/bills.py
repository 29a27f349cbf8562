"""The invoice list's filter, asked of the server, and its bills a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from miclaro_tui.state.gather import together
from miclaro_tui.state.summary import UNPAID

if TYPE_CHECKING:
    from miclaro_tui.api import BillingApi, Page
    from miclaro_tui.models import CustomerBill

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
