"""Write the billing API contract: ``python -m miclaro_tui.sandbox.openapi [path]``.

The document does not depend on the database or the date; a throwaway database is used.
"""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "openapi.json"


def openapi_document() -> dict[str, Any]:
    from miclaro_tui.sandbox.app import create_app

    with tempfile.TemporaryDirectory() as folder:
        return create_app(Path(folder) / "openapi.sqlite3", date(2026, 1, 1)).openapi()


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write_openapi(path: Path = DEFAULT_PATH) -> Path:
    path.write_text(render(openapi_document()), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_openapi(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PATH))
