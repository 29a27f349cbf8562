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
    for status in ("401", "404", "422"):
        schema = bills["responses"][status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ApiError"}
    assert "X-Total-Count" in bills["responses"]["200"]["headers"]
