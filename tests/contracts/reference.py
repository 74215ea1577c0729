"""A small, correct reference implementation of the contract, independent of the mock.

It exists so the suites are tested against two implementations written apart (this one and the
mock): a verdict that only one of them earns points at the suite, not the server. Facts come from a
handful of everyday phrasings (the ones `contracts.conversations` speaks). `create_app(reads=True)`
also serves the v3 add and the reads that rules 8-11 need (tests/contracts/reference_reads.py).
"""

from __future__ import annotations

import datetime
import itertools
import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mem0spec import bundled

KEY = "reference-key"
ORG, PROJECT = "org_reference", "proj_reference"
_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    415: "Unsupported Media Type",
}

# (pattern, subject, memory text or None for a retraction); the first match in a sentence wins.
_PATTERNS: list[tuple[re.Pattern[str], str, str | None]] = [
    (re.compile(r"I'm not vegetarian anymore"), "diet", None),
    (re.compile(r"I'm vegetarian"), "diet", "Is vegetarian"),
    (re.compile(r"[Ff]orget that I like (?P<v>[^.]+)"), "likes:{v}", None),
    (re.compile(r"I like (?P<v>[^.]+)"), "likes:{v}", "Likes {v}"),
    (re.compile(r"I don't live in (?P<v>[^.]+) anymore"), "residence", None),
    (re.compile(r"I live in (?P<v>[A-Z][\w ]*?)(?: and|\.|$)"), "residence", "Lives in {v}"),
    (re.compile(r"I just moved to (?P<v>[^.]+)"), "residence", "Lives in {v}"),
    (re.compile(r"I work as an? (?P<v>[^.]+)"), "job", "Works as a {v}"),
    (re.compile(r"I work at an? (?P<v>[^.]+?) now"), "job", "Works at a {v}"),
    (re.compile(r"I no longer have an? (?P<v>\w+)"), "pet:{v}", None),
    (re.compile(r"I have an? (?P<v>\w+) named (?P<n>\w+)"), "pet:{v}", "Has a {v} named {n}"),
    (re.compile(r"I'm (?P<v>[A-Z]\w+)\."), "name", "Name is {v}"),
]


def extract(text: str) -> list[tuple[str, str | None]]:
    found = []
    for clause in re.split(r"(?<=[.!?])\s+|,\s*(?=I )| and (?=I )", text):
        for pattern, subject, memory in _PATTERNS:
            match = pattern.search(clause)
            if match:
                values = match.groupdict()
                found.append(
                    (subject.format(**values), memory.format(**values) if memory else None)
                )
                break
    return found


@dataclass
class Memory:
    id: str
    subject: str
    text: str
    immutable: bool
    created_at: str = ""
    updated_at: str = ""


_EPOCH = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


@dataclass
class Store:
    # ADD-only extraction (like Mem0's newer pipeline): facts are only ever added.
    add_only: bool = False
    scopes: dict[tuple[Any, ...], list[Memory]] = field(default_factory=dict)
    events: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Every memory ever added (deleted ones too), and each one's history rows, oldest first.
    where: dict[str, tuple[tuple[Any, ...], Memory]] = field(default_factory=dict)
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    ticks: Any = field(default_factory=lambda: itertools.count(1))

    def now(self) -> str:
        return (_EPOCH + datetime.timedelta(seconds=next(self.ticks))).isoformat()

    def add(self, scope: tuple[Any, ...], body: dict[str, Any]) -> list[dict[str, Any]]:
        events = self._changes(scope, body)
        self.record(scope, events, body["messages"])
        return events

    def add_v3(self, scope: tuple[Any, ...], body: dict[str, Any]) -> list[dict[str, Any]]:
        """v3: ADD only; a fact already stored word for word (case folded) is dropped."""
        if body.get("infer", True) is False:
            return self.add(scope, body)
        memories = self.scopes.setdefault(scope, [])
        events = []
        for message in (m for m in body["messages"] if m["role"] == "user"):
            for subject, text in extract(message["content"]):
                if text is None or any(m.text.casefold() == text.casefold() for m in memories):
                    continue
                memory = Memory(str(uuid.uuid4()), subject, text, bool(body.get("immutable")))
                memories.append(memory)
                events.append({"id": memory.id, "memory": text, "event": "ADD"})
        self.record(scope, events, body["messages"])
        return events

    def record(
        self, scope: tuple[Any, ...], events: list[dict[str, Any]], messages: list[Any]
    ) -> None:
        for event in events:
            memory_id, now = event["id"], self.now()
            if event["event"] == "ADD":
                memory = next(m for m in self.scopes[scope] if m.id == memory_id)
                memory.created_at = memory.updated_at = now
                self.where[memory_id] = (scope, memory)
            else:
                self.where[memory_id][1].updated_at = now
            self.history.setdefault(memory_id, []).append(
                {
                    "id": str(uuid.uuid4()),
                    "memory_id": memory_id,
                    "event": event["event"],
                    "old_memory": event.get("previous_memory")
                    if event["event"] == "UPDATE"
                    else (event["memory"] if event["event"] == "DELETE" else None),
                    "new_memory": None if event["event"] == "DELETE" else event["memory"],
                    "input": list(messages),
                    "created_at": now,
                    "updated_at": now,
                }
            )

    def _changes(self, scope: tuple[Any, ...], body: dict[str, Any]) -> list[dict[str, Any]]:
        memories = self.scopes.setdefault(scope, [])
        immutable = bool(body.get("immutable", False))
        spoken = [m for m in body["messages"] if m["role"] != "system"]
        if body.get("infer", True) is False:
            added = [Memory(str(uuid.uuid4()), "", m["content"], immutable) for m in spoken]
            memories.extend(added)
            return [{"id": m.id, "memory": m.text, "event": "ADD"} for m in added]
        events: list[dict[str, Any]] = []
        for message in (m for m in spoken if m["role"] == "user"):
            for subject, text in extract(message["content"]):
                current = [m for m in memories if m.subject == subject and not m.immutable]
                pinned = [m for m in memories if m.subject == subject and m.immutable]
                if self.add_only:
                    current = []
                if text is None:
                    for memory in current:
                        memories.remove(memory)
                        events.append({"id": memory.id, "memory": memory.text, "event": "DELETE"})
                elif any(m.text == text for m in current + pinned):
                    continue
                elif current:
                    memory = current[0]
                    events.append(
                        {
                            "id": memory.id,
                            "memory": text,
                            "event": "UPDATE",
                            "previous_memory": memory.text,
                        }
                    )
                    memory.text = text
                else:
                    memory = Memory(str(uuid.uuid4()), subject, text, immutable)
                    memories.append(memory)
                    events.append({"id": memory.id, "memory": text, "event": "ADD"})
        return events


def _error(status: int, sentence: str, fields: list[tuple[str, str]] | None = None) -> Response:
    details: dict[str, Any] = {"message": sentence}
    if fields:
        details["errors"] = [{"field": f, "message": m} for f, m in fields]
    headers = {"WWW-Authenticate": "Token"} if status == 401 else None
    body = {"error": f"{status} {_REASONS[status]}", "detail": sentence, "details": details}
    return JSONResponse(body, status_code=status, headers=headers)


def _path(parts: Any) -> str:
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts).lstrip(".")
    return text


def create_app(add_only: bool = False, reads: bool = False) -> Starlette:
    store = Store(add_only=add_only)
    validator = bundled().validator({"$ref": "#/components/schemas/AddMemoriesRequest"})
    validator_v3 = bundled().validator({"$ref": "#/components/schemas/AddMemoriesV3Request"})

    def authorized(request: Request) -> bool:
        return request.headers.get("authorization") == f"Token {KEY}"

    async def ping(request: Request) -> Response:
        if not authorized(request):
            return _error(401, "Invalid API key.")
        return JSONResponse(
            {"status": "ok", "org_id": ORG, "project_id": PROJECT, "user_email": "ref@example.com"}
        )

    async def add(request: Request) -> Response:
        if not authorized(request):
            return _error(401, "Invalid API key.")
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != "application/json":
            return _error(415, f"Content-Type must be application/json, not {content_type!r}.")
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _error(400, "The body is not valid JSON.", [("body", "must be valid JSON")])
        if not isinstance(body, dict):
            return _error(400, "The body must be a JSON object.", [("body", "must be an object")])
        errors = list(validator.iter_errors(body))
        if errors:
            fields = []
            for error in errors:
                where = _path(error.instance_path)
                if not where:
                    missing_messages = error.message.startswith('"messages"')
                    where = "messages" if missing_messages else bundled().scope_fields()[0]
                fields.append((where, error.message))
            return _error(400, f"{fields[0][0]}: {fields[0][1]}.", fields)
        scope = (ORG, PROJECT, *(body.get(name) or None for name in bundled().scope_fields()))
        events = store.add(scope, body)
        output_format = body.get("output_format") or "v1.0"
        if body.get("async_mode", False):
            event_id = str(uuid.uuid4())
            store.events[event_id] = events
            items: list[dict[str, Any]] = [
                {
                    "message": "Memory processing has been queued.",
                    "status": "PENDING",
                    "event_id": event_id,
                }
            ]
        elif output_format == "v1.0":
            items = [
                {"id": e["id"], "data": {"memory": e["memory"]}, "event": e["event"]}
                for e in events
            ]
        else:
            items = events
        return JSONResponse(items if output_format == "v1.0" else {"results": items})

    async def add_v3(request: Request) -> Response:
        if not authorized(request):
            return _error(401, "Invalid API key.")
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _error(400, "The body is not valid JSON.", [("body", "must be valid JSON")])
        errors = [e.message for e in validator_v3.iter_errors(body)] if body is not None else []
        if not isinstance(body, dict) or errors:
            return _error(400, f"body: {errors[0] if errors else 'must be an object'}.")
        scope = (ORG, PROJECT, *(body.get(name) or None for name in bundled().scope_fields()))
        events = store.add_v3(scope, body)
        event_id = str(uuid.uuid4())
        store.events[event_id] = events
        if body.get("infer", True) is False:
            items = [
                {"id": e["id"], "data": {"memory": e["memory"]}, "event": e["event"]}
                for e in events
            ]
            stored = {"message": "Stored.", "status": "SUCCEEDED", "event_id": event_id}
            return JSONResponse({**stored, "results": items})
        return JSONResponse({"message": "Queued.", "status": "PENDING", "event_id": event_id})

    async def event(request: Request) -> Response:
        if not authorized(request):
            return _error(401, "Invalid API key.")
        event_id = request.path_params["event_id"]
        if event_id not in store.events:
            return _error(404, f"No event with id {event_id!r} in this project.")
        return JSONResponse(
            {"id": event_id, "status": "SUCCEEDED", "results": store.events[event_id]}
        )

    routes = [
        Route("/v1/ping/", ping, methods=["GET"]),
        Route("/v1/memories/", add, methods=["POST"]),
        Route("/v1/event/{event_id}/", event, methods=["GET"]),
    ]
    if reads:
        from tests.contracts.reference_reads import read_routes

        routes += [Route("/v3/memories/add/", add_v3, methods=["POST"])]
        routes += read_routes(store, authorized, _error)
    return Starlette(routes=routes)
