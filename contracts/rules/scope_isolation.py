"""Rule 9: nothing added under one combination of scope ids is visible under another.

A read of a scope may show only memories whose scope ids agree with every id the read names (the
user alone sees the user's memories with any agent; the user with agent a0 none of agent a1's, nor
the user's without an agent; another user none), each carrying the ids it was added with. Judged
by `ReadBack` (contracts/rules/read_back.py) on the same reads as rule 8, after sequences that
the search draws over overlapping scopes (`OVERLAPPING_LAYOUT` in contracts/rules/sequences.py).
"""

from __future__ import annotations

from collections.abc import Mapping

from contracts.checks import CheckResult, check
from contracts.rules.hypothesis_search import judge_by_search
from contracts.rules.read_back_focus import (
    SCOPE_READ_LABELS,
    SCOPE_READS,
    focus_for,
    none_served,
    unserved_note,
)
from contracts.rules.rule import Rule
from contracts.rules.sequences import Outcome
from contracts.run_context import RunContext

RULE = Rule(
    9,
    "scope-isolation",
    "a read of a scope shows only memories added under scope ids it admits, each with its own ids",
)


def exercised(outcomes: list[Outcome], events: Mapping[str, int]) -> tuple[bool, str]:
    reads = sum(o.reads.get(label, 0) for o in outcomes for label in SCOPE_READ_LABELS)
    note = unserved_note(outcomes, SCOPE_READ_LABELS)
    if not reads:
        return False, note or "no read was made"
    return True, f"{reads} reads of overlapping scopes" + (f"; {note}" if note else "")


@check(RULE.check_id, RULE.label)
def scopes_are_isolated(ctx: RunContext, result: CheckResult) -> None:
    if not none_served(ctx, result, SCOPE_READS):
        judge_by_search(ctx, result, RULE, focus_for(ctx), exercised)
