"""HTTP to the target: every request recorded as an `Exchange`, every 429 waited out.

A shared deployment rate-limits; a suite that failed on the first 429 would judge the limiter, not
the contract. So each 429 is handed to a judge (its `Retry-After` and `X-RateLimit-*` headers are
part of the contract), then waited out and retried, up to `Target.max_throttle_wait` per request.
Both layers retry through `Session.retrying`: the rule layer's own requests and Schemathesis' cases.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import httpx

from contracts.curl import render_curl
from contracts.masking import BODY, mask
from contracts.target import Target

_NO_JSON = object()
# `Session.send(json_body=NO_BODY)` (the default): the request has no JSON body.
NO_BODY: Any = object()
VALID = "valid"  # `Session.send(auth=VALID)`: the target's own key, as `Token <key>`
Sent = TypeVar("Sent")


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
        """The response body as text, the key masked where it stands, cut at `limit`."""
        text = mask(self.api_key, self.body.decode("utf-8", errors="replace"), BODY)
        return text if len(text) <= limit else text[:limit] + "..."

    def curl(self) -> str:
        return render_curl(
            self.method, self.url, self.request_headers, self.request_body, self.api_key
        )


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
        on_sent: Callable[[], None] | None = None,
    ) -> None:
        self.target = target
        self.requests = 0
        self._on_throttled = on_throttled
        self._on_sent = on_sent
        self._sleep = sleep
        self._client = _client_for(target)

    def close(self) -> None:
        self._client.close()

    def send(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = NO_BODY,
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
        if json_body is not NO_BODY:
            content = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        return self.retrying(
            lambda: self._send_once(method, path, all_headers, content), lambda sent: sent
        )

    def retrying(
        self, send_once: Callable[[], Sent], exchange_of: Callable[[Sent], Exchange]
    ) -> Sent:
        """Call `send_once` (counting each call) until its answer is not a 429, waiting each 429
        out; the last 429 is returned as it is once the next wait would pass the budget."""
        waited = 0.0
        while True:
            self.requests += 1
            if self._on_sent is not None:
                self._on_sent()
            sent = send_once()
            exchange = exchange_of(sent)
            if exchange.status != 429:
                return sent
            if self._on_throttled is not None:
                self._on_throttled(exchange)
            delay = retry_after_seconds(exchange.headers)
            if waited + delay > self.target.max_throttle_wait:
                return sent
            self._sleep(delay)
            waited += delay

    def _send_once(
        self, method: str, path: str, headers: dict[str, str], content: bytes | None
    ) -> Exchange:
        url = self.target.url(path)
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
    return float(value) if value.isascii() and value.isdigit() and len(value) < 10 else 1.0


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
