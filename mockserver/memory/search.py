"""Search a scope's memories without embeddings: plausible, deterministic, fast.

Mem0 ranks memories by embedding similarity (v3 fuses it with BM25 keyword and entity scores).
The mock has no model, but the extractor already knows what each fact is about: its topic words
(`StoredMemory.topics`: "Is vegetarian" has food, diet, eating...). So a query is read the same
way, its content words stemmed and a few everyday words mapped to topics ("eat" -> food, "where"
-> location), and a memory scores by three signals in [0, 1]:

- semantic: the share of the query's words that meet the memory's topics or words (a word of a
  known domain, "pizza", half-meets a memory of that domain, food);
- bm25: Okapi BM25 over the candidates, divided by the query's total idf (a memory of average
  length holding each query word once scores 1), capped at 1;
- entity: the share of the query's words that name the memory's entities (its capitalised
  words after the first, and its scope ids: "alice" for user_id alice).

score = 0.5 semantic + 0.3 bm25 + 0.2 entity, rounded to 4 decimals; a memory that meets neither
the query's topics nor its words is not a hit at all, whatever its entity score. docs/SEARCH.md
states this for users, and every figure above is a constant below that its tests read.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from mockserver.memory.extract import stem
from mockserver.memory.extract.grammar import WORD
from mockserver.memory.extract.topics import domains_of
from mockserver.memory.extract.vocabulary import STOPWORDS, word_set
from mockserver.memory.model import StoredMemory

__all__ = [
    "BM25_B",
    "BM25_K1",
    "DECIMALS",
    "DOMAINS",
    "QUERY_CUES",
    "QUERY_STOPWORDS",
    "QUESTION_WORDS",
    "RELATED",
    "WEIGHTS",
    "Hit",
    "query_words",
    "search",
]

Scope = Mapping[str, str | None]

WEIGHTS: Mapping[str, float] = {"semantic": 0.5, "bm25": 0.3, "entity": 0.2}
DECIMALS = 4
BM25_K1 = 1.2
BM25_B = 0.75
# What a query word of a known domain ("pizza") earns from a memory of that domain (food) that
# neither has the word nor one of its cues: related, not the same.
RELATED = 0.5
# The extractor's domains (topics.py classifies objects into them); a memory of one has its name
# among its topics.
DOMAINS = frozenset({"food", "sport", "music", "entertainment", "travel"})

# Words a question carries that say nothing of what it asks about, beyond the extractor's own
# stopwords ("what", "my", "do"...).
QUERY_STOPWORDS = word_set(
    "how am can could would should shall may might must tell know remember recall please us "
    "there here ever get got currently now today right i'm i've i'd i'll don't doesn't didn't "
    "can't won't isn't aren't"
)
# Question words have cues ("where" asks about places) but find nothing on their own when the
# query says more: "where do I work" is about work, and not every place is an answer to it.
QUESTION_WORDS = word_set("where when")

# Everyday query words and the topic words they ask about: "what does alice eat" asks about
# food, though "eat" is no topic word. Keys are stemmed as queries are (docs/SEARCH.md's table).
_CUES: dict[str, str] = {
    "eat ate eaten hungry dinner lunch breakfast snack cook restaurant": "food diet eating meal",
    "vegan vegetarian pescatarian keto": "diet food",
    "live reside house apartment flat moved neighbourhood neighborhood": (
        "residence home address city living"
    ),
    "where": "location place residence city country address origin hometown destination",
    "when": "time date schedule calendar appointment birthday",
    "working worked employed office colleague boss profession": "work job employer career",
    "like love loved enjoy prefer fond hate": "preference like dislike favourite",
    "married marry wedding divorced single": "marriage relationship partner spouse",
    "free spare weekend": "hobby interest leisure",
    "wife husband son daughter mom dad mother father brother sister girlfriend boyfriend": (
        "family relationship partner spouse child sibling parent"
    ),
    "old born": "age birthday birth",
    "called": "name",
    "speak spoke spoken fluent": "language",
    "sick ill doctor allergic disease illness": "health medical condition allergy medication",
    "fly flight abroad tour": "travel trip vacation holiday visit journey destination",
    "learn studied student class course": "education study school learning",
    "want going planning soon": "plan goal future intention",
    "listen song sing": "music",
    "watch read": "entertainment movie film book tv show",
    "reach mail": "contact email phone",
    "code coding programming": "technology tool software",
    "workout training": "fitness exercise sport",
}
QUERY_CUES: Mapping[str, frozenset[str]] = {
    stem(word): frozenset(topics.split())
    for words, topics in _CUES.items()
    for word in words.split()
}

_IGNORED = STOPWORDS | QUERY_STOPWORDS
# Cased words of a memory's text, to find its names (capitalised after the first word).
_CASED_WORD = re.compile(r"\w+(?:['-]\w+)*")
# A memory text's tokens, kept between searches: a scope's texts change slowly and a search
# reads them all. Cleared whole when it passes the bound (plain, and no answer depends on it).
_DOCS_BOUND = 20_000


class Hit(NamedTuple):
    """One search result: the memory, its scope ids, its score and the score's parts."""

    memory: StoredMemory
    scope: Scope
    score: float
    breakdown: Mapping[str, float]  # {"semantic": ..., "bm25": ..., "entity": ...}


def query_words(text: str) -> tuple[str, ...]:
    """The content words of a text as search reads it: casefolded, stemmed, stopwords out."""
    words: list[str] = []
    for word in WORD.findall(text.casefold()):
        if word in _IGNORED:
            continue
        stemmed = stem(word)
        if stemmed not in _IGNORED:
            words.append(stemmed)
    return tuple(words)


# A memory text as search reads it: (length, word set, each word's count, names). A plain tuple,
# not a NamedTuple: the pass over every candidate unpacks it, and only an exact tuple unpacks fast.
# The word set is the counts' plain dict and the names a tuple, so that a cached entry holds no
# object the garbage collector tracks (a set or a Counter is always tracked, and each full
# collection, which holds every thread, walks every tracked object: 80,000 more for a cache of
# 20,000 texts).
_Doc = tuple[int, Mapping[str, int], Mapping[str, int], tuple[str, ...]]


_docs: dict[str, _Doc] = {}


def _doc(text: str) -> _Doc:
    words = query_words(text)
    names: set[str] = set()
    for index, cased in enumerate(_CASED_WORD.findall(text)):
        # The first word is capitalised as a sentence's is ("Lives in Berlin"): not a name.
        if index and cased[:1].isupper():
            names.update(query_words(cased))
    counts: dict[str, int] = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    doc = (len(words), counts, counts, tuple(names))
    if len(_docs) >= _DOCS_BOUND:
        _docs.clear()
    _docs[text] = doc
    return doc


class _Query(NamedTuple):
    words: tuple[str, ...]  # distinct, in the query's order
    word_set: frozenset[str]
    exact: Mapping[str, frozenset[str]]  # a word and its cues
    related: Mapping[str, frozenset[str]]  # the domains of a domain word, beyond its cues
    concepts: frozenset[str]  # everything a memory may share with the query
    finders: frozenset[str]  # what a memory must share with it to be a hit


def _query(text: str) -> _Query:
    words = tuple(dict.fromkeys(query_words(text)))
    exact = {w: frozenset({w}) | QUERY_CUES.get(w, frozenset()) for w in words}
    related = {w: (domains_of(w) & DOMAINS) - exact[w] for w in words}
    concepts = frozenset().union(*exact.values(), *related.values())
    # A question word's cues find nothing when the query says more; its words always may (BM25).
    asking = [w for w in words if w not in QUESTION_WORDS] or list(words)
    finders = frozenset(words).union(*(exact[w] | related[w] for w in asking))
    return _Query(words, frozenset(words), exact, related, concepts, finders)


def search(
    query: str,
    candidates: Iterable[tuple[Scope, StoredMemory]],
    *,
    top_k: int,
    threshold: float,
) -> list[Hit]:
    """The candidates that match the query, best first, at most top_k, none below threshold.

    Ties break on the most recent `updated_at`, then the id, so the order depends on the
    candidates alone, not on the order they come in.
    """
    q = _query(query)
    if not q.words or top_k < 1:
        return []
    # One cheap pass over every candidate: its tokens, the lengths and document frequencies BM25
    # needs, and whether it shares anything with the query at all (most of a scope does not).
    count = 0
    total_length = 0
    frequency = dict.fromkeys(q.words, 0)
    matched: list[tuple[Scope, StoredMemory, _Doc]] = []
    finders, query_set, docs = q.finders, q.word_set, _docs
    for scope, memory in candidates:
        text = memory.memory
        doc = docs.get(text) or _doc(text)
        length, word_set, _, _ = doc
        count += 1
        total_length += length
        if finders.isdisjoint(word_set) and finders.isdisjoint(memory.topics):
            continue
        if not query_set.isdisjoint(word_set):
            for word in query_set.intersection(word_set):
                frequency[word] += 1
        matched.append((scope, memory, doc))
    if not matched:
        return []
    idf = {w: math.log(1 + (count - n + 0.5) / (n + 0.5)) for w, n in frequency.items()}
    scorer = _Scorer(q, idf, total_length / count)
    scored = [s for item in matched if (s := scorer.score(*item)) and s[0] >= threshold]
    if len(scored) > top_k:
        # Only what can reach the top_k needs ordering: the scores from the k-th best up.
        cut = heapq.nlargest(top_k, (s[0] for s in scored))[-1]
        scored = [s for s in scored if s[0] >= cut]
    # Stable sorts, least significant key first: the id, then score and most recent update.
    scored.sort(key=lambda s: s[2].id)
    scored.sort(key=lambda s: (s[0], s[2].updated_at), reverse=True)
    return [
        Hit(
            memory,
            scope,
            score,
            {"semantic": _rounded(semantic), "bm25": _rounded(bm25), "entity": _rounded(entity)},
        )
        for score, scope, memory, semantic, bm25, entity in scored[:top_k]
    ]


_SCALE: int = 10**DECIMALS


def _rounded(value: float) -> float:
    """A signal or score (never negative) rounded half up to DECIMALS decimals.

    Not round(): it goes through decimal digits, and every candidate's score is rounded."""
    return int(value * _SCALE + 0.5) / _SCALE


# A scored candidate: (score, scope, memory, semantic, bm25, entity).
_Scored = tuple[float, Scope, StoredMemory, float, float, float]


class _Scorer:
    """The three signals of one query over one candidate set.

    Most of a signal depends on little: the semantic one on which of the query's concepts a
    memory meets (a small set that many memories share) and on the scope's words, so it is kept
    per (concepts met, scope words) within a search instead of worked out per memory.
    """

    def __init__(self, query: _Query, idf: Mapping[str, float], average_length: float) -> None:
        self.query = query
        idf_total = sum(idf[w] for w in query.words)
        # BM25's per-word factor, idf (k1 + 1), over the query's total idf: divided once here.
        self.weighted_idf = {w: idf[w] * (BM25_K1 + 1) / idf_total for w in query.words}
        self.length_factors: dict[int, float] = {}
        self.weights = (WEIGHTS["semantic"], WEIGHTS["bm25"], WEIGHTS["entity"])
        self.average_length = average_length or 1.0
        self.scope_words: dict[tuple[str | None, ...], frozenset[str]] = {}
        self.scope_objects: dict[int, frozenset[str]] = {}
        self.semantics: dict[tuple[frozenset[str], frozenset[str]], tuple[float, bool]] = {}
        self.id_words: dict[frozenset[str], frozenset[str]] = {}
        self.position = {w: i for i, w in enumerate(query.words)}.__getitem__
        # concept -> the query words it meets (position, word, exactly or only related), so a
        # memory's semantic signal costs what it meets, not the query's length.
        self.meeting: dict[str, list[tuple[int, str, bool]]] = {}
        for i, word in enumerate(query.words):
            for concept in query.exact[word]:
                self.meeting.setdefault(concept, []).append((i, word, True))
            for concept in query.related[word]:
                self.meeting.setdefault(concept, []).append((i, word, False))
        self.asked: dict[frozenset[str], tuple[int, bool]] = {}

    def score(self, scope: Scope, memory: StoredMemory, doc: _Doc) -> _Scored | None:
        length, word_set, words, names = doc
        ids = self._scope_words(scope)
        concepts = self.query.concepts
        met = concepts.intersection(memory.topics)
        if not concepts.isdisjoint(word_set):
            met = met.union(concepts.intersection(word_set))
        key = (met, ids)
        semantic_found = self.semantics.get(key)
        if semantic_found is None:
            semantic_found = self.semantics[key] = self._semantic(met, ids)
        semantic, found = semantic_found
        query_set = self.query.word_set
        bm25 = 0.0 if query_set.isdisjoint(word_set) else self._bm25(length, word_set, words)
        if not found and not bm25:
            return None
        id_words = self._id_words(ids)
        if query_set.isdisjoint(names):
            entity = len(id_words) / len(self.query.words)
        else:
            entity = len(query_set.intersection(names).union(id_words)) / len(self.query.words)
        score = self.weights[0] * semantic + self.weights[1] * bm25 + self.weights[2] * entity
        return _rounded(score), scope, memory, semantic, bm25, entity

    def _semantic(self, met: frozenset[str], ids: frozenset[str]) -> tuple[float, bool]:
        """The semantic signal of a memory meeting these concepts, and whether it finds it."""
        # The query's own words that are the scope's ids ("alice") say who, not what: they are
        # the entity signal's, and left out here.
        asked = self.asked.get(ids)
        if asked is None:
            left = [w for w in self.query.words if w not in ids]
            asked = self.asked[ids] = (len(left), any(w not in QUESTION_WORDS for w in left))
        count, asks_more = asked
        if not count:
            return 0.0, False
        shares: dict[int, float] = {}
        found = False
        for concept in met:
            for position, word, exact in self.meeting.get(concept, ()):
                if word in ids:
                    continue
                share = 1.0 if exact else RELATED
                if shares.get(position, 0.0) < share:
                    shares[position] = share
                found = found or word not in QUESTION_WORDS or not asks_more
        # Summed in the query's order, so the float is the same in every process.
        total = 0.0
        for position in sorted(shares):
            total += shares[position]
        return total / count, found

    def _bm25(self, length: int, word_set: Mapping[str, int], words: Mapping[str, int]) -> float:
        length_factor = self.length_factors.get(length)
        if length_factor is None:
            length_factor = BM25_K1 * (1 - BM25_B + BM25_B * length / self.average_length)
            self.length_factors[length] = length_factor
        shared = self.query.word_set.intersection(word_set)
        if len(shared) == 1:
            (word,) = shared
            tf = words[word]
            return min(1.0, self.weighted_idf[word] * tf / (tf + length_factor))
        total = 0.0
        # In the query's order, so the float sum is the same in every process.
        for word in sorted(shared, key=self.position):
            tf = words[word]
            total += self.weighted_idf[word] * tf / (tf + length_factor)
        return min(1.0, total)

    def _id_words(self, ids: frozenset[str]) -> frozenset[str]:
        found = self.id_words.get(ids)
        if found is None:
            found = self.id_words[ids] = self.query.word_set.intersection(ids)
        return found

    def _scope_words(self, scope: Scope) -> frozenset[str]:
        # By the mapping's identity first: the candidates keep every scope alive while they are
        # scored, and a store often hands one mapping to all the memories of a scope.
        words = self.scope_objects.get(id(scope))
        if words is None:
            # Then by the values alone: the words of an id do not depend on which id it is.
            key = tuple(scope.values())
            words = self.scope_words.get(key)
            if words is None:
                words = frozenset(w for value in key if value for w in query_words(value))
                self.scope_words[key] = words
            self.scope_objects[id(scope)] = words
        return words
