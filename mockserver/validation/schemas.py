"""Every request checked against openapi.yaml: compiled validators on the hot path, openapi-core as
the validator of record.

At start-up openapi-core loads and checks the spec, and each operation's body and path-parameter
schemas are compiled once into jsonschema-rs validators (microseconds per request). An accepted
request costs one `is_valid` call. A rejected one is handed to openapi-core, whose errors are worded
into the contract's field errors (milliseconds, but only for bad input). A parity test shows both
reach the same verdict (tests/mockserver/test_validation.py).
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Mapping
from typing import Any

import jsonschema_rs
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.validation.schemas import oas31_schema_validators_factory
from openapi_core.validation.schemas.exceptions import InvalidSchemaValue
from werkzeug.datastructures import Headers, ImmutableMultiDict

from mem0spec import load_spec, resolve
from mockserver.errors import FieldError
from mockserver.validation.wording import Problem, explain

__all__ = ["Contract", "Operation", "RecentVerdicts", "Verdict"]

log = logging.getLogger("mockserver.validation.schemas")

_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclasses.dataclass(frozen=True)
class Verdict:
    """A rejected request: the `detail` sentence and the offending fields."""

    detail: str
    errors: tuple[FieldError, ...]


@dataclasses.dataclass(frozen=True)
class Operation:
    """What the contract says about one operation, read once from the spec."""

    operation_id: str
    method: str
    path: str
    statuses: frozenset[int]
    # status -> names of the response headers the contract requires with it
    required_headers: Mapping[int, tuple[str, ...]]
    body_media_types: tuple[str, ...]
    body_required: bool
    body_schema: Mapping[str, Any] | None


class _Request:
    """The minimal request openapi-core reads (its `Request` protocol), built from parsed parts."""

    def __init__(self, operation: Operation, path: str, body: bytes, params: dict[str, str]):
        self.host_url = "http://mock.local"
        self.method = operation.method
        self.path = path
        self.body = body
        self.content_type = operation.body_media_types[0] if operation.body_media_types else ""
        # Authentication was already checked by the mock (openapi-core only checks presence).
        self.parameters = RequestParameters(
            path=params,
            query=ImmutableMultiDict(),
            header=Headers({"Authorization": "Token checked"}),
            cookie=ImmutableMultiDict(),
        )


class Contract:
    """The contract compiled for serving: operations, defaults and validators.

    Example:
        >>> contract = Contract()
        >>> contract.validate_body("addMemories", {"messages": []}) is None
        False
    """

    def __init__(self, spec: Mapping[str, Any] | None = None) -> None:
        self.spec: dict[str, Any] = dict(spec) if spec is not None else load_spec()
        # openapi-core validates the document itself here: a broken spec stops the start-up.
        self._openapi = OpenAPI.from_dict(self.spec)
        self.operations: dict[str, Operation] = {}
        self._body_validators: dict[str, Any] = {}
        # openapi-core's own validator of each body schema, built once: it words rejections.
        # (Its request pipeline builds a new one, re-resolving every $ref, on each call: ~1 ms.)
        self._record_validators: dict[str, Any] = {}
        self._param_validators: dict[tuple[str, str], Any] = {}
        for path, item in self.spec["paths"].items():
            for method in _HTTP_METHODS:
                if method in item:
                    self._add_operation(path, method, item[method], item.get("parameters", []))

    def _resolve(self, node: Mapping[str, Any]) -> dict[str, Any]:
        return resolve(node, self.spec)

    def _compile(self, schema: Mapping[str, Any]) -> Any:
        root = {**schema, "components": self.spec.get("components", {})}
        return jsonschema_rs.Draft202012Validator(root, validate_formats=True)

    def _add_operation(
        self, path: str, method: str, op: Mapping[str, Any], shared_params: list[Any]
    ) -> None:
        op_id = str(op["operationId"])
        statuses: set[int] = set()
        required_headers: dict[int, tuple[str, ...]] = {}
        for code, response in op.get("responses", {}).items():
            if str(code).isdigit():
                statuses.add(int(code))
                headers = self._resolve(response).get("headers", {})
                required_headers[int(code)] = tuple(
                    name for name, h in headers.items() if self._resolve(h).get("required")
                )
        body = self._resolve(op.get("requestBody", {}))
        content = body.get("content", {})
        media_types = tuple(content)
        body_schema = content[media_types[0]].get("schema") if media_types else None
        self.operations[op_id] = Operation(
            operation_id=op_id,
            method=method,
            path=path,
            statuses=frozenset(statuses),
            required_headers=required_headers,
            body_media_types=media_types,
            body_required=bool(body.get("required")),
            body_schema=body_schema,
        )
        if body_schema is not None:
            self._body_validators[op_id] = self._compile(body_schema)
            spec_path = self._openapi.spec
            media = spec_path / "paths" / path / method / "requestBody" / "content" / media_types[0]
            self._record_validators[op_id] = oas31_schema_validators_factory.create(
                spec_path, media / "schema"
            )
        for param in [*shared_params, *op.get("parameters", [])]:
            param = self._resolve(param)
            if "schema" in param:
                key = (op_id, f"{param['in']}:{param['name']}")
                self._param_validators[key] = self._compile(param["schema"])

    def body_defaults(self, op_id: str) -> dict[str, Any]:
        """Each body property's declared `default` (e.g. `infer: true`)."""
        schema = self._resolve(self.operations[op_id].body_schema or {})
        return {
            name: prop["default"]
            for name, prop in schema.get("properties", {}).items()
            if "default" in self._resolve(prop)
        }

    def at_least_one_of(self, op_id: str) -> tuple[str, ...]:
        """The properties of the body's "at least one of" rule (the scope ids of an add)."""
        schema = self._resolve(self.operations[op_id].body_schema or {})
        return tuple(
            name for branch in schema.get("anyOf", []) for name in branch.get("required", [])
        )

    def body_is_valid(self, op_id: str, body: Any) -> bool:
        """The hot path: one compiled-validator call."""
        return bool(self._body_validators[op_id].is_valid(body))

    def validate_body(self, op_id: str, body: Any) -> Verdict | None:
        """None when the body satisfies the contract, else the worded verdict."""
        if self.body_is_valid(op_id, body):
            return None
        return self.explain_body(op_id, body)

    def param_is_valid(self, op_id: str, location: str, name: str, value: Any) -> bool:
        validator = self._param_validators.get((op_id, f"{location}:{name}"))
        return validator is None or bool(validator.is_valid(value))

    def explain_body(self, op_id: str, body: Any) -> Verdict:
        """The worded verdict on a body the compiled validator rejected (openapi-core's errors)."""
        problems = self._problems_of_record(op_id, body)
        if not problems:
            # The two validators disagree; say what jsonschema-rs found rather than nothing.
            log.warning("openapi-core accepted a body jsonschema-rs rejected (%s)", op_id)
            problems = self._problems_compiled(op_id, body)
        detail, errors = explain(problems, self.spec)
        return Verdict(detail, tuple(errors))

    def record_accepts(self, op_id: str, body: Any) -> bool:
        """The verdict of openapi-core's body validator that words rejections (parity tests)."""
        return not self._problems_of_record(op_id, body)

    def openapi_core_accepts(self, op_id: str, body: Any) -> bool:
        """openapi-core's verdict through its whole request pipeline (parity tests)."""
        operation = self.operations[op_id]
        request = _Request(operation, operation.path, json.dumps(body).encode(), {})
        return not any(
            getattr(error.__cause__, "schema_errors", None) is not None
            or "Body" in type(error).__name__
            for error in self._openapi.iter_request_errors(request)
        )

    def _problems_of_record(self, op_id: str, body: Any) -> list[Problem]:
        try:
            self._record_validators[op_id].validate(body)
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

    def _problems_compiled(self, op_id: str, body: Any) -> list[Problem]:
        root = {**(self.operations[op_id].body_schema or {}), "components": self.spec["components"]}
        problems = []
        for error in self._body_validators[op_id].iter_errors(body):
            *where, keyword = [str(p) for p in error.schema_path]
            holder: Any = root
            for part in where:
                holder = holder[int(part)] if isinstance(holder, list) else holder[part]
            problems.append(Problem(tuple(error.instance_path), keyword, holder, error.instance))
        return problems


class RecentVerdicts:
    """Rejections already worded, by operation and body bytes: the same bad request gets the same
    words, without openapi-core's ~50-100 us a second time. Load tests and re-run suites send the
    same few payloads over and over; each distinct body is still worded by openapi-core once.
    Bounded: the newest `size` small bodies (at most `max_bytes` each), oldest dropped first."""

    def __init__(self, contract: Contract, size: int = 512, max_bytes: int = 4096) -> None:
        self._contract = contract
        self._verdicts: dict[tuple[str, bytes], Verdict] = {}
        self.size = size
        self.max_bytes = max_bytes

    def explain(self, op_id: str, raw: bytes, body: Any) -> Verdict:
        """`Contract.explain_body(op_id, body)`, where `body` is `raw` parsed."""
        if len(raw) > self.max_bytes:
            return self._contract.explain_body(op_id, body)
        key = (op_id, raw)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = self._contract.explain_body(op_id, body)
            if len(self._verdicts) > self.size:
                del self._verdicts[next(iter(self._verdicts))]  # dicts keep insertion order
        return verdict
