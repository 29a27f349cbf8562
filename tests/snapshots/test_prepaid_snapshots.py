"""Every prepaid screen at 80x24 and 120x40, and the postpaid spending chart: composed
straight onto a signed-in account (andres, Ecuador; rosa, Dominican Republic; camila for the
spending of a postpaid account), the waits on conditions. The charts draw the seed's fixed
usage and bills under the frozen clock, so the pictures are stable."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select

from miclaro_tui.app import MiClaroApp
from miclaro_tui.flows.payment import Phase
from miclaro_tui.screens.advance import AdvanceScreen
from miclaro_tui.screens.balance_history import BalanceHistoryScreen
from miclaro_tui.screens.prepaid_balance import PrepaidBalanceScreen
from miclaro_tui.screens.prepaid_confirm import ConfirmDialog
from miclaro_tui.screens.spending import SpendingScreen
from miclaro_tui.screens.topup import TopupScreen
from miclaro_tui.screens.topup_guest import GuestTopupScreen
from miclaro_tui.screens.transfer import TransferScreen
from tests.snapshots.conftest import signed_in
from tests.tui.conftest import (
    open_screen,
    until_no_work,
    until_screen,
    wait_until,
)
from tests.tui.test_pay import APPROVED

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def andres(pilot) -> None:
    """Signed in as andres, for a screen to open where Home would be."""
    await signed_in(pilot, "andres", home=False)


async def rosa(pilot) -> None:
    await signed_in(pilot, "rosa", home=False)


async def home(pilot) -> None:
    """Home of a prepaid account: its balance and the prepaid keys in the footer."""
    await signed_in(pilot, "andres")


async def spending(pilot) -> None:
    await signed_in(pilot, home=False)
    await open_screen(pilot, SpendingScreen())


async def balance(pilot) -> None:
    await andres(pilot)
    await open_screen(pilot, PrepaidBalanceScreen())


async def balance_minutes(pilot) -> None:
    """u: the chart shows the minutes used."""
    screen = await open_screen_after(pilot, andres, PrepaidBalanceScreen())
    screen.action_next_series()
    await until_no_work(pilot)


async def open_screen_after(pilot, sign_in, screen):
    await sign_in(pilot)
    return await open_screen(pilot, screen)


async def topup_form(pilot) -> None:
    await open_screen_after(pilot, andres, TopupScreen())


async def topup_other_country(pilot) -> None:
    """A number of Colombia typed on an Ecuadorian account: named before anything is sent."""
    screen = await open_screen_after(pilot, andres, TopupScreen())
    screen.query_one("#topup-number", Input).value = "+57 320 987 6543"
    await type_card(pilot)
    screen.action_pay()
    await until_no_work(pilot)


async def topup_done(pilot) -> None:
    screen = await open_screen_after(pilot, andres, TopupScreen())
    screen.query_one("#topup-preset", Select).value = "5"
    await type_card(pilot)
    screen.action_pay()
    await wait_until(pilot, lambda: screen.state.phase == Phase.APPROVED, what="the approval")
    await wait_until(pilot, lambda: screen.new_balance is not None, what="the new balance")
    await until_no_work(pilot)


async def guest_form(pilot) -> None:
    """ctrl+t on the login screen: the guest top-up, Colombia (card or PSE)."""
    from miclaro_tui.screens.login import LoginScreen

    await until_screen(pilot, LoginScreen)
    pilot.app.screen.action_guest_top_up()
    await until_screen(pilot, GuestTopupScreen)


async def transfer_above_balance(pilot) -> None:
    screen = await open_screen_after(pilot, andres, TransferScreen())
    screen.query_one("#receiver", Input).value = "098 765 4321"
    screen.query_one("#transfer-amount", Input).value = "9,50"
    await until_no_work(pilot)
    screen.action_send()
    await until_no_work(pilot)


async def transfer_confirm(pilot) -> None:
    screen = await open_screen_after(pilot, andres, TransferScreen())
    screen.query_one("#receiver", Input).value = "098 765 4321"
    screen.query_one("#what", Select).value = "EC-P7D"
    await until_no_work(pilot)
    screen.action_send()
    await until_screen(pilot, ConfirmDialog, but="send")


async def advance_offer(pilot) -> None:
    await open_screen_after(pilot, andres, AdvanceScreen())


async def advance_not_eligible(pilot) -> None:
    await open_screen_after(pilot, rosa, AdvanceScreen())


async def history(pilot) -> None:
    await open_screen_after(pilot, andres, BalanceHistoryScreen())


async def type_card(pilot) -> None:
    screen = pilot.app.screen
    screen.query_one("#card-holder", Input).value = "Andres Vera"
    card_number = screen.query_one("#card-number", Input)
    card_number.focus()
    await wait_until(pilot, lambda: card_number.has_focus, what="the card number's focus")
    card_number.value = APPROVED
    screen.query_one("#card-expiry", Input).value = "12/28"
    screen.query_one("#card-cvv", Input).value = "123"
    screen.query_one("#card-expiry", Input).focus()
    await wait_until(pilot, lambda: card_number.value.startswith("•"), what="the masked number")
    await until_no_work(pilot)


JOURNEYS = [
    home,
    spending,
    balance,
    balance_minutes,
    topup_form,
    topup_other_country,
    topup_done,
    guest_form,
    transfer_above_balance,
    transfer_confirm,
    advance_offer,
    advance_not_eligible,
    history,
]


@pytest.fixture(autouse=True)
def fast_polls(monkeypatch):
    monkeypatch.setattr(MiClaroApp, "PAYMENT_POLL_PAUSE", 0.01)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda journey: journey.__name__)
def test_prepaid_screen(snap_compare, snapshot_app, journey, size):
    assert snap_compare(snapshot_app(), terminal_size=size, run_before=journey)
