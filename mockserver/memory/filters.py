"""Mem0's `filters` grammar, compiled once per request into a predicate over one memory.

Search and list take a `filters` object (`{"AND": [{"user_id": "alice"}, {"created_at": {"gte":
"2026-01-01"}}]}`). A request walks a whole scope, up to 10,000 memories, so the object is read
once, here: every value is checked, parsed (dates, sets of ids) and turned into a chain of small
closures, and evaluating one memory is then a few attribute reads and comparisons. Anything
malformed is a `FilterError` naming the field (`filters.AND[1].created_at.gte`) and the rule it
breaks, which the HTTP layer answers with a 400; no other exception leaves `compile_filters`, and
a compiled predicate never raises. The grammar, with examples, is in docs/SEARCH.md.
"""

from __future__ import annotations

import datetime
import operator
import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from mockserver.memory.model import StoredMemory

__all__ = [
    "ENTITY_KEYS",
    "FILTER_KEYS",
    "MAX_DEPTH",
    "FilterError",
    "Predicate",
    "Scope",
    "compile_filters",
    "entity_ids_named",
]

# A memory's scope ids (user_id, agent_id, app_id, run_id; None when absent), kept by the store.
Scope = Mapping[str, str | None]
Predicate = Callable[[Scope, StoredMemory], bool]
# A test of one value (a scope id, a metadata value, an instant) inside a field's predicate.
_Test = Callable[[Any], bool]

ENTITY_KEYS = ("user_id", "agent_id", "app_id", "run_id")
# Every key the mock evaluates, in the order its error messages list them.
FILTER_KEYS = (
    "AND",
    "OR",
    "NOT",
    *ENTITY_KEYS,
    "created_at",
    "updated_at",
    "categories",
    "metadata",
    "memory_ids",
)
# How deep AND / OR / NOT may nest: deeper is refused, so neither compiling nor evaluating a
# filter can run out of stack, whatever a client sends.
MAX_DEPTH = 32
# Fields Mem0's own allow-list names that the mock does not evaluate: refused by name, so a
# client sees that the mock, not its filter, is the limit.
_NOT_IMPLEMENTED = ("timestamp", "text", "keywords", "keywords_search")


class FilterError(ValueError):
    """A malformed filter: which field (`filters.AND[1].created_at.gte`) breaks which rule."""

    def __init__(self, field: str, rule: str) -> None:
        super().__init__(f"{field}: {rule}.")
        self.field = field
        self.rule = rule


def compile_filters(filters: Mapping[str, Any]) -> Predicate:
    """The predicate of a `filters` object: `predicate(scope_ids, memory)` says if it holds.

    Raises FilterError, and nothing else, for any value that is not a filter.
    """
    return _object(filters, "filters", 0)


def entity_ids_named(filters: Mapping[str, Any]) -> frozenset[str]:
    """Which of user_id / agent_id / app_id / run_id the filter names outside any NOT.

    A key counts whatever its value ("*", an id, an operator object) when it appears at the top
    level or inside AND / OR at any depth: Mem0's own docs give `{"AND": [{"user_id": "*"}]}` as a
    filter, and an entity named only under NOT narrows nothing down. v2 and v3 refuse a filter
    that names none (docs/SEARCH.md). Never raises; parts that are not filters are skipped.
    """
    named: set[str] = set()
    pending: list[Any] = [filters]
    while pending:
        node = pending.pop()
        if not isinstance(node, Mapping):
            continue
        for key, value in node.items():
            if key in ENTITY_KEYS:
                named.add(key)
            elif key in ("AND", "OR") and isinstance(value, list):
                pending.extend(value)
    return frozenset(named)


# -- objects and logic ---------------------------------------------------------------------------


def _object(value: Any, path: str, depth: int) -> Predicate:
    if not isinstance(value, Mapping):
        raise FilterError(path, "must be an object")
    if depth > MAX_DEPTH:
        raise FilterError(path, f"nests AND / OR / NOT more than {MAX_DEPTH} deep")
    # An object's keys all hold (AND); each key is compiled in the object's own order, so the
    # first offending key is the one reported.
    return _all([_key(key, item, f"{path}.{key}", depth) for key, item in value.items()])


def _key(key: str, value: Any, path: str, depth: int) -> Predicate:
    if key in _LOGICAL:
        return _LOGICAL[key](value, path, depth + 1)
    if key in ENTITY_KEYS:
        return _entity(key, value, path)
    if key in _FIELDS:
        return _FIELDS[key](value, path)
    if key in _NOT_IMPLEMENTED:
        raise FilterError(path, f"is a Mem0 filter field the mock does not implement ({_known()})")
    raise FilterError(path, f"is not a filter field ({_known()})")


def _known() -> str:
    return "valid: " + ", ".join(FILTER_KEYS)


def _filters(value: Any, path: str, depth: int) -> list[Predicate]:
    if not isinstance(value, list):
        raise FilterError(path, "must be a list of filter objects")
    return [_object(item, f"{path}[{index}]", depth) for index, item in enumerate(value)]


def _and(value: Any, path: str, depth: int) -> Predicate:
    return _all(_filters(value, path, depth))


def _or(value: Any, path: str, depth: int) -> Predicate:
    return _any(_filters(value, path, depth))


def _not(value: Any, path: str, depth: int) -> Predicate:
    # NOT of a list: none of them holds; NOT of one object: it does not hold.
    held = (
        _object(value, path, depth)
        if isinstance(value, Mapping)
        else _any(_filters(value, path, depth))
    )
    return lambda scope, memory: not held(scope, memory)


def _always(scope: Scope, memory: StoredMemory) -> bool:
    return True


def _never(scope: Scope, memory: StoredMemory) -> bool:
    return False


def _all(predicates: list[Predicate]) -> Predicate:
    # Unrolled for the usual one or two conditions: a generator per memory costs more than them.
    if not predicates:
        return _always
    if len(predicates) == 1:
        return predicates[0]
    if len(predicates) == 2:
        first, second = predicates
        return lambda scope, memory: first(scope, memory) and second(scope, memory)
    chain = tuple(predicates)
    return lambda scope, memory: all(p(scope, memory) for p in chain)


def _any(predicates: list[Predicate]) -> Predicate:
    if not predicates:
        return _never
    if len(predicates) == 1:
        return predicates[0]
    chain = tuple(predicates)
    return lambda scope, memory: any(p(scope, memory) for p in chain)


_LOGICAL: dict[str, Callable[[Any, str, int], Predicate]] = {"AND": _and, "OR": _or, "NOT": _not}


# -- operator objects ----------------------------------------------------------------------------


def _operators(
    value: Mapping[Any, Any], path: str, table: Mapping[str, Callable[[Any, str], _Test]]
) -> _Test:
    """An operator object (`{"gte": ..., "lt": ...}`): all its operators hold."""
    names = ", ".join(table)
    if not value:
        raise FilterError(path, f"must name at least one operator ({names})")
    tests: list[_Test] = []
    for name, operand in value.items():
        if name not in table:
            raise FilterError(f"{path}.{name}", f"is not a valid operator here (valid: {names})")
        tests.append(table[name](operand, f"{path}.{name}"))
    if len(tests) == 1:
        return tests[0]
    chain = tuple(tests)
    return lambda x: all(t(x) for t in chain)


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise FilterError(path, "must be a string")
    return value


def _texts(value: Any, path: str) -> frozenset[str]:
    if not isinstance(value, list):
        raise FilterError(path, "must be a list of strings")
    return frozenset(_text(item, f"{path}[{index}]") for index, item in enumerate(value))


# -- user_id, agent_id, app_id, run_id -----------------------------------------------------------


def _entity(key: str, value: Any, path: str) -> Predicate:
    if isinstance(value, str):
        test = _id_equals(value, path)
    elif isinstance(value, Mapping):
        test = _operators(value, path, _ID_OPERATORS)
    else:
        raise FilterError(path, 'must be an id, "*" or an object of operators (eq, ne, in, ...)')
    return lambda scope, memory: test(scope.get(key))


def _id_equals(value: Any, path: str) -> _Test:
    wanted = _text(value, path)
    if wanted == "*":
        # The wildcard: the memory has some (non-null) value for this id.
        return lambda found: found is not None
    if not wanted:
        raise FilterError(path, 'must not be empty (an id, or "*" for any)')
    return lambda found: found == wanted


def _id_differs(value: Any, path: str) -> _Test:
    unwanted = _text(value, path)
    # A memory without this id at all differs from every id.
    return lambda found: found != unwanted


def _id_in(value: Any, path: str) -> _Test:
    wanted = _texts(value, path)
    return lambda found: found in wanted


def _id_contains(value: Any, path: str) -> _Test:
    part = _text(value, path)
    return lambda found: found is not None and part in found


def _id_icontains(value: Any, path: str) -> _Test:
    part = _text(value, path).casefold()
    return lambda found: found is not None and part in found.casefold()


_ID_OPERATORS: dict[str, Callable[[Any, str], _Test]] = {
    "eq": _id_equals,
    "ne": _id_differs,
    "in": _id_in,
    "contains": _id_contains,
    "icontains": _id_icontains,
}


# -- created_at, updated_at ----------------------------------------------------------------------

_UTC = datetime.UTC
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?"
)
_INSTANT_RULE = "must be a date (YYYY-MM-DD) or a date-time (YYYY-MM-DDTHH:MM:SS, offset optional)"


class _Span(NamedTuple):
    """What a filter's date or date-time names: a whole UTC day [start, end), or one instant."""

    start: datetime.datetime
    end: datetime.datetime | None  # None: the calendar's last day, which has no next midnight
    day: bool


def _span(value: Any, path: str) -> _Span:
    if not isinstance(value, str):
        raise FilterError(path, _INSTANT_RULE)
    try:
        if _DATE.fullmatch(value):
            start = datetime.datetime.combine(datetime.date.fromisoformat(value), datetime.time())
            start = start.replace(tzinfo=_UTC)
            try:
                return _Span(start, start + datetime.timedelta(days=1), day=True)
            except OverflowError:
                return _Span(start, None, day=True)
        if _DATE_TIME.fullmatch(value):
            instant = datetime.datetime.fromisoformat(value)
            # A date-time without an offset is UTC, the store's clock.
            instant = instant.replace(tzinfo=_UTC) if instant.tzinfo is None else instant
            instant = instant.astimezone(_UTC)
            return _Span(instant, instant, day=False)
    except (ValueError, OverflowError):
        raise FilterError(path, _INSTANT_RULE) from None
    raise FilterError(path, _INSTANT_RULE)


def _at_or_after(value: Any, path: str) -> _Test:  # gte: from the instant, or the day's start
    start = _span(value, path).start
    return lambda t: t >= start


def _after(value: Any, path: str) -> _Test:  # gt: after the instant, or after the whole day
    start, end, day = _span(value, path)
    if not day:
        return lambda t: t > start
    if end is None:
        return lambda t: False
    return lambda t: t >= end


def _at_or_before(value: Any, path: str) -> _Test:  # lte: up to the instant, or the day's end
    start, end, day = _span(value, path)
    if not day:
        return lambda t: t <= start
    if end is None:
        return lambda t: True
    return lambda t: t < end


def _before(value: Any, path: str) -> _Test:  # lt: before the instant, or the day's start
    start = _span(value, path).start
    return lambda t: t < start


def _on(value: Any, path: str) -> _Test:  # eq: the instant, or within the day
    start, end, day = _span(value, path)
    if not day:
        return lambda t: t == start
    if end is None:
        return lambda t: t >= start
    return lambda t: start <= t < end


def _not_on(value: Any, path: str) -> _Test:  # ne
    on = _on(value, path)
    return lambda t: not on(t)


_TIME_OPERATORS: dict[str, Callable[[Any, str], _Test]] = {
    "gte": _at_or_after,
    "gt": _after,
    "lte": _at_or_before,
    "lt": _before,
    "eq": _on,
    "ne": _not_on,
}


def _time_field(name: str) -> Callable[[Any, str], Predicate]:
    read = operator.attrgetter(name)

    def compile_time(value: Any, path: str) -> Predicate:
        # A bare date or date-time is equality: {"created_at": "2026-01-02"} is that day.
        test = (
            _operators(value, path, _TIME_OPERATORS)
            if isinstance(value, Mapping)
            else _on(value, path)
        )
        return lambda scope, memory: test(read(memory))

    return compile_time


# -- categories ----------------------------------------------------------------------------------


def _has_category(value: Any, path: str) -> _Test:
    wanted = _text(value, path)
    return lambda categories: wanted in categories


def _lacks_category(value: Any, path: str) -> _Test:
    unwanted = _text(value, path)
    return lambda categories: unwanted not in categories


def _has_any_category(value: Any, path: str) -> _Test:
    wanted = _texts(value, path)
    return lambda categories: not wanted.isdisjoint(categories)


_CATEGORY_OPERATORS: dict[str, Callable[[Any, str], _Test]] = {
    "contains": _has_category,
    "eq": _has_category,
    "in": _has_any_category,
    "ne": _lacks_category,
}


def _categories(value: Any, path: str) -> Predicate:
    if isinstance(value, str):
        test = _has_category(value, path)
    elif isinstance(value, Mapping):
        test = _operators(value, path, _CATEGORY_OPERATORS)
    else:
        raise FilterError(path, "must be a category name or an object of operators (contains, in)")
    return lambda scope, memory: test(memory.categories)


# -- metadata ------------------------------------------------------------------------------------

_ABSENT = object()
_NUMBER = (int, float)


def _metadata(value: Any, path: str) -> Predicate:
    if not isinstance(value, Mapping):
        raise FilterError(path, "must be an object of metadata keys and the values they must hold")
    return _all([_metadata_key(key, item, f"{path}.{key}") for key, item in value.items()])


def _metadata_key(key: str, value: Any, path: str) -> Predicate:
    if isinstance(value, Mapping):
        test = _operators(value, path, _METADATA_OPERATORS)
        # Only `ne` holds for a key the memory does not have (it differs from every value).
        absent = all(name == "ne" for name in value)
    elif value == "*":
        test, absent = (lambda found: found is not None), False
    else:
        test, absent = _json_equals(value, path), False

    def holds(scope: Scope, memory: StoredMemory) -> bool:
        metadata = memory.metadata
        found = _ABSENT if metadata is None else metadata.get(key, _ABSENT)
        return absent if found is _ABSENT else test(found)

    return holds


def _json_equals(value: Any, path: str) -> _Test:
    """Equality as JSON means it: 1 == 1.0, but true is not 1 and "1" is not 1."""
    if type(value) is str:
        return lambda found: type(found) is str and found == value
    if type(value) is bool:
        return lambda found: found is value
    if type(value) in _NUMBER:
        return lambda found: type(found) in _NUMBER and found == value
    if value is None:
        return lambda found: found is None
    if isinstance(value, list | Mapping):
        return lambda found: _same_json_within_stack(found, value)
    raise FilterError(path, "must be a JSON value")


def _same_json_within_stack(a: Any, b: Any) -> bool:
    try:
        return _same_json(a, b)
    except RecursionError:
        # Values nested past the stack are not told apart: they do not count as equal.
        return False


def _same_json(a: Any, b: Any) -> bool:
    if type(a) in _NUMBER and type(b) in _NUMBER:
        return bool(a == b)
    if type(a) is not type(b) and not (isinstance(a, Mapping) and isinstance(b, Mapping)):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same_json(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Mapping):
        return a.keys() == b.keys() and all(_same_json(a[k], b[k]) for k in a)
    return bool(a == b)


def _value_differs(value: Any, path: str) -> _Test:
    equals = _json_equals(value, path)
    return lambda found: not equals(found)


def _value_in(value: Any, path: str) -> _Test:
    if not isinstance(value, list):
        raise FilterError(path, "must be a list of values")
    tests = tuple(_json_equals(item, f"{path}[{index}]") for index, item in enumerate(value))
    return lambda found: any(t(found) for t in tests)


def _value_contains(value: Any, path: str) -> _Test:
    # A string holds the part; a list (tags) holds it as one of its elements.
    part = _text(value, path)
    return lambda found: (
        part in found if type(found) is str else isinstance(found, list) and part in found
    )


def _value_icontains(value: Any, path: str) -> _Test:
    part = _text(value, path).casefold()

    def test(found: Any) -> bool:
        if type(found) is str:
            return part in found.casefold()
        if isinstance(found, list):
            return any(type(item) is str and item.casefold() == part for item in found)
        return False

    return test


def _bound(compare: Callable[[Any, Any], bool]) -> Callable[[Any, str], _Test]:
    def compile_bound(value: Any, path: str) -> _Test:
        # Numbers compare with numbers, strings with strings; anything else does not hold.
        if type(value) in _NUMBER:
            return lambda found: type(found) in _NUMBER and compare(found, value)
        if type(value) is str:
            return lambda found: type(found) is str and compare(found, value)
        raise FilterError(path, "must be a number or a string")

    return compile_bound


_METADATA_OPERATORS: dict[str, Callable[[Any, str], _Test]] = {
    "eq": _json_equals,
    "ne": _value_differs,
    "in": _value_in,
    "contains": _value_contains,
    "icontains": _value_icontains,
    "gt": _bound(operator.gt),
    "gte": _bound(operator.ge),
    "lt": _bound(operator.lt),
    "lte": _bound(operator.le),
}


# -- memory_ids ----------------------------------------------------------------------------------


def _memory_ids(value: Any, path: str) -> Predicate:
    # Mem0's form is a bare list (`{"memory_ids": ["id1", "id2"]}`); `{"in": [...]}` says the same.
    if isinstance(value, Mapping):
        test = _operators(value, path, {"in": _id_in})
    elif isinstance(value, list):
        test = _id_in(value, path)
    else:
        raise FilterError(path, "must be a list of memory ids")
    return lambda scope, memory: test(memory.id)


_FIELDS: dict[str, Callable[[Any, str], Predicate]] = {
    "created_at": _time_field("created_at"),
    "updated_at": _time_field("updated_at"),
    "categories": _categories,
    "metadata": _metadata,
    "memory_ids": _memory_ids,
}
