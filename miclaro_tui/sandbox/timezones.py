"""The moment of a payment, in the time zone of the account's country.

The sandbox's day is its "today" (frozen for demos and tests); the time of day is the app's
clock read in the country's zone. So a payment made at 03:26 in Bogotá is stamped 03:26 -05:00
on the sandbox's day. The database keeps moments in UTC (so they sort as text); the API and
the receipts show them in the account's zone. ``tzdata`` supplies the zones where the system
has none.
"""

from __future__ import annotations

from datetime import date, datetime, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo


@cache
def zone(country: str) -> tzinfo:
    from miclaro_tui.countries import COUNTRIES

    profile = COUNTRIES.get(country)
    return ZoneInfo(profile.time_zone) if profile else timezone.utc


def moment(today: date, now: float, country: str) -> datetime:
    """The clock's time of day in the country's zone, on the sandbox's day (whole seconds)."""
    local = zone(country)
    clock = datetime.fromtimestamp(int(now), local)
    return datetime.combine(today, clock.time(), tzinfo=local)


def stored(when: datetime) -> str:
    """How the database keeps a moment: ISO 8601 in UTC."""
    return when.astimezone(timezone.utc).isoformat()


def local(value: str, country: str) -> datetime:
    """A stored moment in the country's zone."""
    return datetime.fromisoformat(value).astimezone(zone(country))


def zone_label(when: datetime) -> str:
    """ "AST (UTC-04:00)" where the zone has a name, "UTC-05:00" where it has only an offset."""
    offset = when.utcoffset()
    if offset is None:
        return "UTC"
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    numeric = f"UTC{sign}{hours:02d}:{minutes:02d}"
    name = when.tzname() or ""
    return f"{name} ({numeric})" if name.isalpha() and name != "UTC" else numeric
