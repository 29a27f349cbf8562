"""Top-ups through the screens, against the sandbox: your own line by card (the new balance
shown, the top-up in the history with its receipt PDF), a number of another country and a
postpaid number refused on screen before any payment, an advance repaid by the next top-up,
and a guest top-up by PSE from the login screen."""

from __future__ import annotations

from decimal import Decimal

import pytest
from textual.widgets import Input, Select

from miclaro_tui import i18n
from miclaro_tui.app import MiClaroApp
from miclaro_tui.flows.payment import Phase
from miclaro_tui.screens.advance import AdvanceScreen
from miclaro_tui.screens.balance_history import BalanceHistoryScreen
from miclaro_tui.screens.home import HomeScreen
from miclaro_tui.screens.login import LoginScreen
from miclaro_tui.screens.payment_pse import PseStatusScreen
from miclaro_tui.screens.prepaid_confirm import ConfirmDialog
from miclaro_tui.screens.topup import TopupScreen
from miclaro_tui.screens.topup_guest import GuestTopupScreen
from miclaro_tui.widgets.status_line import StatusLine
from tests.tui.conftest import sign_in_through_api, until_no_work, until_screen, wait_until
from tests.tui.test_pay import APPROVED

LINE = "LN87464397"  # andres's prepaid line (+593 99 123 4567)


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def fast_polls(monkeypatch):
    monkeypatch.setattr(MiClaroApp, "PAYMENT_POLL_PAUSE", 0.01)


def said(screen) -> str:
    return str(screen.query_one(StatusLine).content)


async def money_left(app) -> Decimal:
    buckets = await app.api.list_buckets(LINE)
    return next(b.remainingValue.amount for b in buckets if b.usageType == "monetary")


async def open_topup(pilot) -> TopupScreen:
    await sign_in_through_api(pilot, "andres", "andres2026")
    await pilot.press("t")
    return await until_screen(pilot, TopupScreen)


async def fill_card(pilot, number: str = APPROVED) -> None:
    screen = pilot.app.screen
    screen.query_one("#card-holder", Input).value = "Andres Vera"
    card_number = screen.query_one("#card-number", Input)
    card_number.focus()
    await wait_until(pilot, lambda: card_number.has_focus, what="the number's focus")
    card_number.value = number
    screen.query_one("#card-expiry", Input).value = "12/28"
    screen.query_one("#card-cvv", Input).value = "123"
    await until_no_work(pilot)


async def top_up(pilot, screen: TopupScreen, preset: str) -> None:
    screen.query_one("#topup-preset", Select).value = preset
    await fill_card(pilot)
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: screen.state.phase == Phase.APPROVED, what="the approval")
    await wait_until(pilot, lambda: screen.new_balance is not None, what="the new balance")
    await until_no_work(pilot)


async def test_own_line_by_card_shows_the_new_balance_and_a_receipt_in_the_history(
    make_app, settings
):
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await open_topup(pilot)
        assert screen.query_one("#topup-number", Input).value == "099 123 4567"
        before = await money_left(app)
        await top_up(pilot, screen, "5")
        assert screen.new_balance.value == before + 5 == await money_left(app)
        assert f"Your balance is now {screen.money(screen.new_balance)}." in said(screen)
        assert screen.query_one("#card-number", Input).value == ""  # wiped
        # Done: ctrl+s leaves the footer, and pressing it says why and pays nothing more.
        assert "pay" not in {b.binding.action for b in screen.active_bindings.values() if b.enabled}
        await pilot.press("ctrl+s")
        await until_no_work(pilot)
        assert "This top-up is already made (receipt" in said(screen)
        assert await money_left(app) == before + 5
        await pilot.press("escape")
        await until_screen(pilot, HomeScreen)
        await pilot.press("y")
        history = await until_screen(pilot, BalanceHistoryScreen)
        newest = history.actions[0]
        assert (newest.actionType, newest.amount.value) == ("topup", 5)
        assert newest.payment.id == screen.payment.id
        await pilot.press("d")
        await until_no_work(pilot)
        pdf = settings.download_dir / f"claro-receipt-{newest.receiptNo}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF")


async def test_a_number_of_another_country_is_refused_naming_it_and_nothing_is_paid(make_app):
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await open_topup(pilot)
        number = screen.query_one("#topup-number", Input)
        number.value = "+57 320 987 6543"
        await fill_card(pilot)
        await pilot.press("ctrl+s")
        await until_no_work(pilot)
        message = said(screen)
        assert "Number: it is a number of Colombia" in message and "Ecuador" in message
        assert "-invalid-field" in number.classes
        assert screen.flow is None  # no payment started
        assert screen.query_one("#card-number", Input).value != ""  # nothing typed is lost


async def test_a_carrier_postpaid_number_is_refused_by_the_server_check(make_app):
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await open_topup(pilot)
        screen.query_one("#topup-number", Input).value = "098 444 5566"
        await fill_card(pilot)
        await pilot.press("ctrl+s")
        await until_no_work(pilot)
        assert "not a Claro prepaid line" in said(screen)
        assert screen.flow is None


async def test_an_amount_out_of_the_limits_is_named_before_paying(make_app):
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await open_topup(pilot)
        screen.query_one("#topup-preset", Select).value = "other"
        await until_no_work(pilot)
        amount = screen.query_one("#topup-amount", Input)
        assert amount.display and amount.has_focus
        amount.value = "150"
        await fill_card(pilot)
        await pilot.press("ctrl+s")
        await until_no_work(pilot)
        assert "Amount: at most $100,00." in said(screen)
        assert screen.flow is None


async def test_an_advance_is_repaid_first_by_the_next_top_up(make_app):
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await sign_in_through_api(pilot, "andres", "andres2026")
        await pilot.press("v")
        advance = await until_screen(pilot, AdvanceScreen)
        offer = advance.offer
        assert offer.eligible and offer.amount.value == 2 and offer.fee.value == Decimal("0.2")
        before = await money_left(app)
        await pilot.press("y")
        dialog = await until_screen(pilot, ConfirmDialog, but="take")
        assert "Fee: $0,20" in str(dialog.query_one("#confirm-lines").content)
        await pilot.press("y")
        await wait_until(pilot, lambda: advance.taken is not None, what="the advance")
        await until_no_work(pilot)
        assert await money_left(app) == before + 2
        assert "$2,00 added to your balance" in said(advance)
        assert (await app.api.get_advance_offer(LINE)).reason == "advanceOpen"
        await pilot.press("escape")
        await until_screen(pilot, HomeScreen)
        await pilot.press("t")
        topup = await until_screen(pilot, TopupScreen)
        await top_up(pilot, topup, "5")
        assert "$2,20 of it repaid your balance advance." in said(topup)
        assert topup.new_balance.value == before + 2 + 5 - Decimal("2.2")
        await pilot.press("escape")
        await until_screen(pilot, HomeScreen)
        await pilot.press("y")
        history = await until_screen(pilot, BalanceHistoryScreen)
        kinds = [action.actionType for action in history.actions[:3]]
        assert set(kinds) == {"topup", "advanceRepayment", "advance"}
        assert (await app.api.get_advance_offer(LINE)).reason != "advanceOpen"


async def test_a_guest_tops_up_by_pse_from_the_login_screen_and_nothing_is_kept(
    make_app, memory_keyring, settings
):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await until_screen(pilot, LoginScreen)
        await pilot.press("ctrl+t")
        screen = await until_screen(pilot, GuestTopupScreen)
        assert screen.country_code == "CO"
        screen.query_one("#guest-name", Input).value = "Marta Gómez"
        screen.query_one("#guest-doc-number", Input).value = "52.345.678"
        screen.query_one("#topup-number", Input).value = "315 123 4567"
        await until_no_work(pilot)
        screen.query_one("#topup-preset", Select).value = "10000"
        screen.query_one("#method", Select).value = "pse"
        await until_no_work(pilot)  # the guest session opened, the banks listed
        screen.query_one("#pse-bank", Select).value = "1007"
        screen.query_one("#pse-doc-number", Input).value = "52345678"
        await pilot.press("ctrl+s")
        status = await until_screen(pilot, PseStatusScreen, but="payments")
        await wait_until(
            pilot, lambda: status.flow.state.phase == Phase.APPROVED, what="the bank's approval"
        )
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="back on the top-up")
        assert "Top-up done. Receipt" in said(screen)
        payment = screen.payment
        assert payment.amount.value == 10000 and payment.paymentItem[0].item.id == "+573151234567"
        await pilot.press("escape")
        await until_screen(pilot, LoginScreen)
        await until_no_work(pilot)
        assert app.api.username is None  # the guest session ended
        assert memory_keyring.secrets == {}
        stored = [p.read_bytes() for p in settings.data_dir.rglob("*") if p.is_file()]
        assert not any(b"Marta" in data or b"52345678" in data for data in stored)


async def test_a_line_with_no_advance_offered_shows_no_key_to_take_one(make_app):
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await sign_in_through_api(pilot, "rosa", "rosa2026")  # a young line: tooNew
        await pilot.press("v")
        advance = await until_screen(pilot, AdvanceScreen)
        await wait_until(pilot, lambda: advance.offer is not None, what="the offer")
        assert not advance.offer.eligible and advance.offer.reason == "tooNew"
        # The footer and the palette list the screen's active bindings: "take" is not one.
        shown = {active.binding.action for active in advance.active_bindings.values()}
        assert "take" not in shown and "back" in shown
        await pilot.press("y")  # nothing to take: nothing happens, nothing is sent
        await until_no_work(pilot)
        assert advance.taken is None and isinstance(app.screen, AdvanceScreen)
