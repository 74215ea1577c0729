"""The README's two commands, as the Makefile runs them, where the machine lacks something."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAKE = shutil.which("make")


@pytest.mark.skipif(MAKE is None, reason="needs make")
def test_make_test_goes_on_where_chromium_cannot_be_installed(tmp_path: Path) -> None:
    # A PATH with a shell and `id` but no chromium, apt-get or sudo: a machine without apt.
    for tool in ("bash", "id"):
        found = shutil.which(tool)
        assert found is not None
        (tmp_path / tool).symlink_to(found)
    assert MAKE is not None
    done = subprocess.run(
        [MAKE, "-s", "system-deps"],
        cwd=ROOT,
        env={**os.environ, "PATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "no apt-get here" in done.stderr
    assert "the browser tests will skip" in done.stderr


@pytest.mark.skipif(MAKE is None, reason="needs make")
def test_the_test_targets_run_on_every_core_and_split_the_tiers() -> None:
    assert MAKE is not None
    done = subprocess.run(
        [MAKE, "-n", "test", "test-soak", "test-fast", "STAMP=Makefile"],  # a stamp that exists
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    pytest_lines = [line for line in done.stdout.splitlines() if "bin/pytest" in line]
    assert pytest_lines == [
        ".venv/bin/pytest -n auto --dist worksteal -m 'not soak' --durations=10",
        ".venv/bin/pytest -n auto --dist worksteal -m soak --durations=5",
        ".venv/bin/pytest -n auto --dist worksteal -m 'not slow and not soak and not browser'",
    ]


def test_ci_runs_the_gate_then_the_soak_runs() -> None:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line.startswith("make ")] == ["make test", "make test-soak"]
