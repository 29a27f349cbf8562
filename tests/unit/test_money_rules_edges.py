"""Edges of the money rules that a one-character slip would move: card brand ranges, number
lengths, the Luhn doubling, the journal's canonical digest and its limits, and what the
amount field says. Each case sits on a
boundary (the last value in, the first value out), so `<=` turned `<` is noticed."""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from stdnum import luhn

from miclaro_tui import i18n
from miclaro_tui.cards import (
    _ELO_PREFIXES,
    _ELO_RANGES,
    _HIPERCARD_PREFIXES,
    card_brand,
    check_card_number,
    longest_digit_run,
    looks_like_card_number,
    luhn_valid,
)
from miclaro_tui.journal import Journal, JournalEntry, KeyReuseError, digest_of
from miclaro_tui.money import AmountError, parse_amount


def valid_number(prefix: str, length: int) -> str:
    """A Luhn-valid number of ``length`` digits starting with ``prefix``."""
    body = prefix + "0" * (length - len(prefix) - 1)
    return body + next(d for d in "0123456789" if luhn.is_valid(body + d))


# --- card brands, at the edges of every range --------------------------------------------


@pytest.mark.parametrize(
    ("digits", "brand"),
    [
        ("2220", "unknown"),
        ("2221", "mastercard"),
        ("2720", "mastercard"),
        ("2721", "unknown"),
        ("222", "unknown"),  # too few digits to tell a 2-series Mastercard yet
        ("50", "unknown"),
        ("51", "mastercard"),
        ("55", "mastercard"),
        ("56", "unknown"),
        ("5", "unknown"),
        ("299", "unknown"),
        ("300", "diners"),
        ("305", "diners"),
        ("306", "unknown"),
        ("309", "unknown"),
        ("33", "unknown"),
        ("34", "amex"),
        ("35", "unknown"),
        ("36", "diners"),
        ("37", "amex"),
        ("38", "diners"),
        ("39", "unknown"),
        ("4", "visa"),
    ],
)
def test_brand_at_the_edges_of_its_range(digits, brand):
    assert card_brand(digits) == brand
    assert card_brand(digits + "0" * (16 - len(digits))) == brand


@pytest.mark.parametrize(("low", "high"), _ELO_RANGES)
def test_elo_ranges_hold_both_ends_and_nothing_past_them(low, high):
    assert card_brand(f"{low}0000000000") == "elo"
    assert card_brand(f"{high}0000000000") == "elo"
    assert card_brand(str(low)) == "elo"  # six digits are enough
    for outside in (low - 1, high + 1):
        if not any(lo <= outside <= hi for lo, hi in _ELO_RANGES):
            assert card_brand(f"{outside}0000000000") != "elo", outside


def test_elo_is_not_guessed_from_five_digits():
    assert card_brand("50670") == "unknown"
    assert card_brand("40117") == "visa"


@pytest.mark.parametrize("prefix", _ELO_PREFIXES)
def test_every_elo_prefix(prefix):
    assert card_brand(prefix + "0000000000") == "elo"
    assert card_brand(prefix) == "elo"


@pytest.mark.parametrize("prefix", _HIPERCARD_PREFIXES)
def test_every_hipercard_prefix(prefix):
    assert card_brand(prefix + "0000000000") == "hipercard"
    assert card_brand(prefix) == "hipercard"


# --- what a typed number is -------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "problem"), [(11, "length"), (12, ""), (13, ""), (19, ""), (20, "length")]
)
def test_card_numbers_are_12_to_19_digits(length, problem):
    check = check_card_number(valid_number("4", length))
    assert (check.problem, check.count) == (problem, length)


def test_luhn_doubles_a_five_into_a_one():
    # Doubled digits above 4 lose 9 (5 -> 10 -> 1): "59" is valid, "5" doubled to 10 is not.
    assert luhn_valid("59")
    assert not luhn_valid("50")
    for number in ("5105105105105100", "4556737586899855", "6011111111111117", "79927398713"):
        assert luhn_valid(number) == luhn.is_valid(number) == True, number  # noqa: E712


def test_a_name_with_eleven_digits_is_a_name_twelve_are_a_card_number():
    assert longest_digit_run("Ana 4539 3333 333") == 11
    assert not looks_like_card_number("Ana 4539 3333 333")
    assert looks_like_card_number("Ana 4539 3333 3333")


# --- the journal: its canonical digest, its boundaries, what it says about a damaged file --

T0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
DIGEST = "sha256:" + "ab" * 32


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "payments.journal"


def test_the_journal_digest_is_sha256_of_sorted_compact_utf8_json():
    # A digest journaled by one run is compared by the next one: the canonical form is fixed.
    body = {"b": 1, "a": "Camila Núñez", "c": {"z": [1, 2], "y": None}}
    canonical = '{"a":"Camila Núñez","b":1,"c":{"y":null,"z":[1,2]}}'
    expected = "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert digest_of(body) == expected
    assert digest_of(dict(reversed(list(body.items())))) == expected  # a reordered body


def test_an_unknown_state_and_a_reused_key_say_what_is_wrong(path, clock):
    journal = Journal(path, now=clock)
    journal.begin("k1", "payment", DIGEST)
    with pytest.raises(ValueError, match="unknown state 'paid'"):
        journal.settle("k1", "paid")
    with pytest.raises(KeyReuseError, match="key k1 was already used for a different request"):
        journal.begin("k1", "payment", "sha256:" + "cd" * 32)


def test_the_journal_folder_is_made_with_its_parents(tmp_path, clock):
    journal = Journal(tmp_path / "a" / "b" / "payments.journal", now=clock)
    journal.begin("k1", "payment", DIGEST)
    assert journal.get("k1") is not None


def test_a_resolved_entry_can_be_settled_again_unless_asked_not_to(path, clock):
    journal = Journal(path, now=clock)
    journal.begin("k1", "payment", DIGEST)
    journal.settle("k1", "done", "P1")
    clock.now = T0 + timedelta(minutes=5)
    settled = journal.settle("k1", "canceled")
    assert settled is not None
    assert (settled.state, settled.payment_id, settled.ts) == ("canceled", "P1", clock.now)


def test_compaction_keeps_a_resolved_entry_exactly_as_old_as_the_limit(path, clock):
    journal = Journal(path, now=clock, keep_resolved=timedelta(days=30))
    journal.begin("k1", "payment", DIGEST)
    journal.settle("k1", "done", "P1")
    journal.begin("k2", "payment", DIGEST)
    journal.settle("k2", "done", "P2")
    clock.now = T0 + timedelta(days=30)
    journal.compact()
    assert set(journal.latest()) == {"k1", "k2"}
    clock.now = T0 + timedelta(days=30, microseconds=1)
    journal.compact()
    assert journal.latest() == {}


def test_a_blank_line_in_the_middle_does_not_end_the_reading(path, clock):
    path.parent.mkdir(parents=True)
    first = JournalEntry("k1", "payment", DIGEST, "pending", T0).to_line()
    later = JournalEntry("k2", "payment", DIGEST, "unknown", T0).to_line()
    path.write_bytes(first + b"\n" + later)
    assert list(Journal(path, now=clock).latest()) == ["k1", "k2"]


def test_an_unreadable_line_in_the_middle_is_reported_by_number(path, clock, caplog):
    path.parent.mkdir(parents=True)
    good = JournalEntry("k1", "payment", DIGEST, "pending", T0).to_line()
    path.write_bytes(good + b"garbage\n")
    journal = Journal(path, now=clock)
    with caplog.at_level(logging.WARNING, logger="miclaro_tui.journal"):
        assert list(journal.latest()) == ["k1"]
    assert caplog.messages == [f"{path}: line 2 is unreadable, skipped"]


def test_a_healthy_journal_opens_without_a_word(path, clock, caplog):
    Journal(path, now=clock).begin("k1", "payment", DIGEST)
    with caplog.at_level(logging.WARNING, logger="miclaro_tui.journal"):
        journal = Journal(path, now=clock)
        assert list(journal.latest()) == ["k1"]
        Journal(path.with_name("empty.journal"), now=clock)
        path.with_name("zero.journal").write_bytes(b"")
        Journal(path.with_name("zero.journal"), now=clock)
    assert caplog.messages == []
    assert path.with_name("zero.journal").read_bytes() == b""


def test_a_torn_tail_is_reported_with_its_size(path, clock, caplog):
    journal = Journal(path, now=clock)
    journal.begin("k1", "payment", DIGEST)
    whole = path.read_bytes()
    path.write_bytes(whole + b'{"key": "k')
    with caplog.at_level(logging.WARNING, logger="miclaro_tui.journal"):
        Journal(path, now=clock)
    assert caplog.messages == [f"{path}: torn last line (10 bytes) cut"]
    assert path.read_bytes() == whole


# --- what the amount field says, word for word ------------------------------------------

EXAMPLES = "150.000 or 150.000,50"


@pytest.mark.parametrize(
    ("typed", "reason", "message"),
    [
        ("", "empty", f"write how much, for example {EXAMPLES}."),
        (
            "-5",
            "negative",
            f"it must be greater than 0, with no minus sign; write it as {EXAMPLES}.",
        ),
        (
            "12abc",
            "characters",
            "remove “abc”: use only digits, “.” for thousands and “,” for decimals, "
            f"as in {EXAMPLES}.",
        ),
        (".", "characters", f"write it in digits, as in {EXAMPLES}."),
        ("1 000", "spaces", f"no spaces between the digits; write it as {EXAMPLES}."),
        (
            "150,000",
            "ambiguous",
            "“150,000” is unclear: here “.” separates thousands and “,” decimals. "
            "Write 150.000 for thousands, or at most 2 decimals after “,”.",
        ),
        ("1,5055", "decimals", f"at most 2 decimals after “,”; write it as {EXAMPLES}."),
        ("0,500", "decimals", f"at most 2 decimals after “,”; write it as {EXAMPLES}."),
        (
            "1.50.000",
            "grouping",
            "“1.50.000” is not how amounts are written here: “.” separates thousands in groups "
            f"of three and “,” the decimals, as in {EXAMPLES}.",
        ),
        ("0", "zero", f"it must be greater than 0; write it as {EXAMPLES}."),
        (  # a code or a sign at each end is read, twice over: not a third one
            "COP COP COP 150.000",
            "characters",
            "remove “COP”: use only digits, “.” for thousands and “,” for decimals, "
            f"as in {EXAMPLES}.",
        ),
    ],
)
def test_every_refused_amount_says_why_and_how_to_write_it(typed, reason, message):
    i18n.set_language("en")
    with pytest.raises(AmountError) as refused:
        parse_amount(typed, "es_CO")
    assert (refused.value.reason, refused.value.message) == (reason, message)
    assert str(refused.value) == message
