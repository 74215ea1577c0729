"""Rule 3: a memory added with immutable: true is never later UPDATEd or DELETEd.

- The judgement: `ObservedMemories` remembers the ids an `immutable: true` add answered and flags
  any later UPDATE or DELETE of them (contracts/rules/observed_memories.py, `_judge_change`; it
  needs the memories of every scope, which the model holds).
- A challenge: a user turn that changes or retracts a fact in a scope holding an immutable memory
  (`Outcome.immutable_challenged`, counted by the player in contracts/rules/sequences.py).
- Exercised: at least one challenge, and the server UPDATEd or DELETEd something at all (an
  ADD-only server cannot show whether it honours the flag).
- The search (its `FOCUS`): immutable: true is drawn for half the user turns; the scripted story
  pins user 1's facts and then contradicts them.
"""

from __future__ import annotations

from collections.abc import Mapping

from contracts.checks import CheckResult, check
from contracts.rules.hypothesis_search import Focus, judge_by_search
from contracts.rules.rule import Rule
from contracts.rules.sequences import Outcome
from contracts.run_context import RunContext

RULE = Rule(3, "immutable", "a memory added with immutable: true is never later UPDATEd or DELETEd")
FOCUS = Focus(immutable_often=True)


def exercised(outcomes: list[Outcome], events: Mapping[str, int]) -> tuple[bool, str]:
    challenged = sum(o.immutable_challenged for o in outcomes)
    if challenged > 0 and events["UPDATE"] + events["DELETE"] > 0:
        return True, ""
    return False, "no UPDATE/DELETE ever happened to challenge it"


@check(RULE.check_id, RULE.label)
def immutable_memories_stay(ctx: RunContext, result: CheckResult) -> None:
    judge_by_search(ctx, result, RULE, FOCUS, exercised)
