"""Every payment screen at 80x24 and at 120x40: the card form (number masked once typed),
the fields named when invalid, an approved payment, PSE and its follow-up, the references
to pay elsewhere (cash, PIX), the history, and the dialogs. No card number appears in any
SVG: ``test_no_card_number_in_snapshots`` checks the files."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select

from miclaro_tui.app import MiClaroApp
from miclaro_tui.screens.payment_pse import PseStatusScreen
from tests.tui.conftest import sign_in
from tests.tui.test_pay import APPROVED

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def at_bill(pilot, downs: int = 1, user: str = "camila", password: str = "camila2026"):
    await sign_in(pilot, user, password)
    await pilot.press("i")
    await settle(pilot)
    await pilot.press(*(["down"] * downs), "enter")
    await settle(pilot)


async def at_payment(pilot) -> None:
    await at_bill(pilot)
    await pilot.press("p")
    await settle(pilot)


async def type_card(pilot, number: str, cvv: str = "123", expiry: str = "12/28") -> None:
    screen = pilot.app.screen
    screen.query_one("#card-holder", Input).value = "Camila Rojas"
    screen.query_one("#card-number", Input).focus()
    await pilot.pause()
    screen.query_one("#card-number", Input).value = number
    screen.query_one("#card-expiry", Input).value = expiry
    screen.query_one("#card-cvv", Input).value = cvv
    screen.query_one("#card-expiry", Input).focus()  # the number is masked from here on
    await settle(pilot)


async def card_filled(pilot) -> None:
    await at_payment(pilot)
    await type_card(pilot, APPROVED)


async def card_invalid(pilot) -> None:
    await at_payment(pilot)
    pilot.app.screen.query_one("#amount", Input).value = "0"
    await type_card(pilot, "4111 1111 1111 1112", cvv="12", expiry="10/26")
    await pilot.press("ctrl+s")
    await settle(pilot)


async def card_approved(pilot) -> None:
    await at_payment(pilot)
    await type_card(pilot, APPROVED)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def pse_form(pilot) -> None:
    await at_payment(pilot)
    screen = pilot.app.screen
    screen.query_one("#method", Select).value = "pse"
    await settle(pilot)
    screen.query_one("#pse-bank", Select).value = "1007"
    screen.query_one("#pse-doc-number", Input).value = "1020304050"
    await settle(pilot)


async def pse_status(pilot) -> None:
    await pse_form(pilot)
    pilot.app.PAYMENT_POLL_PAUSE = 600  # shown as it starts: no check moves it on
    await pilot.press("ctrl+s")
    for _ in range(40):
        await pilot.pause(0.05)
        if isinstance(pilot.app.screen, PseStatusScreen):
            break
    await pilot.pause()


async def connection_lost(pilot) -> None:
    """The server stopped answering under a pending payment (drawn from the flow's state)."""
    from miclaro_tui.api import ApiConnectionError
    from miclaro_tui.flows.payment import FlowState, Phase
    from miclaro_tui.widgets.card_form import CardForm

    await card_filled(pilot)
    screen = pilot.app.screen
    screen.query_one(CardForm).wipe()  # as Pay does when it reads the card
    screen.flow = pilot.app.new_payment_flow()
    screen.flow.state = FlowState(phase=Phase.CONNECTION_LOST, key="key-lost",
                                  card=("visa", "1111"), error=ApiConnectionError("gone"),
                                  checks=3, retry_in=4.0)
    screen._render_state(screen.flow.state)
    await pilot.pause()


async def quit_dialog(pilot) -> None:
    await connection_lost(pilot)
    pilot.app.payment_flows.add(pilot.app.screen.flow)
    await pilot.press("ctrl+q")
    await pilot.pause()


async def cash_reference(pilot) -> None:
    await at_bill(pilot)
    await pilot.press("c")
    await settle(pilot)


async def pix_reference(pilot) -> None:
    await at_bill(pilot, user="joao", password="joao2026")
    await pilot.press("c")
    await settle(pilot)


async def history(pilot) -> None:
    await card_approved(pilot)
    await pilot.press("escape", "escape", "escape")
    await settle(pilot)
    await pilot.press("h")
    await settle(pilot)


async def report_dialog(pilot) -> None:
    await at_bill(pilot, downs=0)
    await pilot.press("n")
    await settle(pilot)


async def promise_dialog(pilot) -> None:
    await at_bill(pilot)
    await pilot.press("m")
    await settle(pilot)


async def settled_warning(pilot) -> None:
    await at_bill(pilot, downs=3)
    await pilot.press("p")
    await settle(pilot)


JOURNEYS = [
    card_filled,
    card_invalid,
    card_approved,
    pse_form,
    pse_status,
    connection_lost,
    quit_dialog,
    cash_reference,
    pix_reference,
    history,
    report_dialog,
    promise_dialog,
    settled_warning,
]


@pytest.fixture(autouse=True)
def fast_polls(monkeypatch):
    monkeypatch.setattr(MiClaroApp, "PAYMENT_POLL_PAUSE", 0.01)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda journey: journey.__name__)
def test_payment_screen(snap_compare, make_app, journey, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=journey)


def test_no_card_number_in_snapshots():
    folder = Path(__file__).parent / "__snapshots__" / "test_payment_snapshots"
    for svg in folder.glob("*.svg"):
        text = svg.read_text(encoding="utf-8").replace("&#160;", "").replace(" ", "")
        assert APPROVED not in text and "411111111111" not in text, svg.name
