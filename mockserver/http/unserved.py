"""Calls the official clients make that the contract does not cover (yet): each answers 501 with a
sentence naming the operation, never a 404 that a client would read as "memory not found".

Read from mem0ai 2.2.1 and 1.0.11 (PyPI), mem0ai 3.3.1 (npm) and mem0-cli 0.2.13. A new client
call outside openapi.yaml goes here until the contract grows to cover it.
"""

from __future__ import annotations

import re

__all__ = ["UNSERVED", "unserved_operation"]

# (methods, path template, what it is and which client call sends it)
UNSERVED: tuple[tuple[frozenset[str], str, str], ...] = tuple(
    (frozenset(methods.split()), path, what)
    for methods, path, what in (
        ("POST", "/v1/feedback/", "memory feedback (`client.feedback()`)"),
        ("POST", "/v1/exports/", "memory export creation (`client.create_memory_export()`)"),
        ("POST", "/v1/exports/get/", "memory export retrieval (`client.get_memory_export()`)"),
        ("POST", "/v1/summary/", "memory summary (`client.get_summary()`)"),
        ("GET", "/v1/memories/events/", "the memory events feed"),
        ("GET", "/v1/memories/{entity_type}/{entity_id}/", "an entity's memories by path"),
        (
            "DELETE",
            "/v1/entities/{entity_type}/{entity_id}/",
            "entity deletion v1 (`deleteUser()`)",
        ),
        ("GET", "/v2/entities/user/{entity_id}/profile/", "user profiles (`client.get_profile()`)"),
        ("GET POST", "/v2/profiles/jobs/", "profile generation (`client.generate_profile()`)"),
        ("GET", "/v2/profiles/jobs/{job_id}/", "profile job status"),
        ("GET POST", "/v2/profiles/settings/", "profile settings"),
        ("GET", "/v1/stats/", "project statistics"),
        ("GET", "/v1/entities/filters/", "entity filters"),
        (
            "GET POST PUT PATCH DELETE",
            "/api/v1/{rest:path}",
            "project and webhook management (`client.project`, `*_webhook()`)",
        ),
    )
)


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{([a-z_]+)(:path)?\}", template.rstrip("/"))
    regex = ""
    for index in range(0, len(parts), 3):
        regex += re.escape(parts[index])
        if index + 1 < len(parts):
            regex += ".+" if parts[index + 2] else "[^/]+"
    return re.compile(f"{regex}/?")


_PATTERNS = [(methods, _pattern(path), path, what) for methods, path, what in UNSERVED]


def unserved_operation(method: str, path: str, *, literal_only: bool = False) -> str | None:
    """The sentence for a known client call outside the contract, or None. `literal_only`: only
    calls whose path has no parameter (`/v1/memories/events/` beside `/v1/memories/{id}/`)."""
    for methods, pattern, template, what in _PATTERNS:
        if literal_only and "{" in template:
            continue
        if method in methods and pattern.fullmatch(path):
            return (
                f"{method} {template} is {what}: the official clients call it, but it is not "
                "in the contract and the mock does not serve it yet."
            )
    return None
