"""README: the CI job that gates on the contract (tests/examples/contract_ci_job.yml), run for real.

The job's pytest step runs in an empty directory against a mock started here, with MEM0_URL and
MEM0_API_KEY set as CI would set them. Its install step is checked, not run: it must name this
distribution. The fast test selects one check with -k; the slow one runs the step as written.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from importlib.metadata import distribution
from pathlib import Path

import pytest
import yaml

from mockserver import MockServer, Settings, run_in_thread

JOB = yaml.safe_load((Path(__file__).with_name("contract_ci_job.yml")).read_text())["mem0-contract"]
INSTALL, PYTEST_STEP = (step["run"] for step in JOB["steps"])


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    with run_in_thread(Settings()) as server:
        yield server


def _run_step(extra: str, mock: MockServer, workdir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "MEM0_URL": mock.url,
        "MEM0_API_KEY": mock.api_key,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    env.pop("PYTEST_ADDOPTS", None)
    return subprocess.run(
        ["bash", "-c", f"{PYTEST_STEP} {extra}"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_install_step_names_this_distribution() -> None:
    assert shlex.split(INSTALL) == ["pip", "install", distribution("mem0-contract-kit").name]


def test_pytest_step_gates_on_the_contract(mock: MockServer, tmp_path: Path) -> None:
    done = _run_step("-k 'ping and not schema'", mock, tmp_path)

    assert done.returncode == 0, done.stdout[-3000:]
    cases = [case.get("name") for case in ET.parse(tmp_path / "contract.xml").iter("testcase")]
    assert cases == ["ping"]


@pytest.mark.slow
def test_pytest_step_as_written_passes_against_the_mock(mock: MockServer, tmp_path: Path) -> None:
    done = _run_step("", mock, tmp_path)

    assert done.returncode == 0, done.stdout[-5000:]
    suite = ET.parse(tmp_path / "contract.xml").getroot().find("testsuite")
    assert suite is not None
    assert int(suite.get("tests", "0")) >= 12
    assert (suite.get("failures"), suite.get("errors")) == ("0", "0")
