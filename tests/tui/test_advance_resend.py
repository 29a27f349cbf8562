"""A balance advance whose answer was lost (the server made it) is asked again with y: the
same request under the same Idempotency-Key, without asking again, so the sandbox answers
with the advance it made and the balance gets it once."""

from __future__ import annotations

import pytest

from miclaro_tui import i18n
from miclaro_tui.screens.advance import AdvanceScreen
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
