"""The report of one run: summary table, failures to act on, exit code, JUnit XML for CI."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from contracts.checks import EVENT_TYPES, CheckResult

EXIT_CONFORMS = 0
EXIT_VIOLATIONS = 1
EXIT_COULD_NOT_RUN = 2


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

    @property
    def exit_code(self) -> int:
        if self.could_not_run is not None or any(r.error for r in self.results):
            return EXIT_COULD_NOT_RUN
        if any(r.failures for r in self.results):
            return EXIT_VIOLATIONS
        return EXIT_CONFORMS

    @property
    def verdict(self) -> str:
        if self.could_not_run is not None:
            return f"could not run: {self.could_not_run}"
        errors = [r for r in self.results if r.error]
        if errors:
            return f"could not run: {errors[0].check_id}: {errors[0].error}"
        failed = [r.check_id for r in self.results if r.failures]
        if failed:
            return f"VIOLATIONS in {len(failed)} check(s): {', '.join(failed)}"
        return "CONFORMS: no violations found"

    def failed_rules(self) -> set[int]:
        return {f.rule for r in self.results for f in r.failures if f.rule is not None}

    def failed_clauses(self) -> set[str]:
        return {f.clause for r in self.results for f in r.failures}

    def render(self) -> str:
        lines = [
            f"mem0-kit verify {self.base_url}  (profile {self.profile}, seed {self.seed}, "
            f"run id {self.run_id})",
            "",
        ]
        if self.results:
            lines += self._table()
        unserved = [r for r in self.results if r.unserved_status is not None]
        if unserved:
            lines += [
                "",
                f"{len(unserved)} optional operation(s) not served by this server, so not "
                "exercised (not a violation): " + ", ".join(_operation_of(r) for r in unserved),
            ]
        failures = [f for r in self.results for f in r.failures]
        if failures:
            lines += ["", f"{len(failures)} violation(s):", ""]
            for failure in failures:
                lines += [failure.render(), ""]
        for result in self.results:
            if result.error:
                lines.append(f"[{result.check_id}] could not complete: {result.error}")
        lines += ["", self.verdict]
        return "\n".join(lines)

    def _table(self) -> list[str]:
        header = ("check", "result", "cases", *EVENT_TYPES, "seconds")
        rows = [
            (
                r.check_id,
                _result_cell(r),
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
        """One testsuite, one testcase per check; failures carry the rendered Failure text."""
        suite = ET.Element(
            "testsuite",
            name="mem0-kit verify",
            tests=str(len(self.results) or 1),
            failures=str(sum(1 for r in self.results if r.failures)),
            errors=str(sum(1 for r in self.results if r.error) + (self.could_not_run is not None)),
            skipped=str(sum(1 for r in self.results if r.passed and not r.exercised)),
            time=f"{self.seconds:.3f}",
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
            elif result.failures:
                element = ET.SubElement(
                    case,
                    "failure",
                    message=f"{len(result.failures)} violation(s): {result.failures[0].title}",
                )
                element.text = "\n\n".join(f.render() for f in result.failures)
            elif not result.exercised:
                ET.SubElement(case, "skipped", message=f"not exercised: {result.note}")
            out = ET.SubElement(case, "system-out")
            events = ", ".join(f"{e}={result.events[e]}" for e in EVENT_TYPES)
            out.text = f"cases={result.cases} {events}"
        path.parent.mkdir(parents=True, exist_ok=True)
        ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)


def _result_cell(result: CheckResult) -> str:
    if result.unserved_status is not None:
        # The full sentence is the note (JUnit, the pytest plugin); the table stays narrow.
        return f"{result.status} (not served: {result.unserved_status})"
    return result.status + (f" ({result.note})" if result.note else "")


def _operation_of(result: CheckResult) -> str:
    return result.check_id.removeprefix("schema:")
