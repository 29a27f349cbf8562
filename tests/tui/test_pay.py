"""Payment flows driven with the Pilot against the in-process sandbox: card (approve, decline
then another card, invalid fields, double press, outcome unknown), PSE, cash reference,
report, promise, the settled-bill warning, start-up reconciliation. (The history and its
receipts: test_payment_history.py; p on Home: test_home.py.)"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal

import pytest
from stdnum import luhn
from textual.widgets import Input, OptionList, Select, Static

from miclaro_tui import i18n
from miclaro_tui.api import OutcomeUnknownError
from miclaro_tui.app import MiClaroApp
from miclaro_tui.screens.invoice_detail import InvoiceDetailScreen
from miclaro_tui.screens.payment import PaymentScreen
from miclaro_tui.screens.payment_dialogs import (
    ConfirmPayDialog,
    PromiseDialog,
    ReportPaymentDialog,
)
from miclaro_tui.screens.payment_pse import PseStatusScreen
from miclaro_tui.screens.payment_reference import PaymentReferenceScreen
from miclaro_tui.widgets.card_form import CardNumberInput
from tests.conftest import TODAY
from tests.tui.conftest import record_notices, sign_in

APPROVED = "4111111111111111"
AMEX = "378282246310005"


def card_ending(last_four: str, prefix: str = "400000000") -> str:
    """A Luhn-valid 16-digit Visa number ending in ``last_four`` (sandbox test cards)."""
    for middle in range(100):
        number = f"{prefix}{middle:03d}" + last_four
        number = number[: 16 - len(last_four)] + last_four
        if len(number) == 16 and luhn.is_valid(number):
            return number
    raise AssertionError(last_four)


INSUFFICIENT = card_ending("0002")
PENDING_THEN_APPROVED = card_ending("0077")


class SpyApi:
    """The real client, with every call recorded and, on demand, a pay that is slow (to press
    twice meanwhile) or whose answer is lost once (OutcomeUnknownError after the server paid)."""

    def __init__(self, inner, lose_answer: int = 0, slow: asyncio.Event | None = None) -> None:
        self._inner = inner
        self.calls: list[str] = []
        self.lose_answer = lose_answer
        self.slow = slow
        self.on_reconcile = None

    def __getattr__(self, name):
        return getattr(self._inner, name)

    @property
    def on_tokens(self):
        return self._inner.on_tokens

    @on_tokens.setter
    def on_tokens(self, value):
        self._inner.on_tokens = value

    async def tokenize_card(self, card):
        self.calls.append("tokenize_card")
        return await self._inner.tokenize_card(card)

    async def pay(self, payment):
        self.calls.append("pay")
        if self.slow is not None:
            await self.slow.wait()
        result = await self._inner.pay(payment)
        if self.lose_answer:
            self.lose_answer -= 1
            raise OutcomeUnknownError(payment.correlatorId)
        return result

    async def reconcile(self, key):
        self.calls.append("reconcile")
        if self.on_reconcile:
            self.on_reconcile()
        return await self._inner.reconcile(key)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_bill(pilot, downs: int = 1, user: str = "camila", password: str = "camila2026"):
    """Invoice detail; in the seeded list the first bill is pending, the second overdue."""
    await sign_in(pilot, user, password)
    await pilot.press("i")
    await settle(pilot)
    await pilot.press(*(["down"] * downs), "enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, InvoiceDetailScreen)
    return pilot.app.screen


async def open_payment(pilot, downs: int = 1, **kwargs) -> PaymentScreen:
    await open_bill(pilot, downs, **kwargs)
    await pilot.press("p")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PaymentScreen), screen
    return screen


async def fill_card(
    pilot, number: str, cvv: str = "123", expiry: str = "12/28", holder: str = "Camila Rojas"
) -> None:
    screen = pilot.app.screen
    screen.query_one("#card-holder", Input).value = holder
    screen.query_one("#card-number", Input).focus()
    await pilot.pause()
    screen.query_one("#card-number", Input).value = number
    screen.query_one("#card-expiry", Input).value = expiry
    screen.query_one("#card-cvv", Input).value = cvv
    screen.query_one("#card-expiry", Input).focus()
    await pilot.pause()


async def payments_of(app):
    api = await app.get_api()
    return (await api.list_payments(app.account.id)).items


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def fast_polls(monkeypatch):
    monkeypatch.setattr(MiClaroApp, "PAYMENT_POLL_PAUSE", 0.01)


# --- card -----------------------------------------------------------------------------------


async def test_card_payment_approved_and_card_wiped(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_payment(pilot)
        bill = screen.bill
        before = len(await payments_of(app))
        await fill_card(pilot, "4111 1111 1111 1111")  # typed in groups, as printed
        assert "VISA" in text_of(app, "#card-brand")
        number = screen.query_one("#card-number", CardNumberInput)
        assert number.value == "•••• 1111"  # masked once the field lost the focus
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.payment is not None and screen.payment.status == "done"
        message = text_of(app, "#pay-message")
        assert "received" in message and (screen.payment.receiptNo or "") in message
        assert number.value == "" and number.digits == ""
        assert screen.query_one("#card-cvv", Input).value == ""
        assert APPROVED not in repr(number.__dict__)
        payments = await payments_of(app)
        assert len(payments) == before + 1
        mine = [p for p in payments if p.correlatorId == screen.intents[0]]
        assert mine[0].paymentMethod.lastFourDigits == "1111"
        await pilot.press("escape")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, InvoiceDetailScreen)
        assert detail.bill.id == bill.id and detail.bill.state == "settled"
        assert "Paid" in text_of(app, "#bill-title")


async def test_decline_then_another_card(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_payment(pilot)
        await fill_card(pilot, INSUFFICIENT)
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = text_of(app, "#pay-message")
        assert "declined" in message and "insufficient funds" in message
        assert "another card" in message
        assert screen.payment is None and not screen.busy
        assert screen.query_one("#card-number", Input).value == ""
        assert screen.query_one("#card-holder", Input).value == "Camila Rojas"  # kept
        await fill_card(pilot, APPROVED, cvv="456")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.payment is not None and screen.payment.status == "done"
        assert len(set(screen.intents)) == 2  # a new card is a new intent
        done = [
            p
            for p in await payments_of(app)
            if p.status == "done" and p.correlatorId in screen.intents
        ]
        assert len(done) == 1


async def test_pending_card_is_followed_until_approved(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_payment(pilot)
        await fill_card(pilot, PENDING_THEN_APPROVED)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.payment is not None and screen.payment.status == "done"


async def test_invalid_fields_are_named_and_nothing_is_sent(make_app, sandbox_db):
    from tests.tui.conftest import sandbox_client

    spy = SpyApi(sandbox_client(sandbox_db))
    app = make_app(api=spy)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_payment(pilot)
        screen.query_one("#amount", Input).value = "10,005"  # ambiguous in Colombia
        await fill_card(pilot, "4111 1111 1111 1112", cvv="12", expiry="10/26", holder="")
        await pilot.press("ctrl+s")
        await pilot.pause()
        message = text_of(app, "#pay-message")
        for field in ("Amount", "Name on the card", "Card number", "Expiry", "Security code"):
            assert field in message, field
        assert "tokenize_card" not in spy.calls and "pay" not in spy.calls
        number = screen.query_one("#card-number", CardNumberInput)
        assert number.typed == "4111 1111 1111 1112"  # what was typed stays...
        assert screen.query_one("#card-cvv", Input).value == ""  # ...except the CVV
        assert screen.query_one("#card-expiry", Input).value == "10/26"
        for field_id in ("#amount", "#card-holder", "#card-number", "#card-expiry", "#card-cvv"):
            assert screen.query_one(field_id, Input).has_class("-invalid-field"), field_id
        # Digits of another script are not card digits; an amount over what is due is refused.
        screen.query_one("#amount", Input).value = "999999999"
        await fill_card(pilot, "４１１１１１１１１１１１１１１１")
        await pilot.press("ctrl+s")
        await pilot.pause()
        message = text_of(app, "#pay-message")
        assert "Card number" in message and "at most" in message
        assert "Expiry" not in message
        assert spy.calls == []


async def test_amex_needs_four_digit_cvv_and_brand_shows_while_typing(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_payment(pilot)
        await pilot.click("#card-number")
        await pilot.press(*"3782")
        assert "American Express" in text_of(app, "#card-brand")
        await pilot.press(*AMEX[4:])
        await fill_card(pilot, AMEX, cvv="123")
        assert screen.query_one("#card-number", Input).value == "•••• 0005"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "4 digits" in text_of(app, "#pay-message")


async def test_double_press_makes_one_payment(make_app, sandbox_db):
    from tests.tui.conftest import sandbox_client

    gate = asyncio.Event()
    spy = SpyApi(sandbox_client(sandbox_db), slow=gate)
    app = make_app(api=spy)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_payment(pilot)
        before = len(await payments_of(app))
        await fill_card(pilot, APPROVED)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s", "ctrl+s")  # pressed again while the first is in flight
        screen.action_pay()
        assert app.screen is screen and screen.busy
        gate.set()
        await settle(pilot)
        await pilot.press("ctrl+s", "enter")  # and after it is done
        await settle(pilot)
        assert spy.calls.count("pay") == 1 and len(screen.intents) == 1
        assert len(await payments_of(app)) == before + 1


async def test_outcome_unknown_says_confirming_then_reconciles(make_app, sandbox_db):
    from tests.tui.conftest import sandbox_client

    spy = SpyApi(sandbox_client(sandbox_db), lose_answer=1)
    app = make_app(api=spy)
    seen: list[str] = []
    spy.on_reconcile = lambda: seen.append(text_of(app, "#pay-message"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_payment(pilot)
        before = len(await payments_of(app))
        await fill_card(pilot, APPROVED)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert seen and "We are confirming your payment. Do not pay again." in seen[0]
        assert screen.payment is not None and screen.payment.status == "done"
        assert screen.payment.correlatorId == screen.intents[0]
        assert spy.calls.count("pay") == 1
        assert len(await payments_of(app)) == before + 1
        assert "received" in text_of(app, "#pay-message")


# --- PSE ------------------------------------------------------------------------------------


async def start_pse(pilot, document: str = "1020304050") -> PaymentScreen:
    screen = await open_payment(pilot)
    screen.query_one("#method", Select).value = "pse"
    await settle(pilot)
    banks = screen.query_one("#pse-bank", Select)
    assert banks.query_one(OptionList).option_count > 1  # its overlay lists the banks
    banks.value = "1007"
    screen.query_one("#pse-doc-number", Input).value = document
    await pilot.press("ctrl+s")
    for _ in range(40):
        await pilot.pause(0.05)
        if isinstance(pilot.app.screen, PseStatusScreen):
            break
    assert isinstance(pilot.app.screen, PseStatusScreen)
    await pilot.pause()  # mounted and drawn
    return screen


async def test_pse_payment_followed_to_done(make_app, monkeypatch):
    # Long enough to see it pending first, even on a busy machine.
    monkeypatch.setattr(MiClaroApp, "PAYMENT_POLL_PAUSE", 1.0)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        pay_screen = await start_pse(pilot)
        status = app.screen
        first = status.flow.state.payment
        assert first.status == "pendingAuthorization"
        assert "Awaiting authorisation" in text_of(app, "#pse-state")
        assert first.authorizationUrl in text_of(app, "#pse-url")
        await settle(pilot)
        assert status.flow.state.payment.status == "done" and status.flow.state.checks >= 1
        assert "Paid" in text_of(app, "#pse-state")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is pay_screen and pay_screen.payment.status == "done"
        assert pay_screen.payment.paymentMethod.bankName == "Bancolombia"


async def test_pse_payment_cancelled(make_app, monkeypatch):
    monkeypatch.setattr(MiClaroApp, "PAYMENT_POLL_PAUSE", 30)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        pay_screen = await start_pse(pilot)
        await pilot.press("x")
        for _ in range(40):
            await pilot.pause(0.05)
            if app.screen.flow.state.payment.is_final:
                break
        assert app.screen.flow.state.payment.status == "canceled"
        assert "Cancelled" in text_of(app, "#pse-state")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is pay_screen and pay_screen.payment is None
        assert "Nothing was charged" in text_of(app, "#pay-message")


# --- pay elsewhere --------------------------------------------------------------------------


async def test_cash_reference_shown_and_copied(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        detail = await open_bill(pilot)
        reference = detail.bill.paymentReference
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PaymentReferenceScreen) and screen.method == "cash"
        assert screen.query_one("#cash-code").value == reference.cashCode
        assert "█" in text_of(app, "#qr")
        await pilot.press("c")
        assert app.clipboard == reference.cashCode
        await pilot.press("b")
        assert app.clipboard == reference.barcode


async def test_brazil_pix_and_boleto(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        detail = await open_bill(pilot, user="joao", password="joao2026")
        reference = detail.bill.paymentReference
        assert reference.pixCode and len(reference.barcode) == 48
        await pilot.press("c")
        await pilot.pause()
        assert app.screen.method == "pix"
        assert reference.pixCode in text_of(app, "#pix-code")
        await pilot.press("c")
        assert app.clipboard == reference.pixCode
        await pilot.press("escape", "p")
        await settle(pilot)
        pay = app.screen
        assert isinstance(pay, PaymentScreen)
        pay.query_one("#method", Select).value = "boleto"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PaymentReferenceScreen) and app.screen.method == "boleto"
        assert text_of(app, "#typed-line").replace(" ", "").replace("-", "") == reference.barcode
        await pilot.press("c")
        assert app.clipboard == reference.barcode


# --- report, promise, warning -----------------------------------------------------------------


async def test_report_a_payment_made_elsewhere(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        detail = await open_bill(pilot, downs=0)  # the pending bill
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ReportPaymentDialog)
        dialog.query_one("#report-channel", Input).value = ""
        await pilot.click("#dialog-send")
        await pilot.pause()
        assert "Where you paid" in str(dialog.query_one(".dialog-message", Static).content)
        dialog.query_one("#report-channel", Input).value = "Bancolombia app"
        dialog.query_one("#report-reference", Input).value = "TRX-99812"
        dialog.query_one("#report-reference", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is detail, dialog.query_one(".dialog-message", Static).content
        assert detail.bill.paymentReport is not None
        notes = text_of(app, "#bill-notes")
        assert "Payment reported" in notes and "3 business days" in notes


async def test_promise_to_pay_and_its_rules(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        detail = await open_bill(pilot, downs=0)  # pending, not overdue: no promise
        await pilot.press("m")
        await pilot.pause()
        assert not isinstance(app.screen, PromiseDialog)
        assert "only for an overdue" in text_of(app, "#detail-message")
        await pilot.press("escape")
        await pilot.press("down", "enter")
        await settle(pilot)
        detail = app.screen
        bill = detail.bill
        await pilot.press("m")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PromiseDialog)
        date_input = dialog.query_one("#promise-date", Input)
        date_input.value = (TODAY + timedelta(days=400)).isoformat()  # past the carrier's limit
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog and date_input.has_class("-invalid-field")
        assert "Pay by:" in str(dialog.query_one(".dialog-message", Static).content)
        date_input.value = (TODAY + timedelta(days=5)).isoformat()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is detail and detail.bill.paymentPromise is not None
        assert "Promise to pay" in text_of(app, "#bill-notes")
        await pilot.press("m")  # once per bill
        await pilot.pause()
        assert "already has a promise" in text_of(app, "#detail-message")
        # The server says so too (409) when the screen's copy of the bill is stale.
        app.push_screen(PromiseDialog(bill, TODAY, "x"))
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert "cannot take a promise" in str(
            app.screen.query_one(".dialog-message", Static).content
        )


async def test_paying_a_settled_bill_asks_first(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_bill(pilot, downs=3)  # a paid bill
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmPayDialog)
        assert "already paid" in text_of(app, "#confirm-text")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, InvoiceDetailScreen)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, PaymentScreen)


# --- start-up reconciliation ------------------------------------------------------------------


async def test_startup_reconciles_the_journal(make_app, sandbox_db, tmp_path):
    import httpx
    from pydantic import SecretStr

    from miclaro_tui.client import BillingClient
    from miclaro_tui.journal import Journal, digest_of
    from miclaro_tui.models import (
        CardCreate,
        CardPayment,
        Money,
        PaymentCreate,
        PaymentItem,
        Ref,
    )
    from miclaro_tui.sandbox.app import create_app

    # An earlier run: the payment reached the server, the answer was lost, the journal says
    # "pending" (as if the app died before it could settle it).
    earlier = BillingClient(
        "http://127.0.0.1", transport=httpx.ASGITransport(app=create_app(sandbox_db, TODAY))
    )
    await earlier.sign_in("camila", SecretStr("camila2026"))
    account = (await earlier.list_billing_accounts())[0]
    bill = next(b for b in (await earlier.list_bills(account.id)).items if b.is_unpaid)
    token = await earlier.tokenize_card(
        CardCreate(
            nameOnCard="Camila Rojas", cardNumber=APPROVED, expirationDate="12/2028", cvv="123"
        )
    )
    amount = Money(unit=bill.remainingAmount.unit, value=bill.remainingAmount.value)
    payment = PaymentCreate(
        correlatorId="c0ffee00c0ffee00c0ffee00c0ffee00",
        account=Ref(id=account.id),
        amount=amount,
        paymentItem=[PaymentItem(item=Ref(id=bill.id), amount=amount)],
        paymentMethod=CardPayment(id=token.id),
    )
    journal = Journal(tmp_path / "journal.log")
    journal.begin(payment.correlatorId, "payment", digest_of(payment), owner="camila")
    await earlier.pay(payment)
    await earlier.aclose()
    assert len(journal.unresolved()) == 1

    client = BillingClient(
        "http://127.0.0.1",
        transport=httpx.ASGITransport(app=create_app(sandbox_db, TODAY)),
        is_sandbox=True,
        journal=journal,
    )
    app = make_app(api=client)
    notices = record_notices(app)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await sign_in(pilot)
        await settle(pilot)
        assert journal.unresolved() == []
        assert journal.get(payment.correlatorId).state == "done"
        assert any(
            title == "Earlier payment" and "approved" in message for title, message in notices
        ), notices


async def test_startup_follows_a_pending_payment_to_its_outcome(make_app, sandbox_db, tmp_path):
    """An earlier run left a payment pending (the bank had not answered); one sign-in follows
    it to approved, and the bill is paid."""
    import httpx
    from pydantic import SecretStr

    from miclaro_tui.client import BillingClient
    from miclaro_tui.journal import Journal
    from miclaro_tui.models import CardCreate, CardPayment, Money, PaymentCreate, PaymentItem, Ref
    from miclaro_tui.sandbox.app import create_app

    journal = Journal(tmp_path / "journal.log")
    earlier = BillingClient(
        "http://127.0.0.1",
        transport=httpx.ASGITransport(app=create_app(sandbox_db, TODAY)),
        journal=journal,
    )
    await earlier.sign_in("camila", SecretStr("camila2026"))
    account = (await earlier.list_billing_accounts())[0]
    bill = next(b for b in (await earlier.list_bills(account.id)).items if b.is_unpaid)
    token = await earlier.tokenize_card(
        CardCreate(
            nameOnCard="Camila Rojas",
            cardNumber=PENDING_THEN_APPROVED,
            expirationDate="12/2028",
            cvv="123",
        )
    )
    amount = bill.remainingAmount
    pending = await earlier.pay(
        PaymentCreate(
            correlatorId="0077pending0077pending",
            account=Ref(id=account.id),
            amount=amount,
            paymentItem=[
                PaymentItem(
                    item=Ref(id=bill.id), amount=Money(unit=amount.unit, value=amount.value)
                )
            ],
            paymentMethod=CardPayment(id=token.id),
        )
    )
    await earlier.aclose()
    assert pending.status == "pendingAuthorization"
    assert [e.key for e in journal.unresolved()] == ["0077pending0077pending"]

    client = BillingClient(
        "http://127.0.0.1",
        transport=httpx.ASGITransport(app=create_app(sandbox_db, TODAY)),
        is_sandbox=True,
        journal=journal,
    )
    app = make_app(api=client)
    notices = record_notices(app)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await sign_in(pilot)
        await settle(pilot)
        assert journal.unresolved() == []
        assert [m for t, m in notices if t == "Earlier payment"] == [
            f"Payment {(await client.get_payment(pending.id)).receiptNo} of "
            f"{app.screen.money(amount)}: approved."
        ]
        assert (await client.get_bill(bill.id)).state == "settled"


async def test_ctrl_q_asks_while_a_payment_is_unsettled(make_app):
    from miclaro_tui.flows.payment import FlowState, Phase
    from miclaro_tui.screens.quit_dialog import QuitDialog

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        flow = app.new_payment_flow()
        flow.state = FlowState(phase=Phase.UNKNOWN, key="key-unsettled")
        app.payment_flows.add(flow)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitDialog)
        assert "next time you sign in" in text_of(app, "#quit-text")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, QuitDialog) and app.return_code is None
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.return_code == 0


async def test_ctrl_q_quits_at_once_when_every_payment_is_settled(make_app):
    from miclaro_tui.flows.payment import FlowState, Phase

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        flow = app.new_payment_flow()
        flow.state = FlowState(phase=Phase.APPROVED, key="key-settled")
        app.payment_flows.add(flow)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0


async def test_an_amount_in_colombian_notation_pays_that_amount(make_app):
    """Defect: "150.000" in Colombia was read as 150,00 (a partial payment of 150 pesos)."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_payment(pilot)
        amount = screen.query_one("#amount", Input)
        amount.focus()
        amount.value = ""
        await pilot.press(*"150.000")
        await pilot.pause()
        assert "You will pay $150.000,00 (partial payment)" in text_of(app, "#amount-hint")
        await fill_card(pilot, APPROVED)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.payment is not None
        assert screen.payment.amount.value == Decimal("150000")
        amount.value = "150,000"  # ambiguous in Colombia: refused with an example
        await pilot.pause()
        assert "150.000" in text_of(app, "#amount-hint")
