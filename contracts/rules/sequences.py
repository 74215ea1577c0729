"""Playing a sequence of actions against the server, judging each answer for rules 1-5 and 11.

An action is a user turn (`Converse`: a user telling, changing or retracting a fact in one of
several scopes) or notes stored verbatim (`Verbatim`, `infer: false`), each with its own
output_format / async_mode / immutable choice, sent to the v1 add or (`api="v3"`) the v3 add.
`SequencePlayer` sends them one by one, follows every queued answer through the event endpoint
(whatever the add asked for: a server that always queues is judged on the events it reports), and
keeps `ObservedMemories` of what the answers said. The `Outcome` lists every violation (by rule
number) and a readable transcript of the steps. Each sequence uses fresh scope ids, so sequences
never see each other's memories.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from contracts.checks import CheckResult
from contracts.event_poller import follow_event
from contracts.rules.conversations import (
    CHANGES,
    STORY,
    Beat,
    Persona,
    Told,
    note,
    persona_for,
    say,
)
from contracts.rules.observed_memories import ObservedMemories, Violation, scope_ids_of
from contracts.rules.v3_answers import judge_v3_answer
from contracts.run_context import RunContext
from contracts.session import Exchange
from mem0spec import AnswerEvent, bundled, events_of, queued_ids_of


class _Absent:
    def __repr__(self) -> str:
        return "absent"


# An option the action leaves out of the body (distinct from None, which is sent as null).
ABSENT: Any = _Absent()

# ({scope id: its label}, user index) per scope slot: slots sharing a user share a persona, so
# the same facts are told in scopes that must stay isolated (user alone vs. user with an agent).
Layout = tuple[tuple[dict[str, str], int], ...]
SCOPE_LAYOUT: Layout = (
    ({"user_id": "u0"}, 0),
    ({"user_id": "u0", "agent_id": "a0"}, 0),
    ({"user_id": "u1"}, 1),
    ({"agent_id": "a0", "run_id": "r3"}, 2),
    ({"user_id": "u1", "run_id": "r4"}, 1),
    ({"user_id": "u3", "app_id": "p0"}, 3),
)
# Overlapping on purpose, for reading back (rules 8-10): the same user alone, with two agents,
# with a run and with an app, another user, and that user with the first user's agent. A read of
# one must show none of the others' memories but those its ids admit (the user alone sees the
# user's with an agent, a run or an app; the user with agent a0 none of a1's nor the user's own).
OVERLAPPING_LAYOUT: Layout = (
    ({"user_id": "u0"}, 0),
    ({"user_id": "u0", "agent_id": "a0"}, 0),
    ({"user_id": "u0", "agent_id": "a1"}, 0),
    ({"user_id": "u1"}, 1),
    ({"user_id": "u0", "run_id": "r0"}, 0),
    ({"user_id": "u1", "agent_id": "a0"}, 1),
    ({"user_id": "u0", "app_id": "p0"}, 0),
)
CHANGING_BEATS = frozenset(CHANGES)


@dataclass(frozen=True)
class Converse:
    """A user turn; `beat=None` continues that scope's story where it left off, which is how
    real users talk (and what makes an extracting server UPDATE and DELETE)."""

    scope: int
    beat: Beat | None
    output_format: Any = ABSENT
    async_mode: Any = ABSENT
    immutable: bool = False
    # "v3": sent to POST /v3/memories/add/ (no output_format or async_mode there).
    api: str = "v1"
    # Say again, word for word, what was last said in this scope (v3 must drop exact repeats).
    repeat: bool = False


@dataclass(frozen=True)
class Verbatim:
    """Notes stored with `infer: false` (and an assistant reply), optionally after a system
    message that must not be stored."""

    scope: int
    notes: tuple[int, ...]
    system: bool = False
    output_format: Any = ABSENT
    async_mode: Any = ABSENT
    api: str = "v1"


Action = Converse | Verbatim


@dataclass
class Outcome:
    """What one played sequence showed."""

    violations: list[tuple[Violation, Exchange | None]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    events: dict[str, int] = field(default_factory=lambda: {"ADD": 0, "UPDATE": 0, "DELETE": 0})
    shapes: set[tuple[str, bool]] = field(default_factory=set)
    # How adds without async_mode were answered: queued (True) and/or synchronously (False).
    default_async: set[bool] = field(default_factory=set)
    verbatim_judged: int = 0
    # User turns that changed or retracted a fact in a scope holding an immutable memory (rule 3).
    immutable_challenged: int = 0
    unexpected_status: int = 0
    cases: int = 0
    # Queued adds whose events stayed unknown (the lookup failed or broke the contract): what
    # the server stored is then not fully known, and no rule infers anything from the gap.
    unknown_events: int = 0
    v3_adds: int = 0
    v3_repeats: int = 0
    # Read-back (rules 8-10): reads judged, by operation label; operations not served.
    reads: dict[str, int] = field(default_factory=dict)
    unserved: dict[str, int] = field(default_factory=dict)
    histories_judged: int = 0


class SequencePlayer:
    """Plays one sequence of actions in fresh scopes named `<run prefix><tag>-...`."""

    def __init__(self, ctx: RunContext, tag: str, layout: Layout = SCOPE_LAYOUT) -> None:
        self.ctx = ctx
        self.tag = tag
        self.layout = layout
        self.memories = ObservedMemories()
        self.told: dict[int, Told] = {}
        self.said: dict[int, list[dict[str, str]]] = {}
        # The texts the last step of each scope stored (what a v3 repeat must not add again).
        self.added: dict[int, set[str]] = {}
        self.outcome = Outcome()
        self._notes = itertools.count(1)

    def scope_ids(self, slot: int) -> dict[str, str]:
        labels, _ = self.layout[slot % len(self.layout)]
        return {name: self.ctx.scope_id(f"{self.tag}-{label}") for name, label in labels.items()}

    def persona(self, slot: int) -> Persona:
        return persona_for(self.ctx.target.seed, self.layout[slot % len(self.layout)][1])

    def play(self, actions: list[Action]) -> Outcome:
        for number, action in enumerate(actions, start=1):
            self._step(number, action)
        return self.outcome

    def _step(self, number: int, action: Action) -> None:
        scope_ids = self.scope_ids(action.scope)
        told = self.told.setdefault(action.scope, Told())
        body: dict[str, Any] = {**scope_ids}
        if isinstance(action, Converse):
            beat = action.beat or STORY[len(told.beats) % len(STORY)]
            if action.repeat and action.scope in self.said:
                body["messages"] = self.said[action.scope]
                beat = told.beats[-1]
                if action.api == "v3":
                    self.outcome.v3_repeats += 1
            else:
                body["messages"] = say(self.persona(action.scope), beat, told)
            self.said[action.scope] = body["messages"]
            if action.immutable:
                body["immutable"] = True
            immutable = action.immutable
            if beat in CHANGING_BEATS and self.memories.immutable_count(scope_ids_of(scope_ids)):
                self.outcome.immutable_challenged += 1
        else:
            messages = [{"role": "system", "content": "You are a helpful assistant."}]
            messages = messages if action.system else []
            for index in action.notes:
                messages.append({"role": "user", "content": note(index, next(self._notes))})
            messages.append({"role": "assistant", "content": f"Saved ({next(self._notes)})."})
            body["messages"] = messages
            body["infer"] = False
            immutable = False
        for name in ("output_format", "async_mode") if action.api == "v1" else ():
            value = getattr(action, name)
            if value is not ABSENT:
                body[name] = value
        self.outcome.cases += 1
        add = bundled().operation("addMemories" if action.api == "v1" else "addMemoriesV3")
        exchange = self.ctx.session.send(add.method, add.path, json_body=body)
        summary = f"{number}. POST {'' if action.api == 'v1' else 'v3 '}{_brief(body)}"
        if exchange.status != 200:
            self.outcome.unexpected_status += 1
            self._violate(6, f"a valid add was answered {exchange.status}", exchange)
            self.outcome.lines.append(f"{summary}\n   -> {exchange.status} {exchange.excerpt(120)}")
            return
        scope = scope_ids_of(scope_ids)
        # The step's line comes first; what its answer breaks is listed under it.
        line = len(self.outcome.lines)
        self.outcome.lines.append(summary)
        if action.api == "v3":
            self.outcome.v3_adds += 1
            for message in judge_v3_answer(body, exchange.json(default=None)):
                self._violate(11, message, exchange)
        else:
            self._judge_shape(body, exchange)
        events, known = self._events(exchange)
        self.outcome.lines[line] = f"{summary}\n   -> 200 {_brief_events(events, known)}"
        for event in events:
            if event.kind in self.outcome.events:
                self.outcome.events[event.kind] += 1
        if action.api == "v3":
            self._judge_v3_events(action, events, exchange)
        stored = {e.memory.casefold() for e in events if e.kind in ("ADD", "UPDATE")}
        self.added[action.scope] = stored
        for violation in self.memories.apply(scope, events, immutable):
            self._violate(violation.rule, violation.message, exchange)
        if isinstance(action, Verbatim) and known:
            self._judge_verbatim(body, events, exchange)

    def _judge_v3_events(
        self, action: Action, events: list[AnswerEvent], exchange: Exchange
    ) -> None:
        """Rule 11 (contracts/rules/v3_add.py): only ADDs, and a turn said again word for word
        adds none of the texts its first saying stored."""
        before = self.added.get(action.scope, set()) if getattr(action, "repeat", False) else set()
        for event in events:
            if event.kind != "ADD":
                self._violate(11, f"the v3 add only ADDs: {event.kind} of {event.id!r}", exchange)
            elif event.memory.casefold() in before:
                self._violate(11, f"an exact repeat was added again: {event.memory!r}", exchange)

    def _judge_shape(self, body: dict[str, Any], exchange: Exchange) -> None:
        """Rule 5 (contracts/rules/shape.py): the v1 answer has the shape the add asked for."""
        spec = bundled()
        output_format, queued = spec.requested_shape(body)
        answer = exchange.json(default=None)
        title, errors = spec.response_shape_errors(output_format, queued, answer)
        if body.get("async_mode") is None:
            # Absent, either answer is compatible (Mem0's docs default async_mode to true, the
            # kit to false); an explicit value must be honoured. The report says which it saw.
            other = spec.response_shape_errors(output_format, not queued, answer)
            if errors and not other[1]:
                queued, (title, errors) = not queued, other
            self.outcome.default_async.add(queued)
        self.outcome.shapes.add((output_format, queued))
        if errors:
            self._violate(
                5,
                f"output_format {body.get('output_format', ABSENT)!r} with async_mode "
                f"{body.get('async_mode', ABSENT)!r} must answer the {title!r} shape: "
                + "; ".join(errors[:3]),
                exchange,
            )

    def _events(self, exchange: Exchange) -> tuple[list[AnswerEvent], bool]:
        """The answer's events, and whether they are all known. A queued answer (in any shape
        `queued_ids_of` reads, whatever the add asked for) is followed to its end through the
        event endpoint; an event that cannot be followed is a rule 5 violation, and its events
        are unknown."""
        answer = exchange.json(default=None)
        events = events_of(answer)
        known = True
        for event_id in queued_ids_of(answer):
            followed = follow_event(self.ctx, event_id)
            if followed.events is None:
                known = False
                self.outcome.unknown_events += 1
                self._violate(5, followed.problem, followed.exchange)
            else:
                events += followed.events
        return events, known

    def _judge_verbatim(
        self, body: dict[str, Any], events: list[AnswerEvent], exchange: Exchange
    ) -> None:
        """Rule 4 (contracts/rules/verbatim.py): only ADDs, each the exact content of a user or
        assistant message, every such message stored, no system message stored."""
        self.outcome.verbatim_judged += 1
        stored = {m["content"] for m in body["messages"] if m["role"] != "system"}
        system = {m["content"] for m in body["messages"] if m["role"] == "system"}
        memories = [event.memory for event in events]
        for event in events:
            if event.kind != "ADD":
                self._violate(4, f"infer: false answered a {event.kind} event", exchange)
            elif event.memory in system:
                self._violate(4, f"a system message was stored: {event.memory!r}", exchange)
            elif event.memory not in stored:
                self._violate(4, f"memory {event.memory!r} is not the verbatim content", exchange)
        for content in sorted(stored - set(memories)):
            self._violate(4, f"message {content!r} was not stored verbatim", exchange)

    def _violate(self, rule: int, message: str, exchange: Exchange | None) -> None:
        self.outcome.violations.append((Violation(rule, message), exchange))
        self.outcome.lines.append(f"   !! rule {rule}: {message}")


def _brief(body: dict[str, Any]) -> str:
    options = {k: v for k, v in body.items() if k != "messages"}
    said = " / ".join(m["content"] for m in body["messages"] if m["role"] == "user")
    return f"{options} says {said!r}"


def _brief_events(events: list[AnswerEvent], known: bool = True) -> str:
    if not known:
        return "(events unknown: the queued add could not be followed)"
    if not events:
        return "(no events)"
    return ", ".join(f"{e.kind} {e.id[:12]} {e.memory!r}" for e in events)


def record(result: CheckResult, outcome: Outcome) -> None:
    """Add a played sequence's cases and event counts to a check's result."""
    result.cases += outcome.cases
    for kind, count in outcome.events.items():
        result.events[kind] += count
