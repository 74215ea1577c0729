"""The `mem0_mock` fixture's object: a per-test face over a mock server that lives for the session.

Imported only when a test asks for a fixture (it pulls in httpx and, through the pool, the mock).
The face resets the server before the test, answers queries from the mock's inspection API, and
re-raises anything that went wrong inside the server thread in the test that caused it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx

from mem0kit._plugin_journal import (
    Memory,
    RecordedEvent,
    RecordedRequest,
    describe_scope,
    events_in,
    in_scope,
    near_misses,
    request_scope,
    scope_filter,
)

if TYPE_CHECKING:
    from mockserver import MockApp, MockServer, Settings


class Mem0MockServerError(AssertionError):
    """The mock server failed while serving this test (the cause is the original exception)."""

    __module__ = "mem0kit.pytest_plugin"  # where users import it from, shown in reports


class Mem0Mock:
    """A live mock of Mem0 for one test: its `url` and `api_key`, and what it recorded.

    Example:
        def test_remembers_diet(mem0_mock):
            client = MemoryClient(api_key=mem0_mock.api_key, host=mem0_mock.url)
            client.add("I'm vegetarian", user_id="alice", async_mode=False)
            mem0_mock.assert_added("Is vegetarian", user_id="alice")
    """

    def __init__(self, server: MockServer) -> None:
        self._server = server
        self.url: str = server.url
        self.api_key: str = server.settings.api_keys[0]
        # X-Mem0-Mock: what the inspection API asks of calls that change state (no web page can
        # send it to the mock without a CORS preflight).
        self._http = httpx.Client(base_url=self.url, timeout=30, headers={"X-Mem0-Mock": "1"})
        self._baseline: frozenset[str] = frozenset()

    def __repr__(self) -> str:
        return f"<Mem0Mock {self.url} seed={self.seed}>"

    @property
    def settings(self) -> Settings:
        """The mock's settings (what the test's `mem0_mock` marker configured)."""
        settings: Settings = self._server.settings
        return settings

    @property
    def seed(self) -> int:
        return self.settings.seed

    # -- queries ----------------------------------------------------------------------------

    def requests(
        self,
        *,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
        **scope: str,
    ) -> list[RecordedRequest]:
        """The requests the mock answered during this test, oldest first, filtered.

        Scope arguments (user_id, agent_id, app_id, run_id) match fields of the JSON body.
        """
        wanted = scope_filter(scope)
        found = []
        for entry in self._all("/_mock/journal", "entries", "after", {}):
            request = RecordedRequest.from_entry(entry)
            if method is not None and request.method != method.upper():
                continue
            if path is not None and request.path != path:
                continue
            if status is not None and request.status != status:
                continue
            if not in_scope(request_scope(request), wanted):
                continue
            found.append(request)
        return found

    def memories(self, **scope: str) -> list[Memory]:
        """The memories the mock holds now, in the given scope (all of them without arguments)."""
        params = scope_filter(scope)
        entries = self._all("/_mock/memories", "memories", "offset", params)
        return [Memory.from_entry(entry) for entry in entries]

    def events(self, **scope: str) -> list[RecordedEvent]:
        """The ADD/UPDATE/DELETE events synchronous adds answered with during this test."""
        wanted = scope_filter(scope)
        return [
            event
            for request in self.requests(method="POST")
            for event in events_in(request)
            if in_scope(event.scope, wanted)
        ]

    def added(self, **scope: str) -> list[str]:
        """Texts of the memories added during this test in the scope, in order.

        Counts ADD events of synchronous answers and the memories stored by queued adds (the
        official client queues by default), but not the memories the test started from.
        """
        wanted = scope_filter(scope)
        return [text for text, found in self._added_everywhere() if in_scope(found, wanted)]

    # -- queued adds ------------------------------------------------------------------------

    def hold_events(self, status: str = "PENDING") -> None:
        """Keep queued adds (v3 with `infer: true`, v1 with `async_mode: true`) in `status`
        (`PENDING` or `RUNNING`), their memories unwritten, until `release_events()`: to test how
        an app handles the wait."""
        self._inspect("POST", "/_mock/queue", params={"hold": status})

    def release_events(self) -> None:
        """Let the held queued adds run (before the next request the mock serves)."""
        self._inspect("POST", "/_mock/queue", params={"release": "true"})

    def fail_event(self, event_id: str, error: str = "The add failed (a test asked so).") -> None:
        """End a held event `FAILED` with `error`; its memories are never written."""
        self._inspect("POST", "/_mock/queue", params={"fail": event_id, "error": error})

    # -- assertions -------------------------------------------------------------------------

    def assert_added(self, memory: str, **scope: str) -> None:
        """Fail unless a memory with exactly this text was added in the scope during this test.

        The failure message lists the near misses: similar texts in the scope, the same text in
        another scope, and the requests the scope received.
        """
        __tracebackhide__ = True  # pytest shows the message, not this function's source
        wanted = scope_filter(scope)
        if not wanted:
            raise TypeError("assert_added needs a scope: user_id=, agent_id=, app_id= or run_id=")
        added = self._added_everywhere()
        if any(text == memory and in_scope(found, wanted) for text, found in added):
            return
        lines = [f"no memory {memory!r} was added for {describe_scope(wanted)}."]
        misses = near_misses(memory, wanted, added)
        if misses:
            lines.append("Near misses:")
            lines.extend(f"  {line}" for line in misses)
        elif added:
            lines.append("Added in other scopes, none similar:")
            lines.extend(f"  {text!r} ({describe_scope(found)})" for text, found in added[:10])
        else:
            lines.append("Nothing was added in any scope during this test.")
        adds = [r for r in self.requests(method="POST") if in_scope(request_scope(r), wanted)]
        lines.append(f"Requests for {describe_scope(wanted)}: {len(adds)}")
        lines.extend(
            f"  #{r.seq} {r.method} {r.path} -> {r.status}: "
            f"{_messages_excerpt(r.field('messages'))}"
            for r in adds[-5:]
        )
        raise AssertionError("\n".join(lines))

    # -- lifecycle (used by the plugin) -----------------------------------------------------

    def _begin(self) -> None:
        self._server.reset()
        self._baseline = frozenset(memory.id for memory in self.memories())

    def _finish(self) -> None:
        self._http.close()

    def _check(self) -> None:
        """Re-raise, in the test, an error the server thread recorded."""
        try:
            self._server.check()
        except BaseException as error:
            raise Mem0MockServerError(
                f"the mem0 mock server at {self.url} failed while serving this test: "
                f"{type(error).__name__}: {error}"
            ) from error

    def _added_everywhere(self) -> list[tuple[str, Mapping[str, Any]]]:
        seen: set[str] = set()
        added: list[tuple[str, Mapping[str, Any]]] = []
        for event in self.events():
            if event.event == "ADD" and event.id not in seen:
                seen.add(event.id)
                added.append((event.memory, event.scope))
        for memory in self.memories():
            if memory.id not in self._baseline and memory.id not in seen:
                seen.add(memory.id)
                added.append((memory.memory, memory.scope))
        return added

    def _all(
        self, path: str, key: str, cursor: str, params: Mapping[str, str]
    ) -> list[dict[str, Any]]:
        """Every entry of a paged listing (`/_mock/journal`, `/_mock/memories`), page by page:
        the answer's `next` is the `cursor` of the page after it, absent on the last one."""
        found: list[dict[str, Any]] = []
        position = 0
        while True:  # 1,000: the most a page of the inspection API holds
            page = self._inspect("GET", path, params={**params, cursor: position, "limit": 1000})
            found.extend(page[key])
            if "next" not in page:
                return found
            position = page["next"]

    def _inspect(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as error:
            self._check()
            message = f"the mem0 mock at {self.url} did not answer: {error}"
            raise Mem0MockServerError(message) from error
        if response.status_code != 200:
            self._check()
            raise Mem0MockServerError(
                f"the mem0 mock's inspection API answered {method} {path} with "
                f"{response.status_code}: {response.text[:300]}"
            )
        return response.json()


def check_app(app: MockApp) -> None:
    """Re-raise, in the test, an error the in-process app (`mockserver.create_app`) answered with
    a 500 and recorded in its `errors`."""
    errors = app.errors
    if errors:
        error = errors.pop(0)
        raise Mem0MockServerError(
            f"the mem0 mock app failed while serving this test: {type(error).__name__}: {error}"
        ) from error


def _messages_excerpt(messages: Any) -> str:
    if not isinstance(messages, list):
        return repr(messages)[:120]
    texts = [str(m.get("content")) for m in messages if isinstance(m, dict)]
    return repr(texts)[:120]
