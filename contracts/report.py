"""The report of one run: the level that gates it, the table, one finding per cause, exit code,
JUnit XML and the JSON report for CI.

Failures are grouped by cause (`contracts/findings.py`); each finding carries the lowest
conformance level it breaks (`contracts/levels.py`), and the exit code is 1 only for findings at
the gating level or below: a finding of the kit's strict contract alone fails `--level strict`.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contracts import levels
from contracts.checks import EVENT_TYPES, CheckResult
from contracts.failures import Failure
from contracts.findings import Finding, group

EXIT_CONFORMS = 0
EXIT_VIOLATIONS = 1
EXIT_COULD_NOT_RUN = 2
JSON_SCHEMA = "mem0-kit-verify-report/1"


@dataclass
class Report:
    base_url: str
    seed: int
    profile: str
    run_id: str
    results: list[CheckResult] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    could_not_run: str | None = None
    seconds: float = 0.0
    level: str = levels.DEFAULT_LEVEL

    @property
    def failures(self) -> list[Failure]:
        return [f for r in self.results for f in r.failures]

    @property
    def findings(self) -> list[Finding]:
        return group(self.failures)

    def findings_at(self, level: str) -> list[Finding]:
        """The findings that break `level` (at it or below)."""
        return [f for f in self.findings if levels.breaks(f.level, level)]

    @property
    def exit_code(self) -> int:
        if self.could_not_run is not None or any(r.error for r in self.results):
            return EXIT_COULD_NOT_RUN
        if self.findings_at(self.level):
            return EXIT_VIOLATIONS
        return EXIT_CONFORMS

    @property
    def verdict(self) -> str:
        if self.could_not_run is not None:
            return f"could not run: {self.could_not_run}"
        errors = [r for r in self.results if r.error]
        if errors:
            return f"could not run: {errors[0].error}"
        gating = self.findings_at(self.level)
        budget = sum(1 for r in self.results if r.not_run == "budget")
        unfinished = f"; {budget} check(s) not run: budget" if budget else ""
        if gating:
            return (
                f"VIOLATIONS at level {self.level}: {len(gating)} finding(s) in "
                f"{', '.join(_checks_of(gating))}{unfinished}"
            )
        above = len(self.findings) - len(gating)
        if not above and not unfinished:
            return "CONFORMS: no violations found"
        more = f"; {above} finding(s) at a stricter level only" if above else ""
        return f"CONFORMS at level {self.level}: no violations found{more}{unfinished}"

    def failed_rules(self) -> set[int]:
        return {f.rule for f in self.failures if f.rule is not None}

    def failed_clauses(self) -> set[str]:
        return {f.clause for f in self.failures}

    def level_summary(self) -> list[str]:
        """One line per level: whether the server reaches it, how many findings keep it back."""
        lines = []
        for level in levels.LEVELS:
            count = len(self.findings_at(level))
            gate = "  <- gates the exit code" if level == self.level else ""
            verdict = "yes" if count == 0 else f"no, {count} finding(s)"
            lines.append(f"  {level:<19} {levels.MEANINGS[level]}: {verdict}{gate}")
        return lines

    def render(self) -> str:
        lines = [
            f"mem0-kit verify {self.base_url}  (level {self.level}, profile {self.profile}, "
            f"seed {self.seed}, run id {self.run_id})",
            "",
        ]
        if self.results:
            lines += ["conformance levels (each includes the ones above it):"]
            lines += [*self.level_summary(), ""]
            lines += self._table()
        unserved = [r for r in self.results if r.unserved_status is not None]
        if unserved:
            lines += [
                "",
                f"{len(unserved)} optional operation(s) not served by this server, so not "
                "exercised (not a violation): " + ", ".join(_operation_of(r) for r in unserved),
            ]
        blocked = [r for r in self.results if r.blocked_by is not None]
        if blocked:
            lines += [
                "",
                f"{len(blocked)} check(s) blocked by {blocked[0].blocked_by} (reported once "
                "below): " + ", ".join(r.check_id for r in blocked),
            ]
        findings = self.findings
        if findings:
            total = len(self.failures)
            lines += ["", f"{len(findings)} finding(s), one per cause ({total} failure(s)):", ""]
            for number, finding in enumerate(findings, start=1):
                lines += [finding.render(number), ""]
        for result in self.results:
            if result.error:
                lines.append(f"[{result.check_id}] could not complete: {result.error}")
        lines += ["", self.verdict]
        return "\n".join(lines)

    def _gates(self, result: CheckResult) -> bool:
        """Whether one of the check's failures breaks the gating level."""
        return any(
            levels.breaks(f.level or levels.DEFAULT_LEVEL, self.level) for f in result.failures
        )

    def _table(self) -> list[str]:
        header = ("check", "result", "cases", *EVENT_TYPES, "seconds")
        rows = [
            (
                r.check_id,
                _result_cell(r) if self._gates(r) or not r.failures else "fail above the level",
                str(r.cases),
                *(str(r.events[e]) for e in EVENT_TYPES),
                f"{r.seconds:.1f}",
            )
            for r in self.results
        ]
        widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]

        def line(row: tuple[str, ...]) -> str:
            return "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))

        return [line(header), line(tuple("-" * w for w in widths)), *(line(r) for r in rows)]

    def write_junit(self, path: Path) -> None:
        """One testsuite, one testcase per check; failures carry the rendered Failure text.
        A check whose findings are all above the gating level is a pass with them in
        system-out; blocked and not-run checks are skipped."""
        failing = {r.check_id for r in self.results if self._gates(r)}
        suite = ET.Element(
            "testsuite",
            name="mem0-kit verify",
            tests=str(len(self.results) or 1),
            failures=str(len(failing)),
            errors=str(sum(1 for r in self.results if r.error) + (self.could_not_run is not None)),
            skipped=str(
                sum(
                    1
                    for r in self.results
                    if r.check_id not in failing and not r.error and not r.exercised
                )
            ),
            time=f"{self.seconds:.3f}",
        )
        ET.SubElement(
            ET.SubElement(suite, "properties"), "property", name="level", value=self.level
        )
        if self.could_not_run is not None:
            case = ET.SubElement(suite, "testcase", classname="mem0-kit.verify", name="preflight")
            ET.SubElement(case, "error", message=self.could_not_run)
        for result in self.results:
            case = ET.SubElement(
                suite,
                "testcase",
                classname="mem0-kit.verify",
                name=result.check_id,
                time=f"{result.seconds:.3f}",
            )
            if result.error:
                ET.SubElement(case, "error", message=result.error)
            elif result.check_id in failing:
                element = ET.SubElement(
                    case,
                    "failure",
                    message=f"{len(result.failures)} violation(s): {result.failures[0].title}",
                )
                element.text = "\n\n".join(f.render() for f in result.failures)
            elif not result.exercised:
                ET.SubElement(case, "skipped", message=f"{_skip_words(result)}")
            out = ET.SubElement(case, "system-out")
            events = ", ".join(f"{e}={result.events[e]}" for e in EVENT_TYPES)
            out.text = f"cases={result.cases} {events}"
            if result.failures and result.check_id not in failing:
                out.text += "\n\nabove the gating level:\n\n" + "\n\n".join(
                    f.render() for f in result.failures
                )
        path.parent.mkdir(parents=True, exist_ok=True)
        ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)

    def to_json(self) -> dict[str, Any]:
        """The report as data (`--report-json`; its schema is in docs/VERIFY.md)."""
        return {
            "schema": JSON_SCHEMA,
            "base_url": self.base_url,
            "level": self.level,
            "profile": self.profile,
            "seed": self.seed,
            "run_id": self.run_id,
            "seconds": round(self.seconds, 3),
            "exit_code": self.exit_code,
            "verdict": self.verdict,
            "could_not_run": self.could_not_run,
            "levels": {
                level: {"conforms": not self.findings_at(level), "findings": len(found)}
                for level in levels.LEVELS
                for found in [self.findings_at(level)]
            },
            "checks": [_check_json(r, self.titles.get(r.check_id, "")) for r in self.results],
            "findings": [_finding_json(f) for f in self.findings],
        }

    def write_json(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n")


def _check_json(result: CheckResult, title: str) -> dict[str, Any]:
    return {
        "id": result.check_id,
        "title": title,
        "status": result.status,
        "cases": result.cases,
        "events": dict(result.events),
        "seconds": round(result.seconds, 3),
        "note": result.note,
        "failures": len(result.failures),
        "unserved_status": result.unserved_status,
        "blocked_by": result.blocked_by,
        "not_run": result.not_run,
        "error": result.error,
    }


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "clause": finding.clause,
        "title": finding.title,
        "level": finding.level,
        "rule": finding.rule,
        "status": finding.status,
        "count": finding.count,
        "checks": finding.check_ids,
        "operations": finding.operations,
        "examples": [
            {
                "check": f.check_id,
                "title": f.title,
                "message": f.message,
                "status": f.status,
                "response": f.body_excerpt,
                "curl": f.curl,
                "example": f.example,
            }
            for f in finding.examples
        ],
    }


def _checks_of(findings: list[Finding]) -> list[str]:
    seen: list[str] = []
    for finding in findings:
        seen += [c for c in finding.check_ids if c not in seen]
    return seen


def _skip_words(result: CheckResult) -> str:
    if result.blocked_by is not None:
        return f"blocked by {result.blocked_by}"
    if result.not_run is not None:
        return f"not run: {result.not_run}"
    return f"not exercised: {result.note}"


def _result_cell(result: CheckResult) -> str:
    if result.unserved_status is not None:
        # The full sentence is the note (JUnit, the pytest plugin); the table stays narrow.
        return f"{result.status} (not served: {result.unserved_status})"
    if result.blocked_by is not None:
        return f"blocked by {result.blocked_by}"
    if result.not_run is not None:
        return f"not run: {result.not_run}"
    return result.status + (f" ({result.note})" if result.note else "")


def _operation_of(result: CheckResult) -> str:
    return result.check_id.removeprefix("schema:")
