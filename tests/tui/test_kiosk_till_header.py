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


async def till_header(app, user: tuple[str, str]) -> tuple[str, str]:
    """The open-shift screen's first line and the till's header."""
    async with app.run_test(size=(80, 24)) as pilot:
        await kiosk_sign_in(pilot, *user)
        opening = await until_screen(pilot, OpenShiftScreen)
        intro = str(opening.query_one("#open-shift-intro").render())
        await open_shift_with(pilot, {1: 1})
        screen = await until_screen(pilot, TillScreen)
        return intro, str(screen.query_one("#till-info").render())


@pytest.mark.parametrize(
    ("language", "supervisor", "operator", "intro_end"),
    [
        ("es", "Supervisor supervisora", "Operador", "supervisor supervisora."),
        ("en", "Supervisor supervisora", "Operator", "supervisor supervisora."),
        ("pt_BR", "Supervisor supervisora", "Operador", "supervisor supervisora."),
    ],
)
async def test_a_supervisor_is_named_a_supervisor(
    make_kiosk,  # noqa: F811
    language,
    supervisor,
    operator,
    intro_end,
):
    set_language(language)  # the autouse fixture of tests/conftest.py sets Spanish back
    intro, header = await till_header(make_kiosk(), SUPERVISOR)
    assert intro.endswith("CAJA-1, " + intro_end)
    assert header.startswith(supervisor + " · Terminal CAJA-1")
    assert operator.lower() not in (intro + header).lower()


async def test_an_operator_is_still_named_an_operator(make_kiosk):  # noqa: F811
    intro, header = await till_header(make_kiosk(), OPERATOR)
    assert intro == "Abre un turno en la terminal CAJA-1, operador cajero."
    assert header.startswith("Operador cajero · Terminal CAJA-1")
