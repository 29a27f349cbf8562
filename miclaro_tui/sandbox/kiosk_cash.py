"""Cash at a payment point: each country's notes and coins, counting them, the change.

One face value is listed once even where a note and a coin of it both circulate (Colombia's
COP 1,000, the US dollar in Ecuador): a till counts pieces by value. Denominations that no
longer circulate (Peru's 5 céntimos, withdrawn in 2019; Brazil's 1 centavo) are left out, so
the smallest listed is the smallest amount of cash a till can take or give.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from miclaro_tui.models import (
    MAX_AMOUNT,
    CashDenominations,
    Denomination,
    DenominationCount,
    Money,
)
from miclaro_tui.sandbox.errors import ApiException, invalid

_NOTE, _COIN = "note", "coin"

# country: (currency, ((face value, kind), ...) highest first)
DENOMINATIONS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "CO": (
        "COP",
        (
            ("100000", _NOTE),
            ("50000", _NOTE),
            ("20000", _NOTE),
            ("10000", _NOTE),
            ("5000", _NOTE),
            ("2000", _NOTE),
            ("1000", _COIN),
            ("500", _COIN),
            ("200", _COIN),
            ("100", _COIN),
            ("50", _COIN),
        ),
    ),
    "BR": (
        "BRL",
        (
            ("200", _NOTE),
            ("100", _NOTE),
            ("50", _NOTE),
            ("20", _NOTE),
            ("10", _NOTE),
            ("5", _NOTE),
            ("2", _NOTE),
            ("1", _COIN),
            ("0.50", _COIN),
            ("0.25", _COIN),
            ("0.10", _COIN),
            ("0.05", _COIN),
        ),
    ),
    "PE": (
        "PEN",
        (
            ("200", _NOTE),
            ("100", _NOTE),
            ("50", _NOTE),
            ("20", _NOTE),
            ("10", _NOTE),
            ("5", _COIN),
            ("2", _COIN),
            ("1", _COIN),
            ("0.50", _COIN),
            ("0.20", _COIN),
            ("0.10", _COIN),
        ),
    ),
    "EC": (
        "USD",
        (
            ("100", _NOTE),
            ("50", _NOTE),
            ("20", _NOTE),
            ("10", _NOTE),
            ("5", _NOTE),
            ("1", _NOTE),
            ("0.50", _COIN),
            ("0.25", _COIN),
            ("0.10", _COIN),
            ("0.05", _COIN),
            ("0.01", _COIN),
        ),
    ),
    "DO": (
        "DOP",
        (
            ("2000", _NOTE),
            ("1000", _NOTE),
            ("500", _NOTE),
            ("200", _NOTE),
            ("100", _NOTE),
            ("50", _NOTE),
            ("25", _COIN),
            ("10", _COIN),
            ("5", _COIN),
            ("1", _COIN),
        ),
    ),
}

MINIMUM_PAYMENT: dict[str, Decimal] = {
    "COP": Decimal(1000),
    "BRL": Decimal(1),
    "PEN": Decimal(1),
    "USD": Decimal(1),
    "DOP": Decimal(50),
}
"""The least a payment point takes for a bill (less only to pay off what is left of it)."""


def denominations(country: str) -> CashDenominations:
    if country not in DENOMINATIONS:
        raise ApiException(
            404, "notFound", f"No cash denominations for {country}: not a country we serve"
        )
    currency, pieces = DENOMINATIONS[country]
    return CashDenominations(
        country=country,
        currency=currency,
        denominations=[Denomination(value=Decimal(value), kind=kind) for value, kind in pieces],
    )


def smallest(country: str) -> Decimal:
    return Decimal(DENOMINATIONS[country][1][-1][0])


def counted(country: str, counts: Sequence[DenominationCount], field: str) -> Money:
    """What a count adds up to; refuses a value the country has no note or coin for, and a
    value counted twice."""
    currency, pieces = DENOMINATIONS[country]
    known = {Decimal(value) for value, _ in pieces}
    seen: set[Decimal] = set()
    total = Decimal(0)
    for line in counts:
        if line.value not in known:
            raise invalid(field, f"{currency} has no note or coin of {line.value}")
        if line.value in seen:
            raise invalid(field, f"{line.value} is counted twice; give each value once")
        seen.add(line.value)
        total += line.value * line.count
    if total > MAX_AMOUNT:
        raise invalid(field, f"the count adds up to more than {MAX_AMOUNT} {currency}")
    return Money(unit=currency, value=total)


def tenderable(country: str, amount: Decimal) -> bool:
    """Whether cash can make up exactly this amount (a multiple of the smallest piece)."""
    return amount % smallest(country) == 0
