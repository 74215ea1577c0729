"""Mem0's `filters` grammar, compiled once per request into one fast predicate over a memory.

Search and list take a `filters` object (`{"AND": [{"user_id": "alice"}, {"created_at": {"gte":
"2026-01-01"}}]}`) and walk a whole scope with it, up to 10,000 memories per request. So the
object is read once, here: every value is checked and parsed (dates to UTC instants, lists to
sets), and the whole filter becomes the source of one Python function, `return s.get('user_id')
== k0 and m.created_at >= k1`, that evaluates a memory without a call per condition (a chain of
closures costs five times as much). The source holds only this module's own templates and names:
every value of the request is a constant bound by name (`k0`), never text in the source, and the
function sees no builtins but the few it uses.

Anything malformed is a `FilterError` naming the field (`filters.AND[1].created_at.gte`) and the
rule it breaks, which the HTTP layer answers with a 400; no other exception leaves
`compile_filters`, and a compiled predicate never raises. The grammar is in docs/SEARCH.md.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from types import CodeType
from typing import Any, NamedTuple

from mockserver.memory.model import StoredMemory

__all__ = [
    "ENTITY_KEYS",
    "FILTER_KEYS",
    "MAX_CONDITIONS",
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
# How many conditions one filter may hold (each field, operator and listed value to compare):
# compiling costs some 30 µs a condition, so a body of thousands would take seconds.
MAX_CONDITIONS = 1_000
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
    code = _Compiler()
    expression = code.object(filters, "filters", 0)
    # The constants are defaults, so the body reads them as locals, not module globals.
    defaults = "".join(f", {name}={name}" for name in code.constants)
    lines = [f"def predicate(s, m, *, ABSENT=ABSENT, NUMBER=NUMBER{defaults}):"]
    if code.metadata_values:
        # Each metadata key the filter names is looked up once per memory, up front.
        lines += ["    md = m.metadata", "    if md is None:", "        md = EMPTY"]
        lines += [f"    {v} = md.get({k}, ABSENT)" for k, v in code.metadata_values.values()]
    lines.append(f"    return {expression}")
    namespace = {**_RUNTIME, **code.constants}
    # The source is this module's templates and names only (the module docstring says why).
    exec(_code("\n".join(lines)), namespace)
    predicate: Predicate = namespace["predicate"]
    return predicate


def _code(source: str) -> CodeType:
    """The compiled source, kept by its text: Python's compile() costs some 30 µs a condition,
    and requests repeat a few shapes with other values (the values are not in the source)."""
    code = _codes.get(source)
    if code is None:
        if len(_codes) >= _CODES_BOUND:
            _codes.clear()
        code = _codes[source] = compile(source, "<filters>", "exec")
    return code


_CODES_BOUND = 256
_codes: dict[str, CodeType] = {}


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


# -- what the generated function may use -----------------------------------------------------

_NUMBER = (int, float)
_ABSENT = object()  # what `md.get(key, ABSENT)` finds for a key the metadata does not have


def _same_json(a: Any, b: Any) -> bool:
    """Equality as JSON means it: 1 == 1.0, but true is not 1 and "1" is not 1."""
    try:
        return _same(a, b)
    except RecursionError:
        # Values nested past the stack are not told apart: they do not count as equal.
        return False


def _same(a: Any, b: Any) -> bool:
    if type(a) in _NUMBER and type(b) in _NUMBER:
        return bool(a == b)
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _icontains(found: Any, part: str) -> bool:
    """A string holds the part, any case; a list (tags) holds it as an element, any case."""
    if type(found) is str:
        return part in found.casefold()
    if type(found) is list:
        return any(type(item) is str and item.casefold() == part for item in found)
    return False


_RUNTIME: dict[str, Any] = {
    "__builtins__": {},
    "type": type,
    "str": str,
    "list": list,
    "NUMBER": _NUMBER,
    "ABSENT": _ABSENT,
    "EMPTY": {},
    "same_json": _same_json,
    "icontains": _icontains,
}


# -- the compiler --------------------------------------------------------------------------------

# A test of one subject (`s.get('user_id')`, `m.created_at`): subject expression -> boolean one.
_Tester = Callable[[str], str]
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


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise FilterError(path, "must be a string")
    return value


def _texts(value: Any, path: str) -> frozenset[str]:
    if not isinstance(value, list):
        raise FilterError(path, "must be a list of strings")
    return frozenset(_text(item, f"{path}[{index}]") for index, item in enumerate(value))


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
            try:
                return _Span(instant.astimezone(_UTC), None, day=False)
            except OverflowError:
                # Past Python's calendar once in UTC (0001-01-01T00:00+01:00 is in year 0,
                # 9999-12-31T23:59-01:00 in year 10000): before or after every memory.
                edge = datetime.datetime.min if instant.year == 1 else datetime.datetime.max
                return _Span(edge.replace(tzinfo=_UTC), None, day=False)
    except (ValueError, OverflowError):
        raise FilterError(path, _INSTANT_RULE) from None
    raise FilterError(path, _INSTANT_RULE)


def _all(expressions: list[str]) -> str:
    return "(" + " and ".join(expressions) + ")" if expressions else "True"


def _any(expressions: list[str]) -> str:
    return "(" + " or ".join(expressions) + ")" if expressions else "False"


class _Compiler:
    """Checks a filter and writes its expression; the request's values become constants."""

    def __init__(self) -> None:
        self.constants: dict[str, Any] = {}
        # A metadata key's constant and the local that holds its value, by (type, key).
        self.metadata_values: dict[tuple[type, Any], tuple[str, str]] = {}
        self.conditions = 0

    def count(self, conditions: int = 1) -> None:
        self.conditions += conditions
        if self.conditions > MAX_CONDITIONS:
            raise FilterError("filters", f"holds more than {MAX_CONDITIONS} conditions")

    def constant(self, value: Any) -> str:
        name = f"k{len(self.constants)}"
        self.constants[name] = value
        return name

    # -- objects and logic

    def object(self, value: Any, path: str, depth: int) -> str:
        if not isinstance(value, Mapping):
            raise FilterError(path, "must be an object")
        if depth > MAX_DEPTH:
            raise FilterError(path, f"nests AND / OR / NOT more than {MAX_DEPTH} deep")
        # An object's keys all hold (AND); each key is compiled in the object's own order, so
        # the first offending key is the one reported.
        return _all([self.key(key, item, f"{path}.{key}", depth) for key, item in value.items()])

    def key(self, key: Any, value: Any, path: str, depth: int) -> str:
        if key in ("AND", "OR", "NOT"):
            return self.logic(key, value, path, depth + 1)
        self.count()
        if key in ENTITY_KEYS:
            return self.entity(key, value, path)
        if key in ("created_at", "updated_at"):
            return self.time(key, value, path)
        if key == "categories":
            return self.categories(value, path)
        if key == "metadata":
            return self.metadata(value, path)
        if key == "memory_ids":
            return self.memory_ids(value, path)
        known = "valid: " + ", ".join(FILTER_KEYS)
        if key in _NOT_IMPLEMENTED:
            raise FilterError(path, f"is a Mem0 filter field the mock does not implement ({known})")
        raise FilterError(path, f"is not a filter field ({known})")

    def logic(self, key: str, value: Any, path: str, depth: int) -> str:
        if key == "NOT" and isinstance(value, Mapping):
            return f"not {self.object(value, path, depth)}"
        if not isinstance(value, list):
            raise FilterError(path, "must be a list of filter objects")
        parts = [self.object(item, f"{path}[{index}]", depth) for index, item in enumerate(value)]
        if key == "AND":
            return _all(parts)
        # OR: any holds (none: it does not); NOT of a list: none of them holds.
        return _any(parts) if key == "OR" else f"not {_any(parts)}"

    def operators(
        self,
        value: Mapping[Any, Any],
        path: str,
        table: Mapping[str, Callable[[Any, str], _Tester]],
    ) -> _Tester:
        """An operator object (`{"gte": ..., "lt": ...}`): all its operators hold."""
        names = ", ".join(table)
        if not value:
            raise FilterError(path, f"must name at least one operator ({names})")
        testers: list[_Tester] = []
        for name, operand in value.items():
            if name not in table:
                raise FilterError(
                    f"{path}.{name}", f"is not a valid operator here (valid: {names})"
                )
            testers.append(table[name](operand, f"{path}.{name}"))
        self.count(len(testers) - 1)
        return lambda subject: _all([tester(subject) for tester in testers])

    # -- user_id, agent_id, app_id, run_id

    def entity(self, key: str, value: Any, path: str) -> str:
        if isinstance(value, str):
            tester = self.id_equals(value, path)
        elif isinstance(value, Mapping):
            tester = self.operators(value, path, self.id_operators)
        else:
            raise FilterError(
                path, 'must be an id, "*" or an object of operators (eq, ne, in, ...)'
            )
        return tester(f"s.get({key!r})")

    def id_equals(self, value: Any, path: str) -> _Tester:
        wanted = _text(value, path)
        if wanted == "*":
            # The wildcard: the memory has some (non-null) value for this id.
            return lambda subject: f"({subject} is not None)"
        if not wanted:
            raise FilterError(path, 'must not be empty (an id, or "*" for any)')
        k = self.constant(wanted)
        return lambda subject: f"({subject} == {k})"

    def id_differs(self, value: Any, path: str) -> _Tester:
        # A memory without this id at all differs from every id.
        k = self.constant(_text(value, path))
        return lambda subject: f"({subject} != {k})"

    def id_in(self, value: Any, path: str) -> _Tester:
        k = self.constant(_texts(value, path))
        return lambda subject: f"({subject} in {k})"

    def id_contains(self, value: Any, path: str) -> _Tester:
        k = self.constant(_text(value, path))
        return lambda subject: f"({subject} is not None and {k} in {subject})"

    def id_icontains(self, value: Any, path: str) -> _Tester:
        k = self.constant(_text(value, path).casefold())
        return lambda subject: f"({subject} is not None and {k} in {subject}.casefold())"

    @property
    def id_operators(self) -> dict[str, Callable[[Any, str], _Tester]]:
        return {
            "eq": self.id_equals,
            "ne": self.id_differs,
            "in": self.id_in,
            "contains": self.id_contains,
            "icontains": self.id_icontains,
        }

    # -- created_at, updated_at: a date is its whole UTC day, a date-time one instant

    def time(self, key: str, value: Any, path: str) -> str:
        # A bare date or date-time is equality: {"created_at": "2026-01-02"} is that day.
        if isinstance(value, Mapping):
            tester = self.operators(value, path, self.time_operators)
        else:
            tester = self.on(value, path)
        return tester(f"m.{key}")

    def at_or_after(self, value: Any, path: str) -> _Tester:  # gte
        start = self.constant(_span(value, path).start)
        return lambda t: f"({t} >= {start})"

    def after(self, value: Any, path: str) -> _Tester:  # gt: after the instant, or the whole day
        span = _span(value, path)
        if not span.day:
            start = self.constant(span.start)
            return lambda t: f"({t} > {start})"
        if span.end is None:
            return lambda t: "False"
        end = self.constant(span.end)
        return lambda t: f"({t} >= {end})"

    def at_or_before(self, value: Any, path: str) -> _Tester:  # lte: up to the day's end
        span = _span(value, path)
        if not span.day:
            start = self.constant(span.start)
            return lambda t: f"({t} <= {start})"
        if span.end is None:
            return lambda t: "True"
        end = self.constant(span.end)
        return lambda t: f"({t} < {end})"

    def before(self, value: Any, path: str) -> _Tester:  # lt: before the instant, or the day
        start = self.constant(_span(value, path).start)
        return lambda t: f"({t} < {start})"

    def on(self, value: Any, path: str) -> _Tester:  # eq: the instant, or within the day
        span = _span(value, path)
        start = self.constant(span.start)
        if not span.day:
            return lambda t: f"({t} == {start})"
        if span.end is None:
            return lambda t: f"({t} >= {start})"
        end = self.constant(span.end)
        return lambda t: f"({start} <= {t} < {end})"

    def not_on(self, value: Any, path: str) -> _Tester:  # ne
        on = self.on(value, path)
        return lambda t: f"(not {on(t)})"

    @property
    def time_operators(self) -> dict[str, Callable[[Any, str], _Tester]]:
        return {
            "gte": self.at_or_after,
            "gt": self.after,
            "lte": self.at_or_before,
            "lt": self.before,
            "eq": self.on,
            "ne": self.not_on,
        }

    # -- categories

    def categories(self, value: Any, path: str) -> str:
        if isinstance(value, str):
            tester = self.has_category(value, path)
        elif isinstance(value, Mapping):
            tester = self.operators(value, path, self.category_operators)
        else:
            raise FilterError(
                path, "must be a category name or an object of operators (contains, in)"
            )
        return tester("m.categories")

    def has_category(self, value: Any, path: str) -> _Tester:
        k = self.constant(_text(value, path))
        return lambda categories: f"({k} in {categories})"

    def lacks_category(self, value: Any, path: str) -> _Tester:
        k = self.constant(_text(value, path))
        return lambda categories: f"({k} not in {categories})"

    def has_any_category(self, value: Any, path: str) -> _Tester:
        k = self.constant(_texts(value, path))
        return lambda categories: f"(not {k}.isdisjoint({categories}))"

    @property
    def category_operators(self) -> dict[str, Callable[[Any, str], _Tester]]:
        return {
            "contains": self.has_category,
            "eq": self.has_category,
            "in": self.has_any_category,
            "ne": self.lacks_category,
        }

    # -- metadata: JSON values, as JSON compares them; a key the memory lacks is ABSENT

    def metadata(self, value: Any, path: str) -> str:
        if not isinstance(value, Mapping):
            raise FilterError(
                path, "must be an object of metadata keys and the values they must hold"
            )
        parts = []
        for key, condition in value.items():
            parts.append(self.metadata_key(key, condition, f"{path}.{key}"))
        return _all(parts)

    def metadata_key(self, key: Any, value: Any, path: str) -> str:
        self.count()
        if isinstance(value, Mapping):
            tester = self.operators(value, path, self.value_operators)
        elif isinstance(value, str) and value == "*":
            tester = self.value_present
        else:
            tester = self.json_equals(value, path)
        # ABSENT fails every test but `ne` (it differs from every value): a memory without the
        # key, or without metadata, matches only a `ne` on it.
        return tester(self.metadata_value(key))

    def metadata_value(self, key: Any) -> str:
        slot = (type(key), key)
        if slot not in self.metadata_values:
            self.metadata_values[slot] = (self.constant(key), f"v{len(self.metadata_values)}")
        return self.metadata_values[slot][1]

    @staticmethod
    def value_present(found: str) -> str:
        return f"({found} is not None and {found} is not ABSENT)"

    def json_equals(self, value: Any, path: str) -> _Tester:
        if type(value) is str:
            k = self.constant(value)
            return lambda found: f"(type({found}) is str and {found} == {k})"
        if type(value) is bool or value is None:
            k = self.constant(value)
            return lambda found: f"({found} is {k})"
        if type(value) in _NUMBER:
            k = self.constant(value)
            return lambda found: f"(type({found}) in NUMBER and {found} == {k})"
        if isinstance(value, list | Mapping):
            k = self.constant(value)
            return lambda found: f"same_json({found}, {k})"
        raise FilterError(path, "must be a JSON value")

    def value_differs(self, value: Any, path: str) -> _Tester:
        equals = self.json_equals(value, path)
        return lambda found: f"(not {equals(found)})"

    def value_in(self, value: Any, path: str) -> _Tester:
        if not isinstance(value, list):
            raise FilterError(path, "must be a list of values")
        # Sets by JSON type, since Python's own equality has True == 1: strings, numbers (1 and
        # 1.0 one value, as in JSON), then true / false / null, then lists and objects.
        strings: set[str] = set()
        numbers: set[int | float] = set()
        singletons: list[Any] = []
        tests: list[_Tester] = []
        for index, item in enumerate(value):
            if type(item) is str:
                strings.add(item)
            elif type(item) in _NUMBER:
                numbers.add(item)
            elif type(item) is bool or item is None:
                singletons.append(item)
            else:
                self.count()
                tests.append(self.json_equals(item, f"{path}[{index}]"))
        if strings:
            k = self.constant(frozenset(strings))
            tests.append(lambda found: f"(type({found}) is str and {found} in {k})")
        if numbers:
            k = self.constant(frozenset(numbers))
            tests.append(lambda found: f"(type({found}) in NUMBER and {found} in {k})")
        tests.extend(self.json_equals(item, path) for item in dict.fromkeys(singletons))
        return lambda found: _any([test(found) for test in tests])

    def value_contains(self, value: Any, path: str) -> _Tester:
        # A string holds the part; a list (tags) holds it as one of its elements.
        k = self.constant(_text(value, path))
        return lambda found: f"((type({found}) is str or type({found}) is list) and {k} in {found})"

    def value_icontains(self, value: Any, path: str) -> _Tester:
        k = self.constant(_text(value, path).casefold())
        return lambda found: f"icontains({found}, {k})"

    def bound(self, symbol: str) -> Callable[[Any, str], _Tester]:
        def compile_bound(value: Any, path: str) -> _Tester:
            # Numbers compare with numbers, strings with strings; anything else does not hold.
            if type(value) in _NUMBER:
                kind = "NUMBER"
            elif type(value) is str:
                kind = "(str,)"
            else:
                raise FilterError(path, "must be a number or a string")
            k = self.constant(value)
            return lambda found: f"(type({found}) in {kind} and {found} {symbol} {k})"

        return compile_bound

    @property
    def value_operators(self) -> dict[str, Callable[[Any, str], _Tester]]:
        return {
            "eq": self.json_equals,
            "ne": self.value_differs,
            "in": self.value_in,
            "contains": self.value_contains,
            "icontains": self.value_icontains,
            "gt": self.bound(">"),
            "gte": self.bound(">="),
            "lt": self.bound("<"),
            "lte": self.bound("<="),
        }

    # -- memory_ids

    def memory_ids(self, value: Any, path: str) -> str:
        # Mem0's form is a bare list (`{"memory_ids": ["id1", "id2"]}`); `{"in": [...]}` too.
        if isinstance(value, Mapping):
            tester = self.operators(value, path, {"in": self.id_in})
        elif isinstance(value, list):
            tester = self.id_in(value, path)
        else:
            raise FilterError(path, "must be a list of memory ids")
        return tester("m.id")
