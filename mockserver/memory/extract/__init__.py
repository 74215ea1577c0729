"""Turn a user's message into short third-person facts and retractions, the way Mem0's look.

"Hi, I'm Alice. I'm vegetarian and I live in Berlin" -> "Name is Alice", "Is vegetarian",
"Lives in Berlin". Pure, deterministic and fast: every regex is compiled at import, clauses are
dispatched on their first two words to a few rules, and odd input (other languages, emoji,
control characters) yields no statements instead of raising.

Pipeline (``pipeline``): normalise and split into sentences, questions dropped (``sentences``) ->
clauses, split where a conjunction starts a new statement and cleaned (``clauses``) -> per clause
(``dispatch``): retraction forms (``retractions``: "scratch that", "forget ...", life events),
a relative's facts, negation (``negation``), then the rule table (``rules``, one module per phrase
family, over ``values``, ``times``, ``grammar``, ``topics`` and ``vocabulary``). The phrase
families, subjects and topic vocabulary are listed in docs/EXTRACTION.md.
"""

from __future__ import annotations

from mockserver.memory.extract.grammar import stem, third
from mockserver.memory.extract.limits import MAX_CHARS
from mockserver.memory.extract.pipeline import extract, subject_of
from mockserver.memory.extract.stance import stance_of
from mockserver.memory.extract.statements import Fact, Retraction, Statement
from mockserver.memory.extract.topics import TOPIC_GROUPS, topic_words

__all__ = [
    "MAX_CHARS",
    "TOPIC_GROUPS",
    "Fact",
    "Retraction",
    "Statement",
    "extract",
    "stance_of",
    "stem",
    "subject_of",
    "third",
    "topic_words",
]
