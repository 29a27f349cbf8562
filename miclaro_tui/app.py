"""MiClaroApp: the screens, the global keys, the command palette and the API's lifecycle."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette, SimpleProvider
from textual.reactive import var
from textual.screen import Screen

from miclaro_tui.app_payments import PaymentsApp
from miclaro_tui.clock import Clock
from miclaro_tui.config import Settings
from miclaro_tui.i18n import N_, _
from miclaro_tui.screens.login import LoginScreen
from miclaro_tui.widgets.focus_keys import FOCUS_KEYS

if TYPE_CHECKING:
    from pydantic import SecretStr
    from textual.theme import Theme
    from typing_extensions import TypeIs

    from miclaro_tui.api import BillingApi
    from miclaro_tui.credentials import CredentialStore
    from miclaro_tui.models import BillingAccount
    from miclaro_tui.resend import Unconfirmed
    from miclaro_tui.screens.shell import DemoUser
    from miclaro_tui.state import AccountState

ApiFactory = Callable[[], "BillingApi"]
CredentialsFactory = Callable[[str], "CredentialStore"]


def default_credentials(host: str) -> CredentialStore:
    from miclaro_tui.credentials import CredentialStore

    return CredentialStore(host)


class MiClaroApp(PaymentsApp):
    TITLE = "Mi Claro"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("f1", "help", N_("Help"), id="help"),
        Binding("ctrl+q", "quit", N_("Quit"), id="quit", priority=True),
        *FOCUS_KEYS,
    ]

    def __init__(
        self,
        api: BillingApi | ApiFactory,
        settings: Settings | None = None,
        clock: Clock | None = None,
        credentials: CredentialsFactory | None = default_credentials,
        demo_users: Sequence[DemoUser] = (),
    ) -> None:
        super().__init__()
        self.demo_users = demo_users
        """The sandbox's demo customers, shown under the login form (the entry point passes
        them when it runs the sandbox: the screens never import the sandbox)."""
        self.settings = settings or Settings()
        self.clock = clock or Clock(self.settings.today)
        self._api_source = api
        self._api: BillingApi | None = None
        self._api_ready = asyncio.Event()
        self._api_error: Exception | None = None
        self._credentials_factory = credentials
        self.credentials: CredentialStore | None = None
        self._keyring_warned = False
        self.account_state: AccountState | None = None
        """The signed-in customer's accounts and figures; screens watch ``account_version``."""
        self._unconfirmed: Unconfirmed | None = None
        self.sub_title = _("Self-service")

    # --- the API, built after the first paint ------------------------------------------

    def on_mount(self) -> None:
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        self._use_themes()
        self.push_screen(self.first_screen())
        if _is_api(self._api_source):
            self._set_api(self._api_source)

    def first_screen(self) -> Screen[Any]:
        """The screen the app opens on: the login form. (Snapshot tests that start signed in
        open on a blank one, which ``signed_in`` then replaces with Home.)"""
        return LoginScreen()

    def on_ready(self) -> None:
        # The first frame is drawn: the collector, held off during start-up by the entry point,
        # is back on, with what start-up built out of its reach (see ``_build_api``).
        gc.freeze()
        gc.enable()
        # Importing httpx and FastAPI in a thread still holds the GIL, so starting earlier
        # would delay the first paint.
        if not _is_api(self._api_source):
            self.run_worker(self._build_api, thread=True, name="build-api", exit_on_error=False)

    def _build_api(self) -> None:
        try:
            api = self._api_source if _is_api(self._api_source) else self._api_source()
        except Exception as error:  # shown on the login screen, never a traceback
            self.call_from_thread(self._api_failed, error)
        else:
            self.call_from_thread(self._set_api, api)
        _load_formats(self.settings.country)
        # What start-up loaded (httpx, FastAPI, pydantic's schemas...) lives as long as the
        # app: keep it out of the collector's full passes, which cost ~60 ms each over it.
        gc.freeze()

    def _set_api(self, api: BillingApi) -> None:
        self._api = api
        if self._credentials_factory is not None:
            self.credentials = self._credentials_factory(api.host)
        self._api_ready.set()

    def _api_failed(self, error: Exception) -> None:
        self._api_error = error
        self._api_ready.set()

    async def get_api(self) -> BillingApi:
        """The API, waiting for it to be built if the app has just started."""
        await self._api_ready.wait()
        if self._api is None:
            raise RuntimeError(str(self._api_error))
        return self._api

    @property
    def api(self) -> BillingApi | None:
        return self._api

    async def on_unmount(self) -> None:
        if self._api is not None:
            await self._api.aclose()

    # --- navigation ------------------------------------------------------------------

    def signed_in(self, accounts: Sequence[BillingAccount]) -> None:
        """``accounts``: the first page of the customer's accounts (a Page knows the total)."""
        from miclaro_tui.state import AccountState

        assert self._api is not None
        state = AccountState(self._api, self.clock, self.settings.data_dir, self._api.username)
        state.subscribe(self._account_state_changed)
        state.start(accounts, getattr(accounts, "total", None))
        self.account_state = state
        self._unconfirmed = self.unconfirmed.for_customer(self._api.username)
        self.switch_screen(self.home_screen())
        self.refresh_account_state()
        self.reconcile_journal()

    def home_screen(self) -> Screen[Any]:
        """The screen a signed-in customer lands on: Home. (Snapshot tests of a full screen
        land on a blank one, which the screen they show then covers.)"""
        from miclaro_tui.screens.home import HomeScreen

        return HomeScreen()

    def remember_session(self, api: BillingApi) -> None:
        """Keep the session's refresh token in the keyring from now on: refresh tokens rotate,
        so every new one replaces the stored one."""
        store = self.credentials
        if store is None:
            return

        async def save(username: str, token: SecretStr) -> None:
            await store.save(username, token)
            if store.unavailable_reason and not self._keyring_warned:
                self._keyring_warned = True
                self.notify(store.unavailable_reason, title=_("Remember me"), severity="warning")

        def store_token(username: str, token: SecretStr) -> None:
            self.run_worker(save(username, token), group="keyring", exit_on_error=False)

        api.on_tokens = store_token

    async def sign_out(self) -> None:
        api = self._api
        username = api.username if api else None
        if api is not None:
            api.on_tokens = None
            await api.sign_out()
        if self.credentials is not None and username:
            await self.credentials.delete(username)
        self.account_state = None
        self._unconfirmed = None
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(LoginScreen(message=_("You have signed out.")))

    @property
    def unconfirmed(self) -> Unconfirmed:
        """The transfers and advances of this sign-in whose answer was lost, kept until their
        answer comes or the customer signs out (leaving their screen keeps them)."""
        if self._unconfirmed is None:
            from miclaro_tui.resend import Unconfirmed

            self._unconfirmed = Unconfirmed()
        return self._unconfirmed

    # --- the account state every screen reads ---------------------------------------------

    account_version: var[int] = var(0)
    """Bumped on every change of ``account_state``: screens ``watch`` it to repaint."""

    def _account_state_changed(self) -> None:
        self.account_version += 1

    @property
    def account(self) -> BillingAccount | None:
        """The selected account, as last fetched."""
        state = self.account_state
        return state.account if state is not None else None

    @account.setter
    def account(self, account: BillingAccount) -> None:
        if self.account_state is not None:
            self.account_state.replace_account(account)

    @property
    def accounts(self) -> list[BillingAccount]:
        """The customer's accounts fetched so far (they page: see ``account_state``)."""
        state = self.account_state
        return state.accounts if state is not None else []

    def refresh_account_state(self) -> None:
        """Fetch the selected account's figures again, in the background."""
        if self.account_state is not None:
            self._in_state_worker(self.account_state.refresh())

    def money_moved(self) -> None:
        """Call after any payment, promise or report: the figures refresh in the background
        and every screen showing them repaints."""
        if self.account_state is not None:
            self._in_state_worker(self.account_state.money_moved())

    def next_account(self) -> None:
        """Select the customer's next account (fresh figures; offline, the last known)."""
        if self.account_state is not None:
            self._in_state_worker(self.account_state.select_next())

    def _in_state_worker(self, step: Awaitable[None]) -> None:
        # Not exclusive: the state queues its refreshes; cancelling one would lose a switch.
        self.run_worker(step, group="account-state", exit_on_error=False)

    def action_help(self) -> None:
        from miclaro_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # --- command palette, language and theme (miclaro_tui/commands.py) -------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from miclaro_tui.commands import system_commands

        return system_commands(self, screen)

    def action_command_palette(self) -> None:
        from miclaro_tui.commands import Palette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(Palette(id="--command-palette"))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        from miclaro_tui.commands import Palette

        self.push_screen(Palette([ThemeProvider], placeholder=_("Search for themes…")))

    def action_change_language(self) -> None:
        from miclaro_tui.commands import Palette, language_commands

        self.push_screen(
            Palette(
                [SimpleProvider(self.screen, language_commands(self))],
                placeholder=_("Search for a language…"),
            )
        )

    def change_language(self, language: str) -> None:
        """Show every screen in ``language`` from now on, and keep it in config.toml. The
        screens are built anew (Home, or the login form when nobody is signed in)."""
        from miclaro_tui.config import save_setting
        from miclaro_tui.i18n import set_language

        set_language(language)
        self.settings = replace(self.settings, locale=language)
        self._save(save_setting, "locale", language)
        self.sub_title = _("Self-service")
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if self.account_state is not None:
            self.switch_screen(self.home_screen())
        else:
            self.switch_screen(LoginScreen())

    def switch_account(self) -> None:
        """Home, showing the customer's next account (the palette's "Next account")."""
        from miclaro_tui.screens.home import HomeScreen

        while len(self.screen_stack) > 2:
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            self.switch_screen(HomeScreen())
        self.next_account()

    def _use_themes(self) -> None:
        """Our themes beside Textual's, the one config.toml names, and every change of theme
        written back there."""
        from miclaro_tui.themes import THEMES

        for theme in THEMES:
            self.register_theme(theme)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        from miclaro_tui.config import save_setting

        if theme.name != self.settings.theme:
            self.settings = replace(self.settings, theme=theme.name)
            self._save(save_setting, "theme", theme.name)

    def _save(self, save: Callable[[str, str], None], name: str, value: str) -> None:
        try:
            save(name, value)
        except (OSError, ValueError) as error:
            self.notify(
                _("Could not keep this setting for next time: {reason}").format(reason=error),
                severity="warning",
            )


def _load_formats(country_code: str) -> None:
    """Load the locale data Home formats amounts and dates with, while the login form waits
    for the user (the first use costs about 20 ms on the way to Home)."""
    from datetime import date
    from decimal import Decimal

    from miclaro_tui.countries import country, display_locale
    from miclaro_tui.i18n import current_language
    from miclaro_tui.models import Money
    from miclaro_tui.money import format_date, format_money

    profile = country(country_code)
    locale = display_locale(current_language(), country_code)
    format_money(Money(unit=profile.currency, value=Decimal(1)), locale)
    format_date(date(2026, 1, 1), locale)


def _is_api(candidate: BillingApi | ApiFactory) -> TypeIs[BillingApi]:
    return hasattr(candidate, "list_bills")
