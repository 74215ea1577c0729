"""The server under test: where it is, its key, and an HTTP session that honours 429 Retry-After.

`Target` is the one frozen settings value every check receives. `Session` sends requests, records
each one as an `Exchange` (so any failure can be shown as a curl command with the key redacted) and
waits out rate limiting instead of failing, as a shared deployment requires.
"""

from __future__ import annotations

import json
import shlex
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import urlsplit

import httpx

from contracts.errors import ConfigurationError
from contracts.profiles import profile_named

KEY_PLACEHOLDER = "$MEM0_API_KEY"
# Headers curl sets by itself; leaving them out keeps the reproduction short.
_NOISE_HEADERS = frozenset(
    {"content-length", "host", "accept-encoding", "connection", "user-agent"}
)
_NO_JSON = object()


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

    def __post_init__(self) -> None:
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigurationError(
                f"base URL {self.base_url!r} is not an http(s) URL such as http://127.0.0.1:8000"
            )
        if not self.api_key:
            raise ConfigurationError("the API key is empty; pass the key the server accepts")
        profile_named(self.profile)

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path


@dataclass(frozen=True)
class Exchange:
    """One request and its response, as sent and as received."""

    method: str
    url: str
    request_headers: dict[str, str]
    request_body: bytes
    status: int
    headers: Mapping[str, str]
    body: bytes
    api_key: str = field(repr=False)

    def json(self, default: Any = _NO_JSON) -> Any:
        """The parsed body; `default` (or ValueError) when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            if default is _NO_JSON:
                raise
            return default

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def excerpt(self, limit: int = 300) -> str:
        text = self.body.decode("utf-8", errors="replace")
        return text if len(text) <= limit else text[:limit] + "..."

    def curl(self) -> str:
        return render_curl(
            self.method, self.url, self.request_headers, self.request_body, self.api_key
        )


def render_curl(
    method: str, url: str, headers: Mapping[str, str], body: bytes | None, api_key: str
) -> str:
    """A runnable curl command; the real key is replaced by `$MEM0_API_KEY`."""
    parts = ["curl", "-X", method, shlex.quote(url)]
    for name, value in headers.items():
        if name.lower() in _NOISE_HEADERS:
            continue
        line = f"{name}: {value}"
        if api_key and api_key in line:
            escaped = line.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
            escaped = escaped.replace(api_key.replace("$", "\\$"), KEY_PLACEHOLDER)
            parts += ["-H", f'"{escaped}"']
        else:
            parts += ["-H", shlex.quote(line)]
    if body:
        text = body.decode("utf-8", errors="replace")
        if api_key:
            text = text.replace(api_key, "<redacted>")
        parts += ["--data-raw", shlex.quote(text)]
    return " ".join(parts)


VALID = "valid"


class Session:
    """HTTP to the target, with the key, 429 handling and a count of requests sent.

    `on_throttled` is called with every 429 exchange before the wait, so checks can judge its
    headers (`Retry-After` and `X-RateLimit-*` are required by the contract).
    """

    def __init__(
        self,
        target: Target,
        on_throttled: Callable[[Exchange], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.target = target
        self.requests = 0
        self._on_throttled = on_throttled
        self._sleep = sleep
        self._client = _client_for(target)

    def close(self) -> None:
        self._client.close()

    def send(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = _NO_JSON,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        auth: str | None = VALID,
    ) -> Exchange:
        """Send one request. `auth`: the Authorization value; `VALID` = `Token <key>`, None = none.

        Raises httpx.TransportError when the server cannot be reached.
        """
        all_headers = {"Accept": "application/json"}
        if auth is not None:
            all_headers["Authorization"] = f"Token {self.target.api_key}" if auth == VALID else auth
        if json_body is not _NO_JSON:
            content = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        waited: float | None = 0.0
        while True:
            exchange = self._send_once(method, path, all_headers, content)
            if exchange.status != 429:
                return exchange
            waited = self.wait_out(exchange, waited or 0.0)
            if waited is None:
                return exchange

    def wait_out(self, throttled: Exchange, waited: float) -> float | None:
        """Judge a 429 and sleep its Retry-After; the total waited, or None past the budget."""
        if self._on_throttled is not None:
            self._on_throttled(throttled)
        delay = retry_after_seconds(throttled.headers)
        if waited + delay > self.target.max_throttle_wait:
            return None
        self._sleep(delay)
        return waited + delay

    def _send_once(
        self, method: str, path: str, headers: dict[str, str], content: bytes | None
    ) -> Exchange:
        url = self.target.url(path)
        self.requests += 1
        response = self._client.request(method, url, headers=headers, content=content)
        return Exchange(
            method=method,
            url=url,
            request_headers=dict(headers),
            request_body=content or b"",
            status=response.status_code,
            headers=response.headers,
            body=response.content,
            api_key=self.target.api_key,
        )


def retry_after_seconds(headers: Mapping[str, str]) -> float:
    """The wait a 429 asks for; one second when it does not say (a contract breach reported
    elsewhere, but no reason to hammer the server)."""
    value = headers.get("retry-after", "")
    return float(value) if value.isdigit() else 1.0


def _client_for(target: Target) -> httpx.Client:
    if target.app is None:
        return httpx.Client(timeout=target.timeout, follow_redirects=False)
    # In-process: Starlette's TestClient is an httpx.Client whose transport calls the ASGI app.
    from starlette.testclient import TestClient

    # (cast: mypy does not see TestClient's httpx.Client base through Starlette's optional import)
    client = TestClient(
        target.app,
        base_url=target.base_url,
        raise_server_exceptions=False,
        follow_redirects=False,
    )
    return cast(httpx.Client, client)
