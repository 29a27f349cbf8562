"""The PSE follow-up screen once the bank has answered: the address to authorise at is gone
(the server no longer gives one), not left as "Authorise the payment at your bank: —"."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select

from miclaro_tui import i18n
from miclaro_tui.app import MiClaroApp
from miclaro_tui.screens.payment_pse import PseStatusScreen
from tests.tui.conftest import until_no_work, until_screen, wait_until
from tests.tui.screen_registry import payment
from tests.tui.screen_text import screen_lines


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def fast_polls(monkeypatch):
    monkeypatch.setattr(MiClaroApp, "PAYMENT_POLL_PAUSE", 0.01)


def shown(app) -> str:
    return "\n".join(screen_lines(app))


async def pse_until_final(pilot, document: str) -> PseStatusScreen:
    screen = await payment(pilot)
    screen.query_one("#method", Select).value = "pse"
    await until_no_work(pilot)  # the banks are loaded
    screen.query_one("#pse-bank", Select).value = "1007"
    screen.query_one("#pse-doc-number", Input).value = document
    screen.action_pay()
    status = await until_screen(pilot, PseStatusScreen, but="payments")
    await wait_until(pilot, lambda: status.flow.state.payment.is_final, what="the bank's answer")
    await until_no_work(pilot)
    return status


@pytest.mark.parametrize(
    ("document", "status_word", "said"),
    [
        ("1020304050", "Paid", "Your bank authorised the payment"),
        ("1020304059", "Declined", "Your bank did not authorise the payment"),
    ],
)
async def test_the_bank_address_goes_once_the_bank_has_answered(
    make_app, document, status_word, said
):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pse_until_final(pilot, document)
        await wait_until(pilot, lambda: said in shown(app), what=f"{said!r} on screen")
        text = shown(app)
        assert status_word in text
        assert "Authorise the payment at your bank" not in text
        assert "pse.sandbox.invalid" not in text


async def test_the_bank_address_goes_when_the_payment_is_cancelled(make_app, monkeypatch):
    monkeypatch.setattr(MiClaroApp, "PAYMENT_POLL_PAUSE", 30)  # no check answers meanwhile
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await payment(pilot)
        screen.query_one("#method", Select).value = "pse"
        await until_no_work(pilot)
        screen.query_one("#pse-bank", Select).value = "1007"
        screen.query_one("#pse-doc-number", Input).value = "1020304050"
        screen.action_pay()
        status = await until_screen(pilot, PseStatusScreen, but="payments")
        await wait_until(pilot, lambda: "pse.sandbox.invalid" in shown(app))
        await pilot.press("x")
        await wait_until(pilot, lambda: status.flow.state.payment.is_final, what="the cancellation")
        await wait_until(pilot, lambda: "You cancelled the payment" in shown(app))
        text = shown(app)
        assert "Cancelled" in text
        assert "Authorise the payment at your bank" not in text
