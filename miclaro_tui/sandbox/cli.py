"""``miclaro sandbox serve`` and ``miclaro sandbox reset`` (wired up by the entry point).

A database path that cannot be used, or a file that is not the sandbox's, is refused with one
line on stderr and exit status 2 (``SystemExit``); nothing is deleted or changed.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

from miclaro_tui.sandbox.demo import DEMO_USERS, LARGE_USER

EXIT_REFUSED = 2


def serve(
    host: str = "127.0.0.1",
    port: int = 8080,
    db_path: Path | None = None,
    today: date | None = None,
    large: bool | None = None,
) -> None:
    """Serve the sandbox over HTTP with uvicorn until interrupted. ``large`` (or
    ``MICLARO_SANDBOX_LARGE=1``) adds the large business customer. An explicit ``db_path``
    must be in an existing folder; the default one's folder is created."""
    import uvicorn

    from miclaro_tui.sandbox.app import create_app
    from miclaro_tui.sandbox.dbfile import DatabaseRefused
    from miclaro_tui.sandbox.seeding import large_requested

    create_folder = db_path is None
    db_path, today = _defaults(db_path, today)
    large = large_requested(large)
    try:
        app = create_app(db_path, today, large=large, create_folder=create_folder)
    except DatabaseRefused as refused:
        _refuse(refused)
    print(f"miclaro sandbox: http://{host}:{port}  (database {db_path}, today {today})")
    print(f"  connect with: miclaro --server http://{host}:{port}")
    print("  demo users (username / password):")
    for user in (*DEMO_USERS, LARGE_USER) if large else DEMO_USERS:
        print(f"    {user.username:<8} {user.password:<12} {user.country}  {user.description}")
    uvicorn.run(app, host=host, port=port, log_level="info")


def reset(
    db_path: Path | None = None, today: date | None = None, large: bool | None = None
) -> None:
    """Delete the sandbox database and seed a fresh one (with the large customer if asked).
    Only a database of ours (any schema) is deleted; another program's file is refused."""
    from miclaro_tui.sandbox import dbfile, seeding
    from miclaro_tui.sandbox.store import open_store

    create_folder = db_path is None
    db_path, today = _defaults(db_path, today)
    seed = seeding.demo(large=large)
    try:
        dbfile.reset(db_path, today, seed, create_folder=create_folder)
        open_store(db_path, today, seed).close()
    except dbfile.DatabaseRefused as refused:
        _refuse(refused)
    print(f"miclaro sandbox: reset {db_path} (today {today})")


def _refuse(refused: Exception) -> NoReturn:
    print(f"miclaro sandbox: {refused}", file=sys.stderr)
    raise SystemExit(EXIT_REFUSED)


def _defaults(db_path: Path | None, today: date | None) -> tuple[Path, date]:
    if db_path is None or today is None:
        from miclaro_tui.config import load_settings

        settings = load_settings()
        db_path = db_path or settings.sandbox_db
        today = today or settings.today or date.today()
    return Path(db_path), today
