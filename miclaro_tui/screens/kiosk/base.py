"""What the kiosk screens need of the kiosk app (a protocol: the screens never import the
app), and the base of every kiosk screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, cast

from textual.screen import Screen

from miclaro_tui.screens.base import BaseScreen

if TYPE_CHECKING:
    from miclaro_tui.flows.payment import FlowState, PaymentFlow, PaymentOrder
    from miclaro_tui.kiosk.receipt import Receipt
    from miclaro_tui.kiosk.session import TillSession
    from miclaro_tui.models import Money, ShiftReport
    from miclaro_tui.screens.shell import AppShell


class KioskShell(Protocol):
    till: TillSession | None
    locked: bool

    def record(
        self, action: str, object: str | None = None, outcome: str = "ok", **details: Any
    ) -> None:
        """Write one line of the audit log for the signed-in operator."""

    def start_till(self, till: TillSession) -> None: ...

    async def settle_journal(self) -> list[FlowState]:
        """Settle the payments an earlier run left unsettled, before taking the next."""
        ...

    def shift_opened(self) -> None: ...

    async def end_till(self, message: str = "") -> None: ...

    def print_text(self, text: str, what: str) -> None: ...

    def take_cash(
        self,
        order: PaymentOrder,
        cash: Money,
        customer: str,
        item_kind: str,
        item: str,
        on_state: Callable[[FlowState], None],
    ) -> PaymentFlow: ...

    def print_receipt(self, receipt: Receipt, *, copy: bool = False) -> None: ...

    def print_report(self, report: ShiftReport) -> None: ...

    def save_pdf(self, fetch: Callable[[Any], Any], filename: str) -> None: ...

    def unlock(self) -> None: ...

    def lock(self, reason: str) -> None: ...

    def touch(self) -> None: ...


def kiosk_of(screen: Screen[Any]) -> KioskShell:
    return cast("KioskShell", screen.app)


class KioskScreen(BaseScreen):
    """A kiosk screen: amounts and dates as the till's country writes them."""

    @property
    def kiosk(self) -> KioskShell:
        return kiosk_of(self)

    @property
    def shell(self) -> AppShell:
        return self.miclaro

    @property
    def country_code(self) -> str:
        till = self.kiosk.till
        return till.country if till is not None else self.miclaro.settings.country
