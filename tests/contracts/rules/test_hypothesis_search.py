from __future__ import annotations

from contracts.rules.conversations import Beat
from contracts.rules.hypothesis_search import scripted_story
from contracts.rules.sequences import ABSENT, Converse, Verbatim
from mem0spec import bundled


def test_the_story_tells_every_beat() -> None:
    beats = {step.beat for step in scripted_story() if isinstance(step, Converse)}
    assert beats == set(Beat)


def test_the_story_asks_for_all_four_shapes() -> None:
    shapes = set()
    for step in scripted_story():
        body = {k: getattr(step, k) for k in ("output_format", "async_mode")}
        shapes.add(bundled().requested_shape({k: v for k, v in body.items() if v is not ABSENT}))
    assert shapes == {("v1.0", False), ("v1.1", False), ("v1.0", True), ("v1.1", True)}


def test_the_story_challenges_an_immutable_fact_and_stores_notes() -> None:
    story = scripted_story()
    pinned = {s.scope for s in story if isinstance(s, Converse) and s.immutable}
    assert any(isinstance(s, Converse) and s.scope in pinned and s.beat is Beat.MOVE for s in story)
    assert any(isinstance(s, Verbatim) and s.system for s in story)


def test_the_story_probes_isolation_before_the_scope_has_facts() -> None:
    story = scripted_story()
    first_in_scope_1 = next(s for s in story if s.scope == 1)
    assert isinstance(first_in_scope_1, Converse)
    assert first_in_scope_1.beat is Beat.MOVE
