"""What the screens need of the app, as a protocol: the screens sit below the app
(DESIGN.md section 1) and never import it; ``MiClaroApp`` is one implementation."""

from __future__ import annotations

from collections.abc import Coroutine, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from miclaro_tui.api import BillingApi
    from miclaro_tui.clock import Clock
    from miclaro_tui.config import Settings
    from miclaro_tui.credentials import CredentialStore
    from miclaro_tui.flows.payment import PaymentFlow
    from miclaro_tui.models import BillingAccount
    from miclaro_tui.resend import Unconfirmed
    from miclaro_tui.state import AccountState


class DemoUser(Protocol):
    """A sandbox demo customer shown under the login form."""

    @property
    def username(self) -> str: ...

    @property
    def password(self) -> str: ...

    @property
    def description(self) -> str: ...


class AppShell(Protocol):
    clock: Clock
    settings: Settings
    credentials: CredentialStore | None
    account_state: AccountState | None
    demo_users: Sequence[DemoUser]
    """Shown on the login screen (only on the sandbox: the entry point passes them)."""

    @property
    def account(self) -> BillingAccount | None: ...

    @property
    def unconfirmed(self) -> Unconfirmed:
        """Transfers and advances whose answer was lost, kept for the sign-in."""
        ...

    async def get_api(self) -> BillingApi: ...

    def signed_in(self, accounts: Sequence[BillingAccount]) -> None: ...

    def remember_session(self, api: BillingApi) -> None: ...

    async def sign_out(self) -> None: ...

    def refresh_account_state(self) -> None: ...

    def money_moved(self) -> None: ...

    def next_account(self) -> None: ...

    def new_payment_flow(self, *, bank_checks: int | None = None) -> PaymentFlow: ...

    def run_payment(self, flow: PaymentFlow, step: Coroutine[Any, Any, object]) -> None: ...

    def watch_payment(self, flow: PaymentFlow, *, earlier: bool = False) -> None: ...
