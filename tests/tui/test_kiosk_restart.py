"""The till restarted mid-shift: a payment an earlier run left unsettled in the journal (it
crashed before hearing the answer) is settled at sign-in, before the till takes the next
customer, and charged once; a payment taken before the restart can still be voided."""

from __future__ import annotations

import json
from decimal import Decimal

import httpx
import pytest
from pydantic import SecretStr
from textual.widgets import Select

from miclaro_tui import i18n
from miclaro_tui.client import BillingClient
from miclaro_tui.flows.payment import bill_order
from miclaro_tui.journal import Journal, digest_of
from miclaro_tui.models import CashPayment, DenominationCount, KioskShiftCreate, Money, Ref
from miclaro_tui.sandbox.app import create_app
from miclaro_tui.screens.kiosk.login import KioskLoginScreen
from miclaro_tui.screens.kiosk.printout import PrintoutScreen
from miclaro_tui.screens.kiosk.till import TillScreen
from miclaro_tui.screens.kiosk.void import VoidScreen
from tests.conftest import TODAY
from tests.tui.conftest import record_notices, until_no_work, until_screen, wait_until
from tests.tui.kiosk_support import (  # noqa: F401  (fixtures)
    kiosk_settings,
    kiosk_sign_in,
    make_kiosk,
    open_shift_with,
    type_into,
)
from tests.tui.test_kiosk_shift import CAMILA_LINE, scan, take_cash

KEY = "c0ffee00c0ffee00c0ffee00c0ffee01"


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")


def client_of(db, journal: Journal | None = None) -> BillingClient:
    return BillingClient(
        "http://127.0.0.1",
        transport=httpx.ASGITransport(app=create_app(db, TODAY)),
        is_sandbox=True,
        journal=journal,
    )


async def crashed_mid_payment(db, journal: Journal) -> tuple[str, str]:
    """An earlier run of the till: shift open, cash for Camila's first bill sent, and the
    till died before it heard the answer (the journal still says pending). Returns the shift
    and the bill."""
    earlier = client_of(db)
    await earlier.sign_in("cajero", SecretStr("cajero2026"))
    shift = await earlier.open_shift(
        KioskShiftCreate(
            terminalId="CAJA-1", openingCount=[DenominationCount(value=Decimal(50000), count=2)]
        )
    )
    bill = (await earlier.kiosk_lookup(line=CAMILA_LINE)).bills[0]
    owed = bill.amountDue
    assert bill.account is not None
    cash = Money(unit=owed.unit, value=(owed.value // 50000 + 1) * 50000)
    request = bill_order(bill.bill, Ref(id=bill.account.id), owed).request(
        KEY, CashPayment(shift=Ref(id=shift.id), cashReceived=cash)
    )
    journal.begin(KEY, "payment", digest_of(request), owner="cajero")
    await earlier.pay(request)  # reached the server; the answer never reached the journal
    await earlier.aclose()
    assert [entry.key for entry in journal.unresolved()] == [KEY]
    return shift.id, bill.bill.id


async def test_a_till_that_crashed_mid_payment_settles_it_before_the_next(
    make_kiosk,  # noqa: F811
    sandbox_db,
    kiosk_settings,  # noqa: F811
    tmp_path,
):
    journal = Journal(tmp_path / "payments.journal")
    shift_id, bill_id = await crashed_mid_payment(sandbox_db, journal)
    client = client_of(sandbox_db, journal)
    app = make_kiosk(api=client)
    notices = record_notices(app)
    unsettled_at_the_till: list[list[str]] = []
    to_the_till = app.shift_opened

    def shift_opened() -> None:
        unsettled_at_the_till.append([entry.key for entry in journal.unresolved()])
        to_the_till()

    app.shift_opened = shift_opened  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await until_screen(pilot, KioskLoginScreen)
        await kiosk_sign_in(pilot)
        await until_screen(pilot, TillScreen)  # the shift goes on
        # Settled before the till could take anyone's cash: one charge, known.
        assert unsettled_at_the_till == [[]]
        assert journal.unresolved() == []
        assert journal.get(KEY).state == "done"
        taken = await client.list_shift_payments(shift_id)
        assert len(taken) == 1 and taken[0].correlatorId == KEY
        assert taken[0].paymentItem[0].item.id == bill_id
        assert any(title == "Earlier payment" and "approved" in m for title, m in notices)

        # The next customer: the bill paid before the crash is no longer due.
        await scan(pilot, CAMILA_LINE)
        assert app.till is not None and app.till.customer is not None
        assert bill_id not in [b.bill.id for b in app.till.customer.bills]
        receipt = await take_cash(pilot, 0, None, "200000")
        assert "CAJA-1" in receipt
        await pilot.press("enter")
        await until_screen(pilot, TillScreen)
        paid = await client.list_shift_payments(shift_id)
        assert len(paid) == 2 and {p.paymentItem[0].item.id for p in paid} >= {bill_id}
        assert len({p.paymentItem[0].item.id for p in paid}) == 2

    logged = [json.loads(line) for line in kiosk_settings.audit_log.read_text().splitlines()]
    earlier = [entry for entry in logged if entry.get("details", {}).get("run") == "earlier"]
    assert [(e["action"], e["outcome"]) for e in earlier] == [("payment", "approved")]


async def test_a_payment_taken_before_a_restart_can_be_voided(make_kiosk):  # noqa: F811
    first = make_kiosk()
    async with first.run_test(size=(120, 40)) as pilot:
        await until_screen(pilot, KioskLoginScreen)
        await kiosk_sign_in(pilot)
        await open_shift_with(pilot, {1: 2, 4: 10})
        await scan(pilot, CAMILA_LINE)
        bill_no = first.till.customer.bills[0].billNo
        await take_cash(pilot, 0, None, "200000")
        await pilot.press("enter")
        await until_screen(pilot, TillScreen)

    again = make_kiosk()  # the till restarted: it remembers nothing of the shift
    async with again.run_test(size=(120, 40)) as pilot:
        await until_screen(pilot, KioskLoginScreen)
        await kiosk_sign_in(pilot)
        await until_screen(pilot, TillScreen)
        assert again.till is not None and again.till.taken == []
        await pilot.press("f4")
        screen = await until_screen(pilot, VoidScreen)
        options = [str(prompt) for prompt, _value in screen.query_one(Select)._options]
        assert len(options) == 1 and bill_no in options[0]
        await type_into(pilot, "#void-reason", "wrong bill")
        await pilot.press("ctrl+s")
        void = await until_screen(pilot, PrintoutScreen)
        assert bill_no in " ".join(void.text.split())
        await pilot.press("enter")
        await until_screen(pilot, TillScreen)
        await scan(pilot, CAMILA_LINE)
        assert bill_no in [b.billNo for b in again.till.customer.bills]  # unpaid again
        await pilot.press("escape")
        await pilot.press("f4")  # nothing left to void
        await wait_until(
            pilot,
            lambda: "No payment" in str(pilot.app.screen.query_one("#till-status").render()),
            what="nothing to void",
        )
        assert isinstance(pilot.app.screen, TillScreen)
        await until_no_work(pilot)
