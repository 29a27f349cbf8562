"""The request kept while its answer is unknown: the same request again gets the same key,
any other request (or one after an answer) a new one; which errors leave the outcome unknown."""

from __future__ import annotations

from decimal import Decimal

import pytest

from miclaro_tui import api
from miclaro_tui.models import BalanceAdvanceCreate, Money, Ref
from miclaro_tui.resend import Resend, outcome_unknown


def advance(value: str) -> BalanceAdvanceCreate:
    return BalanceAdvanceCreate(
        product=Ref(id="LN1"), amount=Money(unit="USD", value=Decimal(value))
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
