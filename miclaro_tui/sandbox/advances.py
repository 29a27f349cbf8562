"""Balance advances ("préstamo de saldo"): a prepaid line with enough top-up history may
borrow a little balance for a fee; one advance is open at a time, and the line's next top-ups
repay it (amount and fee) before anything is credited.

Eligibility: at least ``ADVANCE_MIN_MONTHS`` months since the line's first top-up (else
tooNew), and an average top-up over the last 6 months of at least twice the smallest
advance (else lowTopups). The amount is the country's largest step at most half that
average; the fee is 10 % of it.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from miclaro_tui.models import BalanceAdvance, BalanceAdvanceCreate, BalanceAdvanceOffer, Money
from miclaro_tui.sandbox import balances, prepaid, prepaid_catalog, timezones
from miclaro_tui.sandbox.errors import ApiException
from miclaro_tui.sandbox.prepaid_catalog import ADVANCE_FEE_RATE, ADVANCE_MIN_MONTHS

HISTORY_MONTHS = 6


def _months_between(first: date, today: date) -> int:
    months = (today.year - first.year) * 12 + today.month - first.month
    return months - (1 if today.day < first.day else 0)


def open_advance(conn: sqlite3.Connection, line_id: str) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT * FROM advance WHERE line_id = ? AND state = 'open'", (line_id,)
    ).fetchone()


def offer_for(conn: sqlite3.Connection, line: sqlite3.Row, today: date) -> BalanceAdvanceOffer:
    currency, country = line["currency"], line["country"]
    rows = conn.execute(
        "SELECT amount, confirmation_date FROM topup WHERE number = ? ORDER BY seq",
        (line["number"],),
    ).fetchall()
    days = [timezones.local(row["confirmation_date"], country).date() for row in rows]
    months = _months_between(min(days), today) if days else 0
    since = prepaid.usage_months(today, HISTORY_MONTHS)[0]
    recent = [Decimal(row["amount"]) for row, day in zip(rows, days, strict=True) if day >= since]
    step = prepaid.quantum(currency)
    average = (sum(recent, Decimal(0)) / len(recent)).quantize(step) if recent else Decimal(0)
    base = {
        "product": prepaid.line_ref(line),
        "monthsActive": months,
        "averageTopup": Money(unit=currency, value=average),
    }
    if open_advance(conn, line["id"]) is not None:
        return BalanceAdvanceOffer(eligible=False, reason="advanceOpen", **base)
    if months < ADVANCE_MIN_MONTHS:
        return BalanceAdvanceOffer(eligible=False, reason="tooNew", **base)
    steps = [Decimal(s) for s in prepaid_catalog.offer(country).advance_steps]
    fitting = [s for s in steps if s <= average / 2]
    if not fitting:
        return BalanceAdvanceOffer(eligible=False, reason="lowTopups", **base)
    amount = max(fitting)
    fee = (amount * ADVANCE_FEE_RATE).quantize(step, rounding=ROUND_HALF_UP)
    return BalanceAdvanceOffer(
        eligible=True,
        amount=Money(unit=currency, value=amount),
        fee=Money(unit=currency, value=fee),
        **base,
    )


def get_offer(
    conn: sqlite3.Connection, customer_id: int, line_id: str, today: date
) -> BalanceAdvanceOffer:
    return offer_for(conn, prepaid.prepaid_line(conn, customer_id, line_id), today)


def _advance(row: sqlite3.Row, line: sqlite3.Row) -> BalanceAdvance:
    currency, country = row["currency"], line["country"]
    return BalanceAdvance(
        id=row["id"],
        product=prepaid.line_ref(line),
        amount=Money(unit=currency, value=Decimal(row["amount"])),
        fee=Money(unit=currency, value=Decimal(row["fee"])),
        state=row["state"],
        createdDate=timezones.local(row["created_date"], country),
        repaidDate=timezones.local(row["repaid_date"], country) if row["repaid_date"] else None,
        receiptNo=row["receipt_no"],
    )


def take(
    conn: sqlite3.Connection,
    customer_id: int,
    body: BalanceAdvanceCreate,
    today: date,
    now: float,
) -> BalanceAdvance:
    """Lend the offer's amount (inside the caller's write transaction)."""
    line = prepaid.prepaid_line(conn, customer_id, body.product.id)
    offer = offer_for(conn, line, today)
    if not offer.eligible or offer.amount is None or offer.fee is None:
        if offer.reason == "advanceOpen":
            raise ApiException(
                409,
                "advanceOpen",
                "This line already has an advance to repay; the next top-up repays it",
            )
        raise ApiException(
            409, "notEligible", f"This line cannot take a balance advance now ({offer.reason})"
        )
    if body.amount != offer.amount:
        raise ApiException(
            409,
            "offerChanged",
            f"The offer is now {offer.amount.value} {offer.amount.unit}: read it again",
            field="amount",
        )
    when = balances.moment(today, now, line["country"])
    seq, receipt = balances.receipt_number(conn, today, "AD")
    amount, fee = offer.amount.value, offer.fee.value
    advance_id = f"ADV{seq:08d}"
    conn.execute(
        "INSERT INTO advance (id, seq, line_id, currency, amount, fee, outstanding, state,"
        " created_date, receipt_no) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)",
        (
            advance_id,
            seq,
            line["id"],
            line["currency"],
            str(amount),
            str(fee),
            str(amount + fee),
            when,
            receipt,
        ),
    )
    balances.add(conn, line["number"], amount)
    balances.record(conn, today, line["number"], "advance", when, line["currency"], amount)
    row = conn.execute("SELECT * FROM advance WHERE id = ?", (advance_id,)).fetchone()
    return _advance(row, line)


def repay(
    conn: sqlite3.Connection, number: str, available: Decimal, today: date, when: str
) -> Decimal:
    """Take what the open advance of ``number``'s line still owes out of ``available`` (a
    top-up); returns how much was taken."""
    line = conn.execute(
        "SELECT id FROM line WHERE e164_digits = ? AND line_type = 'prepaid'",
        (number.lstrip("+"),),
    ).fetchone()
    advance = open_advance(conn, line["id"]) if line is not None else None
    if advance is None or available <= 0:
        return Decimal(0)
    outstanding = Decimal(advance["outstanding"])
    paid = min(outstanding, available)
    left = outstanding - paid
    conn.execute(
        "UPDATE advance SET outstanding = ?, state = ?, repaid_date = ? WHERE id = ?",
        (str(left), "open" if left else "repaid", None if left else when, advance["id"]),
    )
    balances.record(conn, today, number, "advanceRepayment", when, advance["currency"], -paid)
    return paid
