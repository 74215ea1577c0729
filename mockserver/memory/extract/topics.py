"""Topics: the words a fact answers to in includes/excludes and custom categories."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from mockserver.memory.extract.grammar import WORD, stem
from mockserver.memory.extract.vocabulary import STOPWORDS, word_set

# Topic groups: the words a fact of that family answers to in includes/excludes and categories.
TOPIC_GROUPS: dict[str, frozenset[str]] = {
    "name": word_set("personal identity name introduction"),
    "age": word_set("personal identity age birthday"),
    "birthday": word_set("personal identity birthday age date birth"),
    "origin": word_set("personal identity origin nationality background hometown place location"),
    "residence": word_set("location home address city residence place country living"),
    "work": word_set(
        "work job career professional occupation employment employer company business"
    ),
    "education": word_set("education school study university college degree learning professional"),
    "family": word_set("family relationship relative child kid sibling parent"),
    "partner": word_set("family relationship partner spouse marriage dating"),
    "diet": word_set("food diet eating nutrition meal dietary preference"),
    "food": word_set("food eating cuisine dish drink meal"),
    "preference": word_set("preference like dislike taste favourite"),
    "plan": word_set("plan goal future intention schedule"),
    "travel": word_set("travel trip vacation holiday visit journey destination place"),
    "pet": word_set("pet animal family"),
    "health": word_set("health medical condition wellbeing"),
    "allergy": word_set("health medical allergy condition"),
    "medication": word_set("health medical medication medicine treatment"),
    "fitness": word_set("health fitness exercise sport activity"),
    "schedule": word_set("schedule routine habit time calendar appointment"),
    "hobby": word_set("hobby interest leisure fun activity pastime"),
    "sport": word_set("sport fitness exercise hobby activity"),
    "music": word_set("music entertainment hobby"),
    "entertainment": word_set("entertainment media movie film book tv show game hobby"),
    "language": word_set("language personal communication skill"),
    "contact": word_set("contact personal email phone"),
    "habit": word_set("habit health lifestyle routine"),
    "personality": word_set("personal personality identity trait"),
    "vehicle": word_set("vehicle car transport personal"),
    "technology": word_set("technology computer software tool tech"),
}

# Objects of likes/dislikes/plans are classified into domains by their words.
_DOMAIN_WORDS: dict[str, frozenset[str]] = {
    "food": word_set(
        "sushi pizza pasta ramen burger burgers tacos curry steak chicken fish salad cheese "
        "chocolate ice cream coffee tea wine beer cake bread rice noodles soup seafood shrimp "
        "meat pork beef lamb bacon eggs vegetables fruit apples bananas strawberries spicy food "
        "cilantro coriander mushrooms olives onions garlic tofu avocado dumplings pho kimchi "
        "bbq barbecue sandwiches fries donuts cookies pancakes waffles yogurt milk juice "
        "cooking baking italian thai indian mexican chinese japanese korean french cuisine dessert"
    ),
    "sport": word_set(
        "tennis football soccer basketball baseball golf hockey volleyball rugby cricket "
        "running swimming cycling hiking climbing skiing surfing yoga pilates gym boxing "
        "karate judo badminton squash marathons triathlons workouts lifting crossfit"
    ),
    "music": word_set(
        "music jazz rock pop classical hip hop rap metal country blues guitar piano violin "
        "drums singing concerts band bands songs opera techno"
    ),
    "entertainment": word_set(
        "movies films movie film books reading novels tv shows series anime games gaming "
        "video podcasts theater theatre netflix comics documentaries"
    ),
    "travel": word_set("travel traveling travelling trips beach beaches mountains camping"),
}

DOMAIN_VOCABULARY = frozenset().union(*_DOMAIN_WORDS.values())


# The cache's keys are request text (`includes`, category descriptions, memory texts): only short
# ones are kept, so it holds at most 4,096 x 512 characters whatever the requests send.
_CACHED_TEXT_CHARS = 512


def topic_words(text: str) -> frozenset[str]:
    """The stemmed content words of a topic string: "food preferences" -> {food, preference}."""
    if len(text) > _CACHED_TEXT_CHARS:
        return frozenset(_content_words(text))
    return _cached_topic_words(text)


@functools.lru_cache(maxsize=4_096)
def _cached_topic_words(text: str) -> frozenset[str]:
    return frozenset(_content_words(text))


def _content_words(text: str) -> list[str]:
    stems = (stem(w) for w in WORD.findall(text.casefold()) if w not in STOPWORDS)
    return [w for w in stems if w not in STOPWORDS]


def subject_key(text: str) -> str:
    """A subject key for an object: lowercase stemmed content words ("the Dogs" -> "dog")."""
    return " ".join(_content_words(text)) or text.casefold().strip()


def domains_of(text: str) -> frozenset[str]:
    """The domains (food, sport, music...) whose words occur in text, with their topic groups."""
    words = set(WORD.findall(text.casefold()))
    found: set[str] = set()
    for domain, vocabulary in _DOMAIN_WORDS.items():
        if words & vocabulary:
            found |= TOPIC_GROUPS[domain] | {domain}
    return frozenset(found)


def topics_of(groups: Iterable[str], obj: str = "") -> frozenset[str]:
    """A fact's topics: its groups' words, plus the object's own words and domains."""
    found: set[str] = set()
    for group in groups:
        found |= TOPIC_GROUPS[group]
    if obj:
        found |= topic_words(obj) | domains_of(obj)
    topics = frozenset(found)
    # Every stored memory keeps its fact's topics, and most facts share theirs with many others
    # ("Lives in Lagos" in a thousand scopes): one copy of each set, up to a bound.
    shared = _SHARED_TOPICS.get(topics)
    if shared is not None:
        return shared
    if len(_SHARED_TOPICS) < _SHARED_TOPICS_MAX:
        _SHARED_TOPICS[topics] = topics
    return topics


_SHARED_TOPICS: dict[frozenset[str], frozenset[str]] = {}
_SHARED_TOPICS_MAX = 50_000
