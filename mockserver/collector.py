"""Short collector pauses under a growing store: what survives a full sweep is frozen.

A full collection visits every object the collector tracks, and the store is made of them: CPython
untracks only exact tuples of atomic values, never a NamedTuple such as `StoredMemory` or
`HistoryRow`. With 20,000 distinct adds held, a full sweep took ~340 ms, every connection waiting
behind it, and each grew with the store (bench/ANALYSIS.md). Freezing what survives each full
sweep (`gc.freeze` when generation 2 stops) leaves the next sweep only what was promoted since:
their pauses stay ~20-60 ms whatever the store holds, and the collector's total time nearly
halves.

The price: a cycle whose objects were alive at a sweep and became garbage later (a connection open
then, closed since) is not collected. Refcounting still frees everything that is not a cycle, and
under connection churn the RSS kept per request is the same with and without (the churn
section of bench/RESULTS.md). Only the `mem0-kit mock` process does this: a mock started in
someone's test process leaves their collector as it is.
"""

from __future__ import annotations

import gc
from typing import Any

__all__ = ["freeze_full_sweep_survivors"]

_OLDEST = 2


def _after_sweep(phase: str, info: dict[str, Any]) -> None:
    if phase == "stop" and info["generation"] == _OLDEST:
        gc.freeze()


def freeze_full_sweep_survivors() -> None:
    """Freeze what is alive now and, from now on, what survives each full sweep."""
    # Without a collection first: at start-up it finds ~300 objects of garbage (cycles the
    # imports left), not worth its 14 ms before the first request.
    gc.freeze()
    if _after_sweep not in gc.callbacks:
        gc.callbacks.append(_after_sweep)
