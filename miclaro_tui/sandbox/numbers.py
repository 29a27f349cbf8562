"""Which numbers can be topped up or receive balance: a prepaid line of the carrier in the
caller's country, checked with ``phonenumbers`` and then the carrier's own records (a line of
a sandbox customer, or the registry of the carrier's other numbers)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from miclaro_tui.models import NumberCheck
from miclaro_tui.sandbox.errors import ApiException, invalid


@dataclass(frozen=True)
class Receiver:
    """A number of the caller's country, and what the carrier knows of it."""

    number: str  # E.164
    country: str
    carrier: bool
    prepaid: bool
    line_id: str | None = None  # a line of a sandbox customer
    account_id: str | None = None


def parse(number: str, field: str) -> tuple[str, str]:
    """(E.164, region) of a valid number, or 422 naming ``field``."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        raise invalid(field, "not a phone number in E.164 (+ and the country code)") from None
    if not phonenumbers.is_valid_number(parsed):
        raise invalid(field, f"{number} is not a valid phone number")
    region = phonenumbers.region_code_for_number(parsed) or ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), region


def look_up(conn: sqlite3.Connection, number: str, country: str, field: str) -> Receiver:
    """What the carrier knows of ``number``; 422 otherCountry for a number of another country."""
    e164, region = parse(number, field)
    if region != country:
        raise ApiException(
            422,
            "otherCountry",
            f"{field}: {e164} is a number of {region or 'another country'}; only numbers of"
            f" {country} can be topped up or receive balance here",
            field=field,
        )
    digits = e164.lstrip("+")
    line = conn.execute(
        "SELECT line.id, line.account_id, line.line_type FROM line"
        " JOIN billing_account ON billing_account.id = line.account_id"
        " WHERE line.e164_digits = ? AND billing_account.state = 'active'",
        (digits,),
    ).fetchone()
    if line is not None:
        prepaid = line["line_type"] == "prepaid"
        return Receiver(e164, country, True, prepaid, line["id"], line["account_id"])
    known = conn.execute(
        "SELECT line_type FROM carrier_number WHERE e164_digits = ?", (digits,)
    ).fetchone()
    if known is not None:
        return Receiver(e164, country, True, known["line_type"] == "prepaid")
    return Receiver(e164, country, False, False)


def prepaid_receiver(conn: sqlite3.Connection, number: str, country: str, field: str) -> Receiver:
    """A prepaid line of the carrier in ``country``, or 422 notPrepaidLine / otherCountry."""
    found = look_up(conn, number, country, field)
    if not found.carrier:
        raise ApiException(
            422,
            "notPrepaidLine",
            f"{field}: {found.number} is not a Claro line; only Claro prepaid lines can be"
            " topped up or receive balance",
            field=field,
        )
    if not found.prepaid:
        raise ApiException(
            422,
            "notPrepaidLine",
            f"{field}: {found.number} is a postpaid line; only prepaid lines can be topped up"
            " or receive balance",
            field=field,
        )
    return found


def check(conn: sqlite3.Connection, number: str, country: str) -> NumberCheck:
    found = look_up(conn, number, country, "number")
    return NumberCheck(
        number=found.number, prepaid=found.prepaid, carrier=found.carrier, country=country
    )
