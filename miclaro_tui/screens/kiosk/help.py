"""F1 at the till: every key of the kiosk screens (the footer shows only those that fit),
read from their BINDINGS, and what the till does on its own."""

from __future__ import annotations

import re
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from miclaro_tui.i18n import N_, _
from miclaro_tui.screens.kiosk.base import KioskScreen


def kiosk_screen_classes() -> list[tuple[str, type[Screen[Any]]]]:
    from miclaro_tui.screens.kiosk.cash import CashScreen
    from miclaro_tui.screens.kiosk.close_shift import CloseShiftScreen
    from miclaro_tui.screens.kiosk.login import KioskLoginScreen
    from miclaro_tui.screens.kiosk.open_shift import OpenShiftScreen
    from miclaro_tui.screens.kiosk.till import TillScreen
    from miclaro_tui.screens.kiosk.void import VoidScreen

    return [
        (N_("Till"), TillScreen),
        (N_("Take cash"), CashScreen),
        (N_("Void a payment"), VoidScreen),
        (N_("Operator sign-in"), KioskLoginScreen),
        (N_("Open shift"), OpenShiftScreen),
        (N_("Close shift"), CloseShiftScreen),
    ]


class KioskHelpScreen(KioskScreen):
    BINDINGS = [Binding("escape", "close", N_("Back"), id="back")]
    DEFAULT_CSS = """
    KioskHelpScreen #kiosk-help { padding: 0 1; height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="kiosk-help"):
            yield Static(Group(*self._tables()))
        yield Footer()

    def _tables(self) -> list[Table | Text]:
        everywhere = [
            ("F1", _("This list of keys")),
            ("Ctrl+P", _("Command palette: every action by name")),
            ("Ctrl+Q", _("Leave the till (asks for the operator's password)")),
            ("Tab / Shift+Tab", _("Move between fields and lists")),
        ]
        sections = [(_("On any screen"), everywhere)]
        for where, screen in kiosk_screen_classes():
            keys = [
                (self._key(binding), _(binding.description))
                for binding in screen.BINDINGS
                if isinstance(binding, Binding) and binding.description
            ]
            if keys:
                sections.append((_(where), keys))
        tables: list[Table | Text] = [
            Text(_("A scanner's digits go to the lookup field from anywhere on the till."))
        ]
        for title, keys in sections:
            table = Table(
                title=title,
                title_justify="left",
                title_style="bold",
                show_header=False,
                box=None,
                padding=(0, 1),
                pad_edge=False,
                expand=True,
            )
            table.add_column(no_wrap=True, min_width=16)
            table.add_column(ratio=1)
            for key, action in keys:
                table.add_row(key, action)
            tables.append(table)
        return tables

    def _key(self, binding: Binding) -> str:
        """As the keyboard writes it: F4, Ctrl+S, Esc."""
        key = binding.key.split(",")[0]
        if re.fullmatch(r"f\d{1,2}", key):
            return key.upper()
        names = {"escape": "Esc", "enter": "Enter"}
        return "+".join(names.get(part, part.capitalize()) for part in key.split("+"))

    def action_close(self) -> None:
        self.dismiss(None)
