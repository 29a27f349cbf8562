"""Help: the country's service channels and the keys, from any screen."""

from __future__ import annotations

from textual.widgets import DataTable

from miclaro_tui.screens.help import HelpScreen
from tests.tui.conftest import sign_in


def channels(app) -> list[str]:
    table = app.screen.query_one("#channels", DataTable)
    return [str(table.get_cell_at((row, 1))) for row in range(table.row_count)]


async def test_help_before_sign_in_uses_the_configured_country(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "*611" in channels(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_help_after_sign_in_uses_the_account_country(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "joao", "joao2026")
        await pilot.press("f1")
        await pilot.pause()
        assert "(11) 99991-0621" in channels(app)
        keys = app.screen.query_one("#keys", DataTable)
        assert keys.row_count > 5
