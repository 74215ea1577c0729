"""wrk, pinned to its own core, driving the request mix (`mix.lua`) or the distinct conversations
(`distinct.lua`) and reporting its figures."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
MIX = BENCH_DIR / "mix.lua"
DISTINCT = BENCH_DIR / "distinct.lua"
MARKER = "WRK_RESULT "


@dataclass(frozen=True)
class Run:
    requests: int
    seconds: float
    non_2xx: int
    socket_errors: int
    p50_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def ensure_wrk() -> str:
    """wrk from Debian, installed on first use (needs root or sudo)."""
    found = shutil.which("wrk")
    if found:
        return found
    print("installing Debian's wrk (once)...", file=sys.stderr)
    sudo = [] if _is_root() else ["sudo"]
    env_cmd = ["env", "DEBIAN_FRONTEND=noninteractive"]
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)
    subprocess.run([*sudo, *env_cmd, "apt-get", "install", "-y", "-qq", "wrk"], check=True)
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit("wrk is still missing after apt-get install")
    return found


def _is_root() -> bool:
    import os

    return os.geteuid() == 0


def wrk(
    url: str,
    *,
    connections: int,
    seconds: float,
    core: int,
    scopes: int = 10_000,
    invalid_every: int = 20,
    api_key: str = "mock-key",
    first: int = 0,
    fresh_invalid: bool = False,
) -> Run:
    argv = [
        "taskset", "-c", str(core), ensure_wrk(),
        "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s",
        "-s", str(MIX), url, "--", str(scopes), str(invalid_every), api_key, str(first),
        str(int(fresh_invalid)),
    ]  # fmt: skip
    return _run(argv)


def wrk_distinct(
    url: str,
    *,
    connections: int,
    seconds: float,
    core: int,
    bodies: Path,
    first: int = 0,
    api_key: str = "mock-key",
    headers: tuple[str, ...] = (),
) -> Run:
    """wrk sending the distinct conversations of `bodies` (`distinct.lua`), from line `first`,
    with `headers` ("Name: value") on every request."""
    argv = [
        "taskset", "-c", str(core), ensure_wrk(),
        "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s",
        *(flag for header in headers for flag in ("-H", header)),
        "-s", str(DISTINCT), url, "--", str(bodies), api_key, str(first),
    ]  # fmt: skip
    return _run(argv)


def _run(argv: list[str]) -> Run:
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    line = next((x for x in done.stdout.splitlines() if x.startswith(MARKER)), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result:\n{done.stdout}\n{done.stderr}")
    raw = json.loads(line.removeprefix(MARKER))
    return Run(
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        non_2xx=raw["status"],
        socket_errors=raw["connect"] + raw["read"] + raw["write"] + raw["timeout"],
        p50_ms=raw["p50_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
    )
