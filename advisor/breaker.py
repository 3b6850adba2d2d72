"""A circuit breaker for the LLM backend: after repeated failures, skip it for a while and answer offline at once.

Without it every question waits the whole LLM timeout for a backend that is down. Hand-written
(twenty lines) rather than a dependency: the rule is one counter and one clock, and it must be
thread-safe across the HTTP worker threads, which these few lines are.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class CircuitBreaker:
    """Closed until ``failures`` consecutive failures; then open for ``open_s`` seconds; then one trial call."""

    def __init__(self, failures: int, open_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.failures = failures
        self.open_s = open_s
        self._clock = clock
        self._lock = threading.Lock()
        self._count = 0
        self._open_until = 0.0

    def allows(self) -> bool:
        """Whether to call the backend now (an open breaker lets one trial through once its time is up)."""
        with self._lock:
            return self._clock() >= self._open_until

    def seconds_left(self) -> float:
        with self._lock:
            return max(0.0, self._open_until - self._clock())

    def success(self) -> None:
        with self._lock:
            self._count = 0
            self._open_until = 0.0

    def failure(self) -> None:
        with self._lock:
            self._count += 1
            if self._count >= self.failures:
                self._open_until = self._clock() + self.open_s
