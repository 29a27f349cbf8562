"""The committed contract (openapi.json) is what the sandbox serves."""

from __future__ import annotations

import json
from pathlib import Path

from miclaro_tui.sandbox.openapi import DEFAULT_PATH, openapi_document, render


def test_committed_openapi_matches_the_app():
    committed = Path(DEFAULT_PATH).read_text(encoding="utf-8")
    assert committed == render(openapi_document()), (
        "openapi.json is stale: run `python -m miclaro_tui.sandbox.openapi`"
    )


def test_money_is_a_number_in_the_contract():
    schemas = json.loads(Path(DEFAULT_PATH).read_text(encoding="utf-8"))["components"]["schemas"]
    value = schemas["Money"]["properties"]["value"]
    assert {option["type"] for option in value["anyOf"]} == {"number", "integer"}
    assert schemas["TaxItem"]["properties"]["taxRate"]["type"] == "number"


def test_errors_are_documented_as_api_error():
    document = json.loads(Path(DEFAULT_PATH).read_text(encoding="utf-8"))
    assert "HTTPValidationError" not in document["components"]["schemas"]
    bills = document["paths"]["/tmf-api/customerBillManagement/v4/customerBill"]["get"]
    for status in ("401", "422", "413", "503"):
        schema = bills["responses"][status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ApiError"}
    assert "X-Total-Count" in bills["responses"]["200"]["headers"]


def document() -> dict:
    return json.loads(Path(DEFAULT_PATH).read_text(encoding="utf-8"))


def operations(doc: dict):
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_every_code_the_sandbox_answers_has_an_example():
    import re

    from miclaro_tui.sandbox import cards

    source = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (Path(DEFAULT_PATH).parent / "miclaro_tui" / "sandbox").glob("*.py")
    )
    raised = set(re.findall(r'ApiException\(\s*\d{3},\s*"(\w+)"', source))
    raised |= set(re.findall(r'error_response\(\s*\d{3},\s*"(\w+)"', source))
    raised |= set(cards.DECLINES)
    assert {"requestInProgress", "promiseExists", "accountLocked", "storageUnavailable"} <= raised
    documented = set()
    text = json.dumps(document())
    for code in raised:
        if f'"code": "{code}"' in text:
            documented.add(code)
    # Described on every operation (or never meant to happen: internalError) instead.
    assert raised - documented <= {
        "requestTooLarge",
        "storageUnavailable",
        "methodNotAllowed",
        "internalError",
    }


def test_every_operation_documents_413_and_503():
    for path, method, operation in operations(document()):
        assert {"413", "503"} <= set(operation["responses"]), f"{method} {path}"


def test_the_payment_method_type_and_the_idempotency_key_are_required():
    doc = document()
    schemas = doc["components"]["schemas"]
    for name in ("CardPayment", "BankTransferPayment"):
        assert "@type" in schemas[name]["required"]
    create = doc["paths"]["/tmf-api/paymentManagement/v4/payment"]["post"]
    (key,) = [p for p in create["parameters"] if p["name"] == "Idempotency-Key"]
    assert key["required"] is True and key["schema"]["maxLength"] == 64


def test_operations_link_to_the_ones_that_take_their_ids():
    doc = document()
    ids = {op["operationId"] for _, _, op in operations(doc)}
    payment = doc["paths"]["/tmf-api/paymentManagement/v4/payment"]["post"]["responses"]["201"]
    assert payment["links"]["GetIt"] == {
        "operationId": "get_payment",
        "parameters": {"id": "$response.body#/id"},
    }
    bill = doc["paths"]["/tmf-api/customerBillManagement/v4/customerBill/{id}"]["get"]
    assert bill["responses"]["200"]["links"]["ItsDocument"]["operationId"] == (
        "get_customer_bill_document"
    )
    for _, _, operation in operations(doc):
        for response in operation["responses"].values():
            for link in response.get("links", {}).values():
                assert link["operationId"] in ids


def test_every_request_string_has_a_maximum_length():
    schemas = document()["components"]["schemas"]
    requests = [
        "TokenRequest",
        "RefreshRequest",
        "CardCreate",
        "PaymentCreate",
        "CardPayment",
        "BankTransferPayment",
        "PaymentReportCreate",
        "BillSendRequest",
        "Ref",
    ]
    for name in requests:
        for field, spec in schemas[name]["properties"].items():
            options = spec.get("anyOf", [spec])
            for option in options:
                if option.get("type") == "string" and not {"enum", "const", "format"} & set(option):
                    assert "maxLength" in option or "pattern" in option, f"{name}.{field}"


KEYED = [
    ("/tmf-api/customerBillManagement/v4/customerBill/{id}/send", "post"),
    ("/tmf-api/paymentManagement/v4/paymentReport", "post"),
    ("/tmf-api/paymentManagement/v4/paymentPromise", "post"),
    ("/tmf-api/paymentManagement/v4/payment/{id}/cancel", "post"),
]


def test_the_other_posts_document_an_optional_idempotency_key():
    doc = document()
    for path, method in KEYED:
        operation = doc["paths"][path][method]
        (key,) = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
        assert key["in"] == "header" and key["required"] is False, path
        assert key["schema"]["type"] == "string" and key["schema"]["maxLength"] == 64
        answers = operation["responses"]
        conflict = answers["409"]["content"]["application/json"]["examples"]
        assert conflict["requestInProgress"]["value"]["code"] == "requestInProgress"
        assert "Retry-After" in answers["409"]["headers"]
        reuse = answers["422"]["content"]["application/json"]["examples"]
        assert reuse["idempotencyKeyReuse"]["value"]["field"] == "Idempotency-Key"
    cancel = doc["paths"][KEYED[3][0]]["post"]["responses"]
    examples = cancel["409"]["content"]["application/json"]["examples"]
    assert {"notCancelable", "requestInProgress"} <= set(examples)
    assert "missingField" in cancel["422"]["content"]["application/json"]["examples"]


def test_every_answer_documents_the_request_id():
    doc = document()
    header = doc["components"]["headers"]["X-Request-ID"]
    assert header["required"] is True and header["schema"]["type"] == "string"
    for path, method, operation in operations(doc):
        for status, answer in operation["responses"].items():
            assert answer["headers"]["X-Request-ID"] == {
                "$ref": "#/components/headers/X-Request-ID"
            }, f"{method} {path} {status}"
