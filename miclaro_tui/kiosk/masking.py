"""What the till may write down about a customer: numbers masked to their last digits, and
nothing that looks like a card number."""

from __future__ import annotations

import re

_DIGIT_RUN = re.compile(r"\d[\d \-]{10,22}\d")


def mask_tail(value: str, keep: int = 3) -> str:
    """``value`` with every character but the last ``keep`` replaced by ``*``:
    ``"1020304050"`` -> ``"*******050"``."""
    value = value.strip()
    if len(value) <= keep:
        return "*" * len(value)
    return "*" * (len(value) - keep) + value[-keep:]


def mask_lookup(kind: str, value: str) -> str:
    """A lookup's query as the audit log keeps it: a document or a line to its last digits,
    a payment reference (printed on a bill, not personal) as typed."""
    if kind == "reference":
        return value.strip()
    return mask_tail(value, 3 if kind == "document" else 4)


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2:
            number *= 2
            if number > 9:
                number -= 9
        total += number
    return total % 10 == 0


def scrub(text: str) -> str:
    """``text`` with anything shaped like a card number (12 to 19 digits, spaces or dashes
    between them allowed, passing the Luhn check) masked to its last four digits."""

    def mask(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group())
        if 12 <= len(digits) <= 19 and _luhn(digits):
            return mask_tail(digits, 4)
        return match.group()

    return _DIGIT_RUN.sub(mask, text)


def mask_login(typed: str) -> str:
    """A user name as typed in a refused sign-in: its first 3 characters only, since a
    password typed into the user field must not reach the log."""
    typed = typed.strip()
    return typed[:3] + "*" * max(0, len(typed) - 3)
