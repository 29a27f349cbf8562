"""What is wrong with a typed card number (cards.py, no UI), how the form words it (never
repeating a digit), and when a card holder's name holds a card number."""

from __future__ import annotations

import pytest
from stdnum import luhn

from miclaro_tui import i18n
from miclaro_tui.cards import (
    check_card_number,
    longest_digit_run,
    looks_like_card_number,
    luhn_valid,
)
from miclaro_tui.widgets.card_form import number_message


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(
    ("typed", "problem", "count", "stray"),
    [
        ("4539 3333 3333 1111", "", 16, ()),
        ("4539-3333-3333-1111", "", 16, ()),
        ("4539\u00a03333\u00a03333\u00a01111", "", 16, ()),  # copied from a web page
        ("3733 333333 10005", "", 15, ()),
        ("", "empty", 0, ()),
        ("  - ", "empty", 0, ()),
        ("4539 abcd 3333 1111", "characters", 12, ("abcd",)),
        ("4539.3333.3333.1111", "characters", 16, (".", ".", ".")),
        ("4539 3333 3333 111l", "characters", 15, ("l",)),
        ("４５３９ ３３３３ ３３３３ １１１１", "script", 0, ()),
        ("4539 3333 3333 111１", "script", 15, ()),
        ("4539 3333 333", "length", 11, ()),
        ("4539 3333 3333 1111 0000", "length", 20, ()),
        ("4539 3333 3333 1112", "luhn", 16, ()),
    ],
)
def test_a_typed_number_is_classified(typed, problem, count, stray):
    check = check_card_number(typed)
    assert (check.problem, check.count, check.stray) == (problem, count, stray)
    assert check.ok == (problem == "")


def test_a_check_never_holds_the_digits():
    check = check_card_number("4539 abcd 3333 1111")
    assert "4539" not in repr(check) and "1111" not in repr(check)


def test_luhn_agrees_with_python_stdnum():
    for number in ("4539333333331111", "378282246310005", "4111111111111112", "0", "18"):
        assert luhn_valid(number) == luhn.is_valid(number), number
    assert not luhn_valid("")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (
            "4539 abcd 3333 1111",
            "Card number: only digits and spaces; remove “abcd”.",
        ),
        ("4539 3333 333", "Card number: it has 11 digits; a card has 12 to 19."),
        ("4", "Card number: it has 1 digit; a card has 12 to 19."),
        ("4539 3333 3333 1112", "Card number: it is not a valid card number; check the digits."),
        ("", "Card number: type the 12 to 19 digits of the card."),
    ],
)
def test_the_message_says_exactly_what_is_wrong(typed, expected):
    assert number_message(check_card_number(typed)) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "4539 abcd 3333 1111",
        "4539x3333y3333z1111",
        "４５３９３３３３３３３３１１１１",
        "4539 3333 3333 1112",
        "4539 3333 333",
        "4539\u200b3333",
    ],
)
def test_the_message_never_repeats_a_digit(typed):
    check = check_card_number(typed)
    message = number_message(check)
    assert message.startswith("Card number: ")
    fixed = (
        message.replace("12 to 19", "").replace("0 to 9", "").replace(f"{check.count} digit", "")
    )
    assert not any(ch.isdecimal() for ch in fixed), message


def test_an_invisible_character_is_shown_as_a_mark():
    assert "remove “�”" in number_message(check_card_number("4539\u200b3333"))


@pytest.mark.parametrize(
    ("text", "run"),
    [
        ("Camila Rojas", 0),
        ("Ana 4539 3333-3333 1111", 16),
        ("4539333333331111", 16),
        ("1 2 3 4 5 6 7 8 9 0 1 2", 12),
        ("Apto 123456 Torre 123456", 6),
        ("４５３９３３３３３３３３", 12),  # full-width digits count too
    ],
)
def test_the_longest_run_of_digits(text, run):
    assert longest_digit_run(text) == run
    assert looks_like_card_number(text) == (run >= 12)
