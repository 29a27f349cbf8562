"""Long lists (invoices, payments) a page at a time: ``Pages`` fetches them (UI-less), and
``PagedTableScreen`` shows them in a DataTable, asking for the next page as the cursor nears
the end. A new list screen subclasses ``PagedTableScreen`` and writes ``add_rows`` and
``show_summary``; its ``load`` builds a ``Pages``, then calls ``fetch_pages`` and
``show_pages``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from textual import on, work
from textual.widgets import DataTable

from miclaro_tui.api import BillingError
from miclaro_tui.i18n import _
from miclaro_tui.screens.base import BaseScreen

if TYPE_CHECKING:
    from miclaro_tui.api import Page

T = TypeVar("T")


class Pages(Generic[T]):
    """One list a page at a time as the screen needs it: the first page small so it shows
    fast, the next ones bigger; an item is never listed twice."""

    def __init__(
        self,
        fetch: Callable[[int, int], Awaitable[Page[T]]],
        key: Callable[[T], str],
        first: int = 50,
        then: int = 100,
    ) -> None:
        self._fetch = fetch  # (offset, limit) -> Page
        self._key = key
        self._first = first
        self._then = then
        self.items: list[T] = []
        self.total: int | None = None
        """Items in the list as the server counts them; None before the first page."""
        self._keys: set[str] = set()

    @property
    def has_more(self) -> bool:
        return self.total is None or len(self.items) < self.total

    async def load_more(self) -> list[T]:
        """The next page (the first one the first time); [] when there is no more. Raises
        BillingError."""
        if not self.has_more:
            return []
        limit = self._first if not self.items else self._then
        page = await self._fetch(len(self.items), limit)
        self.total = page.total
        # An item added meanwhile shifts the pages by one: never list an item twice.
        fresh = [item for item in page.items if self._key(item) not in self._keys]
        if not page.items:
            self.total = len(self.items)  # the server ran out before its own count
        self.items.extend(fresh)
        self._keys.update(self._key(item) for item in fresh)
        return fresh

    def adopt(self, page: Page[T]) -> None:
        """Start from a page already at hand (the last one fetched, when offline)."""
        self.items = list(page.items)
        self._keys = {self._key(item) for item in self.items}
        self.total = page.total


class PagedTableScreen(BaseScreen, Generic[T]):
    """A screen whose DataTable (``TABLE``) fills a page at a time as the cursor nears its
    end; failures are told on the status line."""

    TABLE: ClassVar[str]
    """The table's id, without "#"."""
    NEAR_THE_END: ClassVar[int] = 10
    """Rows left below the cursor when the next page is asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: Pages[T] | None = None

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one(f"#{self.TABLE}", DataTable)

    @property
    def has_rows(self) -> bool:
        return any(table.row_count for table in self.query(f"#{self.TABLE}").results(DataTable))

    def add_rows(self, items: list[T]) -> None:
        """Append rows for ``items`` to the table."""
        raise NotImplementedError

    def show_summary(self) -> None:
        """Say how many there are (called after every page)."""
        raise NotImplementedError

    @property
    def can_load_more(self) -> bool:
        """False while the table shows a list that cannot grow (remembered, offline)."""
        return True

    async def fetch_pages(self, pages: Pages[T], keep_row: int = 0) -> None:
        """Fetch the first page of ``pages`` (and more, until row ``keep_row`` is in), with
        the table's loading indicator while it is empty. Raises BillingError."""
        table = self.table
        table.loading = table.row_count == 0
        self.say("")
        try:
            await pages.load_more()
            while keep_row >= len(pages.items) and pages.has_more:
                await pages.load_more()
        finally:
            table.loading = False

    def show_pages(self, pages: Pages[T], keep_row: int = 0) -> None:
        """Show ``pages`` instead of what the table held, the cursor on ``keep_row``."""
        self.pages = pages
        table = self.table
        table.clear()
        self.add_rows(pages.items)
        if keep_row:
            table.move_cursor(row=min(keep_row, table.row_count - 1))
        self.show_summary()
        self.refresh_bindings()  # keys that need a row (why_not) show once there is one

    @work(group="more")
    async def load_more(self) -> None:
        pages = self.pages
        if pages is None or not self.can_load_more:
            return
        try:
            fresh = await pages.load_more()
        except BillingError as error:
            self.say(error.user_message + " " + _("Move down again to retry."), "error")
            return
        if pages is self.pages:  # not replaced meanwhile (a new filter, a reload)
            self.add_rows(fresh)
            self.show_summary()

    @on(DataTable.RowHighlighted)
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        pages = self.pages
        if event.data_table.id != self.TABLE or pages is None or not pages.has_more:
            return
        if event.cursor_row >= event.data_table.row_count - self.NEAR_THE_END:
            if not any(w.group == "more" and w.is_running for w in self.workers):
                self.load_more()
