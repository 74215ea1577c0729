"""README: the `mem0_mock_app` fixture in-process with httpx (the snippet is the test below)."""

import httpx
import pytest

BODY = {"messages": [{"role": "user", "content": "I live in Berlin"}], "user_id": "alice"}


@pytest.mark.anyio
async def test_in_process(mem0_mock_app):
    transport = httpx.ASGITransport(app=mem0_mock_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://mock") as http:
        r = await http.post("/v1/memories/", headers={"Authorization": "Token mock-key"}, json=BODY)
    assert r.json()[0]["data"]["memory"] == "Lives in Berlin"
