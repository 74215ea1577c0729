"""The contract suite as pytest items: `pytest --mem0-contract-url URL --mem0-api-key KEY`.

Imported only when that option is given. Each `contracts.Check` of `contracts.plan(target)` becomes
one item named by its id (`rule-3-immutable`, `schema:POST /v1/memories/`), so `-k`, `-x`,
`--junitxml` and xdist work as for any test; planning is deterministic, so every xdist worker
collects the same items. A check that ran but never exercised its rule is skipped with that reason,
not passed and not failed. As in `mem0-kit verify`, only findings at the chosen conformance level
(`--mem0-contract-level`) or below fail an item, and a root cause (the add missing, or refusing
the `Token` key) fails the add's item once while the rules it blocks are skipped as blocked by it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from mem0kit._plugin_config import CONTRACT_MARKER
from mem0kit.extras import missing_extra

if TYPE_CHECKING:
    from contracts import Check, Target


TARGET: pytest.StashKey[Target] = pytest.StashKey()
LEVEL: pytest.StashKey[str] = pytest.StashKey()


def configure_target(config: pytest.Config) -> None:
    """Check the options once, before anything runs: bad ones are a usage error, one line each."""
    missing = missing_extra("--mem0-contract-url", "verify")
    if missing is not None:  # the suites' own modules, before `contracts` tries to import them
        raise pytest.UsageError(missing)
    from contracts import ConfigurationError, Target
    from contracts.levels import level_named

    api_key = config.getoption("mem0_api_key") or os.environ.get("MEM0_API_KEY")
    if not api_key:
        raise pytest.UsageError(
            "--mem0-contract-url needs an API key: pass --mem0-api-key KEY or set MEM0_API_KEY"
        )
    try:
        config.stash[TARGET] = Target(
            base_url=config.getoption("mem0_contract_url"),
            api_key=api_key,
            seed=config.getoption("mem0_contract_seed"),
            profile=config.getoption("mem0_contract_profile"),
        )
        config.stash[LEVEL] = level_named(config.getoption("mem0_contract_level"))
    except ConfigurationError as error:
        raise pytest.UsageError(f"--mem0-contract-url: {error}") from None


class ContractViolation(AssertionError):
    """The server broke the contract; carries the structured failures the check found."""

    def __init__(self, failures: list[Any]) -> None:
        super().__init__(f"{len(failures)} contract violation(s)")
        self.failures = failures


class ContractSuite(pytest.Collector):
    """The contract suite against one target; its children are the plan's checks."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cannot_run: str | None = None  # None: not asked yet; "": the target can be judged
        self.root_cause: Any = None  # what blocks the add's checks (contracts.root_causes.Cause)

    def preflight(self, context: Any) -> str:
        """As `mem0-kit verify` does first: is the target reachable, the key valid, is it Mem0?

        Run once, by the first item rather than at collection (so --collect-only stays off the
        network); it also records ping's org and project ids, which some checks probe with.
        Returns why the target cannot be judged, or "".
        """
        if self._cannot_run is None:
            from contracts import CouldNotRun, root_causes
            from contracts.runner import preflight

            try:
                preflight(context)
                self.root_cause = root_causes.find(context)
                self._cannot_run = ""
            except CouldNotRun as error:
                self._cannot_run = str(error)
            except httpx.TransportError as error:  # it went away right after ping answered
                from contracts.checks import stopped_answering

                self._cannot_run = f"{stopped_answering(error)}, right after ping answered"
        return self._cannot_run

    def collect(self) -> Iterator[pytest.Item]:
        from contracts import plan

        config = self.config
        checks = plan(config.stash[TARGET])
        # The checks of one plan share one HTTP session: close it when the run ends.
        for context in {id(check.context): check.context for check in checks}.values():
            config.add_cleanup(context.close)
        for check in checks:
            yield ContractItem.from_parent(self, name=check.id, check=check)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        url = self.config.getoption("mem0_contract_url")
        return self.path, None, f"mem0 contract against {url}"


class ContractItem(pytest.Item):
    """One check of the contract (a rule or a schema operation) as a test."""

    def __init__(self, *, check: Check, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.check = check
        self.add_marker(CONTRACT_MARKER)
        self.user_properties.append(("title", check.title))

    def runtest(self) -> None:
        assert isinstance(self.parent, ContractSuite)
        reason = self.parent.preflight(self.check.context)
        if reason:
            pytest.fail(f"could not run the contract suite: {reason}", pytrace=False)
        cause = self.parent.root_cause
        if cause is not None and self.check.id == cause.owner:
            raise ContractViolation([cause.failure])
        if cause is not None and cause.blocks(self.check.id):
            pytest.skip(f"{self.check.id}: blocked by {cause.summary}")
        from contracts.levels import breaks

        result = self.check.run()
        self.user_properties.append(("cases", result.cases))
        for kind, count in sorted(result.events.items()):
            self.user_properties.append((f"events_{kind}", count))
        gate = self.config.stash[LEVEL]
        failing = [f for f in result.failures if breaks(f.level or gate, gate)]
        beyond = len(result.failures) - len(failing)
        if beyond:  # stricter than the chosen level: shown, not failed
            self.user_properties.append(("findings_beyond_level", beyond))
        if failing:
            raise ContractViolation(failing)
        if result.error:
            pytest.fail(f"{self.check.id} could not complete: {result.error}", pytrace=False)
        if not result.exercised:
            why = result.note or "the server gave this rule nothing to check"
            pytest.skip(
                f"{self.check.id}: never exercised, {why} "
                f"({result.cases} cases, events {_counts(result.events)})"
            )

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str | Any:
        if isinstance(excinfo.value, ContractViolation):
            blocks = [f"{self.check.id}: {self.check.title}"]
            blocks.extend(_render(failure) for failure in excinfo.value.failures)
            return "\n\n".join(blocks)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"mem0 contract: {self.check.id} ({self.check.title})"


def _render(failure: Any) -> str:
    render = getattr(failure, "render", None)
    if callable(render):
        return str(render())
    return str(failure)


def _counts(events: dict[str, int]) -> str:
    return ", ".join(f"{kind}={count}" for kind, count in sorted(events.items())) or "none"
