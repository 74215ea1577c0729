"""Memories to start from: a JSON fixture file, or its entries inline (format in docs/MOCK.md).

Each entry is validated field by field (a `FixtureError` names the entry and the field) and becomes
a stored memory of its scope; without a `subject`, the extractor's subject for that exact text is
used, so later adds UPDATE or DELETE a fixture's memory as they would one they added.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mockserver.errors import MockServerError
from mockserver.memory.extract import Fact, extract
from mockserver.memory.model import StoredMemory
from mockserver.state.ids import derive_id
from mockserver.state.store import TENANT_FIELDS, ScopeKey

__all__ = ["FixtureError", "build_fixture", "load_fixture_file"]

_MEMORY_FIELDS = (
    "id",
    "memory",
    "subject",
    "immutable",
    "expiration_date",
    "categories",
    "metadata",
)


class FixtureError(MockServerError, ValueError):
    """A memories fixture is malformed; the message names the entry and the field."""


def load_fixture_file(path: Path) -> list[Mapping[str, Any]]:
    """The entries of a fixture file: `{"memories": [...]}` or a bare list, as JSON."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise FixtureError(f"Cannot read the memories file {path}: {error.strerror}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FixtureError(f"The memories file {path} is not valid JSON: {error}.") from None
    entries = document.get("memories") if isinstance(document, dict) else document
    if not isinstance(entries, list):
        raise FixtureError(
            f'The memories file {path} must hold a list of memories or {{"memories": [...]}}.'
        )
    return entries


def build_fixture(
    entries: Sequence[Any],
    *,
    seed: int,
    org_id: str,
    project_id: str,
    id_fields: Sequence[str],
) -> list[tuple[ScopeKey, StoredMemory]]:
    """Validate fixture entries and turn them into stored memories (format in docs/MOCK.md).
    `id_fields` are the add's scope ids (user_id, agent_id, ...), as read from the spec."""
    valid = frozenset((*_MEMORY_FIELDS, *TENANT_FIELDS, *id_fields))
    built: list[tuple[ScopeKey, StoredMemory]] = []
    seen: set[tuple[ScopeKey, str]] = set()
    for index, entry in enumerate(entries):
        where = f"memories[{index}]"
        if not isinstance(entry, Mapping):
            raise FixtureError(f"{where} must be an object.")
        unknown = sorted(set(entry) - valid)
        if unknown:
            raise FixtureError(
                f"{where} has unknown field(s) {', '.join(unknown)}; "
                f"valid fields: {', '.join(sorted(valid))}."
            )
        key = _fixture_scope(entry, where, (org_id, project_id), id_fields)
        text = entry.get("memory")
        if not isinstance(text, str) or not text:
            raise FixtureError(f"{where}.memory must be a non-empty string.")
        memory_id = entry.get("id") or derive_id(seed, "fixture", key, index, text)
        if not isinstance(memory_id, str):
            raise FixtureError(f"{where}.id must be a string.")
        if (key, memory_id) in seen:
            raise FixtureError(f"{where}.id {memory_id!r} is used twice in the same scope.")
        seen.add((key, memory_id))
        built.append((key, _fixture_memory(entry, where, memory_id, text)))
    return built


def _fixture_scope(
    entry: Mapping[str, Any], where: str, tenant: tuple[str, str], id_fields: Sequence[str]
) -> ScopeKey:
    for name in (*TENANT_FIELDS, *id_fields):
        if entry.get(name) is not None and not isinstance(entry[name], str):
            raise FixtureError(f"{where}.{name} must be a string or null.")
    ids = [entry.get(name) or None for name in id_fields]
    if not any(ids):
        raise FixtureError(f"{where} needs at least one of {', '.join(id_fields)}.")
    tenant_ids = [
        entry.get(name) or default for name, default in zip(TENANT_FIELDS, tenant, strict=True)
    ]
    return (*tenant_ids, *ids)


def _fixture_memory(
    entry: Mapping[str, Any], where: str, memory_id: str, text: str
) -> StoredMemory:
    expires = entry.get("expiration_date")
    if expires is not None:
        try:
            expires = datetime.date.fromisoformat(expires)
        except (TypeError, ValueError):
            raise FixtureError(
                f"{where}.expiration_date must be a date YYYY-MM-DD or null."
            ) from None
    categories = entry.get("categories", [])
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise FixtureError(f"{where}.categories must be a list of strings.")
    metadata = entry.get("metadata")
    if metadata is not None and not isinstance(metadata, Mapping):
        raise FixtureError(f"{where}.metadata must be an object or null.")
    immutable = entry.get("immutable", False)
    if not isinstance(immutable, bool):
        raise FixtureError(f"{where}.immutable must be true or false.")
    guessed, topics = _guess(text)
    subject = entry.get("subject", guessed)
    if subject is not None and not isinstance(subject, str):
        raise FixtureError(f"{where}.subject must be a string or null.")
    return StoredMemory(
        id=memory_id,
        memory=text,
        subject=subject,
        immutable=immutable,
        expiration_date=expires,
        categories=tuple(categories),
        metadata=metadata,
        topics=topics,
    )


def _guess(text: str) -> tuple[str | None, frozenset[str]]:
    """The subject and topics the extractor gives this exact fact, so later adds can UPDATE or
    DELETE it and search finds it by topic."""
    for statement in extract(text):
        if isinstance(statement, Fact) and statement.text.casefold() == text.casefold():
            return statement.subject, statement.topics
    return None, frozenset()
