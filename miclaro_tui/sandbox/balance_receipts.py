"""The receipt of a prepaid balance movement (top-up, transfer, gift, advance, repayment) as
a PDF, on the receipt page of the payment receipt (``receipt_pdf``)."""

from __future__ import annotations

from miclaro_tui.countries import country
from miclaro_tui.models import BalanceAction
from miclaro_tui.sandbox.receipt_pdf import ReceiptPdf, labels_for, moment

LABELS = {
    "es": {
        "title": "Comprobante de saldo",
        "sandbox": "Comprobante de demostración del sandbox de miclaro-tui: no es real.",
        "receipt": "Comprobante",
        "date": "Fecha",
        "line": "Línea",
        "what": "Movimiento",
        "counterparty": "Otra línea",
        "payment": "Pago",
        "amount": "Valor",
        "topup": "Recarga",
        "transferOut": "Transferencia enviada",
        "transferIn": "Transferencia recibida",
        "packGift": "Paquete regalado",
        "packReceived": "Paquete recibido",
        "advance": "Préstamo de saldo",
        "advanceRepayment": "Pago del préstamo de saldo",
    },
    "pt": {
        "title": "Comprovante de saldo",
        "sandbox": "Comprovante de demonstração do sandbox do miclaro-tui: não é real.",
        "receipt": "Comprovante",
        "date": "Data",
        "line": "Linha",
        "what": "Movimento",
        "counterparty": "Outra linha",
        "payment": "Pagamento",
        "amount": "Valor",
        "topup": "Recarga",
        "transferOut": "Transferência enviada",
        "transferIn": "Transferência recebida",
        "packGift": "Pacote presenteado",
        "packReceived": "Pacote recebido",
        "advance": "Adiantamento de saldo",
        "advanceRepayment": "Pagamento do adiantamento",
    },
}


def render_balance_receipt(action: BalanceAction, country_code: str) -> bytes:
    profile = country(country_code)
    labels = labels_for(LABELS, profile)
    pdf = ReceiptPdf(action.date)
    pdf.heading(labels["title"], labels["sandbox"])
    pdf.ln(3)
    pdf.pair(labels["receipt"], action.receiptNo or action.id, bold=True)
    pdf.pair(labels["date"], moment(action.date, country_code))
    pdf.pair(labels["line"], action.product.name or action.product.id)
    pdf.pair(labels["what"], labels[action.actionType], bold=True)
    if action.counterparty:
        pdf.pair(labels["counterparty"], action.counterparty)
    if action.payment is not None:
        pdf.pair(labels["payment"], action.payment.id)
    pdf.total(labels["amount"], action.amount, profile.locale)
    return bytes(pdf.output())
