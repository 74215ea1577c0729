"""Print the bundled contract (`openapi.yaml`), print where it is, or lint it.

mem0-kit spec            print openapi.yaml
mem0-kit spec --path     print its path on disk
mem0-kit spec --lint     validate it as OpenAPI 3.1 (exit 1 with the reason if it is not)
"""

from __future__ import annotations

import argparse
import sys

from mem0spec import SPEC_PATH, load_spec


def add_arguments(parser: argparse.ArgumentParser) -> None:
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--path", action="store_true", help="print the path of openapi.yaml")
    action.add_argument("--lint", action="store_true", help="validate openapi.yaml as OpenAPI 3.1")


def run(args: argparse.Namespace) -> int:
    if args.path:
        print(SPEC_PATH)
        return 0
    if args.lint:
        return _lint()
    sys.stdout.write(SPEC_PATH.read_text(encoding="utf-8"))
    return 0


def _lint() -> int:
    # openapi-spec-validator comes with openapi-core; imported here to keep `--path` instant.
    from openapi_spec_validator import validate

    try:
        validate(load_spec())
    except Exception as error:  # the validator's own hierarchy varies between versions
        print(f"{SPEC_PATH}: invalid OpenAPI 3.1: {error}", file=sys.stderr)
        return 1
    print(f"{SPEC_PATH}: valid OpenAPI 3.1")
    return 0
