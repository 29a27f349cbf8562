"""A whole shift at the till, as an operator works it: sign in, open with a float counted by
denomination, three cash payments with change, a void, an X report, close with a shortfall."""

from __future__ import annotations

import json

from textual.widgets import DataTable, Input

from miclaro_tui.kiosk.audit import verify_log
from miclaro_tui.screens.kiosk.cash import CashScreen
from miclaro_tui.screens.kiosk.close_shift import CloseShiftScreen
from miclaro_tui.screens.kiosk.login import KioskLoginScreen
from miclaro_tui.screens.kiosk.open_shift import OpenShiftScreen
from miclaro_tui.screens.kiosk.printout import PrintoutScreen
from miclaro_tui.screens.kiosk.till import TillScreen
from miclaro_tui.screens.kiosk.void import VoidScreen
from tests.tui.conftest import until_no_work, until_screen
from tests.tui.kiosk_support import (  # noqa: F401  (fixtures)
    kiosk_settings,
    kiosk_sign_in,
    make_kiosk,
    open_shift_with,
    type_into,
)

CAMILA_LINE = "3001234567"


async def scan(pilot, digits: str) -> None:
    """A barcode scanner: the digits, then Enter, wherever the focus is on the till."""
    await pilot.press(*digits, "enter")
    await until_no_work(pilot)


async def take_cash(pilot, row: int, amount: str | None, cash: str) -> str:
    """Choose ``row`` of the customer table, take ``cash`` for ``amount`` (None: what is due);
    returns the receipt's text."""
    table = pilot.app.screen.query_one("#customer-items", DataTable)
    table.focus()
    table.move_cursor(row=row)
    await pilot.press("enter")
    await until_screen(pilot, CashScreen)
    if amount is not None:
        pilot.app.screen.query_one("#cash-amount", Input).value = ""
        await type_into(pilot, "#cash-amount", amount)
    await type_into(pilot, "#cash-received", cash)
    await pilot.press("enter")
    screen = await until_screen(pilot, PrintoutScreen)
    return screen.text


async def test_a_whole_shift(make_kiosk, kiosk_settings):  # noqa: F811
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await until_screen(pilot, KioskLoginScreen)
        await kiosk_sign_in(pilot)
        await until_screen(pilot, OpenShiftScreen)
        # Float: 2 x 50.000 + 10 x 5.000 + 20 x 1.000 = 170.000
        await open_shift_with(pilot, {1: 2, 4: 10, 6: 20})
        till = app.till
        assert till is not None and till.shift is not None
        assert till.shift.openingFloat.value == 170000

        # 1: Camila's oldest bill, in part: 100.000 paid with 100.000 + 20.000 given.
        await scan(pilot, CAMILA_LINE)
        assert "Cam***" in str(app.screen.query_one("#customer-name").render())
        receipt = await take_cash(pilot, 0, "100000", "120000")
        assert "$20.000,00" in receipt and "CAJA-1" in receipt and "cajero" in receipt
        await pilot.press("enter")
        await until_screen(pilot, TillScreen)
        assert app.till.customer is None  # cleared after the transaction
        assert app.screen.query_one("#customer-items", DataTable).row_count == 0

        # 2: the rest of that bill, found by its payment code typed by the scanner.
        await scan(pilot, "003703826538")
        receipt = await take_cash(pilot, 0, None, "100000")
        assert "$7.717,00" in receipt  # 92.283 due, 100.000 given
        await pilot.press("enter")
        await until_screen(pilot, TillScreen)

        # 3: the other bill, whole.
        await scan(pilot, CAMILA_LINE)
        receipt = await take_cash(pilot, 0, None, "200000")
        assert "$46.354,00" in receipt
        await pilot.press("enter")
        await until_screen(pilot, TillScreen)
        assert len(app.till.taken) == 3

        # A void of the last payment, with a reason.
        await pilot.press("f4")
        await until_screen(pilot, VoidScreen)
        await type_into(pilot, "#void-reason", "wrong bill")
        await pilot.press("ctrl+s")
        void = await until_screen(pilot, PrintoutScreen)
        assert "FE01086419" in " ".join(void.text.split())
        await pilot.press("enter")
        await until_screen(pilot, TillScreen)

        # The bill is unpaid again.
        await scan(pilot, CAMILA_LINE)
        bills = app.till.customer.bills
        assert [b.billNo for b in bills] == ["FE01086419"]
        await pilot.press("escape")

        # X report
        await pilot.press("f6")
        report = await until_screen(pilot, PrintoutScreen)
        assert "X" in report.text and "(3)" in report.text
        await pilot.press("enter")
        await until_screen(pilot, TillScreen)

        # Close with a shortfall: 362.283 expected, 362.000 counted.
        await pilot.press("f10")
        await until_screen(pilot, CloseShiftScreen)
        for index, count in {0: 3, 1: 1, 5: 6}.items():
            await type_into(pilot, f"#count-{index}", str(count))
        await pilot.press("ctrl+s")
        await until_no_work(pilot)
        assert isinstance(app.screen, CloseShiftScreen)  # asks again: a close cannot be undone
        await pilot.press("ctrl+s")
        z = await until_screen(pilot, PrintoutScreen)
        assert "$362.283,00" in z.text and "$362.000,00" in z.text and "-$283,00" in z.text
        assert "FALTANTE" in z.text
        await pilot.press("enter")
        login = await until_screen(pilot, KioskLoginScreen)
        assert "283" in str(login.query_one("#kiosk-login-message").render())
        assert app.till is None

    printed = app.printer.printed
    assert len(printed) == 6  # 3 receipts, the void's, the X and the Z reports
    assert "ANULACI" in printed[3] and "INFORME Z" in printed[5]
    saved = sorted(p.name for p in (kiosk_settings.download_dir / "kiosk").iterdir())
    assert len(saved) == 4 and all(name.endswith(".pdf") for name in saved)
    actions = [
        json.loads(line)["action"] for line in kiosk_settings.audit_log.read_text().splitlines()
    ]
    assert actions == [
        "signIn",
        "openShift",
        "lookup",
        "payment",
        "lookup",
        "payment",
        "lookup",
        "payment",
        "void",
        "lookup",
        "report",
        "close",
        "report",
        "signOut",
    ]
    assert verify_log(kiosk_settings.audit_log).ok
