"""The wheel as a newcomer installs it: the plain install serves the mock, `verify` says it needs
its extra, and with `[verify]` added it passes the mock; the guides come along.

Slow and online: it installs from the package index into a fresh venv (through pip's cache, so
a second run is quicker), then runs the venv's own `mem0-kit` as a subprocess. Every subprocess
has a timeout, and the mock is stopped whatever happens.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import venv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
API_KEY = "mock-key"
INSTALL_TIMEOUT = 900  # seconds: a cold pip cache downloads every package
_URL = re.compile(r"http://127\.0\.0\.1:(\d+)")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    into = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(into), str(ROOT)],
        check=True,
        timeout=300,
    )  # fmt: skip
    (built,) = into.glob("mem0_contract_kit-*.whl")
    return built


def _pip_install(env_dir: Path, requirement: str) -> None:
    subprocess.run(
        [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet",
         "--disable-pip-version-check", requirement],
        check=True,
        timeout=INSTALL_TIMEOUT,
    )  # fmt: skip


@contextmanager
def _serve(env_dir: Path) -> Iterator[str]:
    """`mem0-kit mock --port 0` of that venv; yields its URL, read from its start-up line."""
    process = subprocess.Popen(
        [str(env_dir / "bin" / "mem0-kit"), "mock", "--port", "0", "--api-key", API_KEY],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={"PATH": str(env_dir / "bin"), "PYTHONUNBUFFERED": "1"},
    )
    lines: list[str] = []
    found = threading.Event()
    port: list[str] = []

    def drain() -> None:  # keeps reading so a chatty server never blocks on a full pipe
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            match = _URL.search(line)
            if match and not port:
                port.append(match.group(1))
                found.set()
        found.set()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        assert found.wait(60) and port, f"the mock printed no URL:\n{''.join(lines)}"
        yield f"http://127.0.0.1:{port[0]}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=10)
        assert process.stdout is not None
        process.stdout.close()


def _kit(env_dir: Path, *argv: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(env_dir / "bin" / "mem0-kit"), *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={"PATH": str(env_dir / "bin")},
    )


def _ping(url: str) -> int:
    # The socket is bound before the start-up line is printed; allow a moment for the first accept.
    with httpx.Client(timeout=5.0, transport=httpx.HTTPTransport(retries=3)) as client:
        status: int = client.get(
            f"{url}/v1/ping/", headers={"Authorization": f"Token {API_KEY}"}
        ).status_code
    return status


def test_the_plain_wheel_serves_the_mock_and_verify_needs_its_extra(
    wheel: Path, tmp_path: Path
) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    _pip_install(env_dir, str(wheel))

    no_schemathesis = subprocess.run(
        [str(env_dir / "bin" / "python"), "-c", "import schemathesis"],
        capture_output=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert no_schemathesis.returncode != 0

    with _serve(env_dir) as url:
        assert _ping(url) == 200
        without = _kit(env_dir, "verify", "--base-url", url, "--api-key", API_KEY)
        assert (without.returncode, without.stdout) == (2, "")
        assert without.stderr == (
            "mem0-kit verify: needs the [verify] extra (no module named 'schemathesis'): "
            "pip install 'mem0-contract-kit[verify]'\n"
        )

        _pip_install(env_dir, f"{wheel}[verify]")
        verified = _kit(
            env_dir, "verify", "--base-url", url, "--api-key", API_KEY, "--profile", "quick"
        )
        assert verified.returncode == 0, verified.stdout + verified.stderr
        assert verified.stdout.rstrip().endswith("CONFORMS: no violations found")

    guide = _kit(env_dir, "docs", "contract", timeout=60)
    assert guide.returncode == 0
    assert guide.stdout.startswith("# The contract of Mem0's memory API")
    site_guide = subprocess.run(
        [str(env_dir / "bin" / "python"), "-c",
         "import mem0kit.docs_command as d; print(d.DOCS_DIR)"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    ).stdout.strip()  # fmt: skip
    assert Path(site_guide).is_relative_to(env_dir)  # read from the install, not this checkout
