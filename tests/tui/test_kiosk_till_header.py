"""The till's header names the role the session really has: a supervisor signed in is shown
as a supervisor, in every language, and an operator as an operator."""

from __future__ import annotations

import pytest

from miclaro_tui.i18n import set_language
from miclaro_tui.screens.kiosk.open_shift import OpenShiftScreen
from miclaro_tui.screens.kiosk.till import TillScreen
from tests.tui.conftest import until_screen
from tests.tui.kiosk_support import (  # noqa: F401  (fixtures)
    OPERATOR,
    SUPERVISOR,
    kiosk_settings,
    kiosk_sign_in,
    make_kiosk,
    open_shift_with,
)


async def till_header(app, user: tuple[str, str]) -> str:
    async with app.run_test(size=(80, 24)) as pilot:
        await kiosk_sign_in(pilot, *user)
        await until_screen(pilot, OpenShiftScreen)
        await open_shift_with(pilot, {1: 1})
        screen = await until_screen(pilot, TillScreen)
        return str(screen.query_one("#till-info").render())


@pytest.mark.parametrize(
    ("language", "supervisor", "operator"),
    [
        ("es", "Supervisor supervisora", "Operador"),
        ("en", "Supervisor supervisora", "Operator"),
        ("pt_BR", "Supervisor supervisora", "Operador"),
    ],
)
async def test_a_supervisor_is_named_a_supervisor(make_kiosk, language, supervisor, operator):  # noqa: F811
    set_language(language)  # the autouse fixture of tests/conftest.py sets Spanish back
    header = await till_header(make_kiosk(), SUPERVISOR)
    assert header.startswith(supervisor + " · Terminal CAJA-1")
    assert operator not in header


async def test_an_operator_is_still_named_an_operator(make_kiosk):  # noqa: F811
    header = await till_header(make_kiosk(), OPERATOR)
    assert header.startswith("Operador cajero · Terminal CAJA-1")
