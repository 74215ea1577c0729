"""The library of deliberately broken servers: each breaks exactly one clause of the contract.

Each entry wraps a correct server (the mock, or the reference) in an `Intercept` that changes one
behaviour. `expect` names what `mem0-kit verify` must report: `"rule N"` for a behavioural rule, or
the start of a clause (`"schema: content_type_conformance"`, `"ping"`, `"event lookup"`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.contracts.broken import answers, auth, memory, reads, validation
from tests.contracts.broken.intercept import ASGIApp
from tests.contracts.broken.kit import on_add_answer, on_add_body, refuse_add_when, remap_status


@dataclass(frozen=True)
class Broken:
    name: str
    breaks: str  # the clause, in words
    expect: str
    build: Callable[[ASGIApp, str], ASGIApp]  # (correct app, its valid key) -> broken app


BROKEN: tuple[Broken, ...] = (
    Broken("accepts-unknown-key", "any 'Token <x>' is accepted", "rule 7", auth.accept_any_token),
    Broken("ping-without-key", "GET /v1/ping/ works with no key", "rule 7", auth.ping_without_auth),
    Broken("accepts-bearer", "'Bearer <key>' is accepted", "rule 7", auth.accept_bearer),
    Broken("403-not-401", "a bad key gets 403", "rule 7", remap_status(401, 403)),
    Broken(
        "body-before-auth",
        "an invalid body is judged before the key",
        "rule 7",
        auth.body_before_auth,
    ),
    Broken(
        "no-www-authenticate",
        "401 without WWW-Authenticate",
        "schema: response_headers_conformance",
        auth.no_www_authenticate,
    ),
    Broken(
        "accepts-no-messages",
        "no/empty messages accepted",
        "rule 6",
        on_add_body(validation.fill_messages),
    ),
    Broken(
        "accepts-any-role",
        "a role outside the enum accepted",
        "rule 6",
        on_add_body(validation.any_role),
    ),
    Broken(
        "accepts-no-scope",
        "a body without scope ids accepted",
        "rule 6",
        on_add_body(validation.default_scope),
    ),
    Broken(
        "accepts-bad-date", "2030-02-30 accepted", "rule 6", on_add_body(validation.lenient_date)
    ),
    Broken(
        "accepts-text-plain",
        "a text/plain body accepted",
        "rule 6",
        validation.json_any_content_type,
    ),
    Broken(
        "refuses-null-metadata",
        "metadata: null refused",
        "rule 6",
        refuse_add_when(lambda b: "metadata" in b and b["metadata"] is None),
    ),
    Broken(
        "refuses-category-list",
        "custom_categories as a list refused",
        "rule 6",
        refuse_add_when(lambda b: isinstance(b.get("custom_categories"), list)),
    ),
    Broken(
        "refuses-expiration-date",
        "a real expiration_date refused",
        "rule 6",
        refuse_add_when(lambda b: isinstance(b.get("expiration_date"), str)),
    ),
    Broken(
        "422-not-400",
        "validation errors get 422",
        "schema: status_code_conformance",
        remap_status(400, 422),
    ),
    Broken(
        "html-errors",
        "errors as text/html",
        "schema: content_type_conformance",
        validation.html_errors,
    ),
    Broken(
        "envelope-without-detail",
        "errors lack detail",
        "schema: response_schema_conformance",
        validation.envelope_without_detail,
    ),
    Broken("crash-non-ascii", "500 on non-ASCII content", "rule 6", validation.crash_on_non_ascii),
    Broken(
        "crash-long-content", "500 on content over 8 kB", "rule 6", validation.crash_on_long_content
    ),
    Broken(
        "429-without-retry-after",
        "429 without Retry-After",
        "schema: response_headers_conformance (429)",
        validation.throttle_without_retry_after,
    ),
    Broken(
        "text-plain-success",
        "200 answers labelled text/plain",
        "schema: content_type_conformance",
        validation.plain_text_success,
    ),
    Broken("v11-for-v10", "v1.1 shape for v1.0", "rule 5", on_add_answer(answers.v11_for_v10)),
    Broken("v10-for-v11", "v1.0 shape for v1.1", "rule 5", on_add_answer(answers.v10_for_v11)),
    Broken("sync-for-async", "async_mode ignored", "rule 5", on_add_body(answers.always_sync)),
    Broken(
        "queued-not-pending",
        "queue items say DONE",
        "rule 5",
        on_add_answer(answers.queued_status_done),
    ),
    Broken(
        "event-never-finishes", "queued adds stay PENDING", "rule 5", answers.event_never_finishes
    ),
    Broken(
        "ping-without-project-id", "ping lacks project_id", "ping", answers.ping_without_project
    ),
    Broken(
        "event-500-unknown",
        "unknown event id gets 500",
        "event lookup",
        answers.event_500_for_unknown,
    ),
    Broken(
        "duplicate-id",
        "two events share an id",
        "rule 1",
        on_add_answer(memory.duplicate_id_in_answer),
    ),
    Broken("reused-add-id", "ADD reuses the scope's first id", "rule 1", memory.reuse_first_id),
    Broken(
        "scope-ignores-agent",
        "scopes keyed by user_id only",
        "rule 2",
        on_add_body(memory.scope_is_user_only),
    ),
    Broken(
        "update-unknown-id",
        "UPDATE/DELETE of unknown ids",
        "rule 2",
        on_add_answer(memory.update_unknown_id),
    ),
    Broken(
        "ignores-immutable",
        "immutable memories get updated",
        "rule 3",
        on_add_body(memory.ignore_immutable),
    ),
    Broken(
        "paraphrases-verbatim",
        "infer: false paraphrased",
        "rule 4",
        on_add_answer(memory.paraphrase_verbatim),
    ),
    Broken(
        "stores-system-messages",
        "infer: false stores system messages",
        "rule 4",
        on_add_body(memory.store_system_messages),
    ),
    Broken("infers-anyway", "infer: false ignored", "rule 4", on_add_body(memory.infer_anyway)),
    # Correct memories, queued: rules 1-4 and 8-11 pass, judged on the events it reports
    # (tests/contracts/rules/test_read_back.py); only the answer's shape breaks rule 5.
    Broken("always-queues", "every add a bare PENDING object", "rule 5", reads.always_queue),
    Broken(
        "event-in-another-shape",
        "event object with event_id, results an object",
        "event lookup",
        reads.event_in_another_shape,
    ),
    Broken(
        "merges-user-and-agent",
        "user_id+agent_id stored under the user alone",
        "rule 9",
        on_add_body(reads.merge_user_and_agent),
    ),
    Broken(
        "list-forgets-newest",
        "lists leave out the newest memory",
        "rule 8",
        reads.list_forgets_newest,
    ),
    Broken(
        "latest-only-ignored",
        "the v3 list ignores latest_only: true",
        "rule 8",
        reads.latest_only_ignored,
    ),
    Broken(
        "history-without-updates",
        "history leaves out UPDATE rows",
        "rule 10",
        reads.history_without_updates,
    ),
    Broken("v3-never-queues", "v3 infer: true stored at once", "rule 11", reads.v3_never_queues),
)
