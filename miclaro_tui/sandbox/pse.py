"""PSE (Pagos Seguros en Línea), Colombia's bank-debit network: its banks and how a sandbox
PSE payment moves.

A PSE payment starts ``pendingAuthorization`` with an ``authorizationUrl`` where the customer
would approve the debit at their bank. Each GET of the payment advances it; after the second
GET it is ``done``, or ``denied`` ("rejected by the bank") when the payer's document number
ends in 9.
"""

from __future__ import annotations

from miclaro_tui.models import Bank

AUTHORIZATION_BASE = "https://pse.sandbox.invalid/authorize"
POLLS_TO_FINISH = 2
REJECTED = "rejected by the bank"

# ACH Colombia codes of the banks.
BANKS: tuple[Bank, ...] = (
    Bank(id="1007", name="Bancolombia"),
    Bank(id="1001", name="Banco de Bogotá"),
    Bank(id="1051", name="Davivienda"),
    Bank(id="1013", name="BBVA Colombia"),
    Bank(id="1023", name="Banco de Occidente"),
    Bank(id="1002", name="Banco Popular"),
    Bank(id="1052", name="Banco AV Villas"),
    Bank(id="1019", name="Scotiabank Colpatria"),
    Bank(id="1032", name="Banco Caja Social"),
    Bank(id="1507", name="Nequi"),
)
BANKS_BY_ID = {bank.id: bank for bank in BANKS}


def authorization_url(payment_id: str) -> str:
    return f"{AUTHORIZATION_BASE}/{payment_id}"


def final_outcome(document_number: str) -> str:
    """What the bank will answer: done, or denied for a document ending in 9."""
    digits = "".join(ch for ch in document_number if ch.isdigit())
    return "denied" if digits.endswith("9") else "done"
