"""The mock's one router: every request is matched here, answered, journaled and sent.

The contract's paths come from openapi.yaml, each served with and without its trailing slash
(`{name}` matches one path segment, as in Starlette); a request for one of them goes through the
request pipeline (`mockserver/answers/pipeline.py`), 405 in the envelope for a method the path
does not serve. The /_mock/ inspection pages are matched the same way but not journaled (looking
at the journal must not change it). Anything else is a 404 in the envelope. Any unhandled
exception becomes the contract's 500 envelope and is kept for `MockServer.check()` (the first
`KEPT_ERRORS`, without their frames' locals): this is the mock's one crash guard.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import traceback
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from starlette.types import Receive, Scope, Send

from mockserver.answers.pipeline import Call, answer
from mockserver.http.envelope import error_reply
from mockserver.http.inspection import Page, inspection_pages
from mockserver.http.messages import ClientDisconnect, Incoming, Reply, send_encoded
from mockserver.http.unserved import unserved_operation
from mockserver.state.journal import JournalEntry
from mockserver.state.mock_state import MockState

__all__ = ["Router", "route_path"]

log = logging.getLogger("mockserver")

# Unhandled errors kept for `MockServer.check()` (all are logged): the first ones, each small.
KEPT_ERRORS = 20
KEPT_ARG_CHARS = 2_000

_PARAMETER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

Handler = Callable[[Incoming, Call], Awaitable[Reply]]


@dataclass
class _Path:
    """One path the mock serves and its handlers, by method."""

    path: str
    journaled: bool
    by_method: dict[str, Handler] = field(default_factory=dict)

    @property
    def allow(self) -> str:
        return ", ".join(sorted(self.by_method))

    def handler(self, method: str) -> Handler | None:
        """The method's handler; HEAD is GET's (uvicorn sends its headers, not its body)."""
        found = self.by_method.get(method)
        if found is None and method == "HEAD":
            return self.by_method.get("GET")
        return found


class Router:
    """ASGI app: matches the path, answers in the envelope, journals contract requests."""

    def __init__(self, state: MockState) -> None:
        self.state = state
        self._exact: dict[str, _Path] = {}
        self._templated: list[tuple[re.Pattern[str], _Path]] = []
        paths: dict[str, _Path] = {}
        for operation in state.spec.operations.values():
            served = paths.setdefault(operation.path, _Path(operation.path, journaled=True))
            served.by_method[operation.method] = functools.partial(answer, state, operation)
        for served in paths.values():
            self._add(served)
        if state.settings.inspection:
            for path, (method, page) in inspection_pages().items():
                show = functools.partial(_show, state, page)
                self._exact[path] = _Path(path, journaled=False, by_method={method: show})
        # What a 404 points to: the /_mock/ pages only when they are served.
        served_labels = ", ".join(op.label for op in state.spec.operations.values())
        self._served = served_labels + (" and /_mock/" if state.settings.inspection else "")

    def _add(self, served: _Path) -> None:
        if _PARAMETER.search(served.path):
            parts = _PARAMETER.split(served.path.rstrip("/"))  # literal, name, literal, ...
            pattern = "".join(
                f"(?P<{part}>[^/]+)" if odd % 2 else re.escape(part)
                for odd, part in enumerate(parts)
            )
            self._templated.append((re.compile(f"{pattern}/?"), served))
        else:
            self._exact[served.path] = self._exact[served.path.rstrip("/")] = served

    def match(self, path: str) -> tuple[_Path, Mapping[str, str]] | None:
        served = self._exact.get(path)
        if served is not None:
            return served, {}
        for pattern, served in self._templated:
            found = pattern.fullmatch(path)
            if found is not None:
                return served, found.groupdict()
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":  # a WebSocket: the mock speaks none
            await send({"type": "websocket.close"})
            return
        found = self.match(route_path(scope))
        call = Call()
        try:
            reply, journaled = await self._reply(found, scope, receive, call)
            if journaled:
                body, headers = self._journal(scope, call, reply)
            else:
                body, headers = reply.encode()
        except ClientDisconnect:
            return  # the client hung up mid-request: nobody to answer, nothing went wrong
        except Exception as error:
            reply = self._crash(scope, error)
            body, headers = reply.encode()
        await send_encoded(send, reply.status, body, headers)

    async def _reply(
        self,
        found: tuple[_Path, Mapping[str, str]] | None,
        scope: Scope,
        receive: Receive,
        call: Call,
    ) -> tuple[Reply, bool]:
        """The answer, and whether the journal records it."""
        method = scope["method"]
        unanswered = found is None or found[0].handler(method) is None
        # A literal client path a contract template would swallow: `/v1/memories/events/`.
        shadowed = found is not None and bool(found[1])
        if unanswered or shadowed:
            # A client's call the contract does not cover: 501 naming it, not a 404 that reads
            # as "memory not found".
            unserved = unserved_operation(method, route_path(scope), literal_only=not unanswered)
            if unserved is not None:
                await self._keep_body(scope, receive, call)
                return error_reply(501, unserved), True
        if found is None:
            await self._keep_body(scope, receive, call)
            shown = scope["path"].replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")
            detail = f"No such path: {shown}. The mock serves {self._served}."
            return error_reply(404, detail), True
        served, params = found
        handler = served.handler(method)
        if handler is None:
            if served.journaled:
                await self._keep_body(scope, receive, call)
            where = served.path if served.journaled else scope["path"]
            detail = f"Method {method} is not allowed on {where}; use {served.allow}."
            return error_reply(405, detail, headers={"Allow": served.allow}), served.journaled
        return await handler(Incoming(scope, receive, params), call), served.journaled

    async def _keep_body(self, scope: Scope, receive: Receive, call: Call) -> None:
        """Read what a request nobody answers sent, so the journal shows what a new client tried
        (at most `max_body_bytes`; a longer body is journaled empty)."""
        raw = await Incoming(scope, receive, {}).body(self.state.settings.max_body_bytes)
        call.raw = raw or b""

    def _journal(
        self, scope: Scope, call: Call, reply: Reply
    ) -> tuple[bytes, list[tuple[bytes, bytes]]]:
        """Number the answer (`X-Request-Id`), record it in the journal, and encode it."""
        journal = self.state.journal
        seq = journal.next_seq()
        reply.headers["X-Request-Id"] = str(seq)
        body, headers = reply.encode()
        journal.record(
            JournalEntry(
                seq=seq,
                method=scope["method"],
                path=scope["path"],
                query=scope["query_string"].decode("latin-1"),
                headers=tuple(scope["headers"]),
                body=call.raw,
                status=reply.status,
                response=body,
            )
        )
        return body, headers

    def _crash(self, scope: Scope, error: Exception) -> Reply:
        """An unhandled error: logged, kept in `state.errors` for `MockServer.check()`, and
        answered with the contract's 500 envelope (never a traceback)."""
        log.error(
            "unhandled error while serving %s %s", scope["method"], scope["path"], exc_info=error
        )
        _without_locals(error)  # a log handler may keep it too (pytest's does)
        if len(self.state.errors) < KEPT_ERRORS:  # the first ones: what a test's check() raises
            self.state.errors.append(error)
        return error_reply(
            500, "The mock failed to process the request; see its log for the error."
        )


def _without_locals(error: BaseException) -> None:
    """Make the error small to keep, once logged: its traceback's frames keep no locals (a
    request's body and what was parsed from it), and a long text argument is cut."""
    if error.__traceback__ is not None:  # its first frame is the router's, still running
        error.__traceback__ = error.__traceback__.tb_next
    seen: set[int] = set()
    link: BaseException | None = error
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        traceback.clear_frames(link.__traceback__)
        if any(isinstance(arg, str) and len(arg) > KEPT_ARG_CHARS for arg in link.args):
            with contextlib.suppress(AttributeError, TypeError):
                link.args = tuple(
                    f"{arg[:KEPT_ARG_CHARS]}... ({len(arg)} characters)"
                    if isinstance(arg, str) and len(arg) > KEPT_ARG_CHARS
                    else arg
                    for arg in link.args
                )
        link = link.__cause__ or link.__context__


async def _show(state: MockState, page: Page, request: Incoming, call: Call) -> Reply:
    del call  # inspection pages read no body and are not journaled
    if page is not inspection_pages()["/_mock/queue"][1]:
        await state.queue.run_pending()  # what a page shows includes every add that is due
    return page(state, request)


def route_path(scope: Scope) -> str:
    """The path below the app's mount point (`root_path`), as Starlette's router matches it."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root) and path[len(root) : len(root) + 1] in ("", "/"):
        return path[len(root) :]
    return path


async def _lifespan(receive: Receive, send: Send) -> None:
    """Nothing to start or stop: the state is built by `create_app`."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
