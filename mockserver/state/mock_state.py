"""Everything one app instance owns, built once from `Settings` by `create_app`."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from mem0spec import ADD_OPERATION, Spec, bundled
from mockserver.settings import Settings
from mockserver.state.event_queue import EventQueue
from mockserver.state.fault_plan import FaultPlan
from mockserver.state.fixtures import build_fixture, load_fixture_file
from mockserver.state.journal import Journal
from mockserver.state.rate_limits import RateLimiter
from mockserver.state.scope_locks import ScopeLocks
from mockserver.state.store import TENANT_FIELDS, LogicalClock, ScopeKey, Store
from mockserver.validation.schemas import RequestValidator
from mockserver.validation.verdicts import RecentVerdicts

if TYPE_CHECKING:
    from mockserver.answers.registry import Answer

__all__ = ["MockState", "build_state"]


@dataclasses.dataclass
class MockState:
    settings: Settings
    spec: Spec
    validator: RequestValidator
    store: Store
    journal: Journal
    limiter: RateLimiter
    faults: FaultPlan
    keys: frozenset[str]
    # Body defaults and scope-id names of the add operation, read from the spec.
    add_defaults: dict[str, Any]
    scope_fields: tuple[str, ...]
    # org_id, project_id, then scope_fields: the names of a ScopeKey's parts.
    scope_names: tuple[str, ...]
    verdicts: RecentVerdicts
    queue: EventQueue
    # operationId -> its body's declared defaults (`top_k`, `threshold`, `infer`, ...).
    body_defaults: dict[str, dict[str, Any]]
    # operationId -> the function answering it (mockserver/answers/registry.py), per app so a
    # test can replace one (`MockApp.override`).
    answers: dict[str, Answer] = dataclasses.field(default_factory=dict)
    scope_locks: ScopeLocks = dataclasses.field(default_factory=ScopeLocks)
    # entity type (the `entity_type` enum of DELETE /v2/entities/) -> its scope id
    # (`user` -> `user_id`), read from the spec.
    entity_fields: dict[str, str] = dataclasses.field(default_factory=dict)
    # Unhandled exceptions raised while serving, for MockServer.check(); never lost.
    errors: list[BaseException] = dataclasses.field(default_factory=list)

    def scope_key(self, body: Mapping[str, Any]) -> ScopeKey:
        """The scope an add body names: its org and project (the key's by default), then its
        scope ids, an empty one counting as absent."""
        ids = [body.get(name) or None for name in self.scope_fields]
        org = body.get("org_id") or self.settings.org_id
        project = body.get("project_id") or self.settings.project_id
        return (org, project, *ids)

    def reset(self) -> None:
        self.queue.reset()
        self.store.reset()
        self.journal.reset()
        self.limiter.reset()
        self.faults.reset()


_VALIDATOR: RequestValidator | None = None


def _shared_validator() -> RequestValidator:
    """One compiled validator per process: it depends only on openapi.yaml, never on settings."""
    global _VALIDATOR
    if _VALIDATOR is None:
        _VALIDATOR = RequestValidator(bundled())
    return _VALIDATOR


def build_state(settings: Settings) -> MockState:
    entries = list(settings.memories)
    if settings.memories_file is not None:
        entries = load_fixture_file(settings.memories_file) + entries
    validator = _shared_validator()
    spec = validator.spec
    scope_fields = spec.scope_fields()
    fixture = build_fixture(
        entries,
        seed=settings.seed,
        org_id=settings.org_id,
        project_id=settings.project_id,
        id_fields=scope_fields,
    )
    store = Store(
        seed=settings.seed,
        max_memories_per_scope=settings.max_memories_per_scope,
        max_scopes=settings.max_scopes,
        max_events=settings.max_events,
        max_store_chars=settings.max_store_chars,
        clock=LogicalClock(settings.today, real=settings.real_clock),
        fixture=fixture,
    )
    return MockState(
        settings=settings,
        spec=spec,
        validator=validator,
        store=store,
        queue=EventQueue(store),
        journal=Journal(settings.journal_size, settings.journal_max_bytes),
        limiter=RateLimiter(settings.rate_limit_per_minute),
        faults=FaultPlan(settings.seed, settings.fault_rate, max_channels=settings.max_scopes + 16),
        keys=frozenset(settings.api_keys),
        add_defaults=spec.body_defaults(ADD_OPERATION),
        body_defaults={
            op_id: _defaults(spec, op_id)
            for op_id, op in spec.operations.items()
            if op.body_schema is not None
        },
        scope_fields=scope_fields,
        scope_names=(*TENANT_FIELDS, *scope_fields),
        verdicts=RecentVerdicts(validator),
        entity_fields={
            word: f"{word}_id"
            for parameter in spec.operation("deleteEntity").parameters
            if parameter.name == "entity_type"
            for word in parameter.schema["enum"]
            if f"{word}_id" in scope_fields
        },
    )


def _defaults(spec: Spec, operation_id: str) -> dict[str, Any]:
    """A body's declared defaults, its `allOf` parts' included (the search options)."""
    schema = spec.request_schema(operation_id)
    found: dict[str, Any] = {}
    for part in [*schema.get("allOf", []), schema]:
        for name, prop in spec.resolve(part).get("properties", {}).items():
            prop = spec.resolve(prop)
            if "default" in prop:
                found[name] = prop["default"]
    return found
