"""The money balance of a prepaid number, its history and the SMS the carrier sends about it.

A sandbox customer's prepaid line keeps its money in its account's ``prepaid_balance`` (one
prepaid line per prepaid account); the registry's numbers keep it in ``carrier_number``.
Every movement is a ``balance_action`` (signed: credits +, debits -) with a receipt number.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

from miclaro_tui.sandbox import timezones
from miclaro_tui.sandbox.store import next_sequence

SMS_TEXT = {
    "es": {
        "topup": "Claro: recibiste una recarga de {amount} de {sender}. Tu saldo es {balance}.",
        "transferIn": "Claro: {sender} te transfirió {amount} de saldo. Tu saldo es {balance}.",
        "packReceived": "Claro: {sender} te regaló el {pack}. ¡Disfrútalo!",
    },
    "pt": {
        "topup": "Claro: você recebeu uma recarga de {amount} de {sender}. Seu saldo é {balance}.",
        "transferIn": "Claro: {sender} transferiu {amount} de saldo. Seu saldo é {balance}.",
        "packReceived": "Claro: {sender} te deu de presente o {pack}. Aproveite!",
    },
}


def moment(today: date, now: float, country: str) -> str:
    return timezones.stored(timezones.moment(today, now, country))


def receipt_number(conn: sqlite3.Connection, today: date, prefix: str = "RB") -> tuple[int, str]:
    """The next sequence number and a receipt number made of it."""
    seq = next_sequence(conn)
    return seq, f"{prefix}-{today:%Y%m%d}-{seq:06d}"


def balance(conn: sqlite3.Connection, number: str) -> Decimal:
    digits = number.lstrip("+")
    row = conn.execute(
        "SELECT billing_account.prepaid_balance AS balance FROM line"
        " JOIN billing_account ON billing_account.id = line.account_id"
        " WHERE line.e164_digits = ? AND line.line_type = 'prepaid'",
        (digits,),
    ).fetchone()
    if row is None:
        row = conn.execute(
            "SELECT balance FROM carrier_number WHERE e164_digits = ?", (digits,)
        ).fetchone()
    return Decimal(row["balance"] or 0) if row is not None else Decimal(0)


def add(conn: sqlite3.Connection, number: str, amount: Decimal) -> Decimal:
    """Credit (or, negative, debit) the number's money; returns the new balance."""
    digits = number.lstrip("+")
    new = balance(conn, number) + amount
    line = conn.execute(
        "SELECT account_id, id FROM line WHERE e164_digits = ? AND line_type = 'prepaid'",
        (digits,),
    ).fetchone()
    if line is not None:
        conn.execute(
            "UPDATE billing_account SET prepaid_balance = ? WHERE id = ?",
            (str(new), line["account_id"]),
        )
        if amount > 0:  # "of how much": what the balance came to with its last credit
            conn.execute(
                "UPDATE bucket SET initial = ? WHERE line_id = ? AND usage_type = 'monetary'",
                (str(new), line["id"]),
            )
    else:
        conn.execute(
            "UPDATE carrier_number SET balance = ? WHERE e164_digits = ?", (str(new), digits)
        )
    return new


def record(
    conn: sqlite3.Connection,
    today: date,
    number: str,
    action_type: str,
    when: str,
    currency: str,
    amount: Decimal,
    *,
    counterparty: str | None = None,
    payment_id: str | None = None,
) -> str:
    """Add one movement to the number's history; returns its receipt number."""
    seq, receipt = receipt_number(conn, today)
    conn.execute(
        "INSERT INTO balance_action (id, seq, number, action_type, date, currency, amount,"
        " counterparty, payment_id, receipt_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            f"BA{seq:08d}",
            seq,
            number,
            action_type,
            when,
            currency,
            str(amount),
            counterparty,
            payment_id,
            receipt,
        ),
    )
    return receipt


def send_sms(
    conn: sqlite3.Connection,
    receiver: str,
    country: str,
    kind: str,
    when: str,
    *,
    caused_by: int,
    **values: str,
) -> None:
    """Log the SMS the carrier would send ``receiver`` because of a move of the customer
    ``caused_by`` (who may read it besides the receiver's owner)."""
    language = "pt" if country == "BR" else "es"
    content = SMS_TEXT[language][kind].format(**values)
    conn.execute(
        "INSERT INTO communication_message (receiver, content, sent_date, sender_customer_id)"
        " VALUES (?, ?, ?, ?)",
        (receiver, content, when, caused_by),
    )


def shown(value: Decimal, currency: str) -> str:
    """An amount as an SMS writes it: "USD 5.00", "COP 10000"."""
    return f"{currency} {value:,.2f}" if currency != "COP" else f"{currency} {value:,.0f}"
