"""A screen as the customer reads it: its rendered lines of text (from Textual's public
``App.export_screenshot``, the SVG being text positioned in cells), and the checks that a
footer key, a button, a label or a table cell is shown whole."""

from __future__ import annotations

import re
from collections import defaultdict
from html import unescape

from rich.cells import cell_len
from textual.app import App
from textual.errors import NoWidget
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button, DataTable, Label

CELL_WIDTH = 12.2
"""Rich's SVG export puts a cell every 12.2 px (font size 20 × 0.61)..."""
LINE_HEIGHT = 24.4
"""... and a row every 24.4 px (× 1.22), the first one's text at y = 20."""

_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>')


def screen_lines(app: App[object]) -> list[str]:
    """The screen's rows as text, one str per row, each character in its cell (a character
    two cells wide is followed by a space, so columns line up with Textual's regions)."""
    width, height = app.size
    rows: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for match in _TEXT.finditer(app.export_screenshot()):
        x, y, text = match.groups()
        text = unescape(re.sub(r"<[^>]+>", "", text)).replace("\xa0", " ")
        rows[round((float(y) - 20) / LINE_HEIGHT)].append((round(float(x) / CELL_WIDTH), text))
    lines = []
    for y in range(height):
        cells = [" "] * width
        for column, text in rows.get(y, []):
            for char in text:
                if column >= width:
                    break
                cells[column] = char
                column += 1
                if cell_len(char) == 2 and column < width:
                    cells[column] = ""
                    column += 1
        lines.append("".join(cells))
    return lines


def text_in(lines: list[str], widget: Widget) -> str:
    """What the screen shows in ``widget``'s visible part, its rows joined by spaces."""
    region = visible_region(widget)
    rows = [lines[y][region.x : region.right] for y in range(region.y, region.bottom)]
    return squeeze(" ".join(rows))


def visible_region(widget: Widget) -> Region:
    """The part of ``widget`` on screen: inside a scrolling container, what it shows."""
    try:
        geometry = widget.screen.find_widget(widget)
    except NoWidget:
        return Region()
    return geometry.region.intersection(geometry.clip)


def squeeze(text: str) -> str:
    return " ".join(text.split())


def footer_problems(app: App[object], lines: list[str]) -> list[str]:
    """Each key the footer means to show that is not there whole, and F1 if it is missing."""
    screen = app.screen
    if not _has_footer(screen):
        return []  # a dialog: the screen under it has the footer
    footer_line = lines[-1]
    problems = []
    shown = [
        active.binding
        for active in screen.active_bindings.values()
        if active.binding.show and active.binding.description
    ]
    for binding in shown:
        label = f"{app.get_key_display(binding)} {binding.description}"
        if label not in footer_line:
            problems.append(f"footer key {label!r} cut or missing: {footer_line.rstrip()!r}")
    if footer_line.split()[:1] != ["F1"]:
        problems.append(f"F1 is not the footer's first key: {footer_line.rstrip()!r}")
    return problems


def _has_footer(screen: Widget) -> bool:
    from textual.widgets import Footer

    return bool(screen.query(Footer))


def widget_problems(app: App[object], lines: list[str]) -> list[str]:
    """Every button and label shown whole; a button never below the visible screen."""
    problems = []
    screen = app.screen
    for button in screen.query(Button):
        if not button.display or not _displayed(button):
            continue
        label = squeeze(str(button.label))
        shown = text_in(lines, button)
        if label not in shown:
            problems.append(f"button {label!r} shows as {shown!r}")
    for label_widget in screen.query(Label):
        if not _displayed(label_widget) or label_widget.region.height == 0:
            continue
        if not _on_screen(label_widget):
            continue  # scrolled away: the screen scrolls to it
        text = squeeze(str(label_widget.content))
        if not text:
            continue
        shown = text_in(lines, label_widget)
        if text not in shown:
            problems.append(f"label {text!r} shows as {shown!r}")
    return problems


def table_problems(app: App[object], lines: list[str], columns: dict[str, str]) -> list[str]:
    """In every DataTable on screen, the cells of the columns whose keys are in ``columns``
    (key -> what it is, for the message) whole in the rows the screen shows."""
    problems = []
    for table in app.screen.query(DataTable):
        shown = visible_region(table)
        if not _displayed(table) or not shown:
            continue
        keys = [column.key.value for column in table.ordered_columns]
        wanted = [key for key in keys if key in columns]
        top = table.region.y + (table.header_height if table.show_header else 0)
        for row in range(table.row_count):
            y = top + row - round(table.scroll_y)
            if not shown.y <= y < shown.bottom or y >= len(lines) - 1:
                continue
            line = squeeze(lines[y][shown.x : shown.right])
            for key in wanted:
                value = squeeze(str(table.get_cell_at((row, keys.index(key)))))
                if value and value not in line:
                    problems.append(f"{columns[key]} {value!r} cut in row {row}: {line!r}")
    return problems


def _displayed(widget: Widget) -> bool:
    return all(
        node.display and node.visible
        for node in widget.ancestors_with_self
        if hasattr(node, "display")
    )


def _on_screen(widget: Widget) -> bool:
    return bool(visible_region(widget))
