from __future__ import annotations

from contracts.rules.conversations import CHANGES, FACTS, STORY, Beat, Told, persona_for, say


def test_personas_depend_on_seed_and_user_only() -> None:
    assert persona_for(7, 1) == persona_for(7, 1)
    assert persona_for(7, 1) != persona_for(7, 2)


def test_a_story_introduces_then_changes_then_retracts() -> None:
    assert STORY.index(Beat.INTRODUCE) < STORY.index(Beat.MOVE) < STORY.index(Beat.LEAVE_CITY)
    assert STORY.index(Beat.GET_PET) < STORY.index(Beat.LOSE_PET)
    assert set(STORY) == set(FACTS) | set(CHANGES)


def test_leaving_names_the_city_the_user_moved_to() -> None:
    persona, told = persona_for(0, 0), Told()
    say(persona, Beat.INTRODUCE, told)
    moved = say(persona, Beat.MOVE, told)[0]["content"]
    left = say(persona, Beat.LEAVE_CITY, told)[0]["content"]
    city = persona.next_cities[0]
    assert (moved, left) == (f"I just moved to {city}.", f"I don't live in {city} anymore.")


def test_every_turn_is_a_user_message_and_an_assistant_reply() -> None:
    told = Told()
    for beat in STORY:
        assert [m["role"] for m in say(persona_for(1, 0), beat, told)] == ["user", "assistant"]
