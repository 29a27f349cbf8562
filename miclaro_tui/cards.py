"""Card numbers: the brand from the first digits (BIN), the CVV length by brand, and digits.

Shared by the card form (the brand as the customer types) and the sandbox's tokenisation,
so both read a number the same way. Standard library only.
"""

from __future__ import annotations

# Elo and Hipercard first: they share ranges with Visa, Diners and Discover.
_ELO_PREFIXES = (
    "401178", "401179", "431274", "438935", "451416", "457393", "457631", "457632",
    "504175", "627780", "636297", "636368",
)
_ELO_RANGES = (
    (506699, 506778), (509000, 509999), (650031, 650033), (650035, 650051),
    (650405, 650439), (650485, 650538), (650541, 650598), (650700, 650718),
    (650720, 650727), (650901, 650920), (651652, 651679), (655000, 655019),
    (655021, 655058),
)
_HIPERCARD_PREFIXES = (
    "606282", "384100", "384140", "384160", "637095", "637568", "637599", "637609", "637612",
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
