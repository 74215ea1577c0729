"""What `mem0_mock` reads from the journal: the events of every shape of add answer."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mem0kit._plugin_journal import RecordedEvent, RecordedRequest, events_in
from mockserver import Settings, create_app

AUTH = {"Authorization": "Token mock-key"}


async def journaled_add(**shape: Any) -> RecordedRequest:
    """One add through the real app, as the journal recorded it."""
    app = create_app(Settings())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://mock") as http:
        body = {"messages": [{"role": "user", "content": "I live in Berlin"}], **shape}
        await http.post("/v1/memories/", headers=AUTH, json={**body, "user_id": "alex"})
        (entry,) = (await http.get("/_mock/journal")).json()["entries"]
    return RecordedRequest.from_entry(entry)


@pytest.mark.anyio
@pytest.mark.parametrize(
    "shape",
    [{"output_format": "v1.0"}, {"output_format": "v1.1"}, {"async_mode": False}],
    ids=["v1.0", "v1.1", "default"],
)
async def test_events_are_read_from_either_answer_form(shape: dict[str, Any]) -> None:
    (event,) = events_in(await journaled_add(**shape))
    assert isinstance(event, RecordedEvent)
    assert (event.event, event.memory, event.scope) == (
        "ADD",
        "Lives in Berlin",
        {"user_id": "alex"},
    )
    assert event.id and event.previous_memory is None


@pytest.mark.anyio
async def test_queued_adds_have_no_events() -> None:
    request = await journaled_add(async_mode=True, output_format="v1.1")
    assert request.status == 200
    assert events_in(request) == []
