"""Rule 4: with infer: false every event is an ADD whose memory is the verbatim content of a user or
assistant message.

Judged on every `Verbatim` step by the player (contracts/rules/sequences.py, `_judge_verbatim`);
exercised once an infer: false add was answered. Where the server serves the v3 add, one drawn
step in three goes there (v3 stores `infer: false` messages verbatim too).
"""

from __future__ import annotations

from collections.abc import Mapping

from contracts.checks import CheckResult, check
from contracts.rules.hypothesis_search import Focus, judge_by_search
from contracts.rules.reads import mixing_v3
from contracts.rules.rule import Rule
from contracts.rules.sequences import Outcome
from contracts.run_context import RunContext

RULE = Rule(
    4,
    "verbatim",
    "with infer: false every event is an ADD whose memory is the verbatim content "
    "of a user or assistant message",
)
FOCUS = Focus(verbatim_first=True)


def exercised(outcomes: list[Outcome], events: Mapping[str, int]) -> tuple[bool, str]:
    if sum(o.verbatim_judged for o in outcomes) > 0:
        return True, ""
    return False, "no infer: false add was answered"


@check(RULE.check_id, RULE.label)
def infer_false_is_verbatim(ctx: RunContext, result: CheckResult) -> None:
    judge_by_search(ctx, result, RULE, mixing_v3(ctx, FOCUS), exercised)
