"""The till's arithmetic: change to give, a drawer counted by denomination, the cash a drawer
should hold (float + cash in - change - voids) and the surplus or shortfall against it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from miclaro_tui.i18n import _

if TYPE_CHECKING:
    from miclaro_tui.models import Denomination, DenominationCount, Money

MAX_PIECES = 1_000_000
"""The most pieces of one denomination a count may hold (as the contract says)."""


class CashShortError(ValueError):
    """The customer handed over less than the amount: no change can be given."""

    def __init__(self, missing: Money) -> None:
        super().__init__(_("The cash received is less than the amount to pay."))
        self.missing = missing


class CountError(ValueError):
    """A typed number of pieces was refused; the message names why, for the screen."""


def _money(value: Decimal, unit: str) -> Money:
    from miclaro_tui.models import Money

    return Money(unit=unit, value=value)


def change_due(amount: Money, cash_received: Money) -> Money:
    """What to hand back: ``cash_received - amount``. Raises CashShortError when the cash does
    not cover the amount (``missing`` says by how much)."""
    if amount.unit != cash_received.unit:
        raise ValueError(f"cannot give change in {cash_received.unit} for {amount.unit}")
    if cash_received.value < amount.value:
        raise CashShortError(_money(amount.value - cash_received.value, amount.unit))
    return _money(cash_received.value - amount.value, amount.unit)


def parse_pieces(text: str) -> int:
    """A number of notes or coins as typed: ASCII digits only, empty is none."""
    text = text.strip()
    if not text:
        return 0
    if not text.isascii() or not text.isdigit():
        raise CountError(_("type a whole number of pieces (digits only)"))
    pieces = int(text)
    if pieces > MAX_PIECES:
        raise CountError(_("at most {n} pieces").format(n=f"{MAX_PIECES:,}"))
    return pieces


def count_total(counts: Iterable[DenominationCount], unit: str) -> Money:
    """The money ``counts`` add up to."""
    return _money(sum((c.value * c.count for c in counts), Decimal(0)), unit)


@dataclass
class DrawerCount:
    """Notes and coins counted into (or out of) the drawer, highest face value first."""

    denominations: Sequence[Denomination]
    currency: str
    pieces: dict[Decimal, int] = field(default_factory=dict)

    def set(self, value: Decimal, pieces: int) -> None:
        if value not in {d.value for d in self.denominations}:
            raise ValueError(f"{value} is not a denomination of {self.currency}")
        if not 0 <= pieces <= MAX_PIECES:
            raise CountError(_("at most {n} pieces").format(n=f"{MAX_PIECES:,}"))
        self.pieces[value] = pieces

    def line_total(self, value: Decimal) -> Money:
        return _money(value * self.pieces.get(value, 0), self.currency)

    def total(self) -> Money:
        return count_total(self.as_counts(), self.currency)

    def as_counts(self) -> list[DenominationCount]:
        """The count as the API takes it: the denominations with at least one piece."""
        from miclaro_tui.models import DenominationCount

        return [
            DenominationCount(value=d.value, count=self.pieces[d.value])
            for d in self.denominations
            if self.pieces.get(d.value, 0) > 0
        ]


def expected_cash(opening_float: Money, cash_in: Money, change: Money, voided: Money) -> Money:
    """What the drawer should hold: the float, plus the cash received, minus the change given
    and the amounts handed back by voids."""
    unit = opening_float.unit
    for other in (cash_in, change, voided):
        if other.unit != unit:
            raise ValueError(f"cannot add {other.unit} to {unit}")
    return _money(opening_float.value + cash_in.value - change.value - voided.value, unit)


def difference(counted: Money, expected: Money) -> Money:
    """counted - expected: negative is a shortfall, positive a surplus."""
    if counted.unit != expected.unit:
        raise ValueError(f"cannot compare {counted.unit} with {expected.unit}")
    return _money(counted.value - expected.value, counted.unit)


def describe_difference(diff: Money, formatted: str) -> str:
    """ "Shortfall of $2.000", "Surplus of ...", or "The cash matches" (``formatted`` is the
    absolute amount as the country writes it)."""
    if diff.value < 0:
        return _("Shortfall of {amount}").format(amount=formatted)
    if diff.value > 0:
        return _("Surplus of {amount}").format(amount=formatted)
    return _("The cash matches the expected amount")
