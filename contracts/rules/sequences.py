"""Playing a sequence of actions against the server, judging each answer for rules 1-5.

An action is a user turn (`Converse`: a user telling, changing or retracting a fact in one of
several scopes) or notes stored verbatim (`Verbatim`, `infer: false`), each with its own
output_format / async_mode / immutable choice. `SequencePlayer` sends them one by one, follows
queued adds through the event endpoint, and keeps `ObservedMemories` of what the answers said. The
`Outcome` lists every violation (by rule number) and a readable transcript of the steps. Each
sequence uses fresh scope ids, so sequences never see each other's memories.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from contracts.checks import CheckResult
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
from contracts.run_context import RunContext
from contracts.session import Exchange
from mem0spec import TERMINAL_EVENT_STATES, AnswerEvent, bundled, events_of, queued_ids_of


class _Absent:
    def __repr__(self) -> str:
        return "absent"


# An option the action leaves out of the body (distinct from None, which is sent as null).
ABSENT: Any = _Absent()

# (scope ids present, user index) per scope slot: slots sharing a user share a persona, so the
# same facts are told in scopes that must stay isolated (user alone vs. user with an agent).
SCOPE_LAYOUT: tuple[tuple[tuple[str, ...], int], ...] = (
    (("user_id",), 0),
    (("user_id", "agent_id"), 0),
    (("user_id",), 1),
    (("agent_id", "run_id"), 2),
    (("user_id", "run_id"), 1),
    (("user_id", "app_id"), 3),
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


@dataclass(frozen=True)
class Verbatim:
    """Notes stored with `infer: false` (and an assistant reply), optionally after a system
    message that must not be stored."""

    scope: int
    notes: tuple[int, ...]
    system: bool = False
    output_format: Any = ABSENT
    async_mode: Any = ABSENT


Action = Converse | Verbatim


@dataclass
class Outcome:
    """What one played sequence showed."""

    violations: list[tuple[Violation, Exchange | None]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    events: dict[str, int] = field(default_factory=lambda: {"ADD": 0, "UPDATE": 0, "DELETE": 0})
    shapes: set[tuple[str, bool]] = field(default_factory=set)
    verbatim_judged: int = 0
    # User turns that changed or retracted a fact in a scope holding an immutable memory (rule 3).
    immutable_challenged: int = 0
    unexpected_status: int = 0
    cases: int = 0


class SequencePlayer:
    """Plays one sequence of actions in fresh scopes named `<run prefix><tag>-...`."""

    def __init__(self, ctx: RunContext, tag: str) -> None:
        self.ctx = ctx
        self.tag = tag
        self.memories = ObservedMemories()
        self.told: dict[int, Told] = {}
        self.outcome = Outcome()
        self._notes = itertools.count(1)

    def scope_ids(self, slot: int) -> dict[str, str]:
        fields, user = SCOPE_LAYOUT[slot % len(SCOPE_LAYOUT)]
        short = {"user_id": f"u{user}", "agent_id": "a0", "run_id": f"r{slot}", "app_id": "p0"}
        return {name: self.ctx.scope_id(f"{self.tag}-{short[name]}") for name in fields}

    def persona(self, slot: int) -> Persona:
        return persona_for(self.ctx.target.seed, SCOPE_LAYOUT[slot % len(SCOPE_LAYOUT)][1])

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
            body["messages"] = say(self.persona(action.scope), beat, told)
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
        for name in ("output_format", "async_mode"):
            value = getattr(action, name)
            if value is not ABSENT:
                body[name] = value
        self.outcome.cases += 1
        add = bundled().operation("addMemories")
        exchange = self.ctx.session.send(add.method, add.path, json_body=body)
        summary = f"{number}. POST {_brief(body)}"
        if exchange.status != 200:
            self.outcome.unexpected_status += 1
            self._violate(6, f"a valid add was answered {exchange.status}", exchange)
            self.outcome.lines.append(f"{summary}\n   -> {exchange.status} {exchange.excerpt(120)}")
            return
        events = self._events(body, exchange)
        self.outcome.lines.append(f"{summary}\n   -> 200 {_brief_events(events)}")
        for event in events:
            if event.kind in self.outcome.events:
                self.outcome.events[event.kind] += 1
        for violation in self.memories.apply(scope_ids_of(scope_ids), events, immutable):
            self._violate(violation.rule, violation.message, exchange)
        if isinstance(action, Verbatim):
            self._judge_verbatim(body, events, exchange)

    def _events(self, body: dict[str, Any], exchange: Exchange) -> list[AnswerEvent]:
        """The answer's events (followed through the event endpoint when queued), its shape
        judged for rule 5 (contracts/rules/shape.py)."""
        spec = bundled()
        output_format, queued = spec.requested_shape(body)
        answer = exchange.json(default=None)
        title, errors = spec.response_shape_errors(output_format, queued, answer)
        self.outcome.shapes.add((output_format, queued))
        if errors:
            self._violate(
                5,
                f"output_format {body.get('output_format', ABSENT)!r} with async_mode "
                f"{body.get('async_mode', ABSENT)!r} must answer the {title!r} shape: "
                + "; ".join(errors[:3]),
                exchange,
            )
        if not queued:
            return events_of(answer)
        events: list[AnswerEvent] = []
        for event_id in queued_ids_of(answer):
            events += self._follow(event_id)
        return events

    def _follow(self, event_id: str) -> list[AnswerEvent]:
        """Poll GET /v1/event/{event_id}/ until the queued add is done (rule 5)."""
        spec = bundled()
        path = spec.operation("getEvent").path_with(event_id=event_id)
        deadline = time.monotonic() + self.ctx.target.event_wait
        delay = 0.02
        while True:
            exchange = self.ctx.session.send("GET", path)
            answer = exchange.json(default=None)
            if exchange.status != 200:
                self._violate(5, f"queued event {event_id!r} answered {exchange.status}", exchange)
                return []
            errors = spec.schema_errors("EventStatus", answer)
            if errors:
                self._violate(5, f"event {event_id!r}: " + "; ".join(errors[:3]), exchange)
                return []
            if answer["status"] in TERMINAL_EVENT_STATES:
                return events_of(answer)
            if time.monotonic() > deadline or self.ctx.events_stalled:
                # One stalled event per run is enough evidence; later ones are not waited for.
                self.ctx.events_stalled = True
                self._violate(
                    5,
                    f"queued event {event_id!r} still {answer['status']} after "
                    f"{self.ctx.target.event_wait:.0f} s",
                    exchange,
                )
                return []
            time.sleep(delay)
            delay = min(delay * 2, 0.5)

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


def _brief_events(events: list[AnswerEvent]) -> str:
    if not events:
        return "(no events)"
    return ", ".join(f"{e.kind} {e.id[:12]} {e.memory!r}" for e in events)


def record(result: CheckResult, outcome: Outcome) -> None:
    """Add a played sequence's cases and event counts to a check's result."""
    result.cases += outcome.cases
    for kind, count in outcome.events.items():
        result.events[kind] += count
