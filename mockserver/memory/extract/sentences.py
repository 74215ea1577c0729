"""A message -> its statement sentences: normalised, split, questions dropped."""

from __future__ import annotations

import re

from mockserver.memory.extract.clauses import LEAD_FILLER
from mockserver.memory.extract.limits import MAX_CHARS

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "`": "'"})
_ABBREVIATIONS = re.compile(r"\b(St|Dr|Mr|Mrs|Ms|Mt|Jr|Sr|Prof|vs|etc|approx)\.", re.IGNORECASE)
_TIME_DOTS = re.compile(r"\b([ap])\.m\.", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])(?:\s+|$)|\n+|;\s*|(?<=[.!?])(?=[A-Z])")
# Wh-words open questions; an auxiliary does only when a subject follows ("is it", "can you"),
# so the telegraphic "Is vegetarian" or "Has a dog" still states a fact.
_QUESTION_START = re.compile(
    r"(?:who|what|where|when|why|how|which|whose)\b|"
    r"(?:do|does|did|can|could|would|should|is|are|was|were|will|shall|may|might|have|has|am|"
    r"isn't|aren't|don't|doesn't|didn't|won't|can't)\s+(?:i|you|he|she|it|we|they|there|this|"
    r"that|your|my|anyone|anybody|someone|somebody|everyone|everybody)\b",
    re.IGNORECASE,
)


_BLANKS = re.compile(r"[^\S\n]+")  # runs of spaces and tabs: one space keeps every \s+ short
_LINES = re.compile(r" ?\n[\s]*")


def _normalise(text: str) -> str:
    text = text[:MAX_CHARS].translate(_QUOTES)
    # A printable text has no control character and no whitespace but the space (isprintable()
    # is false for Cc, Cf, Zl, Zp and every Zs but " "): most chat turns skip three scans.
    if not text.isprintable():
        text = _LINES.sub("\n", _BLANKS.sub(" ", _CONTROL.sub(" ", text)))
    elif "  " in text:
        text = _BLANKS.sub(" ", text)
    if text.isupper():  # "I LIVE IN BERLIN!!": shouting, not a run of proper names
        text = text.lower()
    if "." not in text:
        return text
    text = _ABBREVIATIONS.sub(lambda m: m.group(1), text)
    return _TIME_DOTS.sub(lambda m: m.group(1) + "m", text)


_REMIND = re.compile(
    r"^(?:(?:can|could|would|will) you (?:please )?|please )?(?:remind me|remember|note down|"
    r"make a note|keep in mind|note)(?: that| about)?\s+(?=(?:i|my|we|our)\b)",
    re.IGNORECASE,
)


def split_sentences(text: str) -> list[str]:
    """Statement sentences of a message, without questions and trailing punctuation."""
    found = []
    for raw in _SENTENCE_END.split(_normalise(text)):
        sentence = _REMIND.sub("", raw.strip())  # "Can you remind me that I ...?" states a fact
        if not sentence or (sentence.endswith("?") and sentence == raw.strip()):
            continue
        sentence = sentence.rstrip(".!?… ").strip(" \"'()[]*-_~")
        if sentence and not _QUESTION_START.match(LEAD_FILLER.sub("", sentence)):
            found.append(sentence)
    return found
