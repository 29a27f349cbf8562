"""Kiosk apps for Pilot and snapshot tests: a KioskApp on a copy of the seeded sandbox, a
paper printer that keeps what it printed, and an idle clock the test moves; the operator
signed in by keys, or (``resumes``) the operator's session of an earlier sign-in resumed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from weakref import WeakKeyDictionary

import pytest
from pydantic import SecretStr
from textual.screen import Screen

from miclaro_tui.clock import Clock
from miclaro_tui.config import KioskSettings, Settings
from miclaro_tui.kiosk_app import KioskApp
from tests.conftest import TODAY
from tests.tui.conftest import sandbox_client, until_no_work, until_screen, wait_until

OPERATOR = ("cajero", "cajero2026")
SUPERVISOR = ("supervisora", "supervisora2026")


class PaperPrinter:
    def __init__(self) -> None:
        self.printed: list[str] = []

    def print_text(self, text: str) -> None:
        self.printed.append(text)


class IdleClock:
    """Seconds as the test says: ``advance`` instead of waiting minutes."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def kiosk_settings_in(folder: Path) -> Settings:
    """The terminal CAJA-1's settings, its data and downloads in ``folder``."""
    return Settings(
        data_dir=folder / "data",
        download_dir=folder / "Downloads",
        today=TODAY,
        kiosk=KioskSettings(terminal_id="CAJA-1", idle_lock_minutes=5),
    )


@pytest.fixture
def kiosk_settings(tmp_path: Path) -> Settings:
    return kiosk_settings_in(tmp_path)


def kiosk_app(db: Path, settings: Settings, **kwargs) -> KioskApp:
    """A KioskApp on the sandbox database ``db`` (``api=`` another API), its printer a
    ``PaperPrinter``, its idle clock an ``IdleClock``, the audit log's time fixed."""
    from miclaro_tui.sandbox.kiosk_staff import DEMO_STAFF

    kwargs.setdefault("printer", PaperPrinter())
    kwargs.setdefault("idle_clock", IdleClock())
    kwargs.setdefault("audit_now", lambda: datetime(2026, 11, 25, 14, 0, tzinfo=UTC))
    api = kwargs.pop("api", None)
    app = KioskApp(
        api=api if api is not None else sandbox_client(db),
        settings=settings,
        clock=Clock(TODAY),
        demo_users=DEMO_STAFF,
        **kwargs,
    )
    app.animation_level = "none"
    return app


@pytest.fixture
def make_kiosk(sandbox_db: Path, kiosk_settings: Settings):
    def make(db: Path | None = None, **kwargs) -> KioskApp:
        return kiosk_app(db or sandbox_db, kiosk_settings, **kwargs)

    return make


async def type_into(pilot, selector: str, text: str) -> None:
    """Focus the field ``selector`` of the current screen and type ``text`` key by key."""
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause(0)
    await pilot.press(*text)


async def fill(pilot, selector: str, text: str) -> None:
    """Focus the field ``selector`` of the current screen and put ``text`` in it as typing it
    does (``Input.insert_text_at_cursor``, as each printable key does), without a Pilot key
    press per character: each waits twice for the app to idle, 40 ms or more."""
    from textual.widgets import Input

    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause(0)
    field.insert_text_at_cursor(text)


async def send_key(pilot, key: str) -> None:
    """``key`` (Enter or a key with no character: f4, ctrl+s...) sent to the app as the
    terminal sends it (``Pilot.press`` sends it so too, then waits twice for the app to idle,
    40 ms or more): the caller waits on what the key does."""
    from textual import events

    event = events.Key(key, "\r" if key == "enter" else None)
    event.set_sender(pilot.app)
    pilot.app.post_message(event)
    await pilot.pause(0)


async def kiosk_sign_in(pilot, user: str = OPERATOR[0], password: str = OPERATOR[1]) -> None:
    await type_into(pilot, "#username", user)
    await type_into(pilot, "#password", password)
    await pilot.press("enter")
    await until_no_work(pilot)


async def open_shift_with(pilot, pieces: dict[int, int]) -> None:
    """On the open-shift screen: ``pieces`` maps a row index to a count; then open."""
    from miclaro_tui.screens.kiosk.till import TillScreen

    for index, count in pieces.items():
        await type_into(pilot, f"#count-{index}", str(count))
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, TillScreen), what="the till")
    await until_no_work(pilot)


RESUMED: WeakKeyDictionary[KioskApp, SecretStr] = WeakKeyDictionary()
"""The apps ``sign_in_operator`` signs in by resuming a session (see ``resumes``)."""


def resumes(app: KioskApp, token: SecretStr) -> KioskApp:
    """``app`` opens on a blank screen instead of the sign-in form, and ``sign_in_operator``
    resumes the OPERATOR's session with ``token`` (a refresh token of an earlier sign-in on
    the database the app runs on) instead of typing the form: the same till, without the form
    composed and typed into, nor the server's deliberately slow password check."""
    app.first_screen = Screen  # type: ignore[method-assign]
    RESUMED[app] = token
    return app


async def sign_in_operator(pilot) -> None:
    """The OPERATOR signed in on the terminal: on the sign-in form by keys, or for an app made
    by ``resumes`` with the session resumed and then what the sign-in screen does once the
    password is right (``KioskLoginScreen.sign_in``: the till started, the journal settled,
    on to the shift). Until the open-shift screen, or the till when the shift is open."""
    from miclaro_tui.kiosk.session import PasswordCheck, TillSession
    from miclaro_tui.screens.kiosk.login import KioskLoginScreen
    from miclaro_tui.screens.kiosk.open_shift import OpenShiftScreen
    from miclaro_tui.screens.kiosk.till import TillScreen

    app = pilot.app
    token = RESUMED.get(app)
    if token is None:
        await until_screen(pilot, KioskLoginScreen)
        await kiosk_sign_in(pilot)
    else:
        api = await app.get_api()
        await api.resume(token)
        till = TillSession(
            operator=api.username or OPERATOR[0],
            role=api.role or "operator",
            terminal=app.settings.kiosk.terminal_id,
            password=PasswordCheck(SecretStr(OPERATOR[1])),
        )
        app.start_till(till)
        await app.settle_journal()
        till.shift = await api.current_shift()
        country = till.shift.country if till.shift else api.country or app.settings.country
        till.denominations = await api.list_denominations(country)
        if till.shift is not None:
            app.record("openShift", object=till.shift.id, outcome="resumed")
            app.shift_opened()
        else:
            app.switch_screen(OpenShiftScreen())
    await wait_until(
        pilot,
        lambda: isinstance(app.screen, OpenShiftScreen | TillScreen) and app.screen.is_mounted,
        what="the open-shift screen or the till",
    )
    await until_no_work(pilot)
