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
def test_make_test_runs_the_suite_on_every_core_with_the_slowest_tests_listed() -> None:
    assert MAKE is not None
    done = subprocess.run(
        [MAKE, "-n", "test", "test-fast", "STAMP=Makefile"],  # a stamp that exists: no install
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    pytest_lines = [line for line in done.stdout.splitlines() if "bin/pytest" in line]
    assert pytest_lines == [
        ".venv/bin/pytest -n auto --durations=10",
        ".venv/bin/pytest -n auto -m 'not slow and not browser'",
    ]
