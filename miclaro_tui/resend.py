"""A transfer or a balance advance whose answer was lost: kept with its Idempotency-Key so the
customer can send the very same request again, and the server either answers with what it
made the first time or makes it once. Never sent twice, and nothing for the customer to guess.

The screen asks ``key_for`` before each send, ``forget``s after an answer (done or refused)
and whenever the customer changes the form (another request is another intent: a new key).
They are kept for the sign-in, not the screen (``Unconfirmed``): leaving the screen and coming
back finds the same request under the same key.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Generic, TypeVar

from miclaro_tui.api import (
    ApiConnectionError,
    BillingError,
    ConflictError,
    OutcomeUnknownError,
    ServerError,
)
from miclaro_tui.models import BalanceAdvanceCreate, Ref

if TYPE_CHECKING:
    from miclaro_tui.models import BalanceAdvanceOffer, TransferBalanceCreate

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


class Unconfirmed:
    """The transfers and balance advances of one customer's sign-in whose answer was lost:
    one of each kind per prepaid line (the request names its line). The app keeps it from
    sign-in to sign-out, so a screen opened again sends the very same request."""

    def __init__(self, username: str | None = None) -> None:
        self.username = username
        self._transfers: dict[str, Resend[TransferBalanceCreate]] = {}
        self._advances: dict[str, Resend[BalanceAdvanceCreate]] = {}

    def for_customer(self, username: str | None) -> Unconfirmed:
        """What is kept for ``username``: this, or nothing of another customer's."""
        return self if username == self.username else Unconfirmed(username)

    def transfer(self, line_id: str) -> Resend[TransferBalanceCreate]:
        return self._transfers.setdefault(line_id, Resend())

    def advance(self, line_id: str) -> Resend[BalanceAdvanceCreate]:
        return self._advances.setdefault(line_id, Resend())


def advance_to_take(
    kept: Resend[BalanceAdvanceCreate], line_id: str, offer: BalanceAdvanceOffer
) -> tuple[BalanceAdvanceCreate | None, bool]:
    """The advance to ask for and whether the customer confirms it first. An advance whose
    answer was lost is asked again as it was, without a question, when the offer is the same
    or gone (taking it closes the offer); an offer that changed is a new request, confirmed.
    None: there is nothing to take."""
    offered = None
    if offer.eligible and offer.amount is not None and offer.fee is not None:
        offered = BalanceAdvanceCreate(product=Ref(id=line_id), amount=offer.amount)
    if kept.request is not None and (offered is None or offered == kept.request):
        return kept.request, False
    return offered, offered is not None
