"""`Spec`: openapi.yaml read once, the one door through which every part of the kit reads it.

The mock compiles its validators and words its errors from it, the contract suites generate and
judge from it, the pytest plugin and the tests take field names and statuses from it. Nothing of
the contract is restated by hand anywhere else.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from mem0spec.document import load_spec, resolve
from mem0spec.operations import Operation, read_operations
from mem0spec.statuses import read_status_lines, status_line

__all__ = ["ADD_OPERATION", "Spec", "bundled"]

# The operation at the heart of the contract: its body names the scope fields and the defaults.
ADD_OPERATION = "addMemories"


class Spec:
    """The facts of one contract document (the bundled openapi.yaml unless another is given).

    Example:
        >>> spec = bundled()
        >>> spec.scope_fields()
        ('user_id', 'agent_id', 'app_id', 'run_id')
        >>> spec.operation("addMemories").label
        'POST /v1/memories/'
    """

    def __init__(self, document: Mapping[str, Any] | None = None) -> None:
        self.document: dict[str, Any] = dict(document) if document is not None else load_spec()
        self.operations: dict[str, Operation] = read_operations(self.document)
        self._status_lines = read_status_lines(self.document)
        self._validators: dict[str, Any] = {}

    # -- the document -----------------------------------------------------------------------

    def resolve(self, node: Mapping[str, Any]) -> dict[str, Any]:
        """`node` with its chain of `$ref`s followed."""
        return resolve(node, self.document)

    def component(self, name: str) -> dict[str, Any]:
        """`components.schemas[name]`, as written."""
        schema: dict[str, Any] = self.document["components"]["schemas"][name]
        return schema

    def status_line(self, status: int) -> str:
        """`413 Payload Too Large`: the contract's wording, else HTTP's reason phrase."""
        return status_line(status, self._status_lines)

    # -- operations -------------------------------------------------------------------------

    def operation(self, operation_id: str) -> Operation:
        """The operation with this `operationId` (`addMemories`, `ping`, `getEvent`)."""
        try:
            return self.operations[operation_id]
        except KeyError:
            known = ", ".join(self.operations)
            message = f"no operation {operation_id!r} in openapi.yaml; known: {known}"
            raise KeyError(message) from None

    def operation_for(self, method: str, url: str) -> Operation | None:
        """The operation a request URL addresses (a base-URL path prefix is allowed)."""
        path = urlsplit(url).path
        return next((op for op in self.operations.values() if op.matches(method, path)), None)

    # -- request bodies ---------------------------------------------------------------------

    def request_schema(self, operation_id: str = ADD_OPERATION) -> dict[str, Any]:
        """The operation's body schema, `$ref`s resolved at the top."""
        return self.resolve(self.operation(operation_id).body_schema or {})

    def request_property(self, name: str, operation_id: str = ADD_OPERATION) -> dict[str, Any]:
        """One property of a body schema, `$ref`s resolved."""
        return self.resolve(self.request_schema(operation_id)["properties"][name])

    def body_defaults(self, operation_id: str = ADD_OPERATION) -> dict[str, Any]:
        """Each body property's declared `default` (e.g. `infer: true`)."""
        properties = self.request_schema(operation_id).get("properties", {})
        return {
            name: self.resolve(prop)["default"]
            for name, prop in properties.items()
            if "default" in self.resolve(prop)
        }

    def default_of(self, name: str) -> Any:
        """The declared default of an add body property (None when it declares none)."""
        return self.request_property(name).get("default")

    def enum_values(self, name: str) -> list[Any]:
        """The non-null values an enumerated add body property allows."""
        return [value for value in self.request_property(name)["enum"] if value is not None]

    def at_least_one_of(self, operation_id: str = ADD_OPERATION) -> tuple[str, ...]:
        """The properties of a body's "at least one of" rule (its `anyOf` of `required`s)."""
        schema = self.request_schema(operation_id)
        # The rule stands at the root or, so that code generators keep the properties, inside
        # an `allOf` beside them.
        branches = [*schema.get("anyOf", [])]
        for part in schema.get("allOf", []):
            branches.extend(self.resolve(part).get("anyOf", []))
        return tuple(name for branch in branches for name in branch.get("required", []))

    def at_least_one_query(self, operation_id: str) -> tuple[str, ...]:
        """The query parameters of which a request must give at least one (the operation's
        `x-at-least-one-of`: a rule across parameters that OpenAPI cannot state); () for none."""
        operation = self.operation(operation_id)
        raw = self.document["paths"][operation.path][operation.method.lower()]
        return tuple(raw.get("x-at-least-one-of", ()))

    def scope_fields(self) -> tuple[str, ...]:
        """The scope ids of an add (`user_id`, `agent_id`, `app_id`, `run_id`), as listed."""
        return self.at_least_one_of(ADD_OPERATION)

    def message_roles(self) -> list[str]:
        """The roles a message of an add may have."""
        message = self.resolve(self.request_schema()["properties"]["messages"]["items"])
        return list(message["properties"]["role"]["enum"])

    def event_types(self) -> tuple[str, ...]:
        """The kinds of memory event (`ADD`, `UPDATE`, `DELETE`)."""
        return tuple(self.resolve(self.component("EventType"))["enum"])

    # -- validators (jsonschema-rs, compiled on first use) --------------------------------

    def validator(self, schema: Mapping[str, Any]) -> Any:
        """A compiled validator for a schema of this document (its `$ref`s resolve here)."""
        from mem0spec.validators import compile_schema

        return compile_schema(schema, self.document.get("components", {}))

    def _named_validator(self, pointer: str) -> Any:
        validator = self._validators.get(pointer)
        if validator is None:
            validator = self._validators[pointer] = self.validator({"$ref": pointer})
        return validator

    def schema_errors(self, component_name: str, instance: Any) -> list[str]:
        """Why `instance` breaks `components.schemas[component_name]` (empty when it conforms)."""
        from mem0spec.validators import describe_error

        validator = self._named_validator(f"#/components/schemas/{component_name}")
        return [describe_error(error) for error in validator.iter_errors(instance)]

    def response_shape_errors(
        self, output_format: str, queued: bool, body: Any
    ) -> tuple[str, list[str]]:
        """Check an add answer against the `AddMemoriesResponse` branch titled for this combination
        (`"v1.1 queued"`, ...). Returns the branch title and why the body breaks it."""
        from mem0spec.validators import describe_error

        title = f"{output_format} {'queued' if queued else 'events'}"
        branches = self.component("AddMemoriesResponse")["anyOf"]
        for index, branch in enumerate(branches):
            if branch.get("title") == title:
                validator = self._named_validator(
                    f"#/components/schemas/AddMemoriesResponse/anyOf/{index}"
                )
                return title, [describe_error(error) for error in validator.iter_errors(body)]
        known = ", ".join(str(branch.get("title")) for branch in branches)
        raise KeyError(f"openapi.yaml has no response shape titled {title!r}; it has: {known}")

    def requested_shape(self, body: Mapping[str, Any]) -> tuple[str, bool]:
        """The (output_format, async_mode) an add asks for, absent and null meaning the default."""
        output_format = body.get("output_format") or self.default_of("output_format")
        async_mode = body.get("async_mode")
        if async_mode is None:
            async_mode = self.default_of("async_mode")
        return str(output_format), bool(async_mode)


@functools.cache
def bundled() -> Spec:
    """The bundled contract, read once per process (callers must not mutate its document)."""
    return Spec()
