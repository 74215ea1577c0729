"""The Hypothesis search behind rules 1-5 and 8-11: draw action sequences, play them, shrink what
fails.

One search per rule: a sequence fails only when it breaks *that* rule, so each rule's report carries
its own smallest failing example. Every search starts with the scripted story (introductions,
changes, retractions, an immutable fact challenged, notes stored verbatim, all four shapes), so
every rule is exercised even by a small budget. A rule leans the draws its own way (its `Focus`)
and says from the played outcomes whether the run exercised it (its `Exercised` function). The
read-back rules (8-10) play over overlapping scopes and read back after each sequence
(contracts/rules/read_back.py); rule 11 plays v3 adds.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from contracts.checks import CheckResult
from contracts.failures import Failure
from contracts.rules.conversations import CHANGES, FACTS, STORY, Beat
from contracts.rules.read_back import ReadBack
from contracts.rules.rule import Rule
from contracts.rules.sequences import (
    ABSENT,
    SCOPE_LAYOUT,
    Action,
    Converse,
    Layout,
    Outcome,
    SequencePlayer,
    Verbatim,
    record,
)
from contracts.run_context import RunContext
from mem0spec import bundled

# Shrinking replays sequences against the server; past this many seconds the best example so far
# is reported as it is.
SHRINK_BUDGET_SECONDS = 20.0

# (the played outcomes, the event counts of the check) -> (exercised, the note for the report)
Exercised = Callable[[list[Outcome], Mapping[str, int]], tuple[bool, str]]


@dataclass(frozen=True)
class Focus:
    """How a rule's search leans its draws, so that its own rule is put to the test often."""

    # Draw async_mode true one time in three (else one in four): queued adds are slower, each is
    # followed to its end, but the shape rule wants them.
    queued_often: bool = False
    # Draw immutable: true for half the user turns (else one in four).
    immutable_often: bool = False
    # Draw verbatim notes first (Hypothesis shrinks towards the first alternative).
    verbatim_first: bool = False
    # The scopes a sequence spreads over (contracts/rules/sequences.py): the profile's number of
    # them, or with `every_scope` all the layout's.
    layout: Layout = SCOPE_LAYOUT
    every_scope: bool = False
    # Read back after each sequence (rules 8-10): "scope" (list, search, get) and/or "history".
    read_back: tuple[str, ...] = ()
    # Which add the steps use: "v1", "v3", or "both" (one step in three v3).
    api: str = "v1"
    # The sequence the search starts with (default: `scripted_story`).
    story: Callable[[], list[Action]] | None = None
    # The share of the profile's examples per rule this search draws: reading back costs a
    # few dozen requests a sequence.
    examples_share: float = 1.0
    # How long shrinking a failing sequence may take before the smallest so far is reported.
    shrink_seconds: float = SHRINK_BUDGET_SECONDS

    def examples(self, ctx: RunContext) -> int:
        return max(1, round(ctx.profile.rule_examples * self.examples_share))


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


def _strategy(ctx: RunContext, focus: Focus) -> Any:
    from hypothesis import strategies as st

    scopes = len(focus.layout) if focus.every_scope else ctx.profile.scopes
    slots = st.integers(0, scopes - 1)
    formats = st.sampled_from([ABSENT, None, *bundled().enum_values("output_format")])
    apis = st.sampled_from({"v1": ["v1"], "v3": ["v3"], "both": ["v1", "v1", "v3"]}[focus.api])
    modes = st.sampled_from(
        [ABSENT, False, True] if focus.queued_often else [ABSENT, ABSENT, False, True]
    )
    converse = st.builds(
        Converse,
        scope=slots,
        beat=st.one_of(st.none(), st.sampled_from(STORY)),
        output_format=formats,
        async_mode=modes,
        immutable=(
            st.booleans() if focus.immutable_often else st.sampled_from([False, False, False, True])
        ),
        api=apis,
        repeat=st.sampled_from([False, False, True]) if focus.api != "v1" else st.just(False),
    )
    verbatim = st.builds(
        Verbatim,
        scope=slots,
        notes=st.lists(st.integers(0, 6), min_size=1, max_size=3).map(tuple),
        system=st.booleans(),
        output_format=formats,
        async_mode=modes,
        api=apis,
    )
    first, second = (verbatim, converse) if focus.verbatim_first else (converse, verbatim)
    action = st.one_of(first, second)
    return st.lists(action, min_size=1, max_size=ctx.profile.max_steps)


@dataclass
class _Search:
    ctx: RunContext
    rule: Rule
    focus: Focus
    outcomes: list[Outcome] = field(default_factory=list)
    best: tuple[list[Action], Outcome] | None = None
    first_failure_at: float | None = None
    numbers: Any = field(default_factory=lambda: itertools.count(1))

    def play(self, actions: list[Action]) -> Outcome | None:
        """Play a sequence in fresh scopes; the outcome if it breaks the rule, else None."""
        tag = f"r{self.rule.number}s{next(self.numbers)}"
        player = SequencePlayer(self.ctx, tag, self.focus.layout)
        outcome = player.play(actions)
        if self.focus.read_back:
            ReadBack(player).run(self.focus.read_back)
        self.outcomes.append(outcome)
        return outcome if any(v.rule == self.rule.number for v, _ in outcome.violations) else None

    def out_of_budget(self) -> bool:
        started = self.first_failure_at
        return started is not None and time.monotonic() - started > self.focus.shrink_seconds

    def out_of_run_time(self) -> bool:
        """Past the run's --max-seconds: no more sequences are played."""
        deadline = self.ctx.deadline
        return deadline is not None and time.monotonic() > deadline


def judge_by_search(
    ctx: RunContext, result: CheckResult, rule: Rule, focus: Focus, exercised: Exercised
) -> None:
    """The check of one of rules 1-5 and 8-11: search, then say whether the run exercised it."""
    outcomes = search_rule(ctx, result, rule, focus)
    stopped = result.note
    result.exercised, result.note = exercised(outcomes, result.events)
    if stopped:
        result.note = f"{result.note}; {stopped}" if result.note else stopped
    skipped = sum(o.unexpected_status for o in outcomes)
    if skipped and not result.failures:
        result.note = (result.note + "; " if result.note else "") + (
            f"{skipped} valid adds answered non-200 (see rule 6)"
        )


def search_rule(ctx: RunContext, result: CheckResult, rule: Rule, focus: Focus) -> list[Outcome]:
    """Run the search for one rule; failures (with the smallest example) go into `result`.

    The scripted story is played first; then Hypothesis draws sequences and shrinks any that
    breaks the rule. If only the story broke it, the story is shrunk by dropping steps one by one.
    """
    state = _Search(ctx, rule, focus)
    story = focus.story() if focus.story is not None else scripted_story()
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
        result.failures.append(_failure(result, rule, *state.best))
    if state.out_of_run_time():
        result.note = f"stopped: budget, after {len(state.outcomes)} sequences"
    return state.outcomes


def _hypothesis_search(state: _Search) -> None:
    import hypothesis
    from hypothesis import HealthCheck, Phase, given, settings

    def play(actions: list[Action]) -> None:
        if state.out_of_run_time():
            return  # the run's budget is spent: no more requests; the draws left cost little
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
        max_examples=state.focus.examples(state.ctx),
        database=None,
        deadline=None,
        derandomize=False,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate, Phase.shrink],
    )(test)
    test = hypothesis.seed(state.ctx.target.seed * 10 + state.rule.number)(test)
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
    while index < len(actions) and not (state.out_of_budget() or state.out_of_run_time()):
        candidate = actions[:index] + actions[index + 1 :]
        smaller = state.play(candidate) if candidate else None
        if smaller is not None:
            actions, outcome = candidate, smaller
        else:
            index += 1
    return actions, outcome


def _failure(result: CheckResult, rule: Rule, actions: list[Action], outcome: Outcome) -> Failure:
    violation, exchange = next((v, e) for v, e in outcome.violations if v.rule == rule.number)
    return Failure.from_exchange(
        result.check_id,
        rule.label,
        violation.message,
        f"a {len(actions)}-step sequence breaks rule {rule.number}: {violation.message}",
        exchange,
        rule=rule.number,
        example="\n".join(outcome.lines),
    )
