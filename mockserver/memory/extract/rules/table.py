"""The rule table: phrase rules (templates) and custom rules, dispatched on a clause's first two
words.

Family modules register their rules here at import (``phrase(...)``, ``@custom(...)``);
``mockserver.memory.extract.rules`` imports them in table order, and a clause takes the facts of
the first rule that yields any.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mockserver.memory.extract.grammar import WORD, third_person
from mockserver.memory.extract.statements import Fact, make_fact
from mockserver.memory.extract.times import strip_when
from mockserver.memory.extract.topics import subject_key
from mockserver.memory.extract.values import clean_name, clean_object, clean_place, split_list

Builder = Callable[[re.Match[str]], list[Fact]]

_SLOT_PATTERNS = {
    "name": r"(?P<name>[^\W\d_][\w'-]*(?: [^\W\d_][\w'-]*)?)",
    "n": r"(?P<n>\d{1,3})",
}


@dataclass(frozen=True)
class _Rule:
    order: int
    pattern: str
    build: Builder
    bare: str  # the pattern without named groups, for a bucket's one combined regex

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        # Compiled on the first clause that reaches it: compiling all ~150 at import was most of
        # the extractor's share of the mock's start-up, and a clause only ever needs a few.
        return re.compile(self.pattern, re.IGNORECASE)


_RULES: list[_Rule] = []
_BUCKETS: dict[tuple[str, str], list[_Rule]] = {}
_HEAD_TOKEN = re.compile(r"\(\?:([^()]*)\)\??|([a-z']+)")


def _heads(pattern: str) -> list[tuple[str, str]]:
    """The (first word, second word) keys a pattern can start with; '*' where it is open."""
    keys: list[list[str]] = []
    rest = pattern
    for _ in range(2):
        m = _HEAD_TOKEN.match(rest)
        if m is None or (m.group(0).endswith("?")):
            keys.append(["*"])
            break
        alts = m.group(1).split("|") if m.group(1) is not None else [m.group(2)]
        firsts = [a.split(" ")[0] for a in alts]
        if not all(re.fullmatch(r"[a-z']+", f) for f in firsts):
            keys.append(["*"])
            break
        keys.append(firsts)
        after = rest[m.end() :]
        if not after.startswith(" "):
            keys.append(["*"])
            break
        rest = after[1:]
        if any(" " in a for a in alts):  # a multi-word alternative: the second word varies
            keys.append(["*"])
            break
    while len(keys) < 2:
        keys.append(["*"])
    return [(a, b) for a in keys[0] for b in keys[1]]


def _register(pattern: str, build: Builder) -> None:
    expanded = pattern
    for slot, regex in _SLOT_PATTERNS.items():
        expanded = expanded.replace("{" + slot + "}", regex)
    expanded = re.sub(r"\{([a-z]+)\}", r"(?P<\1>.+)", expanded)
    bare = _NAMED_GROUP.sub("(?:", expanded)
    entry = _Rule(len(_RULES), expanded, build, bare)
    _RULES.append(entry)
    for head in _heads(pattern):
        _BUCKETS.setdefault(head, []).append(entry)


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


@dataclass(frozen=True)
class _Bucket:
    """A head's candidate rules in table order, and one regex that is their alternation.

    The alternation finds the first rule that matches in one call instead of up to ~30 calls from
    Python: each alternative is a group named by its position, closed last, so `lastgroup` names
    it. That rule's own regex then gives the slots.
    """

    rules: list[_Rule]
    either: re.Pattern[str]

    @classmethod
    def of(cls, rules: list[_Rule]) -> _Bucket:
        either = "|".join(f"(?P<r{index}>{rule.bare})" for index, rule in enumerate(rules))
        return cls(rules, re.compile(either, re.IGNORECASE))


_MERGED: dict[tuple[str, str], _Bucket] = {}  # bounded: only registered heads are cached


def _candidates(clause: str) -> _Bucket:
    """The rules that can match a clause, in table order, from its first two words."""
    words = clause.casefold().split(" ", 2)
    first = words[0]
    second = words[1] if len(words) > 1 and (first, words[1]) in _BUCKETS else "*"
    if (first, "*") not in _BUCKETS and second == "*":
        first = "*"
    key = (first, second)
    merged = _MERGED.get(key)
    if merged is None:
        found = {*_BUCKETS.get(key, ()), *_BUCKETS.get((first, "*"), ()), *_BUCKETS[("*", "*")]}
        merged = _MERGED[key] = _Bucket.of(sorted(found, key=lambda r: r.order))
    return merged


def phrase(
    pattern: str,
    text: str,
    subject: str,
    *groups: str,
    each: str | None = None,
    stance: str | None = None,
    check: Callable[[dict[str, str]], bool] | None = None,
) -> None:
    """Register a template rule: ``{slot}`` captures, cleaned by kind (name, place, n, else object).

    ``text`` and ``subject`` are format strings over the cleaned slots; in ``subject`` every slot is
    a normalised key. ``each`` names a slot holding a list ("sushi, ramen and pizza"): one fact per
    item. ``check`` vetoes a match on its slots as typed.
    """

    def build(m: re.Match[str]) -> list[Fact]:
        slots = sorted(m.re.groupindex, key=m.re.groupindex.__getitem__)
        raw = {s: m.group(s) or "" for s in slots}
        items = split_list(raw[each]) if each else [None]
        facts = []
        for item in items:
            values = dict(raw)
            if each and item is not None:
                values[each] = item
            cleaned = _clean_slots(values)
            if cleaned is None or (check is not None and not check(values)):
                continue
            main = (
                cleaned[each] if each else next((cleaned[k] for k in _MAIN if cleaned.get(k)), "")
            )
            keys = {k: subject_key(strip_when(v)) for k, v in cleaned.items()}
            facts.append(
                make_fact(
                    text.format(**cleaned), subject.format(**keys), groups, main, stance=stance
                )
            )
        return facts

    _register(pattern, build)


# The slot whose words identify the fact's object (for retraction matching and topics).
_MAIN = ("x", "place", "name", "org", "school", "lang", "state", "n", "date", "year", "thing")


def _clean_slots(raw: dict[str, str]) -> dict[str, str] | None:
    cleaned: dict[str, str] = {}
    for slot, value in raw.items():
        if not value:
            cleaned[slot] = ""  # an optional part that was not said
            continue
        if slot == "name":
            result = clean_name(value)
        elif slot in ("place", "org", "school"):
            result = clean_place(value) if slot == "place" else clean_object(value)
        elif slot in (
            "n",
            "year",
            "when",
            "date",
            "thing",
            "rel",
            "v",
            "p",
            "deg",
            "state",
            "lang",
        ):
            result = third_person(value.strip()) or None
        else:
            result = clean_object(value)
        if result is None:
            return None
        cleaned[slot] = result
    return cleaned


def custom(pattern: str) -> Callable[[Builder], Builder]:
    """Register a rule whose facts need code, not a template."""

    def decorate(build: Builder) -> Builder:
        _register(pattern, build)
        return build

    return decorate


def compile_all() -> int:
    """Compile every rule's regex now, as a first use would (a bad pattern raises `re.error`);
    the number of rules."""
    for rule in _RULES:
        _ = rule.regex
    return len(_RULES)


def alternatives(words: Iterable[str]) -> str:
    ordered = sorted({w.replace("-", "[- ]") for w in words}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(ordered) + ")"


def has_word_in(vocabulary: frozenset[str], slot: str) -> Callable[[dict[str, str]], bool]:
    return lambda v: any(w in vocabulary for w in WORD.findall(v[slot].casefold()))


def starts_upper(slot: str) -> Callable[[dict[str, str]], bool]:
    return lambda v: v[slot][:1].isupper()


def starts_lower(slot: str) -> Callable[[dict[str, str]], bool]:
    return lambda v: not v[slot][:1].isupper()


def rule_facts(clause: str) -> list[Fact]:
    """The facts of the first rule, in table order, that matches the clause and yields any."""
    bucket = _candidates(clause)
    first = bucket.either.fullmatch(clause)
    if first is None:
        return []
    for candidate in bucket.rules[int(str(first.lastgroup)[1:]) :]:
        m = candidate.regex.fullmatch(clause)
        if m is not None:
            facts = candidate.build(m)
            if facts:
                return facts
    return []
