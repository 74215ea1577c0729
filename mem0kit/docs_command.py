"""Print a guide of the kit, offline: the same pages as docs/ of the repository.

mem0-kit docs            list the topics (mock, verify, contract, plugin, ...), one line each
mem0-kit docs TOPIC      print that guide (Markdown), e.g. mem0-kit docs mock | less

The guides travel inside the package (mem0kit/docs/, in the repository a link to docs/), so a
wheel install reads the same text as a checkout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# In the repository a symlink to ../docs (as mem0spec/openapi.yaml is to ../openapi.yaml); the
# wheel carries the files themselves.
DOCS_DIR = Path(__file__).resolve().parent / "docs"

# topic -> its page; the first four are the guides of the four uses, in the order README meets them.
TOPICS = {
    "mock": "MOCK.md",
    "verify": "VERIFY.md",
    "contract": "CONTRACT.md",
    "plugin": "PYTEST_PLUGIN.md",
    "extraction": "EXTRACTION.md",
    "search": "SEARCH.md",
    "broken-servers": "BROKEN_SERVERS.md",
    "hardening": "HARDENING.md",
    "architecture": "ARCHITECTURE.md",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "topic", nargs="?", metavar="TOPIC", help=f"one of: {', '.join(TOPICS)} (default: list)"
    )


def run(args: argparse.Namespace) -> int:
    if args.topic is None:
        print(topic_list())
        return 0
    page = TOPICS.get(args.topic)
    if page is None:
        print(f"mem0-kit docs: no topic {args.topic!r}; the topics:", file=sys.stderr)
        print(topic_list(), file=sys.stderr)
        return 2
    sys.stdout.write(guide(args.topic))
    return 0


def guide(topic: str) -> str:
    """The Markdown text of a topic's page."""
    return (DOCS_DIR / TOPICS[topic]).read_text(encoding="utf-8")


def title(topic: str) -> str:
    """A page's first heading, its one-line summary (written once, in the page itself)."""
    for line in guide(topic).splitlines():
        if line.startswith("# "):
            return line.removeprefix("# ").strip()
    return TOPICS[topic]


def topic_list() -> str:
    """One line per topic: its name, then its page's title."""
    width = max(map(len, TOPICS))
    lines = [f"  {topic:<{width}}  {title(topic)}" for topic in TOPICS]
    return "\n".join(["mem0-kit docs TOPIC prints one of:", *lines])
