"""Command line: flags -> settings -> app.run(api factory).

The factory builds the HTTP client (and, without --server, the in-process sandbox) in a
worker after the first paint, so httpx, FastAPI and the sandbox stay off the start-up path.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from miclaro_tui import __version__
from miclaro_tui.config import COUNTRIES, Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from textual.app import App

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
    parser.add_argument(
        "--kiosk",
        action="store_true",
        help="run as the till of a cash payment point (operators sign in; locked down)",
    )
    parser.add_argument(
        "--terminal", metavar="ID", help="kiosk mode: this till's id (default: [kiosk] terminal_id)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    web = commands.add_parser("web", help="serve the app to web browsers (textual-serve)")
    web.add_argument("--host", default="127.0.0.1")
    web.add_argument("--port", type=int, default=8000)
    web.add_argument(
        "--public-url", metavar="URL", help="the address browsers use (default http://HOST:PORT)"
    )
    kiosk = commands.add_parser("kiosk", help="kiosk mode's tools")
    kiosk_actions = kiosk.add_subparsers(dest="kiosk_command", metavar="ACTION", required=True)
    verify = kiosk_actions.add_parser(
        "verify-log", help="check the audit log's hash chain and name the first broken line"
    )
    verify.add_argument(
        "file", type=Path, nargs="?", help="the audit log (default: the configured one)"
    )
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


def verify_log(path: Path) -> int:
    """``miclaro kiosk verify-log``: 0 when the chain holds, 1 naming the first broken line."""
    from miclaro_tui.i18n import _
    from miclaro_tui.kiosk.audit import verify_log as check

    try:
        verdict = check(path)
    except OSError as error:
        print(f"miclaro: {path}: {error.strerror or error}", file=sys.stderr)
        return 2
    if verdict.ok:
        print(_("{path}: {n} lines, the chain is intact.").format(path=path, n=verdict.lines))
        return 0
    print(
        _("{path}: line {line} breaks the chain: {reason}").format(
            path=path, line=verdict.broken_line, reason=verdict.reason
        )
    )
    return 1


def with_terminal(settings: Settings, terminal: str | None) -> Settings:
    if not terminal:
        return settings
    from dataclasses import asdict, replace

    from miclaro_tui.config import kiosk_settings

    table = {**asdict(settings.kiosk), "terminal_id": terminal}
    return replace(settings, kiosk=kiosk_settings(table))


def run_web(args: argparse.Namespace) -> int:
    """Serve the app to browsers: each browser tab runs ``miclaro`` (with this command's
    --server, --locale, --country and --kiosk) in a process of its own."""
    import shlex

    from textual_serve.server import Server

    command = [sys.executable, "-m", "miclaro_tui"]
    for flag in ("server", "locale", "country", "terminal"):
        if getattr(args, flag, None):
            command += [f"--{flag}", getattr(args, flag)]
    if getattr(args, "kiosk", False):
        command.append("--kiosk")
    Server(
        shlex.join(command),
        host=args.host,
        port=args.port,
        title="Mi Claro",
        public_url=args.public_url,
    ).serve()
    return 0


def run_app(app: App[None]) -> None:
    app.run()


def main(argv: Sequence[str] | None = None, run: Callable[[App[None]], None] = run_app) -> int:
    """``run``: how the app is run (bench/startup.py runs it headless and times it)."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(
            {"server": args.server, "locale": args.locale, "country": args.country}
        )
        settings = with_terminal(settings, args.terminal)
    except SettingsError as error:
        print(f"miclaro: {error}", file=sys.stderr)
        return 2
    if args.command == "sandbox":
        return run_sandbox(args, settings)
    if args.command == "web":
        return run_web(args)

    from miclaro_tui.i18n import set_language

    set_language(settings.locale)
    if args.command == "kiosk":
        return verify_log(args.file or settings.audit_log)
    # Start-up builds ~100,000 objects that live as long as the app (Textual, its CSS, the
    # screens): the collector's passes over them free nothing and cost ~30 ms before the first
    # frame. It is back on once that frame is drawn (``MiClaroApp.on_ready``).
    gc.disable()
    from miclaro_tui.app import MiClaroApp

    demo_users: Sequence[DemoUser] = ()
    if settings.on_sandbox:
        from miclaro_tui.sandbox.demo import DEMO_USERS  # standard library only: cheap

        demo_users = DEMO_USERS
    if args.kiosk:
        from miclaro_tui.kiosk_app import KioskApp

        staff: Sequence[DemoUser] = ()
        if settings.on_sandbox:
            from miclaro_tui.sandbox.kiosk_staff import DEMO_STAFF

            staff = DEMO_STAFF  # the kiosk's sign-in lists them by role and country
        run(KioskApp(api=api_factory(settings), settings=settings, demo_users=staff))
        return 0
    run(MiClaroApp(api=api_factory(settings), settings=settings, demo_users=demo_users))
    return 0


if __name__ == "__main__":
    sys.exit(main())
