"""Check that a server at a base URL honours the Mem0 add-memories contract.

Runs the schema layer (Schemathesis, driven by the bundled openapi.yaml) and the rule layer (the
seven behavioural rules of the contract, on realistic conversations) against any implementation.
Progress goes to stderr, the report to stdout. Needs the [verify] extra:
pip install 'mem0-contract-kit[verify]'.

exit codes: 0 conforms, 1 violations found, 2 could not run (unreachable, key refused, not Mem0,
bad arguments, the [verify] extra missing).

example:
  mem0-kit verify --base-url http://127.0.0.1:8000 --api-key mock-key --seed 7

The rules: mem0-kit docs contract. Full guide: mem0-kit docs verify.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_COULD_NOT_RUN = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-url", required=True, help="the server, optionally with a path prefix"
    )
    parser.add_argument(
        "--api-key",
        default=os.environ.get("MEM0_API_KEY"),
        help="the key sent as 'Authorization: Token <key>' (default: $MEM0_API_KEY)",
    )
    parser.add_argument("--seed", type=int, default=0, help="fixes every generated case")
    parser.add_argument(
        "--profile",
        default="default",
        # Seconds measured against a fresh `mem0-kit mock` (20 operations) on 2 shared cores; a
        # real server, which calls an LLM per add, is slower.
        help="how deep to search: quick (a smoke run, no coverage phase: about 20 s against the "
        "local mock), default (the coverage phase for the required operations: about 80 s "
        "against it) or thorough (more examples, longer sequences, the coverage phase "
        "everywhere: an hour or more); a real server is slower",
    )
    parser.add_argument("--junit-xml", type=Path, help="also write a JUnit XML report here")
    parser.add_argument(
        "--run-id",
        help="names this run's scopes (mck-<run-id>-...); default: fresh, so runs never collide",
    )
    parser.add_argument(
        "--check",
        action="append",
        default=[],
        metavar="ID",
        help="run only the check whose id is ID, or else the checks whose id starts with ID "
        "(repeatable), e.g. rule-2, schema, or 'schema:POST /v1/memories/' alone",
    )
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    parser.add_argument(
        "--max-throttle-wait",
        type=float,
        default=60.0,
        help="longest total wait for 429 Retry-After on one request",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")


def run(args: argparse.Namespace) -> int:
    from contracts.errors import ConfigurationError
    from contracts.runner import run as run_suite
    from contracts.target import Target

    if not args.api_key:
        return _could_not_run("no API key: pass --api-key or set MEM0_API_KEY.")
    try:
        target = Target(
            base_url=args.base_url,
            api_key=args.api_key,
            seed=args.seed,
            profile=args.profile,
            timeout=args.timeout,
            max_throttle_wait=args.max_throttle_wait,
            run_id=args.run_id,
        )
    except ConfigurationError as exc:
        return _could_not_run(f"{exc}.")

    def progress(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    try:
        report = run_suite(target, progress=progress, only=tuple(args.check))
    except ConfigurationError as exc:
        return _could_not_run(f"{exc}.")
    if report.could_not_run is not None:
        print(f"mem0-kit verify: could not run: {report.could_not_run}", file=sys.stderr)
    print(report.render())
    if args.junit_xml is not None:
        report.write_junit(args.junit_xml)
    return report.exit_code


def _could_not_run(reason: str) -> int:
    print(f"mem0-kit verify: could not run: {reason}", file=sys.stderr)
    return EXIT_COULD_NOT_RUN
