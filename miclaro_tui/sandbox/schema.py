"""The sandbox database's schema and the mark that says a SQLite file is ours.

Amounts are stored as decimal strings and dates as ISO strings: never floats.
"""

from __future__ import annotations

from miclaro_tui.sandbox.schema_billing import BILLING_TABLES
from miclaro_tui.sandbox.schema_kiosk import KIOSK_TABLES
from miclaro_tui.sandbox.schema_prepaid import PREPAID_TABLES

SCHEMA_VERSION = "7"
USER_VERSION = int(SCHEMA_VERSION)
APPLICATION_ID = 0x4D434C52  # "MCLR": PRAGMA application_id of every sandbox database

# The whole schema of a new database, in this order (the migrations in dbfile bring an
# older one here).
SCHEMA = BILLING_TABLES + KIOSK_TABLES + PREPAID_TABLES


def statements(script: str) -> list[str]:
    """The statements of an SQL script, one by one.

    executescript() would COMMIT the open transaction; DDL runs statement by statement."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
