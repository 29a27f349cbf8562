"""Apps wired to a real sandbox (in process, over httpx.ASGITransport) for Pilot and
snapshot tests, plus an in-memory keyring so "remember me" is exercised for real."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import httpx
import keyring
import pytest
from keyring.backend import KeyringBackend

from miclaro_tui.api_client import BillingClient
from miclaro_tui.app import MiClaroApp
from miclaro_tui.clock import Clock
from miclaro_tui.config import Settings
from miclaro_tui.sandbox.app import create_app
from miclaro_tui.sandbox.demo import DEMO_USERS
from tests.conftest import TODAY

LARGE_DAY = date(2026, 11, 26)
"""The day the large customer's sandbox is seeded for (its bills fall due around it)."""


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)

    def get_credential(self, service: str, username: str | None):  # type: ignore[override]
        from keyring.credentials import SimpleCredential

        for (stored_service, stored_user), secret in self.secrets.items():
            if stored_service == service and username in (None, stored_user):
                return SimpleCredential(stored_user, secret)
        return None


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def sandbox_client(db: Path) -> BillingClient:
    return BillingClient(
        "http://127.0.0.1",
        transport=httpx.ASGITransport(app=create_app(db, TODAY)),
        is_sandbox=True,
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        download_dir=tmp_path / "Downloads",
        today=TODAY,
    )


@pytest.fixture
def make_app(sandbox_db: Path, settings: Settings, memory_keyring) -> Callable[..., MiClaroApp]:
    def make(api=None, settings_: Settings | None = None, **kwargs) -> MiClaroApp:
        chosen = settings_ or settings
        # As the entry point does: the sandbox's demo users are shown only on the sandbox.
        kwargs.setdefault("demo_users", DEMO_USERS if chosen.on_sandbox else ())
        app = MiClaroApp(
            api=api if api is not None else sandbox_client(sandbox_db),
            settings=chosen,
            clock=Clock(TODAY),
            **kwargs,
        )
        app.animation_level = "none"
        return app

    return make


async def sign_in(pilot, username: str = "camila", password: str = "camila2026") -> None:
    await pilot.click("#username")
    await pilot.press(*username)
    await pilot.click("#password")
    await pilot.press(*password)
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture(scope="session")
def large_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sandbox with the large business customer, seeded once (a few seconds)."""
    from miclaro_tui.sandbox.store import open_store

    path = tmp_path_factory.mktemp("large") / "sandbox.sqlite3"
    store = open_store(path, LARGE_DAY, large=True)
    close = getattr(store, "close", None)
    if close:
        close()
    return path


@pytest.fixture
def make_large_app(large_db_template: Path, tmp_path: Path, memory_keyring):
    def make() -> MiClaroApp:
        from miclaro_tui.sandbox.app import create_app

        db = tmp_path / "large.sqlite3"
        shutil.copyfile(large_db_template, db)
        import httpx

        from miclaro_tui.api_client import BillingClient

        api = BillingClient("http://127.0.0.1", is_sandbox=True,
                            transport=httpx.ASGITransport(app=create_app(db, LARGE_DAY)))
        settings = Settings(data_dir=tmp_path / "data", download_dir=tmp_path / "Downloads",
                            today=LARGE_DAY)
        app = MiClaroApp(api=api, settings=settings, clock=Clock(LARGE_DAY))
        app.animation_level = "none"
        return app

    return make
