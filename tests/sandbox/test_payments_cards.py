"""Card tokenisation: validation, brands, and that the number and CVV are never kept."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing

import pytest

from miclaro_tui.models import TokenizedCard
from miclaro_tui.sandbox.cards import card_brand
from tests.sandbox.conftest import assert_api_error
from tests.sandbox.payment_helpers import (
    METHODS,
    card_method,
    card_number,
    pay,
    payment_body,
    postpaid,
    tokenize,
)


def card_json(number: str, cvv: str = "123", expiry: str = "12/2028", **extra) -> dict:
    return {
        "@type": "bankCard",
        "nameOnCard": "Camila Rodriguez",
        "cardNumber": number,
        "expirationDate": expiry,
        "cvv": cvv,
        **extra,
    }


async def test_tokenise_returns_brand_and_last_four_only(client, sign_in):
    headers = await sign_in("camila")
    number = "4111111111111111"
    response = await client.post(METHODS, headers=headers, json=card_json(number, "737"))
    assert response.status_code == 201, response.text
    body = response.json()
    token = TokenizedCard.model_validate(body)
    assert re.fullmatch(r"tok_[0-9a-f]{24}", token.id)
    # Every field pinned: nothing else can carry the number or the CVV.
    assert body == {
        "id": token.id,
        "@type": "tokenizedCard",
        "brand": "visa",
        "cardType": "credit",
        "lastFourDigits": "1111",
        "expirationDate": "12/2028",
        "nameOnCard": "Camila Rodriguez",
        "name": "Visa •••• 1111",
    }
    # The random token (in id and href) may hold any digits by chance; the rest may not.
    rest = response.text.replace(token.id, "")
    assert number not in rest and number[6:12] not in rest and "737" not in rest


@pytest.mark.parametrize(
    ("number", "brand"),
    [
        ("4242424242424242", "visa"),
        ("5555555555554444", "mastercard"),
        (card_number("2221", "0005"), "mastercard"),
        (card_number("2720", "0005"), "mastercard"),
        (card_number("34", "0005", 15), "amex"),
        (card_number("37", "0005", 15), "amex"),
        (card_number("36", "0005", 14), "diners"),
        (card_number("38", "0005", 14), "diners"),
        (card_number("300", "0005", 14), "diners"),
        (card_number("305", "0005", 14), "diners"),
        (card_number("636368", "0005"), "elo"),
        (card_number("509000", "0005"), "elo"),
        (card_number("438935", "0005"), "elo"),
        (card_number("606282", "0005"), "hipercard"),
        (card_number("384100", "0005"), "hipercard"),
        (card_number("9999", "0005"), "unknown"),
    ],
)
def test_brand_from_bin(number, brand):
    assert card_brand(number) == brand


@pytest.mark.parametrize(
    ("card", "field"),
    [
        (card_json("4111111111111112"), "cardNumber"),  # Luhn fails
        (card_json("41111111"), "cardNumber"),  # too short
        (card_json("4111-1111-1111-1111"), "cardNumber"),
        (card_json("4111111111111111", expiry="10/2026"), "expirationDate"),  # before Nov 2026
        (card_json("4111111111111111", expiry="13/2027"), "expirationDate"),
        (card_json("4111111111111111", expiry="01/2099"), "expirationDate"),
        (card_json("4111111111111111", cvv="1234"), "cvv"),  # visa: 3 digits
        (card_json(card_number("37", "0005", 15), cvv="123"), "cvv"),  # amex: 4 digits
        (card_json("4111111111111111", cvv="12a"), "cvv"),
        (card_json("4111111111111111", extra_field="x"), "extra_field"),
    ],
)
async def test_tokenise_validation_never_echoes_the_card(client, sign_in, card, field):
    response = await client.post(METHODS, headers=await sign_in("camila"), json=card)
    body = assert_api_error(response, 422, "validationError")
    assert body["field"] == field
    digits = card["cardNumber"]
    assert digits not in response.text and digits.replace("-", "") not in response.text
    assert f'"{card["cvv"]}"' not in response.text and card["cvv"] not in body["message"]


async def test_current_month_is_not_expired_and_amex_takes_four(client, sign_in):
    headers = await sign_in("camila")
    token = await tokenize(client, headers, "0005", expiry="11/2026")
    assert token["expirationDate"] == "11/2026"
    amex = await tokenize(client, headers, "0005", prefix="37", length=15, cvv="1234")
    assert amex["brand"] == "amex"


async def test_tokenising_needs_a_session(client):
    response = await client.post(METHODS, json=card_json("4111111111111111"))
    assert_api_error(response, 401, "invalidToken")


async def test_number_and_cvv_are_nowhere_in_the_database(client, sign_in, sandbox_db):
    headers = await sign_in("camila")
    number, cvv = card_number("4539", "4821"), "918"
    response = await client.post(METHODS, headers=headers, json=card_json(number, cvv))
    assert response.status_code == 201
    token = response.json()
    account, bills = await postpaid(client, headers)
    body = payment_body(
        account, [(bills[1], bills[1]["remainingAmount"]["value"])], card_method(token)
    )
    paid = await pay(client, headers, body)
    assert paid.status_code == 201
    history = await client.get("/tmf-api/paymentManagement/v4/payment", headers=headers)
    for text in (response.text, paid.text, history.text):
        assert number not in text and f'"{cvv}"' not in text
    # The raw bytes of the database and its write-ahead log.
    raw = b"".join(
        path.read_bytes()
        for path in (sandbox_db, sandbox_db.with_name(sandbox_db.name + "-wal"))
        if path.exists()
    )
    assert number.encode() not in raw and number[:12].encode() not in raw
    with closing(sqlite3.connect(sandbox_db)) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(card_token)")]
        assert "cvv" not in columns and not any("number" in column for column in columns)
        for table in ("card_token", "payment", "idempotency_key"):
            for row in conn.execute(f"SELECT * FROM {table}"):
                for cell in row:
                    if isinstance(cell, str):
                        assert cell != cvv and number not in cell
        (stored,) = conn.execute(
            "SELECT brand, last_four, expiration, holder FROM card_token WHERE id = ?",
            (token["id"],),
        ).fetchall()
    assert stored == ("visa", "4821", "12/2028", "Camila Rodriguez")


async def test_card_create_repr_is_masked():
    from miclaro_tui.models import CardCreate

    card = CardCreate.model_validate(card_json("4111111111111111", "737"))
    assert "4111" not in repr(card) and "737" not in str(card)


async def test_another_customers_token_cannot_pay(client, sign_in):
    token = await tokenize(client, await sign_in("camila"))
    headers = await sign_in("lucia")
    account, bills = await postpaid(client, headers)
    body = payment_body(
        account, [(bills[1], bills[1]["remainingAmount"]["value"])], card_method(token)
    )
    response = await pay(client, headers, body)
    assert assert_api_error(response, 422, "validationError")["field"] == "paymentMethod.id"
