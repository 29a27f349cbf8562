"""Shared test set-up: an isolated, deterministic world for every test.

Frozen "today", a seeded sandbox database, no cursor blink, no animation, no theme or colour
settings leaking in from the environment, Spanish (the default language) unless a test says
otherwise, and config/data folders in a temporary directory.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input

from miclaro_tui import i18n

TODAY = date(2026, 11, 25)

MAKE_INPUT = Input.__init__


def input_without_blink(self: Input, *args, **kwargs) -> None:
    """An ``Input`` made with its public ``cursor_blink`` off: a blinking cursor makes
    snapshots depend on timing."""
    MAKE_INPUT(self, *args, **kwargs)
    self.cursor_blink = False


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(Input, "__init__", input_without_blink)
    for name in (
        "TEXTUAL_THEME",
        "NO_COLOR",
        "TEXTUAL_ANIMATIONS",
        "MICLARO_SERVER",
        "MICLARO_LOCALE",
        "MICLARO_COUNTRY",
        "MICLARO_DATA_DIR",
        "MICLARO_DOWNLOAD_DIR",
        "MICLARO_TODAY",
        "MICLARO_TIMEOUT",
        "MICLARO_SANDBOX_LARGE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    i18n.set_language("es")
    yield
    i18n.set_language("es")


@pytest.fixture(scope="session")
def seeded_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed the sandbox once per session; each test gets its own copy."""
    from miclaro_tui.sandbox.seeding import demo
    from miclaro_tui.sandbox.store import open_store

    path = tmp_path_factory.mktemp("template") / "sandbox.sqlite3"
    store = open_store(path, TODAY, demo())
    close = getattr(store, "close", None)
    if close:
        close()
    return path


@pytest.fixture
def sandbox_db(seeded_db_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "sandbox.sqlite3"
    shutil.copyfile(seeded_db_template, path)
    return path
