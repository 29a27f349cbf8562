"""The terminal's evidence: every operator action as one JSON line, chained by hashes.

Each line holds the UTC time, the action, the operator, the terminal, the object acted on,
the outcome, ``prev`` (the SHA-256 of the previous line's bytes; 64 zeros for the first) and
``hash`` (the SHA-256 of the line's own canonical JSON without ``hash``). Changing, removing
or inserting a line breaks the chain at that line, which ``verify_log`` names.

Never written: a password, a card number or a full document number. Detail keys that name a
secret are refused, and every text is scrubbed of card-shaped numbers; callers mask documents
and lines (``masking.mask_lookup``) before they get here.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from miclaro_tui.kiosk.masking import scrub

if sys.platform != "win32":
    import fcntl

GENESIS = "0" * 64
"""``prev`` of the first line."""
FIELDS = ("time", "action", "operator", "terminal", "object", "outcome", "prev", "hash")
ACTIONS = frozenset(
    {
        "signIn",
        "signOut",
        "openShift",
        "lookup",
        "payment",
        "void",
        "reprint",
        "report",
        "close",
        "lock",
        "unlock",
        "leave",
    }
)
SECRET_KEYS = ("password", "passwd", "cvv", "card", "token", "secret", "pin")
MAX_TAIL = 1 << 16
"""Bytes read from the end of the file to find its last line (a line is far shorter)."""


def _canonical(entry: Mapping[str, object]) -> bytes:
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _clean(value: object) -> object:
    if isinstance(value, str):
        return scrub(value)
    if value is None or isinstance(value, bool | int):
        return value
    return scrub(str(value))


class AuditLog:
    """Appends to the log at ``path``. Blocking (it fsyncs): call it off the event loop, or
    accept a few milliseconds per operator action. Safe for several threads, and on POSIX for
    several processes on one file (an ``flock`` serialises appends)."""

    def __init__(
        self, path: Path | str, *, now: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        self.path = Path(path)
        self._now = now
        self._thread_lock = threading.Lock()

    def record(
        self,
        action: str,
        *,
        operator: str | None,
        terminal: str,
        object: str | None = None,
        outcome: str = "ok",
        **details: object,
    ) -> dict[str, Any]:
        """Append one line; returns it as written."""
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        for key in details:
            if any(secret in key.lower() for secret in SECRET_KEYS):
                raise ValueError(f"the audit log never keeps a {key!r}")
        entry: dict[str, Any] = {
            "time": self._now().astimezone(UTC).isoformat(timespec="milliseconds"),
            "action": action,
            "operator": _clean(operator),
            "terminal": _clean(terminal),
            "object": _clean(object),
            "outcome": _clean(outcome),
        }
        if details:
            entry["details"] = {key: _clean(value) for key, value in sorted(details.items())}
        with self._locked():
            entry["prev"] = _sha256(_last_line(self.path)) if self._has_lines() else GENESIS
            entry["hash"] = _sha256(_canonical(entry))
            self._append(_canonical(entry) + b"\n")
        return entry

    def _has_lines(self) -> bool:
        try:
            return self.path.stat().st_size > 0
        except FileNotFoundError:
            return False

    def _append(self, line: bytes) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._thread_lock:
            if sys.platform == "win32":
                yield
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path.with_name(self.path.name + ".lock"), "ab") as lock:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
                try:
                    self._repair_tail()
                    yield
                finally:
                    fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def _repair_tail(self) -> None:
        # A line torn by a crash mid-write was never a complete record: the chain goes on
        # from the last whole line.
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return
        if size == 0:
            return
        with open(self.path, "rb+") as file:
            file.seek(max(0, size - MAX_TAIL))
            tail = file.read()
            if tail.endswith(b"\n"):
                return
            cut = tail.rfind(b"\n")
            keep = size - len(tail) + cut + 1 if cut >= 0 else 0
            file.truncate(keep)
            os.fsync(file.fileno())


def _last_line(path: Path) -> bytes:
    with open(path, "rb") as file:
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(max(0, size - MAX_TAIL))
        tail = file.read().rstrip(b"\n")
    return tail.rsplit(b"\n", 1)[-1]


# --- checking the chain ------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    lines: int
    """How many lines were read (up to and including the broken one)."""
    broken_line: int | None = None
    """The 1-based number of the first line that breaks the chain, if any."""
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_line is None


def verify_log(path: Path | str) -> Verdict:
    """Check every line of the log at ``path``: its own hash, and that it chains to the line
    before. Names the first line that does not."""
    prev = GENESIS
    number = 0
    with open(path, "rb") as file:
        for number, raw in enumerate(file, 1):
            line = raw.rstrip(b"\n")
            reason = _check(line, prev)
            if reason:
                return Verdict(lines=number, broken_line=number, reason=reason)
            prev = _sha256(line)
    return Verdict(lines=number)


def _check(line: bytes, prev: str) -> str:
    try:
        entry = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return "not a JSON line"
    if not isinstance(entry, dict):
        return "not a JSON object"
    missing = [name for name in FIELDS if name not in entry]
    if missing:
        return "missing " + ", ".join(missing)
    if entry["prev"] != prev:
        return "does not follow the line before (prev hash differs)"
    claimed = entry.pop("hash")
    if claimed != _sha256(_canonical(entry)):
        return "its content was changed (hash differs)"
    return ""
