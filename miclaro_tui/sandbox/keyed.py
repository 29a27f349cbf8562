"""A route's work under an optional Idempotency-Key: with a key, at most once per key
(``idempotency.run_once``); without one, simply done in a write transaction."""

from __future__ import annotations

from fastapi import Request, Response

from miclaro_tui.sandbox import idempotency
from miclaro_tui.sandbox.store import Store


def answer(
    request: Request,
    store: Store,
    customer_id: int,
    key: str | None,
    operation: str,
    request_digest: str,
    work: idempotency.Work,
    now: float,
) -> Response:
    """The HTTP answer of ``work`` (a refusal without a key is raised, as by any route)."""
    if key is None:
        with store.transaction() as conn:
            result = work(conn)
    else:
        state = request.app.state
        result = idempotency.run_once(
            store,
            idempotency.Keyed(customer_id, key, operation, request_digest),
            work,
            now=now,
            lease_seconds=state.lease_seconds,
            after_claim=state.faults.after_claim,
        )
    return Response(result.body, result.status, media_type="application/json")
