"""Kiosk mode's screens at 80x24 and 120x40: sign-in, the float count, the till with a
customer, taking cash, a receipt, a void, the close count, the lock and the leave dialog.

Each picture starts from a fixed state, made once per session (``kiosk_starts``) by the same
journeys on the same sandbox: the operator signed in; then the shift opened with its float;
then a bill paid in cash at the till. Each test resumes the operator's session on a copy of
its state (``resumes``) and goes straight on from there, instead of signing in and opening
the shift by keys first. The journeys also run from the sign-in form, by keys, on a bare
sandbox: the fit test (tests/tui/test_fit_80x24.py) walks them so."""

from __future__ import annotations

import asyncio
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import SecretStr
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
from tests.snapshots.conftest import SESSIONS, checkpoint, keep_toasts
from tests.tui.conftest import sandbox_client, until_no_work, until_screen, wait_until
from tests.tui.kiosk_support import (  # noqa: F401  (fixtures)
    OPERATOR,
    fill,
    kiosk_app,
    kiosk_settings,
    kiosk_settings_in,
    make_kiosk,
    open_shift_with,
    resumes,
    send_key,
    sign_in_operator,
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
    """The operator signed in, on the open-shift screen (no shift open yet)."""
    await sign_in_operator(pilot)
    assert isinstance(pilot.app.screen, OpenShiftScreen)


async def at_the_till(pilot) -> None:
    """The till, the shift open: opened here with its float, unless it was open already."""
    await sign_in_operator(pilot)
    if not isinstance(pilot.app.screen, TillScreen):
        await open_shift_with(pilot, {1: 2, 4: 10})


async def with_camila(pilot) -> None:
    await at_the_till(pilot)
    await fill(pilot, "#lookup", "3001234567")
    await send_key(pilot, "enter")
    till = pilot.app.till
    await wait_until(pilot, lambda: till.customer is not None, what="the customer found")
    await until_no_work(pilot)


async def login(pilot) -> None:
    await until_screen(pilot, KioskLoginScreen)
    await fill(pilot, "#username", OPERATOR[0])


async def open_shift(pilot) -> None:
    await signed_in(pilot)
    await fill(pilot, "#count-1", "2")
    await fill(pilot, "#count-4", "10")
    await until_no_work(pilot)


async def till(pilot) -> None:
    await with_camila(pilot)


async def cash(pilot) -> None:
    await with_camila(pilot)
    await send_key(pilot, "enter")
    await until_screen(pilot, CashScreen)
    await fill(pilot, "#cash-received", "200000")
    await until_no_work(pilot)


async def receipt(pilot) -> None:
    await at_the_till(pilot)
    await pilot.app.push_screen(PrintoutScreen("Recibo", render_receipt(RECEIPT, copy=True)))
    await until_no_work(pilot)


async def pay_second_bill(pilot) -> None:
    """camila's second bill paid in cash at the till, the receipt seen; back on the till."""
    await with_camila(pilot)
    table = pilot.app.screen.query_one("#customer-items", DataTable)
    table.move_cursor(row=1)
    await send_key(pilot, "enter")
    await until_screen(pilot, CashScreen)
    await fill(pilot, "#cash-received", "160000")
    await send_key(pilot, "enter")
    await until_screen(pilot, PrintoutScreen)
    await send_key(pilot, "enter")
    await until_screen(pilot, TillScreen)


async def void(pilot) -> None:
    """The payment of ``pay_second_bill`` voided (the till restarted since: it knows the
    payment from the shift's list on the server)."""
    await at_the_till(pilot)
    await send_key(pilot, "f4")
    await until_screen(pilot, VoidScreen)
    await fill(pilot, "#void-reason", "factura equivocada")


async def close(pilot) -> None:
    await at_the_till(pilot)
    await send_key(pilot, "f10")
    await until_screen(pilot, CloseShiftScreen)
    await fill(pilot, "#count-1", "2")
    await fill(pilot, "#count-4", "9")
    await pilot.press("ctrl+s")  # waits for the app to idle: the count is then confirmed
    await until_no_work(pilot)


async def lock(pilot) -> None:
    await with_camila(pilot)
    pilot.app.lock("idle")
    await until_screen(pilot, LockScreen)


async def leave(pilot) -> None:
    await at_the_till(pilot)
    await send_key(pilot, "ctrl+q")
    await until_screen(pilot, LeaveDialog)


@dataclass(frozen=True)
class Start:
    """A sandbox database, and the operator's session in it (a refresh token, good once)."""

    db: Path
    token: SecretStr


STARTS = {
    "login": None,
    "open_shift": "signed in",
    "till": "shift open",
    "cash": "shift open",
    "receipt": "shift open",
    "void": "paid",
    "close": "shift open",
    "lock": "shift open",
    "leave": "shift open",
}
"""The state each journey starts from (``kiosk_starts``); None: the sign-in form."""


def go_on(start: Start, folder: Path, journey) -> Start:
    """A copy of ``start``'s database, in which ``journey`` has run on a resumed till."""
    db = folder / "sandbox.sqlite3"
    shutil.copyfile(start.db, db)
    api = sandbox_client(db)
    tokens: list[SecretStr] = []
    api.on_tokens = lambda _user, token: tokens.append(token)
    app = resumes(kiosk_app(db, kiosk_settings_in(folder), api=api), start.token)

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await journey(pilot)

    asyncio.run(run())
    checkpoint(db)
    return Start(db, tokens[-1])


@pytest.fixture(scope="session")
def kiosk_starts(signed_in_db_template: Path, tmp_path_factory) -> dict[str, Start]:
    """The states the pictures start from, each made from the one before."""
    signed = Start(signed_in_db_template, SESSIONS[OPERATOR[0]])
    shift = go_on(signed, tmp_path_factory.mktemp("kiosk-shift"), at_the_till)
    paid = go_on(shift, tmp_path_factory.mktemp("kiosk-paid"), pay_second_bill)
    return {"signed in": signed, "shift open": shift, "paid": paid}


JOURNEYS = [login, open_shift, till, cash, receipt, void, close, lock, leave]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda journey: journey.__name__)
def test_kiosk_screen(snap_compare, make_kiosk, kiosk_starts, tmp_path, journey, size):  # noqa: F811
    state = STARTS[journey.__name__]
    if state is None:
        app = make_kiosk()
    else:
        start = kiosk_starts[state]
        db = tmp_path / "kiosk.sqlite3"
        shutil.copyfile(start.db, db)
        app = resumes(make_kiosk(db), start.token)
    assert snap_compare(keep_toasts(app), terminal_size=size, run_before=journey)
