"""contracts/generation_schema.py: the cut schema admits only what the contract admits, and
nests no deeper than asked."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema_rs
import pytest

from contracts.generation_schema import unrolled
from mem0spec import bundled


def _validator(document: dict[str, Any], component: str) -> Any:
    schema = {"$ref": f"#/components/schemas/{component}", "components": document["components"]}
    return jsonschema_rs.validator_for(schema)


def _nested(levels: int) -> dict[str, Any]:
    """A filter with `levels` ANDs around a user id."""
    value: dict[str, Any] = {"user_id": "alex"}
    for _ in range(levels):
        value = {"AND": [value]}
    return value


@pytest.mark.parametrize("depth", [0, 1, 2])
def test_filters_nest_as_deep_as_asked_and_no_deeper(depth: int) -> None:
    contract = bundled().document
    cut = unrolled(contract, depth)
    for component in ("Filters", "ScopeFilters"):
        whole, bounded = _validator(contract, component), _validator(cut, component)
        for levels in range(depth + 3):
            assert whole.is_valid(_nested(levels))
            assert bounded.is_valid(_nested(levels)) == (levels <= depth), (component, levels)


def test_the_cut_still_demands_what_the_contract_demands() -> None:
    cut = unrolled(bundled().document, 1)
    scope_filters = _validator(cut, "ScopeFilters")
    assert not scope_filters.is_valid({"categories": "food"})  # no entity id anywhere
    assert not scope_filters.is_valid({"AND": [{"categories": "food"}]})
    assert scope_filters.is_valid({"AND": [{"categories": "food"}, {"agent_id": "a"}]})
    assert not scope_filters.is_valid({"NOT": {"user_id": "alex"}})  # NOT names no scope


def test_no_nesting_asked_leaves_the_document_as_written_and_unshared() -> None:
    contract = bundled().document
    before = copy.deepcopy(contract)
    whole = unrolled(contract, None)
    assert whole == contract and whole is not contract
    unrolled(contract, 0)
    assert contract == before


def test_a_schema_a_response_uses_is_never_cut() -> None:
    item = {"type": "object", "properties": {"children": {"type": "array", "items": {}}}}
    item["properties"]["children"]["items"] = {"$ref": "#/components/schemas/Tree"}
    document = {
        "paths": {
            "/tree": {
                "get": {
                    "responses": {
                        "200": {
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Tree"}
                                }
                            }
                        }
                    }
                }
            }
        },
        "components": {"schemas": {"Tree": item}},
    }
    assert unrolled(document, 0) == document
