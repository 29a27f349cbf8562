"""The error the sandbox's rules raise, and its one JSON shape: ``ApiError`` {code, reason,
message, status, field?}.

No web framework here: the rules raise ``ApiException`` and ``handlers`` (with the app) turns
it into an HTTP answer whose body is ``error_json``'s bytes, so an answer stored under an
Idempotency-Key replays exactly what the first request got.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from miclaro_tui.models import ApiError


class ApiException(Exception):
    """Raised by the sandbox's code to answer with an ``ApiError``."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        field: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = dict(headers or {})


def not_found(what: str, ident: str) -> ApiException:
    return ApiException(404, "notFound", f"{what} {ident} not found")


def invalid(field: str, message: str) -> ApiException:
    """422 validationError naming the field a form should mark."""
    return ApiException(422, "validationError", f"{field}: {message}", field=field)


def invalid_token(message: str = "Missing, expired or revoked access token") -> ApiException:
    return ApiException(401, "invalidToken", message, headers={"WWW-Authenticate": "Bearer"})


def operators_only() -> ApiException:
    return ApiException(403, "operatorsOnly", "Only kiosk operators and supervisors may do this")


def not_for_operators() -> ApiException:
    return ApiException(
        403,
        "notForOperators",
        "A kiosk operator's session cannot do this: it is for the customer's own session",
    )


def json_body(content: Any) -> bytes:
    """JSON as FastAPI's JSONResponse writes it (compact, UTF-8), byte for byte."""
    return json.dumps(
        content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")
    ).encode("utf-8")


def error_json(status: int, code: str, message: str, field: str | None = None) -> bytes:
    body = ApiError(
        code=code, reason=HTTPStatus(status).phrase, message=message, status=status, field=field
    )
    return json_body(body.model_dump(mode="json", exclude_none=True))


def exception_json(exc: ApiException) -> bytes:
    return error_json(exc.status, exc.code, exc.message, exc.field)
