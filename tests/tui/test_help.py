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


async def test_the_footer_and_the_palette_show_keys_in_the_users_language(make_app):
    """Key descriptions are English ids in BINDINGS; Screen.active_bindings (public API, read
    by Textual's Footer and by our command palette) translates them. If a Textual upgrade
    stopped the Footer from reading it, this fails."""
    import re
    from html import unescape

    app = make_app()  # in Spanish, the tests' default
    async with app.run_test(size=(120, 30)) as pilot:
        await sign_in(pilot)
        descriptions = {
            a.binding.action: a.binding.description for a in app.screen.active_bindings.values()
        }
        assert descriptions["invoices"] == "Facturas"
        assert descriptions["help"] == "Ayuda" and descriptions["quit"] == "Salir"
        svg = unescape(app.export_screenshot()).replace("\xa0", " ")
        footer_text = " ".join(re.findall(r">([^<>]+)</text>", svg))
        assert "Facturas" in footer_text and "Invoices" not in footer_text
        commands = [command.title for command in app.get_system_commands(app.screen)]
        assert "Facturas" in commands and "Invoices" not in commands
