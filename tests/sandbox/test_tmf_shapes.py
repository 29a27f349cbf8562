"""Every resource the sandbox serves validates against its TM Forum v4 schema (the swagger
files in tests/sandbox/tmf, Apache-2.0): TMF666 BillingAccount, TMF678 CustomerBill and
AppliedCustomerBillingRate, TMF676 Payment, TMF670 TokenizedCard, with formats checked.

The one known difference is listed in KNOWN: a card's expiry is MM/YYYY, as printed on it.
(The days TMF has as date-time go on the wire as local midnight with its offset: models.Day.)
Any other error fails, and so does a listed one that no longer happens.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest

from tests.sandbox.conftest import ACCOUNTS, BILLS, RATES
from tests.sandbox.payment_helpers import (
    PAYMENTS,
    card_method,
    pay,
    payment_body,
    postpaid,
    pse_method,
    tokenize,
)

TMF = Path(__file__).parent / "tmf"
SPECS = {
    "BillingAccount": "TMF666-Account-v4.0.0.swagger.json",
    "CustomerBill": "TMF678-CustomerBill-v4.0.0.swagger.json",
    "AppliedCustomerBillingRate": "TMF678-CustomerBill-v4.0.0.swagger.json",
    "Payment": "TMF676-Payment-v4.0.0.swagger.json",
    "TokenizedCard": "TMF670-PaymentMethod-v4.0.0.swagger.json",
}
# (definition, path with * for list indexes): where we knowingly differ.
KNOWN = {
    ("TokenizedCard", "expirationDate"),  # MM/YYYY, as printed on the card
}
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")

formats = jsonschema.FormatChecker(formats=())


@formats.checks("date-time")
def is_date_time(value: object) -> bool:
    """RFC 3339: a full date, a time and an offset."""
    if not isinstance(value, str) or not DATE_TIME.fullmatch(value):
        return False
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


def validator(definition: str) -> jsonschema.Draft4Validator:
    spec = json.loads((TMF / SPECS[definition]).read_text(encoding="utf-8"))
    schema = {"$ref": f"#/definitions/{definition}", "definitions": spec["definitions"]}
    return jsonschema.Draft4Validator(schema, format_checker=formats)


def differences(definition: str, resource: dict) -> set[tuple[str, str]]:
    found = set()
    for error in validator(definition).iter_errors(resource):
        path = ".".join("*" if isinstance(part, int) else str(part) for part in error.path)
        found.add((definition, path or f"<{error.message}>"))
    return found


@pytest.fixture
async def served(client, sign_in) -> dict[str, list[dict]]:
    """One of each resource the sandbox serves, in every state it can be in."""
    resources: dict[str, list[dict]] = {name: [] for name in SPECS}
    for username in ("camila", "joao", "lucia", "andres", "rosa"):
        headers = await sign_in(username)
        resources["BillingAccount"] += (await client.get(ACCOUNTS, headers=headers)).json()
        bills = (await client.get(BILLS, headers=headers, params={"limit": 100})).json()
        resources["CustomerBill"] += bills
        for bill in bills[:2]:
            resources["AppliedCustomerBillingRate"] += (
                await client.get(RATES, headers=headers, params={"bill.id": bill["id"]})
            ).json()
        resources["Payment"] += (await client.get(PAYMENTS, headers=headers)).json()

    headers = await sign_in("camila")
    account, bills = await postpaid(client, headers)
    card = await tokenize(client, headers)
    pending_card = await tokenize(client, headers, "0077")
    resources["TokenizedCard"] += [card, pending_card]
    owed = bills[1]["remainingAmount"]["value"]
    for method, amount in (
        (card_method(card), owed + 500),  # done, with credit left over
        (card_method(pending_card), 1000),  # pendingAuthorization
        (pse_method(), 1000),
    ):  # PSE, pendingAuthorization
        response = await pay(client, headers, payment_body(account, [(bills[1], amount)], method))
        resources["Payment"].append(response.json())
    # The account and bill after a payment, an applied credit, a report and a promise.
    resources["BillingAccount"] += (await client.get(ACCOUNTS, headers=headers)).json()
    resources["CustomerBill"] += (await client.get(BILLS, headers=headers)).json()
    return resources


async def test_every_resource_validates_against_its_tmf_schema(served):
    found: set[tuple[str, str]] = set()
    for definition, resources in served.items():
        assert resources, definition
        for resource in resources:
            found |= differences(definition, resource)
    assert found - KNOWN == set(), "new differences from TM Forum's schemas"
    assert KNOWN - found == set(), "fixed: take these out of KNOWN"


def test_the_checker_catches_a_date_for_a_date_time():
    errors = differences("CustomerBill", {"billDate": "2026-11-25", "lastUpdate": "nonsense"})
    assert errors == {("CustomerBill", "billDate"), ("CustomerBill", "lastUpdate")}
    assert differences("CustomerBill", {"billDate": "2026-11-25T00:00:00-05:00"}) == set()
