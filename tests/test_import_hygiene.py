"""The path to the first paint stays light: no httpx, keyring, FastAPI, fpdf or pydantic."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = (
    "httpx",
    "keyring",
    "fastapi",
    "uvicorn",
    "fpdf",
    "pydantic",
    "sqlite3",
    "babel",
    "plotext",
    "textual_plotext",
    "phonenumbers",
)
CHARTS = ("plotext", "textual_plotext")
"""About 250 ms: loaded by the chart widget only, when a screen with a chart opens."""


def test_app_and_login_screen_import_without_heavy_modules():
    code = (
        "import json, sys\n"
        "import miclaro_tui.__main__, miclaro_tui.app, miclaro_tui.screens.login\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_screens_load_the_chart_library_only_when_a_chart_opens():
    modules = ", ".join(
        f"miclaro_tui.screens.{name}"
        for name in (
            "home",
            "invoices",
            "help",
            "prepaid_balance",
            "spending",
            "topup",
            "topup_guest",
            "transfer",
            "advance",
            "balance_history",
        )
    )
    code = (
        "import json, sys\n"
        f"import {modules}\n"
        f"print(json.dumps(sorted(m for m in {CHARTS!r} if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
