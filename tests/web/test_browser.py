"""The same app in a browser: ``miclaro web`` (textual-serve) driven by a real headless
Chromium through Playwright. The browser draws the terminal on a canvas, so the test reads
what the server sent it (the websocket's terminal output, escape sequences removed) and types
with the browser's keyboard, as a person would.

Needs Debian's ``chromium`` (scripts/test.sh installs it); skipped only where there is none.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "camila2026"
TOTAL = re.compile(r"Total +\$\d{1,3}(?:\.\d{3})*,\d\d")
"""The invoice's total as Colombia writes it: "Total  $153.646,00"."""
ESCAPES = re.compile(
    r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]"  # CSI: cursor moves, colours
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: title, clipboard
    r"|\x1b[PX^_].*?\x1b\\"  # DCS and the like
    r"|\x1b[@-Z\\-_]"
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no chromium binary on this machine"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(
    condition: Callable[[], object],
    what: str,
    pause: Callable[[], object] = lambda: time.sleep(0.05),
    timeout: float = 60.0,
    shown: Callable[[], str] = lambda: "",
) -> None:
    """Until ``condition()``; ``pause`` between looks (a page's own wait, so that Playwright
    handles the browser's events meanwhile). On a timeout the error ends with ``shown()``:
    what the browser showed last."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}; the screen: {shown()!r}")
        pause()


_pressed_at: dict[str, float] = {}


def again(page, key: str, awaited: str) -> bool:
    """Press ``key`` again every 10 s while ``awaited`` has not shown: on a loaded machine the
    browser may deliver the first press before the new screen's keys are bound, and a person
    would press again too. Always False (a condition of ``wait_for``)."""
    last = _pressed_at.setdefault(awaited, time.monotonic())
    if time.monotonic() - last > 10:
        page.keyboard.press(key)
        _pressed_at[awaited] = time.monotonic()
    return False


class Terminal:
    """What the server drew in the browser, as text (the websocket's frames)."""

    def __init__(self) -> None:
        self.chunks: list[str] = []

    def received(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            self.chunks.append(payload.decode("utf-8", "replace"))

    def mark(self) -> int:
        return len(self.chunks)

    def text(self, since: int = 0) -> str:
        return ESCAPES.sub("", "".join(self.chunks[since:]))


@pytest.fixture
def served(tmp_path: Path):
    """``miclaro web`` on a free port against the embedded sandbox; yields its URL and a
    function that stops it and returns all it wrote (its log)."""
    port = free_port()
    log = tmp_path / "server.log"
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "MICLARO_TODAY": "2026-11-25",
        "PYTHONUNBUFFERED": "1",
    }
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "miclaro_tui", "web", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:

            def listening() -> bool:
                with socket.socket() as sock:
                    return sock.connect_ex(("127.0.0.1", port)) == 0

            def stop() -> str:
                if server.poll() is None:
                    server.terminate()
                    server.wait(timeout=30)
                return log.read_text(encoding="utf-8", errors="replace")

            wait_for(listening, "the server to listen")
            yield f"http://127.0.0.1:{port}/", stop
        finally:
            stop()


def test_sign_in_open_an_invoice_and_see_its_total(served):
    from playwright.sync_api import sync_playwright

    url, stop = served
    terminal = Terminal()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            pause = lambda: page.wait_for_timeout(50)  # noqa: E731
            page.on("websocket", lambda ws: ws.on("framereceived", terminal.received))
            page.goto(url)
            wait_for(lambda: "Contraseña" in terminal.text(), "the login form", pause)
            page.locator(".xterm-helper-textarea").focus()  # the app's focus stays put
            page.keyboard.type("camila")
            page.keyboard.press("Tab")
            page.keyboard.type(PASSWORD)
            mark = terminal.mark()
            page.keyboard.press("Enter")
            last = lambda: terminal.text()[-1500:]  # noqa: E731
            wait_for(lambda: "Facturas" in terminal.text(mark), "Home", pause, shown=last)
            signed_in = mark = terminal.mark()
            page.keyboard.press("i")
            wait_for(
                lambda: "Vencida" in terminal.text(mark) or again(page, "i", "Vencida"),
                "the invoice list",
                pause,
                shown=last,
            )
            mark = terminal.mark()
            page.keyboard.press("Enter")
            wait_for(
                lambda: TOTAL.search(terminal.text(mark)), "the invoice's total", pause, shown=last
            )
            invoice = terminal.text(mark)
        finally:
            browser.close()
    assert re.search(r"Factura FE\d+", invoice)
    assert "Pendiente" in invoice or "Vencida" in invoice
    # Secrets: once signed in, nothing of the password reaches the page (the sandbox's login
    # screen lists the demo passwords), nor the server's log.
    assert PASSWORD not in terminal.text(signed_in)
    server_log = stop()
    assert "GET /ws" in server_log  # the log was captured...
    assert PASSWORD not in server_log  # ...and holds nothing of the password
