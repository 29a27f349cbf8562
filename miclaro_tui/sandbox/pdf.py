"""A bill as a PDF (fpdf2): carrier header, customer, items grouped, taxes, total, dates, the
payments applied to it and what is left, and the payment reference as digits and as an
Interleaved 2 of 5 barcode.

fpdf2's core fonts are Latin-1 only; every text goes through ``_latin1`` first.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from fpdf import FPDF

from miclaro_tui.countries import country
from miclaro_tui.models import Money
from miclaro_tui.sandbox.documents import BillDocument
from miclaro_tui.sandbox.references import barcode_digits

RED = (218, 41, 28)
GREY = (90, 90, 90)

LABELS = {
    "es": {
        "title": "Factura",
        "sandbox": "Documento de demostración del sandbox de miclaro-tui: no es una factura real.",
        "holder": "Titular",
        "document": "Documento",
        "account": "Cuenta",
        "lines": "Líneas",
        "bill_no": "Número de factura",
        "bill_date": "Fecha de emisión",
        "period": "Periodo facturado",
        "due": "Pagar antes de",
        "cut_off": "Fecha de suspensión",
        "recurringCharge": "Plan y cargos fijos",
        "usageCharge": "Consumos adicionales",
        "surcharge": "Recargos",
        "credit": "Descuentos",
        "tax": "Impuestos",
        "subtotal": "Subtotal",
        "tax_excluded": "Total antes de impuestos",
        "total": "Total a pagar",
        "reference": "Referencia de pago",
        "cash_code": "Código de pago",
        "barcode": "Código de barras",
        "to": "a",
        "more_lines": "y {count} más",
        "applied": "Pagos aplicados",
        "payment": "Pago {receipt}",
        "from_credit": "Saldo a favor del pago {receipt}",
        "remaining": "Saldo pendiente",
    },
    "pt": {
        "title": "Fatura",
        "sandbox": "Demonstração do sandbox do miclaro-tui: não é uma fatura real.",
        "holder": "Titular",
        "document": "Documento",
        "account": "Conta",
        "lines": "Linhas",
        "bill_no": "Número da fatura",
        "bill_date": "Data de emissão",
        "period": "Período faturado",
        "due": "Vencimento",
        "cut_off": "Data de suspensão",
        "recurringCharge": "Plano e mensalidades",
        "usageCharge": "Consumo adicional",
        "surcharge": "Encargos",
        "credit": "Descontos",
        "tax": "Impostos",
        "subtotal": "Subtotal",
        "tax_excluded": "Total sem impostos",
        "total": "Total a pagar",
        "reference": "Pagamento",
        "cash_code": "Código de pagamento",
        "barcode": "Linha digitável",
        "to": "a",
        "more_lines": "e mais {count}",
        "applied": "Pagamentos aplicados",
        "payment": "Pagamento {receipt}",
        "from_credit": "Crédito do pagamento {receipt}",
        "remaining": "Saldo em aberto",
    },
}

GROUP_ORDER = ("recurringCharge", "usageCharge", "surcharge", "credit", "tax")
MAX_LINES_SHOWN = 3  # a business account may have a thousand lines


def format_money(money: Money, locale: str) -> str:
    from miclaro_tui.money import format_money as on_screen

    return _latin1(on_screen(money, locale))


def format_day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _latin1(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return text.encode("latin-1", "replace").decode("latin-1")


class _BillPdf(FPDF):
    def __init__(self, issued: date) -> None:
        super().__init__(format="A4")
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=20)
        self.set_creation_date(datetime.combine(issued, time(6, 0), tzinfo=timezone.utc))
        self.set_creator("miclaro-tui sandbox")

    def text_line(
        self, text: str, size: float = 10, style: str = "", color: tuple[int, ...] = (0, 0, 0)
    ) -> None:
        self.set_font("Helvetica", style, size)
        self.set_text_color(*color)
        self.multi_cell(0, size * 0.5, _latin1(text), new_x="LMARGIN", new_y="NEXT")

    def pair(self, label: str, value: str, bold: bool = False) -> None:
        self.set_font("Helvetica", "", 10)
        self.set_text_color(*GREY)
        self.cell(55, 5.5, _latin1(label))
        self.set_font("Helvetica", "B" if bold else "", 10)
        self.set_text_color(0, 0, 0)
        self.cell(0, 5.5, _latin1(value), new_x="LMARGIN", new_y="NEXT")

    def amount_row(
        self, name: str, amount: str, detail: str | None = None, bold: bool = False
    ) -> None:
        self.set_font("Helvetica", "B" if bold else "", 10)
        self.set_text_color(0, 0, 0)
        width = self.epw - 45
        self.cell(width, 5, _latin1(name))
        self.cell(45, 5, _latin1(amount), align="R", new_x="LMARGIN", new_y="NEXT")
        if detail:
            self.set_font("Helvetica", "", 8)
            self.set_text_color(*GREY)
            self.cell(width, 3.5, _latin1(detail), new_x="LMARGIN", new_y="NEXT")

    def rule(self) -> None:
        self.set_draw_color(200, 200, 200)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(3)


def render_bill(document: BillDocument) -> bytes:
    bill, account = document.bill, document.account
    profile = country(account.country)
    labels = LABELS["pt" if profile.locale.startswith("pt") else "es"]
    pdf = _BillPdf(bill.billDate)
    pdf.add_page()

    def money(value: Money) -> str:
        return format_money(value, profile.locale)

    # Header: carrier, document title and number.
    pdf.set_font("Helvetica", "B", 24)
    pdf.set_text_color(*RED)
    pdf.cell(90, 12, "Claro")
    pdf.set_font("Helvetica", "B", 14)
    pdf.set_text_color(0, 0, 0)
    pdf.cell(
        0, 12, _latin1(f"{labels['title']} {bill.billNo}"), align="R", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.text_line(labels["sandbox"], size=8, color=GREY)
    pdf.rule()

    pdf.pair(labels["holder"], account.name, bold=True)
    pdf.pair(labels["document"], document.holder_document)
    pdf.pair(labels["account"], account.id)
    if account.lines:
        shown = account.lines[:MAX_LINES_SHOWN]
        numbers = ", ".join(f"{line.number} ({line.planName})" for line in shown)
        if len(account.lines) > len(shown):
            numbers += " " + labels["more_lines"].format(count=len(account.lines) - len(shown))
        pdf.pair(labels["lines"], numbers)
    pdf.pair(labels["bill_no"], bill.billNo)
    pdf.pair(labels["bill_date"], format_day(bill.billDate))
    period = bill.billingPeriod
    pdf.pair(
        labels["period"],
        f"{format_day(period.startDateTime)} {labels['to']} {format_day(period.endDateTime)}",
    )
    pdf.pair(labels["due"], format_day(bill.paymentDueDate), bold=True)
    pdf.pair(labels["cut_off"], format_day(bill.cutOffDate))
    pdf.ln(2)
    pdf.rule()

    for group in GROUP_ORDER:
        items = [rate for rate in document.rates if rate.type == group]
        if not items:
            continue
        pdf.text_line(labels[group], size=11, style="B", color=RED)
        subtotal = Money.zero(bill.amountDue.unit)
        for item in items:
            pdf.amount_row(item.name, money(item.taxExcludedAmount), item.description)
            subtotal = subtotal + item.taxExcludedAmount
        pdf.amount_row(labels["subtotal"], money(subtotal), bold=True)
        pdf.ln(1)
    pdf.rule()
    pdf.amount_row(labels["tax_excluded"], money(bill.taxExcludedAmount))
    for tax in bill.taxItem:
        pdf.amount_row(tax.taxCategory, money(tax.taxAmount))
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(pdf.epw - 60, 10, _latin1(labels["total"]))
    pdf.cell(60, 10, money(bill.taxIncludedAmount), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.pair(labels["due"], format_day(bill.paymentDueDate), bold=True)
    pdf.ln(2)
    pdf.rule()

    # What was paid is shown beside the bill, never as an item of it: the bill stays as issued.
    if bill.appliedPayment:
        pdf.text_line(labels["applied"], size=11, style="B", color=RED)
        for applied in bill.appliedPayment:
            receipt = applied.payment.name or applied.payment.id
            label = labels["from_credit" if applied.fromCredit else "payment"]
            pdf.amount_row(label.format(receipt=receipt), money(applied.appliedAmount))
        pdf.amount_row(labels["remaining"], money(bill.remainingAmount), bold=True)
        pdf.ln(1)
        pdf.rule()

    if bill.paymentReference is not None:
        reference = bill.paymentReference
        pdf.text_line(labels["reference"], size=11, style="B", color=RED)
        pdf.pair(labels["cash_code"], reference.cashCode, bold=True)
        pdf.pair(labels["barcode"], reference.barcode)
        bars = barcode_digits(reference.barcode)
        if pdf.get_y() > pdf.h - 40:
            pdf.add_page()
        # Interleaved 2 of 5 takes three widths of w per digit plus the start and stop codes.
        narrow_width = min(1.0, pdf.epw / (3 * len(bars) + 6))
        pdf.set_fill_color(0, 0, 0)
        pdf.interleaved2of5(bars, x=pdf.l_margin, y=pdf.get_y() + 2, w=narrow_width, h=15)
        pdf.set_y(pdf.get_y() + 19)
    return bytes(pdf.output())
