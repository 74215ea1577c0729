"""Rule 2: an UPDATE or DELETE names a live memory of the same scope.

Judged on every answer of the played sequences by `ObservedMemories` (contracts/rules/
observed_memories.py, `_judge_change`), which names the owner when another scope's memory is
touched. The scripted story tells the same user's facts in two scopes (alone, then with an agent)
so a leaky server shows itself. An ADD-only server never exercises this rule: reported, not failed.
"""

from __future__ import annotations

from collections.abc import Mapping

from contracts.checks import CheckResult, check
from contracts.rules.hypothesis_search import Focus, judge_by_search
from contracts.rules.rule import Rule
from contracts.rules.sequences import Outcome
from contracts.run_context import RunContext

RULE = Rule(2, "live-scope", "an UPDATE or DELETE names a live memory of the same scope")
FOCUS = Focus()  # the stories' changes and retractions make an extracting server UPDATE/DELETE


def exercised(outcomes: list[Outcome], events: Mapping[str, int]) -> tuple[bool, str]:
    if events["UPDATE"] + events["DELETE"] > 0:
        return True, ""
    return False, "the server never UPDATEd or DELETEd"


@check(RULE.check_id, RULE.label)
def changes_stay_in_scope(ctx: RunContext, result: CheckResult) -> None:
    judge_by_search(ctx, result, RULE, FOCUS, exercised)
