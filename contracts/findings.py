"""One finding per cause: a run's failures grouped by what broke, not by where it showed.

Failures with the same cause signature (the clause, the operation, the answer's status and the
title with its particulars taken out: ids, quoted values, numbers) are one `Finding`, with how
often it was seen and at most three examples. A Schemathesis check that answers the same wrong
status on three or more operations (`status_code_conformance`, e.g. 422 where openapi.yaml says
400) is one finding across them: the server's error handling, not each operation, is the cause.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from contracts import levels
from contracts.failures import Failure
from mem0spec import bundled

MAX_EXAMPLES = 3
# Operations on which the same status finding makes it the server's, not each operation's.
EVERYWHERE = 3

_PARTICULARS = (
    re.compile(r"'[^']*'|\"[^\"]*\""),  # quoted values: ids, memories, contents
    re.compile(r"\b[0-9a-f]{8}-[0-9a-f-]{27,}\b"),  # UUIDs
    re.compile(r"\bmck-[\w.-]+"),  # this run's scope ids
    re.compile(r"\b\d+(\.\d+)?\b"),  # counts, seconds, steps
)


def normalised(text: str) -> str:
    """`text` without its particulars, so two instances of one cause read the same.

    Example:
        >>> normalised("DELETE of 'f22e': a memory of another scope (3 steps)")
        'DELETE of …: a memory of another scope (… steps)'
    """
    for pattern in _PARTICULARS:
        text = pattern.sub("…", text)
    return " ".join(text.split())


def operation_of(failure: Failure) -> str:
    """The operation a failure's request named (`POST /v1/memories/`), else its check id."""
    if failure.check_id.startswith("schema:"):
        return failure.check_id.removeprefix("schema:")
    match = re.match(r"curl -X (\S+) (\S+)", failure.curl)
    if match:
        url = match.group(2).strip("'\"")
        operation = bundled().operation_for(match.group(1), url.split("?")[0])
        if operation is not None:
            return operation.label
    return failure.check_id


@dataclass
class Finding:
    """One cause: its first failure stands for it, `examples` are up to three instances."""

    clause: str
    title: str
    level: str
    operations: list[str]
    check_ids: list[str]
    status: int | None
    count: int = 0
    examples: list[Failure] = field(default_factory=list)

    @property
    def rule(self) -> int | None:
        return self.examples[0].rule if self.examples else None

    def add(self, failure: Failure) -> None:
        self.count += 1
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append(failure)
        if failure.check_id not in self.check_ids:
            self.check_ids.append(failure.check_id)
        operation = operation_of(failure)
        if operation not in self.operations:
            self.operations.append(operation)
        if levels.rank(failure.level or levels.DEFAULT_LEVEL) < levels.rank(self.level):
            self.level = failure.level or levels.DEFAULT_LEVEL

    def render(self, number: int) -> str:
        seen = f"seen {self.count} time(s)" if self.count > 1 else "seen once"
        where = ", ".join(self.check_ids)
        lines = [
            f"{number}. {self.clause}  [level: {self.level}]",
            f"   {self.title}",
            f"   {seen}, in {where}",
        ]
        for index, example in enumerate(self.examples, start=1):
            lines.append(f"   example {index}:")
            lines.extend("   " + line for line in example.render().splitlines()[1:])
        return "\n".join(lines)


def signature(failure: Failure) -> tuple[str, str, int | None, str]:
    return (failure.clause, operation_of(failure), failure.status, normalised(failure.title))


def group(failures: Iterable[Failure]) -> list[Finding]:
    """The failures as findings, in the order their first instance was reported."""
    by_signature: dict[tuple[str, str, int | None, str], Finding] = {}
    for failure in failures:
        key = signature(failure)
        finding = by_signature.get(key)
        if finding is None:
            finding = by_signature[key] = Finding(
                clause=failure.clause,
                title=failure.title,
                level=failure.level or levels.DEFAULT_LEVEL,
                operations=[],
                check_ids=[],
                status=failure.status,
            )
        finding.add(failure)
    return _status_everywhere(list(by_signature.values()))


def _status_everywhere(findings: list[Finding]) -> list[Finding]:
    """Fold a wrong status seen on many operations into one finding that says so."""
    clause = "schema: status_code_conformance"
    by_status: dict[int | None, list[Finding]] = {}
    for finding in findings:
        if finding.clause.startswith(clause) and finding.status is not None:
            by_status.setdefault(finding.status, []).append(finding)
    folded: dict[int, Finding] = {}
    for status, same in by_status.items():
        operations = {op for finding in same for op in finding.operations}
        if status is None or len(operations) < EVERYWHERE:
            continue
        merged = Finding(
            clause=clause,
            title=f"{len(operations)} operations answer {status} where openapi.yaml declares no "
            f"such status: the server's error handling, not each operation",
            level=levels.DEFAULT_LEVEL,
            operations=[],
            check_ids=[],
            status=status,
        )
        for finding in same:
            for example in finding.examples:
                merged.add(example)
            merged.count += finding.count - len(finding.examples)
        folded[status] = merged
    result: list[Finding] = []
    for finding in findings:
        status = finding.status
        if status in folded and finding.clause.startswith(clause):
            if folded[status] not in result:
                result.append(folded[status])
            continue
        result.append(finding)
    return result
