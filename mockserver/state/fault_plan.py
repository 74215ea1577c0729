"""Deterministic fault injection (`fault_rate`): which valid requests are answered 500.

The choice is a hash of the seed, the request's channel (its scope, or the operation) and the
channel's request count, so the same seed and requests fail the same requests on any machine.
"""

from __future__ import annotations

import collections
import hashlib
from collections.abc import Hashable

__all__ = ["FaultPlan"]


class FaultPlan:
    """Deterministic fault injection: the n-th request of a channel fails iff hash < rate."""

    def __init__(self, seed: int, rate: float, max_channels: int) -> None:
        self.seed = seed
        self.rate = rate
        self.max_channels = max_channels
        self._counts: collections.OrderedDict[Hashable, int] = collections.OrderedDict()

    def should_fail(self, channel: Hashable) -> bool:
        if self.rate <= 0.0:
            return False
        count = self._counts.pop(channel, 0) + 1
        self._counts[channel] = count
        if len(self._counts) > self.max_channels:
            self._counts.popitem(last=False)
        digest = hashlib.sha256(f"{self.seed}\x1f{channel!r}\x1f{count}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64 < self.rate

    def reset(self) -> None:
        self._counts.clear()
