"""The path to the first paint stays light: no httpx, keyring, FastAPI, fpdf or pydantic."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("httpx", "keyring", "fastapi", "uvicorn", "fpdf", "pydantic", "sqlite3", "babel")


def test_app_and_login_screen_import_without_heavy_modules():
    code = (
        "import json, sys\n"
        "import miclaro_tui.__main__, miclaro_tui.app, miclaro_tui.screens.login\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
