"""Rule 11: the v3 add only ADDs, is queued when `infer: true`, and drops exact repeats.

Judged on every v3 step by the player (contracts/rules/sequences.py, with the answer's own shape
in contracts/rules/v3_answers.py): the answer is an `AddMemoriesV3Response`, `PENDING` for
`infer: true` (followed through the event endpoint) and `SUCCEEDED` for `infer: false`; every
event is an ADD; none adds a text the scope already holds word for word (case folded). Its
search sends only v3 adds, some of them a turn said again. Not exercised where the target does
not serve `POST /v3/memories/add/`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from contracts.checks import CheckResult, check
from contracts.rules.conversations import Beat
from contracts.rules.hypothesis_search import Focus, judge_by_search
from contracts.rules.reads import ADD_V3, unserved_status
from contracts.rules.rule import Rule
from contracts.rules.sequences import Action, Converse, Outcome, Verbatim
from contracts.run_context import RunContext
from mem0spec import bundled

RULE = Rule(
    11,
    "v3-add",
    "the v3 add only ADDs, is queued when infer: true, and drops exact repeats",
)


def v3_story() -> list[Action]:
    """An introduction said twice, a move and a retraction (ADDs, never UPDATE/DELETE), notes
    stored at once, a liked food said twice in another scope."""
    return [
        Converse(0, Beat.INTRODUCE, api="v3"),
        Converse(0, Beat.INTRODUCE, api="v3", repeat=True),
        Converse(0, Beat.MOVE, api="v3"),
        Converse(0, Beat.LEAVE_CITY, api="v3"),
        Verbatim(1, notes=(3,), system=True, api="v3"),
        Converse(2, Beat.LIKE_FOOD, api="v3"),
        Converse(2, Beat.LIKE_FOOD, api="v3", repeat=True),
    ]


FOCUS = Focus(api="v3", story=v3_story, examples_share=0.5)


def exercised(outcomes: list[Outcome], events: Mapping[str, int]) -> tuple[bool, str]:
    adds = sum(o.v3_adds for o in outcomes)
    repeats = sum(o.v3_repeats for o in outcomes)
    if adds:
        return True, f"{adds} v3 adds, {repeats} of them exact repeats"
    return False, "no v3 add was answered"


@check(RULE.check_id, RULE.label)
def v3_add_only_adds(ctx: RunContext, result: CheckResult) -> None:
    status = unserved_status(ctx, ADD_V3)
    if status is not None:
        result.exercised = False
        label = bundled().operation(ADD_V3).label
        result.note = f"not served: {label} ({status})"
        return
    judge_by_search(ctx, result, RULE, replace(FOCUS), exercised)
