"""The document Schemathesis generates requests from: openapi.yaml with its recursive schemas
unrolled to a profile's depth.

`Filters` nests through `AND`, `OR` and `NOT` without end. Schemathesis follows such a cycle
lazily, and Hypothesis gives up on a third of the draws ("max depth exceeded") after building
most of them: generating a search body cost ~190 ms. Unrolled to one level of nesting (a filter
of flat filters), the same draws cost a third of that, and every value drawn still matches the
contract (each level is the contract's schema with the cycle cut). The `thorough` profile keeps
the cycle. A negative case drawn from the cut schema may still be valid under the contract (an
`AND` one level deeper): the schema layer (`contracts/schema_checks.py`) checks the body against
the contract itself and does not send such a case as one the server must reject.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

_PREFIX = "#/components/schemas/"
# Where a cut cycle ends: no value matches it, so an optional property holding it is left out.
_NOTHING: dict[str, Any] = {"not": {}}


def unrolled(document: dict[str, Any], depth: int | None) -> dict[str, Any]:
    """A copy of `document` whose self-referencing component schemas nest at most `depth` levels
    (None: the document as it is). Components a response uses are left whole, so responses are
    judged against the contract itself.

    Example:
        >>> doc = {"components": {"schemas": {"F": {"type": "object", "properties": {
        ...     "AND": {"type": "array", "items": {"$ref": "#/components/schemas/F"}}}}}}}
        >>> cut = unrolled(doc, 1)["components"]["schemas"]
        >>> cut["F"]["properties"]["AND"]["items"], cut["F__0"]["properties"]["AND"]["items"]
        ({'$ref': '#/components/schemas/F__0'}, {'not': {}})
    """
    document = copy.deepcopy(document)
    if depth is None:
        return document
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
    cyclic = _cyclic(schemas) - _used_by_responses(document, schemas)
    if not cyclic:
        return document
    originals = {name: schemas[name] for name in cyclic}
    reach = {name: _reachable(schemas[name], schemas) for name in cyclic}
    # A reference into its own cycle nests one level deeper; one to another cycle (a ScopeFilters
    # that is all of a Filters) starts that cycle afresh.
    own_cycle = {
        name: {other for other in cyclic if name in reach[other] and other in reach[name]}
        for name in cyclic
    }
    for level in range(depth + 1):
        for name, schema in originals.items():
            unrolled_schema = _retarget(schema, own_cycle[name], level - 1)
            schemas[name if level == depth else f"{name}__{level}"] = unrolled_schema
    return document


def _retarget(node: Any, own_cycle: set[str], level: int) -> Any:
    """`node` with each reference into its own cycle pointing at `level` (below 0: at nothing)."""
    if isinstance(node, list):
        return [_retarget(item, own_cycle, level) for item in node]
    if not isinstance(node, dict):
        return node
    name = _referenced(node)
    if name in own_cycle:
        return dict(_NOTHING) if level < 0 else {"$ref": f"{_PREFIX}{name}__{level}"}
    return {key: _retarget(value, own_cycle, level) for key, value in node.items()}


def _referenced(node: dict[str, Any]) -> str | None:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(_PREFIX):
        return ref[len(_PREFIX) :]
    return None


def _references(node: Any) -> Iterator[str]:
    if isinstance(node, list):
        for item in node:
            yield from _references(item)
    elif isinstance(node, dict):
        name = _referenced(node)
        if name is not None:
            yield name
        for value in node.values():
            yield from _references(value)


def _reachable(start: Any, schemas: dict[str, Any]) -> set[str]:
    seen: set[str] = set()
    stack = list(_references(start))
    while stack:
        name = stack.pop()
        if name not in seen and name in schemas:
            seen.add(name)
            stack.extend(_references(schemas[name]))
    return seen


def _cyclic(schemas: dict[str, Any]) -> set[str]:
    """The component schemas that reach themselves through references."""
    return {name for name, schema in schemas.items() if name in _reachable(schema, schemas)}


def _used_by_responses(document: dict[str, Any], schemas: dict[str, Any]) -> set[str]:
    used: set[str] = set()
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict):
                used |= _reachable(operation.get("responses", {}), schemas)
    for response in document.get("components", {}).get("responses", {}).values():
        used |= _reachable(response, schemas)
    return used
