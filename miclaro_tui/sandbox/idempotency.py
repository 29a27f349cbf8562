"""Idempotency-Key handling for money-moving POSTs, per (customer, key).

1. ``claim`` runs in its own committed transaction before any work: a new key is recorded as
   in flight, so a concurrent request with the same key sees it (409 requestInProgress).
2. The work runs in a second transaction which also stores the answer (``finish``), so a
   payment and its stored answer commit together. A business-rule error is stored too (in a
   transaction of its own); an unexpected failure releases the key so it can be retried.
3. A later request with the same key and the same body (by canonical digest) gets the first
   answer back byte for byte; with another body it gets 422 idempotencyKeyReuse.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass

from pydantic import BaseModel

from miclaro_tui.sandbox.errors import ApiException
from miclaro_tui.sandbox.store import Store

HEADER = "Idempotency-Key"
IN_FLIGHT = "inFlight"
DONE = "done"


@dataclass(frozen=True)
class StoredAnswer:
    status: int
    body: bytes


def digest(body: BaseModel) -> str:
    """sha256 of the request as parsed, in canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(
        body.model_dump(mode="json", by_alias=True),
        sort_keys=True, separators=(",", ":"), ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def claim(
    store: Store, customer_id: int, key: str, operation: str, body_digest: str
) -> StoredAnswer | None:
    """Claim ``key`` (None: go ahead and do the work) or return the stored first answer."""
    with store.transaction() as conn:
        row = conn.execute(
            "SELECT * FROM idempotency_key WHERE customer_id = ? AND key = ?",
            (customer_id, key),
        ).fetchone()
        if row is None:
            conn.execute(
                "INSERT INTO idempotency_key (customer_id, key, operation, digest, state)"
                " VALUES (?, ?, ?, ?, ?)",
                (customer_id, key, operation, body_digest, IN_FLIGHT),
            )
            return None
    if row["operation"] != operation or row["digest"] != body_digest:
        raise ApiException(
            422, "idempotencyKeyReuse",
            f"{HEADER} was already used for a different request; use a new key",
            field=HEADER,
        )
    if row["state"] == IN_FLIGHT:
        raise ApiException(
            409, "requestInProgress",
            "A request with this Idempotency-Key is still being processed; try again shortly",
            headers={"Retry-After": "1"},
        )
    return StoredAnswer(row["status_code"], bytes(row["response"]))


def finish(
    conn: sqlite3.Connection, customer_id: int, key: str, status: int, body: bytes
) -> None:
    """Store the first answer (inside the transaction that did the work)."""
    conn.execute(
        "UPDATE idempotency_key SET state = ?, status_code = ?, response = ?"
        " WHERE customer_id = ? AND key = ?",
        (DONE, status, body, customer_id, key),
    )


def release(store: Store, customer_id: int, key: str) -> None:
    """Forget an in-flight claim whose work failed unexpectedly, so a retry may run."""
    with store.transaction() as conn:
        conn.execute(
            "DELETE FROM idempotency_key WHERE customer_id = ? AND key = ? AND state = ?",
            (customer_id, key, IN_FLIGHT),
        )
