"""What a newcomer pays to install each use of the kit: wall time, distributions and disk.

Builds the wheel once, then for the plain install and each extra makes a fresh virtualenv and runs
`pip --isolated install --no-cache-dir WHEEL[extra]` in it, so every package is downloaded from
PyPI as a newcomer's first install downloads it. Records the seconds pip took, the distributions
installed (`pip list`, less pip and setuptools, which every venv has; the kit itself counts) and the
megabytes the install added to site-packages (less those of the empty venv). Writes
bench/INSTALL.md.

    .venv/bin/python bench/install_cost.py            # all rows, several minutes (PyPI)
    .venv/bin/python bench/install_cost.py verify     # only these rows, printed, INSTALL.md kept
    .venv/bin/python bench/install_cost.py --before OLD.whl   # and a row for an older wheel
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "bench" / "INSTALL.md"
# row label -> the extras installed with the wheel; each use of README's install lines
EXTRAS = {
    "plain": "",
    "verify": "verify",
    "pytest": "pytest",
    "clients": "clients",
    "test": "test",
}
USES = {
    "before": "0.1.0, for comparison: the suites and pytest came even to run the mock",
    "plain": "the mock and the `mem0-kit` command",
    "verify": "+ `mem0-kit verify` (the contract suites)",
    "pytest": "+ the pytest plugin's fixtures and `--mem0-contract-url`",
    "clients": "+ the official `mem0ai` client for `mem0_client`",
    "test": "developing the kit: all of the above and the tools",
}
EVERY_VENV_HAS = {"pip", "setuptools"}
PIP_TIMEOUT = 1800  # seconds: a slow mirror must not hang the bench forever


@dataclass(frozen=True)
class Cost:
    label: str
    seconds: float
    distributions: int
    megabytes: float


def build_wheel(into: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(into), str(ROOT)],
        check=True,
        timeout=300,
    )  # fmt: skip
    (wheel,) = into.glob("mem0_contract_kit-*.whl")
    return wheel


def _site_packages(python: Path) -> Path:
    out = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return Path(out.strip())


def _megabytes(folder: Path) -> float:
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(dirpath) / name
            if not path.is_symlink():
                total += path.stat().st_size
    return total / 1e6


def measure(label: str, wheel: Path, work: Path) -> Cost:
    """One fresh venv, one `pip install` of the wheel with the row's extras, timed."""
    env_dir = work / f"venv-{label}"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True, timeout=300)
    python = env_dir / "bin" / "python"
    site = _site_packages(python)
    empty = _megabytes(site)
    extra = EXTRAS.get(label, "")
    requirement = f"{wheel}[{extra}]" if extra else str(wheel)
    started = time.perf_counter()
    subprocess.run(
        # --isolated: no pip config of this machine (local mirrors, constraints), PyPI only,
        # as on a newcomer's laptop
        [str(python), "-m", "pip", "--isolated", "install", "--quiet", "--no-cache-dir",
         "--disable-pip-version-check", requirement],
        check=True,
        timeout=PIP_TIMEOUT,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    listed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    names = {entry["name"].lower() for entry in json.loads(listed)}
    cost = Cost(label, seconds, len(names - EVERY_VENV_HAS), _megabytes(site) - empty)
    shutil.rmtree(env_dir)
    return cost


def _pip_version() -> str:
    # The pip a fresh venv gets (ensurepip's), which did the installs.
    import ensurepip

    return ensurepip.version()


def render(costs: list[Cost], wheel: Path) -> str:
    today = datetime.date.today().isoformat()
    machine = (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, pip {_pip_version()}"
    )
    lines = [
        "# What each install costs",
        "",
        f"Measured by `bench/install_cost.py` on {today} ({machine}), from `{wheel.name}`:",
        "a fresh virtualenv per row, `pip --isolated install --no-cache-dir` (every package",
        "downloaded from PyPI, so the seconds depend on the network that day). Distributions are",
        "those `pip list` shows, less pip and setuptools and counting the kit; megabytes are what",
        "the install added to site-packages.",
        "",
        "| install | for | distributions | MB | seconds |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for cost in costs:
        extra = EXTRAS.get(cost.label, "")
        if cost.label == "before":
            command = "`pip install mem0-contract-kit` before the extras"
        elif extra:
            command = f"`pip install 'mem0-contract-kit[{extra}]'`"
        else:
            command = "`pip install mem0-contract-kit`"
        lines.append(
            f"| {command} | {USES[cost.label]} | {cost.distributions} | "
            f"{cost.megabytes:.0f} | {cost.seconds:.0f} |"
        )
    lines += [
        "",
        "`[pytest]` costs what `[verify]` costs: Schemathesis itself requires pytest, and httpx is",
        "in both. `[clients]` is mem0ai and what it requires (openai, qdrant-client, grpcio,",
        "SQLAlchemy, ...); the `mem0_client` fixture also needs `[pytest]`:",
        "`pip install 'mem0-contract-kit[pytest,clients]'`.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="*", help=f"some of {', '.join(EXTRAS)} (default: all)")
    parser.add_argument(
        "--before",
        type=Path,
        metavar="WHEEL",
        help="also measure the plain install of this older wheel (the row 'before')",
    )
    args = parser.parse_args(argv)
    unknown = sorted(set(args.rows) - set(EXTRAS))
    if unknown:
        parser.error(f"unknown row(s) {', '.join(unknown)}; valid: {', '.join(EXTRAS)}")
    rows = args.rows or list(EXTRAS)
    with tempfile.TemporaryDirectory(prefix="install-cost-") as tmp:
        work = Path(tmp)
        wheel = build_wheel(work / "dist")
        plan = [(label, wheel) for label in rows]
        if args.before is not None:
            plan.insert(0, ("before", args.before.resolve()))
        costs = []
        for label, measured in plan:
            cost = measure(label, measured, work)
            print(
                f"{label:8} {cost.distributions:3d} distributions {cost.megabytes:6.1f} MB "
                f"{cost.seconds:6.1f} s",
                flush=True,
            )
            costs.append(cost)
        if not args.rows:  # a partial run only prints: INSTALL.md always has every row
            REPORT.write_text(render(costs, wheel), encoding="utf-8")
            print(f"wrote {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
