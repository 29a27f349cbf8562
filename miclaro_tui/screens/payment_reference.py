"""Pay elsewhere: the bill's payment code shown large, the barcode digits (for Brazil the
48-digit typed line) and the PIX copy-and-paste code, each copyable, and a QR code."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Digits, Footer, Header, Label, Static

from miclaro_tui.i18n import N_, _
from miclaro_tui.models import CustomerBill
from miclaro_tui.screens.base import BACK, BaseScreen
from miclaro_tui.widgets.tone import toned


def typed_line(digits: str) -> str:
    """The 48-digit linha digitável in its four printed blocks: "84670000001-2 ..."."""
    if len(digits) != 48:
        return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    return " ".join(f"{digits[i : i + 11]}-{digits[i + 11]}" for i in range(0, 48, 12))


class PaymentReferenceScreen(BaseScreen):
    BINDINGS = [
        BACK,
        Binding("c", "copy", N_("Copy code"), id="copy"),
        Binding("b", "copy_barcode", N_("Copy barcode digits"), id="copy-barcode"),
    ]

    def __init__(self, bill: CustomerBill, method: str = "cash") -> None:
        super().__init__()
        self.bill = bill
        reference = bill.paymentReference
        if method == "pix" and (reference is None or not reference.pixCode):
            method = "boleto" if reference and len(reference.barcode) == 48 else "cash"
        self.method = method

    @property
    def code(self) -> str:
        """What `c` copies and the QR code holds."""
        reference = self.bill.paymentReference
        if reference is None:
            return ""
        if self.method == "pix" and reference.pixCode:
            return reference.pixCode
        if self.method == "boleto":
            return reference.barcode
        return reference.cashCode

    @property
    def qr_data(self) -> str:
        """What the QR code holds: the PIX code, or the barcode digits a cashier scans."""
        reference = self.bill.paymentReference
        if reference is None:
            return ""
        if self.method == "pix" and reference.pixCode:
            return reference.pixCode
        return reference.barcode

    def compose(self) -> ComposeResult:
        bill = self.bill
        reference = bill.paymentReference
        yield Header()
        with VerticalScroll(id="reference"):
            yield Static(
                Text.assemble(
                    (_("Invoice {number}").format(number=bill.billNo), "bold"),
                    "  ·  ",
                    _("To pay: {amount}").format(amount=self.money(bill.remainingAmount)),
                    "  ·  ",
                    _("Due {date}").format(date=self.day(bill.paymentDueDate)),
                ),
                id="reference-title",
            )
            if reference is None:
                yield Static(
                    toned(
                        _(
                            "This invoice has no payment reference. Pay it with a card or ask "
                            "at a Claro centre."
                        ),
                        "error",
                    ),
                    id="reference-missing",
                )
            else:
                yield from self._reference_body()
        yield Footer()

    def _reference_body(self) -> ComposeResult:
        reference = self.bill.paymentReference
        assert reference is not None
        if self.method == "pix" and reference.pixCode:
            yield Label(_("PIX copy and paste (press c to copy)"), classes="section-title")
            yield Static(reference.pixCode, id="pix-code", classes="code-text")
        elif self.method == "boleto":
            yield Label(
                _("Typed line / linha digitável (press c to copy)"), classes="section-title"
            )
            yield Static(
                Text(typed_line(reference.barcode), style="bold"),
                id="typed-line",
                classes="code-text",
            )
        else:
            yield Label(_("Payment code (press c to copy)"), classes="section-title")
            if reference.cashCode.isdigit():
                yield Digits(reference.cashCode, id="cash-code")
            else:
                yield Static(Text(reference.cashCode, style="bold"), id="cash-code")
        if self.method != "boleto":
            yield Label(_("Barcode digits (press b to copy)"), classes="field-label")
            yield Static(typed_line(reference.barcode), id="barcode-digits", classes="code-text")
        yield Label(_("Scan with your phone:"), classes="field-label")
        from miclaro_tui.widgets.qr import qr_text

        yield Static(qr_text(self.qr_data), id="qr")
        yield Static(
            _("Keep the receipt they give you: the payment can take a little while to show here."),
            id="reference-note",
        )

    def action_copy(self) -> None:
        if self.code:
            self.app.copy_to_clipboard(self.code)
            self.notify(_("Code copied: {code}").format(code=self._short(self.code)))

    def action_copy_barcode(self) -> None:
        reference = self.bill.paymentReference
        if reference is not None:
            self.app.copy_to_clipboard(reference.barcode)
            self.notify(_("Barcode digits copied."))

    @staticmethod
    def _short(code: str) -> str:
        return code if len(code) <= 24 else code[:20] + "…"
