"""Every code example of docs/PYTEST_PLUGIN.md is a tested file here, word for word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent
DOC = EXAMPLES.parents[1] / "docs" / "PYTEST_PLUGIN.md"
BLOCKS = re.findall(r"```(python|yaml)\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
TESTED = {
    "python": [path.read_text(encoding="utf-8") for path in EXAMPLES.glob("test_readme_*.py")],
    "yaml": [(EXAMPLES / "contract_workflow.yml").read_text(encoding="utf-8")],
}


def test_the_doc_has_its_examples() -> None:
    assert [language for language, _ in BLOCKS].count("python") == 4


@pytest.mark.parametrize(("language", "block"), BLOCKS, ids=[b.split("\n")[0] for _, b in BLOCKS])
def test_example_is_a_tested_file(language: str, block: str) -> None:
    assert any(block in text for text in TESTED[language]), block
