"""``miclaro sandbox serve`` and ``miclaro sandbox reset`` (wired up by the entry point)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from miclaro_tui.sandbox.demo import DEMO_USERS


def serve(
    host: str = "127.0.0.1",
    port: int = 8080,
    db_path: Path | None = None,
    today: date | None = None,
) -> None:
    """Serve the sandbox over HTTP with uvicorn until interrupted."""
    import uvicorn

    from miclaro_tui.sandbox.app import create_app

    db_path, today = _defaults(db_path, today)
    app = create_app(db_path, today)
    print(f"miclaro sandbox: http://{host}:{port}  (database {db_path}, today {today})")
    print(f"  connect with: miclaro --server http://{host}:{port}")
    print("  demo users (username / password):")
    for user in DEMO_USERS:
        print(f"    {user.username:<8} {user.password:<12} {user.country}  {user.description}")
    uvicorn.run(app, host=host, port=port, log_level="info")


def reset(db_path: Path | None = None, today: date | None = None) -> None:
    """Delete the sandbox database and seed a fresh one."""
    from miclaro_tui.sandbox.store import delete_database, open_store

    db_path, today = _defaults(db_path, today)
    delete_database(db_path)
    open_store(db_path, today)
    print(f"miclaro sandbox: reset {db_path} (today {today})")


def _defaults(db_path: Path | None, today: date | None) -> tuple[Path, date]:
    if db_path is None or today is None:
        from miclaro_tui.config import load_settings

        settings = load_settings()
        db_path = db_path or settings.sandbox_db
        today = today or settings.today or date.today()
    return Path(db_path), today
