"""Reading back what a played sequence wrote, judged for rules 8, 9 and 10.

After the sequence, for each scope it wrote to (its `ObservedMemories`): every served list of the
scope, a search for (at most two of) its memories' own texts (one served search version per
scope, in turn), a get of each live memory (at most 10; and of a few deleted ones), and the
history of a few memories. What the reads
answer is judged against what the events said:

- rule 8 (read-your-writes, contracts/rules/read_your_writes.py): each live memory is returned by
  the list and get of its scope, and by a search for its text, with its text; no DELETEd memory
  shows anywhere, and get of one is a 404; the v3 list with `latest_only: true` shows every memory
  its plain list showed unsuperseded, and none that names a `replaced_by`;
- rule 9 (scope isolation, contracts/rules/scope_isolation.py): a read of a scope shows only
  memories whose scope ids agree with every id it names (a read of the user alone may show the
  user's memories with an agent; one with an agent only that agent's), each carrying the scope ids
  it was added with; nothing this sequence never added;
- rule 10 (history, contracts/rules/history.py): a memory's history rows are its events, in order.

A read answered with an error is a rule 8 violation (the operation is served, the read failed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from contracts.rules.observed_memories import ScopeIds, describe
from contracts.rules.reads import (
    GET,
    HISTORY,
    LISTS,
    SEARCHES,
    Read,
    ReadMemory,
    get_history,
    get_memory,
    list_scope,
    search_scope,
    unserved_status,
)
from contracts.rules.sequences import SequencePlayer
from contracts.session import Exchange
from mem0spec import AnswerEvent, bundled

MAX_GETS, MAX_DELETED_GETS, MAX_HISTORIES, SEARCHES_PER_SCOPE = 10, 3, 6, 2


class ReadBack:
    """The reads of one played sequence and their judgement, into the player's outcome."""

    def __init__(self, player: SequencePlayer) -> None:
        self.player = player
        self.ctx = player.ctx
        self.memories = player.memories
        self.outcome = player.outcome
        # A memory no event reported is only claimed foreign when every add was answered and
        # every event is known (a refused or unfollowed add may still have stored something).
        self.complete = player.outcome.unknown_events == 0 == player.outcome.unexpected_status

    def served(self, operation_id: str) -> bool:
        status = unserved_status(self.ctx, operation_id)
        if status is not None:
            self.outcome.unserved[bundled().operation(operation_id).label] = status
        return status is None

    def run(self, reads: tuple[str, ...] = ("scope", "history")) -> None:
        """Make the reads of `reads` ("scope": list, search and get; "history") and judge them."""
        if "scope" in reads:
            self._scope_reads()
        if "history" in reads and self.served(HISTORY):
            self._histories()

    def _scope_reads(self) -> None:
        lists = [op for op in LISTS if self.served(op)]
        searches = [op for op in SEARCHES if self.served(op)]
        for number, scope in enumerate(self.memories.scopes()):
            ids = dict(scope)
            live = self.memories.live(scope)
            for op in lists:
                read = list_scope(self.ctx, op, ids)
                self._judge_scope_read(scope, read, must_show=set(live))
                if op == "listMemoriesV3" and read.memories is not None:
                    self._judge_latest_only(scope, read.memories)
            # One search version per scope, in turn: every served version is asked across scopes.
            for op in searches[number % len(searches) :][:1] if searches else ():
                for memory_id in _some(list(live), SEARCHES_PER_SCOPE):
                    read = search_scope(self.ctx, op, ids, live[memory_id])
                    self._judge_scope_read(scope, read, must_show={memory_id})
        if self.served(GET):
            self._gets()

    # -- rules 8 and 9 on one read of a scope ------------------------------------------------

    def _judge_scope_read(self, scope: ScopeIds, read: Read, must_show: set[str]) -> None:
        self.outcome.reads[read.label] = self.outcome.reads.get(read.label, 0) + 1
        self.outcome.cases += 1
        where = f"{read.label} of {describe(scope)}"
        if read.memories is None:
            self._violate(8, f"{where} answered {read.exchange.status}", read.exchange)
            return
        shown = {memory.id: memory for memory in read.memories}
        for memory_id in sorted(must_show - set(shown)):
            text = self.memories.live(scope)[memory_id]
            missing = f"{where} leaves out live memory {memory_id!r} ({text!r})"
            self._violate(8, missing, read.exchange)
        for memory in read.memories:
            self._judge_shown(scope, memory, where, read.exchange)

    def _judge_shown(
        self, scope: ScopeIds | None, memory: ReadMemory, where: str, exchange: Exchange
    ) -> None:
        owner = self.memories.owner_of(memory.id)
        if owner is None:
            if self.complete and scope is not None:
                self._violate(
                    9, f"{where} shows {memory.id!r} ({memory.text!r}), never added there", exchange
                )
            return
        if scope is not None and not set(scope) <= set(owner):
            self._violate(
                9,
                f"{where} shows {memory.id!r} ({memory.text!r}), added under {describe(owner)}",
                exchange,
            )
        claimed, added = dict(memory.scope), dict(owner)
        wrong = sorted(name for name, value in claimed.items() if added.get(name) != value)
        if wrong:
            said = ", ".join(f"{name}={claimed[name]}" for name in wrong)
            self._violate(
                9,
                f"{where}: memory {memory.id!r} added under {describe(owner)} is answered "
                f"with {said}",
                exchange,
            )
        if memory.id in self.memories.deleted(owner):
            self._violate(8, f"{where} shows {memory.id!r}, which was DELETEd", exchange)
            return
        text = self.memories.live(owner).get(memory.id)
        if text is not None and memory.text != text:
            self._violate(
                8, f"{where} gives {memory.id!r} the text {memory.text!r}, not {text!r}", exchange
            )

    def _judge_latest_only(self, scope: ScopeIds, listed: list[ReadMemory]) -> None:
        """Rule 8: superseded memories (v3) stay listed, and `latest_only: true` leaves them out."""
        read = list_scope(self.ctx, "listMemoriesV3", dict(scope), latest_only=True)
        latest = {m.id for m in listed if m.replaced_by is None}
        where = f"{read.label} with latest_only: true of {describe(scope)}"
        self._judge_scope_read(scope, read, must_show=latest & set(self.memories.live(scope)))
        for memory in read.memories or []:
            if memory.replaced_by is not None:
                self._violate(
                    8,
                    f"{where} shows {memory.id!r} ({memory.text!r}), superseded by "
                    f"{memory.replaced_by!r}",
                    read.exchange,
                )

    # -- get by id ---------------------------------------------------------------------------

    def _gets(self) -> None:
        live = [(s, i) for s in self.memories.scopes() for i in self.memories.live(s)]
        deleted = [(s, i) for s in self.memories.scopes() for i in sorted(self.memories.deleted(s))]
        for scope, memory_id in _some(live, MAX_GETS):
            read = get_memory(self.ctx, memory_id)
            self.outcome.reads[read.label] = self.outcome.reads.get(read.label, 0) + 1
            self.outcome.cases += 1
            where = f"{read.label} of {memory_id!r}"
            if read.memories is None:
                failed = f"{where} (live in {describe(scope)}) answered {read.exchange.status}"
                self._violate(8, failed, read.exchange)
                continue
            self._judge_shown(None, read.memories[0], where, read.exchange)
        for scope, memory_id in deleted[:MAX_DELETED_GETS]:
            read = get_memory(self.ctx, memory_id)
            self.outcome.cases += 1
            if read.exchange.status != 404:
                self._violate(
                    8,
                    f"{read.label} of {memory_id!r}, DELETEd from {describe(scope)}, answered "
                    f"{read.exchange.status} (expected 404)",
                    read.exchange,
                )

    # -- rule 10 -----------------------------------------------------------------------------

    def _histories(self) -> None:
        histories = [
            (scope, memory_id, events)
            for scope in self.memories.scopes()
            for memory_id, events in self.memories.history(scope).items()
        ]
        # Memories that changed first: their histories say the most.
        histories.sort(key=lambda item: -len(item[2]))
        for scope, memory_id, events in histories[:MAX_HISTORIES]:
            exchange, rows = get_history(self.ctx, memory_id)
            self.outcome.cases += 1
            self.outcome.histories_judged += 1
            where = f"history of {memory_id!r} ({describe(scope)})"
            if rows is None:
                self._violate(10, f"{where} answered {exchange.status}", exchange)
                continue
            problem = history_problem(events, rows)
            if problem:
                self._violate(10, f"{where}: {problem}", exchange)

    def _violate(self, rule: int, message: str, exchange: Exchange | None) -> None:
        self.player._violate(rule, message, exchange)


def history_problem(events: list[AnswerEvent], rows: Sequence[Mapping[str, object]]) -> str:
    """How history rows differ from the events seen for the memory ("" when they match): one
    row per event, the same kinds in the same order, each ADD and UPDATE row's `new_memory` the
    event's text and an UPDATE's `old_memory` the text it replaced."""
    kinds = [event.kind for event in events]
    shown = [row.get("event") for row in rows]
    if shown != kinds:
        return f"rows are {shown}, the events were {kinds}"
    for number, (event, row) in enumerate(zip(events, rows, strict=True), start=1):
        if event.kind in ("ADD", "UPDATE") and row.get("new_memory") != event.memory:
            said = row.get("new_memory")
            return f"row {number} ({event.kind}) has new_memory {said!r}, not {event.memory!r}"
        previous, old = event.previous, row.get("old_memory")
        if event.kind == "UPDATE" and previous is not None and old != previous:
            return f"row {number} (UPDATE) has old_memory {old!r}, not {previous!r}"
    return ""


Item = TypeVar("Item")


def _some(items: list[Item], limit: int) -> list[Item]:
    """At most `limit` items, the first and last first (the oldest and the newest write)."""
    if len(items) <= limit:
        return list(items)
    chosen = [items[0], items[-1]] if limit >= 2 else [items[-1]]
    middle = items[1:-1][: max(0, limit - 2)]
    return chosen + middle
