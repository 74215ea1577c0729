"""What `@pytest.mark.mem0_mock(...)` asks of the mock, checked before any server starts.

Standard library only: the plugin imports this module while pytest starts, so it must stay cheap.
Which error statuses can be forced is read from the contract when a test asks for `fail=`, never
written down here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MARKER = "mem0_mock"
CONTRACT_MARKER = "mem0_contract"  # carried by every item of --mem0-contract-url
MARKER_HELP = (
    "mem0_mock(seed=0, latency_ms=0, memories=None, fail=None): configure the mem0_mock and "
    "mem0_mock_app fixtures for this test (see docs/PYTEST_PLUGIN.md)"
)


class MarkerError(ValueError):
    """A `mem0_mock` marker argument is unknown or has the wrong form; the message says which."""


@dataclass(frozen=True)
class MockConfig:
    """One configuration of the mock; tests with equal configurations share one server.

    `memories` is what the mock starts from: a fixture file, or the file's entries inline (kept as
    JSON text so the configuration stays hashable); `fail` is the status every contract request
    gets.
    """

    seed: int = 0
    latency_ms: int = 0
    memories_path: Path | None = None
    memories_json: str | None = None
    fail: int | None = None

    @property
    def is_default(self) -> bool:
        return self == MockConfig()


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
    valid = ("fail", "latency_ms", "memories", "seed")
    unknown = sorted(set(kwargs) - set(valid))
    if unknown:
        raise MarkerError(
            f"@pytest.mark.{MARKER}: unknown argument(s) {', '.join(unknown)}; "
            f"valid: {', '.join(valid)}"
        )
    seed = _non_negative_int("seed", kwargs.get("seed", 0))
    latency_ms = _non_negative_int("latency_ms", kwargs.get("latency_ms", 0))
    memories_path, memories_json = _memories(kwargs.get("memories"), test_dir)
    fail = _fail(kwargs.get("fail"))
    return MockConfig(seed, latency_ms, memories_path, memories_json, fail)


def _non_negative_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MarkerError(
            f"@pytest.mark.{MARKER}: {name} must be a non-negative int, not {value!r}"
        )
    return value


def _memories(value: object, test_dir: Path) -> tuple[Path | None, str | None]:
    if value is None:
        return None, None
    if isinstance(value, str | Path):
        path = test_dir / value  # an absolute `value` stays as it is
        if not path.is_file():
            raise MarkerError(
                f"@pytest.mark.{MARKER}: memories file {str(value)!r} does not exist "
                f"(looked for {path})"
            )
        return path.resolve(), None
    if isinstance(value, dict) and "memories" in value:
        value = value["memories"]  # a fixture file's whole content
    if isinstance(value, list | tuple) and all(isinstance(entry, dict) for entry in value):
        try:
            return None, json.dumps(list(value), sort_keys=True)
        except (TypeError, ValueError) as error:
            raise MarkerError(
                f"@pytest.mark.{MARKER}: memories must be JSON-serialisable ({error})"
            ) from None
    raise MarkerError(
        f"@pytest.mark.{MARKER}: memories must be a path to a fixture file, the file's content, "
        f"or its list of memory entries (dicts), not {type(value).__name__}"
    )


def _fail(value: object) -> int | None:
    """`fail=429`: every contract request is answered with that documented error."""
    if value is None:
        return None
    documented = documented_errors()
    statuses = sorted({status for codes in documented.values() for status in codes})
    if isinstance(value, bool) or not isinstance(value, int) or value not in statuses:
        raise MarkerError(
            f"@pytest.mark.{MARKER}: fail must be an error status the contract documents "
            f"({', '.join(map(str, statuses))}), not {value!r}"
        )
    return value


def documented_errors() -> dict[str, tuple[int, ...]]:
    """'METHOD /path/' -> the error statuses (4xx/5xx) the contract documents for it."""
    from mem0spec import load_spec  # the YAML parse happens only when a test asks for fail=

    errors: dict[str, tuple[int, ...]] = {}
    for path, item in load_spec()["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = sorted(int(code) for code in operation["responses"] if str(code)[0] in "45")
            errors[f"{method.upper()} {path}"] = tuple(codes)
    return errors
