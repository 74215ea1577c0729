"""mockserver.memory.categories: the categories an add gives its memories (Mem0's default set with
its catch-all, or the request's custom_categories)."""

from __future__ import annotations

import pytest

from mockserver.memory.categories import DEFAULT_CATEGORIES, FALLBACK_CATEGORY
from tests.mockserver.memory.helpers import Scope


@pytest.mark.parametrize(
    ("message", "categories"),
    [
        ("I live in Berlin", ("personal_details",)),
        ("I'm vegetarian", ("food", "user_preferences")),
        ("I'm allergic to peanuts", ("health",)),
        ("I work as a nurse", ("professional_details",)),
        ("I have a daughter named Mia", ("family",)),
        ("I play tennis", ("sports", "hobbies")),
        ("I'm going to visit Japan in May", ("travel",)),
        ("I like sushi", ("food", "user_preferences")),
        ("I wake up at 6am", ("misc",)),
    ],
    ids=["home", "diet", "allergy", "job", "child", "sport", "trip", "like", "fallback"],
)
def test_default_categories(message: str, categories: tuple[str, ...]) -> None:
    scope = Scope()
    scope.add(message)
    assert scope.memories[0].categories == categories
    assert set(categories) <= {*DEFAULT_CATEGORIES, FALLBACK_CATEGORY}


def test_custom_categories_tag_by_name_or_description_in_their_order() -> None:
    custom = {"hobbies": "What the user does for fun", "health": "Allergies and medication"}
    scope = Scope()
    scope.add("I play tennis. I'm allergic to peanuts. I live in Berlin", custom_categories=custom)
    assert [(m.memory, m.categories) for m in scope.memories] == [
        ("Plays tennis", ("hobbies",)),
        ("Is allergic to peanuts", ("health",)),
        ("Lives in Berlin", ()),
    ]
