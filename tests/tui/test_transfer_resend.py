"""A transfer whose answer was lost (the server made it) is sent again with Send: the same
request under the same Idempotency-Key, so the sandbox answers with the transfer it made and
the balance moves once; after an edit of the form, Send is a new transfer with a new key. The
transfer is kept for the sign-in: leaving the screen and coming back shows it in the form and
Send still checks it under its key; signing out forgets it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from textual.widgets import Input, Select, Static

from miclaro_tui import i18n
from miclaro_tui.screens.home import HomeScreen
from miclaro_tui.screens.login import LoginScreen
from miclaro_tui.screens.prepaid_confirm import ConfirmDialog
from miclaro_tui.screens.transfer import TransferScreen
from tests.tui.conftest import sign_in_through_api, until_no_work, until_screen, wait_until
from tests.tui.prepaid_support import balance_actions, money_left, said
from tests.tui.resend_support import losing_client


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")


async def open_transfer(pilot) -> TransferScreen:
    await sign_in_through_api(pilot, "andres", "andres2026")
    await pilot.press("g")
    return await until_screen(pilot, TransferScreen)


async def send_two(pilot, screen: TransferScreen, pack: str | None = None, amount="2") -> None:
    """On the transfer screen: 2,00 (or ``amount``, or the gift of ``pack``) to another line
    of the carrier, confirmed."""
    screen.query_one("#receiver", Input).value = "098 765 4321"
    if pack is None:
        screen.query_one("#transfer-amount", Input).value = amount
    else:
        screen.query_one("#what", Select).value = pack
    await until_no_work(pilot)
    await pilot.press("ctrl+s")
    await until_screen(pilot, ConfirmDialog, but="send")
    await pilot.press("y")
    await wait_until(pilot, lambda: pilot.app.screen is screen, what="the transfer screen")
    await until_no_work(pilot)


async def test_send_again_after_a_lost_answer_gets_the_transfer_made(make_app, sandbox_db):
    api, transport = losing_client(sandbox_db, "/transferBalance", lose=2)  # both attempts
    app = make_app(api=api)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await open_transfer(pilot)
        before = await money_left(app)
        await send_two(pilot, screen)
        assert screen.done is None
        assert "Press Send again to check: it will not be sent twice." in said(screen)
        assert (
            await balance_actions(app, "transferOut") == 1
        )  # the server made it; the screen could not know
        made_key = transport.keys[0]

        await pilot.press("ctrl+s")  # no check, no question: the same request again
        await wait_until(pilot, lambda: screen.done is not None, what="the transfer")
        await until_no_work(pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert transport.keys == [made_key] * 3
        assert "Receipt" in said(screen)
        assert screen.done.totalDebited.value == Decimal("2.10")
        assert await balance_actions(app, "transferOut") == 1
        assert await money_left(app) == before - Decimal("2.10")  # moved once


async def test_an_edit_after_a_lost_answer_makes_a_new_request(make_app, sandbox_db):
    api, transport = losing_client(sandbox_db, "/transferBalance", lose=2)
    app = make_app(api=api)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await open_transfer(pilot)
        await send_two(pilot, screen)
        assert screen.resend.waiting
        screen.query_one("#transfer-amount", Input).value = "3"
        await until_no_work(pilot)
        assert not screen.resend.waiting
        assert "Send now makes a new one" in said(screen)

        await pilot.press("ctrl+s")  # a new transfer: checked and asked again
        await until_screen(pilot, ConfirmDialog, but="send")
        await pilot.press("y")
        await wait_until(pilot, lambda: screen.done is not None, what="the second transfer")
        await until_no_work(pilot)
        assert len(set(transport.keys)) == 2 and transport.keys[-1] != transport.keys[0]
        assert screen.done.amount is not None and screen.done.amount.value == Decimal(3)
        assert await balance_actions(app, "transferOut") == 2


async def reopen(pilot, screen: TransferScreen) -> TransferScreen:
    """Escape to Home, then ``g`` again: a new transfer screen, loaded."""
    await pilot.press("escape")
    await until_screen(pilot, HomeScreen)
    await pilot.press("g")
    again = await until_screen(pilot, TransferScreen)
    assert again is not screen
    return again


@pytest.mark.parametrize(
    ("pack", "kind", "debited", "amount_shown"),
    [(None, "transferOut", "5.10", "5"), ("EC-P7D", "packGift", "3.10", "")],
    ids=["money", "pack"],
)
async def test_the_transfer_is_still_checked_after_leaving_the_screen(
    make_app, sandbox_db, pack, kind, debited, amount_shown
):
    """(USD 5.10 of andres's 7.50 leaves too little to send it again: the form does not say
    it cannot be sent, as the balance may already be without it.)"""
    api, transport = losing_client(sandbox_db, "/transferBalance", lose=2)
    app = make_app(api=api)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await open_transfer(pilot)
        before = await money_left(app)
        await send_two(pilot, screen, pack, amount_shown)
        assert "Press Send again to check" in said(screen)
        made_key = transport.keys[0]

        screen = await reopen(pilot, screen)
        # The form shows the transfer as it was sent, and says what Send does.
        assert screen.query_one("#receiver", Input).value == "098 765 4321"
        assert screen.query_one("#what", Select).value == (pack or "money")
        amount = screen.query_one("#transfer-amount", Input)
        assert amount.value == amount_shown and amount.display == (pack is None)
        assert "Your last transfer could not be confirmed" in said(screen)
        assert "Changing the form makes a new transfer instead." in said(screen)
        assert screen.resend.waiting  # filling the form was no edit
        quote = str(screen.query_one("#quote", Static).render())
        assert "Total debited" in quote and "cannot be sent" not in quote

        await pilot.press("ctrl+s")  # no check, no question: the same request again
        await wait_until(pilot, lambda: screen.done is not None, what="the transfer")
        await until_no_work(pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert transport.keys == [made_key] * 3
        assert "Receipt" in said(screen)
        assert screen.done.totalDebited.value == Decimal(debited)
        assert await balance_actions(app, kind) == 1
        assert await money_left(app) == before - Decimal(debited)  # moved once
        assert not app.unconfirmed.transfer(screen.done.product.id).waiting

        screen = await reopen(pilot, screen)  # answered: nothing to check any more
        assert screen.query_one("#receiver", Input).value == ""
        assert "could not be confirmed" not in said(screen)


async def test_an_edit_after_coming_back_makes_a_new_request(make_app, sandbox_db):
    api, transport = losing_client(sandbox_db, "/transferBalance", lose=2)
    app = make_app(api=api)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await open_transfer(pilot)
        await send_two(pilot, screen)
        screen = await reopen(pilot, screen)
        screen.query_one("#transfer-amount", Input).value = "3"
        await until_no_work(pilot)
        assert not screen.resend.waiting
        assert "Send now makes a new one" in said(screen)

        await pilot.press("ctrl+s")
        await until_screen(pilot, ConfirmDialog, but="send")
        await pilot.press("y")
        await wait_until(pilot, lambda: screen.done is not None, what="the second transfer")
        await until_no_work(pilot)
        assert len(set(transport.keys)) == 2
        assert await balance_actions(app, "transferOut") == 2


async def test_signing_out_forgets_the_unconfirmed_transfer(make_app, sandbox_db):
    api, _transport = losing_client(sandbox_db, "/transferBalance", lose=2)
    app = make_app(api=api)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await open_transfer(pilot)
        await send_two(pilot, screen)
        assert screen.resend.waiting
        await pilot.press("escape")
        await until_screen(pilot, HomeScreen)
        await pilot.press("s")
        await until_screen(pilot, LoginScreen)

        await sign_in_through_api(pilot, "andres", "andres2026")
        await pilot.press("g")
        screen = await until_screen(pilot, TransferScreen)
        assert not screen.resend.waiting
        assert screen.query_one("#receiver", Input).value == ""
        assert "could not be confirmed" not in said(screen)
