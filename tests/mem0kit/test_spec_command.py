"""`mem0-kit spec`: print, locate and lint the bundled contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mem0kit.cli import main
from mem0spec import SPEC_PATH

ROOT = Path(__file__).resolve().parents[2]


def test_prints_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec"]) == 0
    assert capsys.readouterr().out == (ROOT / "openapi.yaml").read_text(encoding="utf-8")


def test_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec", "--path"]) == 0
    assert capsys.readouterr().out.strip() == str(SPEC_PATH)


def test_lint_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec", "--lint"]) == 0
    assert "valid OpenAPI 3.1" in capsys.readouterr().out


def test_console_script_help() -> None:
    out = subprocess.run(
        [str(Path(sys.executable).with_name("mem0-kit")), "--help"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for command in ("mock", "verify", "spec"):
        assert command in out
