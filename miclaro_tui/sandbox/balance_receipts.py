"""The receipt of a prepaid balance movement (top-up, transfer, gift, advance, repayment) as
a PDF, in the style of the payment receipt (``receipts``)."""

from __future__ import annotations

from fpdf import FPDF

from miclaro_tui.countries import country
from miclaro_tui.models import BalanceAction
from miclaro_tui.sandbox.pdf import GREY, RED, format_day
from miclaro_tui.sandbox.receipts import _cp1252, _money
from miclaro_tui.sandbox.timezones import zone, zone_label

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
    labels = LABELS["pt" if profile.locale.startswith("pt") else "es"]
    pdf = FPDF(format=(148, 210))  # A5
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_margins(12, 12, 12)
    pdf.set_creation_date(action.date)
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
    pdf.cell(0, 11, _cp1252(labels["title"]), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 7)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 4, _cp1252(labels["sandbox"]), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    at = action.date.astimezone(zone(country_code))
    pair(labels["receipt"], action.receiptNo or action.id, bold=True)
    pair(labels["date"], f"{format_day(at.date())} {at:%H:%M} {zone_label(at)}")
    pair(labels["line"], action.product.name or action.product.id)
    pair(labels["what"], labels[action.actionType], bold=True)
    if action.counterparty:
        pair(labels["counterparty"], action.counterparty)
    if action.payment is not None:
        pair(labels["payment"], action.payment.id)
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(pdf.epw - 50, 10, _cp1252(labels["amount"]))
    pdf.cell(
        50, 10, _money(action.amount, profile.locale), align="R", new_x="LMARGIN", new_y="NEXT"
    )
    return bytes(pdf.output())
