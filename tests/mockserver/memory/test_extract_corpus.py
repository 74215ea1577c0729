"""The extractor's output over a fixed corpus is pinned: speed work must not change one fact.

The corpus: every string literal of test_extract.py, every quoted message in the tables of
docs/EXTRACTION.md, and the user turns of the bench's distinct conversations
(bench/conversations.py), each also lowercased, shouted and with a trailing time. Each part's
output is serialised in a fixed order (topics sorted, so the hash seed does not matter) and
hashed; the digests were taken before the extractor was
made faster (the documented part's again when it came to read tables only, its outputs compared
text by text with the earlier ones). A change of behaviour that is meant updates them: `python
tests/mockserver/memory/test_extract_corpus.py` prints the current ones.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

import pytest

from mockserver.memory.extract import Fact, extract

REPO = Path(__file__).resolve().parents[3]
CONVERSATIONS = 2_000

# Digests of the extractor's output per part of the corpus, and the number of texts in each.
PINNED = {
    "test literals": (2816, "125245b73b230177f7c0f27350546777db82deb83ce0f0834309ebf7505c5fd0"),
    "documented messages": (
        784,
        "a0e892f390be055490c2e4af973e8f16dcc174b9ec7df944256cfcfe0fc4435e",
    ),
    "distinct conversations": (
        24088,
        "7c0ad6eaaed0f0e48f6206bdc4ca3b4a7b63032b5f29b604f734ec182e57cdec",
    ),
}


def _bench_conversations() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_conversations", REPO / "bench" / "conversations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _test_literals() -> list[str]:
    tree = ast.parse((Path(__file__).parent / "test_extract.py").read_text())
    found = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    return sorted(found)


def _documented() -> list[str]:
    """The quoted messages of the guide's tables (not its prose, nor file paths)."""
    rows = [line for line in (REPO / "docs" / "EXTRACTION.md").read_text().splitlines()
            if line.startswith("|")]  # fmt: skip
    quoted = {q for row in rows for q in re.findall(r"`([^`\n]+)`", row) if "/" not in q}
    return sorted(quoted)


def _conversation_turns() -> list[str]:
    module = _bench_conversations()
    turns = []
    for _, messages in module.distinct_conversations(CONVERSATIONS):
        turns += [m["content"] for m in messages if m["role"] == "user"]
    return turns


def _variants(texts: Iterable[str]) -> list[str]:
    return [v for t in texts for v in (t, t.lower(), t.upper(), t.rstrip(".") + " now")]


def _serialise(statement: object) -> list[object]:
    if isinstance(statement, Fact):
        return ["F", statement.text, statement.subject, sorted(statement.topics),
                statement.stance, statement.value, list(statement.updates)]  # fmt: skip
    return ["R", *(list(v) if isinstance(v, tuple) else v for v in vars(statement).values())]


def digest(texts: list[str]) -> str:
    hasher = hashlib.sha256()
    for text in texts:
        out = [_serialise(s) for s in extract(text)]
        hasher.update(json.dumps([text, out], ensure_ascii=False).encode() + b"\n")
    return hasher.hexdigest()


PARTS: dict[str, Callable[[], list[str]]] = {
    "test literals": lambda: _variants(_test_literals()),
    "documented messages": lambda: _variants(_documented()),
    "distinct conversations": lambda: _variants(_conversation_turns()),
}


@pytest.mark.parametrize("part", sorted(PARTS))
def test_extractor_output_over_the_corpus_is_unchanged(part: str) -> None:
    texts = PARTS[part]()
    count, expected = PINNED[part]
    assert (len(texts), digest(texts)) == (count, expected)


if __name__ == "__main__":  # print the digests to pin
    for name, build in PARTS.items():
        corpus = build()
        print(f"    {name!r}: ({len(corpus)}, {digest(corpus)!r}),", file=sys.stdout)
