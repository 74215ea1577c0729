"""Rule 1: ids are unique within a response, and an ADD id is new in its scope.

Judged on every answer of the played sequences by `ObservedMemories.apply`
(contracts/rules/observed_memories.py); exercised once the server ADDed anything. Where the server
serves the v3 add, one drawn step in three goes there.
"""

from __future__ import annotations

from collections.abc import Mapping

from contracts.checks import CheckResult, check
from contracts.rules.hypothesis_search import Focus, judge_by_search
from contracts.rules.reads import mixing_v3
from contracts.rules.rule import Rule
from contracts.rules.sequences import Outcome
from contracts.run_context import RunContext

RULE = Rule(1, "ids", "ids are unique within a response, and an ADD id is new in its scope")
FOCUS = Focus()  # any conversation produces ADDs


def exercised(outcomes: list[Outcome], events: Mapping[str, int]) -> tuple[bool, str]:
    if events["ADD"] > 0:
        return True, ""
    return False, "the server never ADDed"


@check(RULE.check_id, RULE.label)
def ids_are_unique(ctx: RunContext, result: CheckResult) -> None:
    judge_by_search(ctx, result, RULE, mixing_v3(ctx, FOCUS), exercised)
