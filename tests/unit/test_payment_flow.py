"""The payment flow without UI and without a clock: a scripted API, and sleeps recorded
instead of waited."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from miclaro_tui import api
from miclaro_tui.flows.payment import FlowState, PaymentFlow, Phase, bill_order
from miclaro_tui.models import (
    BankTransferPayment,
    CardCreate,
    Money,
    Payment,
    PaymentCreate,
    Ref,
    TokenizedCard,
)

COP = "COP"
K1, K2 = "key-0001", "key-0002"


def payment(status: str, key: str = "key-0001", pid: str = "PAY1") -> Payment:
    return Payment.model_validate(
        {
            "id": pid,
            "correlatorId": key,
            "status": status,
            "statusDate": "2026-11-26T08:26:00Z",
            "paymentDate": "2026-11-26T08:26:00Z",
            "account": {"id": "A1"},
            "amount": {"unit": COP, "value": 1000},
            "paymentItem": [{"item": {"id": "B1"}, "amount": {"unit": COP, "value": 1000}}],
            "paymentMethod": {"@type": "tokenizedCard", "brand": "visa", "lastFourDigits": "1111"},
            "receiptNo": "R-1",
        }
    )


class ScriptedApi:
    """Each method answers from its script, in order; an exception in a script is raised."""

    def __init__(self, **scripts: list[Any]) -> None:
        self.scripts = {name: list(answers) for name, answers in scripts.items()}
        self.calls: list[tuple[str, Any]] = []

    def _next(self, name: str, argument: Any) -> Any:
        self.calls.append((name, argument))
        script = self.scripts[name]
        answer = script.pop(0) if len(script) > 1 else script[0]
        if isinstance(answer, BaseException):
            raise answer
        return answer

    async def tokenize_card(self, card: CardCreate) -> TokenizedCard:
        return self._next("tokenize_card", card)

    async def pay(self, request: PaymentCreate) -> Payment:
        return self._next("pay", request)

    async def reconcile(self, key: str) -> Payment | None:
        return self._next("reconcile", key)

    async def get_payment(self, payment_id: str) -> Payment:
        return self._next("get_payment", payment_id)

    async def cancel_payment(self, payment_id: str) -> Payment:
        return self._next("cancel_payment", payment_id)

    def count(self, name: str) -> int:
        return sum(1 for called, _ in self.calls if called == name)


TOKEN = TokenizedCard.model_validate(
    {
        "id": "tok_1",
        "@type": "tokenizedCard",
        "brand": "visa",
        "cardType": "credit",
        "lastFourDigits": "1111",
        "expirationDate": "12/2030",
        "nameOnCard": "CAMILA",
    }
)
CARD = CardCreate(
    nameOnCard="CAMILA", cardNumber="4539333333331111", expirationDate="12/2030", cvv="123"
)
ORDER = bill_order(Ref(id="B1", name="FE1"), Ref(id="A1"), Money(unit=COP, value=Decimal(1000)))


def flow_for(fake: ScriptedApi, **options: Any) -> tuple[PaymentFlow, list[float], list[Phase]]:
    sleeps: list[float] = []
    phases: list[Phase] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    keys = iter(f"key-{n:04d}" for n in range(1, 100))
    flow = PaymentFlow(fake, sleep=sleep, new_key=lambda: next(keys), **options)  # type: ignore[arg-type]
    flow.subscribe(lambda state: phases.append(state.phase))
    return flow, sleeps, phases


async def test_an_approved_card_payment() -> None:
    fake = ScriptedApi(tokenize_card=[TOKEN], pay=[payment("done")])
    flow, sleeps, phases = flow_for(fake)
    state = await flow.pay_card(ORDER, CARD)
    assert state.phase == Phase.APPROVED
    assert state.card == ("visa", "1111") and state.payment and state.payment.receiptNo == "R-1"
    assert phases[:3] == [Phase.VALIDATING, Phase.VALIDATING, Phase.SENDING]
    request = fake.calls[1][1]
    assert request.correlatorId == K1 and request.paymentMethod.id == "tok_1"
    assert request.paymentItem[0].item.id == "B1" and sleeps == []


async def test_a_declined_card_then_another_press_uses_a_new_key() -> None:
    declined = api.PaymentDeclinedError("insufficient funds", code="insufficientFunds")
    fake = ScriptedApi(tokenize_card=[TOKEN], pay=[declined, payment("done", K2)])
    flow, _, _ = flow_for(fake)
    assert (await flow.pay_card(ORDER, CARD)).phase == Phase.DECLINED
    assert flow.state.error is declined
    assert (await flow.pay_card(ORDER, CARD)).phase == Phase.APPROVED
    assert flow.intents == [K1, K2]


async def test_a_press_while_busy_or_after_approval_is_ignored() -> None:
    fake = ScriptedApi(tokenize_card=[TOKEN], pay=[payment("done")])
    flow, _, _ = flow_for(fake)
    flow.state = FlowState(phase=Phase.SENDING, key="key-0000")
    assert (await flow.pay_card(ORDER, CARD)).phase == Phase.SENDING
    flow.state = FlowState(phase=Phase.APPROVED, key="key-0000")
    assert (await flow.pay_card(ORDER, CARD)).phase == Phase.APPROVED
    assert fake.calls == [] and flow.intents == []


async def test_a_card_the_server_cannot_check_sends_no_payment() -> None:
    fake = ScriptedApi(tokenize_card=[api.ApiConnectionError("down")], pay=[payment("done")])
    flow, _, _ = flow_for(fake)
    state = await flow.pay_card(ORDER, CARD)
    assert state.phase == Phase.NOT_SENT and isinstance(state.error, api.ApiConnectionError)
    assert fake.count("pay") == 0


async def test_pending_is_followed_until_the_bank_answers() -> None:
    fake = ScriptedApi(
        tokenize_card=[TOKEN],
        pay=[payment("pendingAuthorization")],
        get_payment=[payment("pendingAuthorization"), payment("done")],
    )
    flow, sleeps, phases = flow_for(fake, poll_pause=1.0)
    assert (await flow.pay_card(ORDER, CARD)).phase == Phase.APPROVED
    assert sleeps == [1.0, 1.0] and fake.count("get_payment") == 2
    assert Phase.WAITING_FOR_BANK in phases


async def test_the_banks_wait_is_bounded() -> None:
    pending = payment("pendingAuthorization")
    fake = ScriptedApi(tokenize_card=[TOKEN], pay=[pending], get_payment=[pending])
    flow, sleeps, _ = flow_for(fake, bank_checks=5)
    state = await flow.pay_card(ORDER, CARD)
    assert state.phase == Phase.STILL_PENDING and state.unsettled and not state.busy
    assert fake.count("get_payment") == 5


async def test_connection_lost_while_pending_is_its_own_phase_with_backoff() -> None:
    lost = api.ApiConnectionError("refused")
    fake = ScriptedApi(
        tokenize_card=[TOKEN],
        pay=[payment("pendingAuthorization")],
        get_payment=[lost, lost, lost, lost, lost, lost, lost, payment("done")],
    )
    flow, sleeps, phases = flow_for(fake, poll_pause=1.0, backoff_max=8.0)
    assert (await flow.pay_card(ORDER, CARD)).phase == Phase.APPROVED
    assert Phase.CONNECTION_LOST in phases
    # one poll pause, then the backoff doubles up to its cap
    assert sleeps == [1.0, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0, 8.0]
    assert phases.index(Phase.CONNECTION_LOST) < phases.index(Phase.APPROVED)


async def test_a_lost_answer_is_confirmed_by_key_never_paid_again() -> None:
    fake = ScriptedApi(
        tokenize_card=[TOKEN],
        pay=[api.OutcomeUnknownError(K1)],
        reconcile=[api.ApiTimeoutError("slow"), payment("done")],
    )
    flow, _, phases = flow_for(fake)
    state = await flow.pay_card(ORDER, CARD)
    assert state.phase == Phase.APPROVED
    assert [call for call in fake.calls if call[0] == "reconcile"] == [("reconcile", K1)] * 2
    assert fake.count("pay") == 1
    assert Phase.CONFIRMING in phases and Phase.CONNECTION_LOST in phases


async def test_an_outcome_the_server_never_got_is_not_sent() -> None:
    fake = ScriptedApi(tokenize_card=[TOKEN], pay=[api.OutcomeUnknownError(K1)], reconcile=[None])
    flow, _, _ = flow_for(fake)
    state = await flow.pay_card(ORDER, CARD)
    assert state.phase == Phase.NOT_SENT and state.error is None


async def test_a_refusal_while_confirming_leaves_it_unknown_and_pay_asks_again() -> None:
    expired = api.SessionExpiredError("refresh refused")
    fake = ScriptedApi(
        tokenize_card=[TOKEN],
        pay=[api.OutcomeUnknownError(K1)],
        reconcile=[expired, payment("done")],
    )
    flow, _, _ = flow_for(fake)
    state = await flow.pay_card(ORDER, CARD)
    assert state.phase == Phase.UNKNOWN and state.unsettled and state.error is expired
    # Pressing Pay again asks about the same key; it never pays anew.
    assert (await flow.pay_card(ORDER, CARD)).phase == Phase.APPROVED
    assert flow.intents == [K1] and fake.count("pay") == 1


async def test_resume_settles_a_journaled_payment() -> None:
    fake = ScriptedApi(
        reconcile=[payment("pendingAuthorization", "key-old0")],
        get_payment=[payment("done", "key-old0")],
    )
    flow, _, _ = flow_for(fake)
    state = await flow.resume("key-old0")
    assert state.phase == Phase.APPROVED and state.key == "key-old0"
    assert fake.calls[0] == ("reconcile", "key-old0")


async def test_a_bank_transfer_waits_for_the_customer_and_can_be_cancelled() -> None:
    pending = payment("pendingAuthorization")
    fake = ScriptedApi(pay=[pending], get_payment=[pending], cancel_payment=[payment("canceled")])
    flow, _, _ = flow_for(fake, bank_checks=3)
    method = BankTransferPayment(bank="1007", documentType="CC", documentNumber="1020304050")
    assert (await flow.pay(ORDER, method)).phase == Phase.STILL_PENDING
    assert (await flow.cancel()).phase == Phase.CANCELED


@pytest.mark.parametrize(
    ("status", "phase"),
    [
        ("denied", Phase.DECLINED),
        ("failed", Phase.DECLINED),
        ("canceled", Phase.CANCELED),
        ("captured", Phase.APPROVED),
        ("authorized", Phase.APPROVED),
    ],
)
async def test_final_statuses(status: str, phase: Phase) -> None:
    fake = ScriptedApi(tokenize_card=[TOKEN], pay=[payment(status)])
    flow, _, _ = flow_for(fake)
    assert (await flow.pay_card(ORDER, CARD)).phase == phase


async def test_listeners_can_stop_listening() -> None:
    fake = ScriptedApi(tokenize_card=[TOKEN], pay=[payment("done")])
    flow, _, _ = flow_for(fake)
    heard: list[Phase] = []
    stop: Callable[[], None] = flow.subscribe(lambda state: heard.append(state.phase))
    stop()
    await flow.pay_card(ORDER, CARD)
    assert heard == []


async def test_a_listener_that_fails_does_not_stop_the_payment() -> None:
    fake = ScriptedApi(tokenize_card=[TOKEN], pay=[payment("done")])
    flow, _, _ = flow_for(fake)

    def broken(state: FlowState) -> None:
        raise LookupError("the screen is gone")

    flow.subscribe(broken)
    assert (await flow.pay_card(ORDER, CARD)).phase == Phase.APPROVED
