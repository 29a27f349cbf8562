"""Accounts, bills and bill items as a customer sees them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from miclaro_tui.models import (
    AppliedCustomerBillingRate,
    BillingAccount,
    BillSendResult,
    CustomerBill,
)
from tests.conftest import TODAY
from tests.sandbox.conftest import ACCOUNTS, BILLS, RATES, assert_api_error

POSTPAID_USERS = ("camila", "joao", "lucia")


async def accounts_of(client, headers) -> list[BillingAccount]:
    response = await client.get(ACCOUNTS, headers=headers)
    assert response.status_code == 200
    assert response.headers["X-Total-Count"] == str(len(response.json()))
    return [BillingAccount.model_validate(item) for item in response.json()]


async def bills_of(client, headers, **params) -> tuple[list[CustomerBill], int]:
    response = await client.get(BILLS, headers=headers, params=params)
    assert response.status_code == 200, response.text
    return (
        [CustomerBill.model_validate(item) for item in response.json()],
        int(response.headers["X-Total-Count"]),
    )


async def test_billing_accounts_of_the_caller(client, sign_in):
    accounts = await accounts_of(client, await sign_in("camila"))
    assert [a.accountType for a in accounts] == ["postpaid", "prepaid"]
    postpaid, prepaid = accounts
    assert postpaid.country == "CO" and postpaid.currency == "COP"
    assert [line.number for line in postpaid.lines] == ["+573001234567", "+573104567890"]
    assert postpaid.lines[0].planName == "Plan Max 40 GB"
    assert postpaid.email == "camila.rodriguez@example.com"
    assert postpaid.href == f"{ACCOUNTS}/{postpaid.id}"
    assert prepaid.balance("prepaidBalance").value == Decimal("12500")
    assert prepaid.paymentStatus == "upToDate" and prepaid.nextPaymentDueDate is None

    detail = await client.get(f"{ACCOUNTS}/{postpaid.id}", headers=await sign_in("camila"))
    assert BillingAccount.model_validate(detail.json()) == postpaid


@pytest.mark.parametrize("username", ["andres", "rosa"])
async def test_prepaid_only_customers(client, sign_in, username):
    headers = await sign_in(username)
    (account,) = await accounts_of(client, headers)
    assert account.accountType == "prepaid"
    assert account.lines[0].lineType == "prepaid"
    assert account.balance("prepaidBalance").value > 0
    bills, total = await bills_of(client, headers)
    assert bills == [] and total == 0


@pytest.mark.parametrize("username", POSTPAID_USERS)
async def test_newest_pending_then_overdue_then_settled(client, sign_in, username):
    headers = await sign_in(username)
    account = (await accounts_of(client, headers))[0]
    bills, total = await bills_of(client, headers, **{"billingAccount.id": account.id})
    assert total == len(bills) == 13
    newest, overdue, *settled = bills
    assert newest.state in ("new", "sent")
    assert newest.billDate < TODAY <= newest.paymentDueDate
    assert not newest.is_overdue(TODAY)
    assert overdue.state in ("new", "sent") and overdue.is_overdue(TODAY)
    assert all(bill.state == "settled" and bill.remainingAmount.value == 0 for bill in settled)
    for bill in bills:
        assert bill.billDate <= bill.paymentDueDate < bill.cutOffDate
        assert 13 <= (bill.paymentDueDate - bill.billDate).days <= 17
        assert bill.billingPeriod.endDateTime < bill.billDate
        assert bill.amountDue == bill.taxIncludedAmount
    # Monthly, newest first.
    dates = [bill.billDate for bill in bills]
    assert dates == sorted(dates, reverse=True)
    assert len({(d.year, d.month) for d in dates}) == 13

    # The account's balance follows from the unpaid bills.
    assert account.paymentStatus == "overdue"
    assert account.balance("amountDue").value == (
        newest.remainingAmount.value + overdue.remainingAmount.value
    )
    assert account.balance("overdue").value == overdue.remainingAmount.value
    assert account.nextPaymentDueDate == overdue.paymentDueDate


@pytest.mark.parametrize("username", POSTPAID_USERS)
async def test_items_add_up_to_the_bill_exactly(client, sign_in, username):
    headers = await sign_in(username)
    bills, _ = await bills_of(client, headers, limit=100)
    kinds: set[str] = set()
    for bill in bills:
        response = await client.get(RATES, headers=headers, params={"bill.id": bill.id})
        assert response.status_code == 200
        rates = [AppliedCustomerBillingRate.model_validate(item) for item in response.json()]
        assert response.headers["X-Total-Count"] == str(len(rates))
        kinds |= {rate.type for rate in rates}
        charges = [rate for rate in rates if rate.type != "tax"]
        taxes = [rate for rate in rates if rate.type == "tax"]
        assert sum(r.taxExcludedAmount.value for r in charges) == bill.taxExcludedAmount.value
        assert sum(r.taxExcludedAmount.value for r in rates) == bill.taxIncludedAmount.value
        assert sum(r.taxIncludedAmount.value for r in charges) == bill.taxIncludedAmount.value
        assert sum(t.taxAmount.value for t in bill.taxItem) == sum(
            r.taxExcludedAmount.value for r in taxes
        )
        assert len(taxes) == len(bill.taxItem)
        for rate in charges:
            assert rate.taxIncludedAmount.value == rate.taxExcludedAmount.value + sum(
                tax.taxAmount.value for tax in rate.appliedTax
            )
            assert rate.bill.id == bill.id and rate.href and rate.bill.href == bill.href
        assert {r.taxExcludedAmount.unit for r in rates} == {bill.amountDue.unit}
        assert rates[0].type == "recurringCharge" and rates[0].periodCoverage is not None
    assert {"recurringCharge", "usageCharge", "surcharge", "credit", "tax"} <= kinds


async def test_country_taxes(client, sign_in):
    expected = {
        "camila": {"IVA": "0.19"},
        "lucia": {"IGV": "0.18"},
        "joao": {"ICMS": "0.18", "PIS": "0.0065", "COFINS": "0.03"},
    }
    for username, taxes in expected.items():
        bills, _ = await bills_of(client, await sign_in(username), limit=1)
        assert {t.taxCategory: t.taxRate for t in bills[0].taxItem} == {
            k: Decimal(v) for k, v in taxes.items()
        }


async def test_filters_paging_and_total_count(client, sign_in):
    headers = await sign_in("camila")
    everything, total = await bills_of(client, headers)
    assert total == 13 and len(everything) == 13

    page, total = await bills_of(client, headers, offset=10, limit=5)
    assert total == 13 and [b.id for b in page] == [b.id for b in everything[10:]]
    page, total = await bills_of(client, headers, offset=2, limit=3)
    assert [b.id for b in page] == [b.id for b in everything[2:5]]
    page, total = await bills_of(client, headers, offset=50)
    assert page == [] and total == 13

    settled, total = await bills_of(client, headers, state="settled")
    assert total == 11 and {b.state for b in settled} == {"settled"}
    unpaid, total = await bills_of(client, headers, state="new,sent,partiallyPaid")
    assert total == 2 and [b.id for b in unpaid] == [b.id for b in everything[:2]]
    none, total = await bills_of(client, headers, state="onHold")
    assert none == [] and total == 0

    account_id = everything[0].billingAccount.id
    by_account, total = await bills_of(client, headers, **{"billingAccount.id": account_id})
    assert total == 13
    prepaid_id = (await accounts_of(client, headers))[1].id
    assert (await bills_of(client, headers, **{"billingAccount.id": prepaid_id}))[1] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"state": "paid"}, "state"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"offset": -1}, "offset"),
        ({"limit": "many"}, "limit"),
    ],
)
async def test_invalid_list_parameters(client, sign_in, params, field):
    response = await client.get(BILLS, headers=await sign_in(), params=params)
    assert assert_api_error(response, 422, "validationError")["field"] == field


async def test_bill_detail_matches_the_list(client, sign_in):
    headers = await sign_in("joao")
    bills, _ = await bills_of(client, headers, limit=2)
    for bill in bills:
        response = await client.get(f"{BILLS}/{bill.id}", headers=headers)
        assert response.status_code == 200
        detail = CustomerBill.model_validate(response.json())
        assert detail == bill
        assert detail.href == f"{BILLS}/{bill.id}"
        assert detail.billingAccount.href == f"{ACCOUNTS}/{bill.billingAccount.id}"
        assert detail.billDocument[0].href == f"{BILLS}/{bill.id}/document"
        assert detail.billDocument[0].name == f"{bill.billNo}.pdf"
        reference = detail.paymentReference
        assert reference is not None and reference.cashCode.isdigit()
        assert reference.barcode.isdigit() and 44 <= len(reference.barcode) <= 48
    rates = (await client.get(RATES, headers=headers, params={"bill.id": bills[0].id})).json()
    one = await client.get(rates[0]["href"], headers=headers)
    assert one.status_code == 200 and one.json() == rates[0]


async def test_rates_need_a_bill(client, sign_in):
    response = await client.get(RATES, headers=await sign_in())
    assert assert_api_error(response, 422, "validationError")["field"] == "bill.id"


async def test_another_customers_resources_are_not_found(client, sign_in):
    joao = await sign_in("joao")
    camila = await sign_in("camila")
    joao_account = (await accounts_of(client, joao))[0]
    joao_bill = (await bills_of(client, joao, limit=1))[0][0]
    joao_rate = (await client.get(RATES, headers=joao, params={"bill.id": joao_bill.id})).json()

    for response in [
        await client.get(f"{ACCOUNTS}/{joao_account.id}", headers=camila),
        await client.get(f"{BILLS}/{joao_bill.id}", headers=camila),
        await client.get(f"{BILLS}/{joao_bill.id}/document", headers=camila),
        await client.post(f"{BILLS}/{joao_bill.id}/send", headers=camila, json={}),
        await client.get(RATES, headers=camila, params={"bill.id": joao_bill.id}),
        await client.get(joao_rate[0]["href"], headers=camila),
        await client.get(f"{BILLS}/no-such-bill", headers=camila),
    ]:
        body = assert_api_error(response, 404, "notFound")
        assert joao_account.name not in body["message"]
    filtered = await bills_of(client, camila, **{"billingAccount.id": joao_account.id})
    assert filtered == ([], 0)


async def test_send_bill_by_email(client, sign_in, app):
    headers = await sign_in("joao")
    newest = (await bills_of(client, headers, limit=1))[0][0]
    assert newest.state == "new"  # joao is not paperless

    response = await client.post(f"{BILLS}/{newest.id}/send", headers=headers)
    assert response.status_code == 202
    result = BillSendResult.model_validate(response.json())
    assert result.billId == newest.id and result.sentTo == "j***@example.com"

    other = await client.post(
        f"{BILLS}/{newest.id}/send", headers=headers, json={"email": "finance@company.example"}
    )
    assert other.status_code == 202 and other.json()["sentTo"] == "f***@company.example"

    with app.state.store.read() as conn:
        sent = [
            row["email"]
            for row in conn.execute(
                "SELECT email FROM bill_send WHERE bill_id = ? ORDER BY id", (newest.id,)
            )
        ]
    assert sent == ["joao.almeida@example.com", "finance@company.example"]
    detail = await client.get(f"{BILLS}/{newest.id}", headers=headers)
    assert detail.json()["state"] == "sent"


async def test_send_to_an_invalid_address(client, sign_in):
    headers = await sign_in("joao")
    newest = (await bills_of(client, headers, limit=1))[0][0]
    response = await client.post(
        f"{BILLS}/{newest.id}/send", headers=headers, json={"email": "not-an-address"}
    )
    assert assert_api_error(response, 422, "validationError")["field"] == "email"
