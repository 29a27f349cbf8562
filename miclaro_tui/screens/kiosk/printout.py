"""A receipt or a report on screen, as it prints (40 columns)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, VerticalScroll
from textual.widgets import Button, Footer, Header, Static

from miclaro_tui.i18n import N_, _
from miclaro_tui.screens.kiosk.base import KioskScreen
from miclaro_tui.widgets.status_line import StatusLine


class PrintoutScreen(KioskScreen):
    """Shows ``text``; Enter or Escape goes on (dismisses with None)."""

    BINDINGS = [
        Binding("enter", "done", N_("Continue"), id="continue", priority=True),
        Binding("escape", "done", N_("Continue"), id="continue-escape", show=False),
    ]
    DEFAULT_CSS = """
    PrintoutScreen #printout-scroll { align-horizontal: center; height: 1fr; }
    PrintoutScreen #printout {
        width: 44; height: auto; padding: 0 1; border: round $primary;
        background: $surface;
    }
    PrintoutScreen #printout-done { margin: 0 1; }
    PrintoutScreen StatusLine { height: auto; padding: 0 1; }
    """

    def __init__(self, title: str, text: str, note: str = "", button: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.note = note
        self.button = button or _("Continue (Enter)")

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="printout-scroll"):
            printout = Static(Text(self.text.rstrip("\n")), id="printout")
            printout.border_title = self.title_text
            yield printout
        yield StatusLine(self.note, id="printout-note")
        with Center():
            yield Button(self.button, id="printout-done", variant="primary")
        yield Footer()

    @on(Button.Pressed, "#printout-done")
    def action_done(self) -> None:
        self.dismiss(None)
