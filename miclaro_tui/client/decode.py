"""Reading answers into the contract's models: exact money, pages, PDFs. An answer that is not
the contract is a ``BadResponseError`` naming the request, never quoting the answer."""

from __future__ import annotations

import functools
import json
from decimal import Decimal
from typing import Any, TypeVar

import httpx
import pydantic
from pydantic import BaseModel

from miclaro_tui.api import BadResponseError, Page
from miclaro_tui.client.errors import located

M = TypeVar("M", bound=BaseModel)


def parse(response: httpx.Response, model: type[M]) -> M:
    try:
        return model.model_validate(_load_json(response))
    except ValueError as exc:  # JSONDecodeError and pydantic.ValidationError alike
        raise bad_response(response, _describe(model.__name__, exc)) from None


def parse_list(response: httpx.Response, model: type[M]) -> list[M]:
    try:
        return _list_of(model).validate_python(_load_json(response))
    except ValueError as exc:
        raise bad_response(response, _describe(f"list[{model.__name__}]", exc)) from None


def page(response: httpx.Response, model: type[M], offset: int, limit: int) -> Page[M]:
    items = parse_list(response, model)
    total_header = response.headers.get("X-Total-Count")
    try:
        total = int(total_header) if total_header is not None else offset + len(items)
    except ValueError:
        message = f"X-Total-Count is not a number: {total_header!r}"
        raise bad_response(response, message) from None
    return Page(items=items, total=total, offset=offset, limit=limit)


def pdf(response: httpx.Response, what: str) -> bytes:
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if media_type not in ("application/pdf", "application/octet-stream"):
        message = f"expected a PDF document, got {media_type or 'no type'}"
        raise bad_response(response, message)
    if not response.content.startswith(b"%PDF-"):
        raise bad_response(response, f"the {what} is not a PDF")
    return response.content


def bad_response(response: httpx.Response, message: str) -> BadResponseError:
    return located(BadResponseError(message), response)


def _load_json(response: httpx.Response) -> Any:
    # Floats as Decimal so 0.1 stays 0.1 on its way into Money.
    return json.loads(response.text, parse_float=Decimal)


@functools.cache
def _list_of(model: type[M]) -> pydantic.TypeAdapter[list[M]]:
    # Stays: the model is a class known at run time, and a static checker only accepts a type
    # it can spell (pydantic's TypeForm) inside list[...].
    return pydantic.TypeAdapter(list[model])  # type: ignore[valid-type]


def _describe(what: str, exc: ValueError) -> str:
    # Never str(exc) of a pydantic error: it quotes the input, which may hold tokens.
    if isinstance(exc, pydantic.ValidationError):
        where = ", ".join(".".join(map(str, e["loc"])) or "(root)" for e in exc.errors()[:5])
        return f"the answer is not a valid {what} (bad fields: {where})"
    return f"the answer is not JSON (expected {what})"
