"""``Table``: Textual's DataTable, with its columns as wide as a row's cells from the moment the
row is added. Every table of the app is one."""

from __future__ import annotations

from typing import TypeVar

from rich.cells import cell_len
from rich.text import Text, TextType
from textual.content import Content
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

T = TypeVar("T")


def cell_width(cell: object) -> int:
    """The cells the widest line of ``cell`` takes (0 for what Textual measures itself)."""
    if not isinstance(cell, str | Text | Content) and hasattr(cell, "__rich__"):
        cell = cell.__rich__()  # a cell that renders as Text (tone.ToneCell)
    if isinstance(cell, str):
        plain = cell
    elif isinstance(cell, Text | Content):
        plain = cell.plain
    else:
        return 0
    return max(cell_len(line) for line in plain.split("\n"))


class Table(DataTable[T]):
    """Textual 8.2.8's DataTable measures a new row's cells when it is next idle, and caches
    what it draws under a count that measuring does not change. A table drawn between
    ``add_row`` and that idle (a page of rows landing while the screen repaints: it happened in
    a browser, under ``miclaro web``) keeps its columns as wide as their headers, cutting every
    cell ("! Venc"), until its next change. Widening the columns before the row goes in leaves
    nothing to draw narrow; Textual's own measure later agrees."""

    def add_row(
        self,
        *cells: T,
        height: int | None = 1,
        key: str | None = None,
        label: TextType | None = None,
    ) -> RowKey:
        for column, cell in zip(self.ordered_columns, cells):
            if column.auto_width:
                column.content_width = max(column.content_width, cell_width(cell))
        return super().add_row(*cells, height=height, key=key, label=label)
