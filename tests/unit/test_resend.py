"""The request kept while its answer is unknown: the same request again gets the same key,
any other request (or one after an answer) a new one; which errors leave the outcome unknown;
what a sign-in keeps (one of each kind per line, nothing of another customer) and which
advance ``y`` asks for when one was left unconfirmed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from miclaro_tui import api
from miclaro_tui.models import (
    BalanceAdvanceCreate,
    BalanceAdvanceOffer,
    Money,
    Ref,
    TransferBalanceCreate,
)
from miclaro_tui.resend import Resend, Unconfirmed, advance_to_take, outcome_unknown


def usd(value: str) -> Money:
    return Money(unit="USD", value=Decimal(value))


def advance(value: str, line: str = "LN1") -> BalanceAdvanceCreate:
    return BalanceAdvanceCreate(product=Ref(id=line), amount=usd(value))


def transfer(value: str, line: str = "LN1") -> TransferBalanceCreate:
    return TransferBalanceCreate(
        product=Ref(id=line), receiverProduct=Ref(id="+593987654321"), amount=usd(value)
    )


def offer(value: str | None) -> BalanceAdvanceOffer:
    """The line's offer: ``value`` to borrow, or None when an advance is open."""
    return BalanceAdvanceOffer(
        product=Ref(id="LN1"),
        eligible=value is not None,
        amount=usd(value) if value else None,
        fee=usd("0.20") if value else None,
        reason=None if value else "advanceOpen",
        monthsActive=10,
        averageTopup=usd("5"),
    )


def test_the_same_request_again_gets_the_same_key():
    kept: Resend[BalanceAdvanceCreate] = Resend()
    assert not kept.waiting
    first = kept.key_for(advance("2"))
    assert kept.waiting and first
    assert kept.key_for(advance("2.00")) == first  # equal as a request: the same one


def test_another_request_or_a_forgotten_one_gets_a_new_key():
    kept: Resend[BalanceAdvanceCreate] = Resend()
    first = kept.key_for(advance("2"))
    second = kept.key_for(advance("3"))
    assert second != first and kept.request == advance("3")
    kept.forget()
    assert not kept.waiting and kept.request is None
    assert kept.key_for(advance("3")) not in (first, second)


@pytest.mark.parametrize(
    ("error", "unknown"),
    [
        (api.ApiConnectionError("lost"), True),
        (api.OutcomeUnknownError("key-1"), True),
        (api.ServerError("boom", status=500), True),
        (api.ConflictError("busy", code="requestInProgress"), True),
        (api.ConflictError("no", code="insufficientBalance"), False),
        (api.ValidationError("no", code="notPrepaidLine"), False),
    ],
)
def test_which_errors_leave_the_outcome_unknown(error, unknown):
    assert outcome_unknown(error) is unknown


def test_a_sign_in_keeps_what_was_sent_until_its_answer_comes():
    kept = Unconfirmed("andres")
    key = kept.transfer("LN1").key_for(transfer("2"))
    kept.advance("LN1").key_for(advance("2"))
    # The screen is gone and opened again: it finds the same request under the same key.
    assert kept.transfer("LN1").request == transfer("2")
    assert kept.transfer("LN1").key_for(transfer("2")) == key
    assert kept.advance("LN1").waiting
    # Another line of the customer's has its own; kinds do not mix.
    assert not kept.transfer("LN2").waiting
    kept.transfer("LN1").forget()
    assert not kept.transfer("LN1").waiting and kept.advance("LN1").waiting


def test_nothing_of_another_customer_is_kept():
    kept = Unconfirmed("andres")
    kept.transfer("LN1").key_for(transfer("2"))
    assert kept.for_customer("andres") is kept
    other = kept.for_customer("rosa")
    assert other.username == "rosa" and not other.transfer("LN1").waiting


def test_a_new_advance_is_confirmed_first():
    assert advance_to_take(Resend(), "LN1", offer("2")) == (advance("2"), True)
    assert advance_to_take(Resend(), "LN1", offer(None)) == (None, False)


@pytest.mark.parametrize("now", ["2", None], ids=["the same offer", "the offer closed"])
def test_an_unconfirmed_advance_is_asked_again_without_a_question(now):
    kept: Resend[BalanceAdvanceCreate] = Resend()
    kept.key_for(advance("2"))
    # Taking it may be what closed the offer (one open at a time): asking again tells.
    assert advance_to_take(kept, "LN1", offer(now)) == (advance("2"), False)


def test_an_offer_that_changed_is_a_new_advance():
    kept: Resend[BalanceAdvanceCreate] = Resend()
    kept.key_for(advance("2"))
    assert advance_to_take(kept, "LN1", offer("3")) == (advance("3"), True)
