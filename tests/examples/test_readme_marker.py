"""README: the `mem0_mock` marker with the `mem0_client` fixture (the snippet is the code below)."""

import os

os.environ.setdefault("MEM0_TELEMETRY", "False")  # read once, when mem0 is imported: no upload

import pytest
from mem0.exceptions import RateLimitError


@pytest.mark.mem0_mock(fail=429, memories=[{"memory": "Is vegetarian", "user_id": "alice"}])
def test_keeps_working_when_throttled(mem0_client, mem0_mock):
    with pytest.raises(RateLimitError):
        mem0_client.add("I live in Berlin", user_id="alice")
    assert [m.memory for m in mem0_mock.memories(user_id="alice")] == ["Is vegetarian"]
