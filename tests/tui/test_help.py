"""Help: the country's service channels and the keys, from any screen."""

from __future__ import annotations

import io

from rich.console import Console
from textual.binding import Binding
from textual.widgets import Static

from miclaro_tui.screens.help import GLOBAL_KEYS, HelpScreen, screen_classes
from tests.tui.conftest import open_screen, sign_in, sign_in_through_api
from tests.tui.screen_text import squeeze


def page_text(app, table_id: str, width: int = 76) -> str:
    """What Help's table ``table_id`` reads at ``width`` columns, whitespace squeezed (a
    description wrapped over two lines reads as one)."""
    console = Console(width=width, record=True, file=io.StringIO(), legacy_windows=False)
    console.print(app.screen.query_one(f"#{table_id}", Static).content)
    return squeeze(console.export_text())


def channels(app) -> str:
    return page_text(app, "channels")


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


async def test_help_lists_every_key_of_every_screen_whole_at_80_columns(make_app):
    """Each key of each screen's BINDINGS (with its longer description where it has one),
    and the global ones, read in full in a table 76 columns wide: words wrap, none is cut."""
    from miclaro_tui.i18n import _

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_through_api(pilot)
        await open_screen(pilot, HelpScreen())
        text = page_text(app, "keys")
        expected = [_(action) for _key, action in GLOBAL_KEYS]
        for _where, screen in screen_classes():
            for binding in screen.BINDINGS:
                if isinstance(binding, Binding) and binding.description:
                    expected.append(_(binding.tooltip or binding.description))
        missing = [description for description in expected if squeeze(description) not in text]
        assert not missing, missing
        for where in ("Inicio", "Factura", "Pago"):
            assert where in text
