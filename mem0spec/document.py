"""The contract document itself: where `openapi.yaml` is, its parsed form, and `$ref` resolution.

`openapi.yaml` lives at the repository root (the source of truth people read and edit); this package
carries it into the wheel (`mem0spec/openapi.yaml` is a link to it in the source tree and a copy in
the wheel).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["SPEC_PATH", "load_spec", "resolve"]

SPEC_PATH: Path = Path(__file__).resolve().with_name("openapi.yaml")


@functools.cache
def _parsed() -> tuple[bytes | None, dict[str, Any]]:
    """The document as YAML parses it, and its JSON text when JSON can say the same tree, read
    from a JSON copy keyed by the file's hash when one exists.

    Even libyaml's parser takes ~45 ms over this document (and importing PyYAML ~25 ms), a tenth of
    the mock's start-up; JSON reads the same tree in ~2 ms. The key is the YAML's own bytes, so an
    edited contract is parsed afresh: the YAML stays the one source, the copy is only a cache.
    """
    text = SPEC_PATH.read_bytes()
    cached = _cache_dir() / f"openapi-{hashlib.sha256(text).hexdigest()[:32]}.json"
    try:
        encoded = cached.read_bytes()
        spec: dict[str, Any] = json.loads(encoded)
        return encoded, spec
    except (OSError, ValueError):
        pass
    import yaml

    # libyaml's loader, where PyYAML was built with it: 10x faster than the pure-Python one.
    spec = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return _store(cached, spec), spec


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "mem0-contract-kit"


def _store(path: Path, spec: dict[str, Any]) -> bytes | None:
    """Keep a JSON copy, if JSON can say the same tree (YAML's int keys or dates it could not),
    and return its text; a cache that cannot be written costs only the next start its speed."""
    encoded = json.dumps(spec, separators=(",", ":"))
    if json.loads(encoded) != spec:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_text(encoded, encoding="utf-8")
        os.replace(partial, path)  # atomic: a concurrent start reads the whole copy or none
    except OSError:
        pass
    return encoded.encode()


def load_spec() -> dict[str, Any]:
    """The parsed contract (a fresh deep copy, so callers may mutate it).

    Example:
        >>> load_spec()["paths"]["/v1/memories/"]["post"]["operationId"]
        'addMemories'
    """
    encoded, spec = _parsed()
    # Parsing the JSON again is ~10x quicker than a deep copy of the tree.
    return json.loads(encoded) if encoded is not None else copy.deepcopy(spec)


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
