"""Card numbers: the brand from the first digits (BIN), the CVV length by brand, the digits,
what is wrong with a typed number, and whether a name field holds a card number.

Shared by the card form (the brand as the customer types) and the sandbox's tokenisation,
so both read a number the same way. Standard library only, no UI: the form words the messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Elo and Hipercard first: they share ranges with Visa, Diners and Discover.
_ELO_PREFIXES = (
    "401178",
    "401179",
    "431274",
    "438935",
    "451416",
    "457393",
    "457631",
    "457632",
    "504175",
    "627780",
    "636297",
    "636368",
)
_ELO_RANGES = (
    (506699, 506778),
    (509000, 509999),
    (650031, 650033),
    (650035, 650051),
    (650405, 650439),
    (650485, 650538),
    (650541, 650598),
    (650700, 650718),
    (650720, 650727),
    (650901, 650920),
    (651652, 651679),
    (655000, 655019),
    (655021, 655058),
)
_HIPERCARD_PREFIXES = (
    "606282",
    "384100",
    "384140",
    "384160",
    "637095",
    "637568",
    "637599",
    "637609",
    "637612",
)

ASCII_DIGITS = frozenset("0123456789")


def only_digits(value: str) -> str:
    """The ASCII digits of what was typed, spaces and dashes dropped (never other scripts:
    "４" or "٤" are not card digits)."""
    return "".join(ch for ch in value if ch in ASCII_DIGITS)


def card_brand(digits: str) -> str:
    """The brand a card number belongs to, from its first digits ("unknown" if none yet)."""
    if not digits:
        return "unknown"
    if len(digits) >= 6:
        bin6 = int(digits[:6])
        if digits.startswith(_ELO_PREFIXES) or any(lo <= bin6 <= hi for lo, hi in _ELO_RANGES):
            return "elo"
        if digits.startswith(_HIPERCARD_PREFIXES):
            return "hipercard"
    if digits.startswith(("34", "37")):
        return "amex"
    if digits.startswith(("36", "38")) or (len(digits) >= 3 and 300 <= int(digits[:3]) <= 305):
        return "diners"
    if digits.startswith("4"):
        return "visa"
    if len(digits) >= 2 and 51 <= int(digits[:2]) <= 55:
        return "mastercard"
    if len(digits) >= 4 and 2221 <= int(digits[:4]) <= 2720:
        return "mastercard"
    return "unknown"


def cvv_length(brand: str) -> int:
    return 4 if brand == "amex" else 3


# --- what a customer typed as a card number -------------------------------------------------


def is_separator(ch: str) -> bool:
    """Spaces (any kind: a number copied from a web page may hold no-break spaces) and "-"."""
    return ch.isspace() or ch == "-"


@dataclass(frozen=True)
class NumberCheck:
    """What is wrong with a typed card number, if anything. It never holds the digits, so it
    can be shown, logged or printed in a traceback.

    ``problem`` is "" (a number that can be sent), "empty", "characters" (``stray`` lists the
    runs of characters to remove: never digits), "script" (digits of another script, such as
    full-width "４"), "length" (``count`` ASCII digits, not 12 to 19) or "luhn" (a typo)."""

    problem: str
    count: int = 0
    stray: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problem


def check_card_number(typed: str) -> NumberCheck:
    """Classify a typed card number; the first problem found wins, in the order above."""
    digits = only_digits(typed)
    if all(is_separator(ch) for ch in typed):
        return NumberCheck("empty")
    stray = _runs(typed, lambda ch: not (ch.isdecimal() or is_separator(ch)))
    if stray:
        return NumberCheck("characters", len(digits), tuple(stray))
    if any(ch.isdecimal() and ch not in ASCII_DIGITS for ch in typed):
        return NumberCheck("script", len(digits))
    if not 12 <= len(digits) <= 19:
        return NumberCheck("length", len(digits))
    if not luhn_valid(digits):
        return NumberCheck("luhn", len(digits))
    return NumberCheck("", len(digits))


def luhn_valid(digits: str) -> bool:
    """The Luhn check digit test of ASCII ``digits`` (catches one wrong digit or a swap)."""
    total = 0
    for position, ch in enumerate(reversed(digits)):
        value = int(ch)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return bool(digits) and total % 10 == 0


def longest_digit_run(text: str) -> int:
    """How many digits the longest run of ``text`` holds, spaces and dashes inside a run not
    breaking it (digits of any script count): "Ana 4539 3333-3333 1111" -> 16."""
    longest = current = 0
    for ch in text:
        if ch.isdecimal():
            current += 1
            longest = max(longest, current)
        elif not is_separator(ch):
            current = 0
    return longest


def looks_like_card_number(text: str) -> bool:
    """A run of 12 digits or more: what a card holder's name must never keep."""
    return longest_digit_run(text) >= 12


def _runs(text: str, wanted: Callable[[str], bool]) -> list[str]:
    runs: list[str] = []
    current = ""
    for ch in text:
        if wanted(ch):
            current += ch
        elif current:
            runs.append(current)
            current = ""
    return [*runs, current] if current else runs
