"""Issued bills never change: payments and the credit of overpayments are applied to bills
(TMF678 appliedPayment), oldest due first, and money is neither made nor lost."""

from __future__ import annotations

import io
import sqlite3
from contextlib import closing
from decimal import Decimal

import pytest
from pypdf import PdfReader

from miclaro_tui.sandbox import ledger
from tests.sandbox.conftest import BILLS
from tests.sandbox.payment_helpers import (
    account_of,
    balance,
    bill,
    card_method,
    pay,
    payment_body,
    postpaid,
    tokenize,
    value,
)

# What an issued bill is: none of it may change after issue.
ISSUED_FIELDS = (
    "billNo",
    "billDate",
    "billingPeriod",
    "paymentDueDate",
    "cutOffDate",
    "amountDue",
    "taxExcludedAmount",
    "taxIncludedAmount",
    "taxItem",
)


@pytest.fixture
async def camila(client, sign_in):
    headers = await sign_in("camila")
    account, bills = await postpaid(client, headers)
    token = await tokenize(client, headers)

    async def pay_bills(*pays) -> dict:
        response = await pay(client, headers, payment_body(account, list(pays), card_method(token)))
        assert response.status_code == 201, response.text
        assert response.json()["status"] == "done"
        return response.json()

    return headers, account, bills, pay_bills


def issued_rows(path) -> dict[str, list[tuple]]:
    """The database's rows of what was issued: items, their taxes, the bills' taxes, and the
    bills without what payments move (remaining amount, state, last update)."""
    with closing(sqlite3.connect(path)) as conn:
        return {
            "bill": conn.execute(
                "SELECT id, bill_no, bill_date, period_start, period_end, payment_due_date,"
                " cut_off_date, currency, amount_due, tax_excluded_amount, tax_included_amount,"
                " cash_code, barcode, pix_code FROM bill ORDER BY id"
            ).fetchall(),
            "bill_tax": conn.execute("SELECT * FROM bill_tax ORDER BY 1, 2").fetchall(),
            "bill_rate": conn.execute("SELECT * FROM bill_rate ORDER BY id").fetchall(),
            "bill_rate_tax": conn.execute("SELECT * FROM bill_rate_tax ORDER BY 1, 2").fetchall(),
        }


async def documents(client, headers, bills: list[dict]) -> dict[str, tuple[bytes, dict]]:
    """Per bill: its items exactly as served, and its issued fields."""
    served = {}
    for one in bills:
        items = await client.get(
            "/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate",
            headers=headers,
            params={"bill.id": one["id"]},
        )
        detail = await bill(client, headers, one["id"])
        served[one["id"]] = (items.content, {field: detail[field] for field in ISSUED_FIELDS})
    return served


async def test_paying_a_settled_bill_again_changes_no_issued_bill(client, camila, sandbox_db):
    headers, account, bills, pay_bills = camila
    newest, overdue, settled = bills[0], bills[1], bills[2]
    before_rows = issued_rows(sandbox_db)
    before = await documents(client, headers, bills)

    again = await pay_bills((settled, value(settled["amountDue"])))

    assert issued_rows(sandbox_db) == before_rows
    assert await documents(client, headers, bills) == before
    # The excess went to the oldest open bill, as credit of this payment; nothing is left.
    after = await bill(client, headers, overdue["id"])
    credit = value(settled["amountDue"])
    assert after["state"] == "partiallyPaid"
    assert value(after["remainingAmount"]) == value(overdue["amountDue"]) - credit
    assert [
        (a["payment"]["id"], a["payment"]["name"], value(a["appliedAmount"]), a["fromCredit"])
        for a in after["appliedPayment"]
    ] == [(again["id"], again["receiptNo"], credit, True)]
    assert (await bill(client, headers, settled["id"]))["appliedPayment"] == (
        settled["appliedPayment"]
    )
    assert (await bill(client, headers, newest["id"]))["appliedPayment"] == []
    account_after = await account_of(client, headers, account["id"])
    assert balance(account_after, "creditBalance") == 0
    assert balance(account_after, "amountDue") == (
        value(after["remainingAmount"]) + value(newest["remainingAmount"])
    )


async def test_credit_pays_open_bills_oldest_due_first_and_the_rest_stays(client, camila):
    headers, account, bills, pay_bills = camila
    newest, overdue, settled = bills[0], bills[1], bills[2]
    owed = value(newest["remainingAmount"]) + value(overdue["remainingAmount"])
    again = await pay_bills((settled, owed + 1000))

    for one in (overdue, newest):
        after = await bill(client, headers, one["id"])
        assert after["state"] == "settled" and value(after["remainingAmount"]) == 0
        (applied,) = after["appliedPayment"]
        assert applied["fromCredit"] and applied["payment"]["id"] == again["id"]
        assert value(applied["appliedAmount"]) == value(one["amountDue"])
    account_after = await account_of(client, headers, account["id"])
    assert balance(account_after, "creditBalance") == 1000
    assert account_after["paymentStatus"] == "upToDate"
    assert "nextPaymentDueDate" not in account_after


async def test_a_payment_pays_its_own_bills_before_its_excess_becomes_credit(client, camila):
    headers, account, bills, pay_bills = camila
    newest, overdue, settled = bills[0], bills[1], bills[2]
    both = await pay_bills((settled, 50000), (newest, value(newest["remainingAmount"])))

    paid = await bill(client, headers, newest["id"])
    assert [a["fromCredit"] for a in paid["appliedPayment"]] == [False]
    assert paid["state"] == "settled"
    partly = await bill(client, headers, overdue["id"])
    assert [
        (a["payment"]["id"], value(a["appliedAmount"]), a["fromCredit"])
        for a in partly["appliedPayment"]
    ] == [(both["id"], 50000, True)]


async def test_money_is_conserved(client, camila):
    headers, account, bills, pay_bills = camila
    newest, overdue, settled = bills[0], bills[1], bills[2]
    made = [
        await pay_bills((overdue, 20000)),
        await pay_bills((settled, 30000)),
        await pay_bills((overdue, value(overdue["amountDue"])), (newest, 1000)),
        await pay_bills((bills[5], 250000)),
    ]
    ours = {payment["id"] for payment in made}
    everything = (
        await client.get(BILLS, headers=headers, params={"billingAccount.id": account["id"]})
    ).json()
    applied = Decimal(0)
    for one in everything:
        amounts = [value(a["appliedAmount"]) for a in one["appliedPayment"]]
        assert value(one["remainingAmount"]) == value(one["amountDue"]) - sum(amounts)
        assert value(one["remainingAmount"]) >= 0
        assert (one["state"] == "settled") == (value(one["remainingAmount"]) == 0)
        applied += sum(
            value(a["appliedAmount"]) for a in one["appliedPayment"] if a["payment"]["id"] in ours
        )
    credit = balance(await account_of(client, headers, account["id"]), "creditBalance")
    assert sum(value(payment["amount"]) for payment in made) == applied + credit
    assert credit > 0  # the last overpayment was more than everything still owed


async def test_credit_waits_for_the_next_bill_issued(client, camila, app):
    headers, account, bills, pay_bills = camila
    newest, overdue = bills[0], bills[1]
    owed = value(newest["remainingAmount"]) + value(overdue["remainingAmount"])
    again = await pay_bills((bills[3], owed + 7000))
    assert balance(await account_of(client, headers, account["id"]), "creditBalance") == 7000

    store = app.state.store
    with store.transaction() as conn:  # a next bill, as a billing run would issue it
        conn.execute(
            "INSERT INTO bill SELECT 'CBNEXT', account_id, 'FE-NEXT', '2026-12-17',"
            " period_start, period_end, '2027-01-01', '2027-01-06', NULL, 'new', currency,"
            " amount_due, amount_due, tax_excluded_amount, tax_included_amount, cash_code,"
            " barcode, pix_code, last_update FROM bill WHERE id = ?",
            (newest["id"],),
        )
        ledger.apply_credit(conn, account["id"], "2026-12-17T06:00:00+00:00")
    issued = await bill(client, headers, "CBNEXT")
    assert issued["state"] == "partiallyPaid" and issued["amountDue"] == newest["amountDue"]
    assert value(issued["remainingAmount"]) == value(newest["amountDue"]) - 7000
    assert [
        (a["payment"]["id"], value(a["appliedAmount"]), a["fromCredit"])
        for a in issued["appliedPayment"]
    ] == [(again["id"], 7000, True)]
    assert balance(await account_of(client, headers, account["id"]), "creditBalance") == 0


async def test_the_bill_pdf_shows_payments_beside_the_unchanged_total(client, camila):
    headers, account, bills, pay_bills = camila
    newest, overdue = bills[0], bills[1]
    again = await pay_bills((bills[2], value(overdue["remainingAmount"]) + 10000))
    response = await client.get(f"{BILLS}/{newest['id']}/document", headers=headers)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    # 153.646 COP, as issued; 10.000 of credit applied; 143.646 left.
    assert "Total a pagar" in text and "153.646" in text
    assert "Pagos aplicados" in text and f"Saldo a favor del pago {again['receiptNo']}" in text
    assert "Saldo pendiente" in text and "143.646" in text
    assert "-$" not in text and "- $" not in text  # no negative item on the bill
