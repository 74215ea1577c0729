"""Queued add answers in every shape a server gives: `queued_ids_of` finds the ids to follow."""

from __future__ import annotations

from typing import Any

import pytest

from mem0spec import events_of, queued_ids_of

ITEM = {"message": "Queued.", "status": "PENDING", "event_id": "e1"}


@pytest.mark.parametrize(
    "answer",
    [
        [ITEM],
        {"results": [ITEM]},
        {"event_id": "e1", "status": "PENDING"},
        {"event_id": "e1", "status": "PENDING", "message": "Memory processing has been queued"},
        {"event_id": "e1"},
    ],
    ids=["v1.0-array", "v1.1-results", "bare-object", "v3-add", "bare-without-status"],
)
def test_every_queued_shape_gives_its_event_id(answer: Any) -> None:
    assert queued_ids_of(answer) == ["e1"]
    assert events_of(answer) == []


def test_a_v3_answer_stored_at_once_is_not_queued() -> None:
    answer = {
        "message": "Memories stored successfully",
        "status": "SUCCEEDED",
        "event_id": "e1",
        "results": [{"id": "m1", "data": {"memory": "Note"}, "event": "ADD"}],
    }
    assert queued_ids_of(answer) == []
    assert [event.id for event in events_of(answer)] == ["m1"]


@pytest.mark.parametrize(
    "answer",
    [None, [], {}, {"event_id": 7, "status": "PENDING"}, "e1", {"results": [{"event_id": None}]}],
    ids=["null", "empty-list", "empty-object", "id-not-a-string", "a-string", "null-id"],
)
def test_answers_without_a_string_event_id_queue_nothing(answer: Any) -> None:
    assert queued_ids_of(answer) == []
