"""Servers that break the memory rules 1-4."""

from __future__ import annotations

import uuid
from typing import Any

from mem0spec import items_of
from tests.contracts.broken.intercept import ASGIApp, Request
from tests.contracts.broken.kit import SCOPE_FIELDS, on_add_answer


def duplicate_id_in_answer(request: Request, answer: Any) -> Any:
    events = [item for item in items_of(answer) if isinstance(item, dict) and "id" in item]
    if len(events) >= 2:
        events[1]["id"] = events[0]["id"]
    return answer


def reuse_first_id(app: ASGIApp, key: str) -> ASGIApp:
    first: dict[str, str] = {}

    def change(request: Request, answer: Any) -> Any:
        body = request.json() or {}
        scope = repr([body.get(f) for f in SCOPE_FIELDS])
        for item in items_of(answer):
            if isinstance(item, dict) and item.get("event") == "ADD":
                if scope in first:
                    item["id"] = first[scope]
                else:
                    first[scope] = item["id"]
        return answer

    return on_add_answer(change)(app, key)


def scope_is_user_only(body: dict[str, Any]) -> None:
    if isinstance(body.get("user_id"), str) and body["user_id"]:
        for name in ("agent_id", "app_id", "run_id"):
            if isinstance(body.get(name), str):
                body.pop(name)


def update_unknown_id(request: Request, answer: Any) -> Any:
    for item in items_of(answer):
        if isinstance(item, dict) and item.get("event") in ("UPDATE", "DELETE"):
            item["id"] = str(uuid.uuid4())
    return answer


def ignore_immutable(body: dict[str, Any]) -> None:
    if body.get("immutable") is True:
        body.pop("immutable")


def paraphrase_verbatim(request: Request, answer: Any) -> Any:
    body = request.json() or {}
    if body.get("infer") is False:
        for item in items_of(answer):
            if isinstance(item, dict) and isinstance(item.get("data"), dict):
                item["data"]["memory"] = "User said: " + item["data"]["memory"]
            elif isinstance(item, dict) and "memory" in item:
                item["memory"] = "User said: " + item["memory"]
    return answer


def store_system_messages(body: dict[str, Any]) -> None:
    if body.get("infer") is False:
        for message in body.get("messages") or []:
            if isinstance(message, dict) and message.get("role") == "system":
                message["role"] = "user"


def infer_anyway(body: dict[str, Any]) -> None:
    if body.get("infer") is False:
        body.pop("infer")
