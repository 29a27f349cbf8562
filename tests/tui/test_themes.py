"""Themes: a high-contrast theme, the chosen theme kept in config.toml across starts, and a
usable screen under NO_COLOR (status is a word, not only a colour)."""

from __future__ import annotations

import re
from dataclasses import replace
from html import unescape

from miclaro_tui.config import config_path, load_settings
from miclaro_tui.screens.invoices import InvoicesScreen
from tests.tui.conftest import open_screen, sign_in_through_api, wait_until

HIGH_CONTRAST = "miclaro-high-contrast"


def screen_text(app) -> str:
    svg = unescape(app.export_screenshot()).replace("\xa0", " ")
    return " ".join(re.findall(r">([^<>]+)</text>", svg))


async def test_the_high_contrast_theme_is_offered_and_used_when_configured(make_app, settings):
    app = make_app(settings_=replace(settings, theme=HIGH_CONTRAST))
    async with app.run_test(size=(100, 30)):
        assert HIGH_CONTRAST in app.available_themes
        assert app.theme == HIGH_CONTRAST
        assert app.current_theme.background == "#000000"


async def test_the_chosen_theme_is_kept_for_the_next_start(make_app, settings):
    config_path().parent.mkdir(parents=True)
    config_path().write_text('# mine\nlocale = "es"\n\n[keymap]\ninvoices = "f2"\n')
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = HIGH_CONTRAST
        await wait_until(pilot, lambda: app.settings.theme == HIGH_CONTRAST, what="the save")
    text = config_path().read_text(encoding="utf-8")
    assert text.startswith("# mine\n") and '[keymap]\ninvoices = "f2"' in text
    assert load_settings().theme == HIGH_CONTRAST
    assert load_settings().keymap == {"invoices": "f2"}

    again = make_app(settings_=replace(settings, theme=load_settings().theme))
    async with again.run_test(size=(100, 30)):
        assert again.theme == HIGH_CONTRAST


async def test_an_unknown_theme_in_the_config_is_ignored(make_app, settings):
    app = make_app(settings_=replace(settings, theme="no-such-theme"))
    async with app.run_test(size=(100, 30)):
        assert app.theme == "textual-dark"


async def test_no_color_still_tells_every_status_in_words(make_app, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.no_color
        await sign_in_through_api(pilot)
        await open_screen(pilot, InvoicesScreen())
        text = screen_text(app)
        for status in ("Vencida", "Pendiente", "Pagada"):
            assert status in text, status
        assert "Volver" in text and "Ayuda" in text  # and the footer's keys
