"""What start-up and `--help` import: nothing the first request does not need.

Not timed (timings belong to bench/): each case runs in a fresh interpreter and lists the heavy
packages left in `sys.modules`. openapi-core only words rejections and Schemathesis and
Hypothesis only run `verify`, so `import mockserver`, building the mock's app and `mem0-kit --help`
must not load them.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("openapi_core", "schemathesis", "hypothesis", "jsonschema")

_REPORT = (
    "import sys, json; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & "
    f"set({HEAVY!r}))))"
)


def _loaded(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\n{_REPORT}"], capture_output=True, text=True, check=True
    )
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


@pytest.mark.parametrize(
    "code",
    [
        "import mockserver",
        "from mockserver import Settings, create_app\ncreate_app(Settings(seed=1))",
        "import mockserver.cli",
        "from mem0kit.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass",
        "from mem0kit.cli import main\ntry:\n    main(['mock', '--help'])\nexcept SystemExit:\n"
        "    pass",
    ],
    ids=["import mockserver", "create_app", "import mockserver.cli", "--help", "mock --help"],
)
def test_nothing_heavy_is_imported_before_the_first_request(code: str) -> None:
    assert _loaded(code) == []


def test_a_rejection_loads_openapi_core_for_its_words() -> None:
    code = (
        "from mockserver.validation.schemas import RequestValidator\n"
        "from mem0spec import bundled\n"
        "verdict = RequestValidator(bundled()).validate_body('addMemories', {'messages': []})\n"
        "assert verdict is not None and verdict.detail, verdict"
    )
    assert "openapi_core" in _loaded(code)
