"""What a v3 add's answer must say of itself (rule 11, contracts/rules/v3_add.py).

Its shape is `AddMemoriesV3Response`: `{event_id, status: "PENDING"}` when the add is queued
(`infer: true`, the default), `{event_id, status: "SUCCEEDED", results}` when it was stored at
once (`infer: false`). Its events (ADD only, no exact repeat) are judged by the player
(contracts/rules/sequences.py), once followed through the event endpoint.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mem0spec import bundled


def judge_v3_answer(body: Mapping[str, Any], answer: Any) -> list[str]:
    """Why a 200 answer to the v3 add `body` breaks the contract (empty when it conforms)."""
    spec = bundled()
    errors = spec.schema_errors("AddMemoriesV3Response", answer)
    if errors:
        return ["the v3 add's answer is not an AddMemoriesV3Response: " + "; ".join(errors[:3])]
    infer = body.get("infer")
    if infer is None:
        infer = spec.body_defaults("addMemoriesV3").get("infer")
    if infer and answer["status"] != "PENDING":
        return [f"infer: true must be queued (status PENDING), not {answer['status']}"]
    if not infer and answer["status"] != "SUCCEEDED":
        return [f"infer: false is stored at once (status SUCCEEDED), not {answer['status']}"]
    return []
