from __future__ import annotations

from typing import Any

import pytest

from contracts.rules.v3_answers import judge_v3_answer

QUEUED = {"message": "Queued.", "status": "PENDING", "event_id": "e1"}
STORED = {"message": "Stored.", "status": "SUCCEEDED", "event_id": "e1", "results": []}


@pytest.mark.parametrize(
    "body, answer",
    [({}, QUEUED), ({"infer": True}, QUEUED), ({"infer": False}, STORED)],
    ids=["infer-absent-queued", "infer-true-queued", "infer-false-stored"],
)
def test_answers_as_the_contract_says(body: dict[str, Any], answer: Any) -> None:
    assert judge_v3_answer(body, answer) == []


@pytest.mark.parametrize(
    "body, answer, problem",
    [
        ({}, STORED, "infer: true must be queued (status PENDING), not SUCCEEDED"),
        (
            {"infer": False},
            QUEUED,
            "infer: false is stored at once (status SUCCEEDED), not PENDING",
        ),
        (
            {},
            [QUEUED],
            "the v3 add's answer is not an AddMemoriesV3Response: (root): "
            '[{"event_id":"e1","message":"Queued.","status":"PENDING"}] is not of type "object"',
        ),
    ],
    ids=["infer-true-stored", "infer-false-queued", "a-v1-array"],
)
def test_answers_that_break_rule_11_say_why(
    body: dict[str, Any], answer: Any, problem: str
) -> None:
    assert judge_v3_answer(body, answer) == [problem]
