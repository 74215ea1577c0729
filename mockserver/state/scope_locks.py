"""Each scope's adds run one at a time, in arrival order, even when some leave the event loop.

A large add (many messages) is reconciled in a worker thread so it does not stall every other
client; while it runs, later adds to the *same* scope wait for it (an asyncio.Lock is first come,
first served), so a scope's answers stay what they would be one request after another.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Hashable

__all__ = ["ScopeLocks"]


class ScopeLocks:
    def __init__(self) -> None:
        # scope -> (its lock, requests holding or waiting for it); gone when nobody needs it
        self._locks: dict[Hashable, tuple[asyncio.Lock, int]] = {}

    def busy(self, key: Hashable) -> bool:
        return key in self._locks

    @contextlib.asynccontextmanager
    async def hold(self, key: Hashable) -> AsyncIterator[None]:
        lock, users = self._locks.get(key) or (asyncio.Lock(), 0)
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)
