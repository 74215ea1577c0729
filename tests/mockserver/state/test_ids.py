"""Ids: stable across runs, different for any change of seed, scope, counter or text."""

from __future__ import annotations

import uuid

from mockserver.state.ids import NAMESPACE, derive_id

SCOPE = ("org", "proj", "alice", None, None, None)


def test_ids_are_stable_uuid5s() -> None:
    first = derive_id(0, "memory", SCOPE, 1, "Likes tea")
    assert first == derive_id(0, "memory", SCOPE, 1, "Likes tea")
    assert uuid.UUID(first).version == 5


def test_every_input_changes_the_id() -> None:
    base = derive_id(0, "memory", SCOPE, 1, "Likes tea")
    variants = [
        derive_id(1, "memory", SCOPE, 1, "Likes tea"),
        derive_id(0, "event", SCOPE, 1, "Likes tea"),
        derive_id(0, "memory", ("org", "proj", "bob", None, None, None), 1, "Likes tea"),
        derive_id(0, "memory", SCOPE, 2, "Likes tea"),
        derive_id(0, "memory", SCOPE, 1, "Likes coffee"),
    ]
    assert len({base, *variants}) == 6


def test_absent_and_empty_looking_scope_parts_do_not_collide() -> None:
    absent = derive_id(0, "memory", ("o", "p", "u", None, None, None), 1, "x")
    named_none = derive_id(0, "memory", ("o", "p", "u", "None", None, None), 1, "x")
    assert absent != named_none


def test_ids_are_exactly_uuid5_of_the_joined_name() -> None:
    name = "\x1f".join(["0", "memory", "'org'", "'proj'", "'alice'", "", "", "", "1", "Likes tea"])
    assert derive_id(0, "memory", SCOPE, 1, "Likes tea") == str(uuid.uuid5(NAMESPACE, name))


def test_a_lone_surrogate_gets_an_id() -> None:
    assert uuid.UUID(derive_id(0, "memory", SCOPE, 1, "bad \udc80")).version == 5
