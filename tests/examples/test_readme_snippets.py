"""Every code example of README.md is a tested file under tests/examples/, word for word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent
README = EXAMPLES.parents[1] / "README.md"
BLOCKS = re.findall(r"```(python|yaml|js)\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
TESTED = {
    "python": [path.read_text(encoding="utf-8") for path in EXAMPLES.glob("test_readme_*.py")],
    "yaml": [(EXAMPLES / "contract_ci_job.yml").read_text(encoding="utf-8")],
    "js": [(EXAMPLES / "browser_page.html").read_text(encoding="utf-8")],
}


def test_the_readme_has_its_examples() -> None:
    assert sorted(language for language, _ in BLOCKS) == ["js", "python", "yaml"]


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
