"""A payment receipt as a PDF (fpdf2), on the receipt page (``receipt_pdf``): carrier header,
receipt number, date and time in the account country's zone, customer, bills paid, how it was
paid (masked), amount and the authorization code; and the receipt of a void.
"""

from __future__ import annotations

from miclaro_tui.countries import country
from miclaro_tui.models import Payment, PaymentItem
from miclaro_tui.sandbox.documents import ReceiptDocument
from miclaro_tui.sandbox.pdf import RED
from miclaro_tui.sandbox.receipt_pdf import ReceiptPdf, cp1252, labels_for, moment, money
from miclaro_tui.sandbox.refunds import RefundDocument

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


def render_receipt(document: ReceiptDocument) -> bytes:
    payment = document.payment
    profile = country(document.country)
    labels = labels_for(LABELS, profile)
    pdf = ReceiptPdf(payment.statusDate)
    pdf.heading(labels["title"], labels["sandbox"])
    pdf.rule()

    pdf.pair(labels["receipt"], payment.receiptNo or "", bold=True)
    pdf.pair(labels["date"], moment(payment.statusDate, document.country))
    pdf.pair(labels["payment"], payment.id)
    pdf.pair(labels["holder"], document.holder, bold=True)
    pdf.pair(labels["document"], document.holder_document)
    pdf.pair(labels["account"], payment.account.id)
    pdf.rule()

    pdf.set_font("Helvetica", "B", 11)
    pdf.set_text_color(*RED)
    topup = any(item.itemType == "topupBalance" for item in payment.paymentItem)
    pdf.cell(0, 7, cp1252(labels["topups" if topup else "bills"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    for item in payment.paymentItem:
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(pdf.epw - 40, 6, cp1252(item_label(item, labels)))
        pdf.cell(
            40, 6, money(item.amount, profile.locale), align="R", new_x="LMARGIN", new_y="NEXT"
        )
    pdf.rule()

    pdf.pair(labels["method"], masked_method(payment))
    _cash_lines(pdf, payment, labels, profile.locale)
    pdf.pair(labels["authorization"], payment.authorizationCode or "", bold=True)
    pdf.total(labels["amount"], payment.amount, profile.locale)
    return bytes(pdf.output())


def _cash_lines(pdf: ReceiptPdf, payment: Payment, labels: dict[str, str], locale: str) -> None:
    """A payment point's cash: who took it, where, the cash handed over and the change."""
    if payment.operator is None:
        return
    pdf.pair(labels["operator"], payment.operator.name or payment.operator.id)
    pdf.pair(labels["terminal"], payment.terminalId or "")
    if payment.cashReceived is not None:
        pdf.pair(labels["cash"], money(payment.cashReceived, locale))
    if payment.change is not None:
        pdf.pair(labels["change"], money(payment.change, locale))


def render_refund_receipt(document: RefundDocument) -> bytes:
    """The receipt of a void: the payment it undoes, who voided and approved it, why, and
    that the bill is unpaid again."""
    refund, payment = document.refund, document.payment
    profile = country(document.country)
    labels = labels_for(LABELS, profile)
    pdf = ReceiptPdf(refund.refundDate)
    pdf.heading(labels["void_title"], labels["sandbox"])
    pdf.ln(2)
    pdf.pair(labels["receipt"], refund.receiptNo, bold=True)
    pdf.pair(labels["date"], moment(refund.refundDate, document.country))
    pdf.pair(labels["voided"], f"{payment.receiptNo or payment.id}")
    pdf.pair(labels["holder"], document.holder)
    pdf.pair(labels["document"], document.holder_document)
    pdf.pair(labels["account"], payment.account.id)
    for item in payment.paymentItem:
        label, _space, what = item_label(item, labels).rpartition(" ")
        pdf.pair(label, what)
    pdf.pair(labels["operator"], refund.operator.name or refund.operator.id)
    if refund.approvedBy is not None:
        pdf.pair(labels["approved"], refund.approvedBy.name or refund.approvedBy.id)
    pdf.pair(labels["terminal"], refund.terminalId or "")
    pdf.pair(labels["reason"], refund.reason)
    pdf.total(labels["returned"], refund.amount, profile.locale)
    pdf.set_font("Helvetica", "B", 10)
    pdf.multi_cell(0, 6, cp1252(labels["void_notice"]), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
