"""Record the kit's observable behaviour, to prove a refactoring changed none of it.

    python scripts/record_behaviour.py OUT_DIR     # before the change, and again after it
    diff -r BEFORE_DIR AFTER_DIR                   # no output: the same behaviour

What it writes, each through a public interface only (so the script runs on either side of a move):

- `transcript.jsonl`: several hundred requests to real mock processes-in-threads (`run_in_thread`)
  across every operation, shape, control and error, with each answer's status, headers (sorted by
  name) and body bytes. Clock-dependent headers (date, X-RateLimit-Reset, Retry-After of a real
  window) and the port are masked.
- `verify.txt`, `verify.junit.xml`: `mem0-kit verify` against the mock with a fixed seed and run id,
  seconds masked.
- `help-*.txt`: every `--help` of `mem0-kit`.
- `fixtures.txt`, `markers.txt`, `plugin-help.txt`: what the pytest plugin adds to pytest.
- `all.txt`: the `__all__` of every public package.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from mockserver import Settings, run_in_thread

AUTH = {"Authorization": "Token mock-key"}
_MASKED_HEADERS = {"date", "server", "x-ratelimit-reset"}
_PUBLIC_PACKAGES = ("mem0spec", "mockserver", "contracts", "mem0kit", "mem0kit.pytest_plugin")


def _add(body: Any, **headers: str) -> dict[str, Any]:
    return {"method": "POST", "path": "/v1/memories/", "json": body, "headers": {**AUTH, **headers}}


def _raw(method: str, path: str, content: bytes = b"", **headers: str) -> dict[str, Any]:
    return {"method": method, "path": path, "content": content, "headers": headers}


def _say(*texts: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text} for text in texts]


def _story(scope: dict[str, str]) -> Iterator[dict[str, Any]]:
    """A user telling, changing and retracting facts, in every answer shape."""
    turns = [
        "Hi, I'm Alice. I live in Berlin and I work as a nurse.",
        "I have a cat named Luna. I'm vegetarian.",
        "I like sushi and I play the guitar on weekends.",
        "I just moved to Lisbon.",
        "I quit my job, I work at a bakery now.",
        "I no longer have a cat.",
        "I'm not vegetarian anymore.",
        "Forget that I like sushi.",
        "I don't live in Lisbon anymore.",
        "My birthday is on March 3rd and I'm allergic to peanuts.",
        "I'm planning a trip to Japan next spring. My sister is called Emma.",
    ]
    shapes: list[dict[str, Any]] = [
        {},
        {"output_format": "v1.1"},
        {"output_format": "v1.0"},
        {"output_format": None},
        {"async_mode": True},
        {"async_mode": True, "output_format": "v1.1"},
        {"async_mode": False, "output_format": "v1.1"},
    ]
    for index, text in enumerate(turns):
        messages = [*_say(text), {"role": "assistant", "content": "Noted."}]
        yield _add({"messages": messages, **scope, **shapes[index % len(shapes)]})


def _adds() -> Iterator[dict[str, Any]]:
    yield from _story({"user_id": "alice"})
    yield from _story({"user_id": "alice", "agent_id": "helper"})
    yield from _story({"agent_id": "bot", "run_id": "r1"})
    yield from _story({"app_id": "app", "user_id": "bob"})
    base = {"user_id": "carol"}
    yield _add({"messages": _say("I live in Paris."), **base, "immutable": True})
    yield _add({"messages": _say("I just moved to Rome."), **base})
    yield _add({"messages": _say("I don't live in Paris anymore."), **base})
    yield _add({"messages": _say("I like tea."), **base, "expiration_date": "2025-01-01"})
    yield _add({"messages": _say("I like coffee."), **base, "expiration_date": "2099-12-31"})
    yield _add({"messages": _say("I like green tea."), **base})
    notes = [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "Book the 9:40 train to Porto."},
        {"role": "assistant", "content": "Saved."},
        {"role": "user", "content": "東京のホテルは新宿駅の近く。 🎂"},
    ]
    yield _add({"messages": notes, "user_id": "dan", "infer": False})
    yield _add({"messages": notes, "user_id": "dan", "infer": False})
    yield _add({"messages": notes, "user_id": "dan", "infer": False, "async_mode": True})
    hobbies = _say("I play tennis, I like jazz and I work as a carpenter.")
    yield _add({"messages": hobbies, "user_id": "eve", "includes": "sports and music"})
    yield _add({"messages": hobbies, "user_id": "eve2", "excludes": "work"})
    yield _add(
        {"messages": hobbies, "user_id": "eve3", "custom_categories": {"fun": "sports, music"}}
    )
    yield _add(
        {
            "messages": hobbies,
            "user_id": "eve4",
            "custom_categories": [{"fun": "sports"}, {"job": "work and career"}],
            "metadata": {"source": "chat", "n": 1, "nested": {"ok": [1, 2]}},
        }
    )
    yield _add({"messages": hobbies, "user_id": "eve4", "metadata": {"source": "voice"}})
    yield _add(
        {"messages": _say("I love hiking."), "user_id": "f", "org_id": "org_mock",
         "project_id": "proj_mock", "custom_instructions": "Be brief", "version": "v2",
         "timestamp": 1700000000, "enable_graph": True}
    )  # fmt: skip
    yield _add({"messages": _say(*(f"I like fruit number {i}." for i in range(40))), "run_id": "x"})
    yield _add({"messages": _say("forget a" + ", forget a" * 20), "user_id": "alice"})
    yield _add({"messages": _say("Forget the last thing I told you."), "user_id": "alice"})
    yield _add({"messages": [{"role": "user", "content": ""}], "user_id": "empty"})
    yield _add(
        {"messages": [{"role": "user", "content": "I like tea.", "name": "x"}], "user_id": "g"}
    )


def _invalid() -> Iterator[dict[str, Any]]:
    scope = {"user_id": "bad"}
    one = _say("I like tea.")
    for body in (
        {},
        {"messages": [], **scope},
        {"messages": "hi", **scope},
        {"messages": ["hi"], **scope},
        {"messages": [{"content": "x"}], **scope},
        {"messages": [{"role": "user"}], **scope},
        {"messages": [{"role": "moderator", "content": "x"}], **scope},
        {"messages": [{"role": "user", "content": 42}], **scope},
        {"messages": one},
        {"messages": one, "user_id": ""},
        {"messages": one, "user_id": None, "agent_id": None},
        {"messages": one, "user_id": 5},
        {"messages": one, **scope, "infer": "yes"},
        {"messages": one, **scope, "output_format": "v9"},
        {"messages": one, **scope, "async_mode": None},
        {"messages": one, **scope, "expiration_date": "2030-02-30"},
        {"messages": one, **scope, "expiration_date": "31/12/2030"},
        {"messages": one, **scope, "metadata": [1]},
        {"messages": one, **scope, "custom_categories": "x"},
        {"messages": one, **scope, "custom_categories": [{"a": 1}]},
        {"messages": one, **scope, "immutable": "no"},
        {"messages": one, **scope, "includes": 3, "excludes": 4},
        [{"messages": one, **scope}],
        "text",
        {"messages": [{"role": "user", "content": "x"}] * 3 + [7] * 8, **scope},
    ):
        yield _add(body)
    json_headers = {**AUTH, "Content-Type": "application/json"}
    for content in (b"", b'{"messages": [', b"\xff\xfe", b'{"a": NaN}', b"[" * 5000, b"null"):
        yield _raw("POST", "/v1/memories/", content, **json_headers)
    body = json.dumps({"messages": one, **scope}).encode()
    yield _raw("POST", "/v1/memories/", body, **AUTH, **{"Content-Type": "text/plain"})
    yield _raw("POST", "/v1/memories/", body, **AUTH)
    yield _raw("POST", "/v1/memories/", body, **AUTH, **{"Content-Type": "application/json; a=b"})
    yield _raw("POST", "/v1/memories/", b"x" * 3000, **json_headers)


def _auth() -> Iterator[dict[str, Any]]:
    valid = {"messages": _say("I like tea."), "user_id": "auth"}
    for header in (None, "Token nope", "Token mock-keyx", "Bearer mock-key", "mock-key", "Token",
                   "Token  mock-key", "token mock-key"):  # fmt: skip
        headers = {} if header is None else {"Authorization": header}
        yield {"method": "POST", "path": "/v1/memories/", "json": valid, "headers": headers}
        yield _raw("GET", "/v1/ping/", **headers)
        yield _raw("GET", "/v1/event/abc/", **headers)


def _controls() -> Iterator[dict[str, Any]]:
    valid = {"messages": _say("I like tea."), "user_id": "prefer"}
    for prefer in ("code=429", "code=400", "code=401", "code=404", "code=413", "code=415",
                   "code=500", "code=503", "code=200", "code=418", "code=abc", "delay=3",
                   "delay=99999999", "delay=-1", "code=503, delay=2", "respond-async",
                   'code="500"', "code=429; delay=1"):  # fmt: skip
        yield _add(valid, Prefer=prefer)
        yield _raw("GET", "/v1/ping/", **AUTH, Prefer=prefer)
        yield _raw("GET", "/v1/event/abc/", **AUTH, Prefer=prefer)
    yield {"method": "POST", "path": "/v1/memories/", "json": valid,
           "headers": [("Authorization", "Token mock-key"), ("Prefer", "delay=1"),
                       ("Prefer", "code=503")]}  # fmt: skip


def _routing() -> Iterator[dict[str, Any]]:
    for method, path in (
        ("GET", "/v1/ping/"),
        ("GET", "/v1/ping"),
        ("POST", "/v1/ping/"),
        ("HEAD", "/v1/ping/"),
        ("DELETE", "/v1/memories/"),
        ("GET", "/v1/memories/"),
        ("GET", "/v1/memories"),
        ("PUT", "/v1/memories/abc/"),
        ("GET", "/v1/event/nope"),
        ("GET", "/v1/event/nope/extra/"),
        ("GET", "/v1/event/%20/"),
        ("POST", "/v1/event/x/"),
        ("GET", "/v2/memories/search/"),
        ("POST", "/v3/memories/add/"),
        ("GET", "/"),
        ("OPTIONS", "/v1/memories/"),
        ("GET", "/_mock/health"),
        ("GET", "/_mock/health/"),
        ("GET", "/_mock/health?x=1"),
        ("POST", "/_mock/health"),
        ("GET", "/_mock/journal?limit=0"),
        ("GET", "/_mock/journal?limit=abc"),
        ("GET", "/_mock/journal?limit=3"),
        ("GET", "/_mock/journal?foo=1"),
        ("GET", "/_mock/memories?user_id=alice"),
        ("GET", "/_mock/memories?user_id=alice&agent_id=helper"),
        ("GET", "/_mock/memories?agent_id=bot&user_id="),
        ("GET", "/_mock/memories?nope=1"),
        ("GET", "/_mock/openapi.yaml"),
        ("GET", "/_mock/reset"),
        ("GET", "/_mock/nothing"),
    ):
        yield _raw(method, path, **AUTH)
    origin = {"Origin": "http://page.test"}
    yield _raw("GET", "/v1/ping/", **AUTH, **origin)
    yield _raw("GET", "/_mock/health", **origin)
    preflight = {"Access-Control-Request-Method": "POST", **origin}
    yield _raw("OPTIONS", "/v1/memories/", **preflight,
               **{"Access-Control-Request-Headers": "authorization, content-type"})  # fmt: skip
    yield _raw("OPTIONS", "/v1/memories/", **origin, **{"Access-Control-Request-Method": "PATCH"})
    yield _raw("OPTIONS", "/_mock/reset", **preflight)


def _events_of(entries: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Look up every event id the mock issued so far, and the journal's last entries."""
    for entry in entries:
        response = entry.get("response")
        items = response.get("results") if isinstance(response, dict) else response
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and "event_id" in item:
                yield _raw("GET", f"/v1/event/{item['event_id']}/", **AUTH)


def _send(client: httpx.Client, request: dict[str, Any]) -> dict[str, Any]:
    headers = request.get("headers", {})
    kwargs: dict[str, Any] = {"headers": headers}
    if "json" in request:
        kwargs["content"] = json.dumps(request["json"], ensure_ascii=False).encode()
        kwargs["headers"] = [*(headers.items() if isinstance(headers, dict) else headers),
                             ("Content-Type", "application/json")]  # fmt: skip
    elif request.get("content"):
        kwargs["content"] = request["content"]
    response = client.request(request["method"], request["path"], **kwargs)
    shown_headers = sorted(
        (name, "<masked>" if name in _MASKED_HEADERS else value)
        for name, value in response.headers.multi_items()
    )
    return {
        "request": {k: v if k != "content" else v.decode("latin-1") for k, v in request.items()},
        "status": response.status_code,
        "headers": shown_headers,
        "body": response.content.decode("latin-1"),
    }


def _clockless(text: str) -> str:
    """A real rate-limit window's wait depends on the wall clock (a forced 429 always says 60)."""
    text, waits = re.subn(r"available in (?!60 )\d+ seconds", "available in <n> seconds", text)
    if waits:  # the wait's digits change the body's length too
        text = re.sub(r'\["content-length", "\d+"\]', '["content-length", "<n>"]', text)
    return re.sub(r'\["retry-after", "(?!60"|1")\d+"\]', '["retry-after", "<n>"]', text)


def _session(name: str, settings: Settings, requests: list[dict[str, Any]]) -> Iterator[str]:
    with run_in_thread(settings) as server, httpx.Client(base_url=server.url) as client:
        for request in requests:
            record = _send(client, request)
            text = json.dumps({"server": name, **record}, ensure_ascii=False, sort_keys=True)
            yield _clockless(text.replace(str(server.port), "<port>"))
        journal = client.get("/_mock/journal").json()["entries"] if settings.inspection else []
        for request in _events_of(journal):
            record = _send(client, request)
            text = json.dumps({"server": name, **record}, ensure_ascii=False, sort_keys=True)
            yield _clockless(text.replace(str(server.port), "<port>"))
        if settings.inspection:
            for path in ("/_mock/journal", "/_mock/memories", "/_mock/health"):
                record = _send(client, _raw("GET", path))
                text = json.dumps({"server": name, **record}, ensure_ascii=False, sort_keys=True)
                yield _clockless(text.replace(str(server.port), "<port>"))


def transcript() -> Iterator[str]:
    everything = [*_adds(), *_invalid(), *_auth(), *_controls(), *_routing()]
    yield from _session("default seed 7", Settings(seed=7), everything)
    yield from _session("seed 8", Settings(seed=8), list(_adds())[:12])
    fixture = (
        {"user_id": "alice", "memory": "Lives in Berlin"},
        {"user_id": "alice", "memory": "Is vegetarian", "immutable": True, "categories": ["food"]},
        {"agent_id": "bot", "memory": "Likes jazz", "id": "fixed-1", "metadata": {"a": 1}},
        {"user_id": "zed", "memory": "Old", "expiration_date": "2020-01-01"},
    )
    story = [
        *_story({"user_id": "alice"}),
        _raw("POST", "/_mock/reset"),
        *_story({"user_id": "alice"}),
    ]
    yield from _session("fixture", Settings(memories=fixture), story)
    stateless = [*_story({"user_id": "alice"})]
    yield from _session("stateless", Settings(stateless=True), stateless)
    small = [*_adds()][:20]
    yield from _session("bounded", Settings(max_scopes=2, max_memories_per_scope=3,
                                            max_events=2, journal_size=5, max_body_bytes=600,
                                            max_store_chars=400), small)  # fmt: skip
    yield from _session("faults", Settings(fault_rate=0.4, seed=3), small)
    yield from _session("forced 503", Settings(force_status=503), [*_auth(), *small[:3]])
    yield from _session("forced 404", Settings(force_status=404), small[:3])
    limited = [*small[:6], *[_raw("GET", "/v1/ping/", **AUTH)] * 3]
    yield from _session("rate limited", Settings(rate_limit_per_minute=4), limited)
    yield from _session("latency", Settings(latency_ms=2), small[:3])
    yield from _session("cors off", Settings(cors_origins=()), list(_routing()))
    yield from _session(
        "cors listed", Settings(cors_origins=("http://page.test",)), list(_routing())
    )
    yield from _session("no inspection", Settings(inspection=False), list(_routing()))
    yield from _session("two keys", Settings(api_keys=("k1", "k2"), org_id="o", project_id="p",
                                             user_email="x@y.z", today=__import__("datetime").date(2030, 1, 1)),  # noqa: E501
                        [_raw("GET", "/v1/ping/", Authorization="Token k2"),
                         {**_add({"messages": _say("I like tea."), "user_id": "u",
                                  "expiration_date": "2029-01-01"}),
                          "headers": {"Authorization": "Token k1"}},
                         _raw("GET", "/_mock/memories")])  # fmt: skip


def _run(*args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(args, capture_output=True, text=True, cwd=cwd, check=False)
    return f"exit {done.returncode}\n--- stdout\n{done.stdout}--- stderr\n{done.stderr}"


def _mask_seconds(text: str) -> str:
    text = re.sub(r'time="[0-9.]+"', 'time="<s>"', text)
    text = re.sub(r"\b\d+\.\d s\b", "<s> s", text)
    text = re.sub(r"ran in [0-9.]+s", "ran in <s>s", text)
    return re.sub(r"(?m)  [0-9]+\.[0-9] *$", "  <s>", text)


def record(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "transcript.jsonl").write_text("\n".join(transcript()) + "\n", encoding="utf-8")
    kit = [sys.executable, "-m", "mem0kit.cli"]
    for name, args in {
        "help-mem0-kit": ["--help"],
        "help-mock": ["mock", "--help"],
        "help-verify": ["verify", "--help"],
        "help-spec": ["spec", "--help"],
        "spec-path": ["spec", "--path"],
        "spec-lint": ["spec", "--lint"],
    }.items():
        (out / f"{name}.txt").write_text(_run(*kit, *args), encoding="utf-8")
    with run_in_thread(Settings(seed=1)) as server, tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "verify.xml"
        report = _run(*kit, "verify", "--base-url", server.url, "--api-key", "mock-key", "--seed",
                      "1", "--run-id", "fixed", "--quiet", "--junit-xml", str(junit))  # fmt: skip
        port = str(server.port)
        (out / "verify.txt").write_text(_mask_seconds(report).replace(port, "<port>"), "utf-8")
        xml = _mask_seconds(junit.read_text(encoding="utf-8")).replace(port, "<port>")
        (out / "verify.junit.xml").write_text(xml, encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        pytest = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--rootdir", tmp]
        fixtures = _run(*pytest, "--fixtures", "-q", tmp, cwd=Path(tmp))
        plugin = fixtures[fixtures.find("fixtures defined from mem0kit") :]
        # Where a fixture is defined (file and line) may move; its name and doc may not.
        plugin = re.sub(r" -- \S+", "", _mask_seconds(plugin.replace(tmp, "<tmp>")))
        (out / "fixtures.txt").write_text(plugin, encoding="utf-8")
        markers = _run(*pytest, "--markers", cwd=Path(tmp))
        shown = [line for line in markers.splitlines() if "mem0" in line]
        (out / "markers.txt").write_text("\n".join(shown) + "\n", encoding="utf-8")
        options = _run(*pytest, "--help", cwd=Path(tmp))
        start = options.find("mem0-contract-kit:")
        end = options.find("\n\n", start)
        (out / "plugin-help.txt").write_text(options[start:end] + "\n", encoding="utf-8")
    lines = []
    for package in _PUBLIC_PACKAGES:
        module = importlib.import_module(package)
        names = getattr(module, "__all__", None)
        lines.append(f"{package}: {sorted(names) if names is not None else '(no __all__)'}")
    (out / "all.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    record(Path(sys.argv[1]))
