"""Money on screen: Decimal amounts with their currency, formatted by Babel for a locale."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from miclaro_tui.models import Money


def format_money(money: Money, locale: str) -> str:
    from babel.numbers import format_currency

    return format_currency(money.value, money.unit, locale=locale)


def format_amount(value: Decimal, currency: str, locale: str) -> str:
    from babel.numbers import format_currency

    return format_currency(value, currency, locale=locale)


def format_date(day: date, locale: str, style: str = "medium") -> str:
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, format=style, locale=locale)


def format_month(day: date, locale: str) -> str:
    """A billing month as people say it: "oct 2026"."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMM", day, locale=locale)
