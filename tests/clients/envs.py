"""One isolated environment per official client, made once and cached.

Each Python client gets a virtualenv in `.cache/client-envs/<name>/`, made with `python -m venv` and
filled with `pip install -r tests/clients/requirements/<name>.txt` (every distribution pinned); the
npm client gets `npm ci` in `tests/clients/js/` (package.json and package-lock.json pin it). An
environment is keyed by a hash of the files that define it, the runtime's version and `RECIPE`:
it is built again only when one of them changes, and the key is written last, so an interrupted
build is never taken for a finished one. Builds hold a lock (`flock` on
`.cache/client-envs/<name>.lock`), so pytest-xdist workers and `make client-envs` running at the
same time build each environment once and the others wait for it.

`python -m tests.clients.envs [NAME...]` builds them (all by default); `make client-envs` runs it.
Only the standard library is used here: it runs before anything else is installed.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import functools
import hashlib
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CACHE = ROOT / ".cache" / "client-envs"
JS_DIR = HERE / "js"

# Bump to rebuild every environment after a change to how they are built.
RECIPE = 1
# How long one install may take before it counts as failed (a cold pip cache needs ~30 s).
INSTALL_TIMEOUT_S = 900
KEY_FILE = ".client-env-key"


class EnvError(RuntimeError):
    """An environment could not be built; the message says which install failed and why."""


class NodeMissing(EnvError):
    """node or npm is not on PATH: the npm client's test skips, saying so."""


@dataclass(frozen=True)
class ClientEnv:
    name: str
    kind: Literal["python", "node"]
    package: str  # the client's distribution (PyPI) or package (npm)
    version: str  # the version the environment must end up with

    @property
    def inputs(self) -> tuple[Path, ...]:
        """The files that define the environment: any change to one rebuilds it."""
        if self.kind == "python":
            return (HERE / "requirements" / f"{self.name}.txt",)
        return (JS_DIR / "package.json", JS_DIR / "package-lock.json", JS_DIR / ".npmrc")

    @property
    def location(self) -> Path:
        return CACHE / self.name if self.kind == "python" else JS_DIR / "node_modules"

    @property
    def python(self) -> Path:
        """The environment's interpreter (Python environments)."""
        return self.location / "bin" / "python"

    def bin(self, command: str) -> Path:
        """A console script of the environment, e.g. `mem0` of mem0-cli."""
        return self.location / "bin" / command

    def key(self) -> str:
        digest = hashlib.sha256(f"recipe {RECIPE}\nruntime {_runtime(self.kind)}\n".encode())
        for path in self.inputs:
            digest.update(f"{path.relative_to(ROOT)}\n".encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()

    def ready(self) -> bool:
        stamp = self.location / KEY_FILE
        return stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == self.key()


ENVS: dict[str, ClientEnv] = {
    env.name: env
    for env in (
        ClientEnv("mem0ai-2.2.1", "python", "mem0ai", "2.2.1"),
        ClientEnv("mem0ai-1.0.11", "python", "mem0ai", "1.0.11"),
        ClientEnv("mem0ai-0.1.118", "python", "mem0ai", "0.1.118"),
        ClientEnv("mem0-cli-0.2.13", "python", "mem0-cli", "0.2.13"),
        ClientEnv("mem0ai-js-3.3.1", "node", "mem0ai", "3.3.1"),
    )
}


def node_tools() -> tuple[str, str] | None:
    """The paths of node and npm, or None when either is missing."""
    node, npm = shutil.which("node"), shutil.which("npm")
    return (node, npm) if node and npm else None


def ensure(name: str) -> ClientEnv:
    """The environment `name`, built first if it is missing or out of date (raises EnvError)."""
    env = ENVS[name]
    if env.kind == "node" and node_tools() is None:
        raise NodeMissing(
            f"node and npm are not both on PATH, so the npm {env.package}@{env.version} client "
            "cannot run (apt-get install nodejs npm)"
        )
    if env.ready():
        return env
    CACHE.mkdir(parents=True, exist_ok=True)
    with _locked(CACHE / f"{name}.lock"):
        if not env.ready():  # another process may have built it while we waited
            _build(env)
    return env


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file is closed
        yield


def _build(env: ClientEnv) -> None:
    log = CACHE / f"{env.name}.log"
    log.write_text(f"building {env.name} ({time.strftime('%Y-%m-%d %H:%M:%S')})\n")
    if env.kind == "python":
        _build_python(env, log)
    else:
        _build_node(env, log)
    found = _installed_version(env)
    if found != env.version:
        raise EnvError(
            f"{env.name}: after the install {env.package} is at {found!r}, not {env.version}; "
            f"see {_shown(log)}"
        )
    (env.location / KEY_FILE).write_text(env.key() + "\n", encoding="utf-8")


def _build_python(env: ClientEnv, log: Path) -> None:
    (requirements,) = env.inputs
    shutil.rmtree(env.location, ignore_errors=True)
    # No pip inside: the kit's own pip installs into it (`pip --python`), one pip for every env.
    _run([sys.executable, "-m", "venv", "--without-pip", str(env.location)], log, "python -m venv")
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(env.python),
            "install",
            "--no-input",
            "--disable-pip-version-check",
            "-r",
            str(requirements),
        ],
        log,
        f"pip install -r {_shown(requirements)}",
    )


def _build_node(env: ClientEnv, log: Path) -> None:
    tools = node_tools()
    assert tools is not None  # ensure() checked
    _, npm = tools
    # npm ci removes node_modules itself and installs exactly the lockfile; .npmrc beside it
    # turns off peer dependencies and install scripts (repeated here for a changed .npmrc).
    _run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
        log,
        f"npm ci in {_shown(JS_DIR)}",
        cwd=JS_DIR,
    )


def _run(argv: list[str], log: Path, what: str, cwd: Path | None = None) -> None:
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(argv)}\n")
        out.flush()
        try:
            done = subprocess.run(
                argv,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=INSTALL_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise EnvError(
                f"{what} did not finish in {INSTALL_TIMEOUT_S} s, so the {log.stem} client "
                f"environment was not built; its output is in {_shown(log)}"
            ) from None
    if done.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:])
        raise EnvError(
            f"{what} failed (exit {done.returncode}), so the {log.stem} client environment was "
            f"not built (is the package registry reachable?); the end of its output, from "
            f"{_shown(log)}:\n{tail}"
        )


def _shown(path: Path) -> str:
    """A path as the messages show it: from the repository root when it lies inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _installed_version(env: ClientEnv) -> str | None:
    if env.kind == "node":
        manifest = env.location / env.package / "package.json"
        if not manifest.is_file():
            return None
        version: str = json.loads(manifest.read_text(encoding="utf-8"))["version"]
        return version
    done = subprocess.run(
        [
            str(env.python),
            "-c",
            f"import importlib.metadata as m; print(m.version({env.package!r}))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.stdout.strip() if done.returncode == 0 else None


@functools.cache
def _runtime(kind: str) -> str:
    if kind == "python":
        # The interpreter the venvs are made from (a venv's own python points at it).
        base = getattr(sys, "_base_executable", sys.executable)
        return f"{base} {sys.version}"
    tools = node_tools()
    if tools is None:
        return "no node"
    done = subprocess.run(
        [tools[0], "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    return done.stdout.strip()


def _ensure_reporting(name: str) -> tuple[str, bool]:
    """Build one environment for main(): (the line to print, whether it failed)."""
    env = ENVS[name]
    started = time.monotonic()
    was_ready = env.ready()
    try:
        ensure(name)
    except NodeMissing as missing:
        return f"{name}: skipped: {missing}; its test will skip", False
    except EnvError as error:
        return f"{name}: FAILED: {error}", True
    where = _shown(env.location)
    if was_ready:
        return f"{name}: up to date ({where})", False
    return f"{name}: built in {time.monotonic() - started:.1f} s ({where})", False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.clients.envs",
        description="Build the official clients' environments of tests/clients/ (cached).",
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"of: {', '.join(ENVS)}")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in ENVS]
    if unknown:
        parser.error(f"unknown environment {', '.join(unknown)}; known: {', '.join(ENVS)}")
    # One after the other: on two cores two builds at once took 121 s against 96 s (pip's
    # installs are CPU-bound).
    failed = False
    for name in args.names or list(ENVS):
        line, bad = _ensure_reporting(name)
        print(line, file=sys.stderr if bad else sys.stdout, flush=True)
        failed = failed or bad
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
