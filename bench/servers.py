"""The three servers under test, each started pinned to one core and stopped cleanly.

Every server is a subprocess under `taskset`, bound to 127.0.0.1 on a free port; `start` returns
once a real request got its expected answer (no sleeping), `stop` sends SIGTERM and waits.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
PRISM_DIR = BENCH_DIR / ".prism"
WORK_DIR = BENCH_DIR / ".work"
PRISM_BIN = PRISM_DIR / "node_modules" / ".bin" / "prism"
PRISM_PACKAGE = "@stoplight/prism-cli@5"
API_KEY = "mock-key"
# The probe adds to a scope of the mix: a scope of its own would be scope 10,001 and push one of
# the mix's scopes past the mock's --max-scopes (429).
VALID_BODY = {"messages": [{"role": "user", "content": "I live here."}], "user_id": "bench-user-0"}
INVALID_BODY = {"messages": [{"role": "robot", "content": "beep"}], "user_id": "probe"}


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    url: str

    def rss_mib(self) -> float:
        """Resident set size of the server process and its children (Prism's node forks none)."""
        return _rss_kib(self.process.pid) / 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    total = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for child in children.read_text().split() if children.exists() else []:
        with contextlib.suppress(FileNotFoundError, StopIteration):
            total += _rss_kib(int(child))
    return total


def ensure_prism() -> Path:
    """Install Prism into bench/.prism (gitignored) on first use."""
    if not PRISM_BIN.exists():
        if shutil.which("npm") is None:
            raise SystemExit("Prism needs npm (Debian: apt-get install -y npm)")
        print(f"installing {PRISM_PACKAGE} into {PRISM_DIR} (once)...", file=sys.stderr)
        PRISM_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", PRISM_PACKAGE],
            cwd=PRISM_DIR,
            check=True,
        )
    return PRISM_BIN


# The mock with the collector as it was before `mockserver/collector.py`: frozen once at start-up
# only, so every full sweep visits the whole store. Measured beside the mock, never served to users.
UNFROZEN = "mock, sweeps unfrozen"
_UNFROZEN = (
    "import gc, sys\n"
    "import mockserver.collector as collector\n"
    "collector.freeze_full_sweep_survivors = lambda: (gc.collect(), gc.freeze())\n"
    "from mem0kit.cli import main\n"
    "sys.exit(main())"
)


def command(name: str, port: int, seed: int = 7) -> list[str]:
    """The command line that serves `name` on `port` (without the taskset prefix)."""
    bin_dir = Path(sys.executable).parent
    if name == "ceiling":
        return [sys.executable, str(BENCH_DIR / "ceiling.py"), "--port", str(port)]
    if name in ("mock", UNFROZEN):
        # Access log off (warning level), as Prism's `-v silent`; validation, auth, state and the
        # journal stay on, as by default.
        mock = [str(bin_dir / "mem0-kit"), "mock", "--port", str(port), "--seed", str(seed)]
        if name == UNFROZEN:
            mock[:1] = [sys.executable, "-c", _UNFROZEN]
        return [*mock, "--api-key", API_KEY, "--log-level", "warning"]
    if name == "prism":
        spec = str(REPO / "openapi.yaml")
        return [
            str(ensure_prism()),
            "mock",
            spec,
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-v",
            "silent",
        ]
    raise ValueError(f"unknown server {name!r}; expected ceiling, mock or prism")


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> float:
    """Seconds until `url` answered a valid add with 200; polls every 5 ms."""
    started = time.perf_counter()
    headers = {"Authorization": f"Token {API_KEY}"}
    with httpx.Client(timeout=5.0) as client:
        while time.perf_counter() - started < timeout:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode} before it was ready")
            with contextlib.suppress(httpx.TransportError):
                answer = client.post(f"{url}/v1/memories/", json=VALID_BODY, headers=headers)
                if answer.status_code == 200:
                    return time.perf_counter() - started
            time.sleep(0.005)
    raise RuntimeError(f"{url} did not answer 200 within {timeout} s")


def start(name: str, core: int, seed: int = 7) -> Server:
    port = free_port()
    argv = ["taskset", "-c", str(core), *command(name, port, seed)]
    WORK_DIR.mkdir(exist_ok=True)
    with (WORK_DIR / f"{name}.log").open("ab") as log:
        process = subprocess.Popen(argv, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    server = Server(name, process, f"http://127.0.0.1:{port}")
    try:
        wait_ready(server.url, process)
    except BaseException:
        stop(server)
        raise
    return server


def stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


@contextlib.contextmanager
def running(names: list[str], core: int) -> Iterator[dict[str, Server]]:
    servers: dict[str, Server] = {}
    try:
        for name in names:
            servers[name] = start(name, core)
        yield servers
    finally:
        for server in servers.values():
            stop(server)


def probe(server: Server) -> tuple[int, int]:
    """Status codes for one valid and one schema-invalid add (the mix's two kinds)."""
    headers = {"Authorization": f"Token {API_KEY}"}
    with httpx.Client(base_url=server.url, headers=headers, timeout=10.0) as client:
        valid = client.post("/v1/memories/", json=VALID_BODY).status_code
        invalid = client.post("/v1/memories/", json=INVALID_BODY).status_code
    return valid, invalid


def cpu_count() -> int:
    return len(os.sched_getaffinity(0))
