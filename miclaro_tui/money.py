"""Money on screen: Decimal amounts with their currency, formatted by Babel for a locale, and
amounts typed by the customer, read in the notation of the account's country."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from miclaro_tui.i18n import _

if TYPE_CHECKING:
    from miclaro_tui.models import Money


def format_money(money: Money, locale: str) -> str:
    return format_amount(money.value, money.unit, locale)


def format_amount(value: Decimal, currency: str, locale: str) -> str:
    """``value`` in ``currency`` as ``locale`` writes money, always with the cents the locale's
    currency pattern has (two), never rounded to the currency's CLDR digits: CLDR 48 (Babel
    2.19) gives the Colombian peso none, which would show a bill of $150.000,50 as $150.000."""
    from babel.numbers import format_currency

    return format_currency(value, currency, locale=locale, currency_digits=False)


def format_date(day: date, locale: str, style: str = "medium") -> str:
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, format=style, locale=locale)


def format_percent(rate: Decimal, locale: str) -> str:
    """A rate given as a fraction, as ``locale`` writes percentages, keeping its decimals:
    0.0065 is "0,65 %" in es_CO, "0,65%" in pt_BR, "0.65%" in en."""
    from babel.numbers import format_percent as babel_format_percent

    return babel_format_percent(rate, locale=locale, decimal_quantization=False)


def format_month(day: date, locale: str) -> str:
    """A billing month as people say it: "oct 2026"."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMM", day, locale=locale)


# --- amounts typed by the customer ------------------------------------------------------

_ASCII_DIGITS = frozenset("0123456789")
_MINUS_SIGNS = frozenset("-\u2212\u2010\u2011\u2012\u2013\u2014\ufe63\uff0d")


class AmountError(ValueError):
    """A typed amount was refused. ``message`` is for the screen, after the field's name
    (``_("Amount: {reason}")``): translated, it says why and shows how to write the amount in
    the country's notation ("at most 2 decimals after “,”; write it as 150.000 or 150.000,50.").
    ``reason`` is for code and tests: empty, negative, zero, characters, spaces, decimals,
    ambiguous, grouping."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class _Notation:
    locale: str
    decimal: str
    group: str
    marks: tuple[str, ...]  # currency signs and codes accepted around the number, longest first


@lru_cache(maxsize=32)
def _notation(locale: str, currency: str | None) -> _Notation:
    from babel import Locale
    from babel.numbers import (
        get_currency_symbol,
        get_decimal_symbol,
        get_group_symbol,
        get_territory_currencies,
    )

    parsed = Locale.parse(locale)
    if currency is None and parsed.territory:
        currencies = get_territory_currencies(parsed.territory)
        currency = currencies[0] if currencies else None
    marks: set[str] = set()
    if currency:
        symbol = get_currency_symbol(currency, locale)
        marks |= {currency, symbol}
        if "$" in symbol:
            marks.add("$")
        if currency == "USD":
            marks.add("US$")
    return _Notation(
        locale=locale,
        decimal=get_decimal_symbol(locale),
        group=get_group_symbol(locale),
        marks=tuple(sorted(marks, key=len, reverse=True)),
    )


def format_amount_input(value: Decimal, locale: str) -> str:
    """An amount as the app pre-fills a field, in the country's notation and without the
    currency sign: ``192.283`` or ``192.283,50`` in Colombia, ``192,283.50`` in Peru. Whole
    amounts have no decimals; others have two. For amounts with at most two decimals,
    ``parse_amount`` gives ``value`` back."""
    from babel.numbers import format_decimal

    pattern = "#,##0" if value == value.to_integral_value() else "#,##0.00"
    return format_decimal(value, format=pattern, locale=locale)


def parse_amount(text: str, locale: str, currency: str | None = None) -> Decimal:
    """The amount a customer typed, read in the notation of ``locale`` (the account country's:
    es_CO, pt_BR and es_EC group thousands with "." and write decimals after ","; es_PE and
    es_DO the other way round). Raises ``AmountError`` with a message for the screen.

    Accepted:

    - digits alone (``150000``), or grouped in threes by the locale's group mark all the way
      (``150.000``, ``1.234.567``; ``1234.567`` is refused), with at most two decimals after
      the locale's decimal mark (``1.234,5`` = 1234.5, ``150000,50``, ``,50``);
    - a currency sign or code before or after, with spaces or none: ``$ 150.000``,
      ``R$ 1.234,56``, ``COP 150.000``, ``150.000 COP`` (the locale's currency, or
      ``currency``); so what ``format_money`` writes reads back (``R$ 1.234,56``).

    Refused, each with its own message: nothing typed; a minus sign; zero; any other character
    (letters, ``NaN``, ``1e5``, ``1_000``, digits of other scripts); spaces between digits;
    more than two decimals; a group mark out of place (``1.50.000``, ``1.5`` in Colombia);
    and, as **ambiguous**, one decimal mark followed by exactly three digits with no group mark
    (``150,000`` in Colombia, ``150.000`` in Peru): that is how the other notation writes
    thousands, so it is refused with both ways to write it rather than read as cents. One group
    mark followed by exactly three digits is the locale's own grouping and is accepted
    (``150.000`` is 150000 in Colombia, ``150,000`` in Peru).
    """
    from babel.numbers import NumberFormatError, parse_decimal

    notation = _notation(locale, currency)
    body = _strip_marks(text, notation.marks)
    decimal, group = notation.decimal, notation.group
    examples = _("{whole} or {cents}").format(
        whole=format_amount_input(Decimal("150000"), locale),
        cents=format_amount_input(Decimal("150000.50"), locale),
    )
    if not body:
        raise AmountError(
            "empty", _("write how much, for example {examples}.").format(examples=examples)
        )
    if any(ch in _MINUS_SIGNS for ch in body):
        raise AmountError(
            "negative",
            _("it must be greater than 0, with no minus sign; write it as {examples}.").format(
                examples=examples
            ),
        )
    allowed = _ASCII_DIGITS | {decimal, group}
    stray = _runs(body, lambda ch: ch not in allowed and not ch.isspace())
    if stray:
        raise AmountError(
            "characters",
            _(
                "remove “{chars}”: use only digits, “{group}” for thousands and "
                "“{decimal}” for decimals, as in {examples}."
            ).format(group=group, decimal=decimal, chars="”, “".join(stray), examples=examples),
        )
    if not any(ch in _ASCII_DIGITS for ch in body):
        raise AmountError(
            "characters", _("write it in digits, as in {examples}.").format(examples=examples)
        )
    if any(ch.isspace() for ch in body):
        raise AmountError(
            "spaces",
            _("no spaces between the digits; write it as {examples}.").format(examples=examples),
        )
    whole, mark, fraction = body.partition(decimal)
    if mark and decimal not in fraction and group not in fraction:
        if group not in whole and len(fraction) == 3 and whole.strip("0"):
            raise AmountError(
                "ambiguous",
                _(
                    "“{typed}” is unclear: here “{group}” separates thousands and "
                    "“{decimal}” decimals. Write {thousands} for thousands, or at most 2 decimals "
                    "after “{decimal}”."
                ).format(
                    typed=body,
                    group=group,
                    decimal=decimal,
                    thousands=format_amount_input(Decimal(whole + fraction), locale),
                ),
            )
        if len(fraction) > 2:
            raise AmountError(
                "decimals",
                _("at most 2 decimals after “{decimal}”; write it as {examples}.").format(
                    decimal=decimal, examples=examples
                ),
            )
    try:
        value = parse_decimal(body, locale=locale, strict=True)
    except NumberFormatError:
        raise AmountError(
            "grouping",
            _(
                "“{typed}” is not how amounts are written here: “{group}” separates thousands "
                "in groups of three and “{decimal}” the decimals, as in {examples}."
            ).format(typed=body, group=group, decimal=decimal, examples=examples),
        ) from None
    if value <= 0:
        raise AmountError(
            "zero",
            _("it must be greater than 0; write it as {examples}.").format(examples=examples),
        )
    return value


def _strip_marks(text: str, marks: tuple[str, ...]) -> str:
    """``text`` without spaces around it nor currency signs or codes at either end."""
    body = text.strip()
    for _round in range(2):  # "COP $ 150.000" has two
        for mark in marks:
            size = len(mark)
            if body[:size].casefold() == mark.casefold():
                body = body[size:].strip()
            if body[-size:].casefold() == mark.casefold():
                body = body[:-size].strip()
    return body


def _runs(text: str, wanted: Callable[[str], bool]) -> list[str]:
    """The runs of consecutive characters of ``text`` that are ``wanted``, in order."""
    runs: list[str] = []
    current = ""
    for ch in text:
        if wanted(ch):
            current += ch
        elif current:
            runs.append(current)
            current = ""
    return [*runs, current] if current else runs
