"""Conformance levels: how far a finding puts a server from Mem0, lowest first.

    works-with-clients   what the official clients (mem0ai 0.1.x, 1.x, 2.x and the JS client)
                         need to function: the required operations, ping's org_id/project_id,
                         the add's answer shape, no crash on a valid request
    documented           Mem0's published spec and docs (the default gate of `mem0-kit verify`)
    strict               the kit's own contract (openapi.yaml and the rules of docs/CONTRACT.md,
                         as written)

A server that breaks a level breaks every level above it, so each finding carries the lowest
level it breaks, and `--level L` fails the run on the findings at L or below. Where the kit is
stricter than Mem0 (Mem0 declares no enum for `output_format` or `version`, does not say a message
needs a `role`, says nothing of empty or blank content, of `WWW-Authenticate`, of the kit's error
details, or of refusing `Bearer`), a finding is filed under `strict` only.
"""

from __future__ import annotations

import copy
import functools
import re
from typing import TYPE_CHECKING, Any

from contracts.errors import ConfigurationError
from mem0spec import bundled

if TYPE_CHECKING:
    from contracts.failures import Failure

CLIENTS = "works-with-clients"
DOCUMENTED = "documented"
STRICT = "strict"
LEVELS = (CLIENTS, DOCUMENTED, STRICT)
DEFAULT_LEVEL = DOCUMENTED
MEANINGS = {
    CLIENTS: "works with the official clients",
    DOCUMENTED: "matches Mem0's documented behaviour",
    STRICT: "matches the kit's strict contract",
}


def level_named(name: str) -> str:
    if name not in LEVELS:
        raise ConfigurationError(f"unknown level {name!r}; choose one of: {', '.join(LEVELS)}")
    return name


def rank(level: str) -> int:
    return LEVELS.index(level)


def breaks(finding_level: str, gate: str) -> bool:
    """Whether a finding at `finding_level` fails a run gated at `gate`.

    Example:
        >>> breaks(STRICT, DOCUMENTED), breaks(CLIENTS, DOCUMENTED), breaks(STRICT, STRICT)
        (False, True, True)
    """
    return rank(finding_level) <= rank(gate)


# Where Mem0 says nothing and the kit does: (component, property) whose enum Mem0 does not declare,
# and the Message fields Mem0 does not require.
_ENUMS_MEM0_LACKS = (("AddMemoriesRequest", "output_format"), ("AddMemoriesRequest", "version"))
_MESSAGE_FIELDS_MEM0_REQUIRES = ("content",)


@functools.cache
def _looser_validator() -> Any:
    """The add's body schema as Mem0 documents it: the kit's, without what Mem0 lacks."""
    spec = bundled()
    components = copy.deepcopy(spec.document["components"])
    schemas = components["schemas"]
    for name, prop in _ENUMS_MEM0_LACKS:
        schemas[name]["properties"][prop].pop("enum", None)
    schemas["Message"]["required"] = list(_MESSAGE_FIELDS_MEM0_REQUIRES)
    from mem0spec.validators import compile_schema

    return compile_schema({"$ref": "#/components/schemas/AddMemoriesRequest"}, components)


def mem0_allows(body: Any) -> bool:
    """Whether an add body the kit refuses is one Mem0's documents allow (or are silent on)."""
    return bool(_looser_validator().is_valid(body))


def mem0_silent_on_refusing(body: Any) -> bool:
    """Whether refusing an add body the kit accepts is something Mem0's documents are silent on:
    a message whose content is empty or blank."""
    messages = body.get("messages") if isinstance(body, dict) else None
    return any(
        isinstance(m, dict) and isinstance(m.get("content"), str) and not m["content"].strip()
        for m in messages or []
    )


# A schema check's level when nothing more is known of its finding.
_SCHEMA_CHECK_LEVELS = {"not_a_server_error": DOCUMENTED}
# Clauses whose findings are the kit's own words only (Mem0 documents neither).
_STRICT_TITLES = (
    re.compile(r"lacks WWW-Authenticate"),
    re.compile(r"does not name it in details\.errors"),
    re.compile(r"with the Bearer scheme got "),  # rule 7: Bearer accepted beside Token
)


def level_of(failure: Failure) -> str:
    """The lowest level `failure` breaks (its own `level` when it carries one: rule 6 files
    each probe's)."""
    if failure.level is not None:
        return failure.level
    clause, title = failure.clause, failure.title
    if clause == "required operation":
        return CLIENTS
    if any(pattern.search(title) for pattern in _STRICT_TITLES):
        return STRICT
    if failure.check_id == "ping" and clause.startswith("ping:"):
        from contracts.endpoints.ping import CLIENT_FIELDS

        return CLIENTS if any(name in failure.message for name in CLIENT_FIELDS) else STRICT
    if failure.rule == 5 and clause.startswith("Rule 5"):
        return CLIENTS  # the clients parse the shape and follow the event ids
    return DOCUMENTED
