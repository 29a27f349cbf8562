"""Every payment screen at 80x24 and at 120x40: the card form (number masked once typed),
the fields named when invalid, an approved payment, PSE and its follow-up, the references
to pay elsewhere (cash, PIX), the history, and the dialogs. No card number appears in any
SVG: ``test_no_card_number_in_snapshots`` checks the files.

As in test_snapshots.py, each screen is composed straight onto a signed-in account: the
payment screen opened as Pay opens it (``open_payment``), the dialogs by their screen's
action, and the waits are on conditions."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select

from miclaro_tui.app import MiClaroApp
from miclaro_tui.flows.payment import Phase
from miclaro_tui.screens.payment import PaymentScreen, open_payment
from miclaro_tui.screens.payment_dialogs import (
    ConfirmPayDialog,
    PromiseDialog,
    ReportPaymentDialog,
)
from miclaro_tui.screens.payment_history import PaymentHistoryScreen
from miclaro_tui.screens.payment_pse import PseStatusScreen
from miclaro_tui.screens.payment_reference import PaymentReferenceScreen
from miclaro_tui.screens.quit_dialog import QuitDialog
from tests.snapshots.conftest import open_bill, signed_in, the_bill
from tests.tui.conftest import open_screen, until_no_work, until_screen, wait_until
from tests.tui.test_pay import APPROVED

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def at_payment(pilot) -> PaymentScreen:
    """The overdue bill's payment screen, opened as Pay on the bill opens it."""
    await signed_in(pilot, home=False)
    app = pilot.app
    with app.batch_update():
        await open_payment(app.screen, await the_bill(pilot, 1), lambda payment: None)
        return await until_screen(pilot, PaymentScreen)


async def type_card(pilot, number: str, cvv: str = "123", expiry: str = "12/28") -> None:
    screen = pilot.app.screen
    screen.query_one("#card-holder", Input).value = "Camila Rojas"
    card_number = screen.query_one("#card-number", Input)
    card_number.focus()  # the number is shown in full only while its field has the focus
    await wait_until(pilot, lambda: card_number.has_focus, what="the card number's focus")
    card_number.value = number
    screen.query_one("#card-expiry", Input).value = expiry
    screen.query_one("#card-cvv", Input).value = cvv
    screen.query_one("#card-expiry", Input).focus()  # the number is masked from here on
    await wait_until(pilot, lambda: card_number.value.startswith("•"), what="the masked number")
    await until_no_work(pilot)


async def card_filled(pilot) -> None:
    await at_payment(pilot)
    await type_card(pilot, APPROVED)


async def card_invalid(pilot) -> None:
    screen = await at_payment(pilot)
    screen.query_one("#amount", Input).value = "0"
    await type_card(pilot, "4111 1111 1111 1112", cvv="12", expiry="10/26")
    screen.action_pay()  # ctrl+s
    await until_no_work(pilot)


async def card_approved(pilot) -> None:
    screen = await at_payment(pilot)
    await type_card(pilot, APPROVED)
    screen.action_pay()
    await wait_until(pilot, lambda: screen.state.phase == Phase.APPROVED, what="the approval")
    await until_no_work(pilot)


async def pse_form(pilot) -> None:
    screen = await at_payment(pilot)
    screen.query_one("#method", Select).value = "pse"
    await until_no_work(pilot)  # the banks are loaded
    screen.query_one("#pse-bank", Select).value = "1007"
    screen.query_one("#pse-doc-number", Input).value = "1020304050"
    await until_no_work(pilot)


async def pse_status(pilot) -> None:
    await pse_form(pilot)
    pilot.app.PAYMENT_POLL_PAUSE = 600  # shown as it starts: no check moves it on
    pilot.app.screen.action_pay()
    await until_screen(pilot, PseStatusScreen, but="payments")  # waiting for its next check


async def connection_lost(pilot) -> None:
    """The server stopped answering under a pending payment (drawn from the flow's state)."""
    from miclaro_tui.api import ApiConnectionError
    from miclaro_tui.flows.payment import FlowState
    from miclaro_tui.widgets.card_form import CardForm

    await card_filled(pilot)
    screen = pilot.app.screen
    screen.query_one(CardForm).wipe()  # as Pay does when it reads the card
    screen.flow = pilot.app.new_payment_flow()
    screen.flow.state = FlowState(
        phase=Phase.CONNECTION_LOST,
        key="key-lost",
        card=("visa", "1111"),
        error=ApiConnectionError("gone"),
        checks=3,
        retry_in=4.0,
    )
    screen._render_state(screen.flow.state)
    await until_no_work(pilot)


async def quit_dialog(pilot) -> None:
    await connection_lost(pilot)
    pilot.app.payment_flows.add(pilot.app.screen.flow)
    await pilot.app.action_quit()  # ctrl+q
    await until_screen(pilot, QuitDialog)


async def cash_reference(pilot) -> None:
    """c on the bill: Colombia pays elsewhere in cash."""
    await signed_in(pilot, home=False)
    await open_screen(pilot, PaymentReferenceScreen(await the_bill(pilot, 1), "cash"))


async def pix_reference(pilot) -> None:
    """c on the bill: Brazil pays elsewhere by PIX."""
    await signed_in(pilot, "joao", home=False)
    await open_screen(pilot, PaymentReferenceScreen(await the_bill(pilot, 1), "pix"))


async def history(pilot) -> None:
    await card_approved(pilot)  # its notice is still up
    await open_screen(pilot, PaymentHistoryScreen())


async def report_dialog(pilot) -> None:
    await signed_in(pilot, home=False)
    bill = await open_bill(pilot, 0)
    bill.action_report_payment()
    await until_screen(pilot, ReportPaymentDialog)


async def promise_dialog(pilot) -> None:
    await signed_in(pilot, home=False)
    bill = await open_bill(pilot, 1)
    bill.action_promise()
    await until_screen(pilot, PromiseDialog)


async def settled_warning(pilot) -> None:
    await signed_in(pilot, home=False)
    bill = await open_bill(pilot, 3)
    bill.action_pay()  # a paid bill: asked first
    await until_screen(pilot, ConfirmPayDialog)


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
def test_payment_screen(snap_compare, snapshot_app, journey, size):
    assert snap_compare(snapshot_app(), terminal_size=size, run_before=journey)


def test_no_card_number_in_snapshots():
    folder = Path(__file__).parent / "__snapshots__" / "test_payment_snapshots"
    pictures = sorted(folder.glob("*.svg"))
    expected = len(JOURNEYS) * len(SIZES)
    assert len(pictures) >= expected, (
        f"found {len(pictures)} SVG files in {folder}, expected {expected}: nothing to check"
    )
    for svg in pictures:
        text = svg.read_text(encoding="utf-8").replace("&#160;", "").replace(" ", "")
        assert APPROVED not in text and "411111111111" not in text, svg.name
