"""What openapi.json says about each operation beyond its models: every status it can answer,
an example of every business-rule refusal (by the code and field a client sees), and links
from an answer to the operations that take its ids (so a stateful fuzzer follows real ids).
"""

from __future__ import annotations

import copy
from http import HTTPStatus
from typing import Any

from miclaro_tui.models import ApiError

Responses = dict[int | str, dict[str, Any]]

RETRY_AFTER = {"Retry-After": {"description": "seconds", "schema": {"type": "integer"}}}

# For every operation: answers that do not depend on the route.
COMMON_RESPONSES: Responses = {
    413: {
        "model": ApiError,
        "description": "requestTooLarge: a request body over 64 KiB, refused before it is read",
    },
    503: {
        "model": ApiError,
        "description": "storageUnavailable: the database cannot be used right now (missing,"
        " read-only, I/O error); see Retry-After. Service comes back by itself with the file",
        "headers": RETRY_AFTER,
    },
}

# For list routes: the total behind the page.
LISTED: Responses = {
    200: {
        "description": "One page of results",
        "headers": {
            "X-Total-Count": {
                "description": "How many items match, across all pages",
                "schema": {"type": "integer"},
            }
        },
    }
}


def pdf(description: str) -> Responses:
    """A route that answers a PDF document."""
    return {200: {"content": {"application/pdf": {}}, "description": description}}


REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID = {
    "description": "A random id the server gives each request (16 hex digits), on every answer"
    " (errors included) and in the server's log lines about it: quote it when reporting a"
    " problem",
    "required": True,
    "schema": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
}


def document_request_id(document: dict[str, Any]) -> dict[str, Any]:
    """Add the ``X-Request-ID`` header to every answer of every operation of ``document``."""
    headers = document.setdefault("components", {}).setdefault("headers", {})
    headers[REQUEST_ID_HEADER] = REQUEST_ID
    reference = {"$ref": f"#/components/headers/{REQUEST_ID_HEADER}"}
    for item in document.get("paths", {}).values():
        for operation in item.values():
            for answer in operation.get("responses", {}).values():
                answer["headers"] = {**answer.get("headers", {}), REQUEST_ID_HEADER: reference}
    return document


def error(code: str, status: int, message: str, field: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": code,
        "reason": HTTPStatus(status).phrase,
        "message": message,
        "status": status,
    }
    if field:
        body["field"] = field
    return body


def errors(status: int, description: str, **examples: dict[str, Any]) -> Responses:
    """A documented error status with named examples (name: the rule it shows)."""
    answer: dict[str, Any] = {"model": ApiError, "description": description}
    if examples:
        answer["content"] = {
            "application/json": {
                "examples": {name: {"value": value} for name, value in examples.items()}
            }
        }
    return {status: answer}


def invalid(field: str, message: str) -> dict[str, Any]:
    return error("validationError", 422, f"{field}: {message}", field)


IN_PROGRESS = error(
    "requestInProgress",
    409,
    "A request with this Idempotency-Key is still being processed; try again shortly",
)
KEY_REUSE = error(
    "idempotencyKeyReuse",
    422,
    "Idempotency-Key was already used for a different request; use a new key",
    "Idempotency-Key",
)


def links(status: int, **targets: tuple[str, dict[str, str]]) -> Responses:
    """OpenAPI links of a success answer: name -> (operationId, parameters)."""
    return {
        status: {
            "links": {
                name: {"operationId": operation, "parameters": parameters}
                for name, (operation, parameters) in targets.items()
            }
        }
    }


def merge(*parts: Responses) -> Responses:
    merged: Responses = {}
    for part in parts:
        for status, answer in part.items():
            merged.setdefault(status, {}).update(answer)
    return merged


def keyed(responses: Responses) -> Responses:
    """``responses`` plus what an optional Idempotency-Key adds: 409 requestInProgress (with
    Retry-After) while the key is in flight, 422 idempotencyKeyReuse for another request."""
    merged = copy.deepcopy(responses)
    added = (
        (
            409,
            "requestInProgress",
            IN_PROGRESS,
            "requestInProgress: a request with this"
            " Idempotency-Key is still being worked on (retry after Retry-After)",
        ),
        (
            422,
            "idempotencyKeyReuse",
            KEY_REUSE,
            "idempotencyKeyReuse: the Idempotency-Key was used for another request",
        ),
    )
    for status, name, example, description in added:
        # An operation with no 422 of its own has the router's (INVALID): keep its examples.
        answer = merged.setdefault(status, copy.deepcopy(INVALID.get(status, {"model": ApiError})))
        answer["description"] = "; ".join(filter(None, (answer.get("description"), description)))
        content = answer.setdefault("content", {}).setdefault("application/json", {})
        content.setdefault("examples", {})[name] = {"value": example}
    merged[409]["headers"] = RETRY_AFTER
    return merged


UNAUTHORIZED = errors(
    401,
    "invalidToken: missing, expired or revoked access token (see WWW-Authenticate)",
    invalidToken=error("invalidToken", 401, "Missing, expired or revoked access token"),
)
INVALID = errors(
    422,
    "validationError: the request does not fit the contract; `field` names the culprit",
    missingField=invalid("paymentItem", "Field required"),
    tooLong=invalid("channel.name", "String should have at most 100 characters"),
    controlCharacters=invalid(
        "nameOnCard", "String should match pattern '^[^\\u0000-\\u001f...]*$'"
    ),
)
AUTHENTICATED = merge(UNAUTHORIZED, INVALID)

NOT_FOR_GUESTS_DESCRIPTION = (
    "notForGuests: a guest session (POST /auth/guest: a top-up without an account) may only"
    " check numbers, tokenise a card, pay a top-up of its line and read that payment"
)
NOT_FOR_GUESTS = error(
    "notForGuests",
    403,
    "A guest session (a top-up without an account) cannot do this: sign in to your account",
)


def not_found(what: str, example_id: str) -> Responses:
    return errors(
        404,
        f"notFound: no such {what} for this customer (another customer's is not found either)",
        notFound=error("notFound", 404, f"{what.capitalize()} {example_id} not found"),
    )


def not_for_guests(responses: Responses) -> Responses:
    """``responses`` plus 403 notForGuests: an operation a guest session may not call."""
    return with_examples(responses, 403, NOT_FOR_GUESTS_DESCRIPTION, notForGuests=NOT_FOR_GUESTS)


def with_examples(
    responses: Responses, status: int, description: str, **examples: dict[str, Any]
) -> Responses:
    """``responses`` with more named examples (and their description) under ``status``,
    keeping the examples already there (``merge`` would replace them)."""
    merged = copy.deepcopy(responses)
    answer = merged.setdefault(status, {"model": ApiError})
    answer["description"] = "; ".join(filter(None, (answer.get("description"), description)))
    content = answer.setdefault("content", {}).setdefault("application/json", {})
    content.setdefault("examples", {}).update({k: {"value": v} for k, v in examples.items()})
    return merged
