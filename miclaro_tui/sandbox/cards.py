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

from miclaro_tui.cards import card_brand, cvv_length
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
BRAND_NAMES = {
    "visa": "Visa",
    "mastercard": "Mastercard",
    "amex": "American Express",
    "diners": "Diners Club",
    "elo": "Elo",
    "hipercard": "Hipercard",
}


def outcome_class(number: str) -> str:
    """approve, pending, or a decline code: what paying with this card will do."""
    return TEST_CARD_ENDINGS.get(number[-4:], APPROVE)


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
            token,
            customer_id,
            brand,
            card.cardType,
            card.cardNumber[-4:],
            card.expirationDate,
            holder,
            outcome_class(card.cardNumber),
        ),
    )
    return TokenizedCard(
        id=token,
        brand=brand,
        cardType=card.cardType,
        lastFourDigits=card.cardNumber[-4:],
        expirationDate=card.expirationDate,
        nameOnCard=holder,
        name=f"{BRAND_NAMES.get(brand, brand.capitalize())} •••• {card.cardNumber[-4:]}",
    )
