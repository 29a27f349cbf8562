"""Applying money to bills: payments, and the credit that overpayments leave on the account.

An issued bill is a legal document: its items and totals never change. What changes is the
money applied to it (TMF678 ``appliedPayment``), and from that its remaining amount and state.

- A done payment is applied to each of its bills up to what the bill still owes. The excess
  becomes credit of the account, kept per payment (table ``credit``).
- Credit is applied at once to the account's open bills, the oldest due date first (then bill
  date, then id); what is left stays as the account's creditBalance until a bill is issued
  (whoever issues one calls ``apply_credit``).
- Every application is a row of ``applied_payment``: remaining = amountDue - their sum.

All of it runs inside the caller's write transaction. Amounts are decimal strings.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal

from miclaro_tui.models import UNPAID_STATES

_OPEN_STATES = tuple(sorted(UNPAID_STATES))


def apply_payment(conn: sqlite3.Connection, payment_id: str, when: str) -> None:
    """Apply a payment that just became done to its bills; its excess becomes credit."""
    payment = conn.execute(
        "SELECT account_id, currency FROM payment WHERE id = ?", (payment_id,)
    ).fetchone()
    excess = Decimal(0)
    items = conn.execute(
        "SELECT bill_id, amount FROM payment_item WHERE payment_id = ? ORDER BY position",
        (payment_id,),
    ).fetchall()
    for item in items:
        bill = conn.execute("SELECT * FROM bill WHERE id = ?", (item["bill_id"],)).fetchone()
        amount = Decimal(item["amount"])
        applied = min(amount, max(Decimal(bill["remaining_amount"]), Decimal(0)))
        if applied > 0:
            _apply(conn, bill, payment_id, applied, from_credit=False, when=when)
        excess += amount - applied
    if excess > 0:
        conn.execute(
            "INSERT INTO credit (payment_id, account_id, currency, amount, unapplied)"
            " VALUES (?, ?, ?, ?, ?)",
            (payment_id, payment["account_id"], payment["currency"], str(excess), str(excess)),
        )
        apply_credit(conn, payment["account_id"], when)


def apply_credit(conn: sqlite3.Connection, account_id: str, when: str) -> None:
    """Apply the account's credit to its open bills, oldest due first, oldest credit first."""
    left: dict[str, Decimal] = {}  # unapplied credit by the payment that made it, in order
    for row in conn.execute(
        "SELECT payment_id, unapplied FROM credit WHERE account_id = ? ORDER BY rowid",
        (account_id,),
    ):
        if Decimal(row["unapplied"]) > 0:
            left[row["payment_id"]] = Decimal(row["unapplied"])
    if not left:
        return
    bills = conn.execute(
        "SELECT * FROM bill WHERE account_id = ?"
        f" AND state IN ({', '.join('?' for _ in _OPEN_STATES)})"
        " ORDER BY payment_due_date, bill_date, id",
        (account_id, *_OPEN_STATES),
    ).fetchall()
    for bill in bills:
        for payment_id, credit in left.items():
            owed = Decimal(bill["remaining_amount"])
            if owed <= 0:
                break
            taken = min(owed, credit)
            if taken > 0:
                bill = _apply(conn, bill, payment_id, taken, from_credit=True, when=when)
                left[payment_id] = credit - taken
        if not any(credit > 0 for credit in left.values()):
            break
    conn.executemany(
        "UPDATE credit SET unapplied = ? WHERE payment_id = ?",
        [(str(credit), payment_id) for payment_id, credit in left.items()],
    )


def credit_balance(conn: sqlite3.Connection, account_id: str) -> Decimal:
    """The account's credit not yet applied to any bill."""
    return sum(
        (
            Decimal(row["unapplied"])
            for row in conn.execute(
                "SELECT unapplied FROM credit WHERE account_id = ?", (account_id,)
            )
        ),
        Decimal(0),
    )


def _apply(
    conn: sqlite3.Connection,
    bill: sqlite3.Row,
    payment_id: str,
    amount: Decimal,
    *,
    from_credit: bool,
    when: str,
) -> sqlite3.Row:
    """Record one application and bring the bill's remaining amount and state along."""
    remaining = Decimal(bill["remaining_amount"]) - amount
    if remaining == 0:
        state = "settled"
    elif bill["state"] == "onHold":
        state = "onHold"
    else:
        state = "partiallyPaid"
    conn.execute(
        "INSERT INTO applied_payment (bill_id, payment_id, amount, from_credit, applied_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (bill["id"], payment_id, str(amount), int(from_credit), when),
    )
    conn.execute(
        "UPDATE bill SET remaining_amount = ?, state = ?, last_update = ? WHERE id = ?",
        (str(remaining), state, when, bill["id"]),
    )
    if remaining == 0:
        conn.execute(
            "UPDATE payment_promise SET state = 'kept' WHERE bill_id = ? AND state = 'active'",
            (bill["id"],),
        )
    return conn.execute("SELECT * FROM bill WHERE id = ?", (bill["id"],)).fetchone()
