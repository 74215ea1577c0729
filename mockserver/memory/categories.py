"""Which categories a memory gets: Mem0's default set, or the request's `custom_categories`.

A category matches a fact when its name and description share a topic word with the fact
(`mockserver.memory.extract.topic_words`); the default set's descriptions are written in that
vocabulary so facts meet them.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from mockserver.memory.extract import topic_words

__all__ = ["DEFAULT_CATEGORIES", "FALLBACK_CATEGORY", "CategoryTable"]

# Mem0's default categories (used when a request sends no custom_categories).
DEFAULT_CATEGORIES: Mapping[str, str] = {
    "personal_details": "name, age, birthday, nationality, origin, home, address, location, "
    "residence, languages, contact, identity and personality",
    "family": "family, relationships, partner, spouse, children, siblings, parents and pets",
    "professional_details": "work, job, career, employer, business, education, study and school",
    "sports": "sports, fitness and exercise",
    "travel": "travel, trips, vacations, holidays, destinations and visits",
    "food": "food, diet, eating, cuisine, drinks and meals",
    "music": "music, instruments, bands and concerts",
    "health": "health, medical conditions, allergies, medication and wellbeing",
    "technology": "technology, computers, software, phones and gadgets",
    "hobbies": "hobbies, interests, leisure, fun, activities and pastimes",
    "fashion": "fashion, clothes, shoes and style",
    "entertainment": "entertainment, movies, films, books, tv shows, games and media",
    "milestones": "milestones, achievements, graduations, weddings and anniversaries",
    "user_preferences": "preferences, likes, dislikes, favourites and tastes",
}
# The default set's catch-all, as in Mem0, for facts no other default category covers.
FALLBACK_CATEGORY = "misc"


class CategoryTable:
    """The categories one add may assign, each with its topic words."""

    def __init__(self, custom: Mapping[str, str] | None) -> None:
        self.custom = custom is not None
        self._words = _DEFAULT_WORDS if custom is None else _words(tuple(custom.items()))

    def categorise(self, topics: frozenset[str]) -> tuple[str, ...]:
        """The categories whose words meet the fact's topics (the catch-all when none of the
        default set does)."""
        if not self.custom:
            shared = _DEFAULT_CHOICES.get(topics)
            if shared is not None:
                return shared
        chosen = tuple(name for name, words in self._words if words & topics)
        if self.custom:
            return chosen
        chosen = chosen or (FALLBACK_CATEGORY,)
        # Every stored memory keeps its categories, and facts share topic sets (topics.py): one
        # tuple per set, which also spares the scan, up to a bound.
        if len(_DEFAULT_CHOICES) < _DEFAULT_CHOICES_MAX:
            _DEFAULT_CHOICES[topics] = chosen
        return chosen


_DEFAULT_CHOICES: dict[frozenset[str], tuple[str, ...]] = {}
_DEFAULT_CHOICES_MAX = 50_000


# Only small tables are cached: the cache's keys are request text, so its size is bounded in
# characters (256 x 4 Ki at most) rather than in entries of any length.
_CACHED_TABLES = 256
_CACHED_CHARS = 4_096


def _words(categories: tuple[tuple[str, str], ...]) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each category's topic words, from its name and description (cached when small: requests
    repeat their custom_categories)."""
    if sum(len(str(name)) + len(str(desc)) for name, desc in categories) > _CACHED_CHARS:
        # Past the cache's text bound (topic_words keeps only short texts in its own cache).
        return tuple((name, topic_words(f"{name} {desc}")) for name, desc in categories)
    return _cached_words(categories)


@functools.lru_cache(maxsize=_CACHED_TABLES)
def _cached_words(
    categories: tuple[tuple[str, str], ...],
) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((name, topic_words(f"{name} {desc}")) for name, desc in categories)


_DEFAULT_WORDS = _words(tuple(DEFAULT_CATEGORIES.items()))
