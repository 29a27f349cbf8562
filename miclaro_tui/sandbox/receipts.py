"""A payment receipt as a PDF (fpdf2), in the style of the bill (``pdf.py``): carrier header,
receipt number, date and time in the account country's zone, customer, bills paid, how it was
paid (masked), amount and the authorization code.

The core fonts are used with the windows-1252 encoding, which has the "•" of a masked card.
"""

from __future__ import annotations

from collections.abc import Callable

from fpdf import FPDF

from miclaro_tui.countries import country
from miclaro_tui.models import Money, Payment, PaymentItem
from miclaro_tui.sandbox.documents import ReceiptDocument
from miclaro_tui.sandbox.pdf import GREY, RED, format_day
from miclaro_tui.sandbox.refunds import RefundDocument
from miclaro_tui.sandbox.timezones import zone, zone_label

LABELS = {
    "es": {
        "title": "Comprobante de pago",
        "sandbox": "Comprobante de demostración del sandbox de miclaro-tui: no es un pago real.",
        "receipt": "Comprobante",
        "date": "Fecha",
        "holder": "Titular",
        "document": "Documento",
        "account": "Cuenta",
        "bills": "Facturas pagadas",
        "bill": "Factura",
        "topups": "Recarga",
        "line": "Recarga a la línea",
        "method": "Medio de pago",
        "amount": "Valor pagado",
        "authorization": "Código de autorización",
        "payment": "Pago",
        "operator": "Cajero",
        "terminal": "Terminal",
        "cash": "Efectivo recibido",
        "change": "Cambio",
        "void_title": "Anulación de pago",
        "voided": "Pago anulado",
        "void_notice": "Este pago fue anulado: la factura vuelve a quedar pendiente de pago.",
        "reason": "Motivo",
        "approved": "Autorizó",
        "returned": "Valor devuelto",
    },
    "pt": {
        "title": "Comprovante de pagamento",
        "sandbox": (
            "Comprovante de demonstração do sandbox do miclaro-tui: não é um pagamento real."
        ),
        "receipt": "Comprovante",
        "date": "Data",
        "holder": "Titular",
        "document": "Documento",
        "account": "Conta",
        "bills": "Faturas pagas",
        "bill": "Fatura",
        "topups": "Recarga",
        "line": "Recarga da linha",
        "method": "Forma de pagamento",
        "amount": "Valor pago",
        "authorization": "Código de autorização",
        "payment": "Pagamento",
        "operator": "Operador de caixa",
        "terminal": "Terminal",
        "cash": "Dinheiro recebido",
        "change": "Troco",
        "void_title": "Estorno de pagamento",
        "voided": "Pagamento estornado",
        "void_notice": "Este pagamento foi estornado: a fatura volta a ficar em aberto.",
        "reason": "Motivo",
        "approved": "Autorizou",
        "returned": "Valor devolvido",
    },
}


def masked_method(payment: Payment) -> str:
    """VISA •••• 1111, "PSE - Bancolombia", "Efecty": never more than the last four."""
    method = payment.paymentMethod
    if method.type == "tokenizedCard":
        brand = (method.brand or "card").upper()
        return f"{brand} •••• {method.lastFourDigits or '????'}"
    if method.type == "bankAccountTransfer":
        return " - ".join(part for part in (method.description, method.bankName) if part)
    return method.description or method.bankName or method.type


def item_label(item: PaymentItem, labels: dict[str, str]) -> str:
    """ "Factura FE-2026-11-0001", or the line a top-up credited: "Recarga a la línea +57…"."""
    kind = "line" if item.itemType == "topupBalance" else "bill"
    return f"{labels[kind]} {item.item.name or item.item.id}"


def _cp1252(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return text.encode("cp1252", "replace").decode("cp1252")


def _money(value: Money, locale: str) -> str:
    from babel.numbers import format_currency

    return _cp1252(format_currency(value.value, value.unit, locale=locale))


def render_receipt(document: ReceiptDocument) -> bytes:
    payment = document.payment
    profile = country(document.country)
    labels = LABELS["pt" if profile.locale.startswith("pt") else "es"]
    pdf = FPDF(format=(148, 210))  # A5
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_margins(12, 12, 12)
    pdf.set_creation_date(payment.statusDate)
    pdf.set_creator("miclaro-tui sandbox")
    pdf.add_page()

    def pair(label: str, value: str, bold: bool = False) -> None:
        pdf.set_font("Helvetica", "", 10)
        pdf.set_text_color(*GREY)
        pdf.cell(48, 6, _cp1252(label))
        pdf.set_font("Helvetica", "B" if bold else "", 10)
        pdf.set_text_color(0, 0, 0)
        pdf.multi_cell(0, 6, _cp1252(value), new_x="LMARGIN", new_y="NEXT")

    def rule() -> None:
        pdf.set_draw_color(200, 200, 200)
        pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
        pdf.ln(3)

    pdf.set_font("Helvetica", "B", 22)
    pdf.set_text_color(*RED)
    pdf.cell(40, 11, "Claro")
    pdf.set_font("Helvetica", "B", 13)
    pdf.set_text_color(0, 0, 0)
    pdf.cell(0, 11, _cp1252(labels["title"]), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 7)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 4, _cp1252(labels["sandbox"]), new_x="LMARGIN", new_y="NEXT")
    rule()

    # The moment in the account country's zone, whatever offset the payment was written in.
    paid_at = payment.statusDate.astimezone(zone(document.country))
    pair(labels["receipt"], payment.receiptNo or "", bold=True)
    pair(labels["date"], f"{format_day(paid_at.date())} {paid_at:%H:%M} {zone_label(paid_at)}")
    pair(labels["payment"], payment.id)
    pair(labels["holder"], document.holder, bold=True)
    pair(labels["document"], document.holder_document)
    pair(labels["account"], payment.account.id)
    rule()

    pdf.set_font("Helvetica", "B", 11)
    pdf.set_text_color(*RED)
    topup = any(item.itemType == "topupBalance" for item in payment.paymentItem)
    pdf.cell(0, 7, _cp1252(labels["topups" if topup else "bills"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    for item in payment.paymentItem:
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(pdf.epw - 40, 6, _cp1252(item_label(item, labels)))
        pdf.cell(
            40, 6, _money(item.amount, profile.locale), align="R", new_x="LMARGIN", new_y="NEXT"
        )
    rule()

    pair(labels["method"], masked_method(payment))
    _cash_lines(pair, payment, labels, profile.locale)
    pair(labels["authorization"], payment.authorizationCode or "", bold=True)
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(pdf.epw - 50, 10, _cp1252(labels["amount"]))
    pdf.cell(
        50, 10, _money(payment.amount, profile.locale), align="R", new_x="LMARGIN", new_y="NEXT"
    )
    return bytes(pdf.output())


def _cash_lines(
    pair: Callable[..., None], payment: Payment, labels: dict[str, str], locale: str
) -> None:
    """A payment point's cash: who took it, where, the cash handed over and the change."""
    if payment.operator is None:
        return
    pair(labels["operator"], payment.operator.name or payment.operator.id)
    pair(labels["terminal"], payment.terminalId or "")
    if payment.cashReceived is not None:
        pair(labels["cash"], _money(payment.cashReceived, locale))
    if payment.change is not None:
        pair(labels["change"], _money(payment.change, locale))


def render_refund_receipt(document: RefundDocument) -> bytes:
    """The receipt of a void: the payment it undoes, who voided and approved it, why, and
    that the bill is unpaid again."""
    refund, payment = document.refund, document.payment
    profile = country(document.country)
    labels = LABELS["pt" if profile.locale.startswith("pt") else "es"]
    pdf = FPDF(format=(148, 210))
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_margins(12, 12, 12)
    pdf.set_creation_date(refund.refundDate)
    pdf.set_creator("miclaro-tui sandbox")
    pdf.add_page()

    def pair(label: str, value: str, bold: bool = False) -> None:
        pdf.set_font("Helvetica", "", 10)
        pdf.set_text_color(*GREY)
        pdf.cell(48, 6, _cp1252(label))
        pdf.set_font("Helvetica", "B" if bold else "", 10)
        pdf.set_text_color(0, 0, 0)
        pdf.multi_cell(0, 6, _cp1252(value), new_x="LMARGIN", new_y="NEXT")

    pdf.set_font("Helvetica", "B", 22)
    pdf.set_text_color(*RED)
    pdf.cell(40, 11, "Claro")
    pdf.set_font("Helvetica", "B", 13)
    pdf.set_text_color(0, 0, 0)
    pdf.cell(0, 11, _cp1252(labels["void_title"]), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 7)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 4, _cp1252(labels["sandbox"]), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    voided_at = refund.refundDate.astimezone(zone(document.country))
    pair(labels["receipt"], refund.receiptNo, bold=True)
    pair(
        labels["date"], f"{format_day(voided_at.date())} {voided_at:%H:%M} {zone_label(voided_at)}"
    )
    pair(labels["voided"], f"{payment.receiptNo or payment.id}")
    pair(labels["holder"], document.holder)
    pair(labels["document"], document.holder_document)
    pair(labels["account"], payment.account.id)
    for item in payment.paymentItem:
        label, _space, what = item_label(item, labels).rpartition(" ")
        pair(label, what)
    pair(labels["operator"], refund.operator.name or refund.operator.id)
    if refund.approvedBy is not None:
        pair(labels["approved"], refund.approvedBy.name or refund.approvedBy.id)
    pair(labels["terminal"], refund.terminalId or "")
    pair(labels["reason"], refund.reason)
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(pdf.epw - 50, 10, _cp1252(labels["returned"]))
    pdf.cell(
        50, 10, _money(refund.amount, profile.locale), align="R", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", "B", 10)
    pdf.multi_cell(0, 6, _cp1252(labels["void_notice"]), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
