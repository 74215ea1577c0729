"""Every request body and path parameter checked against openapi.yaml: compiled validators on the
hot path, openapi-core as the validator of record for the words of a rejection.

At start-up each operation's body and parameter schemas are compiled once into jsonschema-rs
validators (microseconds per request). An accepted request costs one `is_valid` call. A rejected
one is handed to openapi-core's own validator of that body schema, whose errors are worded into the
contract's field errors (milliseconds, but only for bad input). A parity test shows both reach the
same verdict (tests/mockserver/validation/).

openapi-core is imported and loads the spec on first use (`RequestValidator.openapi`): that is
most of a start-up (1-2 s on a loaded core) and only a rejection's words need it. `mem0-kit mock`
loads it in the background once it serves (`warm_up_all`), so a first rejection rarely waits.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import weakref
from collections.abc import Mapping
from typing import Any, NamedTuple

from mem0spec import Spec
from mockserver.validation.wording import FieldError, Problem, explain

__all__ = ["RequestValidator", "Verdict", "warm_up_all"]

log = logging.getLogger("mockserver.validation")


@dataclasses.dataclass(frozen=True)
class Verdict:
    """A rejected request: the `detail` sentence and the offending fields."""

    detail: str
    errors: tuple[FieldError, ...]


class _Compiled(NamedTuple):
    """One operation's compiled validators (jsonschema-rs)."""

    body: Any  # None for an operation without a body
    parameters: dict[tuple[str, str], Any]  # (location, name) -> validator


class RequestValidator:
    """The spec's request schemas compiled for serving.

    Example:
        >>> validator = RequestValidator(Spec())
        >>> validator.validate_body("addMemories", {"messages": []}) is None
        False
    """

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self._openapi: Any = None
        self._openapi_lock = threading.Lock()
        # Compiled per operation on its first request (the add's alone at start-up: the others'
        # ~30 validators were a tenth of it), and all of them by `warm_up_all` once serving.
        self._compiled: dict[str, _Compiled] = {}
        # openapi-core's own validator of each body schema, built once: it words rejections.
        # (Its request pipeline builds a new one, re-resolving every $ref, on each call: ~1 ms.)
        self._record_validators: dict[str, Any] = {}
        self._query_validators: dict[str, dict[str, Any]] = {}
        _CREATED.add(self)

    @property
    def openapi(self) -> Any:
        """openapi-core's `OpenAPI` of the spec, imported and loaded (and the document checked)
        on first use, once, whichever thread asks first."""
        if self._openapi is None:
            with self._openapi_lock:
                if self._openapi is None:
                    from openapi_core import OpenAPI

                    self._openapi = OpenAPI.from_dict(self.spec.document)
        return self._openapi

    def compiled(self, op_id: str) -> _Compiled:
        """An operation's compiled body and parameter validators, compiled on first use (two
        threads racing to it both compile the same, and either result serves)."""
        found = self._compiled.get(op_id)
        if found is None:
            operation = self.spec.operation(op_id)
            schema = operation.body_schema
            found = self._compiled[op_id] = _Compiled(
                None if schema is None else self.spec.validator(schema),
                {(p.location, p.name): self.spec.validator(p.schema) for p in operation.parameters},
            )
        return found

    def body_is_valid(self, op_id: str, body: Any) -> bool:
        """The hot path: one compiled-validator call."""
        return bool(self.compiled(op_id).body.is_valid(body))

    def validate_body(self, op_id: str, body: Any) -> Verdict | None:
        """None when the body satisfies the contract, else the worded verdict."""
        if self.body_is_valid(op_id, body):
            return None
        return self.explain_body(op_id, body)

    def param_is_valid(self, op_id: str, location: str, name: str, value: Any) -> bool:
        validator = self.compiled(op_id).parameters.get((location, name))
        return validator is None or bool(validator.is_valid(value))

    def query_validators(self, op_id: str) -> dict[str, Any]:
        """The compiled validators of an operation's query parameters, by name."""
        found = self._query_validators.get(op_id)
        if found is None:
            found = self._query_validators[op_id] = {
                name: validator
                for (location, name), validator in self.compiled(op_id).parameters.items()
                if location == "query"
            }
        return found

    def explain_body(self, op_id: str, body: Any) -> Verdict:
        """The worded verdict on a body the compiled validator rejected.

        A rejection naming one field is worded from jsonschema-rs's own errors (microseconds):
        they reach the same words as openapi-core's there. Where several fields break the
        schema the two list them in different orders, so openapi-core, the validator of record,
        words those (tests/mockserver/validation/test_schemas.py compares both on mutated bodies).
        """
        try:
            compiled = self._problems_compiled(op_id, body)
        except Exception:  # an error path it cannot follow: openapi-core words it instead
            log.exception("could not read jsonschema-rs's errors (%s)", op_id)
            compiled = []
        if compiled:
            detail, errors = explain(compiled, self.spec.document)
            if len(errors) == 1:
                return Verdict(detail, tuple(errors))
        problems = self.problems_of_record(op_id, body)
        if not problems:
            # The two validators disagree; say what jsonschema-rs found rather than nothing.
            log.warning("openapi-core accepted a body jsonschema-rs rejected (%s)", op_id)
            problems = self._problems_compiled(op_id, body)
        detail, errors = explain(problems, self.spec.document)
        return Verdict(detail, tuple(errors))

    def problems_of_record(self, op_id: str, body: Any) -> list[Problem]:
        """What openapi-core's validator of the body schema finds wrong (empty: it accepts)."""
        from openapi_core.validation.schemas.exceptions import InvalidSchemaValue

        try:
            self._record_validator(op_id).validate(body)
        except InvalidSchemaValue as error:
            schema_errors: list[Any] = list(error.schema_errors)  # jsonschema ValidationErrors
            return [
                Problem(
                    tuple(schema_error.absolute_path),
                    str(schema_error.validator),
                    schema_error.schema if isinstance(schema_error.schema, Mapping) else {},
                    schema_error.instance,
                )
                for schema_error in schema_errors
            ]
        except Exception:  # openapi-core must never turn bad input into a 500
            log.exception("openapi-core failed on a request body (%s)", op_id)
        return []

    def _record_validator(self, op_id: str) -> Any:
        """openapi-core's validator of a body schema, built when a rejection of that operation
        first needs words (most operations of a run never see one; each costs memory)."""
        validator = self._record_validators.get(op_id)
        if validator is None:
            from openapi_core.validation.schemas import oas31_schema_validators_factory

            operation = self.spec.operation(op_id)
            media = (
                self.openapi.spec / "paths" / operation.path / operation.method.lower()
                / "requestBody" / "content" / operation.body_media_types[0]
            )  # fmt: skip
            validator = self._record_validators[op_id] = oas31_schema_validators_factory.create(
                self.openapi.spec, media / "schema"
            )
        return validator

    def _problems_compiled(self, op_id: str, body: Any) -> list[Problem]:
        schema = self.spec.operation(op_id).body_schema or {}
        root = {**schema, "components": self.spec.document["components"]}
        problems = []
        for error in self.compiled(op_id).body.iter_errors(body):
            *where, keyword = [str(p) for p in error.schema_path]
            holder: Any = root
            for part in where:
                holder = holder[int(part)] if isinstance(holder, list) else holder[part]
            problems.append(Problem(tuple(error.instance_path), keyword, holder, error.instance))
        return problems


# Every validator built in this process, so that `warm_up_all` can load openapi-core for them.
_CREATED: weakref.WeakSet[RequestValidator] = weakref.WeakSet()


def warm_up_all() -> None:
    """Compile every operation's validators and load openapi-core, for every validator of the
    process (for a background thread once the server has answered: the first request of another
    operation, and the first rejection, then find them ready)."""
    for validator in list(_CREATED):
        for op_id in validator.spec.operations:
            validator.compiled(op_id)
        validator.openapi  # noqa: B018 (loads it)
