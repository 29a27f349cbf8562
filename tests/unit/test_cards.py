"""Card number reading shared by the card form and the sandbox, and the expiry field."""

from __future__ import annotations

import pytest

from miclaro_tui.cards import card_brand, cvv_length, only_digits
from miclaro_tui.widgets.card_form import parse_expiry


@pytest.mark.parametrize(
    ("digits", "brand"),
    [
        ("", "unknown"),
        ("4", "visa"),
        ("4539333333331111", "visa"),
        ("5105105105105100", "mastercard"),
        ("2221000000000009", "mastercard"),
        ("378282246310005", "amex"),
        ("36227206271667", "diners"),
        ("3056930009020004", "diners"),
        ("6362970000457013", "elo"),
        ("5067000000000000", "elo"),
        ("6062825624254001", "hipercard"),
        ("9999", "unknown"),
    ],
)
def test_brand_from_the_first_digits(digits, brand):
    assert card_brand(digits) == brand


def test_cvv_length_by_brand():
    assert cvv_length("amex") == 4
    assert {cvv_length(b) for b in ("visa", "mastercard", "diners", "elo", "unknown")} == {3}


def test_only_ascii_digits_count():
    assert only_digits("4539 3333-3333 1111") == "4539333333331111"
    assert only_digits("４５٤") == ""


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        ("12/28", (2028, 12)),
        ("1228", (2028, 12)),
        ("1/29", (2029, 1)),
        (" 03 / 27 ", (2027, 3)),
        ("13/28", None),
        ("00/28", None),
        ("12/2028", None),
        ("122", None),
        ("ab/cd", None),
        ("", None),
    ],
)
def test_expiry_as_people_type_it(typed, parsed):
    assert parse_expiry(typed) == parsed
