"""Sign in: user or line number + password, remember me, clear errors; the first screen.

This module is on the path to the first paint: it imports Textual, settings and gettext only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import MountError, Widget
from textual.widgets import Button, Checkbox, Footer, Input, Label, Static

from miclaro_tui.i18n import N_, _
from miclaro_tui.screens.base import BaseScreen
from miclaro_tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from pydantic import SecretStr


class LoginScreen(BaseScreen):
    BINDINGS = [
        Binding("ctrl+s", "sign_in", N_("Sign in"), id="sign-in"),
        Binding("ctrl+t", "guest_top_up", N_("Top up without an account"), id="guest-top-up"),
        # Enter in the user field moves on at once, before the keys after it are routed (the
        # cause is in widgets/focus_keys.py): "camila<Enter>password<Enter>" in one burst.
        Binding("enter", "next_field", show=False, priority=True, id="login-next-field"),
    ]
    AUTO_FOCUS = "#username"

    def __init__(self, message: str = "") -> None:
        super().__init__()
        self._initial_message = message
        self._busy = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="login-scroll"):
            with Vertical(id="login-box") as box:
                box.border_title = _("Sign in to Mi Claro")
                yield Label(_("User, line number or document"), classes="field-label")
                yield Input(id="username", placeholder=_("e.g. 3001234567"), max_length=254)
                yield Label(_("Password"), classes="field-label")
                yield Input(id="password", password=True, placeholder="••••••••", max_length=256)
                yield Horizontal(id="login-actions")  # filled one frame later: _finish
                yield StatusLine(Content(self._initial_message), id="login-message")

    def _demo_text(self) -> Text:
        text = Text.assemble((_("Sandbox"), "bold"), ": ", _("demo accounts, no real money"))
        for user in self.miclaro.demo_users:
            text.append(f"\n  {user.username:<8} {user.password:<12} ", style="bold")
            text.append(_(user.description))
        return text

    def on_mount(self) -> None:
        self.call_after_refresh(self._finish)

    async def _finish(self) -> None:
        """The rest of the screen, one frame after the fields the customer types into: the
        checkbox, the button, the demo accounts and the footer cost a third of the first frame
        (their CSS and layout), and nobody reaches them in its first 20 ms. Then resume a
        remembered session (it imports the API's error types and reads the keyring)."""
        rest: list[tuple[Widget, str]] = [
            (Checkbox(_("Remember me"), id="remember"), "#login-actions")
        ]
        rest.append((Button(_("Sign in"), id="sign-in", variant="primary"), "#login-actions"))
        if self.miclaro.demo_users:
            rest.append((Static(self._demo_text(), id="demo-users"), "#login-scroll"))
        try:
            for widget, parent in rest:
                await self.query_one(parent).mount(widget)
            await self.mount(Footer())
        except MountError:  # the app quit within its first frame
            return
        self.resume_remembered()

    # --- remember me -----------------------------------------------------------------

    @work(exclusive=True, group="sign-in")
    async def resume_remembered(self) -> None:
        from miclaro_tui.api import BillingError  # after the first paint

        try:
            api = await self.miclaro.get_api()
        except RuntimeError as error:
            self.say(_("Cannot start: {reason}").format(reason=error), "error")
            return
        store = self.miclaro.credentials
        if store is None:
            return
        remembered = await store.load()
        if remembered is None:
            return
        username, token = remembered
        self.query_one("#username", Input).value = username
        self.query_one("#remember", Checkbox).value = True
        self.say(_("Signing in as {user}…").format(user=username))
        self._set_busy(True)
        self.miclaro.remember_session(api)
        try:
            await api.resume(token)
            await self._enter(api)
        except BillingError as error:
            api.on_tokens = None
            await store.delete(username)
            self.say(error.user_message + " " + _("Please sign in again."), "error")
        finally:
            self._set_busy(False)

    # --- sign in ---------------------------------------------------------------------

    def action_next_field(self) -> None:
        if self.focused is not self.query_one("#username"):
            raise SkipAction()  # Enter elsewhere: the password signs in, a button presses
        self.set_focus(self.query_one("#password", Input))  # now, not after a refresh

    def action_guest_top_up(self) -> None:
        from miclaro_tui.screens.topup_guest import GuestTopupScreen  # not on the first paint

        self.app.push_screen(GuestTopupScreen(self.miclaro.settings.country))

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#sign-in")
    def action_sign_in(self) -> None:
        if self._busy:
            return
        from pydantic import SecretStr

        username = self.query_one("#username", Input).value.strip()
        # Wrapped at once: a crash screen prints frame locals, and must print "**********".
        password = SecretStr(self.query_one("#password", Input).value)
        if not username:
            self.say(_("Enter your user, line number or document."), "error")
            self.query_one("#username", Input).focus()
            return
        if not password.get_secret_value():
            self.say(_("Enter your password."), "error")
            self.query_one("#password", Input).focus()
            return
        self.sign_in(username, password, self.query_one("#remember", Checkbox).value)

    @work(exclusive=True, group="sign-in")
    async def sign_in(self, username: str, password: SecretStr, remember: bool) -> None:
        from miclaro_tui.api import (  # after the first paint
            AuthenticationError,
            BillingError,
            ValidationError,
        )

        self._set_busy(True)
        self.say(_("Signing in…"))
        try:
            api = await self.miclaro.get_api()
            if remember:
                self.miclaro.remember_session(api)
            else:
                api.on_tokens = None
            await api.sign_in(username, password)
            await self._enter(api)
        except RuntimeError as error:
            self.say(_("Cannot start: {reason}").format(reason=error), "error")
        except ValidationError as error:  # the request's own checks (control characters)
            known = error.field in ("username", "password")
            self.say(
                _(
                    "The user or the password holds characters that are not allowed. "
                    "Type them again."
                )
                if known
                else error.user_message,
                "error",
            )
        except BillingError as error:
            hint = _("Press Enter to try again.") if error.retryable else ""
            self.say(f"{error.user_message} {hint}".strip(), "error")
            password_field = self.query_one("#password", Input)
            if isinstance(error, AuthenticationError):
                password_field.clear()  # a wrong password: the next one is typed afresh
            password_field.focus()
        finally:
            self._set_busy(False)

    async def _enter(self, api) -> None:
        accounts = await api.list_billing_accounts()
        if not accounts:
            self.say(_("This user has no accounts."), "error")
            return
        self.miclaro.signed_in(accounts)

    # --- helpers ---------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.query_one("#sign-in", Button).disabled = busy
