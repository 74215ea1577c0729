"""The built-in checks, in the order a report lists them.

Each module registers its checks with `@check` where they are defined; importing the modules in
this order is what orders the report. `contracts/__init__.py` imports this module, so the built-ins
are registered before any user's check can be.
"""

from __future__ import annotations

import importlib

BUILTIN_CHECK_MODULES = (
    "contracts.endpoints.ping",  # ping
    "contracts.schema_checks",  # schema:<operation>, one per operation of openapi.yaml
    "contracts.rules.ids",  # rule-1-ids
    "contracts.rules.live_scope",  # rule-2-live-scope
    "contracts.rules.immutable",  # rule-3-immutable
    "contracts.rules.verbatim",  # rule-4-verbatim
    "contracts.rules.shape",  # rule-5-shape
    "contracts.rules.validation",  # rule-6-validation
    "contracts.rules.auth",  # rule-7-auth
    "contracts.rules.read_your_writes",  # rule-8-read-your-writes
    "contracts.rules.scope_isolation",  # rule-9-scope-isolation
    "contracts.rules.history",  # rule-10-history
    "contracts.rules.v3_add",  # rule-11-v3-add
    "contracts.endpoints.event_lookup",  # event-lookup
)

for _module in BUILTIN_CHECK_MODULES:
    importlib.import_module(_module)
