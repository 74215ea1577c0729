"""What `@pytest.mark.mem0_mock(...)` asks of the mock, checked before any server starts.

Standard library only: the plugin imports this module while pytest starts, so it must stay cheap,
and so it cannot read the mock's `Settings`. The marker's arguments are declared once, in
`MARKER_ARGUMENTS` (each names the setting it sets and that setting's default; a test checks both
against `mockserver.Settings`); the marker's help and the server settings are made from it. Which
error statuses can be forced is read from the contract when a test asks for `fail=`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "CONTRACT_MARKER",
    "MARKER",
    "MARKER_ARGUMENTS",
    "MARKER_HELP",
    "MarkerArgument",
    "MarkerError",
    "MockConfig",
    "config_from_marker",
    "documented_errors",
]

MARKER = "mem0_mock"
CONTRACT_MARKER = "mem0_contract"  # carried by every item of --mem0-contract-url


class MarkerError(ValueError):
    """A `mem0_mock` marker argument is unknown or has the wrong form; the message says which."""


@dataclass(frozen=True)
class MarkerArgument:
    """One argument of the marker: the mock setting it sets, that setting's default, and `read`,
    which checks a value (`read(name, value, test_dir)`) and returns the settings it changes."""

    setting: str
    default: Any
    read: Callable[[str, Any, Path], dict[str, Any]]


def _non_negative_int(name: str, value: Any, test_dir: Path) -> dict[str, Any]:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MarkerError(
            f"@pytest.mark.{MARKER}: {name} must be a non-negative int, not {value!r}"
        )
    return {MARKER_ARGUMENTS[name].setting: value}


def _memories(name: str, value: Any, test_dir: Path) -> dict[str, Any]:
    """A fixture file (`memories_file`), or the file's entries inline (`memories`)."""
    if value is None:
        return {}
    if isinstance(value, str | Path):
        path = test_dir / value  # an absolute `value` stays as it is
        if not path.is_file():
            raise MarkerError(
                f"@pytest.mark.{MARKER}: memories file {str(value)!r} does not exist "
                f"(looked for {path})"
            )
        return {MARKER_ARGUMENTS[name].setting: path.resolve()}
    if isinstance(value, dict) and "memories" in value:
        value = value["memories"]  # a fixture file's whole content
    if isinstance(value, list | tuple) and all(isinstance(entry, dict) for entry in value):
        try:
            text = json.dumps(list(value), sort_keys=True)
        except (TypeError, ValueError) as error:
            raise MarkerError(
                f"@pytest.mark.{MARKER}: memories must be JSON-serialisable ({error})"
            ) from None
        # A copy: the test's own dicts never reach the server.
        return {"memories": tuple(json.loads(text))}
    raise MarkerError(
        f"@pytest.mark.{MARKER}: memories must be a path to a fixture file, the file's content, "
        f"or its list of memory entries (dicts), not {type(value).__name__}"
    )


def _fail(name: str, value: Any, test_dir: Path) -> dict[str, Any]:
    """`fail=429`: every contract request is answered with that documented error."""
    if value is None:
        return {}
    documented = documented_errors()
    statuses = sorted({status for codes in documented.values() for status in codes})
    if isinstance(value, bool) or not isinstance(value, int) or value not in statuses:
        raise MarkerError(
            f"@pytest.mark.{MARKER}: fail must be an error status the contract documents "
            f"({', '.join(map(str, statuses))}), not {value!r}"
        )
    return {MARKER_ARGUMENTS[name].setting: value}


# The marker's arguments, in the order its help lists them (and checks them).
MARKER_ARGUMENTS: dict[str, MarkerArgument] = {
    "seed": MarkerArgument("seed", 0, _non_negative_int),
    "latency_ms": MarkerArgument("latency_ms", 0, _non_negative_int),
    "memories": MarkerArgument("memories_file", None, _memories),  # or inline: `memories`
    "fail": MarkerArgument("force_status", None, _fail),
}
MARKER_HELP = (
    f"{MARKER}({', '.join(f'{name}={arg.default!r}' for name, arg in MARKER_ARGUMENTS.items())}): "
    "configure the mem0_mock and mem0_mock_app fixtures for this test (see: mem0-kit docs plugin)"
)


@dataclass(frozen=True, eq=False)
class MockConfig:
    """One configuration of the mock: the settings a marker changes (setting name -> value).

    Tests with equal configurations share one server. Equality and the hash are those of the
    changes' canonical JSON, so a configuration holding inline memory entries (dicts) still keys
    a dict.
    """

    changes: Mapping[str, Any] = field(default_factory=dict)

    def _key(self) -> str:
        return json.dumps(dict(self.changes), sort_keys=True, default=str)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MockConfig) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    @property
    def fail(self) -> int | None:
        """The status every contract request gets (`fail=`), or None."""
        forced: int | None = self.changes.get(MARKER_ARGUMENTS["fail"].setting)
        return forced

    def healthy(self) -> MockConfig:
        """The same seed, nothing forced: a mock that answers (`mem0_client` is built on one)."""
        seed = MARKER_ARGUMENTS["seed"].setting
        return MockConfig({seed: self.changes[seed]} if seed in self.changes else {})


def config_from_marker(
    args: tuple[Any, ...], kwargs: Mapping[str, Any], test_dir: Path
) -> MockConfig:
    """Validate the marker's arguments; unknown names fail loudly and list the valid ones.

    A relative `memories` path is taken from the directory of the test file (`test_dir`), so it
    does not depend on where pytest was started.
    """
    if args:
        raise MarkerError(
            f"@pytest.mark.{MARKER}: takes keyword arguments only (got {len(args)} positional)"
        )
    valid = sorted(MARKER_ARGUMENTS)
    unknown = sorted(set(kwargs) - set(valid))
    if unknown:
        raise MarkerError(
            f"@pytest.mark.{MARKER}: unknown argument(s) {', '.join(unknown)}; "
            f"valid: {', '.join(valid)}"
        )
    changes: dict[str, Any] = {}
    for name, argument in MARKER_ARGUMENTS.items():
        value = kwargs.get(name, argument.default)
        for setting, changed in argument.read(name, value, test_dir).items():
            # An argument given as its default changes nothing: the same server as without it.
            if (setting, changed) != (argument.setting, argument.default):
                changes[setting] = changed
    return MockConfig(changes)


def documented_errors() -> dict[str, tuple[int, ...]]:
    """'METHOD /path/' -> the error statuses (4xx/5xx) the contract documents for it."""
    from mem0spec import bundled  # the YAML parse happens only when a test asks for fail=

    return {op.label: op.error_statuses for op in bundled().operations.values()}
