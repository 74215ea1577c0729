"""Runs a client's scenario script against a real mock process and judges its transcript.

A `Client` says how to run one official client (its environment, its script, what it raises on
404, which endpoints it calls). `run()` starts the script in that environment with the mock's URL
and key and returns what it saw plus the mock's journal; `problems()` reads the transcript step by
step, as a user of that client would read the answers, and lists what is wrong.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx

from tests.clients import envs
from tests.hardening.process import MockProcess

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
STEPS = (
    "construct",
    "add",
    "event",
    "search",
    "list",
    "get",
    "update",
    "history",
    "delete",
    "get_deleted",
    "delete_all",
    "list_after",
)
MEMORY = "Lives in Berlin"
NEW_TEXT = "Lives in Munich"
SCENARIO_TIMEOUT_S = 180

# The endpoints of each generation, as (method, path) with ids written {id}.
_READ_BY_ID = {
    ("GET", "/v1/memories/{id}/"),
    ("PUT", "/v1/memories/{id}/"),
    ("DELETE", "/v1/memories/{id}/"),
    ("GET", "/v1/memories/{id}/history/"),
    ("DELETE", "/v1/memories/"),
}
V3 = frozenset(
    {
        ("GET", "/v1/ping/"),
        ("POST", "/v3/memories/add/"),
        ("GET", "/v1/event/{id}/"),
        ("POST", "/v3/memories/search/"),
        ("POST", "/v3/memories/"),
        *_READ_BY_ID,
    }
)
V2 = frozenset(
    {
        ("GET", "/v1/ping/"),
        ("POST", "/v1/memories/"),
        ("GET", "/v1/event/{id}/"),
        ("POST", "/v2/memories/search/"),
        ("POST", "/v2/memories/"),
        *_READ_BY_ID,
    }
)
V1 = frozenset(
    {
        ("GET", "/v1/ping/"),
        ("POST", "/v1/memories/"),
        ("POST", "/v1/memories/search/"),
        ("GET", "/v1/memories/"),
        *_READ_BY_ID,
    }
)


@dataclass(frozen=True)
class Client:
    id: str
    env: str
    script: str
    not_found: str  # the class name of what the client raises on a 404 (a CLI: its exit code 1)
    endpoints: frozenset[tuple[str, str]]
    variant: str = "sync"
    # how the client hands answers over: as the API's JSON, camelCased (npm), in a CLI envelope
    view: Literal["json", "camel", "cli"] = "json"
    queues: bool = True  # its add answers with a queued event (0.1.x adds synchronously)
    skipped: frozenset[str] = field(default_factory=frozenset)  # steps it has no command for

    def argv(self, env: envs.ClientEnv) -> list[str]:
        script = str(SCENARIOS / self.script)
        if env.kind == "node":
            tools = envs.node_tools()
            assert tools is not None  # envs.ensure() found them
            return [tools[0], script]
        return [str(env.python), script, "--variant", self.variant]


@dataclass
class Run:
    client: Client
    transcript: dict[str, Any]
    journal: list[dict[str, Any]]
    output: str

    def steps(self) -> dict[str, dict[str, Any]]:
        return {step["step"]: step for step in self.transcript.get("steps", [])}


def scenario_environment(home: Path, env: envs.ClientEnv) -> dict[str, str]:
    """The process environment of a scenario: the machine's, without anything of ours or of a
    virtualenv that could leak in (PYTHONPATH, MEM0_*), a scratch HOME, telemetry off."""
    keep = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("MEM0_", "PYTHON", "VIRTUAL_ENV", "NODE_", "npm_"))
    }
    keep.update(
        HOME=str(home),
        MEM0_DIR=str(home / ".mem0"),
        # "false", lower case: npm mem0ai turns telemetry off only for exactly that value
        MEM0_TELEMETRY="false",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    if env.kind == "node":
        keep["NODE_PATH"] = str(env.location)
    return keep


def run(client: Client, mock: MockProcess, workdir: Path, user_id: str = "alex") -> Run:
    env = envs.ensure(client.env)
    home = workdir / "home"
    home.mkdir(parents=True, exist_ok=True)
    out = workdir / "transcript.json"
    argv = [
        *client.argv(env),
        "--base-url",
        mock.url,
        "--api-key",
        mock.api_key,
        "--user-id",
        user_id,
        "--out",
        str(out),
    ]
    done = subprocess.run(
        argv,
        cwd=SCENARIOS,
        env=scenario_environment(home, env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=SCENARIO_TIMEOUT_S,
        check=False,
    )
    output = f"exit {done.returncode}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
    if not out.is_file():
        raise AssertionError(f"{client.id}: the scenario wrote no transcript; {output[-4000:]}")
    transcript = json.loads(out.read_text(encoding="utf-8"))
    journal: list[dict[str, Any]] = []
    page: dict[str, Any] = {"next": 0}
    while "next" in page:  # the journal comes in pages; `next` is absent on the last one
        query = {"after": page["next"], "limit": 1000}
        answer = httpx.get(f"{mock.url}/_mock/journal", params=query, timeout=30.0)
        answer.raise_for_status()
        page = answer.json()
        journal.extend(page["entries"])
    (workdir / "journal.json").write_text(json.dumps(journal, indent=1), encoding="utf-8")
    return Run(client, transcript, journal, output)


# --- reading the transcript -------------------------------------------------------------------


def _snake(value: Any) -> Any:
    """npm mem0ai's camelCase keys back to the API's snake_case (its own conversion, inverted)."""
    if isinstance(value, list):
        return [_snake(item) for item in value]
    if isinstance(value, dict):
        return {
            re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), key): (
                item if key == "metadata" else _snake(item)
            )
            for key, item in value.items()
        }
    return value


def _result(client: Client, step: dict[str, Any]) -> Any:
    result = step.get("result")
    if client.view == "camel":
        return _snake(result)
    if client.view == "cli" and isinstance(result, dict):
        return result.get("data")
    return result


def _items(answer: Any) -> list[Any]:
    if isinstance(answer, list):
        return answer
    if isinstance(answer, dict):
        found = answer.get("results", answer.get("memories"))
        return found if isinstance(found, list) else [answer]
    return []


def _said(step: dict[str, Any]) -> str:
    if "skipped" in step:
        return f"skipped: {step['skipped']}"
    if not step.get("ok"):
        error = step.get("error", {})
        status = f" ({error['status']})" if "status" in error else ""
        return f"raised {error.get('class')}{status}: {str(error.get('message'))[:300]}"
    return f"answered {json.dumps(step.get('result'))[:300]}"


def problems(outcome: Run, org_id: str, project_id: str, user_id: str = "alex") -> list[str]:
    """What is wrong in the transcript, one sentence per step (empty: the scenario passed)."""
    client = outcome.client
    steps = outcome.steps()
    found: list[str] = []
    # the id the scenario went on with: from the add's events, else from search or list
    memory_id = outcome.transcript.get("memory_id")

    for name in STEPS:
        step = steps.get(name)
        if step is None:
            found.append(f"{name}: the scenario never reached it")
            continue
        if name in client.skipped or (name == "event" and not client.queues):
            if "skipped" not in step:
                found.append(f"{name}: expected no such step for this client; it {_said(step)}")
            continue
        if name == "get_deleted":
            found.extend(_check_not_found(client, step))
            continue
        if not step.get("ok"):
            found.append(f"{name}: {_said(step)}")
            continue
        wrong = _check(name, client, _result(client, step), memory_id, org_id, project_id, user_id)
        if wrong:
            found.append(f"{name}: {wrong}; it {_said(step)}")
    if not found:  # with a step failed, some endpoints were never reached: no news
        found.extend(_check_endpoints(client, outcome.journal))
    return found


def _id_of(answer: Any) -> str | None:
    for item in _items(answer):
        if isinstance(item, dict) and item.get("memory") == MEMORY and item.get("id"):
            return str(item["id"])
    return None


def _check(
    name: str,
    client: Client,
    result: Any,
    memory_id: str | None,
    org_id: str,
    project_id: str,
    user_id: str,
) -> str | None:
    """One sentence saying what a step's answer lacks, or None when it is right."""
    cli = client.view == "cli"
    if result is None and name != "list_after":
        return "expected an answer"
    if name == "construct":
        if cli:
            return None if (result or {}).get("connected") is True else "expected connected: true"
        if (result.get("org_id"), result.get("project_id")) != (org_id, project_id):
            return f"expected the client to learn org {org_id!r} and project {project_id!r}"
        return None
    if name == "add":
        if client.queues:
            queued = [x for x in _items(result) if isinstance(x, dict)]
            if not any(x.get("status") == "PENDING" and x.get("event_id") for x in queued):
                return "expected a queued item {status: PENDING, event_id}"
            return None
        return None if _id_of(result) else f"expected an ADD event of {MEMORY!r}"
    if name == "event":
        event = (result if cli else (result or {}).get("event")) or {}
        if event.get("status") != "SUCCEEDED":
            return "expected the event to reach status SUCCEEDED"
        if not any(
            r.get("event") == "ADD" and r.get("memory") == MEMORY for r in event.get("results", [])
        ):
            # mem0-cli reads each result's text from results[].data.memory (and its user_id)
            where = " (the CLI reads results[].data.memory)" if cli else ""
            return f"expected the event's results to hold an ADD of {MEMORY!r}{where}"
        return None
    if name == "search":
        hits = [x for x in _items(result) if isinstance(x, dict)]
        if not hits or hits[0].get("memory") != MEMORY:
            return f"expected the first result to be {MEMORY!r}"
        score = hits[0].get("score")
        if not isinstance(score, int | float) or not 0 <= score <= 1:
            return "expected a score between 0 and 1"
        if not cli and hits[0].get("user_id") != user_id:
            return f"expected the result's user_id to be {user_id!r}"
        return None
    if name == "list":
        if not any(
            isinstance(x, dict) and x.get("id") == memory_id and x.get("memory") == MEMORY
            for x in _items(result)
        ):
            return f"expected the memory {memory_id} {MEMORY!r} among the results"
        if isinstance(result, dict) and "count" in result and not result["count"] >= 1:
            return "expected a count of at least 1"
        return None
    if name in ("get", "update"):
        text = MEMORY if name == "get" else NEW_TEXT
        if not isinstance(result, dict) or (result.get("id"), result.get("memory")) != (
            memory_id,
            text,
        ):
            return f"expected the memory {memory_id} reading {text!r}"
        if name == "get" and not cli and result.get("user_id") != user_id:
            return f"expected user_id {user_id!r}"
        return None
    if name == "history":
        rows = [x for x in _items(result) if isinstance(x, dict)]
        if not any(
            r.get("event") == "UPDATE"
            and r.get("old_memory") == MEMORY
            and r.get("new_memory") == NEW_TEXT
            and r.get("memory_id", memory_id) == memory_id
            for r in rows
        ):
            return f"expected an UPDATE row from {MEMORY!r} to {NEW_TEXT!r}"
        return None
    if name == "delete":
        if cli:
            return None if result == {"id": memory_id, "deleted": True} else "expected deleted"
        return None if (result or {}).get("message") else "expected a message"
    if name == "delete_all":
        if cli:
            return None if (result or {}).get("deleted") is True else "expected deleted: true"
        return None if (result or {}).get("message") else "expected a message"
    if name == "list_after":
        left = _items(result)
        return None if not left else f"expected no memories left, found {len(left)}"
    raise AssertionError(f"no check for step {name}")


def _check_not_found(client: Client, step: dict[str, Any]) -> list[str]:
    if "skipped" in step:
        return [f"get_deleted: {_said(step)}"]
    if step.get("ok"):
        return [f"get_deleted: expected the client's not-found error; it {_said(step)}"]
    error = step["error"]
    if client.view == "cli":
        if error.get("exit_code") != 1 or not str(error.get("message")).startswith(
            "Resource not found"
        ):
            return [f"get_deleted: expected exit 1 and 'Resource not found: ...'; {_said(step)}"]
        return []
    wrong = []
    if error.get("class") != client.not_found:
        wrong.append(f"expected {client.not_found}")
    if error.get("status", 404) != 404:
        wrong.append("expected status 404")
    return [f"get_deleted: {' and '.join(wrong)}; it {_said(step)}"] if wrong else []


_ID = re.compile(r"/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/")


def _check_endpoints(client: Client, journal: list[dict[str, Any]]) -> list[str]:
    seen = {(entry["method"], _ID.sub("/{id}/", entry["path"])) for entry in journal}
    missing, extra = client.endpoints - seen, seen - client.endpoints
    found = []
    if missing:
        found.append(
            f"endpoints: it never called {', '.join(' '.join(e) for e in sorted(missing))}"
        )
    if extra:
        found.append(f"endpoints: it also called {', '.join(' '.join(e) for e in sorted(extra))}")
    return found


def journal_lines(journal: list[dict[str, Any]]) -> list[str]:
    """Each request and its answer in one line: `POST /v3/memories/ -> 404 <detail>`."""
    lines = []
    for entry in journal:
        query = f"?{entry['query']}" if entry.get("query") else ""
        answer = entry.get("response")
        said = answer.get("detail") if isinstance(answer, dict) and "detail" in answer else answer
        lines.append(
            f"{entry['method']} {entry['path']}{query} -> {entry['status']} "
            f"{json.dumps(said)[:240]}"
        )
    return lines


def _state(step: dict[str, Any] | None) -> str:
    if step is None:
        return "not reached"
    if "skipped" in step:
        return "skipped"
    return "ok" if step.get("ok") else f"raised {step.get('error', {}).get('class')}"


def report(outcome: Run, found: list[str]) -> str:
    name = outcome.transcript.get("client", outcome.client.id)
    steps = outcome.steps()
    summary = ", ".join(f"{n} {_state(steps.get(n))}" for n in STEPS)
    return "\n".join(
        [
            f"{name} against the mock: {len(found)} problem(s)",
            *(f"  - {line}" for line in found),
            f"steps: {summary}",
            "the mock's journal (request -> status, detail or answer):",
            *(f"  {line}" for line in journal_lines(outcome.journal)),
        ]
    )
