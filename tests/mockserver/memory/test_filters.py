"""mockserver.memory.filters: Mem0's filter grammar, compiled into a predicate over one memory."""

from __future__ import annotations

import datetime
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.memory.filters import (
    ENTITY_KEYS,
    FILTER_KEYS,
    MAX_CONDITIONS,
    MAX_DEPTH,
    FilterError,
    compile_filters,
    entity_ids_named,
)
from mockserver.memory.model import StoredMemory

UTC = datetime.UTC
JAN_2 = datetime.datetime(2026, 1, 2, tzinfo=UTC)
ALICE = {"user_id": "alice", "agent_id": None, "app_id": "Notes-App", "run_id": None}


def memory(**changes: Any) -> StoredMemory:
    base = StoredMemory(
        id="m1",
        memory="Lives in Berlin",
        subject="residence",
        immutable=False,
        expiration_date=None,
        categories=("personal_details", "travel"),
        metadata={"source": "chat", "priority": 2, "score": 0.5, "tags": ["Work", "home"]},
        created_at=JAN_2 + datetime.timedelta(hours=10),
        updated_at=JAN_2 + datetime.timedelta(days=3),
    )
    return base._replace(**changes)


def holds(filters: Any, scope: dict[str, str | None] | None = None, **changes: Any) -> bool:
    return compile_filters(filters)(ALICE if scope is None else scope, memory(**changes))


# -- what holds ----------------------------------------------------------------------------------

CASES: list[tuple[str, dict[str, Any], dict[str, Any], bool]] = [
    # entity ids: equality, wildcard, operators
    ("user-equal", {"user_id": "alice"}, {}, True),
    ("user-other", {"user_id": "bob"}, {}, False),
    ("user-is-case-sensitive", {"user_id": "Alice"}, {}, False),
    ("wildcard-present", {"user_id": "*"}, {}, True),
    ("wildcard-absent", {"agent_id": "*"}, {}, False),
    ("eq-operator", {"user_id": {"eq": "alice"}}, {}, True),
    ("in", {"user_id": {"in": ["bob", "alice"]}}, {}, True),
    ("in-absent", {"agent_id": {"in": ["bob"]}}, {}, False),
    ("in-empty", {"user_id": {"in": []}}, {}, False),
    ("ne-other", {"user_id": {"ne": "bob"}}, {}, True),
    ("ne-same", {"user_id": {"ne": "alice"}}, {}, False),
    ("ne-absent-holds", {"agent_id": {"ne": "bob"}}, {}, True),
    ("contains", {"app_id": {"contains": "App"}}, {}, True),
    ("contains-is-case-sensitive", {"app_id": {"contains": "app"}}, {}, False),
    ("icontains", {"app_id": {"icontains": "notes-app"}}, {}, True),
    ("contains-absent", {"run_id": {"contains": "x"}}, {}, False),
    ("two-operators-both-hold", {"user_id": {"ne": "bob", "in": ["alice"]}}, {}, True),
    ("two-operators-one-fails", {"user_id": {"ne": "alice", "in": ["alice"]}}, {}, False),
    # logic
    ("empty-object-holds", {}, {}, True),
    ("keys-are-anded", {"user_id": "alice", "app_id": "other"}, {}, False),
    ("and", {"AND": [{"user_id": "alice"}, {"run_id": {"ne": "r1"}}]}, {}, True),
    ("and-one-fails", {"AND": [{"user_id": "alice"}, {"user_id": "bob"}]}, {}, False),
    ("empty-and-holds", {"AND": []}, {}, True),
    ("or", {"OR": [{"user_id": "bob"}, {"app_id": "Notes-App"}]}, {}, True),
    ("or-none", {"OR": [{"user_id": "bob"}, {"agent_id": "*"}]}, {}, False),
    ("empty-or-fails", {"OR": []}, {}, False),
    ("not-list-none-holds", {"NOT": [{"user_id": "bob"}, {"agent_id": "*"}]}, {}, True),
    ("not-list-one-holds", {"NOT": [{"user_id": "bob"}, {"user_id": "alice"}]}, {}, False),
    ("not-object", {"NOT": {"user_id": "alice"}}, {}, False),
    ("empty-not-holds", {"NOT": []}, {}, True),
    (
        "nested",
        {"AND": [{"OR": [{"user_id": "bob"}, {"user_id": "alice"}]}, {"NOT": [{"app_id": "x"}]}]},
        {},
        True,
    ),
    # created_at / updated_at: a date is its whole UTC day
    ("gte-date-same-day", {"created_at": {"gte": "2026-01-02"}}, {}, True),
    ("gte-date-next-day", {"created_at": {"gte": "2026-01-03"}}, {}, False),
    ("gte-date-at-midnight", {"created_at": {"gte": "2026-01-02"}}, {"created_at": JAN_2}, True),
    ("lte-date-same-day", {"created_at": {"lte": "2026-01-02"}}, {}, True),
    ("lte-date-day-before", {"created_at": {"lte": "2026-01-01"}}, {}, False),
    (
        "lte-date-last-microsecond",
        {"created_at": {"lte": "2026-01-02"}},
        {"created_at": JAN_2 + datetime.timedelta(days=1, microseconds=-1)},
        True,
    ),
    (
        "lte-date-next-midnight",
        {"created_at": {"lte": "2026-01-02"}},
        {"created_at": JAN_2 + datetime.timedelta(days=1)},
        False,
    ),
    ("gt-date-same-day", {"created_at": {"gt": "2026-01-02"}}, {}, False),
    ("gt-date-day-before", {"created_at": {"gt": "2026-01-01"}}, {}, True),
    ("lt-date-same-day", {"created_at": {"lt": "2026-01-02"}}, {}, False),
    ("lt-date-next-day", {"created_at": {"lt": "2026-01-03"}}, {}, True),
    ("eq-date", {"created_at": {"eq": "2026-01-02"}}, {}, True),
    ("bare-date-is-eq", {"created_at": "2026-01-02"}, {}, True),
    ("bare-date-other-day", {"created_at": "2026-01-03"}, {}, False),
    ("ne-date", {"created_at": {"ne": "2026-01-02"}}, {}, False),
    ("range", {"created_at": {"gte": "2026-01-01", "lt": "2026-01-03"}}, {}, True),
    ("updated-at", {"updated_at": {"gte": "2026-01-05"}}, {}, True),
    ("updated-at-before", {"updated_at": {"lt": "2026-01-05"}}, {}, False),
    # date-times: one instant; naive is UTC, an offset is honoured
    ("gte-instant-equal", {"created_at": {"gte": "2026-01-02T10:00:00Z"}}, {}, True),
    ("gt-instant-equal", {"created_at": {"gt": "2026-01-02T10:00:00Z"}}, {}, False),
    ("lte-instant-equal", {"created_at": {"lte": "2026-01-02T10:00:00"}}, {}, True),
    ("lt-instant-equal", {"created_at": {"lt": "2026-01-02T10:00:00"}}, {}, False),
    ("eq-instant", {"created_at": {"eq": "2026-01-02T10:00:00+00:00"}}, {}, True),
    ("eq-instant-offset", {"created_at": {"eq": "2026-01-02T11:00:00+01:00"}}, {}, True),
    ("naive-is-utc", {"created_at": {"lt": "2026-01-02T10:00:01"}}, {}, True),
    ("offset-moves-the-instant", {"created_at": {"lt": "2026-01-02T10:00:01+01:00"}}, {}, False),
    ("minutes-only", {"created_at": {"gte": "2026-01-02T10:00"}}, {}, True),
    ("fractional-seconds", {"created_at": {"gt": "2026-01-02T09:59:59.999999Z"}}, {}, True),
    ("space-separator", {"created_at": {"eq": "2026-01-02 10:00:00Z"}}, {}, True),
    ("last-day-gt", {"created_at": {"gt": "9999-12-31"}}, {}, False),
    ("last-day-lte", {"created_at": {"lte": "9999-12-31"}}, {}, True),
    ("last-day-eq", {"created_at": {"eq": "9999-12-31"}}, {}, False),
    ("first-day-gte", {"created_at": {"gte": "0001-01-01"}}, {}, True),
    # categories
    ("category-bare-string", {"categories": "travel"}, {}, True),
    ("category-bare-missing", {"categories": "food"}, {}, False),
    ("category-contains", {"categories": {"contains": "travel"}}, {}, True),
    ("category-contains-whole-name", {"categories": {"contains": "trav"}}, {}, False),
    ("category-eq", {"categories": {"eq": "travel"}}, {}, True),
    ("category-in-any", {"categories": {"in": ["food", "travel"]}}, {}, True),
    ("category-in-none", {"categories": {"in": ["food", "music"]}}, {}, False),
    ("category-ne", {"categories": {"ne": "food"}}, {}, True),
    ("category-ne-has-it", {"categories": {"ne": "travel"}}, {}, False),
    ("category-none-stored", {"categories": "travel"}, {"categories": ()}, False),
    # metadata: JSON equality
    ("metadata-string", {"metadata": {"source": "chat"}}, {}, True),
    ("metadata-string-other", {"metadata": {"source": "email"}}, {}, False),
    ("metadata-int-equals-float", {"metadata": {"priority": 2.0}}, {}, True),
    ("metadata-string-is-not-number", {"metadata": {"priority": "2"}}, {}, False),
    ("metadata-true-is-not-1", {"metadata": {"flag": True}}, {"metadata": {"flag": 1}}, False),
    ("metadata-1-is-not-true", {"metadata": {"flag": 1}}, {"metadata": {"flag": True}}, False),
    ("metadata-bool", {"metadata": {"flag": False}}, {"metadata": {"flag": False}}, True),
    ("metadata-null", {"metadata": {"gone": None}}, {"metadata": {"gone": None}}, True),
    ("metadata-null-is-not-absent", {"metadata": {"gone": None}}, {}, False),
    ("metadata-list", {"metadata": {"tags": ["Work", "home"]}}, {}, True),
    ("metadata-list-order", {"metadata": {"tags": ["home", "Work"]}}, {}, False),
    (
        "metadata-object",
        {"metadata": {"where": {"eq": {"a": [1]}}}},
        {"metadata": {"where": {"a": [1.0]}}},
        True,
    ),
    ("metadata-keys-anded", {"metadata": {"source": "chat", "priority": 3}}, {}, False),
    ("metadata-missing-key", {"metadata": {"colour": "green"}}, {}, False),
    ("metadata-no-dotted-paths", {"metadata": {"a.b": 1}}, {"metadata": {"a": {"b": 1}}}, False),
    ("metadata-none-stored", {"metadata": {"source": "chat"}}, {"metadata": None}, False),
    ("metadata-empty-object-holds", {"metadata": {}}, {"metadata": None}, True),
    ("metadata-wildcard", {"metadata": {"source": "*"}}, {}, True),
    ("metadata-wildcard-missing", {"metadata": {"colour": "*"}}, {}, False),
    ("metadata-wildcard-null", {"metadata": {"gone": "*"}}, {"metadata": {"gone": None}}, False),
    # metadata: operators
    ("metadata-in", {"metadata": {"source": {"in": ["email", "chat"]}}}, {}, True),
    ("metadata-in-json-equality", {"metadata": {"priority": {"in": [2.0]}}}, {}, True),
    ("metadata-in-none", {"metadata": {"source": {"in": ["email"]}}}, {}, False),
    (
        "metadata-in-true-is-not-1",
        {"metadata": {"f": {"in": [True]}}},
        {"metadata": {"f": 1}},
        False,
    ),
    (
        "metadata-in-1-is-not-true",
        {"metadata": {"f": {"in": [1]}}},
        {"metadata": {"f": True}},
        False,
    ),
    ("metadata-in-null", {"metadata": {"f": {"in": ["x", None]}}}, {"metadata": {"f": None}}, True),
    ("metadata-in-list", {"metadata": {"f": {"in": [[1], "x"]}}}, {"metadata": {"f": [1.0]}}, True),
    (
        "metadata-in-string-not-number",
        {"metadata": {"f": {"in": ["1"]}}},
        {"metadata": {"f": 1}},
        False,
    ),
    ("metadata-ne", {"metadata": {"source": {"ne": "email"}}}, {}, True),
    ("metadata-ne-same", {"metadata": {"source": {"ne": "chat"}}}, {}, False),
    ("metadata-ne-missing-key-holds", {"metadata": {"colour": {"ne": "red"}}}, {}, True),
    (
        "metadata-ne-no-metadata-holds",
        {"metadata": {"colour": {"ne": "red"}}},
        {"metadata": None},
        True,
    ),
    ("metadata-contains", {"metadata": {"source": {"contains": "ha"}}}, {}, True),
    ("metadata-contains-case", {"metadata": {"source": {"contains": "HA"}}}, {}, False),
    ("metadata-icontains", {"metadata": {"source": {"icontains": "HA"}}}, {}, True),
    ("metadata-contains-list-element", {"metadata": {"tags": {"contains": "Work"}}}, {}, True),
    ("metadata-contains-list-no-part", {"metadata": {"tags": {"contains": "Wor"}}}, {}, False),
    ("metadata-icontains-list-element", {"metadata": {"tags": {"icontains": "WORK"}}}, {}, True),
    ("metadata-contains-number", {"metadata": {"priority": {"contains": "2"}}}, {}, False),
    ("metadata-gt", {"metadata": {"priority": {"gt": 1}}}, {}, True),
    ("metadata-gt-equal", {"metadata": {"priority": {"gt": 2}}}, {}, False),
    ("metadata-gte", {"metadata": {"priority": {"gte": 2}}}, {}, True),
    ("metadata-lt-float", {"metadata": {"score": {"lt": 0.75}}}, {}, True),
    ("metadata-lte", {"metadata": {"score": {"lte": 0.25}}}, {}, False),
    ("metadata-between", {"metadata": {"priority": {"gte": 1, "lte": 3}}}, {}, True),
    ("metadata-string-order", {"metadata": {"source": {"gt": "apple"}}}, {}, True),
    ("metadata-string-vs-number", {"metadata": {"source": {"gt": 1}}}, {}, False),
    ("metadata-number-vs-string", {"metadata": {"priority": {"gt": "1"}}}, {}, False),
    (
        "metadata-bool-is-not-number",
        {"metadata": {"flag": {"gt": 0}}},
        {"metadata": {"flag": True}},
        False,
    ),
    ("metadata-gt-missing", {"metadata": {"colour": {"gt": 0}}}, {}, False),
    # memory_ids
    ("memory-ids", {"memory_ids": ["m0", "m1"]}, {}, True),
    ("memory-ids-other", {"memory_ids": ["m2"]}, {}, False),
    ("memory-ids-in", {"memory_ids": {"in": ["m1"]}}, {}, True),
]


@pytest.mark.parametrize(
    ("filters", "changes", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_what_a_filter_holds_for(
    filters: dict[str, Any], changes: dict[str, Any], expected: bool
) -> None:
    assert holds(filters, **changes) is expected


def test_a_scope_without_an_id_key_is_as_if_it_were_none() -> None:
    assert holds({"agent_id": {"ne": "x"}}, scope={"user_id": "alice"}) is True
    assert holds({"agent_id": "*"}, scope={"user_id": "alice"}) is False


def test_one_compiled_filter_judges_many_memories() -> None:
    predicate = compile_filters({"categories": {"in": ["food"]}, "user_id": "alice"})
    memories = [memory(id=str(i), categories=("food",) if i % 2 else ()) for i in range(6)]
    assert [m.id for m in memories if predicate(ALICE, m)] == ["1", "3", "5"]
    assert [m.id for m in memories if predicate({"user_id": "bob"}, m)] == []


# -- what is refused -----------------------------------------------------------------------------

INSTANT_RULE = "must be a date (YYYY-MM-DD) or a date-time (YYYY-MM-DDTHH:MM:SS, offset optional)"
ERRORS: list[tuple[str, Any, str, str]] = [
    ("not-an-object", ["user_id"], "filters", "must be an object"),
    ("null", None, "filters", "must be an object"),
    ("unknown-key", {"colour": "red"}, "filters.colour", "is not a filter field (valid: "),
    ("lowercase-and", {"and": []}, "filters.and", "is not a filter field (valid: "),
    (
        "mem0-field-not-implemented",
        {"keywords": {"icontains": "x"}},
        "filters.keywords",
        "is a Mem0 filter field the mock does not implement",
    ),
    (
        "timestamp",
        {"timestamp": {"gt": 1}},
        "filters.timestamp",
        "is a Mem0 filter field the mock does not implement",
    ),
    (
        "and-not-a-list",
        {"AND": {"user_id": "a"}},
        "filters.AND",
        "must be a list of filter objects",
    ),
    (
        "or-element-not-object",
        {"OR": [{"user_id": "a"}, "b"]},
        "filters.OR[1]",
        "must be an object",
    ),
    ("not-a-string", {"NOT": "user_id"}, "filters.NOT", "must be a list of filter objects"),
    (
        "nested-unknown",
        {"AND": [{"OR": [{"user": "a"}]}]},
        "filters.AND[0].OR[0].user",
        "is not a filter field",
    ),
    (
        "id-number",
        {"user_id": 7},
        "filters.user_id",
        'must be an id, "*" or an object of operators',
    ),
    (
        "id-null",
        {"user_id": None},
        "filters.user_id",
        'must be an id, "*" or an object of operators',
    ),
    ("id-empty", {"user_id": ""}, "filters.user_id", 'must not be empty (an id, or "*" for any)'),
    (
        "id-unknown-operator",
        {"user_id": {"gt": "a"}},
        "filters.user_id.gt",
        "is not a valid operator here (valid: eq, ne, in, contains, icontains)",
    ),
    (
        "id-no-operator",
        {"user_id": {}},
        "filters.user_id",
        "must name at least one operator (eq, ne, in, contains, icontains)",
    ),
    (
        "id-in-not-list",
        {"user_id": {"in": "alice"}},
        "filters.user_id.in",
        "must be a list of strings",
    ),
    ("id-in-element", {"user_id": {"in": ["a", 1]}}, "filters.user_id.in[1]", "must be a string"),
    ("id-ne-number", {"user_id": {"ne": 1}}, "filters.user_id.ne", "must be a string"),
    (
        "date-garbage",
        {"AND": [{"user_id": "a"}, {"created_at": {"gte": "yesterday"}}]},
        "filters.AND[1].created_at.gte",
        INSTANT_RULE,
    ),
    ("date-number", {"created_at": {"gte": 1767312000}}, "filters.created_at.gte", INSTANT_RULE),
    (
        "date-impossible",
        {"created_at": {"gte": "2026-02-30"}},
        "filters.created_at.gte",
        INSTANT_RULE,
    ),
    (
        "date-basic-format",
        {"created_at": {"gte": "20260102"}},
        "filters.created_at.gte",
        INSTANT_RULE,
    ),
    (
        "hour-24",
        {"created_at": {"lt": "2026-01-02T24:00:00"}},
        "filters.created_at.lt",
        INSTANT_RULE,
    ),
    ("date-bare-number", {"updated_at": 5}, "filters.updated_at", INSTANT_RULE),
    (
        "date-unknown-operator",
        {"created_at": {"after": "2026-01-02"}},
        "filters.created_at.after",
        "is not a valid operator here (valid: gte, gt, lte, lt, eq, ne)",
    ),
    (
        "date-in-not-supported",
        {"created_at": {"in": ["2026-01-02"]}},
        "filters.created_at.in",
        "is not a valid operator here",
    ),
    (
        "categories-list",
        {"categories": ["food"]},
        "filters.categories",
        "must be a category name or an object of operators (contains, in)",
    ),
    (
        "categories-in-string",
        {"categories": {"in": "food"}},
        "filters.categories.in",
        "must be a list of strings",
    ),
    (
        "categories-icontains",
        {"categories": {"icontains": "food"}},
        "filters.categories.icontains",
        "is not a valid operator here (valid: contains, eq, in, ne)",
    ),
    (
        "metadata-not-object",
        {"metadata": "chat"},
        "filters.metadata",
        "must be an object of metadata keys and the values they must hold",
    ),
    (
        "metadata-unknown-operator",
        {"metadata": {"where": {"city": "Berlin"}}},
        "filters.metadata.where.city",
        "is not a valid operator here (valid: eq, ne, in, contains, icontains, gt, gte, lt, lte)",
    ),
    (
        "metadata-no-operator",
        {"metadata": {"k": {}}},
        "filters.metadata.k",
        "must name at least one operator",
    ),
    (
        "metadata-gt-bool",
        {"metadata": {"k": {"gt": True}}},
        "filters.metadata.k.gt",
        "must be a number or a string",
    ),
    (
        "metadata-gt-list",
        {"metadata": {"k": {"lte": [1]}}},
        "filters.metadata.k.lte",
        "must be a number or a string",
    ),
    (
        "metadata-in-not-list",
        {"metadata": {"k": {"in": 1}}},
        "filters.metadata.k.in",
        "must be a list of values",
    ),
    (
        "metadata-contains-number",
        {"metadata": {"k": {"contains": 1}}},
        "filters.metadata.k.contains",
        "must be a string",
    ),
    (
        "metadata-nin",
        {"metadata": {"k": {"nin": [1]}}},
        "filters.metadata.k.nin",
        "is not a valid operator here",
    ),
    (
        "memory-ids-string",
        {"memory_ids": "m1"},
        "filters.memory_ids",
        "must be a list of memory ids",
    ),
    ("memory-ids-number", {"memory_ids": [1]}, "filters.memory_ids[0]", "must be a string"),
]


@pytest.mark.parametrize(
    ("filters", "field", "rule"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_a_malformed_filter_names_its_field_and_rule(filters: Any, field: str, rule: str) -> None:
    with pytest.raises(FilterError) as caught:
        compile_filters(filters)
    assert (caught.value.field, caught.value.rule[: len(rule)]) == (field, rule)
    assert str(caught.value) == f"{field}: {caught.value.rule}."


def test_an_unknown_key_lists_every_valid_one() -> None:
    with pytest.raises(FilterError) as caught:
        compile_filters({"user": "alice"})
    assert caught.value.rule == (
        "is not a filter field (valid: AND, OR, NOT, user_id, agent_id, app_id, run_id, "
        "created_at, updated_at, categories, metadata, memory_ids)"
    )
    assert caught.value.rule.endswith(", ".join(FILTER_KEYS) + ")")


def test_the_first_offending_key_in_the_objects_order_is_reported() -> None:
    with pytest.raises(FilterError) as caught:
        compile_filters({"user_id": 1, "colour": "red"})
    assert caught.value.field == "filters.user_id"


def test_a_filter_error_is_a_value_error() -> None:
    assert issubclass(FilterError, ValueError)


def _nested(depth: int) -> dict[str, Any]:
    filters: dict[str, Any] = {"user_id": "alice"}
    for _ in range(depth):
        filters = {"AND": [filters]}
    return filters


def test_nesting_up_to_the_bound_compiles_and_deeper_is_refused() -> None:
    assert compile_filters(_nested(MAX_DEPTH))(ALICE, memory()) is True
    with pytest.raises(FilterError) as caught:
        compile_filters(_nested(MAX_DEPTH + 1))
    assert caught.value.rule == f"nests AND / OR / NOT more than {MAX_DEPTH} deep"
    assert caught.value.field == "filters" + ".AND[0]" * (MAX_DEPTH + 1)


def test_nesting_far_past_the_stack_is_a_filter_error_too() -> None:
    with pytest.raises(FilterError):
        compile_filters(_nested(5_000))


def _deep_list(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


def test_a_metadata_value_nested_past_the_stack_never_equals() -> None:
    predicate = compile_filters({"metadata": {"k": _deep_list(50)}})
    assert predicate(ALICE, memory(metadata={"k": _deep_list(50)})) is True
    assert predicate(ALICE, memory(metadata={"k": _deep_list(100_000)})) is False


def test_filters_of_one_shape_with_other_values_judge_by_their_own_values() -> None:
    # They share their compiled code, not their constants.
    predicates = [
        compile_filters({"user_id": user, "created_at": {"gte": day}, "metadata": {key: 2}})
        for user, day, key in [("alice", "2026-01-02", "priority"), ("bob", "2026-01-03", "x")]
    ]
    assert [p(ALICE, memory()) for p in predicates] == [True, False]
    assert [p({"user_id": "bob"}, memory(metadata={"x": 2})) for p in predicates] == [False, False]
    later = memory(metadata={"x": 2}, created_at=JAN_2 + datetime.timedelta(days=1))
    assert [p({"user_id": "bob"}, later) for p in predicates] == [False, True]


def test_more_conditions_than_the_bound_are_refused() -> None:
    assert compile_filters({"OR": [{"user_id": str(i)} for i in range(MAX_CONDITIONS)]})(
        {"user_id": "999"}, memory()
    )
    for too_many in (
        {"OR": [{"user_id": "*"} for _ in range(MAX_CONDITIONS + 1)]},
        {"metadata": {str(i): i for i in range(MAX_CONDITIONS)}},
        {"metadata": {"k": {"in": [[i] for i in range(MAX_CONDITIONS)]}}},
        {"created_at": {"gte": "2026-01-01", "lte": "2026-01-02"}, "OR": [{"run_id": "*"}] * 999},
    ):
        with pytest.raises(FilterError) as caught:
            compile_filters(too_many)
        assert (caught.value.field, caught.value.rule) == (
            "filters",
            f"holds more than {MAX_CONDITIONS} conditions",
        )


def test_a_long_list_of_values_is_one_condition() -> None:
    ids = [f"m{i}" for i in range(10_000)]
    assert compile_filters({"memory_ids": ids, "user_id": {"in": ids}})({"user_id": "m5"}, memory())


def test_filters_that_differ_only_as_json_types_are_not_confused() -> None:
    one, one_float, true = (compile_filters({"metadata": {"f": v}}) for v in (1, 1.0, True))
    assert [p(ALICE, memory(metadata={"f": True})) for p in (one, one_float, true)] == [
        False,
        False,
        True,
    ]
    as_int_key = compile_filters({"metadata": {1: "x"}})
    as_str_key = compile_filters({"metadata": {"1": "x"}})
    assert as_str_key(ALICE, memory(metadata={"1": "x"})) is True
    assert as_int_key(ALICE, memory(metadata={"1": "x"})) is False


# -- entity_ids_named ----------------------------------------------------------------------------

NAMED: list[tuple[str, Any, set[str]]] = [
    ("top-level", {"user_id": "alice"}, {"user_id"}),
    ("wildcard-counts", {"AND": [{"user_id": "*"}]}, {"user_id"}),
    ("operator-counts", {"agent_id": {"in": ["a", "b"]}}, {"agent_id"}),
    ("ne-counts", {"agent_id": {"ne": "a"}}, {"agent_id"}),
    ("in-and", {"AND": [{"user_id": "u"}, {"run_id": "*"}]}, {"user_id", "run_id"}),
    ("in-or", {"OR": [{"user_id": "u"}, {"agent_id": "a"}]}, {"user_id", "agent_id"}),
    ("deep", {"AND": [{"OR": [{"AND": [{"app_id": "x"}]}]}]}, {"app_id"}),
    ("not-under-not", {"NOT": [{"user_id": "u"}]}, set()),
    ("not-under-not-object", {"NOT": {"user_id": "u"}}, set()),
    (
        "not-inside-not",
        {"AND": [{"NOT": [{"OR": [{"user_id": "u"}]}]}, {"run_id": "r"}]},
        {"run_id"},
    ),
    ("other-fields", {"categories": "food", "metadata": {"user_id": "u"}}, set()),
    ("empty", {}, set()),
    ("malformed-parts-skipped", {"AND": [1, {"user_id": "u"}], "OR": "x"}, {"user_id"}),
]


@pytest.mark.parametrize(("filters", "expected"), [n[1:] for n in NAMED], ids=[n[0] for n in NAMED])
def test_entity_ids_named(filters: Any, expected: set[str]) -> None:
    assert entity_ids_named(filters) == expected


def test_entity_keys() -> None:
    assert ENTITY_KEYS == ("user_id", "agent_id", "app_id", "run_id")


# -- whatever JSON it is given -------------------------------------------------------------------

_WORDS = [
    *FILTER_KEYS,
    "eq", "ne", "in", "contains", "icontains", "gt", "gte", "lt", "lte", "nin",
    "timestamp", "source", "tags", "priority", "*",
]  # fmt: skip
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=8)
    | st.sampled_from(
        [
            "*", "alice", "food", "chat", "2026-01-02", "2026-01-02T10:00:00Z",
            "2026-01-02T10:00:00+05:30", "9999-12-31", "0001-01-01", "9999-12-31T23:59:59-01:00",
        ]
    )
)  # fmt: skip
_JSON = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(_WORDS) | st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=30,
)
_METADATA = st.none() | st.dictionaries(st.sampled_from(["source", "tags", "priority"]), _JSON)
_MEMORIES = st.builds(
    memory,
    categories=st.lists(st.sampled_from(["food", "travel", "chat"]), max_size=3).map(tuple),
    metadata=_METADATA,
    created_at=st.datetimes(timezones=st.just(UTC)),
    updated_at=st.datetimes(timezones=st.just(UTC)),
)
_SCOPES = st.fixed_dictionaries(
    {key: st.none() | st.sampled_from(["alice", "food", "*", ""]) for key in ENTITY_KEYS}
)


@given(filters=_JSON, memories=st.lists(_MEMORIES, min_size=1, max_size=3), scope=_SCOPES)
@settings(max_examples=300, deadline=None)
def test_any_json_compiles_or_is_a_filter_error_and_never_raises_on_a_memory(
    filters: Any, memories: list[StoredMemory], scope: dict[str, str | None]
) -> None:
    try:
        predicate = compile_filters(filters)
    except FilterError as error:
        assert error.field.startswith("filters") and error.rule
        return
    for m in memories:
        assert predicate(scope, m) in (True, False)
    entity_ids_named(filters)


@given(filters=st.dictionaries(st.sampled_from(_WORDS), _JSON, min_size=1, max_size=3))
@settings(max_examples=300, deadline=None)
def test_objects_of_filter_keys_compile_or_are_filter_errors(filters: dict[str, Any]) -> None:
    try:
        predicate = compile_filters(filters)
    except FilterError:
        return
    assert predicate(ALICE, memory()) in (True, False)
    assert entity_ids_named(filters) <= set(ENTITY_KEYS)


# Filters as the grammar makes them: every one must compile.
_IDS = st.sampled_from(["alice", "bob", "*", "Notes"])
_ID_CONDITION = (
    _IDS
    | st.dictionaries(
        st.sampled_from(["eq", "ne", "contains", "icontains"]),
        st.sampled_from(["alice", "x"]),
        min_size=1,
    )
    | st.fixed_dictionaries({"in": st.lists(_IDS, max_size=3)})
)
_INSTANTS = st.dates().map(str) | st.datetimes(timezones=st.none() | st.just(UTC)).map(
    lambda t: t.isoformat()
)
_TIME_CONDITION = _INSTANTS | st.dictionaries(
    st.sampled_from(["gte", "gt", "lte", "lt", "eq", "ne"]), _INSTANTS, min_size=1
)
_VALUES = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5)
)
_ORDERED = st.integers() | st.floats(allow_nan=False) | st.text(max_size=5)
_METADATA_CONDITION = (
    _VALUES
    | st.lists(_VALUES, max_size=3)
    | st.dictionaries(st.sampled_from(["eq", "ne"]), _VALUES, min_size=1)
    | st.dictionaries(st.sampled_from(["gt", "gte", "lt", "lte"]), _ORDERED, min_size=1)
    | st.dictionaries(st.sampled_from(["contains", "icontains"]), st.text(max_size=3), min_size=1)
    | st.fixed_dictionaries({"in": st.lists(_VALUES, max_size=3)})
)
_CATEGORY_CONDITION = (
    st.sampled_from(["food", "travel"])
    | st.dictionaries(
        st.sampled_from(["contains", "eq", "ne"]), st.sampled_from(["food", "travel"]), min_size=1
    )
    | st.fixed_dictionaries({"in": st.lists(st.sampled_from(["food", "x"]), max_size=2)})
)
_CONDITIONS = st.fixed_dictionaries(
    {},
    optional={
        **{key: _ID_CONDITION for key in ENTITY_KEYS},
        "created_at": _TIME_CONDITION,
        "updated_at": _TIME_CONDITION,
        "categories": _CATEGORY_CONDITION,
        "metadata": st.dictionaries(
            st.sampled_from(["source", "tags", "priority"]), _METADATA_CONDITION
        ),
        "memory_ids": st.lists(st.sampled_from(["m1", "m2"]), max_size=2),
    },
)
_VALID = st.recursive(
    _CONDITIONS,
    lambda inner: st.fixed_dictionaries(
        {},
        optional={
            "AND": st.lists(inner, max_size=3),
            "OR": st.lists(inner, max_size=3),
            "NOT": st.lists(inner, max_size=2) | inner,
        },
    ),
    max_leaves=8,
)


@given(filters=_VALID, memories=st.lists(_MEMORIES, min_size=1, max_size=3), scope=_SCOPES)
@settings(max_examples=200, deadline=None)
def test_every_filter_of_the_grammar_compiles_and_judges_any_memory(
    filters: dict[str, Any], memories: list[StoredMemory], scope: dict[str, str | None]
) -> None:
    predicate = compile_filters(filters)
    for m in memories:
        assert predicate(scope, m) in (True, False)


# -- docs/SEARCH.md: its tables are these --------------------------------------------------------

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "SEARCH.md"


def guide_table(heading: str) -> list[list[str]]:
    """The rows of the first table after a heading of docs/SEARCH.md, cells stripped of `."""
    lines = GUIDE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip("#").strip() == heading)
    rest = itertools.dropwhile(lambda line: not line.startswith("|"), lines[start + 1 :])
    table = list(itertools.takewhile(lambda line: line.startswith("|"), rest))
    return [[cell.strip().strip("`") for cell in row.strip("|").split(" | ")] for row in table[2:]]


def guide_memory() -> tuple[dict[str, str | None], StoredMemory]:
    """The example memory of the guide's filter examples, and its scope ids."""
    text = GUIDE.read_text(encoding="utf-8").split("### Filter examples", 1)[1]
    given = json.loads(text.split("```json", 1)[1].split("```", 1)[0])
    scope = {key: given.pop(key) for key in ENTITY_KEYS}
    stamp = datetime.datetime.fromisoformat
    return scope, memory(
        id=given["id"],
        memory=given["memory"],
        categories=tuple(given["categories"]),
        metadata=given["metadata"],
        created_at=stamp(given["created_at"]),
        updated_at=stamp(given["updated_at"]),
    )


def test_the_guides_example_memory_is_the_one_these_tests_use() -> None:
    scope, example = guide_memory()
    assert (scope, example) == (ALICE, memory())


def test_the_guides_filter_examples() -> None:
    scope, example = guide_memory()
    rows = guide_table("Filter examples")
    assert len(rows) > 20
    for filters, held in rows:
        assert held in ("yes", "no")
        assert compile_filters(json.loads(filters))(scope, example) is (held == "yes"), filters


def test_the_guides_refusals() -> None:
    rows = guide_table("A malformed filter is a 400")
    assert rows
    for filters, detail in rows:
        with pytest.raises(FilterError) as caught:
            compile_filters(json.loads(filters))
        assert str(caught.value) == detail


def test_the_guides_entity_ids() -> None:
    rows = guide_table("At least one entity id")
    assert rows
    for filters, named in rows:
        expected = set() if named == "none" else set(named.split(", "))
        assert entity_ids_named(json.loads(filters)) == expected, filters


def test_the_guides_field_table_names_every_field_and_operator() -> None:
    rows = {row[0]: row for row in guide_table("Filters")}
    assert set(rows) == {
        "user_id`, `agent_id`, `app_id`, `run_id",
        "created_at`, `updated_at",
        "categories",
        "metadata",
        "memory_ids",
    }
    guide = " ".join(GUIDE.read_text(encoding="utf-8").split())
    assert f"at most {MAX_DEPTH} deep" in guide and MAX_DEPTH == 32
    assert f"holds at most {MAX_CONDITIONS} conditions" in guide and MAX_CONDITIONS == 1000
    assert "`timestamp`, `text`, `keywords` and `keywords_search` are fields of Mem0's" in guide
    for field in ("timestamp", "text", "keywords", "keywords_search"):
        with pytest.raises(FilterError, match="is a Mem0 filter field the mock does not"):
            compile_filters({field: "x"})


@pytest.mark.parametrize(
    ("bound", "holds"),
    [({"gt": "0001-01-01T00:00:00+01:01"}, True), ({"lt": "9999-12-31T23:59:00-01:00"}, True)],
    ids=["before-year-1-in-utc", "after-year-9999-in-utc"],
)
def test_an_instant_past_the_calendar_in_utc_is_an_edge_not_an_error(
    bound: dict[str, str], holds: bool
) -> None:
    predicate = compile_filters({"created_at": bound})
    assert predicate({"user_id": "u"}, memory()) is holds
