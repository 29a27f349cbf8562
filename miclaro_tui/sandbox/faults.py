"""A fault hook for the crash tests: ``MICLARO_SANDBOX_FAULT=kill-after-claim:N`` makes the
server SIGKILL itself right after the N-th Idempotency-Key claim has committed, before any
work or answer is stored: the moment a real crash would leave a key in flight. Unset (the
default), nothing happens. Never set it outside tests."""

from __future__ import annotations

import os
import signal
import threading

FAULT_ENV = "MICLARO_SANDBOX_FAULT"


class FaultHook:
    def __init__(self, spec: str | None) -> None:
        name, _, count = (spec or "").partition(":")
        self.kill_at = int(count or 1) if name == "kill-after-claim" else 0
        self._claims = 0
        self._lock = threading.Lock()

    @classmethod
    def from_environment(cls) -> FaultHook:
        return cls(os.environ.get(FAULT_ENV))

    def after_claim(self) -> None:
        if not self.kill_at:
            return
        with self._lock:
            self._claims += 1
            if self._claims == self.kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
