"""The main screens in each language: Spanish at 80x24 and 120x40, English and Brazilian
Portuguese at 80x24 (the narrowest, where longer words would be cut first). The screens and
how they are reached come from tests/tui/screen_registry.py (``main=True``), the same list
the fit test walks. Update with `--snapshot-update -k <id>` and read the SVG's text."""

from __future__ import annotations

import pytest

from miclaro_tui import i18n
from miclaro_tui.app import MiClaroApp
from tests.snapshots.conftest import Backdrop, keep_toasts, opens_signed_out, resuming_client
from tests.tui.screen_registry import REGISTRY, Entry

MAIN = [entry for entry in REGISTRY if entry.main]
ON_HOME = {"login", "home", "home_brazil"}
"""The pictures of the login form and of Home; every other one is of a full screen opened
over Home, which is not composed for it (``MiClaroApp.home_screen``: a blank screen)."""
PICTURES = [
    pytest.param("es", (80, 24), id="es-80x24"),
    pytest.param("es", (120, 40), id="es-120x40"),
    pytest.param("en", (80, 24), id="en-80x24"),
    pytest.param("pt_BR", (80, 24), id="pt_BR-80x24"),
]


@pytest.fixture(autouse=True)
def fast_polls(monkeypatch):
    monkeypatch.setattr(MiClaroApp, "PAYMENT_POLL_PAUSE", 0.01)


@pytest.mark.parametrize(("language", "size"), PICTURES)
@pytest.mark.parametrize("entry", MAIN, ids=lambda entry: entry.name)
def test_main_screen_in_each_language(
    snap_compare, make_app, sandbox_db, entry: Entry, language, size
):
    i18n.set_language(language)
    # The journeys sign in with a password: the session is resumed (see ``ResumingClient``).
    app = keep_toasts(make_app(api=resuming_client(sandbox_db)))
    if entry.name != "login":
        app = opens_signed_out(app)  # the journey signs in: no login form painted for nothing
    if entry.name not in ON_HOME:
        app.home_screen = Backdrop  # type: ignore[method-assign]
    assert snap_compare(app, terminal_size=size, run_before=entry.journey)
