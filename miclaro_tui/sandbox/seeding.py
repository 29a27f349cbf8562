"""What a sandbox database is filled with, given to ``store.open_store`` by the app and the
command line (the store knows no data of its own): the demo customers (``seed``) and, on
request, the large business customer (``seed_large``)."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import date

from miclaro_tui.sandbox.kiosk_staff import ensure_staff
from miclaro_tui.sandbox.seed import seed_database
from miclaro_tui.sandbox.seed_prepaid import ensure_prepaid
from miclaro_tui.sandbox.store import seeded_day

LARGE_ENV = "MICLARO_SANDBOX_LARGE"
DEFAULT_SEED = 2026


@dataclass(frozen=True)
class DemoSeeding:
    """The demo customers, drawn from the random generator seeded with ``number``; with
    ``large``, the large business customer too (added to an existing database if it lacks
    it)."""

    number: int = DEFAULT_SEED
    large: bool = False

    def create(self, conn: sqlite3.Connection, today: date) -> None:
        seed_database(conn, today=today, seed=self.number)
        conn.execute("INSERT INTO meta (key, value) VALUES ('seed', ?)", (str(self.number),))

    def update(self, conn: sqlite3.Connection) -> None:
        ensure_staff(conn)  # a database migrated from schema 4 gets the kiosk staff
        ensure_prepaid(conn, self.number)  # and one from schema 5 the prepaid demo data
        if not self.large:
            return
        if conn.execute("SELECT 1 FROM meta WHERE key = 'large'").fetchone() is not None:
            return
        from miclaro_tui.sandbox.seed_large import seed_large  # 24,000 bills: only when asked

        # Dated like the demo customers: from the day the database was seeded.
        seed_large(conn, seeded_day(conn))
        conn.execute("INSERT INTO meta (key, value) VALUES ('large', '1')")


def demo(number: int = DEFAULT_SEED, *, large: bool | None = None) -> DemoSeeding:
    """The demo seeding; ``large`` None reads ``MICLARO_SANDBOX_LARGE``."""
    return DemoSeeding(number, large_requested(large))


def large_requested(flag: bool | None = None) -> bool:
    """Whether to seed the large customer: the flag if given, else ``MICLARO_SANDBOX_LARGE``."""
    if flag is not None:
        return flag
    return os.environ.get(LARGE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}
