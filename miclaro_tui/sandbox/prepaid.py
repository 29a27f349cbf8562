"""Reading a prepaid line: its buckets (TMF654), its usage of the last 6 whole months
(TMF677), its balance history, and the SMS log. Only the line's owner reads them; another
customer's line is simply not found. Of a number's SMS log, a customer who topped it up or sent
it balance reads only the messages their own moves caused."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from decimal import Decimal

from miclaro_tui.models import (
    BalanceAction,
    Bucket,
    CommunicationMessage,
    ConsumptionBucket,
    ConsumptionSummary,
    DateTimePeriod,
    Money,
    Quantity,
    Ref,
    TimePeriod,
    UsageConsumptionReport,
)
from miclaro_tui.sandbox import balances, timezones
from miclaro_tui.sandbox.errors import ApiException, not_found

USAGE_MONTHS = 6
USAGE_NAMES = {"data": "Datos", "voice": "Minutos", "sms": "SMS"}
USAGE_UNITS = {"data": "MB", "voice": "min", "sms": "SMS"}


def owned_line(conn: sqlite3.Connection, customer_id: int, line_id: str) -> sqlite3.Row:
    """The customer's line with its account's country and currency, or 404."""
    row = conn.execute(
        "SELECT line.*, billing_account.country, billing_account.currency,"
        " billing_account.customer_id FROM line"
        " JOIN billing_account ON billing_account.id = line.account_id"
        " WHERE line.id = ? AND billing_account.customer_id = ?",
        (line_id, customer_id),
    ).fetchone()
    if row is None:
        raise not_found("Line", line_id)
    return row


def prepaid_line(conn: sqlite3.Connection, customer_id: int, line_id: str) -> sqlite3.Row:
    line = owned_line(conn, customer_id, line_id)
    if line["line_type"] != "prepaid":
        raise ApiException(
            422,
            "notPrepaidLine",
            f"product.id: line {line['number']} is postpaid; this is for prepaid lines",
            field="product.id",
        )
    return line


def line_ref(line: sqlite3.Row) -> Ref:
    return Ref(id=line["id"], name=line["number"])


def quantum(currency: str) -> Decimal:
    return Decimal(1) if currency == "COP" else Decimal("0.01")


# --- buckets --------------------------------------------------------------------------------


def list_buckets(
    conn: sqlite3.Connection, customer_id: int, line_id: str, now: datetime
) -> list[Bucket]:
    line = prepaid_line(conn, customer_id, line_id)
    product = line_ref(line)
    money = balances.balance(conn, line["number"])
    found: list[Bucket] = []
    for row in conn.execute(
        "SELECT * FROM bucket WHERE line_id = ? ORDER BY CASE usage_type WHEN 'monetary' THEN 0"
        " WHEN 'data' THEN 1 WHEN 'voice' THEN 2 ELSE 3 END, id",
        (line_id,),
    ):
        monetary = row["usage_type"] == "monetary"
        remaining = money if monetary else Decimal(row["remaining"])
        initial = max(Decimal(row["initial"]), remaining)
        valid = None
        if row["valid_from"] is not None:
            valid = DateTimePeriod(
                startDateTime=timezones.local(row["valid_from"], line["country"]),
                endDateTime=(
                    timezones.local(row["valid_to"], line["country"]) if row["valid_to"] else None
                ),
            )
        expired = valid is not None and valid.endDateTime is not None and valid.endDateTime < now
        found.append(
            Bucket(
                id=row["id"],
                name=row["name"],
                usageType=row["usage_type"],
                remainingValue=Quantity(amount=remaining, units=row["units"]),
                initialValue=Quantity(amount=initial, units=row["units"]),
                validFor=valid,
                status="expired" if expired else "active",
                product=product,
            )
        )
    return found


# --- usage ----------------------------------------------------------------------------------


def usage_months(today: date, count: int = USAGE_MONTHS) -> list[date]:
    """The first days of the ``count`` whole months before ``today``'s, oldest first."""
    firsts: list[date] = []
    first = today.replace(day=1)
    for _ in range(count):
        first = (first - timedelta(days=1)).replace(day=1)
        firsts.append(first)
    return firsts[::-1]


def usage_report(
    conn: sqlite3.Connection, customer_id: int, line_id: str, today: date, now: datetime
) -> UsageConsumptionReport:
    line = owned_line(conn, customer_id, line_id)
    months = usage_months(today)
    used = {
        (row["usage_type"], row["month"]): Decimal(row["amount"])
        for row in conn.execute("SELECT * FROM usage_month WHERE line_id = ?", (line_id,))
    }
    buckets = []
    for usage_type, name in USAGE_NAMES.items():
        summaries = []
        for first in months:
            last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            summaries.append(
                ConsumptionSummary(
                    consumptionPeriod=TimePeriod(startDateTime=first, endDateTime=last),
                    value=Quantity(
                        amount=used.get((usage_type, first.isoformat()), Decimal(0)),
                        units=USAGE_UNITS[usage_type],
                    ),
                )
            )
        buckets.append(
            ConsumptionBucket(usageType=usage_type, name=name, consumptionSummary=summaries)
        )
    return UsageConsumptionReport(
        id=f"UCR-{line_id}",
        name=f"Consumo de {line['number']}",
        effectiveDate=now,
        product=line_ref(line),
        bucket=buckets,
    )


# --- history and messages -------------------------------------------------------------------


def _action(row: sqlite3.Row, line: sqlite3.Row) -> BalanceAction:
    return BalanceAction(
        id=row["id"],
        actionType=row["action_type"],
        date=timezones.local(row["date"], line["country"]),
        amount=Money(unit=row["currency"], value=Decimal(row["amount"])),
        product=line_ref(line),
        counterparty=row["counterparty"],
        payment=Ref(id=row["payment_id"]) if row["payment_id"] else None,
        receiptNo=row["receipt_no"],
    )


def list_actions(conn: sqlite3.Connection, customer_id: int, line_id: str) -> list[BalanceAction]:
    """Newest first."""
    line = prepaid_line(conn, customer_id, line_id)
    rows = conn.execute(
        "SELECT * FROM balance_action WHERE number = ? ORDER BY date DESC, seq DESC",
        (line["number"],),
    ).fetchall()
    return [_action(row, line) for row in rows]


def get_action(
    conn: sqlite3.Connection, customer_id: int, action_id: str
) -> tuple[BalanceAction, sqlite3.Row]:
    """One movement of one of the customer's lines, and the line."""
    row = conn.execute("SELECT * FROM balance_action WHERE id = ?", (action_id,)).fetchone()
    line = None
    if row is not None:
        line = conn.execute(
            "SELECT line.*, billing_account.country, billing_account.currency FROM line"
            " JOIN billing_account ON billing_account.id = line.account_id"
            " WHERE line.e164_digits = ? AND billing_account.customer_id = ?",
            (row["number"].lstrip("+"), customer_id),
        ).fetchone()
    if row is None or line is None:
        raise not_found("Balance action", action_id)
    return _action(row, line), line


def list_messages(
    conn: sqlite3.Connection, customer_id: int, receiver: str
) -> list[CommunicationMessage]:
    """The SMS sent to a number (the sandbox shows what the carrier would have sent), newest
    first: all of them to the number's owner; to a customer who topped it up or sent it
    balance, only those their own moves caused. Anyone else: the number is not found."""
    line = conn.execute(
        "SELECT billing_account.country FROM line"
        " JOIN billing_account ON billing_account.id = line.account_id"
        " WHERE line.e164_digits = ? AND billing_account.customer_id = ?",
        (receiver.lstrip("+"), customer_id),
    ).fetchone()
    if line is not None:
        rows = conn.execute(
            "SELECT * FROM communication_message WHERE receiver = ? ORDER BY id DESC",
            (receiver,),
        ).fetchall()
    else:
        line = conn.execute(
            "SELECT billing_account.country FROM payment_topup"
            " JOIN payment ON payment.id = payment_topup.payment_id"
            " JOIN billing_account ON billing_account.id = payment.account_id"
            " WHERE payment_topup.number = ? AND payment.customer_id = ?"
            " UNION ALL SELECT billing_account.country FROM transfer"
            " JOIN line ON line.id = transfer.line_id"
            " JOIN billing_account ON billing_account.id = line.account_id"
            " WHERE transfer.receiver = ? AND billing_account.customer_id = ? LIMIT 1",
            (receiver, customer_id, receiver, customer_id),
        ).fetchone()
        if line is None:
            raise not_found("Line", receiver)
        rows = conn.execute(
            "SELECT * FROM communication_message WHERE receiver = ? AND sender_customer_id = ?"
            " ORDER BY id DESC",
            (receiver, customer_id),
        ).fetchall()
    return [
        CommunicationMessage(
            id=str(row["id"]),
            receiver=row["receiver"],
            content=row["content"],
            sentDate=timezones.local(row["sent_date"], line["country"]),
        )
        for row in rows
    ]
