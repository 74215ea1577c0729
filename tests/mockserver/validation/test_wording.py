"""Field paths and rule wording, from the schema's own keywords."""

from __future__ import annotations

from typing import Any

import pytest

from mem0spec import load_spec
from mockserver.validation.wording import MAX_ERRORS, MAX_IN_DETAIL, Problem, explain, field_path

SPEC = load_spec()


@pytest.mark.parametrize(
    ("path", "text"),
    [((), "body"), (("messages",), "messages"), (("messages", 0, "role"), "messages[0].role"),
     (("a", 1, 2, "b"), "a[1][2].b")],
    ids=["root", "top", "nested", "double-index"],
)  # fmt: skip
def test_field_paths(path: tuple[str | int, ...], text: str) -> None:
    assert field_path(path) == text


@pytest.mark.parametrize(
    ("keyword", "schema", "rule"),
    [
        ("type", {"type": ["string", "null"]}, "must be a string or null"),
        ("type", {"type": "boolean"}, "must be true or false"),
        ("enum", {"enum": ["a", "b", None]}, "must be one of a, b, null"),
        ("const", {"const": "ok"}, "must be ok"),
        ("minItems", {"minItems": 1}, "must contain at least one item"),
        ("minItems", {"minItems": 3}, "must contain at least 3 items"),
        ("maxItems", {"maxItems": 2}, "must contain at most 2 items"),
        ("minLength", {"minLength": 1}, "must not be empty"),
        ("maxLength", {"maxLength": 9}, "must be at most 9 characters long"),
        ("format", {"format": "date"}, "must be a real calendar date written YYYY-MM-DD"),
        ("pattern", {"pattern": "^x$"}, "must match the pattern ^x$"),
        ("uniqueItems", {"uniqueItems": True}, "breaks the schema rule 'uniqueItems'"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_each_keyword_is_worded(keyword: str, schema: dict[str, Any], rule: str) -> None:
    detail, errors = explain([Problem(("field",), keyword, schema, None)], SPEC)
    assert [(e.field, e.message) for e in errors] == [("field", rule)]
    assert detail == f"field: {rule}."


def test_missing_properties_are_named_one_by_one() -> None:
    schema = {"required": ["a", "b", "c"]}
    _, errors = explain([Problem(("x",), "required", schema, {"b": 1})], SPEC)
    assert [(e.field, e.message) for e in errors] == [
        ("x.a", "is required"),
        ("x.c", "is required"),
    ]


def test_the_most_telling_rule_wins_for_a_field() -> None:
    problems = [
        Problem(("d",), "pattern", {"pattern": "^[0-9]+$"}, "x"),
        Problem(("d",), "type", {"type": "string"}, 1),
    ]
    _, errors = explain(problems, SPEC)
    assert [e.message for e in errors] == ["must be a string"]


def test_any_of_branches_are_described_through_refs() -> None:
    schema = SPEC["components"]["schemas"]["AddMemoriesRequest"]["properties"]["custom_categories"]
    detail, _ = explain([Problem(("custom_categories",), "anyOf", schema, 5)], SPEC)
    assert detail == (
        "custom_categories: must be null, an object whose values are each a string, or a list "
        "whose items are each an object whose values are each a string."
    )


def test_several_fields_make_one_sentence() -> None:
    problems = [
        Problem(("a",), "type", {"type": "string"}, 1),
        Problem(("b",), "minLength", {"minLength": 1}, ""),
    ]
    detail, errors = explain(problems, SPEC)
    assert detail == "2 fields break the contract: a: must be a string; b: must not be empty."
    assert len(errors) == 2


def test_nothing_to_say_still_names_the_body() -> None:
    detail, errors = explain([], SPEC)
    assert detail == "body: does not match the contract's schema."
    assert errors[0].field == "body"


def test_thousands_of_offending_fields_are_summed_up() -> None:
    problems = [
        Problem(("messages", n, "role"), "enum", {"enum": ["user"]}, "x") for n in range(500)
    ]
    detail, errors = explain(problems, SPEC)
    assert len(errors) == MAX_ERRORS
    assert detail.startswith(
        "500 fields break the contract: messages[0].role: must be one of user;"
    )
    assert detail.count("must be one of") == MAX_IN_DETAIL
    assert detail.endswith(
        f"and {500 - MAX_IN_DETAIL} more (the first {MAX_ERRORS} are listed in details.errors)."
    )
