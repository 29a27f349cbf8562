"""Kiosk mode's screens at 80x24 and 120x40: sign-in, the float count, the till with a
customer, taking cash, a receipt, a void, the close count, the lock and the leave dialog."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from textual.widgets import DataTable

from miclaro_tui.kiosk.receipt import Receipt, render_receipt
from miclaro_tui.models import Money
from miclaro_tui.screens.kiosk.cash import CashScreen
from miclaro_tui.screens.kiosk.close_shift import CloseShiftScreen
from miclaro_tui.screens.kiosk.lock import LeaveDialog, LockScreen
from miclaro_tui.screens.kiosk.login import KioskLoginScreen
from miclaro_tui.screens.kiosk.open_shift import OpenShiftScreen
from miclaro_tui.screens.kiosk.printout import PrintoutScreen
from miclaro_tui.screens.kiosk.till import TillScreen
from miclaro_tui.screens.kiosk.void import VoidScreen
from tests.snapshots.conftest import keep_toasts
from tests.tui.conftest import until_no_work, until_screen
from tests.tui.kiosk_support import (  # noqa: F401  (fixtures)
    kiosk_settings,
    kiosk_sign_in,
    make_kiosk,
    open_shift_with,
    type_into,
)

SIZES = [(80, 24), (120, 40)]

RECEIPT = Receipt(
    number="RC-000123",
    when=datetime(2026, 11, 25, 15, 30, tzinfo=UTC),
    country="CO",
    operator="cajero",
    terminal="CAJA-1",
    customer="Cam*** Rod*** Pér***",
    item_kind="bill",
    item="FE01082775",
    amount=Money(unit="COP", value=Decimal(192283)),
    cash=Money(unit="COP", value=Decimal(200000)),
    change=Money(unit="COP", value=Decimal(7717)),
)


async def signed_in(pilot) -> None:
    await until_screen(pilot, KioskLoginScreen)
    await kiosk_sign_in(pilot)
    await until_screen(pilot, OpenShiftScreen)


async def at_the_till(pilot) -> None:
    await signed_in(pilot)
    await open_shift_with(pilot, {1: 2, 4: 10})


async def with_camila(pilot) -> None:
    await at_the_till(pilot)
    await pilot.press(*"3001234567", "enter")
    await until_no_work(pilot)


async def login(pilot) -> None:
    await until_screen(pilot, KioskLoginScreen)
    await type_into(pilot, "#username", "cajero")


async def open_shift(pilot) -> None:
    await signed_in(pilot)
    await type_into(pilot, "#count-1", "2")
    await type_into(pilot, "#count-4", "10")
    await until_no_work(pilot)


async def till(pilot) -> None:
    await with_camila(pilot)


async def cash(pilot) -> None:
    await with_camila(pilot)
    await pilot.press("enter")
    await until_screen(pilot, CashScreen)
    await type_into(pilot, "#cash-received", "200000")
    await until_no_work(pilot)


async def receipt(pilot) -> None:
    await at_the_till(pilot)
    await pilot.app.push_screen(PrintoutScreen("Recibo", render_receipt(RECEIPT, copy=True)))
    await until_no_work(pilot)


async def void(pilot) -> None:
    await with_camila(pilot)
    table = pilot.app.screen.query_one("#customer-items", DataTable)
    table.move_cursor(row=1)
    await pilot.press("enter")
    await until_screen(pilot, CashScreen)
    await type_into(pilot, "#cash-received", "160000")
    await pilot.press("enter")
    await until_screen(pilot, PrintoutScreen)
    await pilot.press("enter")
    await until_screen(pilot, TillScreen)
    await pilot.press("f4")
    await until_screen(pilot, VoidScreen)
    await type_into(pilot, "#void-reason", "factura equivocada")


async def close(pilot) -> None:
    await at_the_till(pilot)
    await pilot.press("f10")
    await until_screen(pilot, CloseShiftScreen)
    await type_into(pilot, "#count-1", "2")
    await type_into(pilot, "#count-4", "9")
    await pilot.press("ctrl+s")
    await until_no_work(pilot)


async def lock(pilot) -> None:
    await with_camila(pilot)
    pilot.app.lock("idle")
    await until_screen(pilot, LockScreen)


async def leave(pilot) -> None:
    await at_the_till(pilot)
    await pilot.press("ctrl+q")
    await until_screen(pilot, LeaveDialog)


JOURNEYS = [login, open_shift, till, cash, receipt, void, close, lock, leave]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda journey: journey.__name__)
def test_kiosk_screen(snap_compare, make_kiosk, journey, size):  # noqa: F811
    assert snap_compare(keep_toasts(make_kiosk()), terminal_size=size, run_before=journey)
