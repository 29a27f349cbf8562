"""A receipt's PDF from a list (the payment history, a prepaid line's balance history): the
row under the cursor, and the download, saved in the download folder like an invoice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from miclaro_tui.i18n import _, receipt_file_name

if TYPE_CHECKING:
    from textual.widgets import DataTable

    from miclaro_tui.api import BillingApi
    from miclaro_tui.screens.base import BaseScreen


class HasId(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=HasId)


def selected(table: DataTable[Any], items: Sequence[T]) -> T | None:
    """The item of the row under the table's cursor (rows keyed by the items' ids)."""
    if table.row_count == 0:
        return None
    row_key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
    return next((item for item in items if item.id == row_key.value), None)


async def download_receipt(
    screen: BaseScreen, fetch: Callable[[BillingApi], Awaitable[bytes]], receipt: str
) -> None:
    """Fetch the receipt's PDF and save it as the file named after ``receipt``; the status
    line says where it went, or why not."""
    screen.say(_("Downloading the receipt…"))
    await screen.save_pdf(fetch, receipt_file_name(receipt), _("Receipt saved"))
