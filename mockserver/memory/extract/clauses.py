"""A sentence -> clean clauses: split where a new statement starts, then put in one form.

The form the rules read: lowercase "i", contractions expanded, fillers and adverbs gone, "we" and
"our" as the user, fronted times moved to the end, stored facts back in the first person.
"""

from __future__ import annotations

import re

from mockserver.memory.extract.grammar import base_verb
from mockserver.memory.extract.limits import MAX_CLAUSES
from mockserver.memory.extract.vocabulary import PETS, RELATIVES, word_set

_EXPANSIONS = {
    "i'm": "i am",
    "im": "i am",
    "i've": "i have",
    "ive": "i have",
    "i'd": "i would",
    "i'll": "i will",
    "we're": "we are",
    "we've": "we have",
    "can't": "can not",
    "cannot": "can not",
    "cant": "can not",
    "won't": "will not",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "have to",
}
# One pass for every contraction: a single regex, the replacement looked up by the match.
_CONTRACTION = re.compile(
    r"\b(?:i'm|im(?= )|i've|ive(?= )|i'd|i'll|we're|we've|can't|cannot|cant|won't|gonna|wanna|"
    r"gotta|(?P<neg>do|does|did|is|are|was|were|have|has|had|would|should|could)n'?t|"
    r"(?P<is>name|it|that|he|she|there|what|where|who)'s|"
    r"(?P<noun>\w+)'s(?= (?:in|on|at|a|an|the|from|called|named|\d|(?-i:[A-Z]))))\b",
    re.IGNORECASE,
)


def _expand(m: re.Match[str]) -> str:
    if m.group("neg"):
        return m.group("neg") + " not"
    if m.group("is"):
        return m.group("is") + " is"
    if m.group("noun"):  # "my birthday's in October", "my dog's called Rex"
        return m.group("noun") + " is"
    return _EXPANSIONS[m.group(0).casefold()]


# A segment after a conjunction starts a new clause when it opens with one of these.
_CLAUSE_START = re.compile(
    r"(?:i|my|we|our|me|please|forget|scratch|also|actually|oh|btw|hi|hello|hey|call|"
    r"no longer|never|now)\b",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:,\s*(?:and|but|so|plus)?|\s(?:and|but|so|because|plus|although))\s+")
LEAD_FILLER = re.compile(
    r"^(?:(?:(?:please |can you |could you )?(?:remember|note|keep in mind|know)(?: that)?|"
    r"oh|well|so|also|actually|and|but|btw|by the way|fyi|anyway|anyways|ok|okay|yes|"
    r"yeah|yep|no|nope|um|uh|hmm|honestly|basically|in fact|just so you know|for the record|"
    r"correction|update|plus|now|then|lol|haha|quick update|good news|"
    r"in my (?:free|spare) time|for fun|these days|nowadays|currently|recently|lately|"
    r"as of (?:now|today))[,:!\s]+)+",
    re.IGNORECASE,
)
_ADVERBS = (
    r"really|also|actually|currently|now|still|just|recently|definitely|absolutely|totally|"
    r"usually|normally|generally|typically|mostly|sometimes|often|always|truly|honestly|"
    r"kind of|sort of|even|literally|personally|obviously|certainly|already|finally|"
    r"officially|originally|very|super|so|quite|extremely|severely|mildly|deathly|pretty|"
    r"absolutely|genuinely|seriously|simply|regularly|happily|proudly|newly|only|ever"
)
_ADVERB_AFTER = re.compile(rf"\b(i|am|not|do not|no longer)((?: (?:{_ADVERBS}))+)(?= )", re.I)
# An adverb is a whole space-separated word there (a space before and after), so a clause none of
# whose words opens one is left as it is without the regex's scan of every position.
_ADVERB_WORDS = frozenset(adverb.split(" ")[0] for adverb in _ADVERBS.split("|"))
TRAILING = re.compile(
    r"(?:,?\s+(?:now|these days|nowadays|at the moment|right now|currently|as well|too|also|"
    r"lol|haha|btw|though|by the way|for (?:\d+|a few|several|many|two|three|some) "
    r"(?:years?|months?|weeks?|days?)|for years|for a while|for ages|for a long time|"
    r"since (?:\d{4}|last \w+|\w+ \d{4}|childhood|birth|i was \w+)|last (?:week|month|year|"
    r"summer|winter|spring|fall|autumn|weekend)|(?:a|one|two|three|a few|\d+) (?:years?|months?|"
    r"weeks?|days?) ago|yesterday|recently|earlier this (?:year|month|week)))+$",
    re.IGNORECASE,
)
# The words TRAILING can end on; besides these, only its "since ..." forms end on any word.
_TRAILING_LAST = word_set(
    "now days nowadays moment currently well too also lol haha btw though way year years month "
    "months week weeks day days while ages time childhood birth ago yesterday recently summer "
    "winter spring fall autumn weekend"
)


def strip_trailing(clause: str) -> str:
    """The clause without TRAILING's tail; most clauses end on no word it can end on, so they skip
    its scan."""
    folded = clause.casefold()
    last = folded.rsplit(None, 1)[-1] if folded.strip() else ""
    if last in _TRAILING_LAST or "since" in folded:
        return TRAILING.sub("", clause)
    return clause


ANYMORE = re.compile(r",?\s+(?:anymore|any more|any longer)$", re.IGNORECASE)
_PERFECT = {
    "lived": "live",
    "worked": "work",
    "been": "am",
    "had": "have",
    "got": "have",
    "studied": "study",
    "played": "play",
    "loved": "love",
    "liked": "like",
    "hated": "hate",
    "enjoyed": "enjoy",
    "owned": "own",
    "spoken": "speak",
    "taken": "take",
}
_PERFECT_RE = re.compile(r"^i have (" + "|".join(_PERFECT) + r")\b", re.IGNORECASE)
_WE = re.compile(r"^(?:we are|we)\b|^our\b", re.IGNORECASE)
_TIME_FRONT = re.compile(
    r"^((?:every|each|on) (?:\w+ )?\w+|in the (?:mornings?|evenings?|afternoons?)|"
    r"on weekends|on weekdays|at (?:night|\d{1,2}(?::\d\d)? ?(?:am|pm)?)|twice a week|"
    r"once a week|most (?:days|mornings|evenings|weekends)|(?:next|this|last) \w+|tomorrow|"
    r"tonight|in (?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december|spring|summer|autumn|fall|winter|\d{4}))[,\s]+(i .+)$",
    re.IGNORECASE,
)


_HEAD_CHARS = 40
_ABOUT_USER = re.compile(r"i (?!have to\b|want\b|need\b)", re.IGNORECASE)
_APPOSITION = re.compile(r"an? \w+", re.IGNORECASE)


def split_clauses(sentence: str) -> list[str]:
    """Split a sentence where a conjunction starts a new statement; keep object lists whole."""
    parts = _SPLIT.split(sentence)
    seps = [m.group(0) for m in _SPLIT.finditer(sentence)]
    out: list[list[str]] = [[parts[0]]]  # each clause as its pieces, joined once at the end
    head: str | None = None  # the current clause's opening, cleaned (computed when needed)
    for sep, part in zip(seps, parts[1:], strict=False):
        if len(out) == MAX_CLAUSES:
            break
        if _CLAUSE_START.match(part):
            out.append([part])
            head = None
            continue
        if head is None:
            head = clean_clause(out[-1][0][:_HEAD_CHARS])  # only its opening matters here
        # An elided subject continues the user's own statement only ("My kids are 5 and 8" no).
        about_user = _ABOUT_USER.match(head) is not None
        if about_user and _ELIDED_VERB.match(part):
            out.append(["i " + part])  # "I'm vegetarian and live in Berlin"
        elif about_user and _ELIDED_STATE.match(part):
            out.append(["i am " + part])  # "I'm 34 and allergic to nuts"
        elif sep.startswith(",") and head.startswith("i am ") and _APPOSITION.match(part):
            out.append(["i am " + part])  # "I'm Sam, a nurse from Chicago"
        else:
            out[-1] += (sep, part)
            continue
        head = None
    return [c for c in (clean_clause("".join(pieces)) for pieces in out) if c]


# Stored facts read back ("Lives in Berlin", "Name is Alice", "Mom lives in Ohio") and telegraphic
# notes are statements by the user about themselves: rewritten to the first person, they take the
# same rules, so a memory's own text yields its own subject (see pipeline.subject_of).
_FACT_VERBS = word_set(
    "lives works is has likes loves enjoys prefers hates dislikes speaks plays goes takes was "
    "grew studies attends owns drives wants plans hopes needs avoids does follows eats wears "
    "suffers teaches manages graduated joined collects watches listens supports quit injured "
    "weighs smokes vapes will can't cannot reads runs cooks bakes hikes swims paints draws "
    "writes sings dances knits gardens fishes surfs skis climbs cycles jogs walks wakes "
    "gets visits volunteers codes games camps uses"
)
_FACT_NOUNS = word_set(
    "name favourite birthday address email phone job hometown native last middle nickname "
    "blood shoe zodiac timezone religion pronouns gender height weight major employer "
    "company school university college car team website username work shift class alarm"
)
_FACT_VERB_BASE = {
    "is": "am",
    "has": "have",
    "does": "do",
    "was": "was",
    "quit": "quit",
    "will": "will",
    "can't": "can not",
    "cannot": "can not",
    "graduated": "graduated",
    "joined": "joined",
    "injured": "injured",
    "grew": "grew",
}
_BACK_TO_FIRST = {"their": "my", "them": "me", "themselves": "myself", "theirs": "mine"}
_THIRD_PRONOUNS = re.compile(r"\b(their|them|themselves|theirs)\b", re.IGNORECASE)


def _first_person(clause: str) -> str:
    first, _, rest = clause.partition(" ")
    word = first.casefold()
    if word in _FACT_VERBS and rest:
        verb = _FACT_VERB_BASE.get(word) or base_verb(word)
        mine = _THIRD_PRONOUNS.sub(lambda m: _BACK_TO_FIRST[m.group(1).casefold()], rest)
        return f"i {verb} {mine}"
    owner = word.removesuffix("'s")
    if (
        first[:1].isupper()
        and rest
        and (owner in _FACT_NOUNS or owner in RELATIVES or owner in PETS)
    ):
        return f"my {word} {rest}"  # values stay as stored ("Pronouns are they/them")
    return clause


_WHITESPACE = re.compile(r"\s+")


def clean_clause(clause: str) -> str:
    clause = _first_person(LEAD_FILLER.sub("", clause.strip(" ,:-")).strip(" ,"))
    clause = _CONTRACTION.sub(_expand, clause)
    clause = _TIME_FRONT.sub(lambda m: f"{m.group(2)} {m.group(1).casefold()}", clause)
    clause = _WE.sub(
        lambda m: (
            "i am"
            if m.group(0).casefold() == "we are"
            else ("my" if m.group(0).casefold() == "our" else "i")
        ),
        clause,
    )
    clause = _PERFECT_RE.sub(lambda m: "i " + _PERFECT[m.group(1).casefold()], clause)
    if not _ADVERB_WORDS.isdisjoint(clause.casefold().split(" ")):
        clause = _ADVERB_AFTER.sub(r"\1", clause)
    if "  " in clause or not clause.isprintable():  # else every run of whitespace is one space
        clause = _WHITESPACE.sub(" ", clause)
    clause = clause.strip()
    if clause[:2].casefold() == "i ":
        clause = "i " + clause[2:]
    return clause


_ELIDED_VERB = re.compile(
    r"(?:live|work|have|like|love|hate|enjoy|prefer|speak|study|play|moved|own|take|plan|"
    r"want|dislike|adore|grew|was|am|go|do|eat|drink|walk|run|teach|collect|just|recently)\b",
)  # lowercase only: "Python and Go" names a thing
_ELIDED_STATE = re.compile(
    r"(?:allergic|vegetarian|vegan|pescatarian|married|single|divorced|engaged|from|based|"
    r"originally|a fan of|into|\d{1,3}(?: years old)?$|lactose|gluten|pregnant|retired|"
    r"diabetic|fluent)\b",
)
