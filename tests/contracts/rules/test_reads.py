from __future__ import annotations

from contracts.rules.reads import ReadMemory, read_memory


def test_a_memory_carries_the_scope_ids_its_answer_states() -> None:
    item = {"id": "m1", "memory": "Likes tea", "user_id": "u", "agent_id": None, "run_id": "r"}
    assert read_memory(item) == ReadMemory(
        "m1", "Likes tea", {"user_id": "u", "agent_id": None, "run_id": "r"}
    )


def test_the_run_is_named_session_id_in_v2_answers() -> None:
    item = {"id": "m1", "memory": "x", "session_id": "r", "app_id": ""}
    assert read_memory(item) == ReadMemory("m1", "x", {"app_id": None, "run_id": "r"})


def test_what_is_not_a_memory_is_left_out() -> None:
    not_memories: list[object] = [None, [], {"memory": "x"}, {"id": 7}]
    assert [read_memory(x) for x in not_memories] == [None] * 4
    assert read_memory({"id": "m1"}) == ReadMemory("m1", "", {})
