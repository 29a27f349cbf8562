"""The payment history, driven with the Pilot against the sandbox: the payments listed
(never a card number), a receipt downloaded, and why a payment has none."""

from __future__ import annotations

from pydantic import SecretStr
from textual.widgets import DataTable

from miclaro_tui import i18n
from miclaro_tui.api import PaymentDeclinedError
from miclaro_tui.app import MiClaroApp
from miclaro_tui.screens.payment_history import PaymentHistoryScreen
from miclaro_tui.state import UNPAID
from tests.tui.conftest import sandbox_client, sign_in
from tests.tui.test_home import pay_through_api
from tests.tui.test_pay import APPROVED, fill_card, open_payment, settle, text_of


async def test_history_says_why_a_payment_has_no_receipt(make_app, sandbox_db):
    other = sandbox_client(sandbox_db)
    await other.sign_in("camila", SecretStr("camila2026"))
    account = (await other.list_billing_accounts())[0]
    oldest, newest = await other.list_bills(account.id, state=UNPAID, sort="paymentDueDate")
    try:
        await pay_through_api(other, oldest, oldest.remainingAmount.value, last_four="0002")
    except PaymentDeclinedError:
        pass
    pending = await pay_through_api(other, newest, newest.remainingAmount.value, "0077")
    assert pending.status == "pendingAuthorization"
    await other.aclose()

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot)
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        history = app.screen
        assert isinstance(history, PaymentHistoryScreen)
        table = history.query_one("#payments", DataTable)
        for status, said in (
            ("denied", "fue rechazado: no se realizó"),
            ("pendingAuthorization", "aún se está autorizando"),
        ):
            row = next(i for i, p in enumerate(history.payments) if p.status == status)
            table.move_cursor(row=row)
            await pilot.press("d")
            await pilot.pause()
            assert said in text_of(app, "#history-message")


async def test_history_lists_payments_and_downloads_a_receipt(make_app, settings, monkeypatch):
    i18n.set_language("en")
    monkeypatch.setattr(MiClaroApp, "PAYMENT_POLL_PAUSE", 0.01)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_payment(pilot)
        await fill_card(pilot, APPROVED)
        await pilot.press("ctrl+s")
        await settle(pilot)
        receipt = screen.payment.receiptNo
        await pilot.press("escape", "escape", "escape")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        history = app.screen
        assert isinstance(history, PaymentHistoryScreen)
        table = history.query_one("#payments")
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        mine = [row for row in rows if row[4] == receipt]
        assert mine and mine[0][5] == "VISA •••• 1111" and "Paid" in mine[0][3]
        assert all(APPROVED not in " ".join(row) for row in rows)
        table.move_cursor(row=rows.index(mine[0]))
        await pilot.press("d")
        await settle(pilot)
        saved = settings.download_dir / f"claro-receipt-{receipt}.pdf"
        assert saved.read_bytes().startswith(b"%PDF-")
        assert str(saved) in text_of(app, "#history-message")
