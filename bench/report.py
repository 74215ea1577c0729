"""Figures -> bench/RESULTS.md: the tables, the ratios against the targets, and how to re-run."""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import load
import servers
import spy
import verify_speed

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
# Hand-written reading of the last full run, carried into RESULTS.md (dated inside: re-read it
# after re-running, the figures it quotes may have moved).
ANALYSIS = Path(__file__).resolve().parent / "ANALYSIS.md"
_NOTES: list[str] = []


def note(text: str) -> None:
    _NOTES.append(text)


@dataclass
class Results:
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    runs: dict[tuple[str, int], list[load.Run]] = field(default_factory=dict)
    # The distinct-conversations workload: (server, connections) -> runs
    distinct: dict[tuple[str, int], list[load.Run]] = field(default_factory=dict)
    startup: dict[str, list[float]] = field(default_factory=dict)  # "mock" / "ceiling" -> s
    help: dict[str, list[float]] = field(default_factory=dict)  # command -> seconds
    memory: list[tuple[int, float]] = field(default_factory=list)
    verify: tuple[float, int, int, str] | None = None
    verify_speed: list[verify_speed.ToolRun] = field(default_factory=list)
    profile: spy.Profile | None = None
    # The collector with and without frozen sweeps, a new connection per request:
    # server -> [(run, RSS MiB when ready, RSS MiB after)]
    churn: dict[str, list[tuple[load.Run, float, float]]] = field(default_factory=dict)
    # (app, "valid" | "invalid") -> (microseconds per request without HTTP, statuses seen)
    app_cost: dict[tuple[str, str], tuple[float, set[int]]] = field(default_factory=dict)


def _median(runs: list[load.Run], attribute: str) -> float:
    return statistics.median(getattr(run, attribute) for run in runs)


def _versions() -> str:
    def out(argv: list[str]) -> str:
        try:
            done = subprocess.run(argv, capture_output=True, text=True, check=False)
        except OSError:
            return "?"
        return (done.stdout or done.stderr).strip().splitlines()[0]

    import starlette
    import uvicorn

    wrk_version = " ".join(out(["wrk", "--version"]).split()[:2])  # "wrk debian/4.1.0-3+b2"

    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    return (
        f"{cpu}; Python {platform.python_version()}, starlette {starlette.__version__}, "
        f"uvicorn {uvicorn.__version__} ({_server_stack()}), "
        f"Prism {out([str(servers.PRISM_BIN), '--version'])}, {wrk_version}"
    )


def _throughput(results: Results) -> list[str]:
    rows = [
        "| server | connections | req/s | p50 ms | p99 ms | non-2xx | socket errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (name, connections), runs in sorted(results.runs.items(), key=lambda item: item[0][1]):
        non_2xx = sum(run.non_2xx for run in runs) / max(1, sum(run.requests for run in runs))
        rows.append(
            f"| {name} | {connections} | {_median(runs, 'rps'):,.0f} | "
            f"{_median(runs, 'p50_ms'):.2f} | {_median(runs, 'p99_ms'):.2f} | "
            f"{100 * non_2xx:.2f}% | {sum(run.socket_errors for run in runs)} |"
        )
    return rows


def _ratios(results: Results) -> list[str]:
    def rps(name: str, connections: int) -> float:
        return _median(results.runs[(name, connections)], "rps")

    def p99(name: str) -> float:
        return _median(results.runs[(name, 32)], "p99_ms")

    rows = ["| ratio | c=1 | c=32 | target |", "| --- | ---: | ---: | --- |"]
    for other, target, goal in (("ceiling", ">= 0.75", 0.75), ("prism", ">= 2.0", 2.0)):
        one, many = (rps("mock", c) / rps(other, c) for c in CONNECTIONS)
        verdict = _verdict(min(one, many) >= goal)
        rows.append(f"| mock / {other} req/s | {one:.2f} | {many:.2f} | {target}: {verdict} |")
    only = ("mock (valid adds only)", 32), ("ceiling (valid adds only)", 32)
    if all(key in results.runs for key in only):
        ratio = _median(results.runs[only[0]], "rps") / _median(results.runs[only[1]], "rps")
        label = "mock / ceiling req/s, valid adds only"
        rows.append(f"| {label} | | {ratio:.2f} | >= 0.75: {_verdict(ratio >= 0.75)} |")
    fresh = ("mock (each invalid body new)", 32)
    if fresh in results.runs:
        ratio = _median(results.runs[fresh], "rps") / rps("ceiling", 32)
        label = "mock / ceiling req/s, each invalid body new"
        rows.append(f"| {label} | | {ratio:.2f} | >= 0.75: {_verdict(ratio >= 0.75)} |")
    p99_ratio = p99("mock") / p99("ceiling")
    rows.append(
        f"| mock / ceiling p99 | | {p99_ratio:.2f} | <= 1.5: {_verdict(p99_ratio <= 1.5)} |"
    )
    return rows


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def _distinct(results: Results) -> list[str]:
    if not results.distinct:
        return []
    table = Results(load_before=results.load_before, runs=results.distinct)

    def rps(name: str, connections: int) -> float:
        return _median(results.distinct[(name, connections)], "rps")

    rows = [
        "## Distinct conversations",
        "",
        "Synchronous `infer: true` v1 adds whose conversations are all different "
        "(`bench/conversations.py`: 3-8 user and assistant turns of names, cities, jobs, likes, "
        "pets, moves and retractions, from word lists; `bench/distinct.lua`), over 10,000 scopes. "
        "The mock never gets a body twice (each run continues where the last stopped); the "
        "ceiling and Prism keep no state and replay from the first. Fresh servers, the same "
        "pinning and rounds as above.",
        "",
        *_throughput(table),
        "",
        "| ratio | c=1 | c=32 | target |",
        "| --- | ---: | ---: | --- |",
    ]
    for other, goal in (("ceiling", 0.5), ("prism", 2.0)):
        one, many = (rps("mock", c) / rps(other, c) for c in CONNECTIONS)
        verdict = _verdict(min(one, many) >= goal)
        rows.append(f"| mock / {other} req/s | {one:.2f} | {many:.2f} | >= {goal}: {verdict} |")
    return [*rows, ""]


CONNECTIONS = [1, 32]


def _churn(results: Results) -> list[str]:
    if not results.churn:
        return []
    rows = [
        "## The collector under connection churn",
        "",
        "The distinct conversations again, each over a new connection (`Connection: close`, 32 "
        "at a time), against the mock and against the mock with its collector as before "
        "`mockserver/collector.py` (frozen once at start-up, so every full sweep visits the whole "
        "store). A cycle frozen while its connection was open and garbage once it closed would "
        "never be collected: it would show as more RSS per request. Fresh servers, "
        f"{len(next(iter(results.churn.values())))} rounds alternating; medians.",
        "",
        "| server | requests | req/s | p50 ms | p99 ms | RSS ready MiB | RSS after MiB | "
        "KiB kept per request |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, measured in results.churn.items():
        runs = [run for run, _, _ in measured]
        kept = statistics.median(
            (after - ready) * 1024 / max(run.requests, 1) for run, ready, after in measured
        )
        ready = statistics.median(ready for _, ready, _ in measured)
        after = statistics.median(after for _, _, after in measured)
        rows.append(
            f"| {name} | {_median(runs, 'requests'):,.0f} | {_median(runs, 'rps'):,.0f} | "
            f"{_median(runs, 'p50_ms'):.2f} | {_median(runs, 'p99_ms'):.2f} | {ready:.0f} | "
            f"{after:.0f} | {kept:.2f} |"
        )
    return [*rows, ""]


def render(results: Results, args: argparse.Namespace) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    before = ", ".join(f"{x:.2f}" for x in results.load_before)
    after = ", ".join(f"{x:.2f}" for x in results.load_after)
    lines = [
        "# Benchmark results",
        "",
        f"Measured {now} by `make bench` (`python bench/run.py --seconds {args.seconds:g} "
        f"--rounds {args.rounds}`). Machine: {_versions()}.",
        f"Load average before the run: {before}; after: {after} (2 cores; the run itself keeps "
        "both busy, so ~2 afterwards is its own load).",
        "",
        "## Throughput and latency",
        "",
        "Server pinned to core 1, wrk (`-t1`) to core 0, one server loaded at a time, "
        f"{args.rounds} rounds alternating the order; each figure is the median over the rounds. "
        "The mix (`bench/mix.lua`): valid adds over 10,000 scopes in five shapes (v1.0 and v1.1, "
        "infer true and false, async) and one request in 20 schema-invalid (bad role, no scope, "
        "empty messages, unknown output_format). The ceiling does not validate, so it answers "
        "those 200; the mock and Prism answer 400, hence their ~5% non-2xx. The mix's four "
        "invalid bodies repeat, as a load script's do, and the mock words each rejection once "
        "(it remembers the last 512); the `each invalid body new` row gives every invalid "
        "request a numbered metadata, as a fuzzer's are, so each is worded anew (from "
        "jsonschema-rs's errors when it names one field, by openapi-core otherwise). The "
        "`valid adds only` rows run the mix without the invalid requests (32 connections).",
        "",
        *_throughput(results),
        "",
        *_ratios(results),
        "",
        *(f"- {text}" for text in _NOTES),
        "",
    ]
    lines += _distinct(results)
    lines += _churn(results)
    lines += _app_cost(results)
    lines += _other_figures(results)
    lines += _profile(results.profile)
    if ANALYSIS.exists():
        lines += [ANALYSIS.read_text().strip(), ""]
    lines += [
        "## Re-running",
        "",
        "```sh",
        "make bench                      # the full run above (~25 minutes), rewrites this file",
        ".venv/bin/python bench/run.py --seconds 3 --rounds 1 --skip-verify   # a quick look",
        "```",
        "",
        "Run it on a quiet machine: anything else on either core shows up in the figures.",
        "",
    ]
    return "\n".join(lines)


def _app_cost(results: Results) -> list[str]:
    if not results.app_cost:
        return []
    lines = [
        "## Cost of the app alone",
        "",
        "Each app driven directly (`bench/app_cost.py`: one `await app(scope, receive, send)` per "
        "request, no HTTP), 3,000 requests each. What wrk sees on top of this is the server "
        "(uvicorn, httptools, uvloop), which both apps share. A schema-invalid add is measured "
        "twice: one bad body repeated (as the mix and load scripts send them; the mock words it "
        "once and remembers) and a new bad body each time (as a fuzzer sends them). Then an "
        "add of the distinct-conversations workload, each one new; and the same with the "
        "extractor's caches emptied before each add (cold: the cost of a conversation none of "
        "whose sentences was said before; the ceiling has no caches).",
        "",
        "| app | valid add | schema-invalid add, repeated | schema-invalid add, each new | "
        "distinct conversation | distinct, cold |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in ("ceiling", "mock"):
        cells = []
        for kind in ("valid", "invalid", "fresh invalid", "distinct", "distinct, cold"):
            micros, statuses = results.app_cost[(name, kind)]
            cells.append(f"{micros:.0f} us ({'/'.join(map(str, sorted(statuses)))})")
        lines.append(f"| {name} | {' | '.join(cells)} |")
    return [*lines, ""]


def _other_figures(results: Results) -> list[str]:
    lines = ["## Startup, memory, verify", ""]
    if results.startup:
        mock, bare = (statistics.median(results.startup[name]) for name in ("mock", "ceiling"))
        lines.append(
            f"- To the first 200 on a valid add, from spawning the process (both pinned to core "
            f"1, {len(results.startup['mock'])} starts each, alternating; medians): `mem0-kit "
            f"mock` {mock:.2f} s (min {min(results.startup['mock']):.2f}, max "
            f"{max(results.startup['mock']):.2f}), the bare Starlette app under uvicorn "
            f"{bare:.2f} s: {mock / bare:.2f}x; target <= 1.5x: {_verdict(mock <= 1.5 * bare)}. "
            "Both start from bytecode, as installed packages do (`compile_bytecode` in run.py). "
            "The spec's parsed JSON copy is warm (`mem0spec/document.py`); a first start after "
            "editing openapi.yaml parses the YAML again (~0.05 s more)."
        )
    if results.help:
        base_label = next(iter(results.help))
        base = statistics.median(results.help[base_label])
        for label, seconds in results.help.items():
            if label == base_label:
                continue
            median = statistics.median(seconds)
            lines.append(
                f"- `{label}`: median {median:.2f} s over {len(seconds)} runs against "
                f"`{base_label}` {base:.2f} s: {median / base:.2f}x; target <= 1.5x: "
                f"{_verdict(median <= 1.5 * base)}."
            )
    if results.memory:
        points = ", ".join(f"{mib:.0f} MiB after {sent:,}" for sent, mib in results.memory)
        final = results.memory[-1][1]
        lines.append(
            f"- RSS of a fresh mock under distinct conversations (10,000 scopes, wrk -c32): "
            f"{points} requests; target < 150 MB: {_verdict(final * 1.048576 < 150)}."
        )
    lines += _verify_speed(results.verify_speed)
    if results.verify is None:
        lines.append("- `mem0-kit verify`: not run (--skip-verify).")
    else:
        wall, code, cases, output = results.verify
        rate = f"{cases} cases, {cases / wall:.1f} cases/s" if cases else "case count not reported"
        tail = "\n".join(output.strip().splitlines()[-25:])
        lines += [
            f"- `mem0-kit verify` (default profile) against a fresh mock: {wall:.1f} s wall, "
            f"{rate}, exit {code}. Its report:",
            "",
            "```",
            tail,
            "```",
        ]
    return [*lines, ""]


def _profile(profile: spy.Profile | None) -> list[str]:
    if profile is None:
        return []
    lines = [
        "## Profile of the mock under load",
        "",
        f"py-spy, 200 Hz, {profile.samples} samples of the mock under the mix at 32 connections.",
        "",
        "Self time (the frame on top of the stack):",
        "",
        "| % | frame |",
        "| ---: | --- |",
        *(f"| {share:.1f} | `{frame}` |" for frame, share in profile.self_time),
        "",
        "Inclusive time outside the event loop, uvicorn, h11 and Starlette (the mock's own work):",
        "",
        "| % | function |",
        "| ---: | --- |",
        *(f"| {share:.1f} | `{frame}` |" for frame, share in profile.inclusive),
        "",
    ]
    return lines


def _server_stack() -> str:
    """The event loop and HTTP parser uvicorn's "auto" picks here, for the ceiling and the mock."""
    import importlib.util

    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio loop"
    parser = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return f"{loop}, {parser}"


def _verify_speed(runs: list[verify_speed.ToolRun]) -> list[str]:
    if not runs:
        return []
    rate = {run.tool: run.per_second for run in runs}
    lines = [
        "- `mem0-kit verify` against plain `schemathesis run`, side by side (`bench/"
        "verify_speed.py`: POST /v1/memories/ of a fresh mock, the default profile's 50 examples "
        "per mode and the coverage phase, seed 0; a case is a request the mock received):",
        "",
        "| tool | cases | seconds | cases/s | exit |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(
            f"| {r.tool} | {r.cases} | {r.seconds:.1f} | {r.per_second:.1f} | {r.exit_code} |"
            for r in runs
        ),
        "",
    ]
    ours, theirs = rate.get("mem0-kit verify", 0.0), rate.get("schemathesis run", 0.0)
    if theirs:
        lines.append(
            f"  verify / schemathesis cases per second: {ours / theirs:.2f}; target >= 1: "
            f"{_verdict(ours >= theirs)}."
        )
    return lines
