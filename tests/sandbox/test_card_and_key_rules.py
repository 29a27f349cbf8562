"""The sandbox's card and Idempotency-Key rules called directly, at their edges: which field a
refusal names and what it says, the expiry limits to the month, what a token keeps, the digest
a key is compared by, and a lease as short as the route asks."""

from __future__ import annotations

import hashlib
import logging
from datetime import date

import pytest
from pydantic import BaseModel, ConfigDict, Field

from miclaro_tui.models import CardCreate
from miclaro_tui.sandbox import idempotency
from miclaro_tui.sandbox.cards import check_card, outcome_class, tokenize
from miclaro_tui.sandbox.errors import ApiException
from tests.conftest import TODAY
from tests.sandbox.payment_helpers import card_number

VISA = card_number("4539", "1111")


def card(**fields: str) -> CardCreate:
    values = {
        "nameOnCard": "Camila Rodriguez",
        "cardNumber": VISA,
        "expirationDate": "12/2028",
        "cvv": "123",
    }
    return CardCreate.model_validate(values | fields)


def refusal(**fields: str) -> tuple[int, str, str | None, str]:
    with pytest.raises(ApiException) as refused:
        check_card(card(**fields), TODAY)
    error = refused.value
    return error.status, error.code, error.field, error.message


# --- the card ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"cardNumber": VISA[:-1] + str((int(VISA[-1]) + 1) % 10)},
            "cardNumber",
            "the card number is not valid; check the digits",
        ),
        ({"expirationDate": "10/2026"}, "expirationDate", "the card has expired"),
        (
            {"expirationDate": "01/2047"},
            "expirationDate",
            "the expiry date is too far in the future",
        ),
        ({"cvv": "1234"}, "cvv", "the security code of this card has 3 digits"),
        (
            {"cardNumber": card_number("37", "0005", 15), "cvv": "123"},
            "cvv",
            "the security code of this card has 4 digits",
        ),
        ({"nameOnCard": "-- .."}, "nameOnCard", "write the name as printed on the card"),
    ],
)
def test_each_refusal_names_its_field_and_says_why(fields, field, message):
    assert refusal(**fields) == (422, "validationError", field, f"{field}: {message}")


def test_expiry_counts_whole_months_and_twenty_years_ahead():
    assert TODAY == date(2026, 11, 25)
    assert check_card(card(expirationDate="11/2026"), TODAY) == "visa"  # this month: valid
    assert refusal(expirationDate="10/2026")[2] == "expirationDate"
    assert check_card(card(expirationDate="01/2027"), TODAY) == "visa"
    assert check_card(card(expirationDate="12/2046"), TODAY) == "visa"  # the last year taken
    assert refusal(expirationDate="01/2047")[2] == "expirationDate"


def test_an_amex_takes_four_digits_and_the_brand_comes_back():
    amex = card_number("37", "0005", 15)
    assert check_card(card(cardNumber=amex, cvv="1234"), TODAY) == "amex"
    assert check_card(card(cardNumber=card_number("51", "1111"), cvv="123"), TODAY) == "mastercard"


@pytest.mark.parametrize(
    ("ending", "outcome"),
    [
        ("0002", "insufficientFunds"),
        ("0069", "expiredCard"),
        ("0119", "doNotHonour"),
        ("0077", "pending"),
        ("1111", "approve"),
        ("0003", "approve"),
    ],
)
def test_the_test_card_outcomes_by_their_last_four(ending, outcome):
    assert outcome_class(card_number("4539", ending)) == outcome


@pytest.mark.parametrize(
    ("prefix", "length", "cvv", "shown"),
    [
        ("4539", 16, "123", "Visa •••• 0002"),
        ("37", 15, "1234", "American Express •••• 0002"),
        ("9", 16, "123", "Unknown •••• 0002"),
    ],
)
def test_a_token_keeps_brand_last_four_expiry_and_the_holder_only(app, prefix, length, cvv, shown):
    number = card_number(prefix, "0002", length)
    typed = card(cardNumber=number, cvv=cvv, nameOnCard="  Camila   Rodríguez ")
    with app.state.store.transaction() as conn:
        customer = conn.execute("SELECT id FROM customer ORDER BY id").fetchone()[0]
        token = tokenize(conn, customer, typed.model_copy(update={"cardType": "debit"}), TODAY)
        row = conn.execute("SELECT * FROM card_token WHERE id = ?", (token.id,)).fetchone()
    brand = check_card(typed, TODAY)
    assert token.id.startswith("tok_") and len(token.id) == 4 + 24
    assert token.model_dump(exclude={"id"}, exclude_none=True, by_alias=True) == {
        "@type": "tokenizedCard",
        "brand": brand,
        "cardType": "debit",
        "lastFourDigits": "0002",
        "expirationDate": "12/2028",
        "nameOnCard": "Camila Rodríguez",
        "name": shown,
    }
    kept = ("customer_id", "brand", "card_type", "last_four", "expiration", "holder", "outcome")
    assert {column: row[column] for column in kept} == {
        "customer_id": customer,
        "brand": brand,
        "card_type": "debit",
        "last_four": "0002",
        "expiration": "12/2028",
        "holder": "Camila Rodríguez",
        "outcome": "insufficientFunds",
    }


# --- the Idempotency-Key ---------------------------------------------------------------


class Body(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    kind: str = Field(alias="@type")
    b: int
    a: str


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_the_key_digest_is_sha256_of_the_request_in_sorted_compact_utf8_json():
    body = Body(kind="bankCard", b=1, a="Núñez")
    assert idempotency.digest(body) == sha256('{"@type":"bankCard","a":"Núñez","b":1}')
    assert idempotency.digest(None) == sha256("null")
    assert idempotency.digest(body, path_id="P1") == sha256(
        '{"body":{"@type":"bankCard","a":"Núñez","b":1},"id":"P1"}'
    )
    assert idempotency.digest(None, path_id="P1") == sha256('{"body":null,"id":"P1"}')


def test_a_key_still_in_flight_asks_to_come_back_in_a_second(app):
    store = app.state.store
    lease = idempotency.claim(store, 1, "key-00000001", "payment", "d1", now=100.0)
    assert isinstance(lease, idempotency.Lease)
    with pytest.raises(ApiException) as busy:
        idempotency.stored_answer(store, 1, "key-00000001", "payment", "d1")
    error = busy.value
    assert (error.status, error.code, error.headers) == (
        409,
        "requestInProgress",
        {"Retry-After": "1"},
    )
    assert error.message == (
        "A request with this Idempotency-Key is still being processed; try again shortly"
    )


def test_run_once_takes_over_a_dead_claim_after_the_lease_it_is_given(app):
    store = app.state.store
    dead = idempotency.claim(store, 1, "key-00000002", "payment", "d2", now=100.0)
    assert isinstance(dead, idempotency.Lease)
    request = idempotency.Keyed(1, "key-00000002", "payment", "d2")
    done = idempotency.Reply(201, b'{"id":"P9"}')
    assert (
        idempotency.run_once(store, request, lambda conn: done, now=102.0, lease_seconds=2.0)
        == done
    )


def test_the_stored_answer_of_a_finished_key_comes_back_and_a_released_key_is_busy(app):
    store = app.state.store
    lease = idempotency.claim(store, 1, "key-00000003", "payment", "d3", now=100.0)
    assert isinstance(lease, idempotency.Lease)
    with store.transaction() as conn:
        idempotency.finish(conn, lease, 201, b'{"id":"P3"}')
    answer = idempotency.stored_answer(store, 1, "key-00000003", "payment", "d3")
    assert answer == idempotency.Reply(201, b'{"id":"P3"}')
    with pytest.raises(ApiException) as busy:  # never claimed, or released meanwhile
        idempotency.stored_answer(store, 1, "key-00000004", "payment", "d4")
    assert (busy.value.status, busy.value.code) == (409, "requestInProgress")


def test_a_lease_is_lost_once_answered_taken_over_or_released(app):
    store = app.state.store
    lease = idempotency.claim(store, 1, "key-00000005", "payment", "d5", now=100.0)
    assert isinstance(lease, idempotency.Lease)
    with store.transaction() as conn:
        idempotency.hold(conn, lease)  # still ours
        idempotency.finish(conn, lease, 201, b"{}")
    with store.transaction() as conn, pytest.raises(idempotency.LeaseLost, match="key-00000005"):
        idempotency.hold(conn, lease)  # answered: no more work under it
    other = idempotency.claim(store, 1, "key-00000006", "payment", "d6", now=100.0)
    assert isinstance(other, idempotency.Lease)
    idempotency.release(store, other)
    with store.transaction() as conn, pytest.raises(idempotency.LeaseLost):
        idempotency.hold(conn, other)  # released: the row is gone


def test_an_attempt_whose_lease_was_taken_over_answers_with_the_new_owner_s_answer(app):
    store = app.state.store
    request = idempotency.Keyed(1, "key-00000007", "payment", "d7")
    theirs = idempotency.Reply(201, b'{"id":"THEIRS"}')

    def taken_over() -> None:  # a retry takes the key over and answers while this one waits
        retry = idempotency.claim(store, 1, "key-00000007", "payment", "d7", now=200.0)
        assert isinstance(retry, idempotency.Lease)
        with store.transaction() as conn:
            idempotency.finish(conn, retry, theirs.status, theirs.body)

    ours = idempotency.Reply(201, b'{"id":"OURS"}')
    answer = idempotency.run_once(
        store, request, lambda conn: ours, now=100.0, lease_seconds=30.0, after_claim=taken_over
    )
    assert answer == theirs


def test_work_that_fails_unexpectedly_frees_its_key_for_a_retry(app):
    store = app.state.store
    request = idempotency.Keyed(1, "key-00000008", "payment", "d8")

    def broken(conn):
        raise RuntimeError("the disk is gone")

    with pytest.raises(RuntimeError):
        idempotency.run_once(store, request, broken, now=100.0)
    retry = idempotency.claim(store, 1, "key-00000008", "payment", "d8", now=101.0)
    assert isinstance(retry, idempotency.Lease)


def test_an_expired_claim_is_taken_over_only_by_the_same_request(app, caplog):
    store = app.state.store
    dead = idempotency.claim(store, 1, "key-00000009", "payment", "d9", now=100.0)
    assert isinstance(dead, idempotency.Lease)
    with pytest.raises(ApiException) as reused:  # same operation, another body
        idempotency.claim(store, 1, "key-00000009", "payment", "other", now=1000.0)
    assert (reused.value.status, reused.value.code) == (422, "idempotencyKeyReuse")
    with caplog.at_level(logging.WARNING, logger="miclaro_tui.sandbox.idempotency"):
        taken = idempotency.claim(store, 1, "key-00000009", "payment", "d9", now=1000.0)
    assert isinstance(taken, idempotency.Lease) and taken.owner != dead.owner
    assert caplog.messages == ["Idempotency-Key lease ran out with no answer: taken over"]
