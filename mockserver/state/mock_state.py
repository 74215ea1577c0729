"""Everything one app instance owns, built once from `Settings` by `create_app`."""

from __future__ import annotations

import dataclasses
from typing import Any

from mockserver.answers.controls import FaultPlan, RateLimiter
from mockserver.settings import Settings
from mockserver.state.journal import Journal
from mockserver.state.scope_locks import ScopeSerializer
from mockserver.state.store import TENANT_FIELDS, Store, build_fixture, load_fixture_file
from mockserver.validation.schemas import Contract, RecentVerdicts

__all__ = ["MockState", "build_state"]

ADD_OPERATION = "addMemories"


@dataclasses.dataclass
class MockState:
    settings: Settings
    contract: Contract
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
    serializer: ScopeSerializer = dataclasses.field(default_factory=ScopeSerializer)
    # Unhandled exceptions raised while serving, for MockServer.check(); never lost.
    errors: list[BaseException] = dataclasses.field(default_factory=list)

    def reset(self) -> None:
        self.store.reset()
        self.journal.reset()
        self.limiter.reset()
        self.faults.reset()


_CONTRACT: Contract | None = None


def _shared_contract() -> Contract:
    """One compiled contract per process: it depends only on openapi.yaml, never on settings."""
    global _CONTRACT
    if _CONTRACT is None:
        _CONTRACT = Contract()
    return _CONTRACT


def build_state(settings: Settings) -> MockState:
    entries = list(settings.memories)
    if settings.memories_file is not None:
        entries = load_fixture_file(settings.memories_file) + entries
    contract = _shared_contract()
    scope_fields = contract.at_least_one_of(ADD_OPERATION)
    fixture = build_fixture(
        entries,
        seed=settings.seed,
        org_id=settings.org_id,
        project_id=settings.project_id,
        id_fields=scope_fields,
    )
    return MockState(
        settings=settings,
        contract=contract,
        store=Store(
            seed=settings.seed,
            max_memories_per_scope=settings.max_memories_per_scope,
            max_scopes=settings.max_scopes,
            max_events=settings.max_events,
            max_store_chars=settings.max_store_chars,
            fixture=fixture,
        ),
        journal=Journal(settings.journal_size, settings.journal_max_bytes),
        limiter=RateLimiter(settings.rate_limit_per_minute),
        faults=FaultPlan(settings.seed, settings.fault_rate, max_channels=settings.max_scopes + 16),
        keys=frozenset(settings.api_keys),
        add_defaults=contract.body_defaults(ADD_OPERATION),
        scope_fields=scope_fields,
        scope_names=(*TENANT_FIELDS, *scope_fields),
        verdicts=RecentVerdicts(contract),
    )
