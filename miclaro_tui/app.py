"""MiClaroApp: the screens, the global keys, the command palette and the API's lifecycle."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from miclaro_tui.clock import Clock
from miclaro_tui.config import Settings
from miclaro_tui.i18n import N_, _
from miclaro_tui.screens.base import translate_bindings
from miclaro_tui.screens.login import LoginScreen

if TYPE_CHECKING:
    from pydantic import SecretStr

    from miclaro_tui.api import BillingApi
    from miclaro_tui.credentials import CredentialStore
    from miclaro_tui.models import BillingAccount, Payment

ApiFactory = Callable[[], "BillingApi"]
CredentialsFactory = Callable[[str], "CredentialStore"]

# Textual's own key descriptions, so the catalogs carry them too.
TEXTUAL_STRINGS = (N_("Quit"), N_("palette"))


def default_credentials(host: str) -> CredentialStore:
    from miclaro_tui.credentials import CredentialStore

    return CredentialStore(host)


class MiClaroApp(App[None]):
    TITLE = "Mi Claro"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("f1", "help", N_("Help"), id="help"),
        Binding("ctrl+q", "quit", N_("Quit"), id="quit", priority=True),
    ]

    def __init__(
        self,
        api: BillingApi | ApiFactory,
        settings: Settings | None = None,
        clock: Clock | None = None,
        credentials: CredentialsFactory | None = default_credentials,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.settings = settings or Settings()
        self.clock = clock or Clock(self.settings.today)
        self._api_source = api
        self._api: BillingApi | None = None
        self._api_ready = asyncio.Event()
        self._api_error: Exception | None = None
        self._credentials_factory = credentials
        self.credentials: CredentialStore | None = None
        self._keyring_warned = False
        self.accounts: list[BillingAccount] = []
        self.account: BillingAccount | None = None
        """The account on screen: the first of ``accounts`` until the user switches."""
        self.journal_settled: list[Payment] = []
        """Payments an earlier run left unknown that the journal reconciliation settled."""
        self.sub_title = _("Self-service")

    # --- the API, built after the first paint ------------------------------------------

    def on_mount(self) -> None:
        self.push_screen(LoginScreen())
        if _is_api(self._api_source):
            self._set_api(self._api_source)  # type: ignore[arg-type]

    def on_ready(self) -> None:
        # After the first frame is on screen: importing httpx and FastAPI in a thread still
        # holds the GIL, so starting earlier would delay the first paint.
        if not _is_api(self._api_source):
            self.run_worker(self._build_api, thread=True, name="build-api", exit_on_error=False)

    def _build_api(self) -> None:
        try:
            api = self._api_source()  # type: ignore[operator]
        except Exception as error:  # shown on the login screen, never a traceback
            self.call_from_thread(self._api_failed, error)
        else:
            self.call_from_thread(self._set_api, api)

    def _set_api(self, api: BillingApi) -> None:
        self._api = api
        if self._credentials_factory is not None:
            self.credentials = self._credentials_factory(api.host)
        self._api_ready.set()

    def reconcile_journal(self) -> None:
        """Settle the payments a previous run left unknown (the journal in the data dir);
        run after every sign-in, since the journal's entries belong to a login."""
        self.run_worker(
            self._reconcile_journal(), group="journal", exclusive=True, exit_on_error=False
        )

    async def _reconcile_journal(self) -> None:
        from miclaro_tui.api import BillingError

        api = self._api
        if api is None or api.username is None:
            return  # the journal is per login: settled right after signing in
        try:
            settled = await api.reconcile_journal()
        except BillingError:
            return  # tried again after the next sign-in
        self.journal_settled = list(settled)
        for payment in settled:
            self.notify(_payment_notice(payment), title=_("Earlier payment confirmed"),
                        timeout=15)

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

    def signed_in(self, accounts: list[BillingAccount]) -> None:
        from miclaro_tui.screens.home import HomeScreen

        self.accounts = list(accounts)
        self.account = self.accounts[0]
        self.switch_screen(HomeScreen())
        self.reconcile_journal()

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
        self.account = None
        self.accounts = []
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(LoginScreen(message=_("You have signed out.")))

    def action_help(self) -> None:
        from miclaro_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # --- command palette: every key binding of the screen is a command too ------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            # Bindings kept out of a crowded footer (show=False) are still commands here.
            if not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                binding.description,
                _("Key: {key}").format(key=self.get_key_display(binding)),
                _runner(self, binding.action, active.node),
            )
        yield SystemCommand(_("Theme"), _("Change the colours"), self.action_change_theme)


def _runner(app: App[Any], action: str, node: Any) -> Callable[[], Any]:
    async def run() -> None:
        await app.run_action(action, node)

    return run


def _payment_notice(payment: Payment) -> str:
    from miclaro_tui.countries import COUNTRIES
    from miclaro_tui.money import format_money
    from miclaro_tui.widgets.payment_status import payment_status_word

    locale = next(
        (c.locale for c in COUNTRIES.values() if c.currency == payment.amount.unit), "es_CO"
    )
    return _("Payment {key} of {amount}: {status}.").format(
        key=payment.receiptNo or payment.id,
        amount=format_money(payment.amount, locale),
        status=payment_status_word(payment.status),
    )


def _is_api(candidate: object) -> bool:
    return hasattr(candidate, "list_bills")
