"""README: the contract inside your own pytest run, the command line as the README gives it.

It runs in an empty directory (a project with no tests of its own) against a mock started here,
with MEM0_URL and MEM0_API_KEY set as CI would set them. The fast test selects one check with -k;
the slow one runs the line as written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from mockserver import MockServer, Settings, run_in_thread

README = Path(__file__).resolve().parents[2] / "README.md"
PYTEST_GATE = (
    'pytest --mem0-contract-url "$MEM0_URL" --mem0-api-key "$MEM0_API_KEY" --junitxml=contract.xml'
)


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    with run_in_thread(Settings()) as server:
        yield server


def _run(extra: str, mock: MockServer, workdir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "MEM0_URL": mock.url,
        "MEM0_API_KEY": mock.api_key,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    env.pop("PYTEST_ADDOPTS", None)
    return subprocess.run(
        ["bash", "-e", "-c", f"{PYTEST_GATE} {extra}"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_readme_gives_this_line() -> None:
    assert f"\n{PYTEST_GATE}\n" in README.read_text(encoding="utf-8")


def test_the_line_gates_on_the_contract(mock: MockServer, tmp_path: Path) -> None:
    done = _run("-k 'ping and not schema'", mock, tmp_path)

    assert done.returncode == 0, done.stdout[-3000:]
    cases = [case.get("name") for case in ET.parse(tmp_path / "contract.xml").iter("testcase")]
    assert cases == ["ping"]


# The whole default profile over the 20 operations (~1.5-2.5 min): behind soak, which .ci/run runs.
@pytest.mark.soak
def test_the_line_as_written_passes_against_the_mock(mock: MockServer, tmp_path: Path) -> None:
    done = _run("", mock, tmp_path)

    assert done.returncode == 0, done.stdout[-5000:]
    suite = ET.parse(tmp_path / "contract.xml").getroot().find("testsuite")
    assert suite is not None
    assert int(suite.get("tests", "0")) >= 12
    assert (suite.get("failures"), suite.get("errors")) == ("0", "0")
