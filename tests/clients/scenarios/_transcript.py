"""What every Python scenario script shares: its arguments, the transcript, the plain HTTP calls.

Standard library only: it runs inside each client's own environment. The transcript is one JSON
object, `{"client", "version", "steps": [...]}`; each step is `{"step", "ok": true, "result"}`,
`{"step", "ok": false, "error": {"class", "module", "message", ...}}` or
`{"step", "skipped": "why"}`. A failed step does not stop the scenario: later steps that do not
need its result still run, so one transcript shows every operation the mock does not serve yet.
"""

from __future__ import annotations

import argparse
import inspect
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

# The conversation, the question and the new text of the scenario, the same for every client.
MESSAGES = [{"role": "user", "content": "I live in Berlin and I love hiking."}]
QUERY = "where does the user live"
MEMORY = "Lives in Berlin"
NEW_TEXT = "Lives in Munich"


def arguments(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--user-id", required=True)
    parser.add_argument("--out", required=True, type=Path, help="where the transcript goes")
    parser.add_argument("--variant", default="sync", choices=["sync", "async"])
    return parser.parse_args()


def describe_error(error: BaseException) -> dict[str, Any]:
    kind = type(error)
    described: dict[str, Any] = {
        "class": kind.__name__,
        "module": kind.__module__,
        "message": str(error)[:2000],
    }
    response = getattr(error, "response", None)
    status = getattr(response, "status_code", None)
    if status is None:  # mem0ai's own errors keep the status in debug_info
        status = (getattr(error, "debug_info", None) or {}).get("status_code")
    if status is not None:
        described["status"] = status
    for name in ("exit_code", "argv", "stderr"):  # a command's failure (the CLI scenario)
        if hasattr(error, name):
            described[name] = getattr(error, name)
    return described


class Transcript:
    def __init__(self, client: str, version: str, out: Path) -> None:
        self.data: dict[str, Any] = {"client": client, "version": version, "steps": []}
        self.out = out

    async def step(self, name: str, call: Callable[[], Any]) -> Any:
        """Run one step and record it; returns its result, or None when it raised."""
        try:
            result = call()
            if inspect.isawaitable(result):
                result = await result
        except Exception as error:  # the transcript says what was raised
            self.data["steps"].append({"step": name, "ok": False, "error": describe_error(error)})
            return None
        self.data["steps"].append({"step": name, "ok": True, "result": _jsonable(result)})
        return result

    def skip(self, name: str, why: str) -> None:
        self.data["steps"].append({"step": name, "skipped": why})

    def write(self) -> None:
        self.out.write_text(json.dumps(self.data, indent=1, default=str), encoding="utf-8")


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def http_json(base_url: str, api_key: str, path: str) -> tuple[int, Any]:
    """`GET path` with the key, as a client without a method for it would do."""
    request = urllib.request.Request(
        base_url.rstrip("/") + path, headers={"Authorization": f"Token {api_key}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        body = error.read()
        try:
            return error.code, json.loads(body)
        except ValueError:
            return error.code, body.decode("utf-8", "replace")


def follow_event(
    base_url: str, api_key: str, event_id: str, timeout_s: float = 15.0
) -> dict[str, Any]:
    """Poll `GET /v1/event/{event_id}/` until it leaves PENDING/RUNNING (raises on an error)."""
    deadline = time.monotonic() + timeout_s
    polls = 0
    while True:
        status, body = http_json(base_url, api_key, f"/v1/event/{event_id}/")
        polls += 1
        if status != 200:
            raise RuntimeError(f"GET /v1/event/{event_id}/ answered {status}: {body}")
        if body.get("status") not in ("PENDING", "RUNNING") or time.monotonic() > deadline:
            return {"polls": polls, "event": body}
        time.sleep(0.05)


def queued_event_id(answer: Any) -> str | None:
    """The event id of a queued add, in any of the answer's shapes (v3, v1.1, bare list)."""
    items = answer.get("results", [answer]) if isinstance(answer, dict) else answer or []
    for item in items:
        if isinstance(item, dict) and item.get("status") == "PENDING" and item.get("event_id"):
            return str(item["event_id"])
    return None


def memory_id(*answers: Any, text: str = MEMORY) -> str | None:
    """The id of the memory `text` in the first answer that names it (events or memories)."""
    for answer in answers:
        if isinstance(answer, dict):
            answer = answer.get("results", answer.get("memories", []))
        for item in answer or []:
            if not isinstance(item, dict):
                continue
            words = item.get("memory") or (item.get("data") or {}).get("memory")
            if words == text and item.get("id"):
                return str(item["id"])
    return None
