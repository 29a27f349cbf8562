"""Snapshot apps: the Pilot tests' apps (tests/tui/conftest.py) at QA speed.

- Toasts stay up until the picture is taken, however slow the machine (``keep_toasts``).
- The demo customers (and the kiosk's operator) sign in once per session, on a copy of the
  seeded database; each test gets its own copy of that one and resumes the session
  (``signed_in``), as "remember me" does: a sign-in costs a deliberately slow password hash
  (scrypt, ~40 ms), a resume does not. The large customer's database gets the same.
- A journey that opens a full screen signs in without Home (``signed_in(..., home=False)``):
  Home composed, fetched and painted under a full screen costs ~0.15 s a picture and shows
  nowhere in it.
- The garbage collector: what the session has loaded (Textual, FastAPI, pydantic's schemas,
  the sandbox...) is kept out of its full passes, which otherwise cost 100 ms or more in most
  tests (the app does the same after start-up, in ``MiClaroApp._build_api``); and it looks at
  new objects less often, so that an app's objects mostly die young instead of being carried
  into the older generations (about 40 ms less per test, no more memory).
"""

from __future__ import annotations

import asyncio
import gc
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import date
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from miclaro_tui.app import MiClaroApp
from miclaro_tui.client import BillingClient
from miclaro_tui.sandbox.app import create_app
from miclaro_tui.screens.base import BaseScreen
from tests.conftest import TODAY
from tests.tui.conftest import (  # noqa: F401  (fixtures)
    LARGE_DAY,
    make_app,
    make_large_app,
    memory_keyring,
    open_screen,
    sandbox_client,
    settings,
    sign_in_through_api,
    until_no_work,
)

TOAST_SECONDS = 3600.0
"""Longer than any snapshot test: a toast in a picture never expires before the capture."""

DEMO_LOGINS = {
    "camila": "camila2026",
    "joao": "joao2026",
    "andres": "andres2026",
    "rosa": "rosa2026",
    "cajero": "cajero2026",
}
"""The customers the pictures show, and the kiosk's operator (the large customer has a
database of its own: ``LARGE_LOGINS``)."""

LARGE_LOGINS = {"empresa": "empresa2026"}

SESSIONS: dict[str, SecretStr] = {}
"""A refresh token per login, valid (once: it rotates on use) in every copy of the signed-in
database it was made in (``signed_in_db_template``, ``large_db_template``)."""


GC_THRESHOLDS = (20_000, 20, 10)
"""``gc.set_threshold`` while the snapshot tests run (Python's default: 700, 10, 10)."""


@pytest.fixture(scope="package", autouse=True)
def garbage_collector_for_many_apps():
    """While this package's tests run, everything alive when they start is out of the
    collector's reach (``gc.freeze``) and new objects are looked at less often (set per test,
    restoring the thresholds would only move the collection into each teardown)."""
    gc.collect()
    gc.freeze()
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    yield
    gc.set_threshold(*before)
    gc.unfreeze()


def client_on(db: Path, day: date = TODAY, kind: type[BillingClient] = BillingClient):
    """A sandbox client (of class ``kind``) on the database ``db``, the sandbox's today ``day``."""
    return kind(
        "http://127.0.0.1", transport=httpx.ASGITransport(app=create_app(db, day)), is_sandbox=True
    )


def sign_in_once(path: Path, logins: dict[str, str], day: date = TODAY) -> None:
    """Each of ``logins`` signs in on the database at ``path`` and leaves its session open
    there (no sign-out); its refresh token goes to ``SESSIONS``."""

    async def sign_in_all() -> None:
        for username, password in logins.items():
            client = client_on(path, day)
            tokens: list[SecretStr] = []
            client.on_tokens = lambda _user, token: tokens.append(token)
            await client.sign_in(username, SecretStr(password))
            SESSIONS[username] = tokens[-1]
            await client.aclose()

    asyncio.run(sign_in_all())
    checkpoint(path)


def checkpoint(path: Path) -> None:
    """What the write-ahead log holds, into the database file (which the tests copy)."""
    with closing(sqlite3.connect(path)) as database:
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.fixture(scope="session")
def signed_in_db_template(seeded_db_template: Path, tmp_path_factory) -> Path:
    """The seeded database, in which each of ``DEMO_LOGINS`` has signed in once."""
    path = tmp_path_factory.mktemp("signed-in") / "sandbox.sqlite3"
    shutil.copyfile(seeded_db_template, path)
    sign_in_once(path, DEMO_LOGINS)
    return path


@pytest.fixture(scope="session")
def large_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sandbox with the large business customer (as tests/tui/conftest.py seeds it), in
    which ``LARGE_LOGINS`` have signed in once: ``make_large_app`` copies this one here."""
    from miclaro_tui.sandbox.seeding import demo
    from miclaro_tui.sandbox.store import open_store

    path = tmp_path_factory.mktemp("large") / "sandbox.sqlite3"
    store = open_store(path, LARGE_DAY, demo(large=True))
    close = getattr(store, "close", None)
    if close:
        close()
    sign_in_once(path, LARGE_LOGINS, LARGE_DAY)
    return path


@pytest.fixture
def sandbox_db(signed_in_db_template: Path, tmp_path: Path) -> Path:
    """This package's tests run on a copy of ``signed_in_db_template`` (not the bare seed)."""
    path = tmp_path / "sandbox.sqlite3"
    shutil.copyfile(signed_in_db_template, path)
    return path


async def signed_in(pilot, username: str = "camila", *, home: bool = True) -> None:
    """Home for ``username``, whose session is resumed (see ``signed_in_db_template``).

    ``home=False``: signed in the same way (``MiClaroApp.signed_in``: the account's figures
    fetched, the journal reconciled) but landing on a blank screen instead of Home
    (``MiClaroApp.home_screen``), for the journey to open a full screen over it, as it would
    over Home. Everything is loaded before that screen is opened, as with Home."""
    if not home:
        assert isinstance(pilot.app.screen, Backdrop), "home=False needs opens_signed_out"
        pilot.app.home_screen = Backdrop
    await sign_in_through_api(pilot, username, token=SESSIONS[username])


class ResumingClient(BillingClient):
    """A sandbox client that signs the logins of ``DEMO_LOGINS`` in, with their password, by
    resuming their session of ``signed_in_db_template`` (for journeys that sign in through
    the API object with a password, as tests/tui/screen_registry.py's do): the same session,
    without the server's deliberately slow password check. Any other sign-in goes to the
    server (a wrong password is refused there as ever)."""

    async def sign_in(self, username: str, password: SecretStr) -> None:
        if username in SESSIONS and DEMO_LOGINS.get(username) == password.get_secret_value():
            await self.resume(SESSIONS[username])
        else:
            await super().sign_in(username, password)


def resuming_client(db: Path) -> ResumingClient:
    """A ``ResumingClient`` on a copy of ``signed_in_db_template`` (``sandbox_db``)."""
    return client_on(db, kind=ResumingClient)


async def the_bill(pilot, row: int):
    """The bill at ``row`` of the invoice list (newest first), as the list fetched it."""
    app = pilot.app
    return (await app.api.list_bills(app.account.id, limit=row + 1)).items[row]


async def open_bill(pilot, row: int):
    """The invoice at ``row`` of the list, as Enter on that row opens it."""
    from miclaro_tui.screens.invoice_detail import InvoiceDetailScreen

    return await open_screen(pilot, InvoiceDetailScreen(await the_bill(pilot, row)))


def keep_toasts(app: MiClaroApp) -> MiClaroApp:
    """Every notice of ``app`` (screens' too: they go through ``App.notify``) stays up for
    ``TOAST_SECONDS``, whatever timeout the code asks for."""
    notify = app.notify

    def notify_and_keep(message: str, **options) -> None:
        options["timeout"] = TOAST_SECONDS
        notify(message, **options)

    app.notify = notify_and_keep
    return app


LOGIN_JOURNEYS = {"at_login", "login_error", "guest_form"}
"""The journeys that start on the login form; every other one starts by signing in. (One
missing here waits for the login form in vain, or shows a blank screen: its test fails.)"""


class Backdrop(BaseScreen):
    """A blank screen (a ``BaseScreen``: a payment is opened from a screen of the app's)."""


def opens_signed_out(app: MiClaroApp) -> MiClaroApp:
    """``app`` opens on a blank screen instead of the login form, which a journey that signs in
    straight away would compose and paint for nothing: ``signed_in`` replaces it with Home."""
    app.first_screen = Backdrop  # type: ignore[method-assign]
    return app


def shows_login(request: pytest.FixtureRequest) -> bool:
    callspec = getattr(request.node, "callspec", None)
    journey = callspec.params.get("journey") if callspec is not None else None
    return getattr(journey, "__name__", "") in LOGIN_JOURNEYS


@pytest.fixture
def snapshot_app(make_app, request) -> Callable[..., MiClaroApp]:  # noqa: F811
    """Like ``make_app``, with ``keep_toasts``, and ``opens_signed_out`` unless the test's
    journey is one of ``LOGIN_JOURNEYS``."""

    def make(**kwargs) -> MiClaroApp:
        app = keep_toasts(make_app(**kwargs))
        return app if shows_login(request) else opens_signed_out(app)

    return make


@pytest.fixture
def large_snapshot_app(make_large_app) -> Callable[[], MiClaroApp]:  # noqa: F811
    """Like ``make_large_app``, with ``keep_toasts`` and ``opens_signed_out``."""
    return lambda: opens_signed_out(keep_toasts(make_large_app()))
