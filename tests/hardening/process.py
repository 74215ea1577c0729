"""The mock as a real subprocess (`mem0-kit mock`), for the tests that need a process: signals,
RSS, logs, restarts.

It binds port 0 and we read the real port from what the CLI prints; readiness is a 200 from
`GET /v1/ping/`, polled, never slept for. Output is drained by a thread so a chatty server cannot
block on a full pipe, and kept for the log-masking checks.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

API_KEY = "mock-key"
MEM0_KIT = str(Path(sys.executable).with_name("mem0-kit"))
_URL = re.compile(r"http://(127\.0\.0\.1|0\.0\.0\.0|\[::1\]|localhost):(\d+)")


@dataclass
class MockProcess:
    process: subprocess.Popen[bytes]
    url: str = ""
    output: list[str] = field(default_factory=list)
    api_key: str = API_KEY
    drain: threading.Thread | None = None

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Token {self.api_key}"}

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def alive(self) -> bool:
        return self.process.poll() is None

    def rss_mib(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(x for x in status.splitlines() if x.startswith("VmRSS:"))
        return int(line.split()[1]) / 1024

    def log(self) -> str:
        return "\n".join(self.output)

    def terminate(self, timeout: float = 30.0) -> int:
        """SIGTERM, then wait; returns the exit code (kills and fails if it does not exit)."""
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"the mock ignored SIGTERM for {timeout} s") from None
        finally:
            self.close()

    def close(self) -> None:
        """Collect the rest of the output once the process is gone."""
        if self.drain is not None:
            self.drain.join(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


def _drain(mock: MockProcess, found: threading.Event) -> None:
    assert mock.process.stdout is not None
    for raw in mock.process.stdout:
        line = raw.decode("utf-8", "replace").rstrip("\n")
        mock.output.append(line)
        match = _URL.search(line)
        if match and not found.is_set():
            host = "127.0.0.1" if match.group(1) == "0.0.0.0" else match.group(1)
            mock.url = f"http://{host}:{match.group(2)}"
            found.set()
    found.set()


def spawn(*args: str, api_key: str = API_KEY, timeout: float = 60.0) -> MockProcess:
    """Start `mem0-kit mock --port 0 ARGS...` and return once it answers ping with 200."""
    argv = [MEM0_KIT, "mock", "--port", "0", *args]
    if "--api-key" in args:
        api_key = args[args.index("--api-key") + 1]
    else:
        argv += ["--api-key", api_key]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    mock = MockProcess(process, api_key=api_key)
    found = threading.Event()
    mock.drain = threading.Thread(target=_drain, args=(mock, found), daemon=True)
    mock.drain.start()
    deadline = time.monotonic() + timeout
    try:
        if not found.wait(timeout) or not mock.url:
            raise AssertionError(f"the mock printed no URL; its output:\n{mock.log()}")
        with httpx.Client(timeout=5.0) as client:
            while time.monotonic() < deadline:
                if not mock.alive():
                    raise AssertionError(f"the mock exited early:\n{mock.log()}")
                try:
                    if client.get(f"{mock.url}/v1/ping/", headers=mock.auth).status_code == 200:
                        return mock
                except httpx.TransportError:
                    pass
                time.sleep(0.01)  # poll interval while the socket comes up
        raise AssertionError(f"the mock did not answer ping within {timeout} s:\n{mock.log()}")
    except BaseException:
        if mock.alive():
            mock.process.kill()
            mock.process.wait()
        mock.close()
        raise
