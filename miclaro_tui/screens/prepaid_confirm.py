"""Ask before moving a prepaid line's balance: what happens, what it costs, and who pays it.
Also what the prepaid screens share: the account's prepaid line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from miclaro_tui.i18n import N_, _
from miclaro_tui.screens.base import TranslatedKeys

if TYPE_CHECKING:
    from miclaro_tui.models import BillingAccount, Line


def prepaid_line(account: BillingAccount | None) -> Line | None:
    """The account's prepaid line (a prepaid account has one), if any."""
    if account is None:
        return None
    return next((line for line in account.lines if line.lineType == "prepaid"), None)


class ConfirmDialog(TranslatedKeys, ModalScreen[bool]):
    """``lines`` say what will happen; dismisses True on y / the confirm button."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="cancel"),
        Binding("y", "confirm", N_("Confirm"), id="confirm"),
    ]
    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog .dialog { width: 64; max-height: 100%; padding: 0 1; }
    ConfirmDialog #confirm-lines { height: auto; }
    """
    AUTO_FOCUS = "#dialog-confirm"

    def __init__(self, title: str, lines: list[str | Content], confirm: str) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.confirm_text = confirm

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-box"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(
                Content("\n").join(
                    Content(line) if isinstance(line, str) else line for line in self.lines
                ),
                id="confirm-lines",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.confirm_text + " (y)", id="dialog-confirm", variant="success")
                yield Button(_("Cancel"), id="dialog-cancel")

    @on(Button.Pressed, "#dialog-confirm")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#dialog-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
