"""``/health`` (ours): whether the sandbox can read and write its database right now."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from miclaro_tui.models import ApiError
from miclaro_tui.sandbox.deps import StoreDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    database: Literal["ok"] = "ok"


@router.get(
    "/health",
    response_model=Health,
    responses={
        503: {
            "model": ApiError,
            "description": "storageUnavailable: the database cannot be read or written now"
            " (the message says why); see Retry-After",
            "headers": {"Retry-After": {"description": "seconds", "schema": {"type": "integer"}}},
        }
    },
)
def health(store: StoreDep) -> Health:
    """No sign-in needed. 200 while the database file is there, ours, readable and writable;
    503 storageUnavailable otherwise, and 200 again as soon as the file is back."""
    store.check()
    return Health()
