"""How long `mem0-kit verify` takes against a slow server: the mock answering every contract
request after `--latency-ms` (default 50), judged by a profile (default: default) with 1, 4 and
the default 8 workers.

    .venv/bin/python bench/verify_latency.py                      # 50 ms, default profile, 1, 4, 8
    .venv/bin/python bench/verify_latency.py --workers 4 --profile quick

Each run gets a fresh mock (`mem0-kit mock --port 0 --seed 1 --latency-ms N`) and prints the wall
time of `mem0-kit verify --quiet`, its exit code and its CPU time; the load average is printed
with it, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

BIN = Path(sys.executable).parent / "mem0-kit"


def start_mock(latency_ms: int) -> tuple[subprocess.Popen[str], str]:
    command = [str(BIN), "mock", "--port", "0", "--seed", "1", "--latency-ms", str(latency_ms)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    found = re.search(r"http://127\.0\.0\.1:\d+", process.stdout.readline())
    if found is None:
        process.kill()
        raise SystemExit("the mock did not print its URL")
    # The mock goes on writing to stdout: read it, or it blocks once the pipe is full.
    threading.Thread(target=process.stdout.read, daemon=True).start()
    return process, found.group(0)


def time_verify(url: str, profile: str, workers: int) -> tuple[float, int, float]:
    """(wall seconds, exit code, CPU seconds of the verify process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [str(BIN), "verify", "--base-url", url, "--api-key", "mock-key", "--quiet"]
    command += ["--profile", profile, "--workers", str(workers)]
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode == 2:
        print(done.stderr.strip(), file=sys.stderr)
    return wall, done.returncode, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--profile", default="default")
    parser.add_argument("--workers", type=int, action="append", help="repeatable (default 1, 4, 8)")
    args = parser.parse_args()
    for workers in args.workers or [1, 4, 8]:
        process, url = start_mock(args.latency_ms)
        try:
            wall, code, cpu = time_verify(url, args.profile, workers)
        finally:
            process.kill()
            process.wait(10)
            if process.stdout is not None:
                process.stdout.close()
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(
            f"latency {args.latency_ms} ms, profile {args.profile}, workers {workers}: "
            f"{wall:.1f} s wall, exit {code}, verify CPU {cpu:.1f} s (load average {load})",
            flush=True,
        )


if __name__ == "__main__":
    main()
