"""docs/PYTEST_PLUGIN.md: the `mem0_client` fixture (the snippet is the test below).

mem0ai 2.x's add answers the v3 queue item itself (`{"message", "status", "event_id"}`), not
1.x's `{"results": [...]}`.
"""


def test_queues_like_the_platform(mem0_client, mem0_mock):
    result = mem0_client.add("I live in Berlin", user_id="alice")  # queued, as by default
    assert result["status"] == "PENDING"
    assert [m.memory for m in mem0_mock.memories(user_id="alice")] == ["Lives in Berlin"]
