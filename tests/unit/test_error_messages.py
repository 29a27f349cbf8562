"""Every error the billing API can answer reads in the customer's language.

The codes come from openapi.json (its examples and the codes its descriptions name) and from
the sandbox's own source (every ``ApiException``, ``error_response`` and ``error(...)`` it
makes), so a new code on either side without a message here fails. Each code must have a
translated message in es and pt_BR (not the English one), and no example's English server
message may reach a translated screen.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.numbers import format_currency

import miclaro_tui.sandbox
from miclaro_tui import i18n
from miclaro_tui.api_errors import (
    AccountLockedError,
    ApiStatusError,
    NotFoundError,
    PaymentDeclinedError,
    SessionExpiredError,
    ValidationError,
)
from miclaro_tui.error_messages import (
    CODE_MESSAGES,
    STATUS_REASONS,
    field_label,
    message_for,
    status_reason_text,
)

ROOT = Path(__file__).resolve().parents[2]
SANDBOX = Path(miclaro_tui.sandbox.__file__).parent
LANGUAGES = ("es", "en", "pt_BR")
TRANSLATED = ("es", "pt_BR")

# Codes the prepaid and kiosk endpoints answer (issue #10 contracts): known before they land.
ANNOUNCED_CODES = {
    "notPrepaidLine",
    "otherCountry",
    "amountBelowMin",
    "amountAboveMax",
    "insufficientBalance",
    "advanceOpen",
    "notEligible",
    "offerChanged",
    "sameLine",
    "notForOperators",
    "operatorsOnly",
    "cashShort",
    "exceedsAmountDue",
    "billAlreadyPaid",
    "shiftClosed",
    "notYourPayment",
    "alreadyVoided",
    "notCash",
}


def _walk(node: object) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


OPENAPI = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))
EXAMPLES = sorted(
    {
        (node["code"], node.get("field"), node["message"])
        for node in _walk(OPENAPI)
        if isinstance(node.get("code"), str) and isinstance(node.get("message"), str)
    },
    key=str,
)


def openapi_codes() -> set[str]:
    """The codes of the examples, and those an error answer's description starts with
    ("requestTooLarge: a request body over 64 KiB...")."""
    codes = {code for code, _field, _message in EXAMPLES}
    for item in OPENAPI["paths"].values():
        for operation in item.values():
            for status, answer in operation.get("responses", {}).items():
                found = re.match(r"([a-z][a-zA-Z]+): ", answer.get("description", ""))
                if found and int(status) >= 400:
                    codes.add(found.group(1))
    return codes


def sandbox_codes() -> set[str]:
    """The codes the sandbox's source writes: ApiException(status, CODE, ...),
    error_response(status, CODE, ...), contract's error(CODE, ...) and handlers' table."""
    codes: set[str] = set()
    for path in SANDBOX.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                position = {"ApiException": 1, "error_response": 1, "error": 0}.get(name)
                if position is not None and len(node.args) > position:
                    argument = node.args[position]
                    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                        codes.add(argument.value)
            if isinstance(node, ast.Assign) and any(
                getattr(target, "id", "") == "_CODES" for target in node.targets
            ):
                assert isinstance(node.value, ast.Dict)
                codes |= {value.value for value in node.value.values}  # type: ignore[union-attr]
    return codes


ALL_CODES = sorted(openapi_codes() | sandbox_codes() | ANNOUNCED_CODES)


def test_the_walk_finds_the_codes_it_should():
    assert {"insufficientFunds", "promiseExists", "storageUnavailable"} <= openapi_codes()
    assert {"invalidCredentials", "methodNotAllowed", "internalError"} <= sandbox_codes()


@pytest.mark.parametrize("code", ALL_CODES)
def test_every_code_has_a_message_in_every_language(code: str):
    assert code in CODE_MESSAGES, f"no message for the API's code {code!r}"
    english = None
    for lang in LANGUAGES:
        i18n.set_language(lang)
        text = message_for(code, "SERVER WORDS", None, retry_after=300)
        assert text and "SERVER WORDS" not in text
        if lang == "en":
            english = text
    for lang in TRANSLATED:
        i18n.set_language(lang)
        assert message_for(code, "", None, retry_after=300) != english, (lang, code)


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize(("code", "field", "message"), EXAMPLES)
def test_no_example_of_openapi_reaches_the_screen_in_english(lang, code, field, message):
    error = ApiStatusError(message, status=422, code=code, field=field)
    i18n.set_language("en")
    english = error.user_message
    i18n.set_language(lang)
    shown = error.user_message
    detail = message.split(": ", 1)[1] if field and message.startswith(f"{field}: ") else message
    assert detail not in shown
    assert shown != english
    if field and field_label(field) is not None:
        assert not re.search(rf"\b{re.escape(field)}\b", shown)


def test_a_date_range_is_written_in_the_users_format():
    error = ValidationError(
        "promisedDate: choose a date from 2026-11-27 to 2026-12-06",
        code="validationError",
        field="promisedDate",
    )
    i18n.set_language("es")
    assert error.user_message == "Fecha de pago: elige una fecha entre el {} y el {}.".format(
        format_date(date(2026, 11, 27), locale="es"), format_date(date(2026, 12, 6), locale="es")
    )
    i18n.set_language("pt_BR")
    shown = error.message_in("pt_BR")
    assert shown.startswith("Pagar até:")
    assert format_date(date(2026, 12, 6), locale="pt_BR") in shown
    assert "2026-12-06" not in shown


def test_an_amount_is_written_for_the_locale():
    error = ValidationError(
        "amount.value: one payment may move at most 150000 BRL",
        code="validationError",
        field="amount.value",
    )
    i18n.set_language("pt_BR")
    shown = error.message_in("pt_BR")
    assert format_currency(Decimal(150000), "BRL", locale="pt_BR") in shown
    assert "150000 BRL" not in shown


def test_declines_are_translated_not_the_servers_words():
    declined = PaymentDeclinedError(
        "The card was declined: insufficient funds", code="insufficientFunds"
    )
    for lang in TRANSLATED:
        i18n.set_language(lang)
        assert "insufficient funds" not in declined.user_message
    i18n.set_language("es")
    assert declined.user_message == "La tarjeta fue rechazada: fondos insuficientes."


def test_a_code_we_do_not_know_falls_back_to_the_servers_message():
    error = NotFoundError("Widget W-1 not found", code="widgetGone")
    assert "Widget W-1 not found" not in error.user_message  # NotFound's own words
    refused = ApiStatusError("Try tomorrow", status=418, code="teapotBusy")
    assert "Try tomorrow" in refused.user_message


def test_a_refused_refresh_always_says_to_sign_in_again():
    i18n.set_language("en")
    for code in ("invalidToken", "validationError", ""):
        expired = SessionExpiredError("refused", code=code, field="refresh_token")
        assert expired.user_message == "Your session has expired. Please sign in again."


def test_a_locked_account_says_for_how_long():
    i18n.set_language("en")
    locked = AccountLockedError("locked", code="accountLocked", retry_after=240)
    assert "4 min" in locked.user_message


def test_a_fault_of_the_request_names_no_field():
    i18n.set_language("es")
    error = ValidationError(
        "Idempotency-Key: Field required", code="validationError", field="Idempotency-Key"
    )
    assert "Idempotency" not in error.user_message


@pytest.mark.parametrize("reason", sorted(STATUS_REASONS))
def test_payment_status_reasons_are_translated(reason: str):
    i18n.set_language("pt_BR")
    shown = status_reason_text(reason)
    assert shown and shown != reason
    assert status_reason_text("a reason of a newer server") == "a reason of a newer server"
    assert status_reason_text(None) is None
