"""End to end: two kiosks on one `miclaro sandbox serve` pay the same bill at once, each with
its own key. The bill is charged once; the other till is told, with its code."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest
from pydantic import SecretStr

from miclaro_tui.api import ApiStatusError
from miclaro_tui.client import BillingClient
from miclaro_tui.models import (
    CashPayment,
    DenominationCount,
    KioskShiftCreate,
    Money,
    PaymentCreate,
    PaymentItem,
    Ref,
)
from tests.e2e.test_real_http import served  # noqa: F401 (the fixture)

pytestmark = pytest.mark.e2e


async def _till(url: str, username: str, terminal: str) -> tuple[BillingClient, str]:
    client = BillingClient(url)
    await client.sign_in(username, SecretStr(f"{username}2026"))
    assert client.role in {"operator", "supervisor"}
    shift = await client.open_shift(
        KioskShiftCreate(
            terminalId=terminal,
            openingCount=[DenominationCount(value=Decimal(50000), count=2)],
        )
    )
    return client, shift.id


def _cash(bill, shift_id: str, key: str) -> PaymentCreate:
    owed = bill.amountDue
    cash = Money(unit=owed.unit, value=(owed.value // 50000 + 1) * 50000)
    return PaymentCreate(
        correlatorId=key,
        account=Ref(id=bill.account.id),
        amount=owed,
        paymentItem=[PaymentItem(item=Ref(id=bill.bill.id), amount=owed)],
        paymentMethod=CashPayment(shift=Ref(id=shift_id), cashReceived=cash),
    )


async def test_two_kiosks_pay_the_same_bill_at_once(served):  # noqa: F811
    url, _server = served
    first, first_shift = await _till(url, "cajero", "CAJA-01")
    second, second_shift = await _till(url, "supervisora", "CAJA-02")
    try:
        customer = await first.kiosk_lookup(line="+57 300 123 4567")
        bill = customer.bills[0]
        results = await asyncio.gather(
            first.pay(_cash(bill, first_shift, "till-one-0001")),
            second.pay(_cash(bill, second_shift, "till-two-0001")),
            return_exceptions=True,
        )
        paid = [result for result in results if not isinstance(result, BaseException)]
        refused = [result for result in results if isinstance(result, BaseException)]
        assert len(paid) == 1 and len(refused) == 1, results
        assert isinstance(refused[0], ApiStatusError)
        assert (refused[0].status, refused[0].code) in {
            (409, "billAlreadyPaid"),
            (422, "exceedsAmountDue"),
        }
        assert paid[0].status == "done" and paid[0].amount == bill.amountDue
        again = await first.kiosk_lookup(line="3001234567")
        assert bill.bill.id not in {pending.bill.id for pending in again.bills}
        reports = [
            await first.shift_report(first_shift),
            await second.shift_report(second_shift),
        ]
        taken = [
            line.count
            for report in reports
            for line in report.lines
            if line.operation == "billPayment"
        ]
        assert sorted(taken) == [0, 1]  # charged once, in one till
    finally:
        await first.aclose()
        await second.aclose()
