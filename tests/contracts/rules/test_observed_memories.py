from __future__ import annotations

from contracts.rules.observed_memories import ObservedMemories, scope_ids_of
from mem0spec import AnswerEvent

ALICE = scope_ids_of({"user_id": "alice"})
ALICE_BOT = scope_ids_of({"user_id": "alice", "agent_id": "bot"})


def add(memory_id: str, text: str = "Lives in Denver") -> AnswerEvent:
    return AnswerEvent(memory_id, "ADD", text)


def test_absent_and_null_scope_ids_are_the_same_scope() -> None:
    assert scope_ids_of({"user_id": "alice", "agent_id": None}) == ALICE


def test_a_correct_history_has_no_violations() -> None:
    memories = ObservedMemories()
    assert memories.apply(ALICE, [add("m1"), add("m2", "Has a cat")], immutable=False) == []
    assert (
        memories.apply(ALICE, [AnswerEvent("m1", "UPDATE", "Lives in Austin")], immutable=False)
        == []
    )
    assert memories.apply(ALICE, [AnswerEvent("m2", "DELETE", "Has a cat")], immutable=False) == []


def test_duplicate_ids_in_one_answer_break_rule_1() -> None:
    violations = ObservedMemories().apply(ALICE, [add("m1"), add("m1")], immutable=False)
    assert [v.rule for v in violations] == [1, 1]


def test_an_add_reusing_an_id_of_its_scope_breaks_rule_1() -> None:
    memories = ObservedMemories()
    memories.apply(ALICE, [add("m1")], immutable=False)
    memories.apply(ALICE, [AnswerEvent("m1", "DELETE", "")], immutable=False)
    assert [v.rule for v in memories.apply(ALICE, [add("m1")], immutable=False)] == [1]


def test_changing_another_scopes_memory_breaks_rule_2() -> None:
    memories = ObservedMemories()
    memories.apply(ALICE, [add("m1")], immutable=False)
    (violation,) = memories.apply(ALICE_BOT, [AnswerEvent("m1", "UPDATE", "x")], immutable=False)
    assert violation.rule == 2
    assert "another scope (user_id=alice)" in violation.message


def test_changing_a_deleted_memory_breaks_rule_2() -> None:
    memories = ObservedMemories()
    memories.apply(ALICE, [add("m1")], immutable=False)
    memories.apply(ALICE, [AnswerEvent("m1", "DELETE", "")], immutable=False)
    (violation,) = memories.apply(ALICE, [AnswerEvent("m1", "UPDATE", "x")], immutable=False)
    assert (violation.rule, "already saw DELETEd" in violation.message) == (2, True)


def test_touching_an_immutable_memory_breaks_rule_3() -> None:
    memories = ObservedMemories()
    memories.apply(ALICE, [add("m1")], immutable=True)
    assert [
        v.rule for v in memories.apply(ALICE, [AnswerEvent("m1", "DELETE", "")], immutable=False)
    ] == [3]


def test_the_model_keeps_what_reading_back_compares() -> None:
    memories = ObservedMemories()
    memories.apply(ALICE, [add("m1"), add("m2", "Has a cat")], immutable=False)
    moved = AnswerEvent("m1", "UPDATE", "Lives in Austin", "Lives in Denver")
    memories.apply(ALICE, [moved], immutable=False)
    memories.apply(ALICE, [AnswerEvent("m2", "DELETE", "Has a cat")], immutable=False)
    memories.apply(ALICE_BOT, [add("m3", "Likes tea")], immutable=False)
    assert memories.live(ALICE) == {"m1": "Lives in Austin"}
    assert memories.deleted(ALICE) == {"m2"}
    assert [e.kind for e in memories.history(ALICE)["m1"]] == ["ADD", "UPDATE"]
    assert [e.kind for e in memories.history(ALICE)["m2"]] == ["ADD", "DELETE"]
    assert memories.owner_of("m3") == ALICE_BOT
    assert memories.owner_of("m9") is None
    assert memories.live_texts(ALICE_BOT) == {"likes tea"}


def test_a_change_of_another_scope_s_memory_is_not_its_history() -> None:
    memories = ObservedMemories()
    memories.apply(ALICE, [add("m1")], immutable=False)
    violations = memories.apply(ALICE_BOT, [AnswerEvent("m1", "DELETE", "x")], immutable=False)
    assert [v.rule for v in violations] == [2]
    assert memories.live(ALICE) == {"m1": "Lives in Denver"}
    assert memories.history(ALICE_BOT) == {}
