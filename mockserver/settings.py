"""The mock's one configuration object, built at the edge (CLI, pytest plugin) and passed down.

Nothing below this module reads the environment or the command line: everything the mock does is
decided by a `Settings` value, so two servers with equal settings behave identically.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mockserver.errors import MockServerError

__all__ = ["DEFAULT_API_KEY", "Settings", "SettingsError"]

DEFAULT_API_KEY = "mock-key"


class SettingsError(MockServerError, ValueError):
    """A setting is unknown or out of range; the message names it and what is allowed."""


@dataclasses.dataclass(frozen=True)
class Settings:
    """How one mock server behaves.

    Example:
        >>> Settings(seed=7, api_keys=("k1", "k2")).seed
        7
        >>> Settings.from_mapping({"seed": 1, "latency_ms": 5}).latency_ms
        5
    """

    # Ids are derived from the seed: same seed + same requests = the same bytes.
    seed: int = 0
    # Keys accepted in `Authorization: Token <key>`; every key belongs to the one org/project below.
    api_keys: tuple[str, ...] = (DEFAULT_API_KEY,)
    org_id: str = "org_mock"
    project_id: str = "proj_mock"
    user_email: str = "dev@mock.local"
    # Bodies above this many bytes get 413 before they are read whole.
    max_body_bytes: int = 1_048_576
    # Added to every answer of a contract operation (Prefer: delay=N adds to it).
    latency_ms: int = 0
    # Fraction of valid requests answered 500, chosen deterministically from the seed.
    fault_rate: float = 0.0
    # Requests per minute and key; None = unlimited. Over it: 429 with Retry-After.
    rate_limit_per_minute: int | None = None
    # Every status code listed here is forced on every contract request (after auth), like
    # sending `Prefer: code=N` each time; None = off.
    force_status: int | None = None
    # Forget everything after each request: every add sees an empty scope.
    stateless: bool = False
    # A JSON fixture of memories to start from (format in docs/MOCK.md) ...
    memories_file: Path | None = None
    # ... and/or the same entries inline (what the file's "memories" list holds).
    memories: tuple[Mapping[str, Any], ...] = dataclasses.field(default=(), hash=False)
    # Bounds that keep memory use flat (eviction rules in docs/MOCK.md).
    max_memories_per_scope: int = 1_000
    max_scopes: int = 10_000
    max_events: int = 10_000
    max_store_chars: int = 256 * 1_048_576
    journal_size: int = 1_000
    journal_max_bytes: int = 64 * 1_048_576
    # Origins allowed by CORS; () turns CORS off.
    cors_origins: tuple[str, ...] = ("*",)
    # Serve the /_mock/ inspection API.
    inspection: bool = True
    # The date used for expiration_date; real_clock=True uses the machine's date instead.
    today: datetime.date = datetime.date(2026, 1, 1)
    real_clock: bool = False

    def __post_init__(self) -> None:
        _check(self)

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(field.name for field in dataclasses.fields(cls))

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Settings:
        """Settings from a mapping (a pytest marker's kwargs, a config file); unknown names fail."""
        unknown = sorted(set(values) - set(cls.field_names()))
        if unknown:
            raise SettingsError(
                f"Unknown mock setting(s): {', '.join(unknown)}. "
                f"Valid settings: {', '.join(sorted(cls.field_names()))}."
            )
        return cls(**_coerce(dict(values)))

    def replace(self, **changes: Any) -> Settings:
        """A copy with some settings changed; unknown names fail like `from_mapping`."""
        merged = {field: getattr(self, field) for field in self.field_names()}
        unknown = sorted(set(changes) - set(merged))
        if unknown:
            return self.from_mapping(changes)  # raises, naming the unknown ones
        merged.update(changes)
        return type(self).from_mapping(merged)

    def current_date(self) -> datetime.date:
        """The date that decides whether a memory has expired."""
        return datetime.date.today() if self.real_clock else self.today


def _coerce(values: dict[str, Any]) -> dict[str, Any]:
    """Accept the loose forms a user writes (a list for a tuple, a str for a path or a date)."""
    for name in ("api_keys", "cors_origins", "memories"):
        if isinstance(values.get(name), list):
            values[name] = tuple(values[name])
    if isinstance(values.get("api_keys"), str):
        values["api_keys"] = (values["api_keys"],)
    if isinstance(values.get("memories_file"), str):
        values["memories_file"] = Path(values["memories_file"])
    if isinstance(values.get("today"), str):
        try:
            values["today"] = datetime.date.fromisoformat(values["today"])
        except ValueError:
            raise SettingsError(
                f"today must be a date YYYY-MM-DD, not {values['today']!r}."
            ) from None
    return values


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise SettingsError(message)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check(settings: Settings) -> None:
    _require(_is_int(settings.seed), f"seed must be an integer, not {settings.seed!r}.")
    keys = settings.api_keys
    _require(
        isinstance(keys, tuple) and bool(keys) and all(isinstance(k, str) for k in keys),
        "api_keys must be a non-empty tuple of strings.",
    )
    for key in keys:
        _require(
            bool(key) and key == key.strip() and " " not in key and key.isprintable(),
            f"API key {key[:4]!r}... must be non-empty, printable and contain no spaces.",
        )
    for name in ("org_id", "project_id"):
        value = getattr(settings, name)
        _require(isinstance(value, str) and bool(value), f"{name} must be a non-empty string.")
    _require(isinstance(settings.user_email, str), "user_email must be a string.")
    for name, low in (
        ("max_body_bytes", 1),
        ("latency_ms", 0),
        ("max_memories_per_scope", 1),
        ("max_scopes", 1),
        ("max_events", 1),
        ("max_store_chars", 1),
        ("journal_size", 0),
        ("journal_max_bytes", 0),
    ):
        value = getattr(settings, name)
        _require(_is_int(value) and value >= low, f"{name} must be an integer >= {low}.")
    rate = settings.fault_rate
    _require(
        isinstance(rate, int | float) and not isinstance(rate, bool) and math.isfinite(rate),
        "fault_rate must be a number between 0 and 1.",
    )
    _require(0.0 <= rate <= 1.0, f"fault_rate must be between 0 and 1, not {rate}.")
    limit = settings.rate_limit_per_minute
    _require(
        limit is None or (_is_int(limit) and limit >= 1),
        "rate_limit_per_minute must be None or an integer >= 1.",
    )
    forced = settings.force_status
    _require(
        forced is None or (_is_int(forced) and 400 <= forced <= 599),
        "force_status must be None or an error status (400-599) the contract documents.",
    )
    _require(
        settings.memories_file is None or isinstance(settings.memories_file, Path),
        "memories_file must be a path or None.",
    )
    _require(
        isinstance(settings.memories, tuple)
        and all(isinstance(entry, Mapping) for entry in settings.memories),
        "memories must be a tuple of mappings (the entries of a fixture file).",
    )
    _require(
        isinstance(settings.cors_origins, tuple)
        and all(isinstance(o, str) and o for o in settings.cors_origins),
        "cors_origins must be a tuple of non-empty strings (or () to turn CORS off).",
    )
    _require(
        isinstance(settings.today, datetime.date)
        and not isinstance(settings.today, datetime.datetime),
        "today must be a datetime.date.",
    )
    for name in ("stateless", "inspection", "real_clock"):
        _require(isinstance(getattr(settings, name), bool), f"{name} must be True or False.")
