"""Every screen whole at 80x24 in Spanish, English and Brazilian Portuguese: each key the
footer shows is there whole (F1 always), every button and label reads in full, and the status
words and receipt numbers of the lists are not cut. The screen's text is read as the customer
reads it (tests/tui/screen_text.py), not from pixels; the screens come from
tests/tui/screen_registry.py, so a new screen is checked by adding one line there."""

from __future__ import annotations

import pytest

from miclaro_tui import i18n
from miclaro_tui.app import MiClaroApp
from tests.tui.kiosk_support import kiosk_settings, make_kiosk  # noqa: F401  (fixtures)
from tests.tui.screen_registry import REGISTRY, Entry
from tests.tui.screen_text import (
    footer_problems,
    screen_lines,
    table_problems,
    widget_problems,
)

LANGUAGES = ["es", "en", "pt_BR"]
WHOLE_COLUMNS = {
    "status": "status word",
    "receipt": "receipt number",
    "key": "key",
    "action": "key description",
}
"""DataTable columns (by key) whose cells must read in full."""


@pytest.fixture(autouse=True)
def fast_polls(monkeypatch):
    monkeypatch.setattr(MiClaroApp, "PAYMENT_POLL_PAUSE", 0.01)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("entry", REGISTRY, ids=lambda entry: entry.name)
async def test_every_screen_fits_80x24(request, entry: Entry, language: str):
    i18n.set_language(language)
    app = request.getfixturevalue(entry.app)()
    async with app.run_test(size=(80, 24)) as pilot:
        await entry.journey(pilot)
        await pilot.pause(0)
        lines = screen_lines(app)
        problems = (
            footer_problems(app, lines)
            + widget_problems(app, lines)
            + table_problems(app, lines, WHOLE_COLUMNS)
        )
        assert not problems, "\n".join(
            [f"{entry.name} in {language} at 80x24:", *problems, "", *lines]
        )


async def test_the_pay_button_grows_with_the_method_chosen_at_120x40(make_app):
    """Choosing PIX renames Pay "Ver la referencia": the button is resized at once, not at
    the next resize of the terminal."""
    from tests.tui.screen_registry import pix_method

    i18n.set_language("es")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pix_method(pilot)
        await pilot.pause(0)
        assert not widget_problems(app, screen_lines(app))
