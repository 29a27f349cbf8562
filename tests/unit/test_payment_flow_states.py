"""Every state the payment flow shows, field by field, in order: what a screen draws at each
step (phase, key, payment, card, error, checks, seconds to the next check). The flow starts
from a finished earlier press, so a field a step forgets to reset shows up."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from miclaro_tui import api
from miclaro_tui.flows.payment import FlowState, PaymentFlow, Phase, bill_order
from miclaro_tui.models import BankTransferPayment, CardPayment, Money, PaymentItem, Ref
from tests.unit.test_payment_flow import CARD, K1, ORDER, TOKEN, ScriptedApi, payment

OLD_ERROR = api.ServerError("the last press failed")
PENDING = payment("pendingAuthorization")
DONE = payment("done")
PSE = BankTransferPayment(bank="1007", documentType="CC", documentNumber="1020304050")


def earlier_press() -> FlowState:
    """What an earlier press left: every field set."""
    return FlowState(
        phase=Phase.DECLINED,
        key="key-old",
        payment=payment("denied", "key-old", "OLD"),
        card=("amex", "0005"),
        error=OLD_ERROR,
        checks=7,
        retry_in=8.0,
    )


def flow_for(fake: ScriptedApi, **options: Any) -> tuple[PaymentFlow, list[FlowState], list[float]]:
    states: list[FlowState] = []
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    keys = iter(f"key-{n:04d}" for n in range(1, 100))
    flow = PaymentFlow(fake, sleep=sleep, new_key=lambda: next(keys), **options)
    flow.state = earlier_press()
    flow.subscribe(states.append)
    return flow, states, sleeps


def fresh(phase: Phase, **fields: Any) -> FlowState:
    return FlowState(phase=phase, key=K1, **fields)


def test_a_bill_order_pays_that_bill_of_that_account() -> None:
    amount = Money(unit="COP", value=Decimal("125900.50"))
    order = bill_order(Ref(id="B7", name="FE7"), Ref(id="A3"), amount)
    request = order.request("key-0042", CardPayment(id="tok_9"))
    assert request.correlatorId == "key-0042"
    assert request.account == Ref(id="A3")
    assert request.amount == amount
    assert request.paymentItem == [PaymentItem(item=Ref(id="B7", name="FE7"), amount=amount)]
    assert request.paymentMethod == CardPayment(id="tok_9")


async def test_a_card_payment_after_an_earlier_press_starts_clean() -> None:
    fake = ScriptedApi(tokenize_card=[TOKEN], pay=[DONE])
    flow, states, sleeps = flow_for(fake)
    await flow.pay_card(ORDER, CARD)
    card = ("visa", "1111")
    assert states == [
        fresh(Phase.VALIDATING),
        fresh(Phase.VALIDATING, card=card),
        fresh(Phase.SENDING, card=card),
        fresh(Phase.APPROVED, card=card, payment=DONE),
    ]
    assert fake.calls == [
        ("tokenize_card", CARD),
        ("pay", ORDER.request(K1, CardPayment(id="tok_1"))),
    ]
    assert sleeps == []


async def test_a_bank_transfer_waits_for_the_bank_answer_by_answer() -> None:
    fake = ScriptedApi(pay=[PENDING], get_payment=[PENDING, DONE])
    flow, states, sleeps = flow_for(fake)
    await flow.pay(ORDER, PSE)
    assert states == [
        fresh(Phase.SENDING),
        fresh(Phase.SENDING),
        fresh(Phase.WAITING_FOR_BANK, payment=PENDING, checks=1),
        fresh(Phase.WAITING_FOR_BANK, payment=PENDING, checks=2),
        fresh(Phase.APPROVED, payment=DONE, checks=2),
    ]
    assert fake.calls == [
        ("pay", ORDER.request(K1, PSE)),
        ("get_payment", "PAY1"),
        ("get_payment", "PAY1"),
    ]
    assert sleeps == [1.0, 1.0]


async def test_a_refused_payment_is_not_sent_and_says_why() -> None:
    error = api.NotFoundError("no such bill")
    fake = ScriptedApi(pay=[error])
    flow, states, _ = flow_for(fake)
    await flow.pay(ORDER, PSE)
    assert states[-1] == fresh(Phase.NOT_SENT, error=error)


async def test_the_banks_answers_end_in_their_own_phase_with_the_payment() -> None:
    for answer, phase in (
        (payment("canceled"), Phase.CANCELED),
        (payment("denied"), Phase.DECLINED),
    ):
        fake = ScriptedApi(pay=[PENDING], get_payment=[answer])
        flow, states, _ = flow_for(fake)
        await flow.pay(ORDER, PSE)
        assert states[-1] == fresh(phase, payment=answer, checks=1)


async def test_a_wait_that_runs_out_keeps_the_latest_payment() -> None:
    latest = payment("pendingAuthorization", pid="PAY1").model_copy(update={"receiptNo": "R-2"})
    fake = ScriptedApi(pay=[PENDING], get_payment=[latest])
    flow, states, _ = flow_for(fake, bank_checks=1)
    await flow.pay(ORDER, PSE)
    assert states[-1] == fresh(Phase.STILL_PENDING, payment=latest, checks=1)


async def test_a_lost_connection_counts_its_checks_and_says_when_the_next_one_is() -> None:
    lost, again = api.ApiConnectionError("refused"), api.ApiTimeoutError("slow")
    fake = ScriptedApi(pay=[PENDING], get_payment=[lost, again, DONE])
    flow, states, sleeps = flow_for(fake)
    await flow.pay(ORDER, PSE)
    waiting = fresh(Phase.WAITING_FOR_BANK, payment=PENDING, checks=1)
    assert states[2:] == [
        waiting,
        fresh(Phase.CONNECTION_LOST, payment=PENDING, error=lost, checks=1, retry_in=1.0),
        fresh(Phase.CONNECTION_LOST, payment=PENDING, error=again, checks=2, retry_in=2.0),
        fresh(Phase.WAITING_FOR_BANK, payment=PENDING, checks=2),
        fresh(Phase.APPROVED, payment=DONE, checks=2),
    ]
    assert sleeps == [1.0, 1.0, 2.0]


async def test_a_refusal_after_a_lost_connection_is_unknown_with_no_countdown() -> None:
    lost, expired = api.ApiConnectionError("refused"), api.SessionExpiredError("signed out")
    fake = ScriptedApi(pay=[api.OutcomeUnknownError(K1)], reconcile=[lost, expired])
    flow, states, _ = flow_for(fake)
    await flow.pay(ORDER, PSE)
    assert states[2:] == [
        fresh(Phase.CONFIRMING),
        fresh(Phase.CONNECTION_LOST, error=lost, checks=1, retry_in=1.0),
        fresh(Phase.UNKNOWN, error=expired, checks=1),
    ]


async def test_confirming_starts_clean_and_comes_back_to_confirming() -> None:
    lost = api.ApiConnectionError("refused")
    fake = ScriptedApi(reconcile=[lost, DONE])
    flow, states, _ = flow_for(fake)
    flow.state = FlowState(
        phase=Phase.UNKNOWN, key=K1, payment=PENDING, error=OLD_ERROR, checks=4, retry_in=2.0
    )
    await flow.confirm()
    assert states == [
        fresh(Phase.CONFIRMING, payment=PENDING),
        fresh(Phase.CONNECTION_LOST, payment=PENDING, error=lost, checks=1, retry_in=1.0),
        fresh(Phase.CONFIRMING, payment=PENDING, checks=1),
        fresh(Phase.APPROVED, payment=DONE, checks=1),
    ]


async def test_a_payment_the_server_never_got_leaves_no_payment_behind() -> None:
    fake = ScriptedApi(reconcile=[None])
    flow, states, _ = flow_for(fake)
    flow.state = FlowState(phase=Phase.STILL_PENDING, key=K1, payment=PENDING, checks=3)
    await flow.confirm()
    assert states[-1] == fresh(Phase.NOT_SENT)


async def test_resume_forgets_the_earlier_press_before_asking() -> None:
    fake = ScriptedApi(reconcile=[DONE])
    flow, states, _ = flow_for(fake)
    flow.state = FlowState(
        phase=Phase.DECLINED, key="key-old", payment=PENDING, error=OLD_ERROR, checks=7
    )
    await flow.resume(K1)
    assert states == [
        fresh(Phase.CONFIRMING),
        fresh(Phase.CONFIRMING),
        fresh(Phase.APPROVED, payment=DONE),
    ]
    assert fake.calls == [("reconcile", K1)]


async def test_cancel_asks_for_that_payment_and_shows_the_answer() -> None:
    canceled = payment("canceled")
    failure = api.ApiConnectionError("refused")
    fake = ScriptedApi(cancel_payment=[failure, PENDING, canceled])
    flow, states, _ = flow_for(fake)
    flow.state = FlowState(phase=Phase.STILL_PENDING, key=K1, payment=PENDING)
    await flow.cancel()
    assert states[-1] == fresh(Phase.STILL_PENDING, payment=PENDING, error=failure)
    second = payment("pendingAuthorization", pid="PAY1")
    fake.scripts["cancel_payment"] = [second, canceled]
    await flow.cancel()
    assert states[-1] == fresh(Phase.STILL_PENDING, payment=second, error=failure)
    await flow.cancel()
    assert states[-1] == fresh(Phase.CANCELED, payment=canceled)
    assert [call for call in fake.calls] == [("cancel_payment", "PAY1")] * 3


async def test_cancel_without_a_pending_payment_asks_nothing() -> None:
    fake = ScriptedApi(cancel_payment=[payment("canceled")])
    flow, states, _ = flow_for(fake)
    flow.state = FlowState(phase=Phase.IDLE)
    assert await flow.cancel() == FlowState(phase=Phase.IDLE)
    flow.state = FlowState(phase=Phase.APPROVED, key=K1, payment=DONE)
    assert await flow.cancel() == FlowState(phase=Phase.APPROVED, key=K1, payment=DONE)
    assert fake.calls == [] and states == []


async def test_the_default_pace_a_second_between_checks_two_minutes_of_bank_backoff_to_30s():
    lost = api.ApiConnectionError("refused")
    fake = ScriptedApi(pay=[PENDING], get_payment=[PENDING])
    flow, states, sleeps = flow_for(fake)
    await flow.pay(ORDER, PSE)
    assert states[-1] == fresh(Phase.STILL_PENDING, payment=PENDING, checks=120)
    assert sleeps == [1.0] * 120
    fake = ScriptedApi(pay=[PENDING], get_payment=[lost] * 8 + [DONE])
    flow, _, sleeps = flow_for(fake)
    await flow.pay(ORDER, PSE)
    assert sleeps == [1.0, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]


def test_stopping_a_listener_twice_is_harmless() -> None:
    flow = PaymentFlow(ScriptedApi())
    stop = flow.subscribe(lambda state: None)
    stop()
    stop()


async def test_a_failing_listener_is_logged(caplog) -> None:
    fake = ScriptedApi(pay=[DONE])
    flow, _, _ = flow_for(fake)

    def broken(state: FlowState) -> None:
        raise LookupError("the screen is gone")

    flow.subscribe(broken)
    with caplog.at_level(logging.ERROR, logger="miclaro_tui.flows.payment"):
        await flow.pay(ORDER, PSE)
    assert set(caplog.messages) == {"a payment flow listener failed"}
