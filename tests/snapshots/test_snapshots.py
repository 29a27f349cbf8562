"""Every screen at 80x24 and at 120x40, deterministic: frozen today, seeded sandbox, no
cursor blink, no animation, Spanish. Update with `pytest --snapshot-update` and look at
snapshot_report.html before committing.

The journeys compose each screen straight onto a signed-in account (the session resumed through
the API object, see conftest.py; screens pushed and their actions called, not reached by key
presses; a full screen opened where Home would be, not over it) and wait on conditions, not on
idle time."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import DataTable, Input

from miclaro_tui.screens.email_dialog import EmailDialog
from miclaro_tui.screens.help import HelpScreen
from miclaro_tui.screens.invoices import InvoicesScreen
from miclaro_tui.screens.login import LoginScreen
from tests.snapshots.conftest import open_bill, signed_in
from tests.tui.conftest import (
    open_screen,
    sandbox_client,
    until_no_work,
    until_screen,
    wait_until,
)
from tests.tui.test_home import Unplugged, pay_all_with_credit

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def at_login(pilot) -> None:
    await until_no_work(pilot)


async def login_error(pilot) -> None:
    """A wrong password, as typed in the form (the field keeps its dots, the focus returns)."""
    screen = await until_screen(pilot, LoginScreen)
    screen.query_one("#username", Input).value = "camila"
    password = screen.query_one("#password", Input)
    password.focus()  # before the value: a field focused holding text selects it all
    await wait_until(pilot, lambda: password.has_focus, what="the password field's focus")
    password.value = "wrong-password"
    screen.action_sign_in()
    await until_no_work(pilot)


async def at_home(pilot) -> None:
    await signed_in(pilot)


async def at_invoices(pilot) -> None:
    await signed_in(pilot, home=False)
    await open_screen(pilot, InvoicesScreen())


async def at_invoice_detail(pilot) -> None:
    await signed_in(pilot, home=False)
    await open_bill(pilot, 1)  # the overdue bill: shows the payment reference


async def at_email_dialog(pilot) -> None:
    await at_invoice_detail(pilot)
    pilot.app.screen.action_email()
    await until_screen(pilot, EmailDialog)


async def at_help(pilot) -> None:
    await signed_in(pilot, home=False)
    await open_screen(pilot, HelpScreen())


async def at_help_brazil(pilot) -> None:
    await signed_in(pilot, "joao", home=False)
    await open_screen(pilot, HelpScreen())


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "journey",
    [
        at_login,
        login_error,
        at_home,
        at_invoices,
        at_invoice_detail,
        at_email_dialog,
        at_help,
        at_help_brazil,
    ],
    ids=lambda journey: journey.__name__,
)
def test_screen(snap_compare, snapshot_app, journey, size):
    assert snap_compare(snapshot_app(), terminal_size=size, run_before=journey)


# --- the account state: credit, offline, a large account's paged list ----------------------


async def at_home_offline(pilot) -> None:
    await signed_in(pilot)
    pilot.app.api.down = True  # the server goes away: Home keeps the last figures, marked
    pilot.app.screen.action_refresh()
    await until_no_work(pilot)


async def at_invoices_offline(pilot) -> None:
    await at_invoices(pilot)  # the list is kept for when the server is gone
    pilot.app.pop_screen()
    pilot.app.api.down = True
    await open_screen(pilot, InvoicesScreen())


@pytest.mark.parametrize("size", SIZES)
def test_home_with_credit(snap_compare, snapshot_app, sandbox_db, size):
    asyncio.run(pay_all_with_credit(sandbox_db))
    assert snap_compare(snapshot_app(), terminal_size=size, run_before=at_home)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "journey", [at_home_offline, at_invoices_offline], ids=lambda journey: journey.__name__
)
def test_offline(snap_compare, snapshot_app, sandbox_db, journey, size):
    app = snapshot_app(api=Unplugged(sandbox_client(sandbox_db)))
    assert snap_compare(app, terminal_size=size, run_before=journey)


async def at_large_invoices(pilot) -> None:
    await signed_in(pilot, "empresa", home=False)
    await open_screen(pilot, InvoicesScreen())


async def at_large_invoices_scrolled(pilot) -> None:
    await at_large_invoices(pilot)
    table = pilot.app.screen.query_one("#bills", DataTable)
    # Laid out first, or scrolling it would not move its scroll bar.
    await wait_until(pilot, lambda: table.show_vertical_scrollbar, what="the list's scroll bar")
    # As 40 presses of Down: the cursor passes the first page's end, the next one is loaded.
    table.move_cursor(row=40)
    await until_no_work(pilot)


async def at_large_home(pilot) -> None:
    await signed_in(pilot, "empresa")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "journey",
    [at_large_home, at_large_invoices, at_large_invoices_scrolled],
    ids=lambda journey: journey.__name__,
)
def test_large_account(snap_compare, large_snapshot_app, journey, size):
    assert snap_compare(large_snapshot_app(), terminal_size=size, run_before=journey)
