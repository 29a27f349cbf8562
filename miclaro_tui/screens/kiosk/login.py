"""The kiosk's sign-in: an operator (or a supervisor) signs in on this terminal. A customer
account is refused; the journal of an earlier run is settled; then the open shift goes on,
or a new one is opened with the float counted."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Label, Static

from miclaro_tui.api import BillingError
from miclaro_tui.i18n import N_, _
from miclaro_tui.kiosk.masking import mask_login
from miclaro_tui.screens.kiosk.base import KioskScreen
from miclaro_tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from pydantic import SecretStr

TERMINAL = re.compile(r"[A-Za-z0-9-]{1,32}")
KIOSK_ROLES = ("operator", "supervisor")
ROLE_NAMES = {"operator": N_("Operator"), "supervisor": N_("Supervisor")}


class KioskLoginScreen(KioskScreen):
    BINDINGS = [
        Binding("ctrl+s", "sign_in", N_("Sign in"), id="sign-in"),
        # Enter in the user field moves on at once, before the keys typed after it are routed
        # (widgets/focus_keys.py says why): a fast "cajero<Enter>password" stays apart.
        Binding("enter", "next_field", show=False, priority=True, id="kiosk-login-next-field"),
    ]
    AUTO_FOCUS = "#username"
    DEFAULT_CSS = """
    KioskLoginScreen #kiosk-login-scroll { align-horizontal: center; }
    KioskLoginScreen #kiosk-login-box {
        width: 64; max-width: 100%; height: auto; padding: 0 1; border: round $primary;
        border-title-style: bold;
    }
    KioskLoginScreen #kiosk-login-box Input { width: 100%; }
    KioskLoginScreen StatusLine { height: auto; min-height: 1; }
    KioskLoginScreen #demo-users { width: 64; max-width: 100%; height: auto; padding: 0 1; }
    """

    def __init__(self, message: str = "") -> None:
        super().__init__()
        self._message = message
        self._busy = False

    def compose(self) -> ComposeResult:
        terminal = self.miclaro.settings.kiosk.terminal_id
        yield Header()
        with VerticalScroll(id="kiosk-login-scroll"):
            with Vertical(id="kiosk-login-box", classes="kiosk-box") as box:
                box.border_title = _("Payment point: operator sign-in")
                yield Label(_("Operator user"), classes="field-label")
                yield Input(id="username", max_length=254)
                yield Label(_("Password"), classes="field-label")
                yield Input(id="password", password=True, max_length=256)
                yield Label(_("Terminal"), classes="field-label")
                yield Input(
                    terminal,
                    id="terminal",
                    max_length=32,
                    placeholder=_("e.g. CAJA-1"),
                    disabled=bool(terminal),
                )
                yield Button(_("Sign in"), id="sign-in", variant="primary")
                yield StatusLine(Text(self._message), id="kiosk-login-message")
            if self.miclaro.demo_users:
                yield Static(self._demo_text(), id="demo-users")
        yield Footer()

    def _demo_text(self) -> Text:
        text = Text.assemble((_("Sandbox"), "bold"), ": ", _("demo staff, no real money"))
        for user in self.miclaro.demo_users:
            role = ROLE_NAMES.get(getattr(user, "role", ""), "")
            text.append(f"\n  {user.username:<12} {user.password:<16} ", style="bold")
            text.append(f"{_(role) if role else ''} {getattr(user, 'country', '')}".strip())
        return text

    def action_next_field(self) -> None:
        if self.focused is not self.query_one("#username"):
            raise SkipAction()  # Enter elsewhere does what it does there
        self.set_focus(self.query_one("#password", Input))  # now, not after a refresh

    @on(Input.Submitted, "#password")
    @on(Input.Submitted, "#terminal")
    @on(Button.Pressed, "#sign-in")
    def action_sign_in(self) -> None:
        if self._busy:
            return
        from pydantic import SecretStr

        username = self.query_one("#username", Input).value.strip()
        password = SecretStr(self.query_one("#password", Input).value)
        terminal = self.query_one("#terminal", Input).value.strip()
        if not username:
            return self._refuse(_("Enter your operator user."), "#username")
        if not password.get_secret_value():
            return self._refuse(_("Enter your password."), "#password")
        if not TERMINAL.fullmatch(terminal):
            return self._refuse(
                _("Terminal: 1 to 32 letters, digits or dashes, such as CAJA-1."), "#terminal"
            )
        self.sign_in(username, password, terminal)

    def _refuse(self, message: str, field: str) -> None:
        self.say(message, "error")
        self.query_one(field, Input).focus()

    @work(exclusive=True, group="sign-in")
    async def sign_in(self, username: str, password: SecretStr, terminal: str) -> None:
        from miclaro_tui.kiosk.session import PasswordCheck, TillSession

        self._set_busy(True)
        self.say(_("Signing in…"))
        try:
            api = await self.miclaro.get_api()
            await api.sign_in(username, password)
            role = api.role or "customer"
            if role not in KIOSK_ROLES:
                await api.sign_out()
                self.kiosk.record(
                    "signIn",
                    outcome="refused",
                    reason="notAnOperator",
                    operator=mask_login(username),
                )
                self._refuse(
                    _(
                        "This is a customer account. Kiosk mode is for payment point "
                        "operators: customers use Mi Claro without --kiosk."
                    ),
                    "#username",
                )
                return
            till = TillSession(
                operator=api.username or username,
                role=role,
                terminal=terminal,
                password=PasswordCheck(password),
            )
            self.query_one("#password", Input).value = ""
            self.kiosk.start_till(till)
            await self._settle_earlier_payments()
            await self._to_shift(api, till)
        except RuntimeError as error:
            self.say(_("Cannot start: {reason}").format(reason=error), "error")
        except BillingError as error:
            self.kiosk.record(
                "signIn",
                outcome="refused",
                reason=getattr(error, "code", ""),
                operator=mask_login(username),
            )
            self.say(error.user_message, "error")
            self.query_one("#password", Input).focus()
        finally:
            self._set_busy(False)

    async def _settle_earlier_payments(self) -> None:
        """A till that crashed mid-payment knows whether that cash was taken before it takes
        the next customer's."""
        states = await self.kiosk.settle_journal()
        if any(state.unsettled for state in states):
            self.notify(
                _(
                    "An earlier payment's outcome is still unknown: do not take that"
                    " customer's cash again; sign in again later to settle it."
                ),
                severity="warning",
                timeout=30,
            )

    async def _to_shift(self, api, till) -> None:
        from miclaro_tui.screens.kiosk.open_shift import OpenShiftScreen

        shift = await api.current_shift()
        till.shift = shift
        # The operator's country (the server says it at sign-in); --country only if it does not.
        country = api.country or self.miclaro.settings.country
        till.denominations = await api.list_denominations(
            shift.country if shift is not None else country
        )
        if shift is not None:
            self.kiosk.record("openShift", object=shift.id, outcome="resumed")
            self.kiosk.shift_opened()
        else:
            self.app.switch_screen(OpenShiftScreen())

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.query_one("#sign-in", Button).disabled = busy
