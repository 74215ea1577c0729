"""How a mock setting is declared: once, on its `Settings` field, with everything said of it.

`setting(default, flag=..., group=..., help=..., docs=..., ...)` makes the dataclass field and
keeps its `Option` (default, bounds, `mem0-kit mock` flag and docs/MOCK.md row) as the field's
metadata; `mockserver.cli` builds the flags, reads them back and renders the docs table from the
options, and the command's own flags (`--host`, `--port`, ...) are declared with `describe` the
same way.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
from collections.abc import Callable
from typing import Any

__all__ = [
    "FOR_TESTS",
    "MISBEHAVES",
    "REMEMBERS",
    "WHO",
    "Flag",
    "Option",
    "describe",
    "parse_date",
    "parse_fraction",
    "setting",
]

# The sections of `mem0-kit mock --help`, in the order a setting's field first names them.
WHO = "who may call it"
REMEMBERS = "what it remembers"
MISBEHAVES = "how it misbehaves (for testing your error handling)"
FOR_TESTS = "for browsers and tests"


def parse_date(text: str) -> datetime.date:
    """A date flag's text (YYYY-MM-DD) as a date; argparse shows the message."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def parse_fraction(text: str) -> float:
    """A fraction flag's text (0..1) as a float; argparse shows the message."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {text}")
    return value


@dataclasses.dataclass(frozen=True)
class Flag:
    """How a value is given to `mem0-kit mock`: `--max-scopes N`, in one section of --help.

    How the flag takes its value follows from the default (see `mockserver.cli`): a bool that is
    off is a switch (`--stateless`), one that is on also gets `--no-...`, a tuple is repeated
    (`--api-key A --api-key B`), anything else takes one value, converted by `parse`.
    """

    option: str  # "--max-scopes"
    group: str  # the section of --help it is listed in
    help: str  # argparse expands %(default)s to the default
    metavar: str | None = None  # None: argparse's own (the name in capitals)
    parse: Callable[[str], Any] | None = None  # the text into a value; None: the text itself
    choices: tuple[str, ...] | None = None


@dataclasses.dataclass(frozen=True)
class Option:
    """One value `mem0-kit mock` can be given (a setting, or a flag of the command itself)."""

    name: str  # the setting (the flag's argparse dest)
    default: Any
    docs: str  # the "effect" cell of the docs/MOCK.md table
    flag: Flag | None = None  # None: settable only from Python (`Settings`, the pytest marker)
    # The environment variable read when the flag is not given; None: MEM0_MOCK_<FLAG>.
    env: str | None = None
    at_least: int | None = None  # the least an integer setting may be
    docs_default: str | None = None  # the table's "default" cell, when the value does not say it
    docs_setting: str | None = None  # the table's "setting" cell; None: the name, as a setting's


def describe(
    name: str,
    default: Any,
    *,
    docs: str,
    flag: str | None = None,
    group: str = "",
    help: str = "",
    metavar: str | None = None,
    parse: Callable[[str], Any] | None = None,
    choices: tuple[str, ...] | None = None,
    env: str | None = None,
    at_least: int | None = None,
    docs_default: str | None = None,
    docs_setting: str | None = None,
) -> Option:
    """An `Option` from flat keywords (how settings and the CLI's own flags are both declared)."""
    described = None if flag is None else Flag(flag, group, help, metavar, parse, choices)
    return Option(name, default, docs, described, env, at_least, docs_default, docs_setting)


def setting(default: Any, *, hash: bool = True, **described: Any) -> Any:
    """A field of `Settings` with its declaration (the keywords of `describe`) as metadata."""
    option = describe("", default, **described)
    return dataclasses.field(default=default, hash=hash, metadata={"option": option})
