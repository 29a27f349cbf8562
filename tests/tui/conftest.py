"""Apps wired to a real sandbox (in process, over httpx.ASGITransport) for Pilot and
snapshot tests, plus an in-memory keyring so "remember me" is exercised for real."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import httpx
import keyring
import pytest
from keyring.backend import KeyringBackend
from pydantic import SecretStr

from miclaro_tui.app import MiClaroApp
from miclaro_tui.client import BillingClient
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


def record_notices(app: MiClaroApp) -> list[tuple[str, str]]:
    """The notices ``app`` shows from now on, as (title, message), in order: every one goes
    through ``App.notify`` (a screen's ``notify`` calls the app's)."""
    notices: list[tuple[str, str]] = []
    notify = app.notify

    def notify_and_record(message: str, *, title: str = "", **options) -> None:
        notices.append((title, message))
        notify(message, title=title, **options)

    app.notify = notify_and_record  # type: ignore[method-assign]
    return notices


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
    from miclaro_tui.sandbox.seeding import demo
    from miclaro_tui.sandbox.store import open_store

    path = tmp_path_factory.mktemp("large") / "sandbox.sqlite3"
    store = open_store(path, LARGE_DAY, demo(large=True))
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

        from miclaro_tui.client import BillingClient

        api = BillingClient(
            "http://127.0.0.1",
            is_sandbox=True,
            transport=httpx.ASGITransport(app=create_app(db, LARGE_DAY)),
        )
        settings = Settings(
            data_dir=tmp_path / "data", download_dir=tmp_path / "Downloads", today=LARGE_DAY
        )
        app = MiClaroApp(api=api, settings=settings, clock=Clock(LARGE_DAY))
        app.animation_level = "none"
        return app

    return make


# --- waiting on conditions, and an app composed straight onto a signed-in state -------------

POLL = 0.002
"""Seconds between two looks at a condition: short, since each look first lets the screen
handle its pending messages (no CPU idle-wait of 20 ms or more, as ``pilot.pause()`` does)."""


async def wait_until(
    pilot, condition: Callable[[], object], timeout: float = 10.0, what: str = ""
) -> None:
    """Let the app work until ``condition()`` is true; fail, saying what was awaited and on
    which screen, when it is still false after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            raise AssertionError(
                f"waited {timeout:g} s for {what or getattr(condition, '__name__', 'a condition')}"
                f" (screen: {type(pilot.app.screen).__name__})"
            )
        await pilot.pause(POLL)


def no_work_left(app, but: str | None = None) -> Callable[[], bool]:
    """A condition: no worker of the app is pending or running (except those of group
    ``but``, e.g. "payments" while a payment waits for its next check on purpose)."""

    def idle() -> bool:
        return all(worker.is_finished or worker.group == but for worker in app.workers)

    idle.__name__ = "every worker to finish" + (f" (but {but})" if but else "")
    return idle


async def until_no_work(pilot, but: str | None = None) -> None:
    """Until the screen has handled its messages and no worker runs (see ``no_work_left``),
    twice in a row: a message may start a worker, and a worker's result post messages."""
    idle = no_work_left(pilot.app, but)
    quiet = 0
    while quiet < 2:
        await pilot.pause(0)  # the screen handles what is pending; no idle-wait
        if idle():
            quiet += 1
        else:
            quiet = 0
            await wait_until(pilot, idle)


async def open_screen(pilot, screen, but: str | None = None):
    """Push ``screen`` and wait until it has loaded (see ``until_no_work``); returns it.

    Its paints are held until then (``App.batch_update``): Textual 8.2.8's DataTable measures
    its columns for new rows when it is next idle, and a paint in between caches the rows at
    the old widths for good (measuring does not invalidate that cache), so the screen would
    show cut columns depending on timing."""
    with pilot.app.batch_update():
        await pilot.app.push_screen(screen)
        await until_no_work(pilot, but)
    await pilot.pause(0)  # painted now, not during the next idle-wait
    return screen


async def until_screen(pilot, kind: type, but: str | None = None):
    """Until the app shows a mounted screen of ``kind`` (pushed by an action just called) and
    it has loaded (see ``until_no_work``); returns it."""
    app = pilot.app
    await wait_until(
        pilot,
        lambda: isinstance(app.screen, kind) and app.screen.is_mounted,
        what=f"a {kind.__name__} on screen",
    )
    await until_no_work(pilot, but)
    return app.screen


async def sign_in_through_api(
    pilot, username: str = "camila", password: str = "camila2026", token: SecretStr | None = None
) -> None:
    """Home (``app.home_screen()``), signed in through the API object (as the login form does,
    without typing it), or with ``token`` a refresh token of an earlier sign-in resumed (as
    "remember me" does): the app gets the customer's accounts and fetches the selected one's
    figures. Paints are held until Home has loaded, as in ``open_screen``."""
    app = pilot.app
    api = await app.get_api()
    if token is None:
        await api.sign_in(username, SecretStr(password))
    else:
        await api.resume(token)
    before = app.screen
    with app.batch_update():
        app.signed_in(await api.list_billing_accounts())
        await wait_until(
            pilot,
            lambda: app.screen is not before and app.screen.is_mounted,
            what="the screen a signed-in customer lands on",
        )
        await until_no_work(pilot)
    await pilot.pause(0)  # painted now, not during the next idle-wait
