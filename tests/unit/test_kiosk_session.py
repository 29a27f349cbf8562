"""The till's session without a UI: what may be voided among the shift's payments as the
server lists them (after a restart too), and what a typed lookup is tried as."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from pydantic import SecretStr

from miclaro_tui.kiosk.receipt import Receipt
from miclaro_tui.kiosk.session import PasswordCheck, TakenPayment, TillSession, lookup_kinds
from miclaro_tui.models import Payment

WHEN = "2026-11-25T09:00:00-05:00"


def payment(
    ident: str, item: str, *, topup: bool = False, voided: bool = False, status: str = "done"
) -> Payment:
    cop = {"unit": "COP", "value": 20000}
    return Payment.model_validate(
        {
            "id": ident,
            "correlatorId": f"key-{ident}",
            "status": status,
            "statusDate": WHEN,
            "paymentDate": WHEN,
            "account": {"id": "ACC-1", "name": "Cam*** Rod***"},
            "amount": cop,
            "paymentItem": [
                {
                    "item": {"id": f"id-{item}", "name": item},
                    "amount": cop,
                    "itemType": "topupBalance" if topup else "customerBill",
                }
            ],
            "paymentMethod": {"@type": "cash", "description": "CAJA-1"},
            "receiptNo": f"RC-{ident}",
            "cashReceived": {"unit": "COP", "value": 50000},
            "change": {"unit": "COP", "value": 30000},
            "operator": {"id": "cajero"},
            "terminalId": "CAJA-1",
            **({"refund": {"id": "RF1"}} if voided else {}),
        }
    )


@pytest.fixture
def till() -> TillSession:
    return TillSession(
        operator="cajero",
        role="operator",
        terminal="CAJA-1",
        password=PasswordCheck(SecretStr("cajero2026")),
    )


def test_payments_taken_before_a_restart_may_be_voided(till):
    listed = [
        payment("P4", "+573209876543", topup=True),
        payment("P3", "FE3", voided=True),
        payment("P2", "FE2"),
        payment("P1", "FE1", status="canceled"),
    ]
    voidable = till.voidable_of_shift(listed)
    assert [taken.payment.id for taken in voidable] == ["P2"]
    receipt = voidable[0].receipt
    assert (receipt.item_kind, receipt.item, receipt.number) == ("bill", "FE2", "RC-P2")
    assert receipt.customer == "Cam*** Rod***" and receipt.change is not None
    assert receipt.change.value == Decimal(30000) and receipt.terminal == "CAJA-1"


def test_this_runs_receipts_are_kept_and_the_servers_voids_believed(till):
    mine = payment("P2", "FE2")
    kept = Receipt(
        number="RC-P2",
        when=datetime(2026, 11, 25, 14, tzinfo=UTC),
        country="CO",
        operator="cajero",
        terminal="CAJA-1",
        customer="as the lookup showed",
        item_kind="bill",
        item="FE2",
        amount=mine.amount,
    )
    till.taken = [TakenPayment(mine, kept), TakenPayment(payment("P1", "FE1"), kept)]
    voidable = till.voidable_of_shift([mine, payment("P1", "FE1", voided=True)])
    assert [taken.receipt for taken in voidable] == [kept]
    assert till.taken[1].voided and till.voidable() == [till.taken[0]]


def test_a_topup_taken_in_this_run_is_not_voidable(till):
    topup = payment("P5", "+573209876543", topup=True)
    till.taken = [TakenPayment(topup, till.receipt_of(topup))]
    assert till.taken[0].receipt.item_kind == "line" and till.voidable() == []


@pytest.mark.parametrize(
    ("text", "country", "kinds"),
    [
        ("529.982.247-25", "BR", ["line", "document"]),  # a CPF has a mobile's 11 digits
        ("+55 11 98765 4321", "BR", ["line"]),
        ("3001234567", "CO", ["line", "document"]),
        ("1020304050", "CO", ["document"]),
        ("003703826538", "CO", ["reference"]),
    ],
)
def test_what_a_typed_lookup_is_tried_as(text, country, kinds):
    assert lookup_kinds(text, country) == kinds
