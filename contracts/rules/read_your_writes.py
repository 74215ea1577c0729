"""Rule 8: every live memory the events reported is read back with its text; no deleted one is.

Judged after each sequence of its search by `ReadBack` (contracts/rules/read_back.py): list of
the memory's scope (v1, v2, v3), search for its text (v1, v2, v3), get by id; a DELETEd memory
must show in none and its get must be 404. Exercised once any of these reads is served.
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
    8,
    "read-your-writes",
    "every live memory the events reported is returned by get, list and search of its scope, "
    "with its text; no deleted memory is",
)


def exercised(outcomes: list[Outcome], events: Mapping[str, int]) -> tuple[bool, str]:
    reads: dict[str, int] = {}
    for outcome in outcomes:
        for label, count in outcome.reads.items():
            reads[label] = reads.get(label, 0) + count
    note = unserved_note(outcomes, SCOPE_READ_LABELS)
    if not reads:
        return False, note or "no read was made"
    said = f"{sum(reads.values())} reads over {len(reads)} operations"
    return True, f"{said}; {note}" if note else said


@check(RULE.check_id, RULE.label)
def writes_are_read_back(ctx: RunContext, result: CheckResult) -> None:
    if not none_served(ctx, result, SCOPE_READS):
        judge_by_search(ctx, result, RULE, focus_for(ctx), exercised)
