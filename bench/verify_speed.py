"""`mem0-kit verify` against plain `schemathesis run`: cases per second on the same spec, target and
operation, side by side.

Both judge `POST /v1/memories/` of a fresh mock (server pinned to one core, the tool to the
other) with the default profile's budget: 50 fuzzing examples per generation mode, the coverage
phase, seed 0, deterministic. A case is a request the mock received (its `/_mock/health` count,
less the one readiness add), so both tools are counted by the same meter.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import servers

OPERATION = "schema:POST /v1/memories/"
EXAMPLES = 50
TIMEOUT_S = 120  # a tool still running then is stopped; its rate is over those seconds


@dataclass(frozen=True)
class ToolRun:
    tool: str
    seconds: float
    cases: int
    exit_code: int

    @property
    def per_second(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0


def _argv(tool: str, url: str) -> list[str]:
    bin_dir = Path(sys.executable).parent
    if tool == "mem0-kit verify":
        return [
            str(bin_dir / "mem0-kit"), "verify", "--base-url", url, "--api-key", servers.API_KEY,
            "--profile", "default", "--check", OPERATION, "--quiet",
        ]  # fmt: skip
    return [
        str(bin_dir / "schemathesis"), "run", str(servers.REPO / "openapi.yaml"), "-u", url,
        "-H", f"Authorization: Token {servers.API_KEY}", "--include-path-regex", "^/v1/memories/$",
        "--include-method", "POST", "--max-examples", str(EXAMPLES), "--mode", "all",
        "--phases", "examples,coverage,fuzzing", "--seed", "0", "--generation-deterministic",
        "--no-color",
    ]  # fmt: skip


def _requests(url: str) -> int:
    health = httpx.get(f"{url}/_mock/health", timeout=10).json()
    return int(health["requests"])


def run_tool(tool: str, server_core: int, load_core: int) -> ToolRun:
    server = servers.start("mock", server_core)
    try:
        before = _requests(server.url)
        started = time.perf_counter()
        try:
            # In bench/.work: plain Schemathesis writes its example database where it runs.
            done = subprocess.run(
                ["taskset", "-c", str(load_core), *_argv(tool, server.url)], cwd=servers.WORK_DIR,
                capture_output=True, text=True, check=False, timeout=TIMEOUT_S,
            )  # fmt: skip
            code = done.returncode
        except subprocess.TimeoutExpired:
            code = -1
        seconds = time.perf_counter() - started
        cases = _requests(server.url) - before
    finally:
        servers.stop(server)
    return ToolRun(tool, seconds, cases, code)


def measure(server_core: int, load_core: int, rounds: int = 1) -> list[ToolRun]:
    """Each tool `rounds` times, alternating which goes first."""
    tools = ["mem0-kit verify", "schemathesis run"]
    runs = []
    for index in range(rounds):
        for tool in tools[:: 1 if index % 2 == 0 else -1]:
            runs.append(run_tool(tool, server_core, load_core))
            last = runs[-1]
            print(f"{tool:18} {last.cases} cases in {last.seconds:.1f} s, exit {last.exit_code}",
                  file=sys.stderr)  # fmt: skip
    return runs
