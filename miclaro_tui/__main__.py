"""Command line: flags -> settings -> app.run(api factory).

The factory builds the HTTP client (and, without --server, the in-process sandbox) in a
worker after the first paint, so httpx, FastAPI and the sandbox stay off the start-up path.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from miclaro_tui import __version__
from miclaro_tui.config import COUNTRIES, Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from miclaro_tui.api import BillingApi
    from miclaro_tui.screens.shell import DemoUser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="miclaro",
        description="Mi Claro in your terminal: invoices, payments and top-ups. "
        "Without --server it runs on the embedded sandbox (demo data, no real money).",
    )
    parser.add_argument("--version", action="version", version=f"miclaro {__version__}")
    parser.add_argument(
        "--server", metavar="URL", help="billing API base URL (default: the embedded sandbox)"
    )
    parser.add_argument("--locale", metavar="LANG", help="language: es (default), en, pt_BR")
    parser.add_argument(
        "--country", choices=COUNTRIES, help="country profile before sign-in (default CO)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    sandbox = commands.add_parser("sandbox", help="run or reset the sandbox billing API")
    actions = sandbox.add_subparsers(dest="sandbox_command", metavar="ACTION", required=True)
    serve = actions.add_parser("serve", help="serve the sandbox over HTTP for other terminals")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--db", type=Path, help="SQLite file (default: in the user data folder)")
    reset = actions.add_parser("reset", help="delete the sandbox database and seed it anew")
    reset.add_argument("--db", type=Path, help="SQLite file (default: in the user data folder)")
    for action in (serve, reset):
        action.add_argument(
            "--large",
            action="store_true",
            help="when seeding, add the business customer 'empresa' (24,000 bills)",
        )
    return parser


def api_factory(settings: Settings) -> Callable[[], BillingApi]:
    def build() -> BillingApi:
        from miclaro_tui.client import BillingClient
        from miclaro_tui.journal import Journal

        settings.data_dir.mkdir(parents=True, exist_ok=True)
        journal = Journal(settings.data_dir / "payments.journal")
        if settings.server:
            return BillingClient(settings.server, timeout=settings.timeout, journal=journal)
        import httpx

        from miclaro_tui.sandbox.app import create_app

        sandbox = create_app(settings.sandbox_db, settings.today or date.today())
        return BillingClient(
            "http://127.0.0.1",
            transport=httpx.ASGITransport(app=sandbox),
            timeout=settings.timeout,
            is_sandbox=True,
            journal=journal,
        )

    return build


def run_sandbox(args: argparse.Namespace, settings: Settings) -> int:
    from miclaro_tui.sandbox import cli

    if args.db is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)  # our own folder: made if missing
    db = args.db or settings.sandbox_db  # a --db is used as given: its folder must exist
    today = settings.today or date.today()
    large = True if args.large else None  # None: the MICLARO_SANDBOX_LARGE variable decides
    if args.sandbox_command == "serve":
        cli.serve(host=args.host, port=args.port, db_path=db, today=today, large=large)
    else:
        cli.reset(db_path=db, today=today, large=large)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(
            {"server": args.server, "locale": args.locale, "country": args.country}
        )
    except SettingsError as error:
        print(f"miclaro: {error}", file=sys.stderr)
        return 2
    if args.command == "sandbox":
        return run_sandbox(args, settings)

    from miclaro_tui.i18n import set_language

    set_language(settings.locale)
    from miclaro_tui.app import MiClaroApp

    demo_users: Sequence[DemoUser] = ()
    if settings.on_sandbox:
        from miclaro_tui.sandbox.demo import DEMO_USERS  # standard library only: cheap

        demo_users = DEMO_USERS
    MiClaroApp(api=api_factory(settings), settings=settings, demo_users=demo_users).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
