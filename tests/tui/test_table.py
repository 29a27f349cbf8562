"""Every table of the app is a ``Table``: a row's cells widen their columns the moment the row
is added, before Textual's own measure on its next idle. A table drawn in between (a page of
rows landing while the screen repaints: seen in the browser) no longer keeps its columns as
narrow as their headers ("! Venc")."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.content import Content

from miclaro_tui.widgets.table import Table, cell_width
from miclaro_tui.widgets.tone import ToneCell


class OneTable(App[None]):
    def compose(self) -> ComposeResult:
        yield Table(id="table")


def test_a_cell_is_as_wide_as_its_widest_line():
    assert cell_width("sep de 2026") == 11
    assert cell_width(Text("$192.283,00")) == 11
    assert cell_width(Content("! Vencida")) == 9
    assert cell_width("Plan Max 40 GB\nhasta el 30/11") == 14
    assert cell_width(12345) == 0  # not text: Textual measures it, as before


async def test_columns_are_as_wide_as_the_cells_as_soon_as_a_row_is_added():
    app = OneTable()
    async with app.run_test(size=(80, 10)) as pilot:
        table = app.query_one(Table)
        table.add_column("Periodo", key="period")
        table.add_column("Estado", key="status")
        await pilot.pause()
        table.add_row("sep de 2026", ToneCell("! Vencida", "error"), key="bill")
        # No idle yet: what a repaint now would draw with.
        widths = {key.value: column.content_width for key, column in table.columns.items()}
        assert widths == {"period": 11, "status": 9}
        await pilot.pause()  # Textual's own measure agrees
        after = {key.value: column.content_width for key, column in table.columns.items()}
        assert after == widths
