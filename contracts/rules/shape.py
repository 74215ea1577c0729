"""Rule 5: the response shape follows output_format and async_mode.

Every answer is checked against the `AddMemoriesResponse` branch titled for what the add asked
(`bundled().requested_shape`, absent and null meaning the default; with `async_mode` absent or
null a queued answer is as compatible as a synchronous one, since Mem0's docs default it to
true), and each queued item's `event_id` is followed through `GET /v1/event/{event_id}/` to a
terminal state (contracts/rules/sequences.py, `_events` and `_follow`). The report says how many
of the four shapes were seen, and how adds without `async_mode` were answered.
"""

from __future__ import annotations

from collections.abc import Mapping

from contracts.checks import CheckResult, check
from contracts.rules.hypothesis_search import Focus, judge_by_search
from contracts.rules.rule import Rule
from contracts.rules.sequences import Outcome
from contracts.run_context import RunContext

RULE = Rule(5, "shape", "the response shape follows output_format and async_mode")
FOCUS = Focus(queued_often=True)


def exercised(outcomes: list[Outcome], events: Mapping[str, int]) -> tuple[bool, str]:
    shapes: set[tuple[str, bool]] = set()
    default_async: set[bool] = set()
    for outcome in outcomes:
        shapes |= outcome.shapes
        default_async |= outcome.default_async
    note = f"{len(shapes)} of 4 shapes seen"
    if default_async:
        # Either is compatible when the add leaves async_mode out: say which the server gives.
        ways = " and ".join(
            w for q, w in ((False, "synchronously"), (True, "queued")) if q in default_async
        )
        note += f"; without async_mode it answered {ways}"
    return bool(shapes), note


@check(RULE.check_id, RULE.label)
def shape_follows_the_request(ctx: RunContext, result: CheckResult) -> None:
    judge_by_search(ctx, result, RULE, FOCUS, exercised)
