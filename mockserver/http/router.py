"""The contract's operations served straight from the ASGI scope; every other request to Starlette.

The paths come from openapi.yaml, each served with and without its trailing slash (`{name}`
matches one path segment, as in Starlette). A request for one of them is answered by
`handlers.answer` (405 in the envelope for a method the path does not serve), recorded in the
journal and sent; anything else (the /_mock/ inspection API, unknown paths, lifespan) goes to the
fallback app. Starlette's router, request and response objects are not on this path: they cost
more per request than an add's own work does (bench/ANALYSIS.md).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.answers.pipeline import Call, answer
from mockserver.http.messages import Incoming, Reply, error_reply, send_encoded
from mockserver.state.journal import JournalEntry
from mockserver.state.mock_state import MockState
from mockserver.validation.schemas import Operation

__all__ = ["ContractDispatch", "crash_reply", "journaled", "route_path"]

log = logging.getLogger("mockserver")

_PARAMETER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class _Path:
    """One path of the contract and the operations it serves, by method."""

    def __init__(self, path: str, operations: list[Operation]) -> None:
        self.path = path
        self.by_method = {operation.method.upper(): operation for operation in operations}
        self.allow = ", ".join(sorted(self.by_method))


class ContractDispatch:
    """ASGI app: the contract's paths answered here, the rest by `fallback`."""

    def __init__(self, state: MockState, fallback: ASGIApp) -> None:
        self.state = state
        self.fallback = fallback
        self._exact: dict[str, _Path] = {}
        self._templated: list[tuple[re.Pattern[str], _Path]] = []
        by_path: dict[str, list[Operation]] = {}
        for operation in state.contract.operations.values():
            by_path.setdefault(operation.path, []).append(operation)
        for path, operations in by_path.items():
            served = _Path(path, operations)
            if _PARAMETER.search(path):
                parts = _PARAMETER.split(path.rstrip("/"))  # literal, name, literal, ...
                pattern = "".join(
                    f"(?P<{part}>[^/]+)" if odd % 2 else re.escape(part)
                    for odd, part in enumerate(parts)
                )
                self._templated.append((re.compile(f"{pattern}/?"), served))
            else:
                self._exact[path] = self._exact[path.rstrip("/")] = served

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
        if scope["type"] == "http":
            found = self.match(route_path(scope))
            if found is not None:
                await self._serve(*found, scope, receive, send)
                return
        await self.fallback(scope, receive, send)

    async def _serve(
        self, served: _Path, params: Mapping[str, str], scope: Scope, receive: Receive, send: Send
    ) -> None:
        call = Call()
        method = scope["method"]
        operation = served.by_method.get(method)
        try:
            if operation is None:
                reply = error_reply(
                    405,
                    f"Method {method} is not allowed on {served.path}; use {served.allow}.",
                    headers={"Allow": served.allow},
                )
            else:
                reply = await answer(self.state, operation, Incoming(scope, receive, params), call)
            body, headers = journaled(self.state, scope, call, reply)
        except ClientDisconnect:
            return  # the client hung up mid-request: nobody to answer, nothing went wrong
        except Exception as error:
            reply = crash_reply(self.state, scope, error)
            body, headers = reply.encode()
        await send_encoded(send, reply.status, body, headers)


def crash_reply(state: MockState, scope: Scope, error: Exception) -> Reply:
    """An unhandled error: logged, kept in `state.errors` for `MockServer.check()`, and answered
    with the contract's 500 envelope (never a traceback)."""
    state.errors.append(error)
    log.error("unhandled error while serving %s %s", scope["method"], scope["path"], exc_info=error)
    return error_reply(500, "The mock failed to process the request; see its log for the error.")


def route_path(scope: Scope) -> str:
    """The path below the app's mount point (`root_path`), as Starlette's router matches it."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root) and path[len(root) : len(root) + 1] in ("", "/"):
        return path[len(root) :]
    return path


def journaled(
    state: MockState, scope: Scope, call: Call, reply: Reply
) -> tuple[bytes, list[tuple[bytes, bytes]]]:
    """Number the answer (`X-Request-Id`), record it in the journal, and encode it."""
    seq = state.journal.next_seq()
    reply.headers["X-Request-Id"] = str(seq)
    body, headers = reply.encode()
    state.journal.record(
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
