"""Hybrid logical clock stamps (DESIGN §4).

A stamp is one integer: wall-clock milliseconds shifted left 16 bits plus a 16-bit counter, so
integer order is (milliseconds, counter) order. Ties between devices are broken by the device id,
which travels beside the stamp. The clock never runs backwards, even if the system clock does.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone

COUNTER_BITS = 16
COUNTER_MASK = (1 << COUNTER_BITS) - 1


def pack(ms: int, counter: int = 0) -> int:
    return (ms << COUNTER_BITS) | counter


def millis(stamp: int) -> int:
    return stamp >> COUNTER_BITS


def to_datetime(stamp: int) -> datetime:
    return datetime.fromtimestamp(millis(stamp) / 1000, tz=timezone.utc)


def wall_ms() -> int:
    return int(time.time() * 1000)


_time_source = None


def set_time_source(fn) -> None:
    """Tests only: make every clock read ``fn()`` milliseconds instead of the system clock."""
    global _time_source
    _time_source = fn


def now_ms() -> int:
    return _time_source() if _time_source is not None else wall_ms()


class HybridClock:
    """Issues strictly increasing stamps; ``last`` is persisted by the store with every write."""

    def __init__(self, last: int = 0, now_ms=None):
        self.last = last
        self._now_ms = now_ms or globals()["now_ms"]

    def tick(self) -> int:
        ms = self._now_ms()
        if ms > millis(self.last):
            self.last = pack(ms)
        else:
            self.last += 1
        return self.last

    def observe(self, remote: int) -> None:
        """Move past a stamp received from another device (only call for sane stamps)."""
        if remote > self.last:
            self.last = remote

    def system_clock_behind(self) -> int:
        """Milliseconds by which the system clock is behind the last stamp issued (0 if not)."""
        return max(0, millis(self.last) - self._now_ms())
