"""Every screen at 80x24 and at 120x40, deterministic: frozen today, seeded sandbox, no
cursor blink, no animation, Spanish. Update with `pytest --snapshot-update` and look at
snapshot_report.html before committing."""

from __future__ import annotations

import asyncio

import pytest

from tests.tui.conftest import sandbox_client, sign_in
from tests.tui.test_home import Unplugged, pay_all_with_credit

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def at_login(pilot) -> None:
    await settle(pilot)


async def login_error(pilot) -> None:
    await sign_in(pilot, "camila", "wrong-password")
    await settle(pilot)


async def at_home(pilot) -> None:
    await sign_in(pilot)
    await settle(pilot)


async def at_invoices(pilot) -> None:
    await sign_in(pilot)
    await pilot.press("i")
    await settle(pilot)


async def at_invoice_detail(pilot) -> None:
    await at_invoices(pilot)
    await pilot.press("down", "enter")  # the overdue bill: shows the payment reference
    await settle(pilot)


async def at_email_dialog(pilot) -> None:
    await at_invoice_detail(pilot)
    await pilot.press("e")
    await settle(pilot)


async def at_help(pilot) -> None:
    await sign_in(pilot)
    await pilot.press("f1")
    await settle(pilot)


async def at_help_brazil(pilot) -> None:
    await sign_in(pilot, "joao", "joao2026")
    await pilot.press("f1")
    await settle(pilot)


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
def test_screen(snap_compare, make_app, journey, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=journey)


# --- the account state: credit, offline, a large account's paged list ----------------------


async def at_home_offline(pilot) -> None:
    await sign_in(pilot)
    await settle(pilot)
    pilot.app.api.down = True  # the server goes away: Home keeps the last figures, marked
    await pilot.press("r")
    await settle(pilot)


async def at_invoices_offline(pilot) -> None:
    await at_invoices(pilot)
    await pilot.press("escape")
    pilot.app.api.down = True
    await pilot.press("i")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_home_with_credit(snap_compare, make_app, sandbox_db, size):
    asyncio.run(pay_all_with_credit(sandbox_db))
    assert snap_compare(make_app(), terminal_size=size, run_before=at_home)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("journey", [at_home_offline, at_invoices_offline],
                         ids=lambda journey: journey.__name__)
def test_offline(snap_compare, make_app, sandbox_db, journey, size):
    app = make_app(api=Unplugged(sandbox_client(sandbox_db)))
    assert snap_compare(app, terminal_size=size, run_before=journey)


async def at_large_invoices(pilot) -> None:
    await sign_in(pilot, "empresa", "empresa2026")
    await pilot.press("i")
    await settle(pilot)


async def at_large_invoices_scrolled(pilot) -> None:
    await at_large_invoices(pilot)
    await pilot.press(*["down"] * 40)  # past the first page: the next one is loaded
    await settle(pilot)


async def at_large_home(pilot) -> None:
    await sign_in(pilot, "empresa", "empresa2026")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("journey", [at_large_home, at_large_invoices, at_large_invoices_scrolled],
                         ids=lambda journey: journey.__name__)
def test_large_account(snap_compare, make_large_app, journey, size):
    assert snap_compare(make_large_app(), terminal_size=size, run_before=journey)
