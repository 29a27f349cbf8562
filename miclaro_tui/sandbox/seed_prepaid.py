"""Demo data of the prepaid half: the carrier's other numbers, the buckets of every prepaid
line, 6 months of usage of every line and the top-up history that makes a line eligible for
a balance advance or not.

Added once to a database (meta "prepaid"), new or migrated from an older schema, dated from
the day it was seeded and drawn from ``random.Random`` seeded per line, so the same seed
always gives the same figures (the charts' snapshots rely on it).

- andres (EC): top-ups over the last 10 months: eligible for an advance.
- rosa (DO): a young line, first top-up 3 weeks ago: not eligible (tooNew).
- camila (CO): a prepaid line with 5 months of top-ups.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from miclaro_tui.sandbox import timezones
from miclaro_tui.sandbox.prepaid import usage_months
from miclaro_tui.sandbox.store import next_sequence, seeded_day

# Per country: (number, line type, balance). Prepaid lines of people who are not sandbox
# customers (receivers of top-ups, transfers and gifts) and one postpaid number (refused).
CARRIER_NUMBERS: dict[str, tuple[tuple[str, str, str | None], ...]] = {
    "CO": (
        ("+573151234567", "prepaid", "4200"),
        ("+573005551234", "prepaid", "0"),
        ("+573112223344", "prepaid", "15000"),
        ("+573176543210", "postpaid", None),
    ),
    "EC": (
        ("+593987654321", "prepaid", "1.25"),
        ("+593991112233", "prepaid", "0"),
        ("+593961234567", "prepaid", "6.80"),
        ("+593984445566", "postpaid", None),
    ),
    "DO": (
        ("+18095551234", "prepaid", "120"),
        ("+18295556789", "prepaid", "0"),
        ("+18495550000", "postpaid", None),
    ),
    "PE": (
        ("+51912345678", "prepaid", "3.50"),
        ("+51998877665", "prepaid", "0"),
        ("+51955544433", "postpaid", None),
    ),
    "BR": (
        ("+5521987654321", "prepaid", "12.00"),
        ("+5511912345678", "prepaid", "0"),
        ("+5511933334444", "postpaid", None),
    ),
}
CURRENCIES = {"CO": "COP", "EC": "USD", "DO": "DOP", "PE": "PEN", "BR": "BRL"}

# Per demo user: (months back of top-up history, top-ups a month, amounts to draw from).
HISTORY: dict[str, tuple[int, int, tuple[str, ...]]] = {
    "andres": (10, 2, ("3", "5", "10")),
    "camila": (5, 1, ("5000", "10000", "20000")),
}
YOUNG_LINE_DAYS = (21, 6)  # rosa's two top-ups, days ago
YOUNG_AMOUNTS = ("100", "200")

BUCKETS = (  # usage type, name, units, initial range
    ("data", "Datos", "MB", (2048, 10240)),
    ("voice", "Minutos", "min", (100, 500)),
    ("sms", "SMS", "SMS", (50, 300)),
)
USAGE_RANGES = {"data": (600, 6000), "voice": (40, 450), "sms": (5, 90)}


def ensure_prepaid(conn: sqlite3.Connection, seed: int) -> None:
    """Add the prepaid demo data unless the database has it (inside a write transaction)."""
    if conn.execute("SELECT 1 FROM meta WHERE key = 'prepaid'").fetchone() is not None:
        return
    today = seeded_day(conn)
    for country, rows in CARRIER_NUMBERS.items():
        conn.executemany(
            "INSERT OR IGNORE INTO carrier_number (e164_digits, number, country, line_type,"
            " currency, balance) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (number.lstrip("+"), number, country, kind, CURRENCIES[country], balance)
                for number, kind, balance in rows
            ],
        )
    lines = conn.execute(
        "SELECT line.*, billing_account.country, billing_account.currency,"
        " billing_account.customer_id, customer.username FROM line"
        " JOIN billing_account ON billing_account.id = line.account_id"
        " JOIN customer ON customer.id = billing_account.customer_id"
        " WHERE customer.role = 'customer' ORDER BY line.id"
    ).fetchall()
    for line in lines:
        rng = random.Random(f"{seed}:prepaid:{line['number']}")
        _usage(conn, line, today, rng)
        if line["line_type"] == "prepaid":
            _buckets(conn, line, today, rng)
            _history(conn, line, today, rng)
    conn.execute("INSERT INTO meta (key, value) VALUES ('prepaid', '1')")


def _usage(conn: sqlite3.Connection, line: sqlite3.Row, today: date, rng: random.Random) -> None:
    for first in usage_months(today):
        for usage_type, (low, high) in USAGE_RANGES.items():
            conn.execute(
                "INSERT OR IGNORE INTO usage_month (line_id, usage_type, month, amount)"
                " VALUES (?, ?, ?, ?)",
                (line["id"], usage_type, first.isoformat(), str(rng.randint(low, high))),
            )


def _at(day: date, hour: int, minute: int, country: str) -> str:
    return timezones.stored(
        datetime.combine(day, time(hour, minute), tzinfo=timezones.zone(country))
    )


def _buckets(conn: sqlite3.Connection, line: sqlite3.Row, today: date, rng: random.Random) -> None:
    country = line["country"]
    start = today - timedelta(days=rng.randint(3, 20))
    valid = (_at(start, 0, 0, country), _at(start + timedelta(days=30), 23, 59, country))
    balance = Decimal(
        conn.execute(
            "SELECT prepaid_balance FROM billing_account WHERE id = ?", (line["account_id"],)
        ).fetchone()[0]
        or 0
    )
    rows: list[tuple[str, str, str, str, str, str, tuple[str, str] | None]] = [
        (
            f"{line['id']}-MON",
            "monetary",
            "Saldo",
            line["currency"],
            str(balance),
            str(balance),
            None,
        )
    ]
    for usage_type, name, units, (low, high) in BUCKETS:
        size = rng.randint(low, high)
        left = rng.randint(size // 10, size * 9 // 10)
        rows.append(
            (
                f"{line['id']}-{usage_type.upper()}",
                usage_type,
                name,
                units,
                str(left),
                str(size),
                valid,
            )
        )
    for bucket_id, kind, label, unit, remaining, initial, period in rows:
        conn.execute(
            "INSERT OR IGNORE INTO bucket (id, line_id, usage_type, name, units, remaining,"
            " initial, valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                bucket_id,
                line["id"],
                kind,
                label,
                unit,
                remaining,
                initial,
                period[0] if period else None,
                period[1] if period else None,
            ),
        )


def _history(conn: sqlite3.Connection, line: sqlite3.Row, today: date, rng: random.Random) -> None:
    """Top-ups paid in cash at a shop, oldest first."""
    plan = HISTORY.get(line["username"])
    days: list[tuple[date, str]] = []
    if plan is not None:
        months, per_month, amounts = plan
        for back in range(months, 0, -1):
            for _ in range(per_month):
                day = today - timedelta(days=back * 30 - rng.randint(0, 25))
                days.append((day, rng.choice(amounts)))
    else:
        days = [
            (today - timedelta(days=back), amount)
            for back, amount in zip(YOUNG_LINE_DAYS, YOUNG_AMOUNTS, strict=True)
        ]
    for day, amount in sorted(days):
        _seeded_topup(conn, line, day, amount, rng)


def _seeded_topup(
    conn: sqlite3.Connection, line: sqlite3.Row, day: date, amount: str, rng: random.Random
) -> None:
    seq = next_sequence(conn)
    when = _at(day, rng.randint(8, 20), rng.randint(0, 59), line["country"])
    payment_id = f"PAY{seq:08d}"
    conn.execute(
        "INSERT INTO payment (id, seq, customer_id, account_id, correlator_id, status,"
        " status_date, payment_date, currency, amount, method_type, method_description,"
        " channel_id, channel_name, authorization_code, receipt_no)"
        " VALUES (?, ?, ?, ?, ?, 'done', ?, ?, ?, ?, 'cash', ?, 'store', ?, ?, ?)",
        (
            payment_id,
            seq,
            line["customer_id"],
            line["account_id"],
            f"seed-topup-{seq:08d}",
            when,
            when,
            line["currency"],
            amount,
            "Recarga en tienda",
            "Tienda Claro",
            f"{rng.randint(0, 999999):06d}",
            f"RC-{day:%Y%m%d}-{seq:06d}",
        ),
    )
    conn.execute(
        "INSERT INTO payment_topup (payment_id, number, amount) VALUES (?, ?, ?)",
        (payment_id, line["number"], amount),
    )
    conn.execute(
        "INSERT INTO topup (id, seq, payment_id, number, currency, amount, requested_date,"
        " confirmation_date, receipt_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            f"TOP{seq:08d}",
            seq,
            payment_id,
            line["number"],
            line["currency"],
            amount,
            when,
            when,
            f"RT-{day:%Y%m%d}-{seq:06d}",
        ),
    )
    conn.execute(
        "INSERT INTO balance_action (id, seq, number, action_type, date, currency, amount,"
        " payment_id, receipt_no) VALUES (?, ?, ?, 'topup', ?, ?, ?, ?, ?)",
        (
            f"BA{seq:08d}",
            seq,
            line["number"],
            when,
            line["currency"],
            amount,
            payment_id,
            f"RT-{day:%Y%m%d}-{seq:06d}",
        ),
    )
