"""Sample the mock under load with py-spy and rank where its time goes.

py-spy attaches to the running server (it needs ptrace: root, or CAP_SYS_PTRACE) and writes
collapsed stacks; we rank frames by self time (the frame on top of the stack) and by inclusive time
(the frame anywhere in the stack). py-spy is installed into bench/.work/tools on first use.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
TOOLS = BENCH_DIR / ".work" / "tools"
PY_SPY = TOOLS / "bin" / "py-spy"


@dataclass(frozen=True)
class Profile:
    samples: int
    self_time: list[tuple[str, float]]
    inclusive: list[tuple[str, float]]


def ensure_py_spy() -> Path:
    if not PY_SPY.exists():
        print("installing py-spy into bench/.work/tools (once)...", file=sys.stderr)
        pip = [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(TOOLS), "py-spy"]
        subprocess.run(pip, check=True)
    return PY_SPY


def record(pid: int, seconds: int, core: int, output: Path) -> None:
    argv = [
        "taskset", "-c", str(core), str(ensure_py_spy()), "record", "--pid", str(pid),
        "--duration", str(seconds), "--rate", "200", "--format", "raw", "--output", str(output),
    ]  # fmt: skip
    subprocess.run(argv, check=True, capture_output=True)


def _short(frame: str) -> str:
    """`handle (/x/site-packages/starlette/routing.py:76)` -> `handle (starlette/routing.py:76)`."""
    name, _, where = frame.partition(" (")
    where = where.rstrip(")")
    for anchor in ("site-packages/", "/work/main/", "python3.11/"):
        if anchor in where:
            where = where.split(anchor, 1)[1]
            break
    return f"{name} ({where})"


def _function(frame: str) -> str:
    """A frame without its line number, so one function's lines add up."""
    name, _, where = _short(frame).partition(" (")
    return f"{name} ({where.rsplit(':', 1)[0]})"


# The event loop, the server and the framework sit under every request: their inclusive share is
# ~100% and says nothing, so the inclusive ranking leaves them out (their self time still shows).
_PLUMBING = ("asyncio/", "uvicorn/", "h11/", "starlette/", "runpy.py", "selectors.py", "<frozen")


def _is_plumbing(function: str) -> bool:
    where = function.partition(" (")[2]
    return function.startswith("<module>") or where.startswith(_PLUMBING) or "/cli.py" in where


def analyse(collapsed: Path, top: int = 15) -> Profile:
    self_counts: Counter[str] = Counter()
    inclusive_counts: Counter[str] = Counter()
    total = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack:
            continue
        count = int(count_text)
        frames = [f for f in stack.split(";") if " (" in f]
        if not frames:
            continue
        total += count
        self_counts[_short(frames[-1])] += count
        for function in {_function(f) for f in frames}:
            if not _is_plumbing(function):
                inclusive_counts[function] += count

    def ranked(counts: Counter[str]) -> list[tuple[str, float]]:
        return [(name, 100 * n / total) for name, n in counts.most_common(top)]

    return Profile(total, ranked(self_counts), ranked(inclusive_counts))
