"""ctrl+q while a payment's outcome is unknown: say what happens to it, and ask."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from miclaro_tui.i18n import N_, _
from miclaro_tui.screens.base import TranslatedKeys, yes_key
from miclaro_tui.widgets.tone import toned


class QuitDialog(TranslatedKeys, ModalScreen[bool]):
    """Dismisses with True to quit anyway."""

    BINDINGS = [
        Binding("escape", "stay", N_("Stay"), id="stay"),
        Binding("y", "quit_anyway", N_("Quit anyway"), id="quit-anyway"),
    ]
    AUTO_FOCUS = "#quit-stay"
    DEFAULT_CSS = """
    QuitDialog { align: center middle; }
    QuitDialog .dialog { width: 72; max-height: 100%; padding: 0 1; overflow-y: auto; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="quit-box"):
            yield Label(_("A payment is not settled yet"), classes="dialog-title")
            yield Static(
                toned(
                    _(
                        "We do not know yet how a payment ended. If you quit now, it is checked "
                        "the next time you sign in: do not pay it again meanwhile."
                    ),
                    "warning",
                ),
                id="quit-text",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    _("Quit anyway ({key})").format(key=yes_key()),
                    id="quit-confirm",
                    variant="warning",
                )
                yield Button(_("Stay"), id="quit-stay", variant="primary")

    def on_key(self, event: events.Key) -> None:
        if event.key == yes_key():  # s for sí and sim; y works in every language
            event.stop()
            self.action_quit_anyway()

    @on(Button.Pressed, "#quit-confirm")
    def action_quit_anyway(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#quit-stay")
    def action_stay(self) -> None:
        self.dismiss(False)
