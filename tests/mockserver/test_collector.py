"""The collector policy of the `mem0-kit mock` process (`mockserver/collector.py`).

Each case runs in a fresh interpreter: the policy is process-wide, and this one is pytest's.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_what_survives_a_full_sweep_is_frozen_out_of_the_next() -> None:
    _run(
        """
        import gc
        from mockserver.collector import freeze_full_sweep_survivors

        freeze_full_sweep_survivors()
        frozen = gc.get_freeze_count()
        kept = [[f"memory {i}"] for i in range(5_000)]  # tracked for good, as stored memories are
        gc.collect()
        assert gc.get_freeze_count() >= frozen + len(kept), (frozen, gc.get_freeze_count())
        assert not any(o is kept[0] for o in gc.get_objects(generation=2))
        """
    )


def test_a_cycle_that_becomes_garbage_after_the_last_sweep_is_still_collected() -> None:
    _run(
        """
        import gc, weakref
        from mockserver.collector import freeze_full_sweep_survivors

        class Node:
            pass

        freeze_full_sweep_survivors()
        gc.collect()
        node = Node()
        node.self = node
        gone = weakref.ref(node)
        del node
        gc.collect()
        assert gone() is None
        """
    )


def test_installing_it_twice_adds_one_hook() -> None:
    _run(
        """
        import gc
        from mockserver.collector import freeze_full_sweep_survivors

        before = len(gc.callbacks)
        freeze_full_sweep_survivors()
        freeze_full_sweep_survivors()
        assert len(gc.callbacks) == before + 1
        """
    )
