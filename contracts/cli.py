"""Check that a server at a base URL honours the Mem0 add-memories contract.

Runs the schema layer (Schemathesis, driven by the bundled openapi.yaml) and the rule layer (the
behavioural rules of docs/CONTRACT.md, on realistic conversations, following queued adds and
reading back what was written) against any implementation.
Progress goes to stderr, the report to stdout. Needs the [verify] extra:
pip install 'mem0-contract-kit[verify]'.

conformance levels, each including the ones before it: works-with-clients (what the official
clients need), documented (Mem0's published spec and docs; the default --level) and strict (the
kit's contract as written). Every finding carries the lowest level it breaks; --level picks the
one that gates the exit code, and the report says at the top which levels the server reaches.

exit codes: 0 conforms at --level (findings of a stricter level only are listed, not failed;
checks not run for --max-seconds are listed too), 1 violations at --level, 2 could not run
(unreachable, key refused, not Mem0, TLS mismatch, bad arguments, the server stopped answering
mid-run, the [verify] extra missing).

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
        help="how deep to search: quick (a smoke run, no coverage phase: about 12 s against the "
        "local mock), default (the coverage phase for the required operations: about 45 s "
        "against it) or thorough (more examples, longer sequences, the coverage phase "
        "everywhere: an hour or more); a real server is slower",
    )
    parser.add_argument(
        "--level",
        default="documented",
        help="the conformance level that gates the exit code: works-with-clients, documented "
        "(default) or strict",
    )
    parser.add_argument("--junit-xml", type=Path, help="also write a JUnit XML report here")
    parser.add_argument(
        "--report-json",
        type=Path,
        metavar="FILE",
        help="also write the report as JSON here (schema in docs/VERIFY.md)",
    )
    parser.add_argument(
        "--max-seconds",
        type=float,
        help="budget for the whole run: no check starts after it, the schema layer sends no "
        "more cases and a rule search plays no more sequences; what was not run is reported "
        "'not run: budget'",
    )
    parser.add_argument(
        "--workers",
        type=int,
        help="checks run at once (default 8): a slow server's waits overlap",
    )
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
    parser.add_argument(
        "--event-timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="longest wait for a queued add's event to reach SUCCEEDED or FAILED, polled with "
        "backoff (default: %(default)s)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")


def run(args: argparse.Namespace) -> int:
    from contracts.errors import ConfigurationError
    from contracts.levels import level_named
    from contracts.progress import LiveLine, wanted
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
            event_wait=args.event_timeout,
            run_id=args.run_id,
            workers=args.workers,
            max_seconds=args.max_seconds,
        )
        level = level_named(args.level)
    except ConfigurationError as exc:
        return _could_not_run(f"{exc}.")
    live = LiveLine(sys.stderr) if not args.quiet and wanted(sys.stderr) else None

    def progress(message: str) -> None:
        if live is not None:
            live.say(message)
        elif not args.quiet:
            print(message, file=sys.stderr, flush=True)

    try:
        report = run_suite(
            target,
            progress=progress,
            only=tuple(args.check),
            level=level,
            ticker=live.tick if live is not None else None,
        )
    except ConfigurationError as exc:
        return _could_not_run(f"{exc}.")
    if report.exit_code == EXIT_COULD_NOT_RUN:
        reason = report.verdict.removeprefix("could not run: ")
        print(f"mem0-kit verify: could not run: {reason}", file=sys.stderr)
    print(report.render())
    if args.junit_xml is not None:
        report.write_junit(args.junit_xml)
    if args.report_json is not None:
        report.write_json(args.report_json)
    return report.exit_code


def _could_not_run(reason: str) -> int:
    print(f"mem0-kit verify: could not run: {reason}", file=sys.stderr)
    return EXIT_COULD_NOT_RUN
