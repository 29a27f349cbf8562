"""The payment point's lookup: a customer by line number, identity document, or the payment
reference / barcode digits printed on a bill (a scanner types the digits), in the operator's
country only.

It answers only what the counter needs: the name partly masked, the document's last three
digits, the unpaid bills (what is owed and when it is due) and the prepaid lines. Never the
full name, the document, the e-mail, the address or the payment history.
"""

from __future__ import annotations

import importlib
import re
import sqlite3
from decimal import Decimal

from miclaro_tui.models import (
    UNPAID_STATES,
    KioskBill,
    KioskCustomer,
    KioskPrepaidLine,
    Money,
    Ref,
)
from miclaro_tui.sandbox import billing
from miclaro_tui.sandbox.auth import Principal
from miclaro_tui.sandbox.errors import ApiException, invalid
from miclaro_tui.sandbox.references import mod10

# Per country: the python-stdnum modules an identity document may be checked with (people's
# and companies').
DOCUMENT_CHECKS: dict[str, tuple[str, ...]] = {
    "CO": ("co.nit",),
    "BR": ("br.cpf", "br.cnpj"),
    "PE": ("pe.ruc",),
    "EC": ("ec.ci", "ec.ruc"),
    "DO": ("do.cedula", "do.rnc"),
}
# Documents with no check digit: only their length is checked.
DOCUMENT_LENGTHS: dict[str, tuple[int, int]] = {"CO": (6, 10), "PE": (8, 8)}

_OPEN = tuple(sorted(UNPAID_STATES))


def nobody() -> ApiException:
    return ApiException(404, "notFound", "No customer of this country matches")


def mask_name(name: str) -> str:
    """ "Camila Rodríguez Pérez" -> "Cam*** Rod*** Pér***": enough to greet, not to know."""
    return " ".join(
        (word[:3] if len(word) > 3 else word[:1]) + "***" for word in name.split() if word
    )


def mask_document(number: str) -> str:
    digits = re.sub(r"[^0-9A-Za-z]", "", number)
    return "******" + digits[-3:]


def valid_document(country: str, number: str) -> bool:
    low, high = DOCUMENT_LENGTHS.get(country, (0, 0))
    if number.isdigit() and low <= len(number) <= high:
        return True
    for name in DOCUMENT_CHECKS.get(country, ()):
        if importlib.import_module(f"stdnum.{name}").is_valid(number):
            return True
    return False


def lookup(
    conn: sqlite3.Connection,
    staff: Principal,
    *,
    line: str | None = None,
    document: str | None = None,
    reference: str | None = None,
) -> KioskCustomer:
    given = [
        name
        for name, value in (("line", line), ("document", document), ("reference", reference))
        if value is not None
    ]
    if len(given) != 1:
        raise invalid("line", "give exactly one of line, document or reference")
    if line is not None:
        account, matched = _by_line(conn, staff.country, line), None
    elif document is not None:
        account, matched = _by_document(conn, staff.country, document), None
    else:
        account, matched = _by_reference(conn, staff.country, reference or "")
    return _customer(conn, account, matched)


def _by_line(conn: sqlite3.Connection, country: str, text: str) -> sqlite3.Row:
    if not re.fullmatch(r"[\d\s+().-]+", text):
        raise invalid("line", "a line number has digits only, e.g. +57 300 123 4567")
    digits = re.sub(r"\D", "", text)
    if not 7 <= len(digits) <= 15:
        raise invalid("line", "a line number has 7 to 15 digits")
    row = conn.execute(
        "SELECT billing_account.* FROM line"
        " JOIN billing_account ON billing_account.id = line.account_id"
        " JOIN customer ON customer.id = billing_account.customer_id"
        " WHERE (line.e164_digits = ? OR line.national_digits = ?)"
        " AND billing_account.country = ? AND customer.role = 'customer'"
        " ORDER BY line.e164_digits LIMIT 1",
        (digits, digits.lstrip("0"), country),
    ).fetchone()
    if row is None:
        raise nobody()
    return row


def _by_document(conn: sqlite3.Connection, country: str, text: str) -> sqlite3.Row:
    number = re.sub(r"[^0-9A-Za-z]", "", text).upper()
    if not number or not valid_document(country, number):
        raise invalid("document", f"not a valid identity document number of {country}")
    row = conn.execute(
        "SELECT billing_account.* FROM customer"
        " JOIN billing_account ON billing_account.customer_id = customer.id"
        " WHERE customer.document_key = ? AND customer.country = ? AND customer.role = 'customer'"
        " ORDER BY billing_account.account_type = 'prepaid', billing_account.id LIMIT 1",
        (number, country),
    ).fetchone()
    if row is None:
        raise nobody()
    return row


def _by_reference(conn: sqlite3.Connection, country: str, text: str) -> tuple[sqlite3.Row, str]:
    digits = re.sub(r"[\s.-]", "", text)
    if not re.fullmatch(r"\d{8,60}", digits):
        raise invalid("reference", "the payment reference or barcode has 8 to 60 digits")
    candidates = {digits}
    if len(digits) == 44:  # a boleto's bars: the bill keeps its 48-digit typed line
        blocks = [digits[i : i + 11] for i in range(0, 44, 11)]
        candidates.add("".join(block + mod10(block) for block in blocks))
    marks = billing.placeholders(candidates)
    row = conn.execute(
        "SELECT billing_account.*, bill.id AS bill_id FROM bill"
        " JOIN billing_account ON billing_account.id = bill.account_id"
        f" WHERE (bill.cash_code IN ({marks}) OR bill.barcode IN ({marks}))"
        " AND billing_account.country = ? LIMIT 1",
        (*candidates, *candidates, country),
    ).fetchone()
    if row is None:
        raise nobody()
    return row, row["bill_id"]


def _customer(conn: sqlite3.Connection, account: sqlite3.Row, matched: str | None) -> KioskCustomer:
    holder = conn.execute(
        "SELECT name, document_number FROM customer WHERE id = ?", (account["customer_id"],)
    ).fetchone()
    marks = billing.placeholders(_OPEN)
    bills = [
        KioskBill(
            bill=Ref(id=row["id"], href=billing.bill_href(row["id"]), name=row["bill_no"]),
            billNo=row["bill_no"],
            amountDue=Money(unit=row["currency"], value=Decimal(row["remaining_amount"])),
            dueDate=row["payment_due_date"],
            paymentReference=row["cash_code"],
            account=Ref(id=row["account_id"], href=billing.account_href(row["account_id"])),
        )
        for row in conn.execute(
            "SELECT bill.* FROM bill JOIN billing_account ON billing_account.id = bill.account_id"
            f" WHERE billing_account.customer_id = ? AND bill.state IN ({marks})"
            " AND CAST(bill.remaining_amount AS REAL) > 0"
            " ORDER BY bill.payment_due_date, bill.bill_date, bill.id",
            (account["customer_id"], *_OPEN),
        )
    ]
    lines = [
        KioskPrepaidLine(
            id=row["id"],
            number=row["number"],
            account=Ref(id=row["account_id"], href=billing.account_href(row["account_id"])),
        )
        for row in conn.execute(
            "SELECT line.* FROM line JOIN billing_account ON billing_account.id = line.account_id"
            " WHERE billing_account.customer_id = ? AND line.line_type = 'prepaid'"
            " ORDER BY billing_account.id, line.position",
            (account["customer_id"],),
        )
    ]
    return KioskCustomer(
        account=Ref(id=account["id"], href=billing.account_href(account["id"])),
        maskedName=mask_name(holder["name"]),
        country=account["country"],
        currency=account["currency"],
        maskedDocument=mask_document(holder["document_number"]),
        bills=bills,
        prepaidLines=lines,
        matchedBill=matched,
    )
