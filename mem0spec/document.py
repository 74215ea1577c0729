"""The contract document itself: where `openapi.yaml` is, its parsed form, and `$ref` resolution.

`openapi.yaml` lives at the repository root (the source of truth people read and edit); this package
carries it into the wheel (`mem0spec/openapi.yaml` is a link to it in the source tree and a copy in
the wheel).
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

__all__ = ["SPEC_PATH", "load_spec", "resolve"]

SPEC_PATH: Path = Path(__file__).resolve().with_name("openapi.yaml")


@functools.cache
def _parsed() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as handle:
        # libyaml's loader, where PyYAML was built with it: the same document 10x faster than
        # the pure-Python one, which was most of the mock's start-up.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        spec: dict[str, Any] = yaml.load(handle, Loader=loader)
    return spec


def load_spec() -> dict[str, Any]:
    """The parsed contract (a fresh deep copy, so callers may mutate it).

    Example:
        >>> load_spec()["paths"]["/v1/memories/"]["post"]["operationId"]
        'addMemories'
    """
    return copy.deepcopy(_parsed())


def resolve(node: Mapping[str, Any], spec: Mapping[str, Any]) -> dict[str, Any]:
    """Follow a chain of document-local `$ref`s ("#/components/...") in `spec` to what they name.

    Example:
        >>> spec = load_spec()
        >>> resolve({"$ref": "#/components/schemas/EventType"}, spec)["enum"]
        ['ADD', 'UPDATE', 'DELETE']
    """
    while "$ref" in node:
        target: Any = spec
        for part in str(node["$ref"]).removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return dict(node)
