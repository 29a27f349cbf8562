"""Kiosk shifts: a till's working session, from the float counted at its opening to the cash
counted at its close (ours; no TMF API has them).

Rules:
- Only kiosk staff (operators and supervisors) have shifts. One open shift per operator and
  per terminal; the shift is in the operator's country and currency.
- Opening records the terminal and the float counted by denomination.
- While open, cash payments and voids go into it (``payments``, ``refunds``); the X report
  may be read at any time.
- Closing counts the cash against what is expected (float + cash in - change - voids) and
  records the difference (negative: a shortfall). A closed shift takes nothing and cannot
  reopen; its report is then the Z report, the same every time it is read.
- An operator sees only their own shifts; a supervisor, every shift of their country (and
  may close one an operator left open). Others' shifts are not found.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from miclaro_tui.models import (
    DenominationCount,
    KioskShift,
    KioskShiftCreate,
    Money,
    Ref,
    ShiftReport,
    ShiftReportLine,
)
from miclaro_tui.sandbox import kiosk_cash, timezones
from miclaro_tui.sandbox.auth import Principal
from miclaro_tui.sandbox.errors import ApiException, not_found
from miclaro_tui.sandbox.store import next_sequence

SHIFT_PATH = "/kioskShift"


def shift_href(shift_id: str) -> str:
    return f"{SHIFT_PATH}/{shift_id}"


def shift_closed(shift_id: str) -> ApiException:
    return ApiException(
        409, "shiftClosed", f"Shift {shift_id} is closed: it takes nothing and cannot reopen"
    )


def _money(currency: str, value: str | Decimal | None) -> Money | None:
    return None if value is None else Money(unit=currency, value=Decimal(value))


def _stamp(today: date, now: float, country: str) -> str:
    return timezones.stored(timezones.moment(today, now, country))


def to_model(conn: sqlite3.Connection, row: sqlite3.Row) -> KioskShift:
    currency, country = row["currency"], row["country"]
    operator = conn.execute(
        "SELECT username, name FROM customer WHERE id = ?", (row["operator_id"],)
    ).fetchone()
    counted = _money(currency, row["counted_cash"])
    expected = _money(currency, row["expected_cash"])
    return KioskShift(
        id=row["id"],
        href=shift_href(row["id"]),
        operator=Ref(id=operator["username"], name=operator["name"]),
        terminalId=row["terminal_id"],
        state=row["state"],
        openedAt=timezones.local(row["opened_at"], country),
        closedAt=timezones.local(row["closed_at"], country) if row["closed_at"] else None,
        country=country,
        currency=currency,
        openingFloat=Money(unit=currency, value=Decimal(row["opening_float"])),
        countedCash=counted,
        expectedCash=expected,
        difference=(
            Money(unit=currency, value=counted.value - expected.value)
            if counted is not None and expected is not None
            else None
        ),
    )


def _save_count(
    conn: sqlite3.Connection, shift_id: str, stage: str, counts: Sequence[DenominationCount]
) -> None:
    conn.executemany(
        "INSERT INTO kiosk_count (shift_id, stage, value, count) VALUES (?, ?, ?, ?)",
        [(shift_id, stage, str(line.value), line.count) for line in counts],
    )


def open_shift(
    conn: sqlite3.Connection, staff: Principal, body: KioskShiftCreate, today: date, now: float
) -> KioskShift:
    country = staff.country
    opening = kiosk_cash.counted(country, body.openingCount, "openingCount")
    mine = conn.execute(
        "SELECT id, terminal_id FROM kiosk_shift WHERE operator_id = ? AND state = 'open'",
        (staff.customer_id,),
    ).fetchone()
    if mine is not None:
        raise ApiException(
            409,
            "shiftAlreadyOpen",
            f"You already have shift {mine['id']} open on terminal {mine['terminal_id']};"
            " close it first",
        )
    if conn.execute(
        "SELECT 1 FROM kiosk_shift WHERE terminal_id = ? AND state = 'open'", (body.terminalId,)
    ).fetchone():
        raise ApiException(
            409,
            "terminalInUse",
            f"Terminal {body.terminalId} has another operator's shift open",
            field="terminalId",
        )
    seq = next_sequence(conn)
    shift_id = f"SH{seq:08d}"
    conn.execute(
        "INSERT INTO kiosk_shift (id, seq, operator_id, terminal_id, state, opened_at, country,"
        " currency, opening_float) VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?)",
        (
            shift_id,
            seq,
            staff.customer_id,
            body.terminalId,
            _stamp(today, now, country),
            country,
            opening.unit,
            str(opening.value),
        ),
    )
    _save_count(conn, shift_id, "open", body.openingCount)
    return get_shift(conn, staff, shift_id)


def current_shift(conn: sqlite3.Connection, staff: Principal) -> KioskShift | None:
    row = conn.execute(
        "SELECT * FROM kiosk_shift WHERE operator_id = ? AND state = 'open'",
        (staff.customer_id,),
    ).fetchone()
    return None if row is None else to_model(conn, row)


def visible_shift(conn: sqlite3.Connection, staff: Principal, shift_id: str) -> sqlite3.Row:
    """A shift the caller may read: their own, or any of their country for a supervisor."""
    row = conn.execute("SELECT * FROM kiosk_shift WHERE id = ?", (shift_id,)).fetchone()
    if row is None or not (
        row["operator_id"] == staff.customer_id
        or (staff.role == "supervisor" and row["country"] == staff.country)
    ):
        raise not_found("Kiosk shift", shift_id)
    return row


def get_shift(conn: sqlite3.Connection, staff: Principal, shift_id: str) -> KioskShift:
    return to_model(conn, visible_shift(conn, staff, shift_id))


def taking_shift(
    conn: sqlite3.Connection, operator_id: int, country: str, shift_id: str
) -> sqlite3.Row:
    """The shift a cash payment goes into: the operator's own, and open."""
    row = conn.execute("SELECT * FROM kiosk_shift WHERE id = ?", (shift_id,)).fetchone()
    if row is None or row["country"] != country:
        raise ApiException(
            409,
            "noOpenShift",
            f"No open shift {shift_id} of yours: open a shift before taking cash",
            field="paymentMethod.shift",
        )
    if row["operator_id"] != operator_id:
        raise ApiException(
            403,
            "notYourShift",
            f"Shift {shift_id} is another operator's: take cash in your own shift",
            field="paymentMethod.shift",
        )
    if row["state"] != "open":
        raise shift_closed(shift_id)
    return row


# --- reports -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    lines: list[ShiftReportLine]
    cash_in: Decimal
    change: Decimal
    voided: Decimal
    expected: Decimal


def totals(conn: sqlite3.Connection, shift: sqlite3.Row) -> Totals:
    currency = shift["currency"]
    count = {"billPayment": 0, "topup": 0, "void": 0}
    amount = {key: Decimal(0) for key in count}
    cash_in = change = voided = Decimal(0)
    for row in conn.execute(
        "SELECT payment.amount, payment.cash_received, payment.change_given,"
        " EXISTS (SELECT 1 FROM payment_item WHERE payment_id = payment.id) AS pays_bills"
        " FROM payment WHERE shift_id = ? AND method_type = 'cash'",
        (shift["id"],),
    ):
        operation = "billPayment" if row["pays_bills"] else "topup"
        count[operation] += 1
        amount[operation] += Decimal(row["amount"])
        cash_in += Decimal(row["cash_received"])
        change += Decimal(row["change_given"])
    for row in conn.execute("SELECT amount FROM refund WHERE shift_id = ?", (shift["id"],)):
        count["void"] += 1
        amount["void"] += Decimal(row["amount"])
        voided += Decimal(row["amount"])
    lines = [
        ShiftReportLine(
            operation=operation,
            count=count[operation],
            amount=Money(unit=currency, value=amount[operation]),
        )
        for operation in count
    ]
    expected = Decimal(shift["opening_float"]) + cash_in - change - voided
    return Totals(lines, cash_in, change, voided, expected)


def _report(
    conn: sqlite3.Connection, shift: sqlite3.Row, kind: str, generated_at: str
) -> ShiftReport:
    currency = shift["currency"]
    figures = totals(conn, shift)
    model = to_model(conn, shift)
    closing = []
    if kind == "Z":
        closing = [
            DenominationCount(value=Decimal(row["value"]), count=row["count"])
            for row in conn.execute(
                "SELECT value, count FROM kiosk_count WHERE shift_id = ? AND stage = 'close'"
                " ORDER BY CAST(value AS REAL) DESC",
                (shift["id"],),
            )
        ]
    return ShiftReport(
        shift=model,
        kind=kind,
        generatedAt=timezones.local(generated_at, shift["country"]),
        lines=figures.lines,
        cashIn=Money(unit=currency, value=figures.cash_in),
        changeGiven=Money(unit=currency, value=figures.change),
        voided=Money(unit=currency, value=figures.voided),
        expectedCash=Money(unit=currency, value=figures.expected),
        countedCash=model.countedCash,
        difference=model.difference,
        count=closing,
    )


def report(
    conn: sqlite3.Connection, staff: Principal, shift_id: str, today: date, now: float
) -> ShiftReport:
    """The X report of an open shift (as of now), or the Z report of a closed one."""
    shift = visible_shift(conn, staff, shift_id)
    if shift["state"] == "closed":
        return _report(conn, shift, "Z", shift["closed_at"])
    return _report(conn, shift, "X", _stamp(today, now, shift["country"]))


def close(
    conn: sqlite3.Connection,
    staff: Principal,
    shift_id: str,
    counts: Sequence[DenominationCount],
    today: date,
    now: float,
) -> ShiftReport:
    """Close the shift with the cash counted: the Z report, with the surplus or shortfall."""
    shift = visible_shift(conn, staff, shift_id)
    if shift["state"] != "open":
        raise shift_closed(shift_id)
    counted = kiosk_cash.counted(shift["country"], counts, "count")
    expected = totals(conn, shift).expected
    when = _stamp(today, now, shift["country"])
    conn.execute(
        "UPDATE kiosk_shift SET state = 'closed', closed_at = ?, counted_cash = ?,"
        " expected_cash = ?, closed_by = ? WHERE id = ?",
        (when, str(counted.value), str(expected), staff.customer_id, shift_id),
    )
    _save_count(conn, shift_id, "close", counts)
    closed = conn.execute("SELECT * FROM kiosk_shift WHERE id = ?", (shift_id,)).fetchone()
    return _report(conn, closed, "Z", when)
