"""`mem0-kit`: imports only the tool it runs, says its version, prints the bundled guides, and
names the extra a tool is missing in one sentence."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from mem0kit.cli import main
from mem0kit.docs_command import TOPICS

ROOT = Path(__file__).resolve().parents[2]

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
        (["mock", "--help"], ["mockserver"]),  # Starlette waits for the server itself
        (["--version"], []),
        (["docs", "mock"], []),
    ],
    ids=["spec", "verify", "mock", "version", "docs"],
)
def test_only_the_chosen_tool_is_imported(argv: list[str], loaded: list[str]) -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip().splitlines()[-1] == repr(loaded)


def test_version_is_the_installed_distributions(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"mem0-kit {version('mem0-contract-kit')}\n"


def test_docs_prints_a_bundled_guide(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["docs", "mock"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "# The mock server"
    assert out == (ROOT / "docs" / "MOCK.md").read_text(encoding="utf-8")


def test_docs_without_a_topic_lists_them_one_line_each(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["docs"]) == 0
    lines = capsys.readouterr().out.splitlines()[1:]
    assert [line.split()[0] for line in lines] == list(TOPICS)
    assert "  mock            The mock server" in lines


def test_docs_of_an_unknown_topic_exits_2_with_the_list(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["docs", "mocks"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[0] == "mem0-kit docs: no topic 'mocks'; the topics:"
    assert all(f"  {topic} " in err for topic in TOPICS)


def test_every_guide_of_docs_is_a_topic() -> None:
    # A page added to docs/ ships in the wheel (mem0kit/docs links the folder): give it a topic.
    assert sorted(TOPICS.values()) == sorted(path.name for path in (ROOT / "docs").glob("*.md"))


# What the plain install (no [verify] extra) looks like to import: none of its modules is there.
WITHOUT_VERIFY = """
import sys
for name in ("schemathesis", "hypothesis", "httpx", "requests"):
    sys.modules[name] = None
from mem0kit.cli import main
sys.exit(main(sys.argv[1:]))
"""
NEEDS_VERIFY = (
    "mem0-kit verify: needs the [verify] extra (no module named 'schemathesis'): "
    "pip install 'mem0-contract-kit[verify]'\n"
)


@pytest.mark.parametrize(
    "argv",
    [["--base-url", "http://127.0.0.1:9", "--api-key", "mock-key"], ["--help"]],
    ids=["run", "help"],
)
def test_verify_without_its_extra_says_what_to_install_and_exits_2(argv: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_VERIFY, "verify", *argv],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout, done.stderr) == (2, "", NEEDS_VERIFY)


def test_the_other_tools_need_no_extra() -> None:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_VERIFY, "spec", "--path"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, "")
