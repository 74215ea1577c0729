"""mockserver.memory.search: ranking a scope's memories against a query without embeddings."""

from __future__ import annotations

import datetime
import itertools
import math
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.memory import search as search_module
from mockserver.memory.extract import Fact, extract, stem
from mockserver.memory.model import EPOCH, StoredMemory
from mockserver.memory.search import (
    BM25_B,
    BM25_K1,
    DECIMALS,
    DOMAINS,
    QUERY_CUES,
    QUERY_STOPWORDS,
    QUESTION_WORDS,
    RELATED,
    WEIGHTS,
    Hit,
    query_words,
    search,
)

ALICE = {"user_id": "alice", "agent_id": None, "app_id": None, "run_id": None}
V3, V2 = 0.1, 0.3  # the default thresholds of v3 and v2
CONVERSATION = [
    "Hi, I'm Alice. I'm vegetarian and I live in Berlin",
    "I love sushi",
    "I love hiking",
    "I work at Acme",
    "I have a dog named Rex",
    "I play the guitar",
    "I go to the gym on Mondays",
    "I speak English and Spanish",
    "My birthday is May 5th",
    "I'm allergic to peanuts",
    "I want to learn Spanish",
    "My wife's name is Anna",
    "I'm going to visit Japan in May",
]


def fact_memories(messages: Sequence[str] = CONVERSATION) -> list[StoredMemory]:
    """The memories the extractor makes of messages, with its topics, one minute apart."""
    memories: list[StoredMemory] = []
    for message in messages:
        for fact in extract(message):
            if isinstance(fact, Fact):
                memories.append(stored(fact.text, f"m{len(memories):02d}", topics=fact.topics))
    return [
        m._replace(updated_at=EPOCH + datetime.timedelta(minutes=i)) for i, m in enumerate(memories)
    ]


def stored(text: str, memory_id: str = "m", **changes: Any) -> StoredMemory:
    base = StoredMemory(memory_id, text, None, False, None, (), None)
    return base._replace(**changes)


SCOPE = fact_memories()


def found(query: str, threshold: float = V3, memories: Sequence[StoredMemory] = SCOPE) -> list[str]:
    return [
        h.memory.memory
        for h in search(query, [(ALICE, m) for m in memories], top_k=100, threshold=threshold)
    ]


def hits(query: str, memories: Sequence[StoredMemory] = SCOPE, **options: Any) -> list[Hit]:
    options = {"top_k": 100, "threshold": 0.0, **options}
    return search(query, [(ALICE, m) for m in memories], **options)


def test_the_scope_is_the_extractors_facts() -> None:
    assert [m.memory for m in SCOPE][:6] == [
        "Name is Alice",
        "Is vegetarian",
        "Lives in Berlin",
        "Loves sushi",
        "Loves hiking",
        "Works at Acme",
    ]


# -- what a query finds --------------------------------------------------------------------------

FINDS = [
    ("food-by-topic", "what does alice eat", {"Is vegetarian", "Loves sushi"}),
    ("residence-by-cue", "where do I live", {"Lives in Berlin"}),
    ("hobby-by-word", "hiking", {"Loves hiking"}),
    ("place-by-name", "Berlin", {"Lives in Berlin"}),
    ("name", "what is my name", {"Name is Alice"}),
    ("employer", "acme", {"Works at Acme"}),
    ("pets-by-topic", "do I have pets", {"Has a dog named Rex"}),
    ("languages", "what languages do I speak", {"Speaks English", "Speaks Spanish"}),
    ("birthday", "when is my birthday", {"Birthday is May 5th"}),
    ("partner-by-cue", "am I married", {"Has a wife named Anna"}),
    ("age-by-cue", "how old am I", {"Birthday is May 5th"}),
    (
        "hobbies",
        "what are my hobbies",
        {"Loves hiking", "Plays the guitar", "Goes to the gym on Mondays"},
    ),
    ("travel", "travel plans", {"Plans to visit Japan in May"}),
]


@pytest.mark.parametrize(("query", "expected"), [f[1:] for f in FINDS], ids=[f[0] for f in FINDS])
def test_a_query_finds_what_shares_its_words_or_topics(query: str, expected: set[str]) -> None:
    results = found(query, V2)
    assert expected <= set(results)
    # ...and they come first.
    assert set(results[: len(expected)]) == expected


TOP = [
    ("where do I live", "Lives in Berlin"),
    ("hiking", "Loves hiking"),
    ("Berlin", "Lives in Berlin"),
    ("where do I work", "Works at Acme"),
]


@pytest.mark.parametrize(("query", "first"), TOP, ids=[t[0] for t in TOP])
def test_the_best_match_comes_first(query: str, first: str) -> None:
    assert found(query)[0] == first


UNRELATED = [
    "tell me a joke",
    "quantum physics",
    "hello",
    "what is the capital of France",
    "thanks a lot",
]


@pytest.mark.parametrize("query", UNRELATED, ids=UNRELATED)
def test_an_unrelated_query_finds_nothing_at_any_threshold(query: str) -> None:
    assert found(query, 0.0) == []


@pytest.mark.parametrize(
    "query",
    ["", "   ", "?!", "what is it", "the and of", "what do you know about me"],
    ids=["empty", "blank", "punctuation", "stopwords", "more-stopwords", "about-me"],
)
def test_a_query_without_content_words_finds_nothing_rather_than_everything(query: str) -> None:
    assert hits(query) == []


def test_loosely_related_memories_fall_between_v3s_and_v2s_thresholds() -> None:
    # Hiking and the gym are both sport: related, so v3 shows it and v2 does not.
    assert "Goes to the gym on Mondays" in found("hiking", V3)
    assert found("hiking", V2) == ["Loves hiking"]


# -- how a score is made -------------------------------------------------------------------------


def _bm25(query: list[str], doc: list[str], docs: list[list[str]]) -> float:
    """Okapi BM25 as docs/SEARCH.md states it, written out independently of the module."""
    average = sum(map(len, docs)) / len(docs)
    idf = {
        w: math.log(1 + (len(docs) - (n := sum(w in d for d in docs)) + 0.5) / (n + 0.5))
        for w in query
    }
    total = 0.0
    for w in set(query) & set(doc):
        tf = doc.count(w)
        total += (
            idf[w]
            * tf
            * (BM25_K1 + 1)
            / (tf + BM25_K1 * (1 - BM25_B + BM25_B * len(doc) / average))
        )
    return min(1.0, total / sum(idf.values()))


def test_the_score_is_the_documented_weighted_sum() -> None:
    assert (WEIGHTS, DECIMALS, BM25_K1, BM25_B, RELATED) == (
        {"semantic": 0.5, "bm25": 0.3, "entity": 0.2},
        4,
        1.2,
        0.75,
        0.5,
    )
    memories = [
        stored("Works at Acme in Berlin", "a", topics=frozenset({"work", "job", "acme", "berlin"})),
        stored("Lives in Berlin", "b", topics=frozenset({"residence", "berlin"})),
        stored("Has a cat", "c", topics=frozenset({"pet", "cat"})),
    ]
    docs = [["work", "acme", "berlin"], ["live", "berlin"], ["cat"]]
    (a, b) = hits("where do I work in Berlin", memories)
    # a: "where" (a question word, whose cues are places) misses; "work" and "berlin" meet its
    # topics, and "berlin" names it (capitalised after the first word).
    assert a.memory.id == "a"
    assert a.breakdown == {
        "semantic": round(2 / 3, 4),
        "bm25": round(_bm25(["where", "work", "berlin"], docs[0], docs), 4),
        "entity": round(1 / 3, 4),
    }
    semantic, bm25, entity = 2 / 3, _bm25(["where", "work", "berlin"], docs[0], docs), 1 / 3
    assert a.score == round(0.5 * semantic + 0.3 * bm25 + 0.2 * entity, 4)
    # b: "where" meets "residence" through its cues, "berlin" directly.
    assert b.breakdown["semantic"] == round(2 / 3, 4)
    assert b.breakdown["bm25"] == round(_bm25(["where", "work", "berlin"], docs[1], docs), 4)


def test_scores_and_parts_are_in_0_1_and_rounded() -> None:
    for query in ["what does alice eat", "Berlin", "hiking", "where", "pizza"]:
        for hit in hits(query):
            assert set(hit.breakdown) == {"semantic", "bm25", "entity"}
            for value in (hit.score, *hit.breakdown.values()):
                assert 0.0 <= value <= 1.0
                assert round(value, DECIMALS) == value


def test_a_perfect_match_scores_1() -> None:
    (hit,) = hits("Berlin", [stored("Lives in Berlin", topics=frozenset({"berlin", "residence"}))])
    assert (hit.score, hit.breakdown) == (1.0, {"semantic": 1.0, "bm25": 1.0, "entity": 1.0})


def test_a_scope_id_in_the_query_is_the_entity_signal_not_the_semantic_one() -> None:
    by_text = {h.memory.memory: h for h in hits("what does alice eat")}
    # "eat" asks about food, which "Is vegetarian" is; "alice" is the user, so it names the
    # memory's entity but is left out of the semantic share.
    assert by_text["Is vegetarian"].breakdown == {"semantic": 1.0, "bm25": 0.0, "entity": 0.5}
    assert by_text["Is vegetarian"].score == 0.6


def test_an_entity_alone_finds_nothing() -> None:
    # Every memory of alice's scope names alice; only the one whose words hold it is a hit.
    assert found("alice", 0.0) == ["Name is Alice"]


def test_a_name_is_a_capitalised_word_after_the_first() -> None:
    (first,) = hits("berlin", [stored("Berlin is lovely")])
    (later,) = hits("berlin", [stored("Moved to Berlin")])
    assert (first.breakdown["entity"], later.breakdown["entity"]) == (0.0, 1.0)


def test_a_memory_without_topics_is_found_by_its_words() -> None:
    (hit,) = hits("sushi", [stored("Had sushi with Tom")])
    assert hit.breakdown == {"semantic": 1.0, "bm25": 1.0, "entity": 0.0}


def test_a_word_of_a_domain_half_meets_a_memory_of_that_domain() -> None:
    by_text = {h.memory.memory: h for h in hits("pizza")}
    assert by_text["Loves sushi"].breakdown["semantic"] == RELATED
    assert by_text["Is vegetarian"].breakdown["semantic"] == RELATED
    assert "Lives in Berlin" not in by_text


def test_question_words_help_but_find_nothing_alone_when_the_query_says_more() -> None:
    assert "Lives in Berlin" not in found("where do I work", 0.0)
    assert "Lives in Berlin" in found("where", 0.0)
    assert "Wants to learn Spanish" not in found("when is my birthday", 0.0)


def test_bm25_prefers_the_rarer_word() -> None:
    memories = [
        stored("Likes green tea", "a"),
        stored("Likes coffee", "b"),
        stored("Likes cake", "c"),
    ]
    scores = {h.memory.id: h.breakdown["bm25"] for h in hits("green likes", memories)}
    assert scores["a"] > scores["b"] == scores["c"] > 0


# -- order, top_k, threshold ---------------------------------------------------------------------


def test_ties_break_on_the_latest_update_then_the_id() -> None:
    later = EPOCH + datetime.timedelta(days=1)
    memories = [
        stored("Loves sushi", "b"),
        stored("Loves sushi", "a"),
        stored("Loves sushi", "c", updated_at=later),
    ]
    assert [h.memory.id for h in hits("sushi", memories)] == ["c", "a", "b"]


def test_the_order_of_the_candidates_does_not_change_the_answer() -> None:
    expected = hits("what does alice eat")
    shuffled = list(SCOPE)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert hits("what does alice eat", shuffled) == expected


def test_top_k_keeps_the_best() -> None:
    everything = hits("what are my hobbies")
    assert len(everything) > 2
    assert hits("what are my hobbies", top_k=2) == everything[:2]
    assert hits("what are my hobbies", top_k=0) == []


def test_the_threshold_keeps_scores_at_or_above_it() -> None:
    scores = [h.score for h in hits("hiking")]
    cut = scores[1]
    assert [h.score for h in hits("hiking", threshold=cut)] == [s for s in scores if s >= cut]
    assert cut not in [h.score for h in hits("hiking", threshold=cut + 0.0001)]


def test_a_hit_carries_its_memory_and_scope() -> None:
    scope = {"user_id": "alice", "agent_id": "planner", "app_id": None, "run_id": "r1"}
    memory = stored("Loves sushi")
    (hit,) = search("sushi", [(scope, memory)], top_k=10, threshold=0.1)
    assert (hit.memory, hit.scope) == (memory, scope)


def test_an_empty_candidate_set_finds_nothing() -> None:
    assert search("sushi", [], top_k=10, threshold=0.0) == []


def test_the_token_cache_is_bounded_and_answers_do_not_depend_on_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_module, "_DOCS_BOUND", 3)
    monkeypatch.setattr(search_module, "_docs", {})
    memories = [stored(f"Loves dish{i} and sushi", f"m{i}") for i in range(10)]
    first = hits("sushi", memories)
    assert len(search_module._docs) <= 3
    assert hits("sushi", memories) == first
    assert len(first) == 10


# -- words and cues ------------------------------------------------------------------------------

WORDS = [
    ("stemmed", "Dogs and cats", ("dog", "cat")),
    ("stopwords-out", "what is my name", ("name",)),
    ("question-stopwords-out", "how can you tell", ()),
    ("more-question-stopwords", "please do you know", ()),
    ("possessive", "Alice's dog", ("alice", "dog")),
    ("contraction", "what's the weather", ("weather",)),
]


@pytest.mark.parametrize(("text", "expected"), [w[1:] for w in WORDS], ids=[w[0] for w in WORDS])
def test_query_words(text: str, expected: tuple[str, ...]) -> None:
    assert query_words(text) == expected


def test_cues_map_stemmed_everyday_words_to_topic_words() -> None:
    assert QUERY_CUES["eat"] == {"food", "diet", "eating", "meal"}
    assert QUERY_CUES["live"] >= {"residence", "home"}
    assert all(query_words(word) == (word,) for word in QUERY_CUES)


# -- whatever it is given ------------------------------------------------------------------------

_TEXTS = st.text(max_size=60) | st.sampled_from([*CONVERSATION, "Berlin", "what does alice eat"])


@given(
    query=_TEXTS,
    texts=st.lists(_TEXTS, max_size=8),
    topics=st.lists(st.frozensets(st.sampled_from(["food", "berlin", "hobby", "sport"]))),
    threshold=st.floats(min_value=0, max_value=1),
)
@settings(max_examples=300, deadline=None)
def test_any_query_over_any_memories_gives_sorted_bounded_scores(
    query: str, texts: list[str], topics: list[frozenset[str]], threshold: float
) -> None:
    memories = [
        stored(text, f"m{i}", topics=topics[i] if i < len(topics) else frozenset())
        for i, text in enumerate(texts)
    ]
    results = hits(query, memories, threshold=threshold, top_k=5)
    assert len(results) <= 5
    assert all(threshold <= h.score <= 1 for h in results)
    assert [h.score for h in results] == sorted((h.score for h in results), reverse=True)
    assert hits(query, list(reversed(memories)), threshold=threshold, top_k=5) == results


# -- docs/SEARCH.md: its tables and figures are these -------------------------------------------

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "SEARCH.md"


def guide_table(heading: str) -> list[list[str]]:
    """The rows of the first table after a heading of docs/SEARCH.md, cells stripped."""
    lines = GUIDE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip("#").strip() == heading)
    table = [
        line
        for line in itertools.takewhile(
            lambda line: line.startswith("|"),
            itertools.dropwhile(lambda line: not line.startswith("|"), lines[start + 1 :]),
        )
    ]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in table[2:]]


def test_the_guides_examples_are_what_search_answers() -> None:
    rows = guide_table("Search examples")
    messages = [
        "Hi, I'm Alice. I'm vegetarian and I live in Berlin",
        "I love sushi and I go hiking",
        "I work at Acme",
    ]
    guide = " ".join(GUIDE.read_text(encoding="utf-8").split())
    assert all(f'"{m}"' in guide for m in messages)
    memories = fact_memories(messages)
    expected: dict[str, list[tuple[str, dict[str, float], float]]] = {}
    for query, text, semantic, bm25, entity, score in rows:
        answers = expected.setdefault(query, [])
        if text:
            parts = {"semantic": float(semantic), "bm25": float(bm25), "entity": float(entity)}
            answers.append((text, parts, float(score)))
    assert len(expected) >= 8
    for query, answers in expected.items():
        got = [
            (h.memory.memory, dict(h.breakdown), h.score)
            for h in hits(query, memories, threshold=V3)
        ]
        assert got == answers, query


def test_the_guides_cue_table_is_the_cue_table() -> None:
    cues = {}
    for words, topics in guide_table("Cues: everyday words and the topics they ask about"):
        for word in words.split():
            cues[stem(word)] = frozenset(topics.split())
    assert cues == QUERY_CUES


def test_the_guides_figures() -> None:
    guide = " ".join(GUIDE.read_text(encoding="utf-8").split())
    assert "score = 0.5 \u00d7 semantic + 0.3 \u00d7 bm25 + 0.2 \u00d7 entity" in guide
    assert WEIGHTS == {"semantic": 0.5, "bm25": 0.3, "entity": 0.2}
    assert "rounded to 4 decimals" in guide and DECIMALS == 4
    assert "k1 = 1.2, b = 0.75" in guide and (BM25_K1, BM25_B) == (1.2, 0.75)
    assert "0.5 for a word of a domain (food, sport, music, entertainment, travel)" in guide
    assert RELATED == 0.5 and set(DOMAINS) == {"food", "sport", "music", "entertainment", "travel"}
    assert "Question words (where, when)" in guide and set(QUESTION_WORDS) == {"where", "when"}
    assert {"how", "can", "tell", "know", "please"} <= QUERY_STOPWORDS
