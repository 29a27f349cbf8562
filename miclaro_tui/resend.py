"""A transfer or a balance advance whose answer was lost: kept with its Idempotency-Key so the
customer can send the very same request again, and the server either answers with what it
made the first time or makes it once. Never sent twice, and nothing for the customer to guess.

The screen asks ``key_for`` before each send, ``forget``s after an answer (done or refused)
and whenever the customer changes the form (another request is another intent: a new key).
"""

from __future__ import annotations

import uuid
from typing import Generic, TypeVar

from miclaro_tui.api import (
    ApiConnectionError,
    BillingError,
    ConflictError,
    OutcomeUnknownError,
    ServerError,
)

R = TypeVar("R")

IN_PROGRESS = "requestInProgress"


def outcome_unknown(error: BillingError) -> bool:
    """Whether ``error`` leaves it unknown if the server did it: the answer was lost, the
    server failed, or our own first attempt is still being worked on."""
    if isinstance(error, ApiConnectionError | OutcomeUnknownError | ServerError):
        return True
    return isinstance(error, ConflictError) and getattr(error, "code", "") == IN_PROGRESS


class Resend(Generic[R]):
    """The request last sent and its key, until its answer comes (``waiting``)."""

    def __init__(self) -> None:
        self.request: R | None = None
        self.key = ""

    @property
    def waiting(self) -> bool:
        """A request was sent and no answer came: sending it again is how to know."""
        return self.request is not None

    def key_for(self, request: R) -> str:
        """The key to send ``request`` under: the kept one for the same request again, a new
        one for any other."""
        if self.request is None or request != self.request:
            self.request = request
            self.key = uuid.uuid4().hex
        return self.key

    def forget(self) -> None:
        self.request = None
        self.key = ""
