"""Python AST objects built one at a time while checks run on several threads.

CPython 3.11 before 3.11.8 keeps the AST constructor's recursion counter in interpreter-wide
state (gh-106905): when two threads turn source into `ast` objects at once (a garbage collection
inside one lets the other run), one of them fails with "SystemError: AST constructor recursion
depth mismatch". Hypothesis parses lambdas' and predicates' source while it draws, and anyio's
lazy importer parses a module's source when a worker thread first imports it, so a threaded
`verify` met it. Every such parse goes through `builtins.compile` (`ast.parse` calls it), so
while the guard is on, those calls take one lock; a plain compile to bytecode does not.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import functools
import threading
from collections.abc import Iterator
from typing import Any

# Re-entrant: a finalizer run by a garbage collection inside a parse may parse in turn.
_LOCK = threading.RLock()
_users = 0
_original = builtins.compile


@functools.wraps(_original)
def _compile(
    source: Any, filename: Any, mode: str, flags: int = 0, *args: Any, **kwargs: Any
) -> Any:
    if flags & ast.PyCF_ONLY_AST or isinstance(source, ast.AST):
        with _LOCK:
            return _original(source, filename, mode, flags, *args, **kwargs)
    return _original(source, filename, mode, flags, *args, **kwargs)


@contextlib.contextmanager
def one_at_a_time() -> Iterator[None]:
    """AST objects built one at a time while inside; nested and concurrent uses share the guard."""
    global _users
    with _LOCK:
        _users += 1
        builtins.compile = _compile
    try:
        yield
    finally:
        with _LOCK:
            _users -= 1
            if _users == 0:
                builtins.compile = _original
