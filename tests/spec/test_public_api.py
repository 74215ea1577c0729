"""The contract package's public face: exactly what `mem0spec` exports."""

from __future__ import annotations

import mem0spec


def listed_order(names: list[str]) -> list[str]:
    """The order `__all__` is kept in (ruff's RUF022): CONSTANTS, then Classes, then functions,
    each alphabetically."""
    return sorted(
        names, key=lambda name: (0 if name.isupper() else 1 if name[0].isupper() else 2, name)
    )


def test_the_public_names_are_exactly_these_and_listed_sorted() -> None:
    assert sorted(mem0spec.__all__) == sorted(
        [
            "ADD_OPERATION",
            "SPEC_PATH",
            "TERMINAL_EVENT_STATES",
            "AnswerEvent",
            "Header",
            "Operation",
            "Parameter",
            "Spec",
            "bundled",
            "event_of",
            "events_of",
            "items_of",
            "load_spec",
            "queued_ids_of",
            "resolve",
        ]
    )
    assert mem0spec.__all__ == listed_order(mem0spec.__all__)


def test_every_public_name_is_importable() -> None:
    for name in mem0spec.__all__:
        assert hasattr(mem0spec, name), name
