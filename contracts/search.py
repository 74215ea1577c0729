"""The Hypothesis search behind rules 1-5: draw action sequences, play them, shrink what fails.

One search per rule: a sequence fails only when it breaks *that* rule, so each rule's report carries
its own smallest failing example. Every search starts with the scripted story (introductions,
changes, retractions, an immutable fact challenged, notes stored verbatim, all four shapes), so
every rule is exercised even by a small budget.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from contracts import spec
from contracts.checks import CheckResult
from contracts.context import RunContext
from contracts.conversations import CHANGES, FACTS, STORY, Beat
from contracts.failures import Failure
from contracts.machine import ABSENT, Action, Conversation, Converse, Outcome, Verbatim, record
from contracts.rules import rule

# Shrinking replays sequences against the server; past this many seconds the best example so far
# is reported as it is.
SHRINK_BUDGET_SECONDS = 20.0


class _Broken(Exception):
    """Raised inside the Hypothesis test when a sequence breaks the rule under search."""


def scripted_story() -> list[Action]:
    """The sequence every search starts with.

    User 0 introduces herself, then the same user talking to an agent (another scope) reports a
    move and a lost pet: an isolated server ADDs the move there and deletes nothing, a leaky one
    UPDATEs or DELETEs user 0's memories. User 0 then changes and retracts her facts; user 1 pins
    facts with immutable: true and contradicts them; notes are stored verbatim.
    """
    formats = [ABSENT, "v1.1", None, "v1.0"]
    steps: list[Action] = [
        Converse(0, beat, output_format=formats[i % 4]) for i, beat in enumerate(FACTS)
    ]
    steps += [
        Converse(1, Beat.MOVE, output_format="v1.1"),
        Converse(1, Beat.LOSE_PET, output_format="v1.1", async_mode=True),
    ]
    steps += [Converse(0, beat, output_format=formats[i % 4]) for i, beat in enumerate(CHANGES)]
    steps += [
        Converse(2, Beat.INTRODUCE, immutable=True, output_format="v1.1"),
        Converse(2, Beat.MOVE, output_format="v1.1"),
        Converse(2, Beat.LEAVE_CITY, async_mode=True),
        Verbatim(3, notes=(0, 5), system=True, output_format="v1.1"),
        Verbatim(3, notes=(6,), async_mode=True),
        Converse(2, Beat.CHANGE_JOB, output_format="v1.0", async_mode=False),
    ]
    return steps


def _strategy(ctx: RunContext, focus: int) -> Any:
    from hypothesis import strategies as st

    slots = st.integers(0, ctx.profile.scopes - 1)
    formats = st.sampled_from([ABSENT, None, *spec.enum_values("output_format")])
    # Queued adds are slower (each is followed to its end); the shape rule wants them often.
    modes = st.sampled_from([ABSENT, False, True] if focus == 5 else [ABSENT, ABSENT, False, True])
    converse = st.builds(
        Converse,
        scope=slots,
        beat=st.one_of(st.none(), st.sampled_from(STORY)),
        output_format=formats,
        async_mode=modes,
        immutable=st.booleans() if focus == 3 else st.sampled_from([False, False, False, True]),
    )
    verbatim = st.builds(
        Verbatim,
        scope=slots,
        notes=st.lists(st.integers(0, 6), min_size=1, max_size=3).map(tuple),
        system=st.booleans(),
        output_format=formats,
        async_mode=modes,
    )
    action = st.one_of(verbatim, converse) if focus == 4 else st.one_of(converse, verbatim)
    return st.lists(action, min_size=1, max_size=ctx.profile.max_steps)


@dataclass
class _Search:
    ctx: RunContext
    focus: int
    outcomes: list[Outcome] = field(default_factory=list)
    best: tuple[list[Action], Outcome] | None = None
    first_failure_at: float | None = None
    numbers: Any = field(default_factory=lambda: itertools.count(1))

    def play(self, actions: list[Action]) -> Outcome | None:
        """Play a sequence in fresh scopes; the outcome if it breaks the rule, else None."""
        outcome = Conversation(self.ctx, f"r{self.focus}s{next(self.numbers)}").play(actions)
        self.outcomes.append(outcome)
        return outcome if any(v.rule == self.focus for v, _ in outcome.violations) else None

    def out_of_budget(self) -> bool:
        started = self.first_failure_at
        return started is not None and time.monotonic() - started > SHRINK_BUDGET_SECONDS


def search_rule(ctx: RunContext, result: CheckResult, focus: int) -> list[Outcome]:
    """Run the search for one rule; failures (with the smallest example) go into `result`.

    The scripted story is played first; then Hypothesis draws sequences and shrinks any that
    breaks the rule. If only the story broke it, the story is shrunk by dropping steps one by one.
    """
    state = _Search(ctx, focus)
    story = scripted_story()
    story_outcome = state.play(story)
    if story_outcome is not None:
        state.first_failure_at = time.monotonic()
    _hypothesis_search(state)
    if state.best is None and story_outcome is not None:
        state.first_failure_at = time.monotonic()
        state.best = _drop_steps(state, story, story_outcome)
    for outcome in state.outcomes:
        record(result, outcome)
    if state.best is not None:
        result.failures.append(_failure(result, focus, *state.best))
    return state.outcomes


def _hypothesis_search(state: _Search) -> None:
    import hypothesis
    from hypothesis import HealthCheck, Phase, given, settings

    def play(actions: list[Action]) -> None:
        if state.out_of_budget() and state.best is not None:
            # Stop replaying against the server; the smallest example so far is the answer.
            if actions == state.best[0]:
                raise _Broken()
            return
        outcome = state.play(actions)
        if outcome is not None:
            if state.best is None or len(actions) <= len(state.best[0]):
                state.best = (list(actions), outcome)
            state.first_failure_at = state.first_failure_at or time.monotonic()
            raise _Broken()

    drawn: Any = given(_strategy(state.ctx, state.focus))
    test = drawn(play)
    test = settings(
        settings.get_profile("default"),
        max_examples=state.ctx.profile.rule_examples,
        database=None,
        deadline=None,
        derandomize=False,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate, Phase.shrink],
    )(test)
    test = hypothesis.seed(state.ctx.target.seed * 10 + state.focus)(test)
    try:
        test()
    except _Broken:
        pass
    except hypothesis.errors.HypothesisException:
        # Flaky answers (a replay that no longer fails) still leave the best example recorded.
        pass


def _drop_steps(
    state: _Search, actions: list[Action], outcome: Outcome
) -> tuple[list[Action], Outcome]:
    """Greedy shrinking of a fixed sequence: drop each step whose absence still breaks the rule."""
    index = 0
    while index < len(actions) and not state.out_of_budget():
        candidate = actions[:index] + actions[index + 1 :]
        smaller = state.play(candidate) if candidate else None
        if smaller is not None:
            actions, outcome = candidate, smaller
        else:
            index += 1
    return actions, outcome


def _failure(result: CheckResult, focus: int, actions: list[Action], outcome: Outcome) -> Failure:
    violation, exchange = next((v, e) for v, e in outcome.violations if v.rule == focus)
    return Failure(
        check_id=result.check_id,
        clause=rule(focus).label,
        title=violation.message,
        message=f"a {len(actions)}-step sequence breaks rule {focus}: {violation.message}",
        curl=exchange.curl() if exchange is not None else "",
        status=exchange.status if exchange is not None else None,
        body_excerpt=exchange.excerpt() if exchange is not None else "",
        example="\n".join(outcome.lines),
        rule=focus,
    )
