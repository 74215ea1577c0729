"""Rule 10: a memory's history rows are the ADD, UPDATE and DELETE events seen for it, in order.

Judged by `ReadBack` (contracts/rules/read_back.py, `history_problem`) after each sequence of its
search: `GET /v1/memories/{memory_id}/history/` of the memories that changed most. Not exercised
where the target does not serve history.
"""

from __future__ import annotations

from collections.abc import Mapping

from contracts.checks import CheckResult, check
from contracts.rules.hypothesis_search import judge_by_search
from contracts.rules.read_back_focus import focus_for, none_served, unserved_note
from contracts.rules.reads import HISTORY
from contracts.rules.rule import Rule
from contracts.rules.sequences import Outcome
from contracts.run_context import RunContext
from mem0spec import bundled

RULE = Rule(
    10, "history", "a memory's history rows are the ADD, UPDATE and DELETE events seen for it"
)


def exercised(outcomes: list[Outcome], events: Mapping[str, int]) -> tuple[bool, str]:
    judged = sum(o.histories_judged for o in outcomes)
    if judged:
        return True, f"{judged} histories compared with their events"
    label = bundled().operation(HISTORY).label
    return False, unserved_note(outcomes, (label,)) or "no memory had events to compare"


@check(RULE.check_id, RULE.label)
def history_matches_events(ctx: RunContext, result: CheckResult) -> None:
    if not none_served(ctx, result, (HISTORY,)):
        judge_by_search(ctx, result, RULE, focus_for(ctx, ("history",)), exercised)
