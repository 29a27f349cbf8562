"""The command palette (ctrl+p) speaks the user's language, Textual's own words included, and
offers the global actions (help, next account, sign out, theme, language) from any screen."""

from __future__ import annotations

import pytest
from textual.command import CommandInput, CommandList

from miclaro_tui import i18n
from miclaro_tui.commands import Palette
from miclaro_tui.config import config_path, load_settings
from miclaro_tui.screens.invoices import InvoicesScreen
from miclaro_tui.screens.login import LoginScreen
from tests.tui.conftest import open_screen, sign_in_through_api, until_screen, wait_until

TEXTUAL_ENGLISH = ("Focus Next", "Focus Previous", "Copy selected text", "Screenshot", "Keys")


def titles(app) -> list[str]:
    return [command.title for command in app.get_system_commands(app.screen)]


def palette_lines(app) -> list[str]:
    options = app.screen.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def until_palette(pilot) -> Palette:
    """Until a palette is on screen with its commands listed (its search has ended)."""
    app = pilot.app

    def listed() -> bool:
        return (
            isinstance(app.screen, Palette)
            and bool(app.screen.query(CommandList))
            and (app.screen.query_one(CommandList).option_count > 0)
        )

    await wait_until(pilot, listed, what="a palette listing commands")
    return app.screen


async def open_palette(pilot) -> Palette:
    await pilot.press("ctrl+p")
    return await until_palette(pilot)


async def test_the_palette_speaks_spanish_before_sign_in(make_app, monkeypatch):
    monkeypatch.setattr(Palette, "NO_MATCHES_DELAY", 0.01)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        palette = await open_palette(pilot)
        assert palette.query_one(CommandInput).placeholder == "Busca un comando…"
        shown = "\n".join(palette_lines(app))
        for command in ("Ayuda", "Tema", "Idioma", "Salir"):
            assert command in shown
        for english in TEXTUAL_ENGLISH:
            assert english not in shown
        await pilot.press(*"zzzz")
        await wait_until(
            pilot, lambda: "Nada coincide" in "".join(palette_lines(app)), what="no matches"
        )
        assert "No matches found" not in "".join(palette_lines(app))


async def test_global_actions_from_any_screen_in_portuguese(make_app):
    i18n.set_language("pt_BR")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in_through_api(pilot)  # camila: two postpaid lines and a prepaid one
        await open_screen(pilot, InvoicesScreen())
        offered = titles(app)
        for command in ("Ajuda", "Outra conta", "Sair", "Tema", "Idioma"):
            assert command in offered, offered
        assert not set(TEXTUAL_ENGLISH) & set(offered)
        # The invoices screen's own keys come first, once each.
        assert len(offered) == len(set(offered))


async def test_the_theme_picker_is_translated(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.run_action("change_theme")
        picker = await until_palette(pilot)
        assert picker.query_one(CommandInput).placeholder == "Busca un tema de colores…"
        assert "miclaro-high-contrast" in "\n".join(palette_lines(app))


@pytest.mark.parametrize("signed_in", [False, True])
async def test_the_language_command_switches_and_is_kept(make_app, signed_in):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        if signed_in:
            await sign_in_through_api(pilot)
            await open_screen(pilot, InvoicesScreen())
        await app.run_action("change_language")
        await until_palette(pilot)
        assert palette_lines(app) == ["Español", "English", "Português (Brasil)"]
        await pilot.press(*"english")
        await wait_until(pilot, lambda: palette_lines(app) == ["English"], what="one language")
        await pilot.press("enter")
        await wait_until(pilot, lambda: i18n.current_language() == "en", what="English")
        if signed_in:
            from miclaro_tui.screens.home import HomeScreen

            await until_screen(pilot, HomeScreen)
            assert "Invoices" in titles(app)
        else:
            await until_screen(pilot, LoginScreen)
            assert "Help" in titles(app)
    assert 'locale = "en"' in config_path().read_text(encoding="utf-8")
    assert load_settings().locale == "en"
