"""Benchmark the mock against the ceiling (bare Starlette) and Prism; write bench/RESULTS.md.

    make bench                        # or: .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --seconds 3 --rounds 1 --skip-verify   # a quick look

Servers run pinned to one core and wrk to the other (taskset), one server at a time, in rounds that
alternate the order; each figure is the median over the rounds. wrk and Prism are installed on first
use (apt-get; npm into bench/.prism). See bench/RESULTS.md for the last results and their reading.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import os
import re
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

sys.path.insert(0, str(Path(__file__).resolve().parent))

import app_cost
import conversations
import load
import report
import scope_cost
import servers
import spy
import verify_speed

SERVERS = ["ceiling", "mock", "prism"]
CONNECTIONS = [1, 32]
SERVER_CORE = 1
LOAD_CORE = 0


def throughput(seconds: float, rounds: int) -> dict[tuple[str, int], list[load.Run]]:
    runs: dict[tuple[str, int], list[load.Run]] = {}
    with servers.running(SERVERS, SERVER_CORE) as running:
        for server in running.values():
            valid, invalid = servers.probe(server)
            report.note(f"{server.name}: valid add -> {valid}, invalid add -> {invalid}")
            load.wrk(server.url, connections=32, seconds=2, core=LOAD_CORE)  # warm-up
        for round_index in range(rounds):
            order = SERVERS[round_index % 3 :] + SERVERS[: round_index % 3]
            for connections in CONNECTIONS:
                for name in order:
                    run = load.wrk(
                        running[name].url, connections=connections, seconds=seconds, core=LOAD_CORE
                    )
                    runs.setdefault((name, connections), []).append(run)
                    _show(f"round {round_index + 1} {name}", connections, run)
        # What the 5% of rejected requests cost: the same two apps on valid adds only.
        for round_index in range(rounds):
            for name in ("ceiling", "mock")[:: 1 if round_index % 2 else -1]:
                run = load.wrk(
                    running[name].url, connections=32, seconds=seconds, core=LOAD_CORE,
                    invalid_every=0,
                )  # fmt: skip
                runs.setdefault((f"{name} (valid adds only)", 32), []).append(run)
                _show(f"round {round_index + 1} {name} valid only", 32, run)
        # The mix's four bad bodies repeat, and the mock words each once: here every one is new.
        for round_index in range(rounds):
            run = load.wrk(
                running["mock"].url, connections=32, seconds=seconds, core=LOAD_CORE,
                fresh_invalid=True,
            )  # fmt: skip
            runs.setdefault(("mock (each invalid body new)", 32), []).append(run)
            _show(f"round {round_index + 1} mock fresh invalid", 32, run)
    return runs


def distinct(seconds: float, rounds: int) -> dict[tuple[str, int], list[load.Run]]:
    """The distinct-conversations workload (`conversations.py`, `distinct.lua`) on fresh servers:
    the mock never sees a body twice (its cursor moves on by the requests each run sent); the
    ceiling and Prism keep no state, so they replay from the start."""
    bodies = distinct_bodies()
    runs: dict[tuple[str, int], list[load.Run]] = {}
    sent = 0
    with servers.running(SERVERS, SERVER_CORE) as running:
        for server in running.values():
            first = sent if server.name == "mock" else 0
            warm = load.wrk_distinct(
                server.url, connections=32, seconds=2, core=LOAD_CORE, bodies=bodies, first=first
            )
            sent += warm.requests if server.name == "mock" else 0
        for round_index in range(rounds):
            order = SERVERS[round_index % 3 :] + SERVERS[: round_index % 3]
            for connections in CONNECTIONS:
                for name in order:
                    run = load.wrk_distinct(
                        running[name].url, connections=connections, seconds=seconds,
                        core=LOAD_CORE, bodies=bodies, first=sent if name == "mock" else 0,
                    )  # fmt: skip
                    sent += run.requests if name == "mock" else 0
                    runs.setdefault((name, connections), []).append(run)
                    _show(f"round {round_index + 1} {name} distinct", connections, run)
    report.note(f"distinct conversations: the mock was sent {sent:,} bodies, none twice")
    return runs


DISTINCT_BODIES = 250_000


def distinct_bodies(count: int = DISTINCT_BODIES) -> Path:
    """The distinct workload's bodies, one a line, written once per version of the generator."""
    source = (servers.BENCH_DIR / "conversations.py").read_bytes()
    version = hashlib.sha256(source).hexdigest()[:12]
    path = servers.WORK_DIR / f"distinct-{count}-{version}.jsonl"
    if not path.exists():
        servers.WORK_DIR.mkdir(exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_text("".join(body + "\n" for body in conversations.bodies(count)))
        partial.rename(path)
    return path


def _show(label: str, connections: int, run: load.Run) -> None:
    print(f"{label:28} c={connections:<3} {run.rps:8.0f} req/s p50 {run.p50_ms:6.2f} ms "
          f"p99 {run.p99_ms:6.2f} ms", file=sys.stderr)  # fmt: skip


# The kit's own packages, compiled to bytecode before anything is timed.
PACKAGES = ("mem0kit", "mem0spec", "mockserver", "contracts")


def compile_bytecode() -> None:
    """Write the kit's bytecode as `pip install` does for the wheel. From a checkout, Python writes
    it on first import, unless PYTHONDONTWRITEBYTECODE is set (as on this bench's machine): then
    every start compiled ~100 modules from source, 0.17 s that no installed kit pays, while the
    ceiling's packages in site-packages start from bytecode."""
    for package in PACKAGES:
        compileall.compile_dir(servers.REPO / package, quiet=1)


def startup(times: int) -> dict[str, list[float]]:
    """Seconds from spawning `mem0-kit mock`, and the bare Starlette app under uvicorn (the
    ceiling), to the first 200 on a valid add, measured the same way, alternating."""
    measured: dict[str, list[float]] = {"mock": [], "ceiling": []}
    for index in range(times):
        for name in ("mock", "ceiling")[:: 1 if index % 2 == 0 else -1]:
            port = servers.free_port()
            argv = ["taskset", "-c", str(SERVER_CORE), *servers.command(name, port)]
            started = time.perf_counter()
            process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            server = servers.Server(name, process, f"http://127.0.0.1:{port}")
            try:
                servers.wait_ready(server.url, process)
                measured[name].append(time.perf_counter() - started)
            finally:
                servers.stop(server)
    return measured


HELP_COMMANDS = {
    "python -c 'import uvicorn'": [sys.executable, "-c", "import uvicorn"],
    "mem0-kit --help": ["mem0-kit", "--help"],
    "mem0-kit mock --help": ["mem0-kit", "mock", "--help"],
    "mem0-kit verify --help": ["mem0-kit", "verify", "--help"],
}


def help_times(times: int) -> dict[str, list[float]]:
    """Wall seconds of each command in `HELP_COMMANDS`, in turn, pinned to the server's core."""
    bin_dir = Path(sys.executable).parent
    measured: dict[str, list[float]] = {label: [] for label in HELP_COMMANDS}
    for _ in range(times):
        for label, argv in HELP_COMMANDS.items():
            full = [str(bin_dir / argv[0]) if argv[0] == "mem0-kit" else argv[0], *argv[1:]]
            started = time.perf_counter()
            subprocess.run(
                ["taskset", "-c", str(SERVER_CORE), *full], capture_output=True, check=True
            )
            measured[label].append(time.perf_counter() - started)
    return measured


def memory(total: int, checkpoints: int) -> list[tuple[int, float]]:
    """RSS (MiB) of a fresh mock at `checkpoints` even steps while it serves `total` distinct
    conversations over 10,000 scopes (wrk cannot stop at a request count, so it runs in 5 s slices
    that continue the sequence, and each figure is taken at the first slice boundary past its
    step)."""
    bodies = distinct_bodies(max(DISTINCT_BODIES, total + 50_000))
    server = servers.start("mock", SERVER_CORE)
    points = [(0, server.rss_mib())]
    try:
        sent = 0
        step = total // checkpoints
        while sent < total:
            run = load.wrk_distinct(
                server.url, connections=32, seconds=5, core=LOAD_CORE, bodies=bodies, first=sent
            )
            if run.requests == 0:
                raise RuntimeError("the mock stopped answering during the memory run")
            sent += run.requests
            if sent >= step * len(points) or sent >= total:
                points.append((sent, server.rss_mib()))
    finally:
        servers.stop(server)
    return points


def churn(seconds: float, rounds: int) -> dict[str, list[tuple[load.Run, float, float]]]:
    """The mock with and without its sweeps frozen, under distinct adds over a new connection per
    request (32 at a time): what a frozen cycle of a closed connection would leak shows in RSS.
    name -> [(run, RSS MiB when ready, RSS MiB after)], fresh servers, alternating."""
    bodies = distinct_bodies()
    measured: dict[str, list[tuple[load.Run, float, float]]] = {"mock": [], servers.UNFROZEN: []}
    for index in range(rounds):
        for name in list(measured)[:: 1 if index % 2 == 0 else -1]:
            server = servers.start(name, SERVER_CORE)
            try:
                ready = server.rss_mib()
                run = load.wrk_distinct(
                    server.url, connections=32, seconds=seconds, core=LOAD_CORE, bodies=bodies,
                    headers=("Connection: close",),
                )  # fmt: skip
                measured[name].append((run, ready, server.rss_mib()))
            finally:
                servers.stop(server)
    return measured


def verify() -> tuple[float, int, int, str]:
    """`mem0-kit verify` (default profile) against a fresh mock: wall seconds, exit code, cases
    (summed from its JUnit report) and its output."""
    junit = servers.WORK_DIR / "verify.xml"
    junit.unlink(missing_ok=True)
    server = servers.start("mock", SERVER_CORE)
    try:
        mem0_kit = str(Path(sys.executable).parent / "mem0-kit")
        argv = [mem0_kit, "verify", "--base-url", server.url, "--api-key", servers.API_KEY]
        argv += ["--junit-xml", str(junit)]
        started = time.perf_counter()
        done = subprocess.run(
            ["taskset", "-c", str(LOAD_CORE), *argv], capture_output=True, text=True, check=False
        )
        wall = time.perf_counter() - started
    finally:
        servers.stop(server)
    return wall, done.returncode, _junit_cases(junit), done.stdout or done.stderr


def _junit_cases(junit: Path) -> int:
    """Cases run, from the `cases=N` each check writes into its JUnit system-out (0 if absent)."""
    if not junit.exists():
        return 0
    tree = ElementTree.parse(junit)
    found = (re.search(r"cases=(\d+)", out.text or "") for out in tree.iter("system-out"))
    return sum(int(match.group(1)) for match in found if match)


def profiled(seconds: int) -> spy.Profile:
    output = servers.WORK_DIR / "mock-profile.txt"
    server = servers.start("mock", SERVER_CORE)
    try:
        loader = threading.Thread(
            target=load.wrk,
            args=(server.url,),
            kwargs={"connections": 32, "seconds": seconds + 4, "core": LOAD_CORE},
        )
        loader.start()
        time.sleep(2)  # let wrk reach steady state before sampling
        spy.record(server.process.pid, seconds, LOAD_CORE, output)
        loader.join()
    finally:
        servers.stop(server)
    return spy.analyse(output)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--seconds", type=float, default=8, help="length of one wrk run (default 8)"
    )
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds (default 5)")
    parser.add_argument("--memory-requests", type=int, default=200_000)
    parser.add_argument("--startups", type=int, default=5)
    parser.add_argument("--churn-seconds", type=float, default=30)
    parser.add_argument("--profile-seconds", type=int, default=10)
    parser.add_argument("--skip-verify", action="store_true")
    parser.add_argument(
        "--only-scope-cost",
        action="store_true",
        help="measure only search/list/add on one scope of 10,000 memories and rewrite that "
        "section of the output",
    )
    parser.add_argument("--output", type=Path, default=report.RESULTS)
    args = parser.parse_args()
    if len(os.sched_getaffinity(0)) < 2:
        print("needs two cores (server and load generator pinned apart)", file=sys.stderr)
        return 2
    measured = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    compile_bytecode()
    servers.ensure_prism()  # before the first section names the versions it ran with
    scope = scope_cost.measure(args.seconds, args.rounds, SERVER_CORE, LOAD_CORE)
    section = scope_cost.render(scope, measured, report._versions(), args.seconds, args.rounds)
    if args.only_scope_cost:
        document = args.output.read_text() if args.output.exists() else ""
        args.output.write_text(scope_cost.splice(document, section))
        print(f"wrote the scope section of {args.output}", file=sys.stderr)
        return 0
    results = report.Results(load_before=os.getloadavg())
    results.app_cost = app_cost.measure()
    results.profile = profiled(args.profile_seconds)
    results.runs = throughput(args.seconds, args.rounds)
    results.distinct = distinct(args.seconds, args.rounds)
    results.churn = churn(args.churn_seconds, rounds=2)
    results.startup = startup(args.startups)
    results.help = help_times(args.startups)
    results.memory = memory(args.memory_requests, checkpoints=4)
    results.verify = None if args.skip_verify else verify()
    if not args.skip_verify:
        results.verify_speed = verify_speed.measure(SERVER_CORE, LOAD_CORE)
    results.load_after = os.getloadavg()
    args.output.write_text(scope_cost.splice(report.render(results, args), section))
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
