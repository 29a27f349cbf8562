"""Status tones: a status's colour comes from the theme, never from a fixed colour name, and
always stands beside words that say the status (so NO_COLOR and every theme still tell it).

- a whole widget in one tone: ``set_tone(widget, "error")`` (the ``.tone-*`` rules in app.tcss);
- part of a line in a tone: ``toned(text, tone)``, a ``Content`` whose style names a theme
  variable (resolved by Textual when drawn);
- a DataTable cell in a tone: ``ToneCell`` (DataTable measures Rich renderables, not Content);
- a field with bad input: ``mark_invalid(field)`` (the one ``.-invalid-field`` rule).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual.content import Content
from textual.style import Style

if TYPE_CHECKING:
    from textual.dom import DOMNode

Tone = Literal["", "error", "warning", "success", "info", "neutral"]
"""error: failed or overdue; warning: pending, not confirmed; success: paid, approved;
info: a note such as a promise or a dispute; neutral: cancelled; "": no tone."""

TONES: tuple[Tone, ...] = ("error", "warning", "success", "info", "neutral")

STYLES: dict[Tone, str] = {
    "": "",
    "error": "bold $text-error",
    "warning": "bold $text-warning",
    "success": "bold $text-success",
    "info": "bold $text-accent",
    "neutral": "bold $text-secondary",
}
"""The same theme variables as the ``.tone-*`` rules in app.tcss, for inline text."""

INVALID_FIELD = "-invalid-field"


def set_tone(widget: DOMNode, tone: Tone) -> None:
    """Colour a whole widget by ``tone`` (its CSS class ``tone-<tone>``; none for "")."""
    for name in TONES:
        widget.set_class(name == tone, f"tone-{name}")


def toned(text: str, tone: Tone) -> Content:
    """``text`` in the colour of ``tone``, as plain text (never read as markup)."""
    return Content.styled(text, STYLES[tone])


def mark_invalid(field: DOMNode, invalid: bool = True) -> None:
    """Mark (or unmark) a field whose input is bad; the form says why in words."""
    field.set_class(invalid, INVALID_FIELD)


class ToneCell:
    """A DataTable cell in the colour of a tone. DataTable lays out Rich renderables only,
    so the theme variable is looked up each time the cell is drawn (it follows the theme)."""

    def __init__(self, text: str, tone: Tone) -> None:
        self.text = text
        self.tone = tone

    def __rich__(self) -> Text:
        style = STYLES[self.tone]
        return Text(self.text, style=Style.parse(style).rich_style if style else "", end="")

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"ToneCell({self.text!r}, {self.tone!r})"
