"""Locked down: the lock screen (after idle minutes, or F9) and the password asked before
leaving the app (ctrl+q, ctrl+c, the palette's Quit) or suspending it (ctrl+z)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Header, Input, Label, Static

from miclaro_tui.api import BillingError
from miclaro_tui.i18n import N_, _
from miclaro_tui.screens.base import TranslatedKeys, shell
from miclaro_tui.screens.kiosk.base import KioskScreen, kiosk_of
from miclaro_tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from pydantic import SecretStr

KIOSK_ROLES = ("operator", "supervisor")


class LockScreen(KioskScreen):
    """Covers the till; the operator signs in again with their password."""

    AUTO_FOCUS = "#unlock-password"
    DEFAULT_CSS = """
    LockScreen #lock-box {
        width: 60; max-width: 100%; height: auto; padding: 0 1; border: round $warning;
    }
    LockScreen Input { width: 100%; }
    LockScreen StatusLine { height: auto; }
    """

    def compose(self) -> ComposeResult:
        till = self.kiosk.till
        yield Header()
        with Center():
            with Vertical(id="lock-box") as box:
                box.border_title = _("Till locked")
                yield Static(
                    _(
                        "Terminal {terminal} is locked and the customer's data was cleared. "
                        "{operator}, type your password to go on."
                    ).format(
                        terminal=till.terminal if till else "",
                        operator=till.operator if till else "",
                    )
                )
                yield Label(_("Password"), classes="field-label")
                yield Input(id="unlock-password", password=True, max_length=256)
                yield StatusLine(id="lock-status")
        yield Footer()

    @on(Input.Submitted, "#unlock-password")
    def _submitted(self, event: Input.Submitted) -> None:
        from pydantic import SecretStr

        password = SecretStr(event.value)
        event.input.value = ""
        if not password.get_secret_value():
            self.say(_("Enter your password."), "error")
            return
        self.sign_in_again(password)

    @work(exclusive=True, group="unlock")
    async def sign_in_again(self, password: SecretStr) -> None:
        till = self.kiosk.till
        if till is None:
            return
        self.say(_("Signing in…"))
        try:
            api = await self.miclaro.get_api()
            await api.sign_in(till.operator, password)
        except BillingError as error:
            self.kiosk.record("unlock", outcome="refused", reason=getattr(error, "code", ""))
            self.say(error.user_message, "error")
            return
        self.kiosk.unlock()


class LeaveDialog(TranslatedKeys, ModalScreen[bool]):
    """The password before leaving the kiosk (``how`` = "quit") or suspending it ("suspend").
    With an operator signed in, their password (checked here, never sent or stored); at the
    sign-in screen, any operator's or supervisor's user and password (checked by the server).
    Dismisses with True when allowed."""

    BINDINGS = [Binding("escape", "stay", N_("Stay"), id="stay")]
    DEFAULT_CSS = """
    LeaveDialog { align: center middle; }
    LeaveDialog #leave-box {
        width: 60; max-width: 100%; height: auto; padding: 0 1; border: round $error;
        background: $surface;
    }
    LeaveDialog Input { width: 100%; }
    LeaveDialog StatusLine { height: auto; }
    """

    def __init__(self, how: str) -> None:
        super().__init__()
        self.how = how

    def compose(self) -> ComposeResult:
        till = kiosk_of(self).till
        with Vertical(id="leave-box") as box:
            box.border_title = (
                _("Leave kiosk mode") if self.how == "quit" else _("Suspend kiosk mode")
            )
            if till is None:
                yield Static(_("Only an operator or a supervisor may leave the kiosk."))
                yield Label(_("Operator user"), classes="field-label")
                yield Input(id="leave-user", max_length=254)
            else:
                yield Static(
                    _("{operator}, type your password to leave. Escape: stay.").format(
                        operator=till.operator
                    )
                )
            yield Label(_("Password"), classes="field-label")
            yield Input(id="leave-password", password=True, max_length=256)
            yield StatusLine(id="leave-status")

    def on_mount(self) -> None:
        first = self.query("#leave-user")
        (first.first() if first else self.query_one("#leave-password")).focus()

    @on(Input.Submitted, "#leave-user")
    def _to_password(self) -> None:
        self.query_one("#leave-password", Input).focus()

    @on(Input.Submitted, "#leave-password")
    def _submitted(self, event: Input.Submitted) -> None:
        from pydantic import SecretStr

        password = SecretStr(event.value)
        event.input.value = ""
        till = kiosk_of(self).till
        if till is not None:
            self._answer(till.password.matches(password), till.operator)
            return
        user = self.query_one("#leave-user", Input).value.strip()
        if not user or not password.get_secret_value():
            self.say(_("Enter the user and the password."), "error")
            return
        self.check_with_server(user, password)

    @work(exclusive=True, group="leave")
    async def check_with_server(self, user: str, password: SecretStr) -> None:
        api = await shell(self).get_api()
        try:
            await api.sign_in(user, password)
            allowed = api.role in KIOSK_ROLES
            await api.sign_out()
        except BillingError:
            allowed = False
        self._answer(allowed, user)

    def _answer(self, allowed: bool, who: str) -> None:
        from miclaro_tui.kiosk.masking import mask_login

        kiosk_of(self).record(
            "leave",
            object=self.how,
            outcome="allowed" if allowed else "refused",
            operator=who if allowed else mask_login(who),
        )
        if allowed:
            self.dismiss(True)
            return
        self.say(_("Wrong password: the kiosk stays open."), "error")
        self.query_one("#leave-password", Input).focus()

    def action_stay(self) -> None:
        self.dismiss(False)
