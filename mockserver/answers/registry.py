"""Which function answers which operation of the contract, registered where each is defined.

    @answers("addMemories")
    async def add_memories(state, request, body) -> Reply: ...

One module per operation family (`memories.py`, `events.py`, `ping.py`) registers its functions
when `mockserver.answers` is imported; `create_app` refuses to start when an operation of
openapi.yaml has no answer, so the contract and the mock cannot drift apart silently.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from mockserver.http.messages import Incoming, Reply

if TYPE_CHECKING:
    from mockserver.state.mock_state import MockState

__all__ = ["ANSWERS", "Answer", "answers"]

# (the app's state, the request, its parsed and validated JSON body or None) -> the answer
Answer = Callable[["MockState", Incoming, Any], Awaitable[Reply]]

ANSWERS: dict[str, Answer] = {}


def answers(operation_id: str) -> Callable[[Answer], Answer]:
    """Register the function that answers `operation_id` (its `operationId` in openapi.yaml)."""

    def register(function: Answer) -> Answer:
        if operation_id in ANSWERS:
            raise ValueError(f"{operation_id!r} already has an answer: {ANSWERS[operation_id]}")
        ANSWERS[operation_id] = function
        return function

    return register
