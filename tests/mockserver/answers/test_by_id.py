"""mockserver.answers.by_id and batch: a change by id made while an add of the same scope runs in
a worker thread is applied after that add, not lost when the add's outcome is stored."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from mockserver import Settings, create_app
from tests.mockserver.helpers import AUTH

USER = {"user_id": "alex"}
# Long enough to be reconciled in a worker thread for a while (thousands of facts).
SLOW_ADD = {
    "messages": [
        {"role": "user", "content": ". ".join(f"I like fruit{i}{j}" for i in range(150))}
        for j in range(60)
    ],
    **USER,
}


async def _change_during_a_slow_add(method: str, path: str, body: Any) -> httpx.Response:
    app = create_app(Settings(max_memories_per_scope=20_000))  # "tea" is never evicted
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://mock.test", headers=AUTH
    ) as client:
        first = await client.post(
            "/v1/memories/",
            json={"messages": [{"role": "user", "content": "tea"}], "infer": False, **USER},
        )
        memory_id = first.json()[0]["id"]
        slow = asyncio.create_task(client.post("/v1/memories/", json=SLOW_ADD))
        await asyncio.sleep(0.5)  # the add is in its worker thread now (it takes ~2 s)
        changed = await client.request(
            method, path.format(id=memory_id), json=body(memory_id) if callable(body) else body
        )
        assert changed.status_code == 200, changed.text
        assert (await slow).status_code == 200
        return await client.get(f"/v1/memories/{memory_id}/")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PUT", "/v1/memories/{id}/", {"text": "coffee"}),
        (
            "PUT",
            "/v1/batch/",
            lambda memory_id: {"memories": [{"memory_id": memory_id, "text": "coffee"}]},
        ),
    ],
    ids=["put-by-id", "batch-update"],
)
def test_an_update_during_an_add_of_its_scope_is_kept(method: str, path: str, body: Any) -> None:
    memory = asyncio.run(_change_during_a_slow_add(method, path, body))
    assert memory.json()["memory"] == "coffee"
