"""An operator typing fast (or a password manager) at the till's sign-in: Enter after the user
name moves on at once, so the password typed right behind it never lands in the user field."""

from __future__ import annotations

from textual._xterm_parser import XTermParser
from textual.widgets import Input

from miclaro_tui.screens.kiosk.login import KioskLoginScreen
from miclaro_tui.screens.kiosk.open_shift import OpenShiftScreen
from tests.tui.conftest import until_no_work, until_screen
from tests.tui.kiosk_support import (  # noqa: F401  (fixtures)
    OPERATOR,
    kiosk_settings,
    make_kiosk,
)


async def test_a_burst_with_enter_after_the_user_signs_in(make_kiosk):  # noqa: F811
    app = make_kiosk()
    async with app.run_test(size=(100, 30)) as pilot:
        login = await until_screen(pilot, KioskLoginScreen)
        login.query_one("#username", Input).focus()
        await pilot.pause()
        user, password = OPERATOR
        for event in XTermParser().feed(f"{user}\r{password}\r"):
            app.post_message(event)
        await until_no_work(pilot)
        await until_screen(pilot, OpenShiftScreen)
