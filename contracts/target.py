"""The server under test: where it is, its key, how long to wait for it. One frozen value, built at
the edge (the CLI, the pytest plugin) and handed to every check through the `RunContext`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from contracts.errors import ConfigurationError
from contracts.profiles import profile_named


@dataclass(frozen=True)
class Target:
    """A server to judge.

    `base_url` may carry a path prefix (`https://host/mem0`). `run_id` names this run's scopes
    (`mck-<run_id>-...`); leave it `None` for a fresh one per plan, fix it to compare two reports
    byte for byte. `app` is an ASGI application to call in-process instead of over the network.

    Example:
        >>> Target("http://127.0.0.1:8000", "mock-key", seed=7).profile
        'default'
    """

    base_url: str
    api_key: str
    seed: int = 0
    profile: str = "default"
    timeout: float = 10.0
    # The longest total wait for 429 Retry-After on one request before giving up on it.
    max_throttle_wait: float = 60.0
    # How long a queued add may take to reach SUCCEEDED or FAILED.
    event_wait: float = 10.0
    run_id: str | None = None
    app: Any = field(default=None, compare=False, repr=False)
    # Checks run at once on a thread pool (the report keeps plan order); None: 8 over the
    # network, 1 in-process (an ASGI app called through Starlette's TestClient, one at a time).
    workers: int | None = None
    # The whole run's budget in seconds (--max-seconds): no check starts after it, the schema
    # layer sends no more cases; None: no budget.
    max_seconds: float | None = None

    def __post_init__(self) -> None:
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigurationError(
                f"base URL {self.base_url!r} is not an http(s) URL such as http://127.0.0.1:8000"
            )
        if not self.api_key:
            raise ConfigurationError("the API key is empty; pass the key the server accepts")
        profile_named(self.profile)
        if self.workers is not None and self.workers < 1:
            raise ConfigurationError(f"workers must be at least 1, not {self.workers}")
        if not self.event_wait > 0:
            raise ConfigurationError(f"event_wait must be positive seconds, not {self.event_wait}")
        if self.max_seconds is not None and self.max_seconds <= 0:
            raise ConfigurationError(f"max_seconds must be positive, not {self.max_seconds}")

    @property
    def concurrency(self) -> int:
        if self.workers is not None:
            return self.workers
        return 1 if self.app is not None else 8

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path
