"""Every screen at 80x24 and at 120x40, deterministic: frozen today, seeded sandbox, no
cursor blink, no animation, Spanish. Update with `pytest --snapshot-update` and look at
snapshot_report.html before committing."""

from __future__ import annotations

import pytest

from tests.tui.conftest import sign_in

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
