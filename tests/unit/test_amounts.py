"""Amounts typed by the customer, read in the notation of the account's country (Babel's data:
es_CO, pt_BR and es_EC write 150.000,50; es_PE and es_DO write 150,000.50), and the amounts
the app pre-fills, which must read back as the same value."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from miclaro_tui import i18n
from miclaro_tui.countries import COUNTRIES
from miclaro_tui.models import Money
from miclaro_tui.money import AmountError, format_amount_input, format_money, parse_amount

COMMA_DECIMALS = ("es_CO", "pt_BR", "es_EC")  # "." groups thousands, "," marks decimals
POINT_DECIMALS = ("es_PE", "es_DO")  # "," groups thousands, "." marks decimals


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def test_the_countries_notations_are_the_ones_babel_knows():
    assert {c.locale for c in COUNTRIES.values()} == {*COMMA_DECIMALS, *POINT_DECIMALS}
    for locale in COMMA_DECIMALS:
        assert format_amount_input(Decimal("1234567.5"), locale) == "1.234.567,50"
    for locale in POINT_DECIMALS:
        assert format_amount_input(Decimal("1234567.5"), locale) == "1,234,567.50"


ACCEPTED = [
    # (locale, typed, value)
    ("es_CO", "150000", "150000"),
    ("es_CO", "150.000", "150000"),
    ("es_CO", "1.234,5", "1234.50"),
    ("es_CO", "1.234.567,89", "1234567.89"),
    ("es_CO", "150000,5", "150000.5"),
    ("es_CO", ",50", "0.50"),
    ("es_CO", "  192.283  ", "192283"),
    ("es_CO", "$ 150.000", "150000"),
    ("es_CO", "$150.000,00", "150000"),
    ("es_CO", "COP 150.000", "150000"),
    ("es_CO", "cop 150.000", "150000"),
    ("es_CO", "150.000 COP", "150000"),
    ("es_CO", "COP $ 150.000", "150000"),
    ("pt_BR", "1.234,56", "1234.56"),
    ("pt_BR", "R$ 1.234,56", "1234.56"),
    ("pt_BR", "R$\u00a01.234,56", "1234.56"),
    ("pt_BR", "BRL 99,9", "99.90"),
    ("pt_BR", "163,89", "163.89"),
    ("es_EC", "$ 45,90", "45.90"),
    ("es_EC", "USD 1.045", "1045"),
    ("es_EC", "US$ 12", "12"),
    ("es_PE", "150,000", "150000"),
    ("es_PE", "S/ 1,234.56", "1234.56"),
    ("es_PE", "PEN 89.9", "89.90"),
    ("es_PE", "89.90", "89.90"),
    ("es_DO", "RD$1,234.50", "1234.50"),
    ("es_DO", "RD$ 2,450", "2450"),
    ("es_DO", "DOP 2450.5", "2450.50"),
]


@pytest.mark.parametrize(("locale", "typed", "value"), ACCEPTED)
def test_accepted(locale, typed, value):
    assert parse_amount(typed, locale) == Decimal(value)


REFUSED = [
    # (locale, typed, reason)
    ("es_CO", "", "empty"),
    ("es_CO", "   ", "empty"),
    ("es_CO", "$", "empty"),
    ("es_CO", "-150.000", "negative"),
    ("es_CO", "$ -150", "negative"),
    ("es_CO", "−150", "negative"),  # the Unicode minus sign
    ("es_CO", "0", "zero"),
    ("es_CO", "0,00", "zero"),
    ("es_CO", "NaN", "characters"),
    ("es_CO", "inf", "characters"),
    ("es_CO", "1e5", "characters"),
    ("es_CO", "1_000", "characters"),
    ("es_CO", "150 mil", "characters"),
    ("es_CO", "１５０", "characters"),  # full-width digits
    ("es_CO", "US$ 150", "characters"),  # not Colombia's currency
    ("es_CO", ",", "characters"),
    ("es_CO", "150 000", "spaces"),
    ("es_CO", "1.234,567", "decimals"),
    ("es_CO", "12,3456", "decimals"),
    ("es_CO", "150,000", "ambiguous"),  # thousands as Peru writes them, or 3 decimals
    ("es_CO", "10,005", "ambiguous"),
    ("es_CO", "1.50.000", "grouping"),
    ("es_CO", "1234.567", "grouping"),
    ("es_CO", "1.5", "grouping"),
    ("es_CO", "150.", "grouping"),
    ("es_CO", "1,234.56", "grouping"),  # Peru's notation in Colombia
    ("es_CO", "1,2,3", "grouping"),
    ("pt_BR", "150,000", "ambiguous"),
    ("pt_BR", "R$ 1,234.56", "grouping"),
    ("pt_BR", "R$ 10,999", "ambiguous"),
    ("es_EC", "45,905", "ambiguous"),
    ("es_PE", "150.000", "ambiguous"),  # thousands as Colombia writes them, or 3 decimals
    ("es_PE", "1.234,5", "grouping"),
    ("es_PE", "1,234.567", "decimals"),
    ("es_PE", "1,50,000", "grouping"),
    ("es_PE", "S/ -20", "negative"),
    ("es_DO", "150.000", "ambiguous"),
    ("es_DO", "1.234.567", "grouping"),
    ("es_DO", "RD$ abc", "characters"),
]


@pytest.mark.parametrize(("locale", "typed", "reason"), REFUSED)
def test_refused(locale, typed, reason):
    with pytest.raises(AmountError) as caught:
        parse_amount(typed, locale)
    assert caught.value.reason == reason
    assert isinstance(caught.value, ValueError)


def test_messages_say_why_with_an_example_in_the_countrys_notation():
    def message(typed: str, locale: str) -> str:
        with pytest.raises(AmountError) as caught:
            parse_amount(typed, locale)
        return caught.value.message

    assert message("1.234,567", "es_CO") == (
        "at most 2 decimals after “,”; write it as 150.000 or 150.000,50."
    )
    assert message("1,234.567", "es_PE") == (
        "at most 2 decimals after “.”; write it as 150,000 or 150,000.50."
    )
    ambiguous = message("150,000", "es_CO")
    assert "“150,000” is unclear" in ambiguous and "Write 150.000 for thousands" in ambiguous
    assert "Write 150,000 for thousands" in message("150.000", "es_PE")
    assert "remove “abc”" in message("12abc", "es_CO")
    assert "remove “a”, “b”" in message("1a2b", "es_CO")
    assert "“1.50.000” is not how amounts are written here" in message("1.50.000", "es_CO")
    for typed in ("", "-5", "0", "150 000"):
        assert "150.000 or 150.000,50" in message(typed, "es_CO"), typed


def test_messages_are_translated():
    i18n.set_language("es")
    with pytest.raises(AmountError) as caught:
        parse_amount("0", "es_CO")
    assert caught.value.message.startswith("debe ser mayor que 0")
    assert "150.000 o 150.000,50" in caught.value.message
    i18n.set_language("pt_BR")
    with pytest.raises(AmountError) as caught:
        parse_amount("150,000", "pt_BR")
    assert "“150,000”" in caught.value.message and "150.000" in caught.value.message
    assert "milhar" in caught.value.message


def test_the_currency_can_be_given():
    assert parse_amount("US$ 20", "es_CO", currency="USD") == Decimal("20")
    with pytest.raises(AmountError):
        parse_amount("COP 20", "es_CO", currency="USD")


@pytest.mark.parametrize(
    ("value", "locale", "shown"),
    [
        ("192283", "es_CO", "192.283"),
        ("192283.00", "es_CO", "192.283"),
        ("192283.5", "es_CO", "192.283,50"),
        ("1234", "es_CO", "1.234"),
        ("0.5", "es_CO", "0,50"),
        ("163.89", "pt_BR", "163,89"),
        ("192283.5", "es_PE", "192,283.50"),
        ("2450", "es_DO", "2,450"),
        ("45.9", "es_EC", "45,90"),
    ],
)
def test_prefilled_amounts(value, locale, shown):
    assert format_amount_input(Decimal(value), locale) == shown
    assert parse_amount(shown, locale) == Decimal(value)


amounts = st.one_of(
    st.integers(min_value=1, max_value=10**12 - 1).map(Decimal),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999999999.99"), places=2),
    st.decimals(min_value=Decimal("0.1"), max_value=Decimal("999999999999.9"), places=1),
)


@pytest.mark.parametrize("code", sorted(COUNTRIES))
@settings(max_examples=150, deadline=None)
@given(value=amounts)
def test_what_the_app_writes_reads_back_exactly(code, value):
    country = COUNTRIES[code]
    written = format_money(Money(unit=country.currency, value=value), country.locale)
    assert parse_amount(written, country.locale) == value, written
    prefilled = format_amount_input(value, country.locale)
    assert parse_amount(prefilled, country.locale) == value, prefilled


@pytest.mark.parametrize(
    ("unit", "value", "locale", "shown"),
    [
        ("COP", "150000.50", "es_CO", "$150.000,50"),
        ("COP", "192283", "es_CO", "$192.283,00"),
        ("BRL", "89.9", "pt_BR", "R$\xa089,90"),
        ("DOP", "350", "es_DO", "RD$350.00"),
    ],
)
def test_money_shows_its_cents_whatever_the_currencys_digits_in_cldr(unit, value, locale, shown):
    """CLDR 48 (Babel 2.19) gives the Colombian peso no decimals: a bill's cents must still
    show, never rounded away, and every amount keeps the same two decimals."""
    assert format_money(Money(unit=unit, value=Decimal(value)), locale) == shown
