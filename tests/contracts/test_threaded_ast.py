"""contracts/threaded_ast.py: while the guard is on, threads turn source into AST one at a time."""

from __future__ import annotations

import ast
import builtins
import threading
import time

from contracts import threaded_ast


class _SlowModule(ast.Module):
    """A module whose conversion takes a while: compile() reads `body` mid-conversion."""

    def __init__(self, converting: threading.Event) -> None:
        super().__init__(type_ignores=[])
        self._converting = converting

    @property  # type: ignore[override]
    def body(self) -> list[ast.stmt]:
        self._converting.set()
        time.sleep(0.3)
        return []

    @body.setter
    def body(self, _value: list[ast.stmt]) -> None:
        pass


def _finish_order(guarded: bool) -> list[str]:
    """Which of two threads finished first: one converting a slow AST, one parsing source (as
    anyio's lazy importer does, with compile and PyCF_ONLY_AST) once the first is mid-way."""
    converting = threading.Event()
    finished: list[str] = []

    def slow() -> None:
        compile(_SlowModule(converting), "<slow>", "exec")
        finished.append("slow")

    def parse() -> None:
        converting.wait(5)
        compile("x = 1", "<quick>", "exec", ast.PyCF_ONLY_AST)
        finished.append("quick")

    def both() -> None:
        threads = [threading.Thread(target=slow), threading.Thread(target=parse)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)

    if guarded:
        with threaded_ast.one_at_a_time():
            both()
    else:
        both()
    return finished


def test_without_the_guard_a_parse_runs_during_another_threads_conversion() -> None:
    assert _finish_order(guarded=False) == ["quick", "slow"]


def test_with_the_guard_a_parse_waits_for_another_threads_conversion() -> None:
    assert _finish_order(guarded=True) == ["slow", "quick"]


def test_ast_parse_and_bytecode_compiles_still_work_inside_the_guard() -> None:
    with threaded_ast.one_at_a_time():
        assert isinstance(ast.parse("lambda x: x > 1").body[0], ast.Expr)
        namespace: dict[str, int] = {}
        exec(compile("y = 2", "<bytecode>", "exec"), namespace)
        assert namespace["y"] == 2


def test_the_guard_stays_on_until_its_last_user_leaves() -> None:
    original = builtins.compile
    with threaded_ast.one_at_a_time():
        with threaded_ast.one_at_a_time():
            assert builtins.compile is not original
        assert builtins.compile is not original
    assert builtins.compile is original
