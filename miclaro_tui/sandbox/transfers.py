"""Balance transfers and pack gifts between prepaid lines (TMF654 TransferBalance).

- The sender is one of the caller's prepaid lines; the receiver another prepaid line of the
  carrier in the same country (notPrepaidLine, otherCountry, sameLine otherwise).
- Money: within the country's transfer limits; the fee is paid by the sender (debited on
  top) or by the receiver (taken from what they get), as the catalogue says. A pack: its
  price, and the fee by the same rule (a receiver pays it from their balance, never below 0).
- Never more than the sender's balance (409 insufficientBalance), and not while the sender
  owes a balance advance (409 advanceOpen: advanced balance cannot be given away).
- The receiver gets an SMS.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

from miclaro_tui.models import Money, Ref, TransferBalance, TransferBalanceCreate
from miclaro_tui.sandbox import advances, balances, numbers, prepaid, prepaid_catalog, timezones
from miclaro_tui.sandbox.errors import ApiException, invalid, not_found


def _limits(amount: Money, currency: str, low: Money, high: Money) -> None:
    if amount.unit != currency:
        raise invalid("amount.unit", f"transfers here are in {currency}")
    if amount.value < low.value:
        raise ApiException(
            422,
            "amountBelowMin",
            f"amount.value: a transfer is at least {low.value} {currency}",
            field="amount.value",
        )
    if amount.value > high.value:
        raise ApiException(
            422,
            "amountAboveMax",
            f"amount.value: a transfer is at most {high.value} {currency}",
            field="amount.value",
        )


def create(
    conn: sqlite3.Connection,
    customer_id: int,
    body: TransferBalanceCreate,
    today: date,
    now: float,
) -> TransferBalance:
    """Move the balance (inside the caller's write transaction)."""
    line = prepaid.prepaid_line(conn, customer_id, body.product.id)
    country, currency, sender = line["country"], line["currency"], line["number"]
    if (body.amount is None) == (body.packOffering is None):
        raise invalid("amount", "send either an amount of money or a packOffering, not both")
    receiver = numbers.prepaid_receiver(
        conn, body.receiverProduct.id, country, "receiverProduct.id"
    )
    if receiver.number == sender:
        raise ApiException(
            422,
            "sameLine",
            "receiverProduct.id: that is the sending line itself",
            field="receiverProduct.id",
        )
    catalog = prepaid_catalog.catalog(country)
    fee = catalog.transferFee.value
    sender_pays = catalog.transferCostOwner == "sender"
    pack = None
    if body.amount is not None:
        _limits(body.amount, currency, catalog.transferMin, catalog.transferMax)
        value = body.amount.value
    else:
        assert body.packOffering is not None
        pack = prepaid_catalog.pack(country, body.packOffering.id)
        if pack is None:
            raise invalid("packOffering.id", f"no pack {body.packOffering.id} in {country}")
        value = pack.price.value
    total = value + fee if sender_pays else value
    if advances.open_advance(conn, line["id"]) is not None:
        raise ApiException(
            409,
            "advanceOpen",
            "This line owes a balance advance: top up to repay it before sending balance",
        )
    available = balances.balance(conn, sender)
    if total > available:
        raise ApiException(
            409,
            "insufficientBalance",
            f"The balance ({available} {currency}) is less than {total} {currency}",
            field="amount" if pack is None else "packOffering",
        )
    when = balances.moment(today, now, country)
    seq, receipt = balances.receipt_number(conn, today, "TR")
    balances.add(conn, sender, -total)
    balances.record(
        conn,
        today,
        sender,
        "transferOut" if pack is None else "packGift",
        when,
        currency,
        -total,
        counterparty=receiver.number,
    )
    if pack is None:
        gets = value if sender_pays else value - fee
        new_balance = balances.add(conn, receiver.number, gets)
        balances.record(
            conn, today, receiver.number, "transferIn", when, currency, gets, counterparty=sender
        )
        balances.send_sms(
            conn,
            receiver.number,
            country,
            "transferIn",
            when,
            caused_by=customer_id,
            sender=sender,
            amount=balances.shown(gets, currency),
            balance=balances.shown(new_balance, currency),
        )
    else:
        charged = Decimal(0) if sender_pays else min(fee, balances.balance(conn, receiver.number))
        balances.add(conn, receiver.number, -charged)
        balances.record(
            conn,
            today,
            receiver.number,
            "packReceived",
            when,
            currency,
            -charged,
            counterparty=sender,
        )
        if receiver.line_id is not None:
            _add_pack(conn, receiver.line_id, pack.dataMB, pack.minutes, pack.sms)
        balances.send_sms(
            conn,
            receiver.number,
            country,
            "packReceived",
            when,
            caused_by=customer_id,
            sender=sender,
            pack=pack.name,
        )
    transfer_id = f"TRF{seq:08d}"
    conn.execute(
        "INSERT INTO transfer (id, seq, line_id, receiver, currency, amount, pack_id, cost,"
        " cost_owner, total_debited, requested_date, receipt_no)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            transfer_id,
            seq,
            line["id"],
            receiver.number,
            currency,
            str(value) if pack is None else None,
            pack.id if pack is not None else None,
            str(fee),
            catalog.transferCostOwner,
            str(total),
            when,
            receipt,
        ),
    )
    return get(conn, customer_id, transfer_id)


def _add_pack(conn: sqlite3.Connection, line_id: str, mb: int, minutes: int, sms: int) -> None:
    for usage_type, extra in (("data", mb), ("voice", minutes), ("sms", sms)):
        if extra:
            conn.execute(
                "UPDATE bucket SET remaining = CAST(remaining AS INTEGER) + ?,"
                " initial = CAST(initial AS INTEGER) + ? WHERE line_id = ? AND usage_type = ?",
                (extra, extra, line_id, usage_type),
            )


def get(conn: sqlite3.Connection, customer_id: int, transfer_id: str) -> TransferBalance:
    row = conn.execute(
        "SELECT transfer.*, line.number, billing_account.country FROM transfer"
        " JOIN line ON line.id = transfer.line_id"
        " JOIN billing_account ON billing_account.id = line.account_id"
        " WHERE transfer.id = ? AND billing_account.customer_id = ?",
        (transfer_id, customer_id),
    ).fetchone()
    if row is None:
        raise not_found("Transfer", transfer_id)
    currency = row["currency"]
    return TransferBalance(
        id=row["id"],
        status="completed",
        requestedDate=timezones.local(row["requested_date"], row["country"]),
        product=Ref(id=row["line_id"], name=row["number"]),
        receiverProduct=Ref(id=row["receiver"], name=row["receiver"]),
        amount=Money(unit=currency, value=Decimal(row["amount"])) if row["amount"] else None,
        packOffering=Ref(id=row["pack_id"]) if row["pack_id"] else None,
        transferCost=Money(unit=currency, value=Decimal(row["cost"])),
        costOwner=row["cost_owner"],
        totalDebited=Money(unit=currency, value=Decimal(row["total_debited"])),
        receiptNo=row["receipt_no"],
    )
