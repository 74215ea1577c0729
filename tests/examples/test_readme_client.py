"""README: the `mem0_client` fixture (the snippet is the test below)."""


def test_queues_like_the_platform(mem0_client, mem0_mock):
    result = mem0_client.add("I live in Berlin", user_id="alice")  # queued, as by default
    assert result["results"][0]["status"] == "PENDING"
    assert [m.memory for m in mem0_mock.memories(user_id="alice")] == ["Lives in Berlin"]
