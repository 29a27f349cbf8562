"""TMF676 payments of bills (reports of payments made elsewhere and promises: ``promises``).

Rules (every read and write is on behalf of one customer; others' ids are simply not found):

- A payment pays one or more bills of one billing account, in its currency; the items add up
  to the amount. Paying more than a bill still owes is accepted: ``ledger`` applies what the
  bill owes and makes the excess the account's credit, applied to its other open bills. An
  issued bill's items and totals never change.
- A card payment's outcome comes from the card's test class (see ``cards``): done, denied
  (recorded, answered 402) or pendingAuthorization (done on the next GET).
- A PSE payment starts pendingAuthorization and is advanced by GETs (see ``pse``).
- A done payment is applied to its bills (settled at 0, partiallyPaid otherwise) and gets a
  receipt number and an authorization code.

Moments are the sandbox's "today" at the clock's time of day in the account's country (see
``timezones``): stored in UTC, shown in the account's zone.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from miclaro_tui.models import (
    MAX_AMOUNT,
    PAYMENT_LIMITS,
    ApiError,
    CashPayment,
    Money,
    Payment,
    PaymentCreate,
    PaymentItem,
    PaymentMethodSummary,
    Ref,
)
from miclaro_tui.sandbox import (
    billing,
    bills,
    kiosk_cash,
    kiosk_lookup,
    kiosk_shifts,
    ledger,
    payment_methods,
    pse,
    timezones,
    topups,
)
from miclaro_tui.sandbox.errors import (
    ApiException,
    invalid,
    not_for_operators,
    not_found,
    operators_only,
)
from miclaro_tui.sandbox.store import next_sequence

PENDING = payment_methods.PENDING


def stamp(conn: sqlite3.Connection, account_id: str, today: date, now: float) -> str:
    """The moment of a payment event of the account, as the database keeps it."""
    country = conn.execute(
        "SELECT country FROM billing_account WHERE id = ?", (account_id,)
    ).fetchone()["country"]
    return timezones.stored(timezones.moment(today, now, country))


def _code(kind: str, payment_id: str) -> str:
    digest = hashlib.sha256(f"{kind}:{payment_id}".encode()).hexdigest()
    return f"{int(digest, 16) % 1_000_000:06d}"


# --- reading -------------------------------------------------------------------------------


def _owned_payment(conn: sqlite3.Connection, customer_id: int, payment_id: str) -> sqlite3.Row:
    row = conn.execute(
        f"SELECT * FROM payment WHERE id = ? AND {_payer(conn, customer_id)} = ?",
        (payment_id, customer_id),
    ).fetchone()
    if row is None:
        raise not_found("Payment", payment_id)
    return row


def _payment(conn: sqlite3.Connection, row: sqlite3.Row, reader_id: int | None = None) -> Payment:
    currency = row["currency"]
    items = [
        PaymentItem(
            item=Ref(
                id=item["bill_id"], href=billing.bill_href(item["bill_id"]), name=item["bill_no"]
            ),
            amount=Money(unit=currency, value=Decimal(item["amount"])),
        )
        for item in conn.execute(
            "SELECT payment_item.*, bill.bill_no FROM payment_item"
            " JOIN bill ON bill.id = payment_item.bill_id"
            " WHERE payment_id = ? ORDER BY position",
            (row["id"],),
        )
    ] + topups.payment_items(conn, row["id"], currency)
    account = conn.execute(
        "SELECT name, country FROM billing_account WHERE id = ?", (row["account_id"],)
    ).fetchone()
    return Payment(
        id=row["id"],
        href=billing.payment_href(row["id"]),
        correlatorId=row["correlator_id"],
        status=row["status"],
        statusDate=timezones.local(row["status_date"], account["country"]),
        statusReason=row["status_reason"],
        paymentDate=timezones.local(row["payment_date"], account["country"]),
        account=Ref(
            id=row["account_id"],
            href=billing.account_href(row["account_id"]),
            name=_holder_name(row, account["name"], reader_id),
        ),
        amount=Money(unit=currency, value=Decimal(row["amount"])),
        paymentItem=items,
        paymentMethod=PaymentMethodSummary(
            type=row["method_type"],
            brand=row["brand"],
            lastFourDigits=row["last_four"],
            bankName=row["bank_name"],
            description=row["method_description"],
        ),
        channel=(
            Ref(id=row["channel_id"], name=row["channel_name"]) if row["channel_id"] else None
        ),
        authorizationCode=row["authorization_code"],
        receiptNo=row["receipt_no"],
        authorizationUrl=row["authorization_url"] if row["status"] == PENDING else None,
        **_kiosk_fields(conn, row),
    )


def get_payment(conn: sqlite3.Connection, customer_id: int, payment_id: str) -> Payment:
    return _payment(conn, _owned_payment(conn, customer_id, payment_id), customer_id)


def is_pending(conn: sqlite3.Connection, customer_id: int, payment_id: str) -> bool:
    return _owned_payment(conn, customer_id, payment_id)["status"] == PENDING


def list_payments(
    conn: sqlite3.Connection,
    customer_id: int,
    *,
    account_id: str | None = None,
    correlator_id: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[Payment], int]:
    """One page of the customer's payments, newest first, and how many match in all."""
    where = f"WHERE {_payer(conn, customer_id)} = ?"
    params: list[object] = [customer_id]
    if account_id is not None:
        where += " AND account_id = ?"
        params.append(account_id)
    if correlator_id is not None:
        where += " AND correlator_id = ?"
        params.append(correlator_id)
    total = conn.execute(f"SELECT count(*) FROM payment {where}", params).fetchone()[0]
    rows = conn.execute(
        f"SELECT * FROM payment {where} ORDER BY payment_date DESC, seq DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return [_payment(conn, row, customer_id) for row in rows], total


# --- paying --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What POST /payment answers: a status code and a JSON-ready body."""

    status: int
    content: dict[str, object]


def create_payment(
    conn: sqlite3.Connection, customer_id: int, body: PaymentCreate, today: date, now: float
) -> Answer:
    """Check and record a payment (inside the caller's write transaction)."""
    if isinstance(body.paymentMethod, CashPayment) or _payer(conn, customer_id) != "customer_id":
        return _create_cash_payment(conn, customer_id, body, today, now)
    if topups.is_topup(body):
        account = topups.validated(conn, customer_id, body)
    else:
        account = _validated(conn, customer_id, body)
    method = payment_methods.resolve(conn, customer_id, account, body.paymentMethod, today)
    return _record(conn, customer_id, account, body, method, today, now)


# --- validate: the bills, the amounts, the limits -------------------------------------------


def _validated(conn: sqlite3.Connection, customer_id: int, body: PaymentCreate) -> sqlite3.Row:
    """The account the payment pays, once its bills, amounts and limits allow it."""
    paid = [bills.owned_bill(conn, customer_id, item.item.id) for item in body.paymentItem]
    account = conn.execute(
        "SELECT * FROM billing_account WHERE id = ? AND customer_id = ?",
        (body.account.id, customer_id),
    ).fetchone()
    if account is None:
        raise not_found("Billing account", body.account.id)
    if len({bill["id"] for bill in paid}) != len(paid):
        raise invalid("paymentItem", "each bill may appear only once")
    for bill in paid:
        if bill["account_id"] != account["id"]:
            raise invalid("account.id", f"bill {bill['bill_no']} belongs to another account")
    _check_amounts(body, account["currency"])
    _check_limits(conn, account, body, paid)
    return account


def _check_amounts(body: PaymentCreate, currency: str) -> None:
    if body.amount.unit != currency:
        raise invalid("amount.unit", f"the account is billed in {currency}")
    if body.amount.value <= 0:
        raise invalid("amount.value", "the amount must be more than zero")
    for item in body.paymentItem:
        if item.amount.unit != currency:
            raise invalid("paymentItem.amount.unit", f"the account is billed in {currency}")
        if item.amount.value <= 0:
            raise invalid("paymentItem.amount.value", "each amount must be more than zero")
    if sum((item.amount.value for item in body.paymentItem), Decimal(0)) != body.amount.value:
        raise invalid("amount.value", "the amount must equal the sum of the items")


def payment_limit(currency: str) -> Decimal:
    """The most one payment may move, and the largest credit balance an account may hold."""
    return PAYMENT_LIMITS.get(currency, MAX_AMOUNT)


def _check_limits(
    conn: sqlite3.Connection, account: sqlite3.Row, body: PaymentCreate, paid: list[sqlite3.Row]
) -> None:
    """Refuse a payment over its currency's limit, or one whose excess could take the
    account's credit past it (counting what payments still pending could add)."""
    currency = account["currency"]
    limit = payment_limit(currency)
    if body.amount.value > limit:
        raise invalid("amount.value", f"one payment may move at most {limit} {currency}")
    owed = {bill["id"]: max(Decimal(bill["remaining_amount"]), Decimal(0)) for bill in paid}
    excess = sum(
        (max(item.amount.value - owed[item.item.id], Decimal(0)) for item in body.paymentItem),
        Decimal(0),
    )
    if excess <= 0:
        return
    pending = sum(
        (
            Decimal(row["amount"])
            for row in conn.execute(
                "SELECT amount FROM payment WHERE account_id = ? AND status = ?",
                (account["id"], PENDING),
            )
        ),
        Decimal(0),
    )
    if ledger.credit_balance(conn, account["id"]) + pending + excess > limit:
        raise invalid(
            "amount.value",
            f"this payment would leave more than {limit} {currency} of credit on the account;"
            " pay what the bills owe",
        )


# --- record ---------------------------------------------------------------------------------


def _record(
    conn: sqlite3.Connection,
    customer_id: int,
    account: sqlite3.Row,
    body: PaymentCreate,
    method: payment_methods.Method,
    today: date,
    now: float,
) -> Answer:
    """Store the payment and its items; a done one is applied to its bills at once."""
    seq = next_sequence(conn)
    payment_id = f"PAY{seq:08d}"
    when = stamp(conn, account["id"], today, now)
    channel = body.channel
    conn.execute(
        "INSERT INTO payment (id, seq, customer_id, account_id, correlator_id, status,"
        " status_date, status_reason, payment_date, currency, amount, method_type, brand,"
        " last_four, bank_name, method_description, card_token, pending_outcome, channel_id,"
        " channel_name, authorization_url)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            payment_id,
            seq,
            customer_id,
            account["id"],
            body.correlatorId,
            method.status,
            when,
            method.reason,
            when,
            account["currency"],
            str(body.amount.value),
            method.type,
            method.brand,
            method.last_four,
            method.bank_name,
            method.description,
            method.token,
            method.pending_outcome,
            channel.id,
            channel.name,
            pse.authorization_url(payment_id) if method.status == PENDING else None,
        ),
    )
    if topups.is_topup(body):
        topups.record_item(conn, payment_id, body)
    else:
        conn.executemany(
            "INSERT INTO payment_item (payment_id, position, bill_id, amount) VALUES (?, ?, ?, ?)",
            [
                (payment_id, position, item.item.id, str(item.amount.value))
                for position, item in enumerate(body.paymentItem)
            ],
        )
    if method.status == "done":
        _complete(conn, payment_id, today, when)
    if method.decline is not None:
        error = ApiError(
            code=method.decline,
            reason="Payment Required",
            message=method.reason or "",
            status=402,
        )
        return Answer(402, error.model_dump(mode="json", exclude_none=True))
    payment = get_payment(conn, customer_id, payment_id)
    return Answer(201, payment.model_dump(mode="json", by_alias=True, exclude_none=True))


def _complete(conn: sqlite3.Connection, payment_id: str, today: date, when: str) -> None:
    """Make a payment done: apply it to its bills, give it a receipt and a code."""
    payment = conn.execute("SELECT seq FROM payment WHERE id = ?", (payment_id,)).fetchone()
    conn.execute(
        "UPDATE payment SET status = 'done', status_date = ?, status_reason = NULL,"
        " authorization_code = ?, receipt_no = ? WHERE id = ?",
        (
            when,
            _code("authorization", payment_id),
            f"RC-{today:%Y%m%d}-{payment['seq']:06d}",
            payment_id,
        ),
    )
    if not topups.complete(conn, payment_id, today, when):  # a top-up credits its line
        ledger.apply_payment(conn, payment_id, when)


def advance(
    conn: sqlite3.Connection, customer_id: int, payment_id: str, today: date, now: float
) -> None:
    """A GET of a pending payment: the bank (or the card issuer) moves it along."""
    row = _owned_payment(conn, customer_id, payment_id)
    if row["status"] != PENDING:
        return
    polls = row["polls"] + 1
    needed = pse.POLLS_TO_FINISH if row["method_type"] == "bankAccountTransfer" else 1
    conn.execute("UPDATE payment SET polls = ? WHERE id = ?", (polls, payment_id))
    if polls < needed:
        return
    when = stamp(conn, row["account_id"], today, now)
    if row["pending_outcome"] == "done":
        _complete(conn, payment_id, today, when)
    else:
        conn.execute(
            "UPDATE payment SET status = 'denied', status_date = ?, status_reason = ? WHERE id = ?",
            (when, pse.REJECTED, payment_id),
        )


def cancel(
    conn: sqlite3.Connection, customer_id: int, payment_id: str, today: date, now: float
) -> Payment:
    row = _owned_payment(conn, customer_id, payment_id)
    if row["status"] != PENDING:
        raise ApiException(
            409,
            "notCancelable",
            f"Payment {payment_id} is {row['status']}: only a payment"
            " pending authorization can be canceled",
        )
    conn.execute(
        "UPDATE payment SET status = 'canceled', status_date = ?, status_reason = ? WHERE id = ?",
        (stamp(conn, row["account_id"], today, now), "canceled by the customer", payment_id),
    )
    return get_payment(conn, customer_id, payment_id)


# --- cash at a payment point (kiosk mode) ----------------------------------------------------
#
# Only kiosk staff take cash, into their own open shift, for bills of their country's
# customers and top-ups of their country's carrier prepaid lines (within the country's top-up
# limits; see ``kiosk_cash.topup_account``); staff pay nothing any other way. A cash payment
# never pays more than a bill still owes (two tills paying one bill at once: the transaction
# is serialised, the second finds it paid), may be partial (from the currency's minimum), is
# done at once, and keeps who took it, where, the cash handed over and the change.


def _payer(conn: sqlite3.Connection, customer_id: int) -> str:
    """Whose payments a caller reads: a customer those paid for them, staff those they took."""
    row = conn.execute("SELECT role FROM customer WHERE id = ?", (customer_id,)).fetchone()
    return "customer_id" if row is None or row["role"] == "customer" else "operator_id"


def _holder_name(row: sqlite3.Row, name: str, reader_id: int | None) -> str:
    """The account holder's name; masked for the operator who took the payment."""
    if reader_id is None or reader_id == row["customer_id"]:
        return name
    return kiosk_lookup.mask_name(name)


def _kiosk_fields(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, object]:
    if row["operator_id"] is None:
        return {}
    operator = conn.execute(
        "SELECT username, name FROM customer WHERE id = ?", (row["operator_id"],)
    ).fetchone()
    currency = row["currency"]
    return {
        "cashReceived": Money(unit=currency, value=Decimal(row["cash_received"])),
        "change": Money(unit=currency, value=Decimal(row["change_given"])),
        "operator": Ref(id=operator["username"], name=operator["name"]),
        "terminalId": row["terminal_id"],
        "shift": Ref(id=row["shift_id"], href=kiosk_shifts.shift_href(row["shift_id"])),
        "refund": Ref(id=row["refund_id"]) if row["refund_id"] else None,
    }


def shift_payments(conn: sqlite3.Connection, staff_id: int, shift_id: str) -> list[Payment]:
    """The cash payments of a shift, newest first (voided ones too), for the operator whose
    shift it is or a supervisor of its country (``kiosk_shifts.visible_shift``); the holders'
    names masked."""
    rows = conn.execute(
        "SELECT * FROM payment WHERE shift_id = ? AND method_type = 'cash'"
        " ORDER BY payment_date DESC, seq DESC",
        (shift_id,),
    ).fetchall()
    return [_payment(conn, row, staff_id) for row in rows]


def _create_cash_payment(
    conn: sqlite3.Connection, staff_id: int, body: PaymentCreate, today: date, now: float
) -> Answer:
    staff = conn.execute("SELECT * FROM customer WHERE id = ?", (staff_id,)).fetchone()
    method = body.paymentMethod
    if staff["role"] == "customer":
        raise operators_only()
    if not isinstance(method, CashPayment):
        raise not_for_operators()
    shift = kiosk_shifts.taking_shift(conn, staff_id, staff["country"], method.shift.id)
    if topups.is_topup(body):
        account = kiosk_cash.topup_account(conn, body, shift["country"])
        owner_id = int(account["customer_id"])
    else:
        account, owner_id = _cash_account(conn, body, shift["country"])
        _check_amounts(body, account["currency"])
        _check_bills_owe(conn, body, account["currency"])
    _check_received(body, method, account["currency"], shift["country"])
    if body.amount.value > payment_limit(account["currency"]):
        limit = payment_limit(account["currency"])
        raise invalid("amount.value", f"one payment may move at most {limit} {account['currency']}")
    change = method.cashReceived.value - body.amount.value
    cash = payment_methods.Method(type="cash", status="done", description=shift["terminal_id"])
    answer = _record(conn, owner_id, account, body, cash, today, now)
    payment_id = str(answer.content["id"])
    conn.execute(
        "UPDATE payment SET operator_id = ?, shift_id = ?, terminal_id = ?, cash_received = ?,"
        " change_given = ? WHERE id = ?",
        (
            staff_id,
            shift["id"],
            shift["terminal_id"],
            str(method.cashReceived.value),
            str(change),
            payment_id,
        ),
    )
    payment = get_payment(conn, staff_id, payment_id)
    return Answer(201, payment.model_dump(mode="json", by_alias=True, exclude_none=True))


def _cash_account(
    conn: sqlite3.Connection, body: PaymentCreate, country: str
) -> tuple[sqlite3.Row, int]:
    """The account whose bills the cash pays (of the shift's country), and its holder."""
    if len({item.item.id for item in body.paymentItem}) != len(body.paymentItem):
        raise invalid("paymentItem", "each bill may appear only once")
    account = conn.execute(
        "SELECT * FROM billing_account WHERE id = ? AND country = ?", (body.account.id, country)
    ).fetchone()
    if account is None:
        raise not_found("Billing account", body.account.id)
    for item in body.paymentItem:
        bill = conn.execute(
            "SELECT bill.account_id, bill.bill_no FROM bill"
            " JOIN billing_account ON billing_account.id = bill.account_id"
            " WHERE bill.id = ? AND billing_account.country = ?",
            (item.item.id, country),
        ).fetchone()
        if bill is None:
            raise not_found("Customer bill", item.item.id)
        if bill["account_id"] != account["id"]:
            raise invalid("account.id", f"bill {bill['bill_no']} belongs to another account")
    return account, int(account["customer_id"])


def _check_bills_owe(conn: sqlite3.Connection, body: PaymentCreate, currency: str) -> None:
    """What each bill still owes bounds the cash (read in this transaction: another till's
    payment of the bill is already in it)."""
    minimum = kiosk_cash.MINIMUM_PAYMENT.get(currency, Decimal("0.01"))
    for item in body.paymentItem:
        bill = conn.execute(
            "SELECT bill_no, remaining_amount FROM bill WHERE id = ?", (item.item.id,)
        ).fetchone()
        owed = Decimal(bill["remaining_amount"])
        if owed <= 0:
            raise ApiException(
                409,
                "billAlreadyPaid",
                f"Bill {bill['bill_no']} has nothing left to pay: it was paid meanwhile",
                field="paymentItem",
            )
        if item.amount.value > owed:
            raise ApiException(
                422,
                "exceedsAmountDue",
                f"Bill {bill['bill_no']} owes {owed} {currency}: a payment point takes at most"
                " that",
                field="paymentItem.amount.value",
            )
        if item.amount.value < min(minimum, owed):
            raise ApiException(
                422,
                "belowMinimum",
                f"A payment point takes at least {minimum} {currency} for a bill (or all it"
                " still owes)",
                field="paymentItem.amount.value",
            )


def _check_received(body: PaymentCreate, method: CashPayment, currency: str, country: str) -> None:
    """The cash handed over is in the currency, made of its notes and coins, and covers the
    amount."""
    received = method.cashReceived
    if received.unit != currency:
        raise invalid("paymentMethod.cashReceived.unit", f"the cash is in {currency}")
    if not kiosk_cash.tenderable(country, received.value):
        raise invalid(
            "paymentMethod.cashReceived.value",
            f"no notes and coins of {currency} make {received.value}",
        )
    if received.value < body.amount.value:
        raise ApiException(
            422,
            "cashShort",
            f"The cash received ({received.value} {currency}) is less than the amount"
            f" ({body.amount.value} {currency})",
            field="paymentMethod.cashReceived.value",
        )
