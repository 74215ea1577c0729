"""mockserver.memory.reconcile: reconciling an add request with a scope's memories."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.memory.model import MemoryEvent, StoredMemory
from mockserver.memory.reconcile import AddTooCostly, ReconcileError, apply_add
from tests.mockserver.memory.helpers import TODAY, Scope, ids, options, stored, user

# -- the everyday conversation the contract suite replays ----------------------------------------


def test_introduction_then_changes_then_retractions() -> None:
    scope = Scope()
    assert scope.add("Hi, I'm Sam. I live in Denver and I work as a teacher.") == [
        ("ADD", "Name is Sam", None),
        ("ADD", "Lives in Denver", None),
        ("ADD", "Works as a teacher", None),
    ]
    assert scope.add("I just moved to Austin.") == [
        ("UPDATE", "Lives in Austin", "Lives in Denver")
    ]
    assert scope.add("I quit my job, I work at a bakery now.") == [
        ("DELETE", "Works as a teacher", None),
        ("ADD", "Works at a bakery", None),
    ]
    assert scope.add("I don't live in Austin anymore.") == [("DELETE", "Lives in Austin", None)]
    assert scope.add("I have a cat named Luna.") == [("ADD", "Has a cat named Luna", None)]
    assert scope.add("My cat Luna passed away") == [("DELETE", "Has a cat named Luna", None)]
    assert scope.add("I have a cat") == [("ADD", "Has a cat", None)]
    assert scope.add("I no longer have a cat") == [("DELETE", "Has a cat", None)]
    assert scope.texts() == ["Name is Sam", "Works at a bakery"]


FLOW_VARIANTS = [
    ("Sam", "Denver", "Austin", "teacher", ("cat", "Luna"), "sushi"),
    ("Priya", "New York", "San Francisco", "software engineer", ("dog", "Rex"), "Thai food"),
    ("José", "São Paulo", "Rio de Janeiro", "nurse", ("parrot", "Kiwi"), "tacos"),
    ("Mary-Jane", "St. Louis", "Los Angeles", "graphic designer", ("puppy", "Max"), "ramen"),
    ("Li Wei", "Berlin", "Tel Aviv", "accountant", ("kitten", "Mochi"), "dark chocolate"),
]


@pytest.mark.parametrize(
    ("name", "city", "new_city", "job", "pet", "food"),
    FLOW_VARIANTS,
    ids=[v[0] for v in FLOW_VARIANTS],
)
def test_the_conversation_works_for_other_names_places_jobs_pets_and_foods(
    name: str, city: str, new_city: str, job: str, pet: tuple[str, str], food: str
) -> None:
    kind, pet_name = pet
    turns = [
        (f"Hi, I'm {name}. I live in {city} and I work as a {job}.", ["ADD", "ADD", "ADD"]),
        (f"I just moved to {new_city}.", ["UPDATE"]),
        ("I quit my job, I work at a bakery now.", ["DELETE", "ADD"]),
        (f"I don't live in {new_city} anymore.", ["DELETE"]),
        (f"I have a {kind} named {pet_name}.", ["ADD"]),
        (f"My {kind} {pet_name} passed away", ["DELETE"]),
        (f"I have a {kind}", ["ADD"]),
        (f"I no longer have a {kind}", ["DELETE"]),
        (f"I love {food}", ["ADD"]),
        (f"Actually I hate {food}", ["UPDATE"]),
        (f"I don't hate {food} anymore", ["DELETE"]),
    ]
    scope = Scope()
    assert [[event for event, _, _ in scope.add(text)] for text, _ in turns] == [
        kinds for _, kinds in turns
    ]
    assert scope.texts() == [f"Name is {name}", "Works at a bakery"]


# Everyday phrasings of each step, as a contract suite might write them.
FLOW_STEPS: list[tuple[list[str], list[str]]] = [
    (
        [
            "Hi, I'm {name}. I live in {city} and I work as a {job}.",
            "Hello! My name is {name}, I live in {city} and I'm a {job}.",
            "Hey, I'm {name}. I'm a {job} and I live in {city}.",
        ],
        ["ADD", "ADD", "ADD"],
    ),
    (
        [
            "I just moved to {new_city}.",
            "I moved to {new_city} last month.",
            "I live in {new_city} now.",
            "We relocated to {new_city}.",
        ],
        ["UPDATE"],
    ),
    (
        ["I quit my job, I work at a bakery now.", "I quit my job. Now I work at a bakery."],
        ["DELETE", "ADD"],
    ),
    (
        [
            "I don't live in {new_city} anymore.",
            "I no longer live in {new_city}.",
            "I moved out of {new_city}.",
        ],
        ["DELETE"],
    ),
    (
        [
            "I have a {kind} named {pet}.",
            "I just got a {kind} named {pet}!",
            "We adopted a {kind} called {pet}.",
        ],
        ["ADD"],
    ),
    (["My {kind} {pet} passed away", "{pet} died last week.", "My {kind} {pet} died."], ["DELETE"]),
    (["I have a {kind}", "I've got a {kind}"], ["ADD"]),
    (["I no longer have a {kind}", "I don't have a {kind} anymore"], ["DELETE"]),
    (["I love {food}", "I really like {food}", "I'm a big fan of {food}"], ["ADD"]),
    (["Actually I hate {food}", "I can't stand {food}", "I don't like {food}"], ["UPDATE"]),
]
CITIES = [
    "Denver",
    "Austin",
    "New York",
    "San Francisco",
    "São Paulo",
    "St. Louis",
    "Rio de Janeiro",
    "Tel Aviv",
    "Mexico City",
    "Cape Town",
    "Hong Kong",
    "Salt Lake City",
    "Buenos Aires",
]


@given(
    name=st.sampled_from(["Sam", "Priya", "José", "Mary-Jane", "Li Wei", "Fatima", "Chloé"]),
    cities=st.lists(st.sampled_from(CITIES), min_size=2, max_size=2, unique=True),
    job=st.sampled_from(["teacher", "nurse", "software engineer", "chef", "product manager"]),
    food=st.sampled_from(["sushi", "Thai food", "dark chocolate", "burgers", "cilantro"]),
    pet=st.sampled_from(
        [("cat", "Luna"), ("dog", "Rex"), ("hamster", "Nibbles"), ("kitten", "Mochi")]
    ),
    choices=st.lists(st.integers(0, 3), min_size=len(FLOW_STEPS), max_size=len(FLOW_STEPS)),
)
@settings(max_examples=100, deadline=None)
def test_the_conversation_holds_across_phrasings(
    name: str, cities: list[str], job: str, food: str, pet: tuple[str, str], choices: list[int]
) -> None:
    values = {
        "name": name,
        "city": cities[0],
        "new_city": cities[1],
        "job": job,
        "food": food,
        "kind": pet[0],
        "pet": pet[1],
    }
    scope = Scope()
    for (phrasings, kinds), choice in zip(FLOW_STEPS, choices, strict=True):
        text = phrasings[choice % len(phrasings)].format(**values)
        assert [event for event, _, _ in scope.add(text)] == kinds, text


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("I live in Denver", "I moved to Austin", ("UPDATE", "Lives in Austin", "Lives in Denver")),
        ("I'm Priya", "My name is Priya Shah", ("UPDATE", "Name is Priya Shah", "Name is Priya")),
        ("I'm 34", "I just turned 35", ("UPDATE", "Is 35 years old", "Is 34 years old")),
        ("I work at Acme", "I work for Globex", ("UPDATE", "Works at Globex", "Works at Acme")),
        ("I'm vegetarian", "I'm vegan", ("UPDATE", "Is vegan", "Is vegetarian")),
        ("I like sushi", "I hate sushi", ("UPDATE", "Hates sushi", "Likes sushi")),
        (
            "My favourite colour is green",
            "My favourite colour is blue",
            ("UPDATE", "Favourite colour is blue", "Favourite colour is green"),
        ),
        (
            "I have a dog",
            "I have a dog named Rex",
            ("UPDATE", "Has a dog named Rex", "Has a dog"),
        ),
    ],
    ids=["residence", "name", "age", "employer", "diet", "like-to-hate", "favourite", "pet-named"],
)
def test_a_new_fact_about_the_same_subject_updates(
    first: str, second: str, expected: tuple[str, str, str]
) -> None:
    scope = Scope()
    scope.add(first)
    assert scope.add(second) == [expected]
    assert len(scope.memories) == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("I like sushi", "I like ramen"),
        ("I have a dog named Rex", "I have a cat named Luna"),
        ("I'm allergic to peanuts", "I'm allergic to shellfish"),
        ("I speak English", "I speak Spanish"),
        ("I live in Berlin", "I'm vegetarian"),
    ],
    ids=["two-likes", "two-pets", "two-allergies", "two-languages", "different-subjects"],
)
def test_facts_about_different_objects_are_added_side_by_side(first: str, second: str) -> None:
    scope = Scope()
    scope.add(first)
    assert [event for event, _, _ in scope.add(second)] == ["ADD"]
    assert len(scope.memories) == 2


def test_update_keeps_the_memory_id_and_position() -> None:
    scope = Scope()
    scope.add("I live in Denver. I like tea.")
    before = scope.get("Lives in Denver").id
    scope.add("I moved to Austin")
    assert scope.memories[0].id == before
    assert scope.texts() == ["Lives in Austin", "Likes tea"]


def test_update_prefers_the_most_recent_matching_memory() -> None:
    older = stored("Lives in Denver", "residence", id="a")
    newer = stored("Lives in Boston", "residence", id="b")
    scope = Scope([older, newer])
    assert scope.add("I live in Austin") == [("UPDATE", "Lives in Austin", "Lives in Boston")]
    assert scope.texts() == ["Lives in Denver", "Lives in Austin"]


@pytest.mark.parametrize(
    "repeat",
    ["I live in Berlin", "i live in berlin", "Lives in Berlin", "I've been living in Berlin"],
    ids=["same", "lowercase", "stored-text", "other-phrasing"],
)
def test_a_repeated_fact_yields_no_event(repeat: str) -> None:
    scope = Scope()
    scope.add("I live in Berlin")
    assert scope.add(repeat) == []
    assert scope.texts() == ["Lives in Berlin"]


def test_the_same_fact_twice_in_one_request_is_one_add() -> None:
    scope = Scope()
    assert scope.add(user("I like sushi", "I really like sushi!")) == [("ADD", "Likes sushi", None)]


# -- retractions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setup", "retraction", "deleted"),
    [
        ("I live in Berlin", "I don't live in Berlin anymore", "Lives in Berlin"),
        ("I work at Acme", "I no longer work at Acme", "Works at Acme"),
        ("I'm vegetarian", "I'm not vegetarian anymore", "Is vegetarian"),
        ("I like sushi", "forget that I like sushi", "Likes sushi"),
        ("I live in Berlin", "please forget my address", "Lives in Berlin"),
        ("I have a dog named Rex", "I don't have a dog anymore", "Has a dog named Rex"),
        ("I have a dog named Rex", "Rex passed away", "Has a dog named Rex"),
        ("I like sushi", "I don't like sushi anymore", "Likes sushi"),
        ("I work as a nurse", "I quit my job", "Works as a nurse"),
        (
            "I'm allergic to peanuts",
            "I'm not allergic to peanuts anymore",
            "Is allergic to peanuts",
        ),
        ("My mom lives in Ohio", "My mom doesn't live in Ohio anymore", "Mom lives in Ohio"),
    ],
    ids=[
        "residence",
        "employer",
        "diet",
        "forget-that",
        "forget-my",
        "pet",
        "pet-died",
        "like",
        "job",
        "allergy",
        "relative",
    ],
)
def test_retraction_deletes_the_live_memory(setup: str, retraction: str, deleted: str) -> None:
    scope = Scope()
    scope.add(setup)
    assert scope.add(retraction) == [("DELETE", deleted, None)]
    assert deleted not in scope.texts()


@pytest.mark.parametrize(
    ("setup", "retraction"),
    [
        ("I live in Berlin", "I don't live in Paris anymore"),
        ("I hate sushi", "I don't like sushi anymore"),
        ("I have a cat", "I don't have a dog anymore"),
        ("I like tea", "forget my address"),
    ],
    ids=["other-place", "other-stance", "other-pet", "other-subject"],
)
def test_retraction_that_matches_nothing_yields_no_event(setup: str, retraction: str) -> None:
    scope = Scope()
    scope.add(setup)
    assert scope.add(retraction) == []
    assert len(scope.memories) == 1


def test_forget_everything_deletes_every_live_mutable_memory() -> None:
    scope = Scope([stored("kept verbatim", None), stored("Is vegan", "diet", immutable=True)])
    scope.add("I live in Berlin. I like tea.")
    events = scope.add("Forget everything")
    assert sorted(text for _, text, _ in events) == [
        "Likes tea",
        "Lives in Berlin",
        "kept verbatim",
    ]
    assert scope.texts() == ["Is vegan"]


def test_forgetting_a_word_removes_every_memory_that_says_it() -> None:
    scope = Scope()
    scope.add(user("I like sushi a lot"), infer=False)
    scope.add("I hate sushi. I live in Berlin")
    assert sorted(text for _, text, _ in scope.add("forget sushi")) == [
        "Hates sushi",
        "I like sushi a lot",
    ]
    assert scope.texts() == ["Lives in Berlin"]


def test_retracting_a_family_of_subjects_deletes_each_member() -> None:
    scope = Scope()
    scope.add("I have a dog named Rex and a cat named Luna. I'm allergic to cats")
    assert scope.add("I don't have pets anymore") == [
        ("DELETE", "Has a dog named Rex", None),
        ("DELETE", "Has a cat named Luna", None),
    ]
    assert scope.texts() == ["Is allergic to cats"]


def test_scratch_that_removes_the_fact_just_said() -> None:
    scope = Scope()
    assert scope.add("I live in Paris. Scratch that, I live in Rome") == [
        ("ADD", "Lives in Rome", None)
    ]


def test_scratch_that_alone_deletes_the_latest_memory() -> None:
    scope = Scope()
    scope.add("I like tea. I live in Rome")
    assert scope.add("Scratch that") == [("DELETE", "Lives in Rome", None)]


# -- several steps on one memory within a request collapse into one event (rule 1) ---------------


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("I live in Berlin. I don't live in Berlin anymore", []),
        ("I live in Berlin. Actually I live in Munich", [("ADD", "Lives in Munich", None)]),
        ("I like tea and I hate tea", [("ADD", "Hates tea", None)]),
    ],
    ids=["add-then-delete", "add-then-update", "add-then-flip"],
)
def test_steps_on_a_new_memory_collapse(message: str, expected: list[Any]) -> None:
    scope = Scope()
    assert scope.add(message) == expected


def test_update_then_delete_is_one_delete_of_the_original_text() -> None:
    scope = Scope()
    scope.add("I live in Denver")
    assert scope.add("I moved to Austin. I don't live in Austin anymore") == [
        ("DELETE", "Lives in Denver", None)
    ]


def test_update_back_to_the_original_is_no_event() -> None:
    scope = Scope()
    scope.add("I live in Denver")
    assert scope.add("I moved to Austin. Actually I live in Denver") == []


def test_new_id_is_called_once_per_add_with_the_final_text() -> None:
    calls: list[str] = []

    def new_id(text: str) -> str:
        calls.append(text)
        return f"id{len(calls)}"

    apply_add(
        [], user("I live in Paris. Scratch that, I live in Rome. I like tea"), options(), new_id
    )
    assert calls == ["Lives in Rome", "Likes tea"]


@pytest.mark.parametrize("bad_id", ["old-Lives in Berlin", ""], ids=["reused", "empty"])
def test_a_bad_id_from_new_id_is_refused(bad_id: str) -> None:
    with pytest.raises(ReconcileError, match="rule 1"):
        apply_add(
            [stored("Lives in Berlin", "residence")],
            user("I like tea"),
            options(),
            lambda text: bad_id,
        )


# -- immutable -----------------------------------------------------------------------------------


def test_immutable_memory_is_never_updated_a_conflicting_fact_is_added_beside() -> None:
    scope = Scope()
    scope.add("I live in Berlin", immutable=True)
    assert scope.add("I moved to Munich") == [("ADD", "Lives in Munich", None)]
    assert scope.texts() == ["Lives in Berlin", "Lives in Munich"]
    assert [m.immutable for m in scope.memories] == [True, False]


def test_immutable_memory_is_never_deleted() -> None:
    scope = Scope()
    scope.add("I live in Berlin. I have a dog named Rex", immutable=True)
    assert scope.add("I don't live in Berlin anymore. Rex died. Forget everything.") == []
    assert scope.add("Scratch that") == []
    assert len(scope.memories) == 2


def test_an_immutable_call_adds_beside_instead_of_updating() -> None:
    scope = Scope()
    scope.add("I live in Berlin")
    assert scope.add("I live in Munich", immutable=True) == [("ADD", "Lives in Munich", None)]
    assert scope.get("Lives in Munich").immutable


def test_update_skips_immutable_and_takes_the_latest_mutable() -> None:
    scope = Scope(
        [
            stored("Lives in Denver", "residence", id="a"),
            stored("Lives in Boston", "residence", id="b", immutable=True),
        ]
    )
    assert scope.add("I live in Austin") == [("UPDATE", "Lives in Austin", "Lives in Denver")]


# -- expiration ----------------------------------------------------------------------------------


def test_expired_memory_no_longer_counts_for_matching() -> None:
    expired = stored("Lives in Berlin", "residence", expiration_date=TODAY - datetime.timedelta(1))
    scope = Scope([expired])
    assert scope.add("I live in Munich") == [("ADD", "Lives in Munich", None)]
    assert scope.add("I don't live in Berlin anymore") == []
    assert scope.add("I live in Berlin") == [("UPDATE", "Lives in Berlin", "Lives in Munich")]
    assert expired in scope.memories  # kept for inspection, never matched


def test_memory_expiring_today_still_counts() -> None:
    scope = Scope([stored("Lives in Berlin", "residence", expiration_date=TODAY)])
    assert scope.add("I live in Munich") == [("UPDATE", "Lives in Munich", "Lives in Berlin")]


def test_expiration_date_is_stored_on_added_memories() -> None:
    scope = Scope()
    scope.add("I live in Berlin", expiration_date=datetime.date(2030, 12, 31))
    assert scope.memories[0].expiration_date == datetime.date(2030, 12, 31)


# -- includes / excludes -------------------------------------------------------------------------

INTRO = "I'm Alice. I live in Berlin, I'm vegetarian and I love sushi. I'm allergic to nuts"


EVERY_FACT = [
    "Name is Alice",
    "Lives in Berlin",
    "Is vegetarian",
    "Loves sushi",
    "Is allergic to nuts",
]


@pytest.mark.parametrize(
    ("includes", "excludes", "kept"),
    [
        (
            None,
            None,
            EVERY_FACT,
        ),
        ("food preferences", None, ["Is vegetarian", "Loves sushi"]),
        ("health and location", None, ["Lives in Berlin", "Is allergic to nuts"]),
        (None, "food", ["Name is Alice", "Lives in Berlin", "Is allergic to nuts"]),
        ("food and health", "allergies", ["Is vegetarian", "Loves sushi"]),
        (
            None,
            "greetings",
            EVERY_FACT,
        ),
        (
            "",
            None,
            EVERY_FACT,
        ),
    ],
    ids=[
        "none",
        "includes-food",
        "includes-two",
        "excludes-food",
        "both",
        "excludes-unused",
        "empty-includes",
    ],
)
def test_includes_and_excludes_filter_facts_by_topic(
    includes: str | None, excludes: str | None, kept: list[str]
) -> None:
    scope = Scope()
    scope.add(INTRO, includes=includes, excludes=excludes)
    assert scope.texts() == kept


def test_filters_do_not_stop_retractions() -> None:
    scope = Scope()
    scope.add("I live in Berlin")
    assert scope.add("I don't live in Berlin anymore", excludes="location") == [
        ("DELETE", "Lives in Berlin", None)
    ]


# -- metadata --------------------------------------------------------------------------------------


def test_metadata_is_stored_on_adds_and_merged_on_updates() -> None:
    scope = Scope()
    scope.add("I live in Denver", metadata={"source": "chat", "turn": 1})
    assert scope.memories[0].metadata == {"source": "chat", "turn": 1}
    scope.add("I moved to Austin", metadata={"turn": 2})
    assert scope.memories[0].metadata == {"source": "chat", "turn": 2}
    scope.add("I moved to Boston")
    assert scope.memories[0].metadata == {"source": "chat", "turn": 2}


def test_metadata_is_copied_not_shared() -> None:
    metadata = {"source": "chat"}
    scope = Scope()
    scope.add("I live in Denver", metadata=metadata)
    metadata["source"] = "changed"
    assert scope.memories[0].metadata == {"source": "chat"}


# -- roles and infer: false ----------------------------------------------------------------------


def test_only_user_turns_become_facts_with_infer() -> None:
    scope = Scope()
    messages = [
        {"role": "system", "content": "I live in Paris"},
        {"role": "assistant", "content": "I live in the cloud and I like sushi"},
        {"role": "user", "content": "Where do I live?"},
        {"role": "user", "content": "Thanks!"},
    ]
    assert scope.add(messages) == []


def test_infer_false_stores_user_and_assistant_turns_verbatim() -> None:
    scope = Scope()
    messages = [
        {"role": "system", "content": "You are helpful."},
        {"role": "user", "content": "  Hi, I'm Alice!  "},
        {"role": "assistant", "content": "Hello Alice."},
        {"role": "user", "content": "Hello Alice."},
        {"role": "user", "content": ""},
        {"role": "user", "content": "   "},
    ]
    assert scope.add(messages, infer=False) == [
        ("ADD", "  Hi, I'm Alice!  ", None),
        ("ADD", "Hello Alice.", None),
    ]
    assert all(m.subject is None for m in scope.memories)
    assert scope.add(user("Hello Alice."), infer=False) == []
    assert scope.add(user("hello alice."), infer=False) == [("ADD", "hello alice.", None)]


def test_infer_false_ignores_includes_and_keeps_categories() -> None:
    scope = Scope()
    scope.add(user("I'm allergic to peanuts"), infer=False, includes="music")
    assert scope.memories[0].memory == "I'm allergic to peanuts"
    assert scope.memories[0].categories == ("health",)


def test_verbatim_memory_is_not_updated_by_inferred_facts() -> None:
    scope = Scope()
    scope.add(user("I live in Berlin"), infer=False)
    assert scope.add("I live in Munich") == [("ADD", "Lives in Munich", None)]


def test_memories_from_fixtures_with_read_back_subjects_take_part() -> None:
    scope = Scope(
        [stored("Lives in Berlin", "residence"), stored("Likes sushi", "preference:sushi")]
    )
    assert scope.add("I moved to Rome. I don't like sushi anymore") == [
        ("UPDATE", "Lives in Rome", "Lives in Berlin"),
        ("DELETE", "Likes sushi", None),
    ]


@pytest.mark.parametrize(
    "content",
    ["🙂" * 50, "\x00\x01\x02", "x" * 20_000, "Ich wohne in Berlin", "I live in " + "A" * 5000],
    ids=["emoji", "control", "long", "german", "long-place"],
)
def test_odd_content_never_raises(content: str) -> None:
    for infer in (True, False):
        events, _ = apply_add([], user(content), options(infer=infer), ids())
        assert all(e.event == "ADD" for e in events)


def test_input_memories_are_not_modified() -> None:
    before = [stored("Lives in Berlin", "residence")]
    snapshot = list(before)
    apply_add(before, user("I moved to Rome"), options(), ids())
    assert before == snapshot


# -- the contract's rules 1-4 over arbitrary sequences of adds ------------------------------------

# Phrases that keep meeting each other: the same subjects stated, changed and retracted.
PHRASES = [
    "I live in Denver",
    "I moved to Austin",
    "I live in Boston",
    "I don't live in Austin anymore",
    "forget my address",
    "I'm vegetarian",
    "I'm vegan",
    "I'm not vegetarian anymore",
    "I like sushi",
    "I hate sushi",
    "I don't like sushi anymore",
    "I have a cat",
    "I have a cat named Luna",
    "My cat Luna passed away",
    "I no longer have a cat",
    "Hi, I'm Sam",
    "My name is Alex",
    "Scratch that",
    "Forget everything",
    "Hello!",
    "Where do I live?",
    "I live in Denver. Scratch that, I live in Boston",
    "I like tea and I hate tea",
    "I'm 34. I just turned 35",
]
# Weighted towards the phrases, user turns and no filter, so that facts meet earlier facts.
CONTENT = st.one_of(
    st.sampled_from(PHRASES),
    st.sampled_from(PHRASES),
    st.sampled_from(PHRASES),
    st.text(max_size=40),
)
MESSAGE = st.fixed_dictionaries(
    {"role": st.sampled_from(["user", "user", "user", "assistant", "system"]), "content": CONTENT}
)
ADD_CALL = st.tuples(
    st.lists(MESSAGE, min_size=1, max_size=4),
    st.sampled_from([True, True, True, False]),  # infer
    st.booleans(),  # immutable
    st.sampled_from([None, None, -1, 0, 30]),  # expiration, in days from today
    st.sampled_from([None, None, None, "food", "location and work", "health"]),  # includes
)


@given(st.lists(ADD_CALL, min_size=1, max_size=8))
@settings(max_examples=300, deadline=None)
def test_rules_1_to_4_hold_for_any_sequence_of_adds(calls: list[Any]) -> None:
    memories: list[StoredMemory] = []
    seen_ids: set[str] = set()
    immutable_ids: set[str] = set()
    new_id = ids()
    for messages, infer, immutable, days, includes in calls:
        expires = None if days is None else TODAY + datetime.timedelta(days)
        opts = options(infer=infer, immutable=immutable, expiration_date=expires, includes=includes)
        live_before = {
            m.id for m in memories if m.expiration_date is None or m.expiration_date >= TODAY
        }
        events, after = apply_add(memories, messages, opts, new_id)
        check_rules(events, after, messages, infer, live_before, seen_ids, immutable_ids)
        for event in events:
            if event.event == "ADD":
                seen_ids.add(event.id)
                if immutable:
                    immutable_ids.add(event.id)
        memories = after


def check_rules(
    events: list[MemoryEvent],
    after: list[StoredMemory],
    messages: list[dict[str, str]],
    infer: bool,
    live_before: set[str],
    seen_ids: set[str],
    immutable_ids: set[str],
) -> None:
    event_ids = [e.id for e in events]
    assert len(event_ids) == len(set(event_ids))  # rule 1: unique within the response
    by_id = {m.id: m for m in after}
    assert len(by_id) == len(after)
    for event in events:
        if event.event == "ADD":
            assert event.id not in seen_ids  # rule 1: new in the scope
            assert by_id[event.id].memory == event.memory
        else:
            assert event.id in live_before  # rule 2: a live memory of this scope
            assert event.id not in immutable_ids  # rule 3
            if event.event == "UPDATE":
                assert by_id[event.id].memory == event.memory
                assert event.previous_memory is not None
            else:
                assert event.id not in by_id
    if not infer:  # rule 4
        spoken = {m["content"] for m in messages if m["role"] in ("user", "assistant")}
        assert all(e.event == "ADD" and e.memory in spoken for e in events)


USER_TURNS = st.lists(st.sampled_from(PHRASES), min_size=1, max_size=4).map(lambda c: user(*c))


@pytest.mark.parametrize(
    "first",
    [{"immutable": True}, {"expiration_date": TODAY - datetime.timedelta(1)}],
    ids=["immutable", "expired"],
)
@given(first_turns=USER_TURNS, later=st.lists(USER_TURNS, min_size=1, max_size=6))
@settings(max_examples=150, deadline=None)
def test_immutable_and_expired_memories_survive_any_later_adds(
    first: dict[str, Any], first_turns: list[dict[str, str]], later: list[list[dict[str, str]]]
) -> None:
    new_id = ids()
    events, memories = apply_add([], first_turns, options(**first), new_id)
    protected = {e.id: e.memory for e in events}
    for turns in later:
        events, memories = apply_add(memories, turns, options(), new_id)
        assert not {e.id for e in events if e.event != "ADD"} & protected.keys()
    assert {m.id: m.memory for m in memories if m.id in protected} == protected


# -- cost: each retraction looks only at the memories an index names ----------------------------


def _verbatim_scope(count: int) -> list[StoredMemory]:
    return [stored(f"note {i} about item{i} and thing{i % 7}", None) for i in range(count)]


def test_retractions_naming_no_remembered_word_look_at_no_memory() -> None:
    # 200 retractions of a word no memory has, against 1,000 memories: without an index each one
    # read every memory (200,000 checks); with it none, so a bound of 1 is never reached.
    scope = _verbatim_scope(1_000)
    content = "forget a" + ", forget a" * 199
    events, after = apply_add(scope, user(content), options(), ids(), max_checks=1)
    assert events == []
    assert after == scope


def test_a_retraction_looks_only_at_the_memories_with_its_words() -> None:
    scope = _verbatim_scope(1_000)
    events, after = apply_add(scope, user("forget item7"), options(), ids(), max_checks=1)
    assert [(e.event, e.memory) for e in events] == [("DELETE", "note 7 about item7 and thing0")]
    assert len(after) == 999


def test_facts_and_their_retractions_in_one_add_cost_one_check_each() -> None:
    count = 1_000
    turns = [f"I like fruit{i}" for i in range(count)] + [f"forget fruit{i}" for i in range(count)]
    events, after = apply_add([], user(*turns), options(), ids(), max_checks=count)
    assert (events, after) == ([], [])  # each ADD and its DELETE collapse into nothing


def test_retractions_past_the_bound_raise_add_too_costly() -> None:
    # Each memory has one of the two words, none both: every retraction looks at 300 again.
    scope = [stored(f"Drinks {'tea' if i % 2 else 'coffee'} {i}", None) for i in range(600)]
    content = ", ".join(["forget tea coffee"] * 10)
    with pytest.raises(AddTooCostly) as raised:
        apply_add(scope, user(content), options(), ids(), max_checks=2_000)
    assert raised.value.limit == 2_000
    events, _ = apply_add(scope, user(content), options(), ids(), max_checks=3_000)
    assert events == []


def test_scratch_that_retracts_the_latest_mutable_memory_past_immutable_ones() -> None:
    scope = [stored("Likes tea", "preference:tea")] + [
        stored(f"Fixed {i}", None, immutable=True) for i in range(5)
    ]
    events, after = apply_add(scope, user("scratch that"), options(), ids())
    assert [(e.event, e.memory) for e in events] == [("DELETE", "Likes tea")]
    assert [m.memory for m in after] == [f"Fixed {i}" for i in range(5)]
