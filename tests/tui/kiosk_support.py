"""Kiosk apps for Pilot and snapshot tests: a KioskApp on a copy of the seeded sandbox, a
paper printer that keeps what it printed, and an idle clock the test moves."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from miclaro_tui.clock import Clock
from miclaro_tui.config import KioskSettings, Settings
from miclaro_tui.kiosk_app import KioskApp
from tests.conftest import TODAY
from tests.tui.conftest import sandbox_client, until_no_work, wait_until

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


@pytest.fixture
def kiosk_settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        download_dir=tmp_path / "Downloads",
        today=TODAY,
        kiosk=KioskSettings(terminal_id="CAJA-1", idle_lock_minutes=5),
    )


@pytest.fixture
def make_kiosk(sandbox_db: Path, kiosk_settings: Settings):
    def make(db: Path | None = None, **kwargs) -> KioskApp:
        from miclaro_tui.sandbox.kiosk_staff import DEMO_STAFF

        kwargs.setdefault("printer", PaperPrinter())
        kwargs.setdefault("idle_clock", IdleClock())
        kwargs.setdefault("audit_now", lambda: datetime(2026, 11, 25, 14, 0, tzinfo=UTC))
        api = kwargs.pop("api", None)
        app = KioskApp(
            api=api if api is not None else sandbox_client(db or sandbox_db),
            settings=kiosk_settings,
            clock=Clock(TODAY),
            demo_users=DEMO_STAFF,
            **kwargs,
        )
        app.animation_level = "none"
        return app

    return make


async def type_into(pilot, selector: str, text: str) -> None:
    """Focus the field ``selector`` of the current screen and type ``text`` key by key."""
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause(0)
    await pilot.press(*text)


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
