"""The forum's lock, which also tells the test server whether the forum may have changed."""

from __future__ import annotations

import threading


class CountingLock:
    """A re-entrant lock that counts its acquisitions. The test server uses the count to see
    that nobody (a mutation helper, or a test holding the lock) touched the forum between two
    pages of one listing walk, so it can page on without building the listing again."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.acquisitions = 0

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        acquired = self._lock.acquire(blocking, timeout)
        if acquired:
            self.acquisitions += 1
        return acquired

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.release()
