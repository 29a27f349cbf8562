"""The server dies under a pending payment: the screen says the connection is lost (not
"waiting for the bank"), ctrl+q asks first, Escape leaves while the flow keeps checking, and
when the server is back the payment is followed to its outcome, told in a notice."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from miclaro_tui import i18n
from miclaro_tui.app import MiClaroApp
from miclaro_tui.client import BillingClient
from miclaro_tui.flows.payment import Phase
from miclaro_tui.journal import Journal
from miclaro_tui.screens.invoice_detail import InvoiceDetailScreen
from miclaro_tui.screens.quit_dialog import QuitDialog
from tests.e2e.test_real_http import free_port
from tests.tui.conftest import record_notices
from tests.tui.test_pay import PENDING_THEN_APPROVED, fill_card, open_payment, text_of

pytestmark = pytest.mark.e2e


class Sandbox:
    """`miclaro sandbox serve` in its own process, which the test can kill and start again
    on the same port and database."""

    def __init__(self, tmp_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db = tmp_path / "served.sqlite3"
        self.env = dict(os.environ, MICLARO_TODAY="2026-11-25", XDG_DATA_HOME=str(tmp_path))
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "miclaro_tui",
                "sandbox",
                "serve",
                "--port",
                str(self.port),
                "--db",
                str(self.db),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=self.env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/openapi.json", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise AssertionError("the sandbox did not start")

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=10)


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")


@pytest.fixture
def sandbox(tmp_path: Path):
    served = Sandbox(tmp_path)
    served.start()
    yield served
    if served.process is not None and served.process.poll() is None:
        served.kill()


class GatedApi:
    """The real client; looking at a payment waits until the test opens the gate (so the
    server can be killed between the payment's answer and the first look at it)."""

    def __init__(self, inner: BillingClient) -> None:
        self._inner = inner
        self.gate = asyncio.Event()

    def __getattr__(self, name: str):
        return getattr(self._inner, name)

    @property
    def on_tokens(self):
        return self._inner.on_tokens

    @on_tokens.setter
    def on_tokens(self, value) -> None:
        self._inner.on_tokens = value

    async def get_payment(self, payment_id: str):
        await self.gate.wait()
        return await self._inner.get_payment(payment_id)


async def wait_until(pilot, condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.05)


async def test_server_gone_under_a_pending_payment(sandbox, make_app, tmp_path, monkeypatch):
    monkeypatch.setattr(MiClaroApp, "PAYMENT_POLL_PAUSE", 0.1)
    monkeypatch.setattr(MiClaroApp, "PAYMENT_BACKOFF_MAX", 0.4)
    journal = Journal(tmp_path / "payments.journal")
    api = GatedApi(BillingClient(sandbox.url, journal=journal, timeout=5))
    app = make_app(api=api)
    notices = record_notices(app)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_payment(pilot)
        bill = screen.bill
        await fill_card(pilot, PENDING_THEN_APPROVED)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: screen.state.phase == Phase.WAITING_FOR_BANK)
        assert "Waiting for the bank" in text_of(app, "#pay-message")

        sandbox.kill()
        api.gate.set()
        await wait_until(pilot, lambda: screen.state.phase == Phase.CONNECTION_LOST)
        message = text_of(app, "#pay-message")
        assert "We lost the connection" in message and "do not pay again" in message
        assert "Waiting for the bank" not in message

        await pilot.press("ctrl+q")  # the outcome is unknown: asks first
        await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog))
        await pilot.press("escape")  # stay
        await wait_until(pilot, lambda: app.screen is screen)
        assert app.is_running

        await pilot.press("escape")  # leave: the flow keeps checking in the background
        await wait_until(pilot, lambda: isinstance(app.screen, InvoiceDetailScreen))
        assert screen.flow is not None and screen.flow.state.unsettled

        sandbox.start()
        await wait_until(pilot, lambda: screen.flow.state.phase == Phase.APPROVED)
        await pilot.pause()
        assert any(title == "Payment" and "approved" in message for title, message in notices)
        assert journal.unresolved() == []
        fresh = await api.get_bill(bill.id)
        assert fresh.remainingAmount.value < bill.remainingAmount.value
