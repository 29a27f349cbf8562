"""The rules of the prepaid screens, with no UI: a number of the country (``phonenumbers``),
an amount within the carrier's limits in the country's notation, a payer's document
(``python-stdnum``), what a transfer costs and who pays it, a bucket's share left, the usage
table and the 12-month spending of a postpaid account.

The server checks all of it again; these checks name the field and why before anything is
sent, so nothing typed is lost on a round trip."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from miclaro_tui.i18n import N_, _
from miclaro_tui.money import AmountError, format_money, parse_amount

if TYPE_CHECKING:
    from miclaro_tui.models import (
        Bucket,
        CustomerBill,
        Money,
        PackOffering,
        PrepaidCatalog,
        UsageConsumptionReport,
    )


class RuleError(ValueError):
    """Input refused before sending: ``message`` names the field and says why (translated);
    ``reason`` is for code and tests."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


# --- phone numbers -----------------------------------------------------------------------


def e164_number(typed: str, country: str) -> str:
    """The number typed, as E.164, if it is a number of ``country``: national notation
    (``099 123 4567`` in Ecuador) or international (``+593 99 123 4567``). RuleError with
    reason "empty", "invalid" or "otherCountry" otherwise."""
    import phonenumbers

    text = typed.strip()
    if not text:
        raise RuleError("empty", _("Number: type the line's number."))
    try:
        parsed = phonenumbers.parse(text, country)
    except phonenumbers.NumberParseException:
        raise RuleError(
            "invalid", _("Number: “{typed}” is not a phone number.").format(typed=text)
        ) from None
    region = phonenumbers.region_code_for_number(parsed)
    if region and region != country:
        raise RuleError(
            "otherCountry",
            _(
                "Number: it is a number of {other}; only lines of {country} can be topped up here."
            ).format(other=country_name(region), country=country_name(country)),
        )
    if not phonenumbers.is_valid_number(parsed):
        raise RuleError(
            "invalid",
            _("Number: “{typed}” is not a valid number of {country}.").format(
                typed=text, country=country_name(country)
            ),
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def national_number(e164: str) -> str:
    """A number as people of its country write it: ``099 123 4567``."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


def country_name(code: str) -> str:
    """The country's name in the screens' language (Babel's, for countries we do not serve)."""
    from miclaro_tui.countries import COUNTRIES

    if code in COUNTRIES:
        return _(COUNTRIES[code].name)
    from babel import Locale

    from miclaro_tui.i18n import current_language

    try:
        return Locale.parse(current_language()).territories.get(code, code)
    except ValueError:
        return code


# --- amounts -----------------------------------------------------------------------------


def amount_within(
    typed: str, locale: str, minimum: Money, maximum: Money, field: str | None = None
) -> Money:
    """The amount typed in the notation of ``locale``, between ``minimum`` and ``maximum``
    (inclusive). RuleError names the field (``field``, "Amount" by default) and the limits."""
    from miclaro_tui.models import Money

    label = field or _("Amount")
    try:
        value = parse_amount(typed, locale, minimum.unit)
    except AmountError as error:
        raise RuleError(error.reason, f"{label}: {error.message}") from None
    if value < minimum.value:
        raise RuleError(
            "amountBelowMin",
            _("{field}: at least {minimum}.").format(
                field=label, minimum=format_money(minimum, locale)
            ),
        )
    if value > maximum.value:
        raise RuleError(
            "amountAboveMax",
            _("{field}: at most {maximum}.").format(
                field=label, maximum=format_money(maximum, locale)
            ),
        )
    return Money(unit=minimum.unit, value=value)


# --- the payer's document (guest top-up) --------------------------------------------------

DOCUMENT_LABELS = {
    "CC": N_("Citizenship card (CC)"),
    "CE": N_("Foreigner ID (CE)"),
    "NIT": N_("Tax ID (NIT)"),
    "PA": N_("Passport"),
    "DNI": N_("National ID (DNI)"),
    "RUC": N_("Taxpayer number (RUC)"),
    "CPF": N_("CPF"),
    "CNPJ": N_("CNPJ"),
    "CI": N_("Identity card (CI)"),
    "CED": N_("Identity card (cédula)"),
}


def document_types(country: str) -> tuple[str, ...]:
    from miclaro_tui.countries import country as profile

    return profile(country).documents or ("CC",)


def check_document(country: str, kind: str, typed: str) -> str:
    """The document number, compact (no dots, dashes or spaces), if valid for its kind in
    ``country`` (check digits by python-stdnum). RuleError names the field otherwise."""
    number = "".join(ch for ch in typed if not (ch.isspace() or ch in ".-/"))
    if not number:
        raise RuleError("empty", _("Document number: type the payer's document number."))
    if not _valid_document(country, kind, number):
        raise RuleError(
            "invalid",
            _("Document number: “{typed}” is not a valid {kind}; check the digits.").format(
                typed=typed.strip(), kind=_(DOCUMENT_LABELS.get(kind, kind))
            ),
        )
    return number


def _valid_document(country: str, kind: str, number: str) -> bool:
    digits = number.isascii() and number.isdigit()
    if kind == "CC":
        return digits and 6 <= len(number) <= 10
    if kind == "DNI":
        return digits and len(number) == 8
    validator = _STDNUM.get((country, kind))
    if validator is not None:
        import importlib

        return bool(importlib.import_module(f"stdnum.{validator}").is_valid(number))
    return number.isascii() and number.isalnum() and 5 <= len(number) <= 15


_STDNUM = {
    ("CO", "NIT"): "co.nit",
    ("BR", "CPF"): "br.cpf",
    ("BR", "CNPJ"): "br.cnpj",
    ("PE", "RUC"): "pe.ruc",
    ("EC", "CI"): "ec.ci",
    ("EC", "RUC"): "ec.ruc",
    ("DO", "CED"): "do.cedula",
}


def check_name(typed: str) -> str:
    """The payer's name: at least two letters, no digits runs (a card number typed there)."""
    name = " ".join(typed.split())
    if sum(ch.isalpha() for ch in name) < 2:
        raise RuleError("name", _("Name: type the payer's full name."))
    if any(ch.isdigit() for ch in name):
        raise RuleError("name", _("Name: a name has no digits."))
    return name


# --- transfers and gifts -------------------------------------------------------------------


@dataclass(frozen=True)
class TransferQuote:
    """What a transfer or a gift costs the sender, before confirming."""

    value: Money
    """The money sent, or the pack's price."""
    fee: Money
    sender_pays_fee: bool
    total: Money
    """What leaves the sender's balance."""
    receiver_gets: Money | None
    """Money the receiver gets (None for a pack: the receiver gets the pack)."""
    balance: Money
    """The sender's balance now."""

    @property
    def affordable(self) -> bool:
        return self.total.value <= self.balance.value


def transfer_quote(
    catalog: PrepaidCatalog, balance: Money, amount: Money | None, pack: PackOffering | None
) -> TransferQuote:
    """The cost of sending ``amount`` (or gifting ``pack``), by the catalogue's fee and who
    pays it: the sender (debited the value plus the fee) or the receiver (the fee comes out
    of what they get; a pack's receiver pays it from their balance)."""
    from miclaro_tui.models import Money

    if amount is not None and pack is None:
        value = amount
    elif pack is not None and amount is None:
        value = pack.price
    else:
        raise ValueError("a transfer is money or a pack")
    fee = catalog.transferFee
    sender_pays = catalog.transferCostOwner == "sender"
    total = value + fee if sender_pays else value
    gets = None
    if amount is not None:
        gets = amount if sender_pays else Money(unit=amount.unit, value=amount.value - fee.value)
    return TransferQuote(value, fee, sender_pays, total, gets, balance)


# --- buckets and usage ----------------------------------------------------------------------


def share_left(bucket: Bucket) -> Decimal:
    """What is left of the bucket, from 0 to 1 (0 for an empty or expired one)."""
    initial = bucket.initialValue.amount
    if bucket.status == "expired" or initial <= 0:
        return Decimal(0)
    return max(Decimal(0), min(Decimal(1), bucket.remainingValue.amount / initial))


def money_balance(buckets: Iterable[Bucket]) -> Bucket | None:
    return next((b for b in buckets if b.usageType == "monetary"), None)


USAGE_COLUMNS = ("data", "voice", "sms")


@dataclass(frozen=True)
class UsageRow:
    month: date
    data_mb: Decimal
    minutes: Decimal
    sms: Decimal


def usage_rows(report: UsageConsumptionReport) -> list[UsageRow]:
    """One row per month of the report, oldest first: data (MB), minutes and SMS used."""
    months: dict[date, dict[str, Decimal]] = {}
    for bucket in report.bucket:
        if bucket.usageType not in USAGE_COLUMNS:
            continue
        for summary in bucket.consumptionSummary:
            month = summary.consumptionPeriod.startDateTime.replace(day=1)
            cell = months.setdefault(month, {})
            cell[bucket.usageType] = cell.get(bucket.usageType, Decimal(0)) + summary.value.amount
    return [
        UsageRow(
            month,
            months[month].get("data", Decimal(0)),
            months[month].get("voice", Decimal(0)),
            months[month].get("sms", Decimal(0)),
        )
        for month in sorted(months)
    ]


# --- a postpaid account's spending -----------------------------------------------------------


def last_months(today: date, count: int) -> list[date]:
    """The first days of the ``count`` months up to ``today``'s, oldest first."""
    year, month = today.year, today.month
    firsts = []
    for _step in range(count):
        firsts.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return firsts[::-1]


def monthly_spending(
    bills: Sequence[CustomerBill], today: date, currency: str, months: int = 12
) -> list[tuple[date, Money]]:
    """What the account was billed each month (by bill date) over the ``months`` months up to
    ``today``'s, oldest first; a month with no bill counts zero. Duplicates are copies of a
    bill, not new charges, and are left out."""
    from miclaro_tui.models import Money

    firsts = last_months(today, months)
    totals = {first: Decimal(0) for first in firsts}
    for bill in bills:
        if bill.category == "duplicate" or bill.amountDue.unit != currency:
            continue
        first = bill.billDate.replace(day=1)
        if first in totals:
            totals[first] += bill.amountDue.value
    return [(first, Money(unit=currency, value=totals[first])) for first in firsts]


def quantity_text(amount: Decimal, units: str, locale: str) -> str:
    """A bucket's figure as people read it: ``2,5 GB``, ``120 min``, ``50 SMS``, ``$ 4,50``."""
    from babel.numbers import format_decimal

    from miclaro_tui.models import Money

    if len(units) == 3 and units.isupper() and units.isalpha() and units != "SMS":
        return format_money(Money(unit=units, value=amount.quantize(Decimal("0.01"))), locale)
    if units == "MB" and amount >= 1024:
        return f"{format_decimal(amount / 1024, format='#,##0.#', locale=locale)} GB"
    return f"{format_decimal(amount, format='#,##0.#', locale=locale)} {units}"


def short_month(first: date, locale: str) -> str:
    """A month in three letters for a chart's axis ("sep", "dic"): one width for all, so
    plotext places every label the same way."""
    from babel.dates import format_skeleton

    return format_skeleton("MMM", first, locale=locale).rstrip(".")[:3]


def compact_number(value: float, locale: str) -> str:
    """A chart axis' figure, short: ``208,2 k``."""
    from babel.numbers import format_compact_decimal

    return format_compact_decimal(value, locale=locale, fraction_digits=1)


def bar_text(share: Decimal, width: int) -> str:
    """A bar of ``width`` cells, filled by ``share`` (0 to 1); readable without colour."""
    filled = int((share * width).to_integral_value())
    return "█" * filled + "░" * (width - filled)


# --- the server's refusals, in words ---------------------------------------------------------

REFUSALS = {
    "notPrepaidLine": N_(
        "Number: it is not a Claro prepaid line, so it cannot be topped up or receive balance."
    ),
    "otherCountry": N_("Number: it is a number of another country; only lines of {country}."),
    "amountBelowMin": N_("Amount: it is below the minimum."),
    "amountAboveMax": N_("Amount: it is above the maximum."),
    "insufficientBalance": N_("Your balance is not enough for this: nothing was sent."),
    "advanceOpen": N_(
        "You already have a balance advance to repay; it is repaid by your next top-up."
    ),
    "notEligible": N_("This line cannot take a balance advance now."),
    "offerChanged": N_("The offer changed meanwhile: look at the new one before accepting."),
    "sameLine": N_("Number: it is your own line; choose another."),
}


def refusal_message(error: Exception, country: str) -> str | None:
    """The words for a rule the server refused by (its error's ``code``), or None for any
    other error (the screen shows the error's own ``user_message``)."""
    return rule_message(getattr(error, "code", "") or "", country)


def rule_message(code: str, country: str) -> str | None:
    """The words for a rule ``code`` (see ``REFUSALS``), or None for an unknown code."""
    template = REFUSALS.get(code)
    if template is None:
        return None
    return _(template).format(country=country_name(country))
