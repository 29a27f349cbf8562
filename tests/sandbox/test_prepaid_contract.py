"""The prepaid operations with real ids, each answer checked by schemathesis against the
committed openapi.json (random ids only ever find 404s in the generated run)."""

from __future__ import annotations

from fastapi import FastAPI

from tests.sandbox.payment_helpers import METHODS, PAYMENTS, card_number
from tests.sandbox.prepaid_helpers import (
    ADVANCES,
    ANDRES_LINE,
    BUCKETS,
    CATALOG,
    EC_RECEIVER,
    HISTORY,
    MESSAGES,
    NUMBER_CHECK,
    OFFER,
    TOPUPS,
    TRANSFERS,
    USAGE,
)
from tests.sandbox.test_schemathesis import call, sign_in


def test_prepaid_operations_honour_the_contract(app: FastAPI):
    auth = sign_in(app, "andres")
    accounts = call(app, "GET", "/tmf-api/accountManagement/v4/billingAccount", auth).json()
    account = accounts[0]
    line = {"product.id": account["lines"][0]["id"]}
    call(app, "GET", f"{CATALOG}/{{country}}", path_parameters={"country": "EC"})
    call(app, "GET", BUCKETS, auth, query=line)
    call(app, "GET", USAGE, auth, query=line)
    call(app, "GET", NUMBER_CHECK, auth, query={"number": EC_RECEIVER})
    offer = call(app, "GET", OFFER, auth, query=line).json()
    card = call(
        app,
        "POST",
        METHODS,
        auth,
        body={
            "@type": "bankCard",
            "nameOnCard": "Andres Villacis",
            "cardNumber": card_number("4539", "1111"),
            "expirationDate": "12/2028",
            "cvv": "123",
        },
    ).json()
    amount = {"unit": "USD", "value": 5}
    paid = call(
        app,
        "POST",
        PAYMENTS,
        auth,
        headers={"Idempotency-Key": "prepaid-contract-1"},
        body={
            "correlatorId": "prepaid-contract-1",
            "account": {"id": account["id"]},
            "amount": amount,
            "paymentItem": [
                {"item": {"id": EC_RECEIVER}, "amount": amount, "itemType": "topupBalance"}
            ],
            "paymentMethod": {"@type": "tokenizedCard", "id": card["id"]},
        },
    ).json()
    assert paid["status"] == "done"
    call(app, "GET", MESSAGES, auth, query={"receiver": EC_RECEIVER})
    call(
        app,
        "POST",
        TRANSFERS,
        auth,
        headers={"Idempotency-Key": "prepaid-contract-2"},
        body={
            "product": {"id": line["product.id"]},
            "receiverProduct": {"id": EC_RECEIVER},
            "amount": {"unit": "USD", "value": 1},
        },
    )
    call(
        app,
        "POST",
        ADVANCES,
        auth,
        headers={"Idempotency-Key": "prepaid-contract-3"},
        body={"product": {"id": line["product.id"]}, "amount": offer["amount"]},
    )
    own = call(
        app,
        "POST",
        PAYMENTS,
        auth,
        headers={"Idempotency-Key": "prepaid-contract-4"},
        body={
            "correlatorId": "prepaid-contract-4",
            "account": {"id": account["id"]},
            "amount": amount,
            "paymentItem": [
                {"item": {"id": ANDRES_LINE}, "amount": amount, "itemType": "topupBalance"}
            ],
            "paymentMethod": {"@type": "tokenizedCard", "id": card["id"]},
        },
    ).json()
    topups = call(app, "GET", TOPUPS, auth, query=line).json()
    assert topups[0]["payment"]["id"] == own["id"] and topups[0]["advanceRepaid"]
    call(app, "GET", f"{TOPUPS}/{{id}}", auth, path_parameters={"id": topups[0]["id"]})
    history = call(app, "GET", HISTORY, auth, query=line).json()
    receipt = call(
        app, "GET", f"{HISTORY}/{{id}}/receipt", auth, path_parameters={"id": history[0]["id"]}
    )
    assert receipt.content.startswith(b"%PDF")
    guest = call(
        app,
        "POST",
        "/auth/guest",
        body={
            "country": "EC",
            "number": EC_RECEIVER,
            "name": "Maria Perez",
            "documentType": "CI",
            "documentNumber": "1712345675",
        },
    ).json()
    assert guest["role"] == "guest"
