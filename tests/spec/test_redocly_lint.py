"""openapi.yaml passes Redocly's recommended lint (`redocly.yaml` turns off one rule, with its
reason), with the CLI pinned in tests/spec/lint/ and installed there by `npm ci`.

Skipped, saying so, only when node or npm is absent; an npm registry that cannot be reached fails.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(__file__).resolve().with_name("lint")
REDOCLY = LINT / "node_modules" / ".bin" / "redocly"

pytestmark = pytest.mark.skipif(
    shutil.which("npm") is None or shutil.which("node") is None,
    reason="node and npm are needed for Redocly's CLI (apt-get install nodejs npm)",
)


def _install() -> None:
    if REDOCLY.exists():
        return
    done = subprocess.run(
        ["npm", "ci"], cwd=LINT, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"npm ci in {LINT} failed:\n{done.stdout}\n{done.stderr}"


def test_the_contract_passes_redoclys_recommended_lint() -> None:
    _install()
    done = subprocess.run(
        [str(REDOCLY), "lint", "--format=summary", "openapi.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    # The summary lists each rule that found something: "error <rule>: N", "warning <rule>: N".
    assert "Your API description is valid" in output, output
    assert not [line for line in output.splitlines() if line.startswith(("error ", "warning "))]
