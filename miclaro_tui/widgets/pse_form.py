"""The PSE pane of the payment screen (Colombia): the bank, the person type and the document
that the bank asks for, checked before the customer is sent to their bank."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select

from miclaro_tui.i18n import N_, _
from miclaro_tui.widgets.tone import mark_invalid

if TYPE_CHECKING:
    from miclaro_tui.models import Bank, BankTransferPayment

DOCUMENT_LABELS = {
    "CC": N_("Citizenship card (CC)"),
    "CE": N_("Foreigner ID (CE)"),
    "NIT": N_("Tax ID (NIT)"),
    "PA": N_("Passport"),
}


def valid_document(kind: str, number: str) -> bool:
    if kind == "NIT":
        from stdnum.co import nit

        return nit.is_valid(number)
    if kind == "CC":
        return number.isascii() and number.isdigit() and 6 <= len(number) <= 10
    return number.isascii() and number.isalnum() and 5 <= len(number) <= 15


class PseForm(Vertical):
    """Bank, person type, document type and number; ``validate()`` says what is wrong."""

    def __init__(self, documents: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.documents = tuple(documents) or ("CC",)

    def compose(self) -> ComposeResult:
        yield Label(_("Your bank"), classes="field-label")
        yield Select([], prompt=_("Loading banks…"), id="pse-bank")
        with Horizontal(classes="pse-row"):
            with Vertical(classes="pse-cell"):
                yield Label(_("Person type"), classes="field-label")
                yield Select(
                    [
                        (_("Natural person"), "natural"),
                        (_("Legal entity (jurídica)"), "juridica"),
                    ],
                    value="natural",
                    allow_blank=False,
                    id="pse-person",
                )
            with Vertical(classes="pse-cell"):
                yield Label(_("Document type"), classes="field-label")
                yield Select(
                    [(_(DOCUMENT_LABELS.get(d, d)), d) for d in self.documents],
                    value=self.documents[0],
                    allow_blank=False,
                    id="pse-doc-type",
                )
        yield Label(_("Document number"), classes="field-label")
        yield Input(id="pse-doc-number", max_length=20)

    def show_banks(self, banks: Sequence[Bank] | None) -> None:
        """The banks to choose from (None: they could not be loaded)."""
        select = self.query_one("#pse-bank", Select)
        select.set_options([(bank.name, bank.id) for bank in banks or ()])
        if banks is not None:
            select.prompt = _("Choose your bank")

    def validate(self) -> list[str]:
        """What is wrong, each naming its field; marks the document number if it is."""
        errors = []
        bank = self.query_one("#pse-bank", Select).value
        if not isinstance(bank, str):
            errors.append(_("Bank: choose your bank from the list."))
        doc_type = self.query_one("#pse-doc-type", Select).value
        number_input = self.query_one("#pse-doc-number", Input)
        good = valid_document(str(doc_type), number_input.value.strip())
        if not good:
            errors.append(_("Document number: check it; only digits for CC and NIT."))
        mark_invalid(number_input, not good)
        return errors

    def method(self) -> BankTransferPayment:
        """The payment method, from fields that passed ``validate()``."""
        from miclaro_tui.models import BankTransferPayment

        return BankTransferPayment(
            bank=str(self.query_one("#pse-bank", Select).value),
            personType=str(self.query_one("#pse-person", Select).value),
            documentType=str(self.query_one("#pse-doc-type", Select).value),
            documentNumber=self.query_one("#pse-doc-number", Input).value.strip(),
        )
