"""The search the read-back rules (8, 9, 10) share: overlapping scopes, a read after each
sequence, v3 adds among the steps where the target serves them, fewer sequences than rules 1-5."""

from __future__ import annotations

from dataclasses import replace

from contracts.checks import CheckResult
from contracts.rules.conversations import Beat
from contracts.rules.hypothesis_search import Focus
from contracts.rules.reads import ADD_V3, GET, LISTS, SEARCHES, unserved_status
from contracts.rules.sequences import OVERLAPPING_LAYOUT, Action, Converse, Outcome, Verbatim
from contracts.run_context import RunContext
from mem0spec import bundled

# Each replay of a sequence reads every scope back, so shrinking gets less time than rules 1-5.
READ_BACK = Focus(
    layout=OVERLAPPING_LAYOUT,
    every_scope=True,
    read_back=("scope",),
    examples_share=0.25,
    shrink_seconds=5.0,
)
# The reads of a scope and by id that rules 8 and 9 judge.
SCOPE_READS = (*LISTS, *SEARCHES, GET)
SCOPE_READ_LABELS = tuple(bundled().operation(op).label for op in SCOPE_READS)


def read_back_story(v3: bool) -> list[Action]:
    """Every scope of `OVERLAPPING_LAYOUT` (the same user alone, with agents a0 and a1, with a run
    and an app; another user, alone and with agent a0): ADDs in each, an UPDATE and a DELETE in
    the first, verbatim notes, queued adds, and v3 adds if served."""
    steps: list[Action] = [
        Converse(0, Beat.INTRODUCE, output_format="v1.1"),
        Converse(1, Beat.INTRODUCE),
        Converse(2, Beat.LIKE_FOOD, output_format="v1.1", async_mode=True),
        Converse(3, Beat.INTRODUCE, output_format="v1.1"),
        Converse(0, Beat.MOVE, output_format="v1.1"),
        Converse(0, Beat.GET_PET, output_format="v1.1"),
        Converse(0, Beat.LOSE_PET, output_format="v1.1"),
        Verbatim(1, notes=(2,), output_format="v1.1"),
        Converse(4, Beat.GET_PET, output_format="v1.1"),
        Converse(5, Beat.INTRODUCE, async_mode=True),
        Converse(6, Beat.LIKE_FOOD, output_format="v1.1"),
    ]
    if v3:
        # A move told through v3 supersedes where user 1 lived (the old memory stays listed).
        steps += [
            Converse(2, Beat.GET_PET, api="v3"),
            Verbatim(3, notes=(5,), api="v3"),
            Converse(3, Beat.MOVE, api="v3"),
        ]
    return steps


def focus_for(ctx: RunContext, reads: tuple[str, ...] = ("scope",)) -> Focus:
    """The read-back search for `ctx`'s target, making the reads of `reads` after each sequence
    (`ReadBack.run`)."""
    v3 = unserved_status(ctx, ADD_V3) is None
    story = lambda: read_back_story(v3)  # noqa: E731
    return replace(READ_BACK, api="both" if v3 else "v1", story=story, read_back=reads)


def none_served(ctx: RunContext, result: CheckResult, operation_ids: tuple[str, ...]) -> bool:
    """When the target serves none of the operations a rule reads with, mark the check not
    exercised (saying which answered what) and return True: nothing would be read back."""
    statuses = {op: unserved_status(ctx, op) for op in operation_ids}
    if any(status is None for status in statuses.values()):
        return False
    result.exercised = False
    shown = ", ".join(f"{bundled().operation(op).label} ({s})" for op, s in statuses.items())
    result.note = f"not served: {shown}"
    return True


def unserved_note(outcomes: list[Outcome], labels: tuple[str, ...] = ()) -> str:
    """`not served: GET /v1/memories/{memory_id}/history/ (404)`, for the operations of `labels`
    (all when empty) that the target does not serve."""
    unserved: dict[str, int] = {}
    for outcome in outcomes:
        unserved.update(outcome.unserved)
    shown = [
        f"{label} ({status})" for label, status in unserved.items() if not labels or label in labels
    ]
    return "not served: " + ", ".join(shown) if shown else ""
