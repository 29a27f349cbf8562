"""The till's arithmetic: change, counting by denomination, expected cash and the difference."""

from __future__ import annotations

from decimal import Decimal

import pytest

from miclaro_tui.kiosk.till import (
    CashShortError,
    CountError,
    DrawerCount,
    change_due,
    count_total,
    describe_difference,
    difference,
    expected_cash,
    parse_pieces,
)
from miclaro_tui.models import Denomination, DenominationCount, Money


def cop(value: str | int) -> Money:
    return Money(unit="COP", value=Decimal(value))


COP_NOTES = [
    Denomination(value=Decimal(100000), kind="note"),
    Denomination(value=Decimal(50000), kind="note"),
    Denomination(value=Decimal(2000), kind="note"),
    Denomination(value=Decimal(500), kind="coin"),
    Denomination(value=Decimal(50), kind="coin"),
]


def test_change_is_cash_received_minus_the_amount():
    assert change_due(cop(95900), cop(100000)) == cop(4100)
    assert change_due(cop(95900), cop(95900)) == cop(0)
    assert change_due(
        Money(unit="BRL", value=Decimal("0.1")), Money(unit="BRL", value=Decimal("0.3"))
    ) == Money(unit="BRL", value=Decimal("0.2"))


def test_too_little_cash_is_refused_saying_how_much_is_missing():
    with pytest.raises(CashShortError) as refused:
        change_due(cop(95900), cop(90000))
    assert refused.value.missing == cop(5900)
    assert str(refused.value)  # a message for the screen


def test_change_in_another_currency_is_a_programming_error():
    with pytest.raises(ValueError):
        change_due(cop(1000), Money(unit="BRL", value=Decimal(1000)))


@pytest.mark.parametrize(
    ("typed", "pieces"), [("", 0), (" 7 ", 7), ("0", 0), ("1000000", 1_000_000)]
)
def test_pieces_typed_as_digits(typed, pieces):
    assert parse_pieces(typed) == pieces


@pytest.mark.parametrize("typed", ["-1", "1.5", "x", "٣", "1000001", "1e3"])
def test_pieces_refused_with_a_reason(typed):
    with pytest.raises(CountError) as refused:
        parse_pieces(typed)
    assert str(refused.value)


def test_a_drawer_counted_by_denomination():
    drawer = DrawerCount(COP_NOTES, "COP")
    drawer.set(Decimal(100000), 2)
    drawer.set(Decimal(2000), 5)
    drawer.set(Decimal(50), 3)
    drawer.set(Decimal(500), 0)
    assert drawer.total() == cop(210150)
    assert drawer.line_total(Decimal(2000)) == cop(10000)
    assert [(c.value, c.count) for c in drawer.as_counts()] == [
        (Decimal(100000), 2),
        (Decimal(2000), 5),
        (Decimal(50), 3),
    ]
    with pytest.raises(ValueError):
        drawer.set(Decimal(20000), 1)  # not a denomination of this table
    with pytest.raises(CountError):
        drawer.set(Decimal(50), -1)


def test_count_total_with_cents():
    counts = [
        DenominationCount(value=Decimal("0.25"), count=3),
        DenominationCount(value=Decimal(10), count=2),
    ]
    assert count_total(counts, "BRL") == Money(unit="BRL", value=Decimal("20.75"))


def test_expected_cash_and_the_difference():
    expected = expected_cash(cop(200000), cop(400000), cop(12300), cop(50000))
    assert expected == cop(537700)
    assert difference(cop(535700), expected) == cop(-2000)  # shortfall
    assert difference(cop(540000), expected) == cop(2300)  # surplus
    assert difference(expected, expected) == cop(0)


def test_the_difference_in_words():
    assert "2.000" in describe_difference(cop(-2000), "$ 2.000")
    assert describe_difference(cop(-2000), "x") != describe_difference(cop(2000), "x")
    assert describe_difference(cop(0), "x") not in (
        describe_difference(cop(-1), "x"),
        describe_difference(cop(1), "x"),
    )
