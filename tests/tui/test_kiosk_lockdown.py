"""Kiosk mode is locked down: ctrl+q, ctrl+c, ctrl+z and the command palette never leave the
app (or reach the shell) without the operator's password, and an idle till locks, forgets the
customer and asks the operator to sign in again. A customer account cannot open the kiosk."""

from __future__ import annotations

import json

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, Input

from miclaro_tui.screens.kiosk.lock import LeaveDialog, LockScreen
from miclaro_tui.screens.kiosk.login import KioskLoginScreen
from miclaro_tui.screens.kiosk.open_shift import OpenShiftScreen
from miclaro_tui.screens.kiosk.till import TillScreen
from tests.tui.conftest import until_no_work, until_screen, wait_until
from tests.tui.kiosk_support import (  # noqa: F401  (fixtures)
    OPERATOR,
    kiosk_settings,
    kiosk_sign_in,
    make_kiosk,
    open_shift_with,
    type_into,
)


def watch_escapes(app) -> list[str]:
    """Every way out the app takes from now on: exit, or suspending to the shell."""
    escapes: list[str] = []
    app.exit = lambda *args, **kwargs: escapes.append("exit")  # type: ignore[method-assign]
    app.action_suspend_process = lambda: escapes.append("suspend")  # type: ignore[method-assign]
    return escapes


async def at_the_till(pilot) -> None:
    await until_screen(pilot, KioskLoginScreen)
    await kiosk_sign_in(pilot)
    await until_screen(pilot, OpenShiftScreen)
    await open_shift_with(pilot, {1: 2})


def audit(app) -> list[dict]:
    return [json.loads(line) for line in app.settings.audit_log.read_text().splitlines()]


@pytest.mark.parametrize(
    ("key", "how"), [("ctrl+q", "exit"), ("ctrl+c", "exit"), ("ctrl+z", "suspend")]
)
async def test_an_escape_key_asks_the_operators_password(make_kiosk, key, how):  # noqa: F811
    app = make_kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await at_the_till(pilot)
        escapes = watch_escapes(app)
        app.screen.query_one("#lookup", Input).focus()  # ctrl+c in a field is not a copy here
        await pilot.press(key)
        await until_screen(pilot, LeaveDialog)
        await pilot.press("escape")  # stay
        await until_screen(pilot, TillScreen)
        await pilot.press(key)
        dialog = await until_screen(pilot, LeaveDialog)
        await pilot.press(*"guess", "enter")
        await until_no_work(pilot)
        assert isinstance(app.screen, LeaveDialog) and escapes == []
        assert "incorrecta" in str(dialog.query_one("#leave-status").render())
        await pilot.press(*OPERATOR[1], "enter")
        await wait_until(pilot, lambda: escapes, what="the way out, with the password")
        assert escapes == [how]
        assert app.is_running
    outcomes = [(e["action"], e["outcome"]) for e in audit(app) if e["action"] == "leave"]
    assert outcomes == [("leave", "refused"), ("leave", "allowed")]
    assert OPERATOR[1] not in app.settings.audit_log.read_text()


async def test_the_palette_offers_no_way_out(make_kiosk):  # noqa: F811
    app = make_kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await at_the_till(pilot)
        escapes = watch_escapes(app)
        await pilot.press("ctrl+p")
        await until_screen(pilot, CommandPalette)
        await pilot.press(*"Salir")
        await until_no_work(pilot)
        await pilot.press("enter")
        await until_screen(pilot, LeaveDialog)
        await pilot.press("escape")
        await until_screen(pilot, TillScreen)
        assert escapes == []


async def test_leaving_from_the_sign_in_screen_needs_an_operator(make_kiosk):  # noqa: F811
    app = make_kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await until_screen(pilot, KioskLoginScreen)
        escapes = watch_escapes(app)
        await pilot.press("ctrl+q")
        dialog = await until_screen(pilot, LeaveDialog)
        await type_into(pilot, "#leave-user", "camila")  # a customer may not
        await type_into(pilot, "#leave-password", "camila2026")
        await pilot.press("enter")
        await until_no_work(pilot)
        assert escapes == [] and isinstance(app.screen, LeaveDialog)
        await type_into(pilot, "#leave-user", "")
        dialog.query_one("#leave-user", Input).value = OPERATOR[0]
        await type_into(pilot, "#leave-password", OPERATOR[1])
        await pilot.press("enter")
        await wait_until(pilot, lambda: escapes, what="the way out")
        assert escapes == ["exit"]


async def test_an_idle_till_locks_and_forgets_the_customer(make_kiosk):  # noqa: F811
    app = make_kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await at_the_till(pilot)
        escapes = watch_escapes(app)
        await pilot.press(*"3001234567", "enter")
        await until_no_work(pilot)
        assert app.till.customer is not None
        app.idle_clock.advance(5 * 60 - 1)
        app.lock_if_idle()
        assert not app.locked  # not yet
        app.idle_clock.advance(1)
        app.lock_if_idle()
        lock = await until_screen(pilot, LockScreen)
        assert app.till.customer is None
        till_screen = next(s for s in app.screen_stack if isinstance(s, TillScreen))
        assert till_screen.query_one("#customer-items", DataTable).row_count == 0

        # Locked: the escape keys still ask for the password.
        await pilot.press("ctrl+q")
        await until_screen(pilot, LeaveDialog)
        await pilot.press("escape")
        await until_screen(pilot, LockScreen)
        await pilot.press(*"wrong-password", "enter")
        await until_no_work(pilot)
        assert isinstance(app.screen, LockScreen)
        assert str(lock.query_one("#lock-status").render()).strip()
        await pilot.press(*OPERATOR[1], "enter")
        await until_screen(pilot, TillScreen)
        assert not app.locked and escapes == []
    actions = [(e["action"], e["outcome"]) for e in audit(app)]
    assert ("lock", "idle") in actions and ("unlock", "ok") in actions


async def test_a_customer_account_cannot_open_the_kiosk(make_kiosk):  # noqa: F811
    app = make_kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await until_screen(pilot, KioskLoginScreen)
        await kiosk_sign_in(pilot, "camila", "camila2026")
        assert isinstance(app.screen, KioskLoginScreen) and app.till is None
        message = str(app.screen.query_one("#kiosk-login-message").render())
        assert "cuenta de cliente" in message
    assert [(e["action"], e["outcome"]) for e in audit(app)] == [("signIn", "refused")]
    assert audit(app)[0]["operator"] == "cam***"  # what was typed in the user field, masked
