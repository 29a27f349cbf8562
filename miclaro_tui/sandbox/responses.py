"""Responses of contract models, written by pydantic in one step: names by alias, absent
rather than null (TMF leaves out what has no value), no second validation on the way out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import Response
from pydantic import BaseModel


def to_json(content: BaseModel | Sequence[BaseModel]) -> bytes:
    if isinstance(content, BaseModel):
        return content.__pydantic_serializer__.to_json(content, by_alias=True, exclude_none=True)
    return b"[" + b",".join(to_json(item) for item in content) + b"]"


class ModelResponse(Response):
    media_type = "application/json"

    def __init__(
        self,
        content: BaseModel | Sequence[BaseModel],
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(content, status_code, headers)

    def render(self, content: Any) -> bytes:
        return to_json(content)


def listed(items: Sequence[BaseModel], total: int) -> ModelResponse:
    """One page of a list, with how many match in all."""
    return ModelResponse(items, headers={"X-Total-Count": str(total)})


def pdf(content: bytes, name: str) -> Response:
    """A PDF shown in place (not downloaded), named ``name``.pdf."""
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}.pdf"'},
    )
