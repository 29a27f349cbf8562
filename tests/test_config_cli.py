"""Settings precedence (defaults < config.toml < MICLARO_* < flags) and the command line."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from miclaro_tui import __version__
from miclaro_tui.__main__ import main
from miclaro_tui.config import SettingsError, config_path, load_settings


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_config_path_honours_xdg_config_home(tmp_path):
    assert config_path() == tmp_path / "config" / "miclaro-tui" / "config.toml"


def test_defaults_use_the_sandbox_and_the_xdg_data_home(tmp_path):
    settings = load_settings(env={})
    assert settings.on_sandbox and settings.server is None
    assert settings.locale == "es" and settings.country == "CO"
    assert settings.sandbox_db == tmp_path / "data" / "miclaro-tui" / "sandbox.sqlite3"


def test_file_then_environment_then_flags():
    write_config('locale = "pt_BR"\ncountry = "BR"\ntimeout = 5\ndownload_dir = "~/facturas"\n')
    from_file = load_settings(env={})
    assert (from_file.locale, from_file.country, from_file.timeout) == ("pt_BR", "BR", 5.0)
    assert from_file.download_dir == Path("~/facturas").expanduser()

    env = {
        "MICLARO_LOCALE": "en",
        "MICLARO_TODAY": "2026-11-25",
        "MICLARO_SERVER": "https://api.example.com/",
    }
    from_env = load_settings(env=env)
    assert from_env.locale == "en" and from_env.country == "BR"
    assert from_env.today == date(2026, 11, 25)
    assert from_env.server == "https://api.example.com"

    from_flags = load_settings({"locale": "es", "country": None}, env=env)
    assert from_flags.locale == "es" and from_flags.country == "BR"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('country = "XX"\n', "country"),
        ("timeout = -1\n", "timeout"),
        ('server = "ftp://x"\n', "server"),
        ('colour = "red"\n', "colour"),
        ("locale = \n", "config.toml"),
        ('keymap = "f2"\n', "keymap"),
        ("[keymap]\ninvoices = 2\n", "invoices"),
    ],
)
def test_bad_settings_name_the_setting(text, named):
    write_config(text)
    with pytest.raises(SettingsError) as raised:
        load_settings(env={})
    assert named in str(raised.value)


def test_keymap_table_is_read_from_the_config():
    write_config('[keymap]\ninvoices = "f2"\nback = " escape,q "\n')
    assert load_settings(env={}).keymap == {"invoices": "f2", "back": "escape,q"}


async def test_a_remapped_key_runs_the_action_and_shows_in_the_footer(tmp_path):
    from miclaro_tui.app import MiClaroApp
    from miclaro_tui.clock import Clock
    from miclaro_tui.config import Settings
    from miclaro_tui.screens.invoices import InvoicesScreen
    from tests.conftest import TODAY
    from tests.tui.conftest import sandbox_client, sign_in

    seeded = tmp_path / "sandbox.sqlite3"
    from miclaro_tui.sandbox.seeding import demo
    from miclaro_tui.sandbox.store import open_store

    store = open_store(seeded, TODAY, demo())
    getattr(store, "close", lambda: None)()
    settings = Settings(data_dir=tmp_path / "data", today=TODAY, keymap={"invoices": "f2"})
    app = MiClaroApp(
        api=sandbox_client(seeded), settings=settings, clock=Clock(TODAY), credentials=None
    )
    async with app.run_test(size=(120, 30)) as pilot:
        await sign_in(pilot)
        keys = {a.binding.action: a.binding.key for a in app.screen.active_bindings.values()}
        assert keys["invoices"] == "f2"
        await pilot.press("i")  # the old key does nothing now
        await pilot.pause()
        assert not isinstance(app.screen, InvoicesScreen)
        await pilot.press("f2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, InvoicesScreen)


def test_bad_setting_exits_with_a_message_not_a_traceback(capsys):
    write_config('country = "XX"\n')
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "country" in err and "Traceback" not in err


def test_version_and_help():
    version = subprocess.run(
        [sys.executable, "-m", "miclaro_tui", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert version.stdout.strip() == f"miclaro {__version__}"
    help_text = subprocess.run(
        [sys.executable, "-m", "miclaro_tui", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for flag in ("--server", "--locale", "--country", "sandbox"):
        assert flag in help_text


def test_sandbox_reset_seeds_a_database(tmp_path):
    db = tmp_path / "reset.sqlite3"
    assert main(["sandbox", "reset", "--db", str(db)]) == 0
    assert db.exists() and db.stat().st_size > 0


async def test_the_collector_is_off_from_start_up_to_the_first_frame():
    """``miclaro`` holds the garbage collector off while it starts (its passes over what
    start-up builds free nothing) and the app turns it back on once the first frame is drawn:
    a run that left it off would grow with every cycle it makes."""
    import gc

    from miclaro_tui.app import MiClaroApp
    from miclaro_tui.screens.login import LoginScreen
    from tests.tui.conftest import wait_until

    apps: list[MiClaroApp] = []
    try:
        assert main([], run=apps.append) == 0
        assert not gc.isenabled()
        (app,) = apps
        assert app.demo_users  # the sandbox's demo customers, as `miclaro` shows them
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen), what="login")
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()
