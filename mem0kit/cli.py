"""`mem0-kit`: one console script, one subcommand per tool.

Each subcommand's module exposes `add_arguments(parser)` and `run(args) -> int` and imports nothing
heavy at module level, so `mem0-kit mock` never loads Schemathesis and `mem0-kit verify` never loads
the mock. A tool that needs an extra (mem0kit/extras.py) checks for it before it runs: without it,
the tool says in one line what to install and exits 2. Exit codes: 0 success, 1 the tool's
negative verdict, 2 could not run.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NamedTuple

from mem0kit.extras import DISTRIBUTION, missing_extra

EXIT_COULD_NOT_RUN = 2


class Command(NamedTuple):
    module: str
    help: str
    extra: str | None  # the extra its run needs beyond the plain install


_COMMANDS = {
    "mock": Command("mockserver.cli", "run the deterministic Mem0 mock server", None),
    "verify": Command(
        "contracts.cli", "check that a server at a base URL honours the contract", "verify"
    ),
    "spec": Command(
        "mem0kit.spec_command", "print the bundled openapi.yaml, its path, or lint it", None
    ),
    "docs": Command("mem0kit.docs_command", "print a bundled guide, or list them", None),
}


class _VersionAction(argparse.Action):
    """`--version`: the installed distribution's version, read only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version(DISTRIBUTION)
        except PackageNotFoundError:  # imported from a source tree that was never installed
            found = "(not installed)"
        print(f"mem0-kit {found}")  # on stdout, as argparse's own version action prints
        parser.exit()


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only `command`'s module is imported and configured.

    None configures no subcommand: `mem0-kit --help` and `--version` need only their names.
    """
    parser = argparse.ArgumentParser(
        prog="mem0-kit",
        description="Contract tests and a deterministic mock server for Mem0's POST /v1/memories/.",
        epilog="Guides, offline: mem0-kit docs (mock, verify, contract, plugin, ...).",
    )
    parser.add_argument("--version", action=_VersionAction)
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, chosen in _COMMANDS.items():
        if name != command:
            subparsers.add_parser(name, help=chosen.help)
            continue
        module = importlib.import_module(chosen.module)
        sub = subparsers.add_parser(name, help=chosen.help, description=module.__doc__)
        sub.formatter_class = argparse.RawDescriptionHelpFormatter
        module.add_arguments(sub)
        sub.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Import only the chosen tool: `mem0-kit verify` never loads the mock, nor `mock` Schemathesis.
    chosen = next((arg for arg in argv if arg in _COMMANDS), None)
    try:
        parser = build_parser(chosen)
    except ModuleNotFoundError:
        # The tool's own module needs its extra (contracts imports httpx): say which, in one line.
        if chosen is None or _say_missing_extra(chosen):
            raise
        return EXIT_COULD_NOT_RUN
    if chosen is not None and not _say_missing_extra(chosen, imported=False):
        return EXIT_COULD_NOT_RUN  # before `--help` too, which would say nothing of the extra
    args = parser.parse_args(argv)
    if not _say_missing_extra(args.command):
        return EXIT_COULD_NOT_RUN
    try:
        code: int = args._run(args)
    except KeyboardInterrupt:
        return 130
    return code


def _say_missing_extra(command: str, *, imported: bool = True) -> bool:
    """True when `command` has what it needs; else prints the one sentence naming its extra."""
    extra = _COMMANDS[command].extra
    sentence = (
        None if extra is None else missing_extra(f"mem0-kit {command}", extra, imported=imported)
    )
    if sentence is not None:
        print(sentence, file=sys.stderr)
    return sentence is None


if __name__ == "__main__":
    sys.exit(main())
