"""The bill as a PDF document."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from miclaro_tui.models import CustomerBill
from miclaro_tui.sandbox.pdf import format_day, format_money
from tests.sandbox.conftest import BILLS, assert_api_error


@pytest.mark.parametrize(
    ("username", "locale"), [("camila", "es_CO"), ("joao", "pt_BR"), ("lucia", "es_PE")]
)
async def test_bill_pdf_has_the_numbers_a_customer_needs(client, sign_in, username, locale):
    headers = await sign_in(username)
    listing = await client.get(BILLS, headers=headers, params={"limit": 1})
    bill = CustomerBill.model_validate(listing.json()[0])

    response = await client.get(bill.billDocument[0].href, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert f'filename="{bill.billNo}.pdf"' in response.headers["content-disposition"]
    assert response.content.startswith(b"%PDF")

    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Claro" in text
    assert bill.billNo in text
    assert format_money(bill.taxIncludedAmount, locale) in text
    assert format_day(bill.paymentDueDate) in text
    assert format_day(bill.cutOffDate) in text
    assert bill.paymentReference is not None
    assert bill.paymentReference.cashCode in text
    assert bill.paymentReference.barcode in text
    for tax in bill.taxItem:
        assert tax.taxCategory in text


async def test_pdf_of_a_missing_bill_is_a_json_404(client, sign_in):
    response = await client.get(f"{BILLS}/CB0000000000/document", headers=await sign_in())
    assert response.headers["content-type"] == "application/json"
    assert_api_error(response, 404, "notFound")
