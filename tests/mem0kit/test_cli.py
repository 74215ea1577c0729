"""`mem0-kit` imports only the tool it runs."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
from mem0kit.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = ("mockserver", "contracts", "schemathesis", "starlette")
print(sorted(m for m in heavy if m in sys.modules))
"""


@pytest.mark.parametrize(
    ("argv", "loaded"),
    [
        (["spec", "--path"], []),
        (["verify", "--help"], ["contracts"]),
        (["mock", "--help"], ["mockserver", "starlette"]),
    ],
    ids=["spec", "verify", "mock"],
)
def test_only_the_chosen_tool_is_imported(argv: list[str], loaded: list[str]) -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip().splitlines()[-1] == repr(loaded)
