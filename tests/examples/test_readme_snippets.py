"""Every code example of README.md is a tested file under tests/examples/, word for word."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent
ROOT = EXAMPLES.parents[1]
README_TEXT = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(python|yaml|js)\n(.*?)```", README_TEXT, re.DOTALL)
TESTED = {
    "python": [path.read_text(encoding="utf-8") for path in EXAMPLES.glob("test_readme_*.py")],
    "yaml": [(EXAMPLES / "contract_workflow.yml").read_text(encoding="utf-8")],
    "js": [(EXAMPLES / "browser_page.html").read_text(encoding="utf-8")],
}


def test_the_readme_has_its_examples() -> None:
    assert sorted(language for language, _ in BLOCKS) == ["js", "python", "python", "yaml"]


def test_the_readme_shows_the_whole_workflow() -> None:
    (workflow,) = (block for language, block in BLOCKS if language == "yaml")
    assert workflow == TESTED["yaml"][0]


@pytest.mark.parametrize(("language", "block"), BLOCKS, ids=[lang for lang, _ in BLOCKS])
def test_readme_example_is_a_tested_file(language: str, block: str) -> None:
    # The page indents its script; compare line by line without the indentation.
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.strip().splitlines()]

    wanted = lines(block)
    assert any(
        any(lines(text)[i : i + len(wanted)] == wanted for i in range(len(lines(text))))
        for text in TESTED[language]
    ), block


def test_the_wheel_it_names_is_the_one_pip_builds() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wheel = f"dist/{project['name'].replace('-', '_')}-{project['version']}-py3-none-any.whl"
    assert f"'{wheel}[verify]'" in README_TEXT


def test_it_never_says_to_install_from_pypi() -> None:
    # not published: only the sentence saying so may name the bare install
    assert README_TEXT.count("pip install mem0-contract-kit") == 1
    assert "`pip install mem0-contract-kit` fails" in README_TEXT
