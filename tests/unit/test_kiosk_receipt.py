"""Receipts and X/Z reports as 40-column text, and sending them to a printer."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from miclaro_tui.kiosk.printer import CommandPrinter, EscposPrinter, PrinterError, make_printer
from miclaro_tui.kiosk.receipt import WIDTH, Receipt, render_receipt, render_report
from miclaro_tui.models import DenominationCount, KioskShift, Money, Ref, ShiftReport


def cop(value) -> Money:
    return Money(unit="COP", value=Decimal(value))


PAID = Receipt(
    number="R-000123",
    when=datetime(2026, 11, 25, 15, 30, tzinfo=UTC),
    country="CO",
    operator="cajero",
    terminal="CAJA-1",
    customer="Cam*** Tor***",
    item_kind="bill",
    item="FV-2026-0001",
    amount=cop(95900),
    cash=cop(100000),
    change=cop(4100),
)


def test_a_payment_receipt_has_everything_in_40_columns():
    text = render_receipt(PAID)
    assert all(len(line) <= WIDTH for line in text.splitlines())
    for expected in (
        "R-000123",
        "25/11/2026 10:30",  # Bogotá time
        "cajero",
        "CAJA-1",
        "Cam*** Tor***",
        "FV-2026-0001",
        "$95.900,00",
        "$100.000,00",
        "$4.100,00",
    ):
        assert expected in text
    assert "COPIA" not in text  # Spanish is the default language
    assert "\xa0" not in text


def test_a_reprint_says_copy_at_the_top_and_the_bottom():
    lines = render_receipt(PAID, copy=True).splitlines()
    assert "COPIA" in lines[0] and "COPIA" in lines[-1]


def test_a_void_receipt_says_the_bill_is_unpaid_again():
    void = Receipt(
        number="V-000004",
        when=PAID.when,
        country="CO",
        operator="cajero",
        terminal="CAJA-1",
        customer="Cam*** Tor***",
        item_kind="bill",
        item="FV-2026-0001",
        amount=cop(95900),
        void_of="R-000123",
        reason="wrong bill",
        approved_by="supervisora",
    )
    text = render_receipt(void)
    flat = " ".join(text.split())
    assert "ANULACI" in text and "R-000123" in text and "supervisora" in text
    assert "FV-2026-0001" in flat and "sin pagar" in flat
    assert all(len(line) <= WIDTH for line in text.splitlines())


def test_a_long_value_goes_under_its_label():
    long = Receipt(**{**PAID.__dict__, "customer": "X" * 38})
    lines = render_receipt(long).splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("Cliente"))
    assert lines[index + 1] == " " + "X" * 38 + " " or lines[index + 1].endswith("X" * 38)


def shift(**changes) -> KioskShift:
    values = dict(
        id="SH-1",
        operator=Ref(id="cajero"),
        terminalId="CAJA-1",
        state="open",
        openedAt=datetime(2026, 11, 25, 13, 0, tzinfo=UTC),
        country="CO",
        currency="COP",
        openingFloat=cop(200000),
    )
    values.update(changes)
    return KioskShift(**values)


def report(kind: str, **changes) -> ShiftReport:
    values = dict(
        shift=shift(),
        kind=kind,
        generatedAt=datetime(2026, 11, 25, 17, 0, tzinfo=UTC),
        lines=[
            {"operation": "billPayment", "count": 3, "amount": cop(250000)},
            {"operation": "void", "count": 1, "amount": cop(50000)},
        ],
        cashIn=cop(300000),
        changeGiven=cop(50000),
        voided=cop(50000),
        expectedCash=cop(400000),
    )
    values.update(changes)
    return ShiftReport(**values)


def test_an_x_report():
    text = render_report(report("X"))
    assert "INFORME X" in text
    assert "$250.000,00" in text and "$400.000,00" in text and "(3)" in text
    assert all(len(line) <= WIDTH for line in text.splitlines())


def test_a_z_report_shows_the_count_and_the_shortfall():
    z = report(
        "Z",
        shift=shift(state="closed", closedAt=datetime(2026, 11, 25, 22, 0, tzinfo=UTC)),
        countedCash=cop(398000),
        difference=cop(-2000),
        count=[
            DenominationCount(value=Decimal(100000), count=3),
            DenominationCount(value=Decimal(2000), count=49),
        ],
    )
    text = render_report(z)
    assert "INFORME Z" in text and "FALTANTE" in text and "-$2.000,00" in text
    assert "49 x $2.000,00" in text and "17:00" in text
    assert all(len(line) <= WIDTH for line in text.splitlines())


# --- printers ------------------------------------------------------------------------------


def test_a_command_printer_gets_the_text_on_stdin():
    seen = {}

    def run(argv, **options):
        seen.update(argv=argv, **options)
        return subprocess.CompletedProcess(argv, 0, b"", b"")

    CommandPrinter("lp -d 'Caja 1'", run=run).print_text("hola ñ\n")
    assert seen["argv"] == ["lp", "-d", "Caja 1"]
    assert seen["input"] == "hola ñ\n".encode()


def test_a_real_command_that_fails_or_is_missing_says_why(tmp_path):
    out = tmp_path / "printed.txt"
    CommandPrinter(f"tee {out}").print_text("R-1\n")
    assert out.read_text() == "R-1\n"
    with pytest.raises(PrinterError, match="lp-missing-here"):
        CommandPrinter("lp-missing-here -d X").print_text("x")
    with pytest.raises(PrinterError, match="no such printer"):
        CommandPrinter("sh -c 'echo no such printer >&2; exit 1'").print_text("x")


def test_an_escpos_printer_prints_and_cuts():
    class Device:
        def __init__(self):
            self.calls = []

        def text(self, text):
            self.calls.append(("text", text))

        def cut(self):
            self.calls.append(("cut",))

        def close(self):
            self.calls.append(("close",))

    device = Device()
    EscposPrinter("network:10.0.0.5", connect=lambda spec: device).print_text("R-1\n")
    assert device.calls == [("text", "R-1\n"), ("cut",), ("close",)]

    def broken(spec):
        raise OSError("no route to host")

    with pytest.raises(PrinterError, match="no route"):
        EscposPrinter("network:10.0.0.5", connect=broken).print_text("x")


def test_which_printer_the_settings_name():
    assert make_printer("", "") is None
    assert isinstance(make_printer("lp -d X", ""), CommandPrinter)
    assert isinstance(make_printer("lp -d X", "usb:04b8:0202"), EscposPrinter)
