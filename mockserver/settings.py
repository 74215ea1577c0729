"""The mock's one configuration object, built at the edge (CLI, pytest plugin) and passed down.

Nothing below this module reads the environment or the command line: everything the mock does is
decided by a `Settings` value, so two servers with equal settings behave identically.

Each setting is declared once, as a field of `Settings` made by `setting(...)`: its default, its
bounds, its `mem0-kit mock` flag (section, metavar, help) and its row of the docs/MOCK.md table.
`setting_options()` lists those declarations; `mockserver.cli` builds the flags, reads them back
and renders the table from it. To add a setting, add a field here: nothing else lists them.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mockserver.errors import MockServerError
from mockserver.setting_options import (
    FOR_TESTS,
    MISBEHAVES,
    REMEMBERS,
    WHO,
    Option,
    parse_date,
    parse_fraction,
    setting,
)

__all__ = ["DEFAULT_API_KEY", "Settings", "SettingsError", "setting_options"]

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

    # -- who may call it: `Authorization: Token <key>`; every key belongs to one org and project
    api_keys: tuple[str, ...] = setting(
        (DEFAULT_API_KEY,),
        flag="--api-key",
        group=WHO,
        metavar="KEY",
        help="accepted key, repeatable",
        env="MEM0_MOCK_API_KEYS",  # keeps keys out of the shell's history
        docs="accepted keys",
    )
    org_id: str = setting(
        "org_mock",
        flag="--org-id",
        group=WHO,
        help="org of every key (%(default)s)",
        docs="org of every key (ping answers it; the default scope of adds)",
    )
    project_id: str = setting(
        "proj_mock",
        flag="--project-id",
        group=WHO,
        help="project of every key (%(default)s)",
        docs="project of every key (ping answers it; the default scope of adds)",
    )
    user_email: str = setting(
        "dev@mock.local",
        flag="--user-email",
        group=WHO,
        help="email GET /v1/ping/ returns",
        docs="what ping answers",
    )

    # -- what it remembers
    # Ids are derived from the seed: same seed + same requests = the same bytes.
    seed: int = setting(
        0,
        flag="--seed",
        group=REMEMBERS,
        parse=int,
        help="seed of every id (default: %(default)s)",
        docs="seed of every id",
    )
    memories_file: Path | None = setting(  # noqa: RUF009 (a dataclasses.field, as the others)
        None,
        flag="--memories",
        group=REMEMBERS,
        metavar="FILE",
        parse=Path,
        help="JSON fixture to start from",
        docs="fixture to start from (format below)",
    )
    # Not hashed: the entries are dicts. Two settings differing only here hash alike, yet differ.
    memories: tuple[Mapping[str, Any], ...] = setting(
        (),
        hash=False,
        docs="the same entries inline (what a fixture file's `memories` list holds)",
    )
    stateless: bool = setting(
        False,
        flag="--stateless",
        group=REMEMBERS,
        help="remember nothing between requests",
        docs="every add sees an empty scope and nothing is kept",
    )
    # Bounds that keep memory use flat (eviction rules in docs/MOCK.md).
    max_memories_per_scope: int = setting(
        1_000,
        flag="--max-memories-per-scope",
        group=REMEMBERS,
        metavar="N",
        parse=int,
        help="oldest memories are evicted beyond N (default: %(default)s)",
        docs="oldest memories evicted beyond N",
        at_least=1,
    )
    max_scopes: int = setting(
        10_000,
        flag="--max-scopes",
        group=REMEMBERS,
        metavar="N",
        parse=int,
        help="adds to scope N+1 get 429 until reset (default: %(default)s)",
        docs="adds that would create scope N+1 get 429 until reset",
        at_least=1,
    )
    max_events: int = setting(
        10_000,
        flag="--max-events",
        group=REMEMBERS,
        metavar="N",
        parse=int,
        help="queued-add outcomes kept for GET /v1/event/ (default: %(default)s)",
        docs="queued-add outcomes kept (oldest forgotten first)",
        at_least=1,
    )
    max_store_chars: int = setting(
        256 * 1_048_576,
        flag="--max-store-chars",
        group=REMEMBERS,
        metavar="N",
        parse=int,
        help="characters of memory text kept in all; adds past it get 429 (default: %(default)s)",
        docs="characters of memory text kept in all; adds that could pass it get 429 until reset",
        at_least=1,
        docs_default="256 Mi",
    )
    # The work one add may cause: its retractions' checks of memories (each found by an index,
    # so ordinary adds make a handful), bounded so no request can keep a core busy for minutes.
    max_add_checks: int = setting(
        1_000_000,
        flag="--max-add-checks",
        group=REMEMBERS,
        metavar="N",
        parse=int,
        help="memories one add's retractions may look at; past it 413 (default: %(default)s)",
        docs="memories one add's retractions may look at (each found by an index); past it 413",
        at_least=1,
        docs_default="1,000,000",
    )
    today: datetime.date = setting(  # noqa: RUF009 (a dataclasses.field, as the others)
        datetime.date(2026, 1, 1),
        flag="--today",
        group=REMEMBERS,
        metavar="DATE",
        parse=parse_date,
        help="date that expires memories (default: %(default)s)",
        docs="date that decides whether a memory has expired",
    )
    real_clock: bool = setting(
        False,
        flag="--real-clock",
        group=REMEMBERS,
        help="use today's real date instead",
        docs="use the machine's date instead of `--today`",
    )

    # -- how it misbehaves
    latency_ms: int = setting(
        0,
        flag="--latency-ms",
        group=MISBEHAVES,
        metavar="MS",
        parse=int,
        help="delay before every answer (default: %(default)s)",
        docs="wait before every answer of a contract operation",
        at_least=0,
    )
    fault_rate: float = setting(
        0.0,
        flag="--fault-rate",
        group=MISBEHAVES,
        metavar="P",
        parse=parse_fraction,
        help="fraction 0..1 of valid requests answered 500, seeded (default: %(default)s)",
        docs="fraction 0..1 of valid requests answered 500 (seeded, see below)",
    )
    rate_limit_per_minute: int | None = setting(
        None,
        flag="--rate-limit",
        group=MISBEHAVES,
        metavar="N",
        parse=int,
        help="requests per minute and key, then 429 (default: unlimited)",
        docs="requests per minute and key, then 429",
        docs_default="unlimited",
    )
    # Forced on every contract request (after auth), like sending `Prefer: code=N` each time.
    force_status: int | None = setting(
        None,
        flag="--force-status",
        group=MISBEHAVES,
        metavar="CODE",
        parse=int,
        help="answer every request with this documented error (e.g. 503)",
        docs="answer every request with this error, on operations that document it",
        docs_default="off",
    )
    # Bodies above this many bytes get 413 before they are read whole.
    max_body_bytes: int = setting(
        1_048_576,
        flag="--max-body-bytes",
        group=MISBEHAVES,
        metavar="N",
        parse=int,
        help="larger bodies get 413 (default: %(default)s)",
        docs="larger bodies get 413",
        at_least=1,
    )
    # The HTTP edge (mockserver/http/limits.py): httptools bounds no head and no wait itself.
    max_head_bytes: int = setting(
        65_536,
        flag="--max-head-bytes",
        group=MISBEHAVES,
        metavar="N",
        parse=int,
        help="larger request heads (request line and headers) get 431 (default: %(default)s)",
        docs="larger request heads (request line and headers) get 431, connection closed",
        at_least=1_024,
        docs_default="64 KiB",
    )
    max_headers: int = setting(
        100,
        flag="--max-headers",
        group=MISBEHAVES,
        metavar="N",
        parse=int,
        help="requests with more header lines get 431 (default: %(default)s)",
        docs="requests with more header lines get 431, connection closed",
        at_least=8,
    )
    head_timeout_s: int = setting(
        10,
        flag="--head-timeout",
        group=MISBEHAVES,
        metavar="S",
        parse=int,
        help="seconds a request head may take to arrive, then 408 (default: %(default)s)",
        docs="seconds a connection may take to send its request head, then 408 (closed quietly "
        "if it sent nothing)",
        at_least=1,
    )
    body_timeout_s: int = setting(
        30,
        flag="--body-timeout",
        group=MISBEHAVES,
        metavar="S",
        parse=int,
        help="seconds a request body may take after its head, then 408 (default: %(default)s)",
        docs="seconds a request body may take to arrive after its head, then 408",
        at_least=1,
    )
    max_connections: int = setting(
        1_000,
        flag="--max-connections",
        group=MISBEHAVES,
        metavar="N",
        parse=int,
        help="open connections; past it the one longest waiting on its client is closed, or "
        "the new one gets 503 (default: %(default)s)",
        docs="open connections held; a new one past it closes the connection that has waited "
        "longest on its client (408), or gets 503 when every one is being answered",
        at_least=1,
    )

    # -- for browsers and tests
    cors_origins: tuple[str, ...] = setting(
        ("*",),
        flag="--cors-origin",
        env="MEM0_MOCK_CORS_ORIGINS",
        group=FOR_TESTS,
        metavar="ORIGIN",
        help="origin allowed on the contract's paths, repeatable (default: *)",
        docs="browser origins allowed on the contract's paths (`/_mock/` has its own list)",
    )
    # `/_mock/` is same-origin unless a dev UI on another origin is named here: its answers hold
    # every request body and stored memory, which no other page the developer visits may read.
    inspection_origins: tuple[str, ...] = setting(
        (),
        flag="--inspection-origin",
        env="MEM0_MOCK_INSPECTION_ORIGINS",
        group=FOR_TESTS,
        metavar="ORIGIN",
        help="origin whose pages may call /_mock/, repeatable (default: none, same-origin only)",
        docs="browser origins (beside the mock's own) whose pages may call `/_mock/`",
        docs_default="none",
    )
    # DNS rebinding: a page on evil.example resolving to 127.0.0.1 is same-origin with the mock.
    allowed_hosts: tuple[str, ...] = setting(
        (),
        flag="--allowed-host",
        env="MEM0_MOCK_ALLOWED_HOSTS",
        group=FOR_TESTS,
        metavar="NAME",
        help="public Host name /_mock/ also answers, repeatable (default: IP addresses, "
        "localhost and names public DNS never answers)",
        docs="public `Host` names `/_mock/` also answers (it always answers IP addresses, "
        "one-label names, special-use domains such as `localhost` or `*.test`, and the "
        "`--host` name)",
        docs_default="none",
    )
    # Off by default beyond loopback: decided by `--host` in `mockserver.cli`.
    inspection: bool = setting(
        True,
        flag="--inspection",
        group=FOR_TESTS,
        help="serve /_mock/ (default: only when bound to a loopback address, since the journal "
        "holds request bodies)",
        docs="serve `/_mock/`; off by default when `--host` is not a loopback address, since the "
        "journal holds request bodies",
        docs_default="on for loopback hosts",
    )
    journal_size: int = setting(
        1_000,
        flag="--journal-size",
        group=FOR_TESTS,
        metavar="N",
        parse=int,
        help="requests kept in /_mock/journal (default: %(default)s)",
        docs="requests kept in `/_mock/journal`",
        at_least=0,
    )
    journal_max_bytes: int = setting(
        64 * 1_048_576,
        flag="--journal-max-bytes",
        group=FOR_TESTS,
        metavar="N",
        parse=int,
        help="body bytes the journal may hold, oldest dropped first (default: %(default)s)",
        docs="request + response body bytes the journal may hold",
        at_least=0,
        docs_default="64 MiB",
    )

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


@functools.cache
def setting_options() -> tuple[Option, ...]:
    """Every setting's declaration, in the order of the fields (= the order of --help)."""
    return tuple(
        dataclasses.replace(field.metadata["option"], name=field.name)
        for field in dataclasses.fields(Settings)
    )


def _coerce(values: dict[str, Any]) -> dict[str, Any]:
    """Accept the loose forms a user writes (a list for a tuple, a str for a path or a date)."""
    for option in setting_options():  # the repeatable settings, as their defaults say
        if isinstance(option.default, tuple) and isinstance(values.get(option.name), list):
            values[option.name] = tuple(values[option.name])
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
        # Header values travel as Latin-1 bytes: any other character can never arrive to match.
        outside = next((char for char in key if ord(char) > 0xFF), None)
        _require(
            outside is None,
            f"API key {key[:4]!r}... holds {outside!r} (U+{ord(outside or ' '):04X}), which no "
            "HTTP header can carry (header values are Latin-1); choose a key of ASCII characters.",
        )
    for name in ("org_id", "project_id"):
        value = getattr(settings, name)
        _require(isinstance(value, str) and bool(value), f"{name} must be a non-empty string.")
    _require(isinstance(settings.user_email, str), "user_email must be a string.")
    for option in setting_options():
        if option.at_least is not None:
            value, low = getattr(settings, option.name), option.at_least
            _require(_is_int(value) and value >= low, f"{option.name} must be an integer >= {low}.")
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
    for name in ("inspection_origins", "allowed_hosts"):
        value = getattr(settings, name)
        _require(
            isinstance(value, tuple) and all(isinstance(item, str) and item for item in value),
            f"{name} must be a tuple of non-empty strings.",
        )
    _require(
        isinstance(settings.today, datetime.date)
        and not isinstance(settings.today, datetime.datetime),
        "today must be a datetime.date.",
    )
    for option in setting_options():
        if isinstance(option.default, bool):
            value = getattr(settings, option.name)
            _require(isinstance(value, bool), f"{option.name} must be True or False.")
