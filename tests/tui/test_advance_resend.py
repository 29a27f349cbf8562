"""A balance advance whose answer was lost (the server made it) is asked again with y: the
same request under the same Idempotency-Key, without asking again, so the sandbox answers
with the advance it made and the balance gets it once. It is kept for the sign-in: coming back
to the screen (where the offer is now closed, by that very advance) y still asks for it under
its key; signing out forgets it."""

from __future__ import annotations

import pytest

from miclaro_tui import i18n
from miclaro_tui.screens.advance import AdvanceScreen
from miclaro_tui.screens.home import HomeScreen
from miclaro_tui.screens.login import LoginScreen
from miclaro_tui.screens.prepaid_confirm import ConfirmDialog
from tests.tui.conftest import (
    open_screen,
    sign_in_through_api,
    until_no_work,
    until_screen,
    wait_until,
)
from tests.tui.prepaid_support import balance_actions, money_left, said
from tests.tui.resend_support import losing_client


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")


async def test_taking_it_again_after_a_lost_answer_gets_the_advance_made(make_app, sandbox_db):
    api, transport = losing_client(sandbox_db, "/balanceAdvance", lose=2)  # both attempts
    app = make_app(api=api)
    async with app.run_test(size=(100, 36)) as pilot:
        await sign_in_through_api(pilot, "andres", "andres2026")
        screen = await open_screen(pilot, AdvanceScreen())
        assert screen.offer is not None and screen.offer.amount is not None
        amount = screen.offer.amount.value
        before = await money_left(app)

        await pilot.press("y")
        await until_screen(pilot, ConfirmDialog, but="take")
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen, what="the advance screen")
        await until_no_work(pilot)
        assert screen.taken is None
        assert "Press y again to check: it will not be taken twice." in said(screen)
        assert (
            await balance_actions(app, "advance") == 1
        )  # the server made it; the screen could not know

        await pilot.press("y")  # no question again: the same request, the same key
        await wait_until(pilot, lambda: screen.taken is not None, what="the advance")
        await until_no_work(pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert len(transport.keys) == 3 and len(set(transport.keys)) == 1
        assert "added to your balance" in said(screen)
        assert await balance_actions(app, "advance") == 1
        assert await money_left(app) == before + amount  # once


async def take_and_lose(pilot) -> AdvanceScreen:
    """From Home, the advance offered taken and its answer lost."""
    await pilot.press("v")
    screen = await until_screen(pilot, AdvanceScreen)
    await pilot.press("y")
    await until_screen(pilot, ConfirmDialog, but="take")
    await pilot.press("y")
    await wait_until(pilot, lambda: pilot.app.screen is screen, what="the advance screen")
    await until_no_work(pilot)
    assert "Press y again to check" in said(screen)
    return screen


async def test_the_advance_is_still_checked_after_leaving_the_screen(make_app, sandbox_db):
    api, transport = losing_client(sandbox_db, "/balanceAdvance", lose=2)
    app = make_app(api=api)
    async with app.run_test(size=(100, 36)) as pilot:
        await sign_in_through_api(pilot, "andres", "andres2026")
        before = await money_left(app)
        screen = await take_and_lose(pilot)
        assert screen.offer is not None and screen.offer.amount is not None
        offered = screen.offer.amount
        made_key = transport.keys[0]

        await pilot.press("escape")
        await until_screen(pilot, HomeScreen)
        await pilot.press("v")
        screen = await until_screen(pilot, AdvanceScreen)
        assert screen.offer is not None and not screen.offer.eligible  # it was taken
        borrowed = screen.money(offered)
        assert (
            f"Your last advance of {borrowed} could not be confirmed. Press y to check: it "
            "will not be taken twice." in said(screen)
        )
        assert screen.check_action("take", ()) is True

        await pilot.press("y")  # no question: the same request, the same key
        await wait_until(pilot, lambda: screen.taken is not None, what="the advance")
        await until_no_work(pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert transport.keys == [made_key] * 3
        assert "added to your balance" in said(screen)
        assert await balance_actions(app, "advance") == 1
        assert screen.taken.amount == offered
        assert await money_left(app) == before + offered.value  # once


async def test_signing_out_forgets_the_unconfirmed_advance(make_app, sandbox_db):
    api, transport = losing_client(sandbox_db, "/balanceAdvance", lose=2)
    app = make_app(api=api)
    async with app.run_test(size=(100, 36)) as pilot:
        await sign_in_through_api(pilot, "andres", "andres2026")
        await take_and_lose(pilot)
        await pilot.press("escape")
        await until_screen(pilot, HomeScreen)
        await pilot.press("s")
        await until_screen(pilot, LoginScreen)

        await sign_in_through_api(pilot, "andres", "andres2026")
        await pilot.press("v")
        screen = await until_screen(pilot, AdvanceScreen)
        assert not screen.resend.waiting
        assert "could not be confirmed" not in said(screen)
        assert screen.check_action("take", ()) is False  # the offer is closed: nothing to take
        assert len(transport.keys) == 2
