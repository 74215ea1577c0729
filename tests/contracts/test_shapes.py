from __future__ import annotations

from typing import Any

import pytest

from contracts.shapes import Event, events_of, queued_ids_of, requested_shape


@pytest.mark.parametrize(
    ("body", "shape"),
    [
        ({}, ("v1.0", False)),
        ({"output_format": None, "async_mode": None}, ("v1.0", False)),
        ({"output_format": "v1.1", "async_mode": True}, ("v1.1", True)),
    ],
    ids=["absent", "null", "explicit"],
)
def test_requested_shape_uses_the_contract_defaults(
    body: dict[str, Any], shape: tuple[str, bool]
) -> None:
    assert requested_shape(body) == shape


def test_events_are_read_from_both_item_forms() -> None:
    v10 = [{"id": "a", "data": {"memory": "Likes tea"}, "event": "ADD"}]
    v11 = {
        "results": [{"id": "a", "memory": "Likes tea", "event": "UPDATE", "previous_memory": "x"}]
    }
    assert events_of(v10) == [Event("a", "ADD", "Likes tea")]
    assert events_of(v11) == [Event("a", "UPDATE", "Likes tea", "x")]


def test_queue_items_give_their_event_ids() -> None:
    answer = {"results": [{"message": "q", "status": "PENDING", "event_id": "e1"}]}
    assert queued_ids_of(answer) == ["e1"]
    assert events_of(answer) == []
