"""Card tokenisation (TMF670): checks a card, keeps only a token, and never the number or CVV.

What is kept: the token, brand, last four digits, expiry, holder and the sandbox outcome class
read from the number once. Nothing here logs, stores or echoes the number or the CVV, not even
in an error message.

Sandbox test cards, by the last four digits of any Luhn-valid number:

====== ==========================================================
ending outcome of a payment with the card
====== ==========================================================
0002   declined (402), code insufficientFunds
0069   declined (402), code expiredCard
0119   declined (402), code doNotHonour
0077   pendingAuthorization; done on the next GET of the payment
other  approved: done
====== ==========================================================
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from datetime import date

from stdnum import luhn

from miclaro_tui.models import CardCreate, TokenizedCard
from miclaro_tui.sandbox.errors import ApiException

APPROVE = "approve"
PENDING = "pending"
DECLINES: dict[str, str] = {
    "insufficientFunds": "The card was declined: insufficient funds",
    "expiredCard": "The card was declined: the bank reports it expired",
    "doNotHonour": "The card was declined by the issuing bank (do not honour)",
}
TEST_CARD_ENDINGS: dict[str, str] = {
    "0002": "insufficientFunds",
    "0069": "expiredCard",
    "0119": "doNotHonour",
    "0077": PENDING,
}
MAX_YEARS_AHEAD = 20

# Elo and Hipercard share ranges with Visa, Diners and Discover: they are checked first.
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


def card_brand(number: str) -> str:
    """The brand from the card's BIN (its first digits)."""
    bin6 = int(number[:6])
    if number.startswith(_ELO_PREFIXES) or any(lo <= bin6 <= hi for lo, hi in _ELO_RANGES):
        return "elo"
    if number.startswith(_HIPERCARD_PREFIXES):
        return "hipercard"
    if number.startswith(("34", "37")):
        return "amex"
    if number.startswith(("36", "38")) or 300 <= int(number[:3]) <= 305:
        return "diners"
    if number.startswith("4"):
        return "visa"
    if 51 <= int(number[:2]) <= 55 or 2221 <= int(number[:4]) <= 2720:
        return "mastercard"
    return "unknown"


def outcome_class(number: str) -> str:
    """approve, pending, or a decline code: what paying with this card will do."""
    return TEST_CARD_ENDINGS.get(number[-4:], APPROVE)


def cvv_length(brand: str) -> int:
    return 4 if brand == "amex" else 3


def _invalid(field: str, message: str) -> ApiException:
    return ApiException(422, "validationError", f"{field}: {message}", field=field)


def check_card(card: CardCreate, today: date) -> str:
    """Validate the card (422 with the field otherwise) and return its brand."""
    number = card.cardNumber
    if not luhn.is_valid(number):
        raise _invalid("cardNumber", "the card number is not valid; check the digits")
    month, year = (int(part) for part in card.expirationDate.split("/"))
    if (year, month) < (today.year, today.month):
        raise _invalid("expirationDate", "the card has expired")
    if year > today.year + MAX_YEARS_AHEAD:
        raise _invalid("expirationDate", "the expiry date is too far in the future")
    brand = card_brand(number)
    expected = cvv_length(brand)
    if len(card.cvv) != expected:
        raise _invalid("cvv", f"the security code of this card has {expected} digits")
    if not re.search(r"\w", card.nameOnCard):
        raise _invalid("nameOnCard", "write the name as printed on the card")
    return brand


def tokenize(
    conn: sqlite3.Connection, customer_id: int, card: CardCreate, today: date
) -> TokenizedCard:
    brand = check_card(card, today)
    token = "tok_" + secrets.token_hex(12)
    holder = " ".join(card.nameOnCard.split())
    conn.execute(
        "INSERT INTO card_token (id, customer_id, brand, card_type, last_four, expiration,"
        " holder, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            token, customer_id, brand, card.cardType, card.cardNumber[-4:],
            card.expirationDate, holder, outcome_class(card.cardNumber),
        ),
    )
    return TokenizedCard(
        id=token,
        brand=brand,
        cardType=card.cardType,
        lastFourDigits=card.cardNumber[-4:],
        expirationDate=card.expirationDate,
        nameOnCard=holder,
    )
