"""The contract as a package: the one reader of `openapi.yaml` for the mock, the suites, the tests.

Example:
    >>> from mem0spec import bundled
    >>> bundled().operation("getEvent").path
    '/v1/event/{event_id}/'
"""

from mem0spec.add_answer import (
    TERMINAL_EVENT_STATES,
    AnswerEvent,
    event_of,
    events_of,
    items_of,
    queued_ids_of,
)
from mem0spec.document import SPEC_PATH, load_spec, resolve
from mem0spec.operations import Header, Operation, Parameter
from mem0spec.spec import ADD_OPERATION, Spec, bundled

__all__ = [
    "ADD_OPERATION",
    "SPEC_PATH",
    "TERMINAL_EVENT_STATES",
    "AnswerEvent",
    "Header",
    "Operation",
    "Parameter",
    "Spec",
    "bundled",
    "event_of",
    "events_of",
    "items_of",
    "load_spec",
    "queued_ids_of",
    "resolve",
]
