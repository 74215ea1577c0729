"""`mem0-kit`: one console script, one subcommand per tool.

Each subcommand's module exposes `add_arguments(parser)` and `run(args) -> int` and imports nothing
heavy at module level, so `mem0-kit mock` never loads Schemathesis and `mem0-kit verify` never loads
the mock. Exit codes: 0 success, 1 the tool's negative verdict, 2 could not run.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# subcommand -> (module, one-line help)
_COMMANDS = {
    "mock": ("mockserver.cli", "run the deterministic Mem0 mock server"),
    "verify": ("contracts.cli", "check that a server at a base URL honours the contract"),
    "spec": ("mem0kit.spec_command", "print the bundled openapi.yaml, its path, or lint it"),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only `command`'s module is imported and configured (all when None)."""
    parser = argparse.ArgumentParser(
        prog="mem0-kit",
        description="Contract tests and a deterministic mock server for Mem0's POST /v1/memories/.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module_name, help_text) in _COMMANDS.items():
        if command is not None and name != command:
            subparsers.add_parser(name, help=help_text)
            continue
        module = importlib.import_module(module_name)
        sub = subparsers.add_parser(name, help=help_text, description=module.__doc__)
        sub.formatter_class = argparse.RawDescriptionHelpFormatter
        module.add_arguments(sub)
        sub.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Import only the chosen tool: `mem0-kit verify` never loads the mock, nor `mock` Schemathesis.
    chosen = next((arg for arg in argv if arg in _COMMANDS), None)
    args = build_parser(chosen).parse_args(argv)
    try:
        code: int = args._run(args)
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
