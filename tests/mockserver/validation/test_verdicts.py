"""Rejections worded once per distinct body, and the memory of them bounded."""

from __future__ import annotations

import json
from typing import Any

from mem0spec import bundled
from mockserver.validation.schemas import RequestValidator
from mockserver.validation.verdicts import RecentVerdicts


def test_recent_verdicts_word_each_distinct_body_once_and_stay_bounded() -> None:
    worded: list[Any] = []

    class Counting(RequestValidator):
        def explain_body(self, op_id: str, body: Any) -> Any:
            worded.append(body)
            return super().explain_body(op_id, body)

    recent = RecentVerdicts(Counting(bundled()), size=2, max_bytes=100)
    bodies = [b'{"messages": []}', b'{"messages": [], "user_id": ""}', b'{"messages": 1}']
    first = recent.explain("addMemories", bodies[0], json.loads(bodies[0]))
    again = recent.explain("addMemories", bodies[0], json.loads(bodies[0]))
    expected = RequestValidator(bundled()).explain_body("addMemories", {"messages": []})
    assert again == first == expected
    assert len(worded) == 1
    for raw in bodies[1:]:  # two more: the first one is dropped
        recent.explain("addMemories", raw, json.loads(raw))
    recent.explain("addMemories", bodies[0], json.loads(bodies[0]))
    assert len(worded) == 4
    large = b'{"messages": [], "user_id": "' + b"x" * 100 + b'"}'
    for _ in range(2):  # too large to keep: worded each time
        recent.explain("addMemories", large, json.loads(large))
    assert len(worded) == 6
