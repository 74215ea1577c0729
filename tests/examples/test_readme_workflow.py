"""README: the GitHub Actions workflow that gates on the contract (contract_workflow.yml), run here.

The fast tests read its structure. The slow one plays its job as a runner would: `uses:` steps are
stood in for (checkout: the repository's files copied into an empty directory; setup-python: a
fresh venv first on PATH), and every `run:` step runs in order, exactly as written, with `bash -e`
in that directory and the job's `env:` (its port swapped for a free one). It installs the kit from
PyPI's packages (pip's cache allowed), so it takes a minute or two.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

EXAMPLES = Path(__file__).resolve().parent
REPO = EXAMPLES.parents[1]
WORKFLOW: dict[Any, Any] = yaml.safe_load((EXAMPLES / "contract_workflow.yml").read_text())
(JOB,) = WORKFLOW["jobs"].values()
STEPS: list[dict[str, Any]] = JOB["steps"]


def _uses(prefix: str) -> dict[str, Any]:
    (step,) = (step for step in STEPS if str(step.get("uses", "")).startswith(prefix))
    return step


def test_runs_on_every_push_and_pull_request() -> None:
    # YAML 1.1 reads the key `on` as True
    assert WORKFLOW[True] == ["push", "pull_request"]
    assert JOB["runs-on"] == "ubuntu-latest"


def test_sets_up_python_and_installs_the_kit_from_the_checkout() -> None:
    assert STEPS[0]["uses"].startswith("actions/checkout@")
    assert STEPS[1]["uses"].startswith("actions/setup-python@")
    assert STEPS[1]["with"]["python-version"] == "3.11"
    assert "python -m pip install '.[verify]'" in [step.get("run") for step in STEPS]


def test_the_url_is_the_port_of_the_server_it_starts() -> None:
    env = JOB["env"]
    assert env["MEM0_URL"] == f"http://127.0.0.1:{env['MEM0_PORT']}"
    start = next(step["run"] for step in STEPS if "mem0-kit mock" in step.get("run", ""))
    assert '--port "$MEM0_PORT"' in start
    assert "/_mock/health" in start


def test_verifies_and_keeps_the_report_even_when_it_fails() -> None:
    runs = [step["run"] for step in STEPS if "run" in step]
    assert runs[-1] == (
        'mem0-kit verify --base-url "$MEM0_URL" --api-key "$MEM0_API_KEY" --junit-xml contract.xml'
    )
    upload = _uses("actions/upload-artifact@")
    assert upload["if"] == "always()"
    assert "contract.xml" in upload["with"]["path"].split()
    assert STEPS[-1] is upload


def _checkout(workdir: Path) -> None:
    """The files a clone of this commit would have: tracked, plus new ones not yet committed."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if not source.is_symlink() and not source.is_file():
            continue  # deleted in the work tree
        target = workdir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def runner(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """The job's directory and environment; at the end, whatever its steps left running stops."""
    workdir = tmp_path / "checkout"
    workdir.mkdir()
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"} and not key.startswith("PYTEST")
    }
    env.update({key: str(value) for key, value in JOB["env"].items()})
    env.update({"MEM0_PORT": str(port), "MEM0_URL": f"http://127.0.0.1:{port}", "CI": "true"})
    groups: list[int] = []
    yield {"workdir": workdir, "env": env, "groups": groups, "venv": tmp_path / "python"}
    for group in groups:  # each step ran in a process group of its own: its background jobs too
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGTERM)


# The whole default profile over the 20 operations (~1.5-2.5 min): behind soak, which .ci/run runs.
@pytest.mark.soak
def test_the_job_as_written_passes_against_the_mock(runner: dict[str, Any]) -> None:
    workdir, env = runner["workdir"], runner["env"]
    for number, step in enumerate(STEPS):
        uses = step.get("uses", "")
        if uses.startswith("actions/checkout@"):
            _checkout(workdir)
        elif uses.startswith("actions/setup-python@"):
            subprocess.run([sys.executable, "-m", "venv", runner["venv"]], check=True)
            env["PATH"] = f"{runner['venv'] / 'bin'}{os.pathsep}{env['PATH']}"
        elif uses:
            continue  # upload-artifact: what it would keep is asserted below
        else:
            process = subprocess.Popen(
                ["bash", "-e", "-c", step["run"]],
                cwd=workdir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                start_new_session=True,
            )
            runner["groups"].append(process.pid)
            output, _ = process.communicate(timeout=480)
            assert process.returncode == 0, f"step {number} ({step['run']!r}):\n{output[-5000:]}"

    report = ET.parse(workdir / "contract.xml").getroot()
    suites = [report] if report.tag == "testsuite" else list(report.iter("testsuite"))
    assert suites
    assert sum(int(suite.get("tests", "0")) for suite in suites) >= 12
    for suite in suites:
        assert (suite.get("failures", "0"), suite.get("errors", "0")) == ("0", "0")
