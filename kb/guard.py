"""Slowing down password guessing on the site (the one secret kb has: the admin password).

:class:`PasswordGuard` counts wrong passwords for the whole process (a guesser can open any number of
sessions): the first ``FREE_TRIES`` cost nothing, then each wrong try locks out *every* try for a delay
that doubles (1 s, 2 s, 4 s ... at most ``MAX_DELAY``); a right password resets the count.  A try
during a lock-out is refused without being compared, so guessing runs at most one try per delay.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

FREE_TRIES = 5
MAX_DELAY = 300.0


@dataclass(frozen=True)
class Verdict:
    ok: bool
    #: seconds to wait before the next try is compared (0: try again now)
    wait: float = 0.0


class PasswordGuard:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self.failures = 0
        self._until = 0.0

    def check(self, given: str, expected: str) -> Verdict:
        with self._lock:
            now = self._clock()
            if now < self._until:
                return Verdict(False, round(self._until - now, 1))
            if hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
                self.failures, self._until = 0, 0.0
                return Verdict(True)
            self.failures += 1
            over = self.failures - FREE_TRIES
            if over > 0:
                delay = min(2.0 ** (over - 1), MAX_DELAY)
                self._until = now + delay
                return Verdict(False, delay)
            return Verdict(False)


#: the site's guard (one per process)
GUARD = PasswordGuard()
