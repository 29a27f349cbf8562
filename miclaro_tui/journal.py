"""An append-only journal of money-moving requests, so that none is ever forgotten.

A request is journaled (written, flushed, fsynced) *before* it is sent and again when its
outcome is known. After a crash or a lost answer, ``unresolved()`` lists the requests that may
have reached the server; the client asks the server about each by its key at start-up
(``BillingClient.reconcile_journal``).

The file is JSON lines, one state change per line; the latest line of a key wins::

    {"key": "...", "operation": "payment", "body_digest": "sha256:...", "state": "pending",
     "payment_id": null, "owner": "camila", "ts": "2026-11-25T10:00:00+00:00"}

``owner`` is the login that sent it: only that login can see the payment to reconcile it.

The request body is never written (it holds a card token): only the SHA-256 digest of its
canonical JSON, enough to refuse one key being reused for a different request. The suggested
location is ``settings.data_dir / "payments.journal"``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, get_args

if sys.platform != "win32":
    import fcntl

log = logging.getLogger(__name__)

JournalState = Literal["pending", "unknown", "done", "denied", "failed", "canceled", "notSent"]
"""pending: written before sending, or waiting for the customer (PSE); unknown: the answer was
lost after the server may have acted; done / denied / canceled: what the server said; failed:
the server refused the request (no payment); notSent: the server never got it."""

STATES: frozenset[str] = frozenset(get_args(JournalState))
UNRESOLVED: frozenset[str] = frozenset({"pending", "unknown"})


class KeyReuseError(ValueError):
    """The key was already journaled for a different request body."""


@dataclass(frozen=True)
class JournalEntry:
    key: str
    operation: str
    body_digest: str
    state: JournalState
    ts: datetime
    payment_id: str | None = None
    owner: str | None = None

    @property
    def resolved(self) -> bool:
        return self.state not in UNRESOLVED

    def to_line(self) -> bytes:
        record = {
            "key": self.key,
            "operation": self.operation,
            "body_digest": self.body_digest,
            "state": self.state,
            "payment_id": self.payment_id,
            "owner": self.owner,
            "ts": self.ts.isoformat(),
        }
        return json.dumps(record, separators=(",", ":")).encode() + b"\n"

    @classmethod
    def from_line(cls, line: bytes) -> JournalEntry:
        record = json.loads(line)
        state = record["state"]
        if state not in STATES:
            raise ValueError(f"unknown state {state!r}")
        return cls(
            key=str(record["key"]),
            operation=str(record["operation"]),
            body_digest=str(record["body_digest"]),
            state=state,
            ts=datetime.fromisoformat(record["ts"]),
            payment_id=record.get("payment_id"),
            owner=record.get("owner"),
        )


def digest_of(body: Any) -> str:
    """SHA-256 of a request's canonical JSON (a pydantic model, or plain JSON data)."""
    if hasattr(body, "model_dump"):
        body = body.model_dump(mode="json", by_alias=True)
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


class Journal:
    """The journal file at ``path``. Blocking (it fsyncs): call it off the event loop.

    Safe for several threads, and on POSIX for several processes sharing the data dir (an
    ``flock`` on a sibling ``.lock`` file serialises appends and compaction)."""

    def __init__(
        self,
        path: Path | str,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        keep_resolved: timedelta = timedelta(days=30),
        compact_every: int = 256,
    ) -> None:
        self.path = Path(path)
        self._now = now
        self._keep_resolved = keep_resolved
        self._compact_every = compact_every
        self._thread_lock = threading.Lock()
        self._appends = 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._locked():
            lines = self._repair_tail()
        if lines > compact_every:
            self.compact()

    def __repr__(self) -> str:
        return f"<Journal {self.path}>"

    # --- reading ---------------------------------------------------------------------------

    def latest(self) -> dict[str, JournalEntry]:
        """The latest entry of every key, in the order the keys first appear."""
        with self._locked():
            return self._load()

    def get(self, key: str) -> JournalEntry | None:
        return self.latest().get(key)

    def unresolved(self) -> list[JournalEntry]:
        """Entries whose latest state is pending or unknown, oldest first."""
        return [entry for entry in self.latest().values() if not entry.resolved]

    # --- writing ---------------------------------------------------------------------------

    def begin(
        self, key: str, operation: str, body_digest: str, *, owner: str | None = None
    ) -> JournalEntry:
        """Journal a request as pending, before it is sent. Raises ``KeyReuseError`` if the key
        was journaled for a different body (the server would refuse it anyway)."""
        with self._locked():
            previous = self._load().get(key)
            if previous is not None and previous.body_digest != body_digest:
                raise KeyReuseError(f"key {key} was already used for a different request")
            entry = JournalEntry(key, operation, body_digest, "pending", self._now(), None, owner)
            self._append(entry)
        self._maybe_compact()
        return entry

    def settle(
        self,
        key: str,
        state: JournalState,
        payment_id: str | None = None,
        *,
        only_unresolved: bool = False,
    ) -> JournalEntry | None:
        """Record the outcome of a journaled key (None if the key is not in the journal).
        ``only_unresolved`` leaves an already resolved entry as it is."""
        if state not in STATES:
            raise ValueError(f"unknown state {state!r}")
        with self._locked():
            previous = self._load().get(key)
            if previous is None:
                return None
            if only_unresolved and previous.resolved:
                return previous
            payment_id = payment_id or previous.payment_id
            if previous.state == state and previous.payment_id == payment_id:
                return previous
            entry = replace(previous, state=state, payment_id=payment_id, ts=self._now())
            self._append(entry)
        self._maybe_compact()
        return entry

    def compact(self) -> None:
        """Rewrite the file atomically with the latest entry per key, dropping resolved
        entries older than ``keep_resolved``."""
        with self._locked():
            cutoff = self._now() - self._keep_resolved
            kept = [e for e in self._load().values() if not e.resolved or e.ts >= cutoff]
            tmp = self.path.with_name(self.path.name + ".tmp")
            with open(tmp, "wb") as file:
                file.writelines(entry.to_line() for entry in kept)
                file.flush()
                os.fsync(file.fileno())
            os.replace(tmp, self.path)
            _fsync_dir(self.path.parent)
            self._appends = 0

    # --- internals (call with the lock held) -----------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._thread_lock:
            if sys.platform == "win32":  # no flock: the thread lock alone (one process per dir)
                yield
                return
            with open(self.path.with_name(self.path.name + ".lock"), "ab") as lock:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def _load(self) -> dict[str, JournalEntry]:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        latest: dict[str, JournalEntry] = {}
        lines = data.split(b"\n")
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = JournalEntry.from_line(line)
            except (ValueError, KeyError, TypeError):
                # The last line may be torn by a crash mid-write: that request was never sent.
                if number != len(lines):
                    log.warning("%s: line %d is unreadable, skipped", self.path, number)
                continue
            latest[entry.key] = entry
        return latest

    def _append(self, entry: JournalEntry) -> None:
        created = not self.path.exists()
        with open(self.path, "ab") as file:
            file.write(entry.to_line())
            file.flush()
            os.fsync(file.fileno())
        if created:  # the new file's name must survive a crash too
            _fsync_dir(self.path.parent)
        self._appends += 1

    def _repair_tail(self) -> int:
        """Cut a torn last line, so the next append starts on a line of its own. Returns the
        number of lines."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return 0
        if data and not data.endswith(b"\n"):
            keep = data.rfind(b"\n") + 1
            log.warning("%s: torn last line (%d bytes) cut", self.path, len(data) - keep)
            os.truncate(self.path, keep)
            data = data[:keep]
            with open(self.path, "rb+") as file:
                os.fsync(file.fileno())
        return data.count(b"\n")

    def _maybe_compact(self) -> None:
        if self._appends >= self._compact_every:
            self.compact()


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory; NTFS journals metadata
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
