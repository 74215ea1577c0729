"""Search and list on ONE scope of 10,000 memories, beside an add on that same scope.

The issue's target: a search (POST /v3/memories/search/) costs at most 3 adds (POST /v1/memories/,
infer:true) at that size. The mock starts from a fixture of 10,000 distinct memories of one user
(`--memories`, docs/MOCK.md) with `--max-memories-per-scope 10000`, so the adds' new memories evict
the oldest and the scope stays at 10,000 throughout. The three kinds run side by side in the same
server, pinned as the main bench pins it, in rounds that alternate their order; each figure is the
median over the rounds, and the cost ratios are µs per request over the add's.

    .venv/bin/python bench/run.py --only-scope-cost     # just this section of RESULTS.md
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import load
import servers

SIZE = 10_000
USER = "bench-big"
KINDS = ("add", "search", "list")
CONNECTIONS = (1, 32)
SCRIPT = Path(__file__).resolve().parent / "scope.lua"
TITLE = f"## Search and list on one scope of {SIZE:,} memories"
TARGET = 3.0  # a search costs at most this many adds

_PLACES = ("Berlin", "Lisbon", "Porto", "Oslo", "Kyoto", "Lima", "Accra", "Hanoi")
_THINGS = ("coffee", "tea", "sushi", "jazz", "chess", "cycling", "opera", "hiking")


def fixture(path: Path) -> Path:
    """10,000 distinct memories of `USER` (a few words in common, so searches find some)."""
    memories = [
        {
            "memory": f"fact {n}: likes {_THINGS[n % 8]} in {_PLACES[(n // 8) % 8]} (note {n})",
            "user_id": USER,
        }
        for n in range(SIZE)
    ]
    path.write_text(json.dumps({"memories": memories}))
    return path


@dataclass
class Figures:
    runs: dict[tuple[str, int], list[load.Run]] = field(default_factory=dict)
    scope_size: dict[str, int] = field(default_factory=dict)  # health's memory count, when
    probes: dict[str, str] = field(default_factory=dict)  # one answer of each kind, abridged
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before and after

    def median(self, kind: str, connections: int, attribute: str = "rps") -> float:
        return statistics.median(getattr(r, attribute) for r in self.runs[(kind, connections)])

    def us_per_request(self, kind: str, connections: int) -> float:
        rps = self.median(kind, connections)
        return 1e6 / rps if rps else float("inf")

    def cost(self, kind: str, connections: int) -> float:
        """µs per request of `kind` over the add's (how many adds one costs)."""
        return self.us_per_request(kind, connections) / self.us_per_request("add", connections)


def _wrk(url: str, kind: str, connections: int, seconds: float, core: int, first: int) -> load.Run:
    argv = [
        "taskset", "-c", str(core), load.ensure_wrk(),
        "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s",
        "-s", str(SCRIPT), url, "--", kind, USER, servers.API_KEY, str(first),
    ]  # fmt: skip
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    line = next((x for x in done.stdout.splitlines() if x.startswith(load.MARKER)), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result:\n{done.stdout}\n{done.stderr}")
    raw = json.loads(line.removeprefix(load.MARKER))
    return load.Run(
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        non_2xx=raw["status"],
        socket_errors=raw["connect"] + raw["read"] + raw["write"] + raw["timeout"],
        p50_ms=raw["p50_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
    )


def _start(server_core: int) -> servers.Server:
    servers.WORK_DIR.mkdir(exist_ok=True)
    memories = fixture(servers.WORK_DIR / "scope-10000.json")
    port = servers.free_port()
    argv = ["taskset", "-c", str(server_core), *servers.command("mock", port)]
    argv += ["--memories", str(memories), "--max-memories-per-scope", str(SIZE)]
    with (servers.WORK_DIR / "mock-scope.log").open("ab") as log:
        process = subprocess.Popen(argv, cwd=servers.REPO, stdout=log, stderr=subprocess.STDOUT)
    server = servers.Server("mock", process, f"http://127.0.0.1:{port}")
    try:
        servers.wait_ready(server.url, process, timeout=120)
    except BaseException:
        servers.stop(server)
        raise
    return server


def _scope_size(client: httpx.Client) -> int:
    """The scope's memories, counted page by page (`/_mock/memories` answers 1,000 at most)."""
    count, offset = 0, 0
    while True:
        params: dict[str, str | int] = {"user_id": USER, "limit": 1000, "offset": offset}
        page = client.get("/_mock/memories", params=params).json()
        count += len(page["memories"])
        if "next" not in page:
            return count
        offset = page["next"]


def _probe(client: httpx.Client) -> dict[str, str]:
    """One answer of each kind (status, result count, time), to show what was measured."""
    bodies = {
        "add": ("/v1/memories/", {"messages": [{"role": "user", "content": "I live in Oslo."}],
                                  "user_id": USER}),
        "search": ("/v3/memories/search/", {"query": "Berlin", "filters": {"user_id": USER}}),
        "list": ("/v3/memories/", {"filters": {"user_id": USER}, "page": 1}),
    }  # fmt: skip
    shown = {}
    for kind, (path, body) in bodies.items():
        answer = client.post(path, json=body)
        data = answer.json()
        results = data if isinstance(data, list) else data.get("results", [])
        extra = f", count {data['count']}" if isinstance(data, dict) and "count" in data else ""
        shown[kind] = (
            f"{answer.status_code}, {len(results)} results{extra}, "
            f"{answer.elapsed.total_seconds() * 1000:.1f} ms"
        )
    return shown


def measure(seconds: float, rounds: int, server_core: int, load_core: int) -> Figures:
    figures = Figures()
    before = os.getloadavg()[0]
    server = _start(server_core)
    headers = {"Authorization": f"Token {servers.API_KEY}"}
    try:
        with httpx.Client(base_url=server.url, headers=headers, timeout=600.0) as client:
            figures.scope_size["start"] = _scope_size(client)
            figures.probes = _probe(client)
            first = 0
            for kind in KINDS:  # warm-up
                _wrk(server.url, kind, 32, 1, load_core, first)
                first += 1_000_000
                client.get("/_mock/health")  # waits out the requests wrk left queued
            for round_index in range(rounds):
                order = KINDS[round_index % 3 :] + KINDS[: round_index % 3]
                for connections in CONNECTIONS:
                    for kind in order:
                        run = _wrk(server.url, kind, connections, seconds, load_core, first)
                        first += 1_000_000
                        figures.runs.setdefault((kind, connections), []).append(run)
                        client.get("/_mock/health")  # waits out the requests wrk left queued
                        print(f"scope round {round_index + 1} {kind:6} c={connections:<3} "
                              f"{run.rps:8.0f} req/s p50 {run.p50_ms:7.2f} ms "
                              f"p99 {run.p99_ms:7.2f} ms non-2xx {run.non_2xx}",
                              file=sys.stderr)  # fmt: skip
            figures.scope_size["end"] = _scope_size(client)
    finally:
        servers.stop(server)
    figures.load = (before, os.getloadavg()[0])
    return figures


def render(figures: Figures, measured: str, machine: str, seconds: float, rounds: int) -> str:
    lines = [
        TITLE,
        "",
        f"Measured {measured} (`python bench/run.py --only-scope-cost --seconds {seconds:g} "
        f"--rounds {rounds}`). Machine: {machine}.",
        "",
        f"One mock (`--memories` fixture of {SIZE:,} distinct memories of `{USER}`, "
        f"`--max-memories-per-scope {SIZE}`), server on core 1 and wrk on core 0, the three "
        f"kinds alternating over {rounds} rounds (`bench/scope.lua`); medians over the rounds. "
        "add: `POST /v1/memories/` with infer:true and a new text each time (its memories evict "
        "the oldest, so the scope stays at 10,000); search: `POST /v3/memories/search/` with "
        f"`filters: {{user_id}}`, four queries in turn; list: `POST /v3/memories/` page 1. "
        f"Memories in the scope: {figures.scope_size.get('start', 0):,} at the start, "
        f"{figures.scope_size.get('end', 0):,} at the end. 1-minute load average "
        f"{figures.load[0]:.2f} before, {figures.load[1]:.2f} after (2 cores: above ~2, other "
        "work shared the cores and the figures are noisy).",
        "",
        "| request | connections | req/s | µs/request | p50 ms | p99 ms | non-2xx | cost in adds |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for connections in CONNECTIONS:
        for kind in KINDS:
            runs = figures.runs[(kind, connections)]
            lines.append(
                f"| {kind} | {connections} | {figures.median(kind, connections):,.0f} | "
                f"{figures.us_per_request(kind, connections):,.0f} | "
                f"{figures.median(kind, connections, 'p50_ms'):.2f} | "
                f"{figures.median(kind, connections, 'p99_ms'):.2f} | "
                f"{sum(r.non_2xx for r in runs)} | {figures.cost(kind, connections):.2f} |"
            )
    lines += ["", "| ratio | c=1 | c=32 | target |", "| --- | ---: | ---: | --- |"]
    for kind in ("search", "list"):
        costs = [figures.cost(kind, c) for c in CONNECTIONS]
        target = ""
        if kind == "search":
            met = "met" if max(costs) <= TARGET else "NOT met"
            target = f"<= {TARGET:g}: {met}"
        lines.append(
            f"| {kind} / add, µs per request | {costs[0]:.2f} | {costs[1]:.2f} | "
            f"{target or '(no target)'} |"
        )
    lines += ["", *(f"- one {kind}: {shown}" for kind, shown in figures.probes.items()), ""]
    return "\n".join(lines)


def splice(document: str, section: str) -> str:
    """`document` with its section titled TITLE replaced by `section` (or inserted before
    `## Re-running`, or appended)."""
    start = document.find(TITLE + "\n")
    if start >= 0:
        end = document.find("\n## ", start + len(TITLE))
        rest = "\n" + document[end + 1 :] if end >= 0 else ""
        return document[:start] + section.rstrip("\n") + "\n" + rest
    anchor = document.find("## Re-running")
    if anchor >= 0:
        return document[:anchor] + section + "\n" + document[anchor:]
    return document.rstrip("\n") + "\n\n" + section
