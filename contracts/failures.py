"""A contract violation as a value: what the CLI report, JUnit and the pytest plugin render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from contracts.session import Exchange


@dataclass(frozen=True)
class Failure:
    """One violation, with everything a person needs to reproduce it.

    `clause` names what is broken: `"Rule 2: ..."` for a behavioural rule, or the Schemathesis check
    (`"schema: response_schema_conformance"`) for the schema layer. `curl` is runnable with the key
    redacted (`$MEM0_API_KEY`). `example` is the smallest failing input Hypothesis found, when the
    failure came from a search (the sequence of steps for the rule layer).
    """

    check_id: str
    clause: str
    title: str
    message: str
    curl: str = ""
    status: int | None = None
    body_excerpt: str = ""
    example: str = ""
    rule: int | None = None
    # The lowest conformance level it breaks (contracts/levels.py); None until the check that
    # found it is done, which files it (`levels.level_of`).
    level: str | None = None

    @classmethod
    def from_exchange(
        cls,
        check_id: str,
        clause: str,
        title: str,
        message: str,
        exchange: Exchange | None,
        rule: int | None = None,
        example: str = "",
        level: str | None = None,
    ) -> Failure:
        """The failure an answer shows: its curl, status and body excerpt come from `exchange`
        (left empty when there is no exchange to show)."""
        return cls(
            check_id=check_id,
            clause=clause,
            title=title,
            message=message,
            curl=exchange.curl() if exchange is not None else "",
            status=exchange.status if exchange is not None else None,
            body_excerpt=exchange.excerpt() if exchange is not None else "",
            example=example,
            rule=rule,
            level=level,
        )

    def render(self) -> str:
        """A plain-text block: what broke, why, and how to reproduce it."""
        head = f"[{self.check_id}] {self.clause}"
        if self.rule is not None and not self.clause.startswith("Rule"):
            head += f" (also breaks rule {self.rule})"
        if self.level is not None:
            head += f"  [level: {self.level}]"
        lines = [head, f"  {self.title}", f"  {self.message}"]
        if self.status is not None:
            lines.append(f"  response: {self.status} {self.body_excerpt}".rstrip())
        if self.curl:
            lines.append(f"  reproduce: {self.curl}")
        if self.example:
            lines.append("  smallest failing example:")
            lines.extend(f"    {line}" for line in self.example.splitlines())
        return "\n".join(lines)
