"""Fault injection and rate limiting for the test server, switchable at run time.

    server.faults.add("http_503", "/t/*", times=2)           # next two /t/ requests fail
    server.faults.add("rate_limit_json", "/latest.json", wait_seconds=1)
    server.faults.add("slow", "*", delay=3.0, times=None)     # every request, until cleared
    server.faults.clear()

Glob patterns (fnmatch) match the request path without the query string; `*` also matches
"/", so "/t/*" covers /t/12.json, /t/slug/12.json and /t/12/posts.json. The first pending
fault that matches a request fires; `skip=N` lets N matching requests through first.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

FAULT_KINDS = frozenset(
    {
        "http_500",
        "http_502",
        "http_503",
        "http_403",
        "http_404",
        "http_410",
        "rate_limit_json",
        "rate_limit_text",
        "slow",
        "malformed_json",
        "drop_connection",
    }
)


@dataclass
class Fault:
    kind: str
    path_glob: str = "*"
    times: int | None = 1  # None: until cleared
    skip: int = 0
    wait_seconds: int = 1  # rate_limit_*: what the 429 asks the client to wait
    delay: float = 2.0  # slow: seconds to sleep before answering normally
    fired: int = 0

    def matches(self, path: str) -> bool:
        return fnmatchcase(path, self.path_glob)

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.fired >= self.times


@dataclass
class FaultPlan:
    """The pending faults of one server. Thread-safe."""

    _faults: list[Fault] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(
        self,
        kind: str,
        path_glob: str = "*",
        *,
        times: int | None = 1,
        skip: int = 0,
        wait_seconds: int = 1,
        delay: float = 2.0,
    ) -> Fault:
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; one of {sorted(FAULT_KINDS)}")
        fault = Fault(
            kind, path_glob, times=times, skip=skip, wait_seconds=wait_seconds, delay=delay
        )
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def pending(self) -> list[Fault]:
        with self._lock:
            return [f for f in self._faults if not f.exhausted]

    def take(self, path: str) -> Fault | None:
        """The fault to apply to this request, if any (counts it as fired)."""
        with self._lock:
            for fault in self._faults:
                if fault.exhausted or not fault.matches(path):
                    continue
                if fault.skip > 0:
                    fault.skip -= 1
                    continue
                fault.fired += 1
                return fault
            return None


class RateLimiter:
    """A token bucket: `per_second` requests per second on average, bursts up to `burst`."""

    def __init__(self, per_second: float, burst: int | None = None) -> None:
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self.per_second = per_second
        self.burst = burst if burst is not None else max(1, math.ceil(per_second))
        self._tokens = float(self.burst)
        self._stamp = time.monotonic()
        self._lock = threading.Lock()

    def acquire(self) -> int:
        """0 when the request may pass, else the whole seconds to wait (at least 1)."""
        with self._lock:
            moment = time.monotonic()
            self._tokens = min(self.burst, self._tokens + (moment - self._stamp) * self.per_second)
            self._stamp = moment
            if self._tokens >= 1:
                self._tokens -= 1
                return 0
            return max(1, math.ceil((1 - self._tokens) / self.per_second))
