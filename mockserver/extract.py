"""Turn a user's message into short third-person facts and retractions, the way Mem0's look.

"Hi, I'm Alice. I'm vegetarian and I live in Berlin" -> "Name is Alice", "Is vegetarian",
"Lives in Berlin". Pure, deterministic and fast: every regex is compiled at import, clauses are
dispatched on their first two words to a few rules, and odd input (other languages, emoji,
control characters) yields no statements instead of raising.

Pipeline: normalise -> sentences (questions dropped) -> clauses (split where a conjunction starts
a new statement) -> retraction forms (negation, "anymore", "forget ...", "scratch that") -> the
rule table. The phrase families, subjects and topic vocabulary are listed in docs/EXTRACTION.md.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

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

# Only this much of one message is read: enough for any chat turn, bounded for the hot path.
MAX_CHARS = 8_000
_MAX_OBJECT_WORDS = 10
# Work stays linear in the message: a statement longer than this is not a short fact (and some
# patterns with two open slots are quadratic in the clause), and a message is read up to this
# many clauses.
_MAX_CLAUSE_CHARS = 300
_MAX_CLAUSES = 200


@dataclass(frozen=True)
class Fact:
    """One short third-person fact about the user."""

    text: str  # "Lives in Berlin"
    subject: str  # "residence", "preference:sushi", "pet:dog:rex"
    topics: frozenset[str]  # stemmed topic words (for includes/excludes and categories)
    stance: str | None = None  # "+" / "-" for likes and dislikes of the same thing
    value: str | None = None  # the object's words, to match a retraction against stored text
    updates: tuple[str, ...] = ()  # other subjects this fact refines ("pet:dog" -> a named dog)


@dataclass(frozen=True)
class Retraction:
    """A statement that stored facts no longer hold."""

    subjects: tuple[str, ...]  # subject keys or prefixes ("pet" covers "pet:dog:rex"); () = all
    value: str | None = None  # words the retracted memory must contain
    stance: str | None = None  # only memories of this stance ("+" likes, "-" dislikes)
    last: bool = False  # "scratch that": the most recent memory


Statement = Fact | Retraction


# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _list(text: str) -> list[str]:
    return text.split()


# Topic groups: the words a fact of that family answers to in includes/excludes and categories.
TOPIC_GROUPS: dict[str, frozenset[str]] = {
    "name": _words("personal identity name introduction"),
    "age": _words("personal identity age birthday"),
    "birthday": _words("personal identity birthday age date birth"),
    "origin": _words("personal identity origin nationality background hometown place location"),
    "residence": _words("location home address city residence place country living"),
    "work": _words("work job career professional occupation employment employer company business"),
    "education": _words("education school study university college degree learning professional"),
    "family": _words("family relationship relative child kid sibling parent"),
    "partner": _words("family relationship partner spouse marriage dating"),
    "diet": _words("food diet eating nutrition meal dietary preference"),
    "food": _words("food eating cuisine dish drink meal"),
    "preference": _words("preference like dislike taste favourite"),
    "plan": _words("plan goal future intention schedule"),
    "travel": _words("travel trip vacation holiday visit journey destination place"),
    "pet": _words("pet animal family"),
    "health": _words("health medical condition wellbeing"),
    "allergy": _words("health medical allergy condition"),
    "medication": _words("health medical medication medicine treatment"),
    "fitness": _words("health fitness exercise sport activity"),
    "schedule": _words("schedule routine habit time calendar appointment"),
    "hobby": _words("hobby interest leisure fun activity pastime"),
    "sport": _words("sport fitness exercise hobby activity"),
    "music": _words("music entertainment hobby"),
    "entertainment": _words("entertainment media movie film book tv show game hobby"),
    "language": _words("language personal communication skill"),
    "contact": _words("contact personal email phone"),
    "habit": _words("habit health lifestyle routine"),
    "personality": _words("personal personality identity trait"),
    "vehicle": _words("vehicle car transport personal"),
    "technology": _words("technology computer software tool tech"),
}

# Objects of likes/dislikes/plans are classified into domains by their words.
_DOMAIN_WORDS: dict[str, frozenset[str]] = {
    "food": _words(
        "sushi pizza pasta ramen burger burgers tacos curry steak chicken fish salad cheese "
        "chocolate ice cream coffee tea wine beer cake bread rice noodles soup seafood shrimp "
        "meat pork beef lamb bacon eggs vegetables fruit apples bananas strawberries spicy food "
        "cilantro coriander mushrooms olives onions garlic tofu avocado dumplings pho kimchi "
        "bbq barbecue sandwiches fries donuts cookies pancakes waffles yogurt milk juice "
        "cooking baking italian thai indian mexican chinese japanese korean french cuisine dessert"
    ),
    "sport": _words(
        "tennis football soccer basketball baseball golf hockey volleyball rugby cricket "
        "running swimming cycling hiking climbing skiing surfing yoga pilates gym boxing "
        "karate judo badminton squash marathons triathlons workouts lifting crossfit"
    ),
    "music": _words(
        "music jazz rock pop classical hip hop rap metal country blues guitar piano violin "
        "drums singing concerts band bands songs opera techno"
    ),
    "entertainment": _words(
        "movies films movie film books reading novels tv shows series anime games gaming "
        "video podcasts theater theatre netflix comics documentaries"
    ),
    "travel": _words("travel traveling travelling trips beach beaches mountains camping"),
}

_DOMAIN_VOCABULARY = frozenset().union(*_DOMAIN_WORDS.values())

_PETS: dict[str, str] = {
    **dict.fromkeys(["dog", "dogs", "puppy", "puppies", "pup"], "dog"),
    **dict.fromkeys(["cat", "cats", "kitten", "kittens", "kitty"], "cat"),
    **dict.fromkeys(
        _list(
            "retriever labrador lab poodle beagle terrier husky bulldog shepherd corgi "
            "dachshund chihuahua pug spaniel collie rottweiler doodle schnauzer greyhound"
        ),
        "dog",
    ),
    **dict.fromkeys(_list("siamese persian tabby ragdoll sphynx bengal"), "cat"),
    **{
        w: w.rstrip("s") if w.endswith("s") and not w.endswith("ss") else w
        for w in _list(
            "hamster hamsters rabbit rabbits bunny parrot parrots bird birds fish goldfish "
            "turtle turtles tortoise horse horses pony snake snakes lizard gecko ferret "
            "ferrets chicken chickens guinea pig pigs mouse mice rat rats budgie canary"
        )
    },
}
_PARTNERS = {
    "wife": "wife",
    "husband": "husband",
    "partner": "partner",
    "spouse": "spouse",
    "girlfriend": "girlfriend",
    "boyfriend": "boyfriend",
    "fiance": "fiance",
    "fiancee": "fiancee",
    "fiancé": "fiance",
    "fiancée": "fiancee",
}
_CHILDREN = {
    **dict.fromkeys(["son", "sons", "stepson", "boy", "boys"], "son"),
    **dict.fromkeys(["daughter", "daughters", "stepdaughter", "girl", "girls"], "daughter"),
    **dict.fromkeys(_list("kid kids child children baby babies toddler"), "child"),
}
_SIBLINGS = {
    **dict.fromkeys(["brother", "brothers"], "brother"),
    **dict.fromkeys(["sister", "sisters"], "sister"),
    **dict.fromkeys(["sibling", "siblings", "twin"], "sibling"),
}
_PARENTS = {
    **dict.fromkeys(["mom", "mum", "mother", "mommy", "mummy"], "mother"),
    **dict.fromkeys(["dad", "father", "daddy"], "father"),
    "parents": "parents",
    "grandma": "grandmother",
    "grandmother": "grandmother",
    "grandpa": "grandfather",
    "grandfather": "grandfather",
    "aunt": "aunt",
    "uncle": "uncle",
    "cousin": "cousin",
    "niece": "niece",
    "nephew": "nephew",
    "boss": "boss",
    "roommate": "roommate",
    "best friend": "best friend",
}
_RELATIVES = {**_PARTNERS, **_CHILDREN, **_SIBLINGS, **_PARENTS}

_OCCUPATIONS = _words(
    "accountant actor actress analyst architect artist assistant attorney baker barber barista "
    "bartender biologist carpenter cashier ceo cfo chef chemist cleaner clerk coach consultant "
    "cook counselor counsellor dancer dentist designer developer doctor driver economist editor "
    "electrician engineer entrepreneur farmer firefighter founder freelancer gardener "
    "hairdresser intern janitor journalist judge lawyer lecturer librarian manager mechanic "
    "midwife musician nanny nurse officer painter paralegal paramedic pharmacist photographer "
    "physician physicist physiotherapist pilot plumber poet policeman policewoman professor "
    "programmer psychologist realtor receptionist researcher salesman saleswoman scientist "
    "secretary singer soldier surgeon tailor teacher technician therapist translator tutor "
    "veterinarian vet waiter waitress writer youtuber streamer pastor priest student "
    "administrator marketer recruiter cto coo cpa pediatrician psychiatrist optometrist "
    "dietitian nutritionist radiologist sysadmin tester ux"
)
_DIETS = _words(
    "vegetarian vegan pescatarian pescetarian flexitarian carnivore keto paleo kosher halal "
    "gluten-free dairy-free plant-based raw-vegan fruitarian"
)
_RELATIONSHIP = _words("married single divorced engaged widowed separated taken")
_HEALTH_STATES = _words(
    "diabetic asthmatic epileptic pregnant colorblind colourblind deaf blind anemic anaemic "
    "disabled autistic dyslexic celiac coeliac insomniac hypoglycemic"
)
_WORK_STATES = _words("retired unemployed self-employed freelancing jobless")
_PERSONALITY = _words(
    "introvert introverted extrovert extroverted shy outgoing morning-person night-owl "
    "early-bird left-handed right-handed"
)
_RELIGIONS = _words(
    "christian catholic protestant muslim jewish buddhist hindu sikh atheist agnostic mormon"
)
_DEMONYMS = _words(
    "american british english scottish welsh irish canadian australian german french spanish "
    "italian portuguese dutch belgian swiss austrian swedish norwegian danish finnish polish "
    "czech greek turkish russian ukrainian japanese chinese korean indian pakistani mexican "
    "brazilian argentinian chilean colombian peruvian nigerian kenyan egyptian moroccan "
    "israeli iranian vietnamese thai filipino indonesian malaysian singaporean "
    "hungarian romanian bulgarian croatian serbian icelandic ethiopian ghanaian "
    "cuban venezuelan latvian lithuanian estonian slovak slovenian"
)
_LANGUAGES = _words(
    "english spanish french german italian portuguese dutch swedish norwegian danish finnish "
    "polish czech greek turkish russian ukrainian japanese chinese mandarin cantonese korean "
    "hindi urdu bengali punjabi arabic hebrew persian farsi vietnamese thai tagalog "
    "indonesian malay swahili hungarian romanian bulgarian croatian serbian icelandic "
    "catalan basque welsh irish latin esperanto sign asl bsl tamil telugu"
)
_CONDITIONS = _words(
    "asthma diabetes arthritis migraines migraine adhd add autism anxiety depression "
    "hypertension epilepsy insomnia eczema psoriasis ibs gout lupus scoliosis tinnitus "
    "dyslexia ptsd ocd bipolar endometriosis pcos fibromyalgia "
    "hypothyroidism hyperthyroidism anemia anaemia glaucoma vertigo acne"
)
_CONDITION_SUFFIXES = (
    "itis",
    "osis",
    "emia",
    "disease",
    "disorder",
    "syndrome",
    "condition",
    "cancer",
    "pain",
    "apnea",
    "apnoea",
    "pressure",
    "cholesterol",
    "injury",
    "intolerance",
    "deficiency",
)
_MEDICATION_WORDS = _words(
    "metformin insulin ibuprofen aspirin paracetamol acetaminophen lisinopril levothyroxine "
    "atorvastatin statins sertraline prozac zoloft lexapro adderall ritalin antidepressants "
    "antihistamines melatonin vitamin vitamins supplements omeprazole amoxicillin "
    "antibiotics inhaler ventolin warfarin prednisone medication medicine meds pills "
    "tablets birth-control hrt estrogen testosterone iron magnesium omega-3 probiotics "
    "metoprolol amlodipine gabapentin xanax wellbutrin"
)
_HOBBY_VERBS = _words(
    "play practice practise collect knit paint draw bake cook garden hike surf ski swim "
    "run jog cycle bike climb dance sing write read fish sew crochet skate box meditate "
    "volunteer blog code program game camp"
)
_SCHEDULE_VERBS = _words(
    "go play have take visit attend walk run swim train work work-out exercise study "
    "meet call wake get eat drink do practice practise cook clean teach leave start finish "
    "jog cycle drive shop volunteer see sleep read watch pick drop"
)
_STOPWORDS = _words(
    "a an the and or of for to in on at with about from by as into any all some other "
    "what which who whom that this these those it its is are be been was were do does did "
    "have has had i me my mine we our you your they them their he she his her user users "
    "thing things stuff information info details detail data fact facts related regarding "
    "such etc e g also just only very really so not no more less much many most anything "
    "something everything nothing kind sort s t"
)
_PRONOUN_OBJECTS = _words(
    "it that this them these those you him her everything anything something nothing one "
    "what there here so too either when how if whenever because where why who whom whether "
    "your yours"
)
_SPELLINGS = {
    "diabetes": "diabetes",
    "glasses": "glasses",
    "series": "series",
    "news": "news",
    "favorite": "favourite",
    "color": "colour",
    "colors": "colour",
    "traveling": "travel",
    "travelling": "travel",
    "travels": "travel",
    "hobbies": "hobby",
    "likes": "like",
    "liked": "like",
    "dislikes": "dislike",
    "foods": "food",
    "kids": "kid",
    "children": "child",
    "pets": "pet",
    "animals": "animal",
    "preferences": "preference",
    "medications": "medication",
    "allergies": "allergy",
    "movies": "movie",
    "sports": "sport",
}


# ---------------------------------------------------------------------------------------------
# Word helpers
# ---------------------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


@functools.lru_cache(maxsize=16_384)
def stem(word: str) -> str:
    """A deliberately small stemmer: plural -s/-es/-ies and a few spelling variants."""
    word = word.casefold().removesuffix("'s")
    if word in _SPELLINGS:
        return _SPELLINGS[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=4_096)
def topic_words(text: str) -> frozenset[str]:
    """The stemmed content words of a topic string: "food preferences" -> {food, preference}."""
    return frozenset(_content_words(text))


def _content_words(text: str) -> list[str]:
    stems = (stem(w) for w in _WORD.findall(text.casefold()) if w not in _STOPWORDS)
    return [w for w in stems if w not in _STOPWORDS]


def _key(text: str) -> str:
    """A subject key for an object: lowercase stemmed content words ("the Dogs" -> "dog")."""
    return " ".join(_content_words(text)) or text.casefold().strip()


def _domains(text: str) -> frozenset[str]:
    words = set(_WORD.findall(text.casefold()))
    found: set[str] = set()
    for domain, vocabulary in _DOMAIN_WORDS.items():
        if words & vocabulary:
            found |= TOPIC_GROUPS[domain] | {domain}
    return frozenset(found)


def _topics(groups: Iterable[str], obj: str = "") -> frozenset[str]:
    found: set[str] = set()
    for group in groups:
        found |= TOPIC_GROUPS[group]
    if obj:
        found |= topic_words(obj) | _domains(obj)
    return frozenset(found)


_POSSESSIVES = {"my": "their", "me": "them", "myself": "themselves", "mine": "theirs"}
_POSSESSIVE_RE = re.compile(r"\b(my|me|myself|mine)\b", re.IGNORECASE)


def _third_person(text: str) -> str:
    return _POSSESSIVE_RE.sub(lambda m: _POSSESSIVES[m.group(1).casefold()], text)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


_LOWER_CONNECTORS = _words("de del la le von van der da di upon on the of and")


def _proper(text: str) -> str:
    """Capitalise a place or person's name typed in lowercase; keep a user's own capitals."""
    if text != text.casefold():
        return text
    words = text.split(" ")
    return " ".join(
        w if (i and w in _LOWER_CONNECTORS) else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


_IRREGULAR_THIRD = {"have": "has", "do": "does", "go": "goes", "be": "is", "am": "is"}


def third(verb: str) -> str:
    """Third-person singular of a base verb: live -> lives, go -> goes, study -> studies."""
    if verb in _IRREGULAR_THIRD:
        return _IRREGULAR_THIRD[verb]
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if len(verb) > 2 and verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


_IRREGULAR_BASE = {
    "has": "have",
    "does": "do",
    "goes": "go",
    "is": "am",
    "are": "am",
    "was": "was",
    "were": "was",
}


def _base(verb: str) -> str:
    """Undo third person: lives -> live, studies -> study, watches -> watch."""
    if verb in _IRREGULAR_BASE:
        return _IRREGULAR_BASE[verb]
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    if verb.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        return verb[:-2]
    if verb.endswith("s") and not verb.endswith("ss"):
        return verb[:-1]
    return verb


# ---------------------------------------------------------------------------------------------
# Normalisation: text -> sentences -> clauses
# ---------------------------------------------------------------------------------------------

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
_LEAD_FILLER = re.compile(
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
_TRAILING = re.compile(
    r"(?:,?\s+(?:now|these days|nowadays|at the moment|right now|currently|as well|too|also|"
    r"lol|haha|btw|though|by the way|for (?:\d+|a few|several|many|two|three|some) "
    r"(?:years?|months?|weeks?|days?)|for years|for a while|for ages|for a long time|"
    r"since (?:\d{4}|last \w+|\w+ \d{4}|childhood|birth|i was \w+)|last (?:week|month|year|"
    r"summer|winter|spring|fall|autumn|weekend)|(?:a|one|two|three|a few|\d+) (?:years?|months?|"
    r"weeks?|days?) ago|yesterday|recently|earlier this (?:year|month|week)))+$",
    re.IGNORECASE,
)
_ANYMORE = re.compile(r",?\s+(?:anymore|any more|any longer)$", re.IGNORECASE)
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


_BLANKS = re.compile(r"[^\S\n]+")  # runs of spaces and tabs: one space keeps every \s+ short
_LINES = re.compile(r" ?\n[\s]*")


def _normalise(text: str) -> str:
    text = _CONTROL.sub(" ", text[:MAX_CHARS].translate(_QUOTES))
    text = _LINES.sub("\n", _BLANKS.sub(" ", text))
    if text.isupper():  # "I LIVE IN BERLIN!!": shouting, not a run of proper names
        text = text.lower()
    text = _ABBREVIATIONS.sub(lambda m: m.group(1), text)
    return _TIME_DOTS.sub(lambda m: m.group(1) + "m", text)


_REMIND = re.compile(
    r"^(?:(?:can|could|would|will) you (?:please )?|please )?(?:remind me|remember|note down|"
    r"make a note|keep in mind|note)(?: that| about)?\s+(?=(?:i|my|we|our)\b)",
    re.IGNORECASE,
)


def _sentences(text: str) -> list[str]:
    """Statement sentences of a message, without questions and trailing punctuation."""
    found = []
    for raw in _SENTENCE_END.split(_normalise(text)):
        sentence = _REMIND.sub("", raw.strip())  # "Can you remind me that I ...?" states a fact
        if not sentence or (sentence.endswith("?") and sentence == raw.strip()):
            continue
        sentence = sentence.rstrip(".!?… ").strip(" \"'()[]*-_~")
        if sentence and not _QUESTION_START.match(_LEAD_FILLER.sub("", sentence)):
            found.append(sentence)
    return found


_HEAD_CHARS = 40
_ABOUT_USER = re.compile(r"i (?!have to\b|want\b|need\b)", re.IGNORECASE)
_APPOSITION = re.compile(r"an? \w+", re.IGNORECASE)


def _clauses(sentence: str) -> list[str]:
    """Split a sentence where a conjunction starts a new statement; keep object lists whole."""
    parts = _SPLIT.split(sentence)
    seps = [m.group(0) for m in _SPLIT.finditer(sentence)]
    out: list[list[str]] = [[parts[0]]]  # each clause as its pieces, joined once at the end
    head: str | None = None  # the current clause's opening, cleaned (computed when needed)
    for sep, part in zip(seps, parts[1:], strict=False):
        if len(out) == _MAX_CLAUSES:
            break
        if _CLAUSE_START.match(part):
            out.append([part])
            head = None
            continue
        if head is None:
            head = _clean_clause(out[-1][0][:_HEAD_CHARS])  # only its opening matters here
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
    return [c for c in (_clean_clause("".join(pieces)) for pieces in out) if c]


# Stored facts read back ("Lives in Berlin", "Name is Alice", "Mom lives in Ohio") and telegraphic
# notes are statements by the user about themselves: rewritten to the first person, they take the
# same rules, so a memory's own text yields its own subject (see subject_of).
_FACT_VERBS = _words(
    "lives works is has likes loves enjoys prefers hates dislikes speaks plays goes takes was "
    "grew studies attends owns drives wants plans hopes needs avoids does follows eats wears "
    "suffers teaches manages graduated joined collects watches listens supports quit injured "
    "weighs smokes vapes will can't cannot reads runs cooks bakes hikes swims paints draws "
    "writes sings dances knits gardens fishes surfs skis climbs cycles jogs walks wakes "
    "gets visits volunteers codes games camps uses"
)
_FACT_NOUNS = _words(
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
        verb = _FACT_VERB_BASE.get(word) or _base(word)
        mine = _THIRD_PRONOUNS.sub(lambda m: _BACK_TO_FIRST[m.group(1).casefold()], rest)
        return f"i {verb} {mine}"
    owner = word.removesuffix("'s")
    if (
        first[:1].isupper()
        and rest
        and (owner in _FACT_NOUNS or owner in _RELATIVES or owner in _PETS)
    ):
        return f"my {word} {rest}"  # values stay as stored ("Pronouns are they/them")
    return clause


def subject_of(memory: str) -> str | None:
    """The subject the extractor gives a stored fact's text ("Lives in Berlin" -> "residence").

    Lets memories from fixtures or earlier runs take part in UPDATE and DELETE matching.
    """
    for statement in extract(memory):
        if isinstance(statement, Fact):
            return statement.subject
    return None


def _clean_clause(clause: str) -> str:
    clause = _first_person(_LEAD_FILLER.sub("", clause.strip(" ,:-")).strip(" ,"))
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
    clause = _ADVERB_AFTER.sub(r"\1", clause)
    clause = re.sub(r"\s+", " ", clause).strip()
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


# ---------------------------------------------------------------------------------------------
# Cleaning of captured values
# ---------------------------------------------------------------------------------------------

_TIME_TAIL = re.compile(
    r"(?:,?\s+(?:(?:last|this|next|coming) (?:year|month|week|weekend|summer|winter|spring|"
    r"fall|autumn|\w+day)|in \d{4}|(?:a|one|two|three|a few|\d+) (?:years?|months?|weeks?|days?)"
    r" ago|recently|yesterday|today|tomorrow|tonight|soon|later|someday|eventually))+$",
    re.IGNORECASE,
)
_PLACE_TAIL = re.compile(r"(?:,?\s+(?:with|where|which|who|because|near|since|for)\b.*)$", re.I)
_OBJECT_TAIL = re.compile(
    r"(?:,?\s+(?:a lot|very much|so much|a bit|lots|the most|more than anything|a ton))+$",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r"\s*(?:,\s*(?:and|or|&)\s+|,\s*|\s+(?:and|or|&|as well as)\s+)", re.I)
_NOT_NAMES = _words(
    "not here back fine good great sorry ok okay sure ready happy sad tired busy done home "
    "hungry in on at from so very just also still really going looking trying thinking "
    "feeling doing well glad excited interested bored lost confused curious free available "
    "alive alright all always never like currently now actually new sick better worse afraid "
    "scared worried aware the a an your you it this that what him her them off out up down "
    "there hoping planning moving learning working living staying getting being "
    "unemployed retired pregnant single married divorced engaged called named i am is me"
)
_ARTICLE = re.compile(r"^(?:a|an|the|my|some)\s+", re.IGNORECASE)


def _clean_object(raw: str, *, keep_time: bool = False) -> str | None:
    text = raw.strip(" ,\"'")
    text = _OBJECT_TAIL.sub("", text if keep_time else _TIME_TAIL.sub("", text))
    words = text.split()
    if not words or len(words) > _MAX_OBJECT_WORDS:
        return None
    if words[0].casefold() in _PRONOUN_OBJECTS or not topic_words(text):
        return None
    return _third_person(text)


def _clean_place(raw: str) -> str | None:
    text = _PLACE_TAIL.sub("", _TIME_TAIL.sub("", raw.strip(" ,\"'")))
    words = text.split()
    if not words or len(words) > 6 or words[0].casefold() in _PRONOUN_OBJECTS:
        return None
    return _proper(_third_person(text)) if topic_words(text) else None


def _clean_name(raw: str) -> str | None:
    words = raw.strip().split()
    if not words or any(w.casefold() in _NOT_NAMES for w in words):
        return None
    return _proper(raw.strip())


def _is_given_name(raw: str) -> bool:
    """'I'm Alice' names the user only when typed like a name and not like a known word."""
    words = raw.split()
    return all(w[:1].isupper() for w in words) and not any(
        w.casefold() in _KNOWN_WORDS for w in words
    )


def _split_list(raw: str) -> list[str]:
    return [item for item in _LIST_SPLIT.split(raw) if item.strip()]


# ---------------------------------------------------------------------------------------------
# The rule table
# ---------------------------------------------------------------------------------------------

Builder = Callable[[re.Match[str]], list[Fact]]

_SLOT_PATTERNS = {
    "name": r"(?P<name>[^\W\d_][\w'-]*(?: [^\W\d_][\w'-]*)?)",
    "n": r"(?P<n>\d{1,3})",
}


@dataclass(frozen=True)
class _Rule:
    order: int
    regex: re.Pattern[str]
    build: Builder


_RULES: list[_Rule] = []
_BUCKETS: dict[tuple[str, str], list[_Rule]] = {}
_HEAD_TOKEN = re.compile(r"\(\?:([^()]*)\)\??|([a-z']+)")


def _heads(pattern: str) -> list[tuple[str, str]]:
    """The (first word, second word) keys a pattern can start with; '*' where it is open."""
    keys: list[list[str]] = []
    rest = pattern
    for _ in range(2):
        m = _HEAD_TOKEN.match(rest)
        if m is None or (m.group(0).endswith("?")):
            keys.append(["*"])
            break
        alts = m.group(1).split("|") if m.group(1) is not None else [m.group(2)]
        firsts = [a.split(" ")[0] for a in alts]
        if not all(re.fullmatch(r"[a-z']+", f) for f in firsts):
            keys.append(["*"])
            break
        keys.append(firsts)
        after = rest[m.end() :]
        if not after.startswith(" "):
            keys.append(["*"])
            break
        rest = after[1:]
        if any(" " in a for a in alts):  # a multi-word alternative: the second word varies
            keys.append(["*"])
            break
    while len(keys) < 2:
        keys.append(["*"])
    return [(a, b) for a in keys[0] for b in keys[1]]


def _register(pattern: str, build: Builder) -> None:
    expanded = pattern
    for slot, regex in _SLOT_PATTERNS.items():
        expanded = expanded.replace("{" + slot + "}", regex)
    expanded = re.sub(r"\{([a-z]+)\}", r"(?P<\1>.+)", expanded)
    rule = _Rule(len(_RULES), re.compile(expanded, re.IGNORECASE), build)
    _RULES.append(rule)
    for head in _heads(pattern):
        _BUCKETS.setdefault(head, []).append(rule)


_MERGED: dict[tuple[str, str], list[_Rule]] = {}  # bounded: only registered heads are cached


def _candidates(clause: str) -> list[_Rule]:
    """The rules that can match a clause, in table order, from its first two words."""
    words = clause.casefold().split(" ", 2)
    first = words[0]
    second = words[1] if len(words) > 1 and (first, words[1]) in _BUCKETS else "*"
    if (first, "*") not in _BUCKETS and second == "*":
        first = "*"
    key = (first, second)
    merged = _MERGED.get(key)
    if merged is None:
        found = {*_BUCKETS.get(key, ()), *_BUCKETS.get((first, "*"), ()), *_BUCKETS[("*", "*")]}
        merged = _MERGED[key] = sorted(found, key=lambda r: r.order)
    return merged


def _fact(
    text: str,
    subject: str,
    groups: Iterable[str],
    obj: str = "",
    *,
    stance: str | None = None,
    updates: tuple[str, ...] = (),
) -> Fact:
    text = _capitalise(re.sub(r"\s+", " ", text).strip(" ,"))
    return Fact(text, subject, _topics(groups, obj), stance, _key(obj) if obj else None, updates)


def _rule(
    pattern: str,
    text: str,
    subject: str,
    *groups: str,
    each: str | None = None,
    stance: str | None = None,
    check: Callable[[dict[str, str]], bool] | None = None,
) -> None:
    """Register a template rule: ``{slot}`` captures, cleaned by kind (name, place, n, else object).

    ``text`` and ``subject`` are format strings over the cleaned slots; in ``subject`` every slot is
    a normalised key. ``each`` names a slot holding a list ("sushi, ramen and pizza"): one fact per
    item. ``check`` vetoes a match on its slots as typed.
    """

    def build(m: re.Match[str]) -> list[Fact]:
        slots = sorted(m.re.groupindex, key=m.re.groupindex.__getitem__)
        raw = {s: m.group(s) or "" for s in slots}
        items = _split_list(raw[each]) if each else [None]
        facts = []
        for item in items:
            values = dict(raw)
            if each and item is not None:
                values[each] = item
            cleaned = _clean_slots(values)
            if cleaned is None or (check is not None and not check(values)):
                continue
            main = (
                cleaned[each] if each else next((cleaned[k] for k in _MAIN if cleaned.get(k)), "")
            )
            keys = {k: _key(_strip_when(v)) for k, v in cleaned.items()}
            facts.append(
                _fact(text.format(**cleaned), subject.format(**keys), groups, main, stance=stance)
            )
        return facts

    _register(pattern, build)


# The slot whose words identify the fact's object (for retraction matching and topics).
_MAIN = ("x", "place", "name", "org", "school", "lang", "state", "n", "date", "year", "thing")


def _strip_when(text: str) -> str:
    """The object without its time ("visit Japan in May" -> "visit Japan"), for subject keys."""
    return _RECURRING_TAIL.sub("", _TIME_TAIL.sub("", _PLAN_TIME.sub("", text))) or text


def _clean_slots(raw: dict[str, str]) -> dict[str, str] | None:
    cleaned: dict[str, str] = {}
    for slot, value in raw.items():
        if not value:
            cleaned[slot] = ""  # an optional part that was not said
            continue
        if slot == "name":
            result = _clean_name(value)
        elif slot in ("place", "org", "school"):
            result = _clean_place(value) if slot == "place" else _clean_object(value)
        elif slot in (
            "n",
            "year",
            "when",
            "date",
            "thing",
            "rel",
            "v",
            "p",
            "deg",
            "state",
            "lang",
        ):
            result = _third_person(value.strip()) or None
        else:
            result = _clean_object(value)
        if result is None:
            return None
        cleaned[slot] = result
    return cleaned


def _custom(pattern: str) -> Callable[[Builder], Builder]:
    """Register a rule whose facts need code, not a template."""

    def decorate(build: Builder) -> Builder:
        _register(pattern, build)
        return build

    return decorate


def _alts(words: Iterable[str]) -> str:
    ordered = sorted({w.replace("-", "[- ]") for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(ordered) + ")"


def _in(vocabulary: frozenset[str], slot: str) -> Callable[[dict[str, str]], bool]:
    return lambda v: any(w in vocabulary for w in _WORD.findall(v[slot].casefold()))


def _age_ok(v: dict[str, str]) -> bool:
    return 0 < int(v["n"]) <= 120


def _capitalised(slot: str) -> Callable[[dict[str, str]], bool]:
    return lambda v: v[slot][:1].isupper()


def _lowercase(slot: str) -> Callable[[dict[str, str]], bool]:
    return lambda v: not v[slot][:1].isupper()


# -- names, age, birthday, origin --------------------------------------------------------------
_rule("my name is {name}", "Name is {name}", "name", "name")
_rule("my (?:full )?name is {x}", "Name is {x}", "name", "name", check=_capitalised("x"))
_rule("i am (?:called|named) {name}", "Name is {name}", "name", "name")
_rule("this is {name}(?: here)?", "Name is {name}", "name", "name", check=_capitalised("name"))
_rule("{name} here", "Name is {name}", "name", "name", check=_capitalised("name"))
_rule(
    "(?:call|please call|you can call|people call|everyone calls|friends call) me {name}",
    "Goes by {name}",
    "nickname",
    "name",
)
_rule("i go by {name}", "Goes by {name}", "nickname", "name")
_rule(
    "i (?:prefer|would like|would prefer|like) to be called {name}",
    "Goes by {name}",
    "nickname",
    "name",
)
_rule("my (?:nickname|nick name) is {name}", "Goes by {name}", "nickname", "name")
_rule("my (?:last name|surname|family name) is {name}", "Last name is {name}", "last_name", "name")
_rule("my middle name is {name}", "Middle name is {name}", "middle_name", "name")
_rule(
    "i am {n}(?: years? old| years? of age| yrs? old| y/?o| yo)?",
    "Is {n} years old",
    "age",
    "age",
    check=_age_ok,
)
_rule(
    "i am turning {n}(?: years old)?(?P<when>(?: .+)?)",
    "Is turning {n} {when}",
    "age",
    "age",
    check=_age_ok,
)
_rule(
    "i (?:turned|will turn) {n}(?: years old)?",
    "Is {n} years old",
    "age",
    "age",
    check=_age_ok,
)
_rule("my age is {n}", "Is {n} years old", "age", "age", check=_age_ok)
_rule(
    "i am in my (?P<state>(?:early |mid |late |mid-)?(?:teens|twenties|thirties|forties|fifties|"
    "sixties|seventies|eighties|nineties|[1-9]0s))",
    "Is in their {state}",
    "age",
    "age",
)
_rule(
    "my (?:birthday|bday|birth date|date of birth) is (?:on )?{date}",
    "Birthday is {date}",
    "birthday",
    "birthday",
)
_rule("i was born on {date}", "Was born on {date}", "birthday", "birthday")
_rule("i was born in (?P<year>\\d{4})", "Was born in {year}", "birth_year", "age")
_rule("i was born and raised in {place}", "Was born and raised in {place}", "hometown", "origin")
_rule("i was born in {place}", "Was born in {place}", "birthplace", "origin")
_rule("i (?:am|come) from {place}", "Is from {place}", "origin", "origin")
_rule("i grew up in {place}", "Grew up in {place}", "hometown", "origin")
_rule("my (?:hometown|home town) is {place}", "Hometown is {place}", "hometown", "origin")

# -- where they live ----------------------------------------------------------------------------
_rule(
    "i (?:live|am living|reside|am residing|am based|am located|am settled|settled) in {place}",
    "Lives in {place}",
    "residence",
    "residence",
)
_rule(
    "i (?:moved|relocated|have moved|have relocated|moved house|recently moved)"
    "(?: from .+?)? to {place}",
    "Lives in {place}",
    "residence",
    "residence",
)
_rule("my home is (?:in )?{place}", "Lives in {place}", "residence", "residence")
_rule("i live at {x}", "Lives at {x}", "residence", "residence")
_rule(
    "my (?:home |street |mailing |postal )?address is {x}",
    "Address is {x}",
    "residence",
    "residence",
)
_rule(
    "i live (?P<state>alone|by myself|on my own)", "Lives alone", "household", "residence", "family"
)
_rule("i live with {x}", "Lives with {x}", "household", "residence", "family")
_rule(
    "i am (?:moving|relocating) to {place}",
    "Plans to move to {place}",
    "plan:move {place}",
    "plan",
    "residence",
    "travel",
)

# -- work and study -----------------------------------------------------------------------------
_rule("i (?:work|am working|am employed|make a living) as {x}", "Works as {x}", "job", "work")
_rule("i do {x} for a living", "Works in {x}", "work_field", "work")
_rule(
    "i am the (?P<x>(?:ceo|cto|cfo|coo|founder|co-founder|owner|head|director|president|manager|"
    "lead|chair|principal|editor)(?: of \\w+)?) (?:of|at) {org}",
    "Is the {x} of {org}",
    "job",
    "work",
)
_rule(
    "i (?:work|am working) (?:at|for) {org}(?: as (?P<role>.+))?",
    "Works at {org}",
    "employer",
    "work",
)
_rule("i am (?:employed|hired) (?:at|by) {org}", "Works at {org}", "employer", "work")
_rule(
    "i (?:started|got|landed|accepted|took|have) (?:a |my )?(?:new )?(?:job|position|role) "
    "(?:at|with) {org}",
    "Works at {org}",
    "employer",
    "work",
)
_rule(
    "i (?:started|got|landed|accepted|took|have) (?:a |my )?(?:new )?(?:job|position|role) as {x}",
    "Works as {x}",
    "job",
    "work",
)
_rule("i (?:started|began) (?:working|work) (?:at|for) {org}", "Works at {org}", "employer", "work")
_rule(
    "i joined (?P<x>(?:a |the )?(?:[\\w'-]+ ){0,3}(?:gym|club|team|choir|band|league|group|class))",
    "Joined {x}",
    "hobby:{x}",
    "hobby",
)
_rule("i joined {org}", "Works at {org}", "employer", "work", check=_capitalised("org"))
_rule("i (?:work|am working) in {x}", "Works in {x}", "work_field", "work", check=_lowercase("x"))
_rule("i (?:work|am working) in {place}", "Works in {place}", "work_location", "work", "residence")
_rule(
    "i work (?P<state>from home|remotely|remote|part-time|part time|full-time|full time|nights|"
    "night shifts|weekends|shifts|two jobs|hybrid)",
    "Works {state}",
    "work_mode",
    "work",
)
_rule(
    "i am (?:a|an) (?P<x>(?:[\\w-]+ ){0,3}student(?: (?:at|in) .+)?)",
    "Is a {x}",
    "education",
    "education",
)
_rule(
    "i am (?P<state>a grad student|a graduate student|in college|in high school|at university)",
    "Is {state}",
    "education",
    "education",
)
_rule(
    "i am (?P<state>retired|unemployed|self-employed|freelancing|jobless|between jobs|"
    "a stay-at-home (?:mom|mum|dad|parent)|a homemaker|a housewife|a househusband)",
    "Is {state}",
    "job",
    "work",
)
_rule("my (?:new )?job is (?:at|with) {org}", "Works at {org}", "employer", "work")
_rule("my (?:job|occupation|profession|job title|title) is {x}", "Job is {x}", "job", "work")
_rule("i (?:was|got|have been) promoted to {x}", "Was promoted to {x}", "job", "work")
_rule(
    "i (?:own|run|started|founded|have) (?P<x>(?:a|an|my own) (?:[\\w'-]+ ){0,3}(?:business|"
    "company|startup|shop|store|restaurant|bakery|cafe|agency|firm|practice|clinic|studio|salon))",
    "Owns {x}",
    "business",
    "work",
)
_rule("i (?:teach|lecture) {x}", "Teaches {x}", "job", "work", "education")
_rule("i (?:manage|lead) {x}", "Manages {x}", "job_scope", "work")
_rule(
    "i (?:study|am studying|major in|am majoring in|am doing a (?:degree|phd|masters|master's|"
    "bachelor's|bachelors) in) {x}",
    "Studies {x}",
    "study",
    "education",
    check=lambda v: not _in(_LANGUAGES, "x")(v) or len(v["x"].split()) > 2,
)
_rule(
    "i (?:go to|attend|am at|study at|am enrolled at|am enrolled in) {school}",
    "Attends {school}",
    "school",
    "education",
    check=_in(_words("university college school academy institute uni polytechnic"), "school"),
)
_rule(
    "i (?:graduated|have graduated) from {school}",
    "Graduated from {school}",
    "graduated:{school}",
    "education",
)
_rule(
    "i have (?P<deg>(?:a|an) (?:[\\w']+ )?(?:degree|phd|masters|master's|bachelor's|bachelors|"
    "diploma|mba|doctorate)) in {x}",
    "Has {deg} in {x}",
    "degree:{x}",
    "education",
)
_rule(
    "i am (?:learning|studying|taking lessons in|taking classes in) {x}",
    "Is learning {x}",
    "learning:{x}",
    "education",
    "hobby",
    each="x",
)
_rule(
    "i am (?:taking|doing|attending) (?P<x>(?:a |an )?.+ (?:class|classes|course|lessons|program))",
    "Is taking {x}",
    "learning:{x}",
    "education",
)

# -- family -------------------------------------------------------------------------------------
_rule(
    "i am (?P<state>married|single|divorced|engaged|widowed|separated|in a relationship|"
    "dating someone|seeing someone|taken|newly married|recently married|happily married)",
    "Is {state}",
    "relationship",
    "partner",
)
_rule("i am (?P<state>married|engaged) to {name}", "Is {state} to {name}", "partner", "partner")
_rule("i (?:just )?got (?P<state>married|engaged)", "Is {state}", "relationship", "partner")
_rule(
    "i am (?:expecting|having) (?P<x>a baby|a child|twins|a boy|a girl|our first child)"
    "(?P<when>(?: .+)?)",
    "Is expecting {x} {when}",
    "family_role:expecting",
    "family",
    "plan",
)
_rule(
    "i am (?:dating|seeing|with) {name}",
    "Is dating {name}",
    "partner",
    "partner",
    check=_capitalised("name"),
)
_rule(
    "i am (?:a |an )?(?:new |first-time |proud |single |busy )?(?P<rel>mom|mum|mother|dad|father|"
    "parent|grandmother|grandfather|grandparent|grandma|grandpa) (?:of|to) (?P<x>.+)",
    "Is a {rel} of {x}",
    "child:count",
    "family",
)
_rule(
    "i am (?:a |an )?(?:new |first-time |proud |single |busy )?(?P<rel>mom|mum|mother|dad|father|"
    "parent|grandmother|grandfather|grandparent|grandma|grandpa|stepmom|stepdad|aunt|uncle)",
    "Is a {rel}",
    "family_role:{rel}",
    "family",
)

# -- diet and food ------------------------------------------------------------------------------
_rule(f"i am (?:a |an )?(?:strict )?(?P<state>{_alts(_DIETS)})", "Is {state}", "diet", "diet")
_rule(
    f"i (?:became|turned|went|have become|have gone|switched to being) (?:a |an )?"
    f"(?P<state>{_alts(_DIETS)})",
    "Is {state}",
    "diet",
    "diet",
)
_rule("i am on (?:a |an |the )?(?P<x>[\\w -]+?) diet", "Is on a {x} diet", "diet", "diet")
_rule(
    "i (?:follow|eat|keep|have) (?:a |an )?(?P<x>[\\w -]+?) diet",
    "Follows a {x} diet",
    "diet",
    "diet",
)
_rule(f"i eat (?P<state>{_alts(_DIETS)})(?: food)?", "Eats {state}", "diet", "diet")
_rule(
    "i am (?P<x>lactose|gluten|fructose|histamine|dairy|wheat|caffeine|alcohol) intolerant",
    "Is {x} intolerant",
    "intolerance:{x}",
    "diet",
    "health",
)
_rule(
    "i (?:avoid|can not eat|can not have|can not tolerate|am avoiding|try to avoid|stay away from)"
    " {x}",
    "Avoids {x}",
    "avoid:{x}",
    "diet",
    each="x",
)

# -- health -------------------------------------------------------------------------------------
_rule("i am allergic to {x}", "Is allergic to {x}", "allergy:{x}", "allergy", each="x")
_rule(
    "i (?:was|have been|got|am) diagnosed with {x}",
    "Was diagnosed with {x}",
    "condition:{x}",
    "health",
)
_rule("i (?:suffer|am suffering) from {x}", "Suffers from {x}", "condition:{x}", "health")
_rule("i am (?:recovering|healing) from {x}", "Is recovering from {x}", "condition:{x}", "health")
_rule(f"i am (?P<state>{_alts(_HEALTH_STATES)})", "Is {state}", "condition:{state}", "health")
_rule("i am a (?P<x>type [12] diabetic)", "Is a {x}", "condition:diabetic", "health")
_rule(
    "i (?:take|am taking|am on|use) {x}",
    "Takes {x}",
    "medication:{x}",
    "medication",
    check=lambda v: _in(_MEDICATION_WORDS, "x")(v) or bool(re.search(r"\d ?mg\b", v["x"])),
)
_rule(
    "i wear (?P<x>glasses|contacts|contact lenses|hearing aids?|a hearing aid|braces)",
    "Wears {x}",
    "health_aid:{x}",
    "health",
)
_rule(
    "i (?:broke|sprained|injured|hurt|fractured|tore|dislocated) (?P<x>my .+)",
    "Injured {x}",
    "injury:{x}",
    "health",
)
_rule("i (?P<v>smoke|vape)(?P<x>(?: .+)?)", "{v}s{x}", "habit:smoking", "habit", "health")
_rule(
    "i (?:quit|gave up|stopped) (?P<x>smoking|vaping|drinking|alcohol|caffeine|coffee|sugar|meat|"
    "dairy|gluten|eating meat|drinking alcohol)",
    "Quit {x}",
    "habit:{x}",
    "habit",
    "health",
    "diet",
)
_rule("i am (?P<n>\\d{2,3}) ?cm(?: tall)?", "Is {n} cm tall", "height", "health")
_rule("i weigh {x}", "Weighs {x}", "weight", "health")

# -- preferences --------------------------------------------------------------------------------
_PREFER_VERBS = {
    "like": ("Likes", "+"),
    "love": ("Loves", "+"),
    "adore": ("Loves", "+"),
    "enjoy": ("Enjoys", "+"),
    "prefer": ("Prefers", "+"),
    "hate": ("Hates", "-"),
    "loathe": ("Hates", "-"),
    "despise": ("Hates", "-"),
    "detest": ("Hates", "-"),
    "dislike": ("Dislikes", "-"),
    "a fan of": ("Is a fan of", "+"),
    "a big fan of": ("Is a big fan of", "+"),
    "a huge fan of": ("Is a huge fan of", "+"),
    "into": ("Is into", "+"),
    "fond of": ("Likes", "+"),
    "keen on": ("Likes", "+"),
    "crazy about": ("Loves", "+"),
    "obsessed with": ("Loves", "+"),
    "passionate about": ("Is passionate about", "+"),
    "addicted to": ("Loves", "+"),
    "not a fan of": ("Is not a fan of", "-"),
    "not into": ("Is not into", "-"),
    "stand": ("Can't stand", "-"),
    "not like": ("Dislikes", "-"),
    "not love": ("Dislikes", "-"),
    "not enjoy": ("Does not enjoy", "-"),
    "not care for": ("Dislikes", "-"),
    "not a big fan of": ("Is not a fan of", "-"),
}


def _preference_facts(verb: str, raw: str) -> list[Fact]:
    label, stance = _PREFER_VERBS[verb.casefold()]
    facts = []
    for item in _split_list(raw):
        obj = _clean_object(item)
        if obj is not None:
            facts.append(
                _fact(
                    f"{label} {obj}", f"preference:{_key(obj)}", ["preference"], obj, stance=stance
                )
            )
    return facts


@_custom("i prefer {x} (?:over|to|rather than|instead of) {y}")
def _prefer_over(m: re.Match[str]) -> list[Fact]:
    obj, other = _clean_object(m.group("x")), _clean_object(m.group("y"))
    if obj is None or other is None:
        return []
    return [
        _fact(
            f"Prefers {obj} over {other}",
            f"preference:{_key(obj)}",
            ["preference"],
            obj,
            stance="+",
        )
    ]


@_custom(f"i (?P<v>{_alts(v for v in _PREFER_VERBS if ' ' not in v)}) {{x}}")
def _likes(m: re.Match[str]) -> list[Fact]:
    return _preference_facts(m.group("v"), m.group("x"))


@_custom(f"i am (?P<v>{_alts(v for v in _PREFER_VERBS if ' ' in v or v == 'into')}) {{x}}")
def _am_fan(m: re.Match[str]) -> list[Fact]:
    return _preference_facts(m.group("v"), m.group("x"))


@_custom("i can not (?P<v>stand|bear) {x}")
def _cannot_stand(m: re.Match[str]) -> list[Fact]:
    return _preference_facts("stand", m.group("x"))


@_custom(
    "my (?:all-time |absolute |personal )?(?:favourite|favorite|fave|fav) (?P<thing>[\\w' -]+?)"
    " (?:is|are) {x}"
)
def _favourite(m: re.Match[str]) -> list[Fact]:
    return _favourite_fact(m.group("thing"), m.group("x"))


@_custom("{x} (?:is|are) my (?:all-time |absolute )?(?:favourite|favorite|fave) (?P<thing>.+)")
def _favourite_inverted(m: re.Match[str]) -> list[Fact]:
    return _favourite_fact(m.group("thing"), m.group("x"))


def _favourite_fact(thing: str, raw: str) -> list[Fact]:
    first = raw.split(" ", 1)[0]
    if first.casefold() in _DOMAIN_VOCABULARY:  # "Pizza is my favourite": a sentence capital
        raw = first.casefold() + raw[len(first) :]
    obj = _clean_object(raw)
    thing = thing.strip()
    if obj is None or not topic_words(thing):
        return []
    fact = _fact(f"Favourite {thing} is {obj}", f"favourite:{_key(thing)}", ["preference"], obj)
    return [replace(fact, topics=fact.topics | _domains(thing) | topic_words(thing))]


# -- plans and goals ----------------------------------------------------------------------------
_TRAVEL_VERBS = _words("visit travel go fly move see tour explore backpack cruise")


def _plan_groups(obj: str) -> list[str]:
    first = obj.split(" ", 1)[0].casefold()
    return ["plan", "travel"] if first in _TRAVEL_VERBS else ["plan"]


def _plan_fact(label: str, kind: str, raw: str) -> list[Fact]:
    obj = _clean_object(raw, keep_time=True)
    if obj is None or _WEAK_PLAN.match(obj) or _ADDRESSEE.search(obj):
        return []
    return [_fact(f"{label} {obj}", f"{kind}:{_key(_strip_when(obj))}", _plan_groups(obj), obj)]


_ADDRESSEE = re.compile(
    r"\byou(?:rs?)?\b", re.IGNORECASE
)  # "I'll call you later": chat, not a plan
# Intentions about the conversation itself, not plans worth remembering.
_WEAK_PLAN = re.compile(
    r"(?:know|ask|say|tell|check|talk|chat|clarify|mention|thank|confirm|understand|remember|"
    r"forget|add|help|be (?:right )?back|be (?:there|fine|ok|okay|sure|honest|quick|brief)|"
    r"let you know|think about it|get back to you|see(?: you)?$|try$|go$|do (?:it|that|this)|"
    r"have a look|look into (?:it|that)|see what|figure (?:it|that) out|make sure|"
    r"continue|start$|stop$|sleep$|eat$|figure (?:it|that|this|out)|fix|debug|solve|install|"
    r"compile|deploy|write (?:a|an|this|the|some) (?:function|script|email|essay|code|query)|"
    r"run (?:this|the|my|a) (?:code|script|program|query))\b",
    re.IGNORECASE,
)
_PLAN_TIME = re.compile(
    r"\s+(?:in|on|at|by|before|after|during|this|next|over|around|for) (?:the )?(?:\w+ )?"
    r"(?:\d{4}|january|february|march|april|may|june|july|august|september|october|november|"
    r"december|spring|summer|fall|autumn|winter|week|weekend|month|year|holidays|\w+day).*$",
    re.IGNORECASE,
)


_ERRANDS = _words(
    "bed work school church class lunch dinner breakfast sleep town court hospital practice "
    "therapy uni college university mass shower gym store shops office"
)


@_custom("i am (?:going|travelling|traveling|flying|heading|driving) to {x}")
def _going_to(m: re.Match[str]) -> list[Fact]:
    target = m.group("x")
    if _ARTICLE.sub("", target).split(" ", 1)[0].casefold() in _ERRANDS:
        return []  # "going to bed", "going to work": what they do now, not a plan
    if not (target[:1].isupper() or target.casefold().startswith(("the ", "a ", "an ", "my "))):
        return _plan_fact("Plans to", "plan", target)  # "going to visit ..." is an intention
    obj = _clean_object(target, keep_time=True)
    if obj is None:
        return []
    key = _key(_strip_when(obj))
    return [_fact(f"Is going to {obj}", f"plan:go to {key}", ["plan", "travel"], obj)]


@_custom("i am (?:planning|hoping|about|intending|preparing|scheduled|due) to {x}")
def _planning(m: re.Match[str]) -> list[Fact]:
    return _plan_fact("Plans to", "plan", m.group("x"))


@_custom("i (?P<v>plan|intend|aim|will|hope|want|would like|would love|wish|need|have) to {x}")
def _intends(m: re.Match[str]) -> list[Fact]:
    verb = m.group("v").casefold()
    if verb in ("want", "would like", "would love", "wish"):
        return _plan_fact("Wants to", "goal", m.group("x"))
    if verb == "hope":
        return _plan_fact("Hopes to", "goal", m.group("x"))
    if verb in ("need", "have"):
        return _plan_fact("Needs to", "plan", m.group("x"))
    return _plan_fact("Plans to", "plan", m.group("x"))


_rule(
    "i will be (?P<v>in|at|visiting) {place}",
    "Will be {v} {place}",
    "plan:be {place}",
    "plan",
    "travel",
)


@_custom("i will {x}")
def _will(m: re.Match[str]) -> list[Fact]:
    return _plan_fact("Plans to", "plan", m.group("x"))


_rule("i am visiting {x}", "Is visiting {x}", "plan:visit {x}", "plan", "travel")
_rule(
    "i am going on (?P<x>(?:a |an )?(?:[\\w'-]+ )?(?:vacation|holiday|trip|cruise|honeymoon)) "
    "to {place}",
    "Is going on {x} to {place}",
    "plan:go to {place}",
    "plan",
    "travel",
)
_rule(
    "i am (?:thinking|considering) (?:about |of )?(?P<x>\\w+ing .+)",
    "Is thinking about {x}",
    "plan:{x}",
    "plan",
)
_rule(
    "i am planning (?P<x>(?:a|an) (?:[\\w'-]+ ){0,2}(?:trip|vacation|holiday|visit|cruise))"
    " to {place}",
    "Is planning {x} to {place}",
    "plan:go to {place}",
    "plan",
    "travel",
)
_rule(
    "i am getting (?P<state>married|engaged|divorced)(?P<when>(?: .+)?)",
    "Is getting {state} {when}",
    "plan:get {state}",
    "plan",
    "partner",
)
_rule(
    "i have (?P<x>(?:a|an) (?:[\\w'-]+ ){0,2}(?:trip|vacation|holiday|flight|cruise)) to {place}",
    "Has {x} to {place}",
    "plan:go to {place}",
    "plan",
    "travel",
)
_rule("my (?:plan|goal|dream|aim) is to {x}", "Wants to {x}", "goal:{x}", "plan")


@_custom("i am (?:trying|working|aiming) to {x}")
def _trying(m: re.Match[str]) -> list[Fact]:
    return _plan_fact("Is trying to", "goal", m.group("x"))


_rule("i am training for {x}", "Is training for {x}", "goal:{x}", "plan", "fitness")
_rule("i am saving (?:up )?(?:money )?(?:for|to) {x}", "Is saving for {x}", "goal:{x}", "plan")

_rule(
    "i have (?P<x>(?:a|an|my) (?:[\\w'-]+ ){0,2}(?:appointment|meeting|interview|exam|test|date|"
    "party|wedding|flight|surgery|game|match|concert|class|lesson|session|trip|presentation|"
    "deadline|call|checkup|check-up|reunion|recital|shift))(?P<when> .+)?",
    "Has {x} {when}",
    "event:{x}",
    "schedule",
    "plan",
)

# -- schedules ----------------------------------------------------------------------------------
_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_RECURRING = (
    rf"(?:every (?:other )?(?:day|morning|evening|night|afternoon|week|weekend|weekday|month|"
    rf"year|{_DAY}|summer|winter)(?: (?:and|&) {_DAY})?|on {_DAY}s(?: (?:and|&) {_DAY}s)?|"
    rf"on (?:the )?weekends?|on weekdays|(?:daily|weekly|monthly|nightly|yearly)|"
    rf"(?:once|twice|three times|\d+ times) (?:a|per|every) (?:day|week|month|year)|"
    rf"at (?:\d{{1,2}}(?::\d\d)? ?(?:am|pm)?|noon|midnight|night)|"
    rf"(?:in the|each|most) (?:mornings?|evenings?|afternoons?|nights?|days|weekends?)|"
    rf"(?:before|after) (?:work|school|breakfast|dinner))"
)


_RECURRING_TAIL = re.compile(rf"\s+{_RECURRING}.*$", re.IGNORECASE)


@_custom(rf"i (?P<v>[a-z-]+)(?P<x>(?: .+?)?) (?P<when>{_RECURRING}(?: .+)?)")
def _schedule(m: re.Match[str]) -> list[Fact]:
    verb = m.group("v").casefold()
    if verb not in _SCHEDULE_VERBS and verb not in _HOBBY_VERBS:
        return []
    rest = _third_person(m.group("x"))
    when = _third_person(m.group("when"))
    if len(rest.split()) > _MAX_OBJECT_WORDS or (rest and not topic_words(rest + " x")):
        return []
    if rest.strip().split(" ", 1)[0].casefold() in _PRONOUN_OBJECTS:
        return []
    key = _key(f"{verb}{rest}") or verb
    return [_fact(f"{third(verb)}{rest} {when}", f"schedule:{key}", ["schedule"], rest or verb)]


_rule(
    "my (?P<x>work|shift|class|classes|day|workday|commute|alarm|gym session|lunch break|school|"
    "first class|meeting) (?P<v>starts|begins|ends|finishes|is) (?P<when>(?:at|on|from|around) .+)",
    "{x} {v} {when}",
    "schedule:{x}",
    "schedule",
)


@_custom(
    "i (?P<v>walk|bike|cycle|drive|commute|take|ride)(?P<how> the (?:bus|train|subway|tube|metro)|"
    " my bike)? to (?P<x>work|school|the office|college|university|campus)"
)
def _commute(m: re.Match[str]) -> list[Fact]:
    text = (
        f"{third(m.group('v').casefold())}{_third_person(m.group('how') or '')} to {m.group('x')}"
    )
    return [_fact(text, "commute", ["schedule", "vehicle"], m.group("x"))]


_rule(
    "i am (?P<state>up|awake|in bed|asleep|at my desk) (?P<p>by|at|around|before) (?P<when>.+)",
    "Is {state} {p} {when}",
    "schedule:{state}",
    "schedule",
)

# -- hobbies, sport, languages, misc ------------------------------------------------------------


@_custom("my (?:hobbies|hobby|interests|passions?|pastimes?) (?:is|are|include|includes) {x}")
def _hobbies(m: re.Match[str]) -> list[Fact]:
    return [
        replace(f, topics=f.topics | TOPIC_GROUPS["hobby"])
        for f in _preference_facts("enjoy", m.group("x"))
    ]


_rule(
    "i go (?P<x>\\w+ing)(?P<rest>(?: .+)?)",
    "Goes {x} {rest}",
    "hobby:{x}",
    "hobby",
    "sport",
    check=lambda v: v["x"].casefold() not in ("going", "nothing", "something", "during"),
)
_rule(
    "i (?:work out|exercise|go to the gym|hit the gym|lift weights|lift|go to a gym)(?P<x>.*)",
    "Works out {x}",
    "fitness",
    "fitness",
)
_rule("i (?:watch|binge) {x}", "Watches {x}", "watch:{x}", "entertainment", "hobby", each="x")
_rule("i listen to {x}", "Listens to {x}", "listen:{x}", "music", "hobby", each="x")
_rule("i (?:support|root for|cheer for) {x}", "Supports {x}", "team:{x}", "sport", "preference")


@_custom("i (?:speak|can speak|know|am fluent in|am bilingual in|am trilingual in) {x}")
def _speaks(m: re.Match[str]) -> list[Fact]:
    facts = []
    count = re.fullmatch(r"(?P<n>\w+) (?:different )?languages", m.group("x"), re.IGNORECASE)
    if count is not None:
        return [_fact(f"Speaks {count.group(0)}", "language:count", ["language"], count.group(0))]
    for item in _split_list(m.group("x")):
        languages = [w for w in _WORD.findall(item.casefold()) if w in _LANGUAGES]
        obj = _clean_object(item)
        if languages and obj is not None:
            facts.append(
                _fact(
                    f"Speaks {_proper_language(obj)}",
                    f"language:{languages[0]}",
                    ["language"],
                    languages[0],
                )
            )
    return facts


def _proper_language(text: str) -> str:
    return " ".join(w.capitalize() if w.casefold() in _LANGUAGES else w for w in text.split())


_rule(
    "my (?:native|first|mother) (?:language|tongue) is {lang}",
    "Native language is {lang}",
    "native_language",
    "language",
)
_rule(
    "i am (?:a )?native (?P<lang>\\w+) speaker",
    "Is a native {lang} speaker",
    "native_language",
    "language",
)
_rule("i drive {x}", "Drives {x}", "vehicle", "vehicle")
_rule("i (?:play|practice|practise) {x}", "Plays {x}", "hobby:{x}", "hobby", "sport", each="x")


@_custom(f"i (?P<v>{_alts(_HOBBY_VERBS)})(?P<x>(?: .+)?)")
def _hobby(m: re.Match[str]) -> list[Fact]:
    verb, rest = m.group("v").casefold(), m.group("x")
    if rest.strip():
        obj = _clean_object(rest)
        if obj is None or len(obj.split()) > 6:
            return []
        rest = " " + obj
    key = _key(f"{verb}{rest}") or verb
    return [_fact(f"{third(verb)}{rest}", f"hobby:{key}", ["hobby"], f"{verb}{rest}")]


_ATTRIBUTES: dict[str, tuple[str, str]] = {
    # attribute -> (subject, topic group)
    "email": ("contact:email", "contact"),
    "email address": ("contact:email", "contact"),
    "e-mail": ("contact:email", "contact"),
    "phone": ("contact:phone", "contact"),
    "phone number": ("contact:phone", "contact"),
    "number": ("contact:phone", "contact"),
    "cell": ("contact:phone", "contact"),
    "mobile": ("contact:phone", "contact"),
    "website": ("contact:website", "contact"),
    "username": ("contact:username", "contact"),
    "handle": ("contact:username", "contact"),
    "github": ("contact:github", "contact"),
    "twitter": ("contact:twitter", "contact"),
    "instagram": ("contact:instagram", "contact"),
    "linkedin": ("contact:linkedin", "contact"),
    "blood type": ("blood_type", "health"),
    "shoe size": ("shoe_size", "personality"),
    "zodiac sign": ("zodiac_sign", "personality"),
    "star sign": ("zodiac_sign", "personality"),
    "timezone": ("timezone", "schedule"),
    "time zone": ("timezone", "schedule"),
    "religion": ("religion", "personality"),
    "pronouns": ("pronouns", "personality"),
    "gender": ("gender", "personality"),
    "height": ("height", "health"),
    "weight": ("weight", "health"),
    "major": ("study", "education"),
    "employer": ("employer", "work"),
    "company": ("employer", "work"),
    "school": ("school", "education"),
    "university": ("school", "education"),
    "college": ("school", "education"),
    "car": ("vehicle", "vehicle"),
    "team": ("team", "sport"),
}


@_custom(f"my (?P<attr>{_alts(_ATTRIBUTES)}) (?P<be>is|are) {{x}}")
def _attribute(m: re.Match[str]) -> list[Fact]:
    attr = m.group("attr").casefold().replace("-", " ").replace("e mail", "e-mail")
    subject, group = _ATTRIBUTES.get(attr, (attr, "personality"))
    value = m.group("x").strip(" \"'")
    if not value or len(value.split()) > 8 or not _WORD.search(value.casefold()):
        return []
    verb = m.group("be").casefold()
    return [_fact(f"{attr.capitalize()} {verb} {value}", subject, [group], value)]


_rule(f"i am (?:a |an )?(?P<state>{_alts(_RELIGIONS)})", "Is {state}", "religion", "personality")
_rule(
    "i am (?:an? )?(?P<state>aries|taurus|gemini|cancer|leo|virgo|libra|scorpio|sagittarius|"
    "capricorn|aquarius|pisces)",
    "Is a {state}",
    "zodiac_sign",
    "personality",
)
_rule(
    "i am (?P<x>\\d(?:'|\\s?(?:feet|foot|ft))(?: ?\\d{1,2}(?:\"|\\s?(?:inches|inch|in))?)?|"
    "\\d(?:\\.\\d+)?\\s?m|\\d{2,3}\\s?cm) tall",
    "Is {x} tall",
    "height",
    "health",
)
_rule(
    "i am a (?:big |huge |massive |die-hard |lifelong )?(?P<x>[\\w' .-]+?) (?:fan|supporter)",
    "Is a fan of {x}",
    "preference:{x}",
    "preference",
)
_rule(
    "i am (?:looking|searching|hunting) for (?P<x>(?:a |an )?(?:new )?(?:job|apartment|house|flat|"
    "place to live|roommate|partner|girlfriend|boyfriend|school|daycare|doctor|dentist|car))",
    "Is looking for {x}",
    "goal:find {x}",
    "plan",
)
_rule(
    "i am (?:writing|building|developing|making|renovating|working on|organizing|organising|"
    "planning) (?P<x>(?:a|an|my|our) .+)",
    "Is working on {x}",
    "project:{x}",
    "plan",
    "hobby",
)
_rule(
    "i (?:use|work with|code in|program in) {x}",
    "Uses {x}",
    "tool:{x}",
    "technology",
    each="x",
    check=_capitalised("x"),
)
_rule(
    "i am (?P<state>(?:a |an )?(?:introvert|introverted|extrovert|extroverted|shy|outgoing|"
    "morning person|night owl|early bird|people person|dog person|cat person|left-handed|"
    "right-handed|perfectionist|optimist|pessimist|workaholic|foodie|bookworm|gamer|nerd|geek))",
    "Is {state}",
    "personality:{state}",
    "personality",
)
_rule(
    f"i am (?:an? )?(?P<state>{_alts(_DEMONYMS)})(?: citizen| national)?",
    "Is {state}",
    "nationality",
    "origin",
)


@_custom("i am (?:a|an) (?P<n>\\d{1,3})[- ]years?[- ]old (?P<x>.+)")
def _aged_noun(m: re.Match[str]) -> list[Fact]:
    """ "I'm a 34-year-old teacher from Denver": the age, then the rest as said."""
    n = m.group("n")
    age = [_fact(f"Is {n} years old", "age", ["age"], n)] if 0 < int(n) <= 120 else []
    return age + _facts(f"i am a {m.group('x')}")


@_custom("i am (?P<x>(?:a|an) .+)")
def _occupation(m: re.Match[str]) -> list[Fact]:
    phrase = m.group("x")
    head = re.split(r" (?:at|for|in|with|from) ", phrase, maxsplit=1)[0]
    words = [stem(w) for w in _WORD.findall(head.casefold())]
    if not words or words[-1] not in _OCCUPATIONS or len(words) > 5:
        return []
    job, _, origin = phrase.partition(" from ")  # "a nurse from Chicago"
    obj = _clean_object(job)
    if obj is None:
        return []
    facts = [_fact(f"Works as {obj}", "job", ["work"], obj)]
    place = _clean_place(origin) if origin else None
    if place is not None:
        facts.append(_fact(f"Is from {place}", "origin", ["origin"], place))
    return facts


@_custom("i am {name}")
def _introduction(m: re.Match[str]) -> list[Fact]:
    raw = m.group("name")
    if not _is_given_name(raw):
        return []
    return [_fact(f"Name is {raw}", "name", ["name"], raw)]


# -- "I have ..." (pets, family, allergies, conditions, things) ---------------------------------
_VEHICLES = _words("car motorcycle motorbike bike bicycle scooter truck van tesla jeep suv boat")
_HOMES = _words("house apartment flat condo cabin garden pool farm cottage studio")
_ITEM = re.compile(
    r"(?:(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+|no|some|twin) )?"
    r"(?P<adj>(?:[\w'-]+ ){0,3}?)(?P<noun>[\w'-]+)"
    r"(?:,? (?:named|called|whose names? (?:is|are)) (?P<name>.+))?",
    re.IGNORECASE,
)


_NAME_LIST = re.compile(r"[\w'-]+(?:, [\w'-]+)*,? and [\w'-]+")


def _have_facts(obj: str) -> list[Fact]:
    """Facts from the object of "I have ...": "a dog named Rex and two kids" -> two facts."""
    whole = _ITEM.fullmatch(obj.strip())
    if whole and whole.group("name") and _NAME_LIST.fullmatch(whole.group("name")):
        items = [obj]  # "two cats named Tom and Jerry" is one item
    else:
        items = _split_list(obj)
    facts: list[Fact] = []
    for item in items:
        m = _ITEM.fullmatch(item.strip())
        if m is not None:
            fact = _have_item(m)
            if fact is not None:
                facts.append(fact)
    return facts


def _have_item(m: re.Match[str]) -> Fact | None:
    count = (m.group("count") or "").casefold()
    noun = m.group("noun").casefold()
    described = m.group(0).split(" named ")[0].split(" called ")[0]
    phrase = _third_person(_TIME_TAIL.sub("", described))
    name = _clean_name(m.group("name")) if m.group("name") else None
    if m.group("name") and name is None:
        return None
    many = count not in ("", "a", "an", "one", "no")
    named = f" named {name}" if name else ""
    text = f"Has {phrase}{named}"
    adjectives = m.group("adj").casefold().split()
    if noun in ("pet", "pets", "animal", "animals"):
        return _fact(text, "pet", ["pet"], phrase)
    for group, table, root in (
        ("pet", _PETS, "pet"),
        ("family", _CHILDREN, "child"),
        ("family", _SIBLINGS, "sibling"),
    ):
        kind = table.get(noun) or next((table[a] for a in adjectives if a in table), None)
        if kind is None:
            continue
        base = f"{root}:{kind}" if not (root == "child" and kind == "child") else root
        if name and not many:
            return _fact(text, f"{base}:{_key(name)}", [group], f"{phrase} {name}", updates=(base,))
        if many:
            return _fact(text, f"{base}:count", [group], phrase, updates=(base,))
        return _fact(text, base, [group], phrase)
    if noun in _PARTNERS:
        return _fact(text, "partner", ["partner"], f"{phrase} {name or ''}")
    if noun in ("allergy", "allergies") and adjectives:
        allergen = " ".join(w for w in adjectives if w not in ("severe", "mild", "bad", "food"))
        return _fact(text, f"allergy:{_key(allergen)}", ["allergy"], allergen) if allergen else None
    if (
        noun in _CONDITIONS
        or noun.endswith(_CONDITION_SUFFIXES)
        or any(w in _CONDITIONS for w in adjectives)
    ):
        condition = _ARTICLE.sub("", phrase)
        return _fact(text, f"condition:{_key(condition)}", ["health"], condition)
    if noun in _VEHICLES:
        return _fact(text, f"vehicle:{_key(noun)}", ["vehicle"], phrase)
    if noun in _HOMES:
        return _fact(text, f"home:{_key(noun)}", ["residence"], phrase)
    return None


_rule("i have an allergy to {x}", "Is allergic to {x}", "allergy:{x}", "allergy", each="x")


@_custom("i am (?:a|an) (?P<x>[\\w ]+?) (?:owner|parent|mom|dad|mum)")
def _pet_owner(m: re.Match[str]) -> list[Fact]:
    """ "I'm a dog owner", "I'm a cat mom" -> "Has a dog"."""
    kind = m.group("x").casefold().split()[-1]
    return _have_facts(f"a {kind}") if kind in _PETS else []


@_custom("i (?:have|have got|own|adopted|rescued|got|bought|just got) {x}")
def _have(m: re.Match[str]) -> list[Fact]:
    return _have_facts(m.group("x"))


# -- facts about a relative or a pet: "my mom lives in Ohio", "my dog Rex is 5" -----------------
_NAMED_RELATIVE = (
    f"my (?P<rel>{_alts(list(_PARTNERS) + list(_CHILDREN) + list(_SIBLINGS) + list(_PETS))})"
)


@_custom(_NAMED_RELATIVE + "(?:'s name| name) is {name}")
@_custom(_NAMED_RELATIVE + " is (?:called|named) {name}")
def _relative_named(m: re.Match[str]) -> list[Fact]:
    return _have_facts(f"a {m.group('rel')} named {m.group('name')}")


@_custom(_NAMED_RELATIVE + " is {name}")
def _relative_is(m: re.Match[str]) -> list[Fact]:
    if not _is_given_name(m.group("name")):
        return []
    return _have_facts(f"a {m.group('rel')} named {m.group('name')}")


@_custom(f"my (?P<rel>{_alts(_PARENTS)})(?:'s name| name) is {{name}}")
def _parent_named(m: re.Match[str]) -> list[Fact]:
    rel = _PARENTS[m.group("rel").casefold()]
    name = _clean_name(m.group("name"))
    if name is None:
        return []
    return [
        _fact(
            f"{_capitalise(m.group('rel'))}'s name is {name}",
            f"family:{rel}:name",
            ["family"],
            name,
        )
    ]


@_custom(
    f"my (?P<rel>{_alts([*_RELATIVES, *_PETS])})'s (?P<attr>(?!name\\b)[\\w -]{{2,30}}?) "
    "(?:is|are) (?:on )?{x}"
)
def _relative_attribute(m: re.Match[str]) -> list[Fact]:
    """ "My wife's birthday is May 3rd" -> "Wife's birthday is May 3rd"."""
    rel, attr = m.group("rel").casefold(), m.group("attr").strip()
    obj = _clean_object(m.group("x"))
    if obj is None or not topic_words(attr):
        return []
    if rel in _PETS:
        prefix, group = f"pet:{_PETS[rel]}", "pet"
    else:
        prefix, group = f"family:{_RELATIVES[rel]}", "family"
    fact = _fact(f"{_capitalise(rel)}'s {attr} is {obj}", f"{prefix}:{_key(attr)}", [group], obj)
    return [replace(fact, topics=fact.topics | topic_words(attr))]


_PLURAL_RELATIVES = _words(
    "parents kids children sons daughters brothers sisters siblings grandparents cousins twins"
)
_PLURAL_VERBS = {"is": "are", "has": "have", "was": "were", "does": "do"}
_RELATIVE = re.compile(
    f"my (?P<rel>{_alts(_RELATIVES)})(?: (?-i:(?P<rname>[A-Z][\\w'-]*)))?"
    r" (?P<v>[a-z']+)(?P<x> .+)",
    re.IGNORECASE,
)


def _relative_statements(m: re.Match[str]) -> list[Statement]:
    rel_word = m.group("rel").casefold()
    rname = m.group("rname")
    verb = m.group("v").casefold()
    if verb in ("name", "is") and m.group("x").strip().split(" ")[0].casefold() in (
        "called",
        "named",
    ):
        return []
    statements = _statements(f"i {_base(verb)}{m.group('x')}", depth=1)
    if rel_word in _PETS:
        prefix, group = f"pet:{_PETS[rel_word]}", "pet"
    else:
        prefix, group = f"family:{_RELATIVES[rel_word]}", "family"
    if rname:
        prefix += f":{_key(rname)}"
    label = _capitalise(rel_word) + (f" {rname}" if rname else "")
    out: list[Statement] = []
    for s in statements:
        if isinstance(s, Retraction):
            if s.subjects:
                out.append(replace(s, subjects=tuple(f"{prefix}:{x}" for x in s.subjects)))
        elif s.subject == "name":
            continue  # "my wife is Anna" is a naming, handled above
        else:
            verb, _, rest = s.text.partition(" ")
            if rel_word in _PLURAL_RELATIVES:  # "Parents live in Florida"
                verb = _PLURAL_VERBS.get(verb.casefold()) or _base(verb.casefold())
            text = f"{label} {verb[:1].lower()}{verb[1:]} {rest}"
            out.append(
                replace(
                    s,
                    text=text,
                    subject=f"{prefix}:{s.subject}",
                    topics=s.topics | TOPIC_GROUPS[group],
                    updates=(),
                )
            )
    return out


# ---------------------------------------------------------------------------------------------
# Retractions and negation
# ---------------------------------------------------------------------------------------------

_LAST = re.compile(
    r"(?:scratch that|never ?mind|ignore that|ignore what i (?:just )?said|disregard that|"
    r"i take (?:that|it) back|strike that|delete that|forget that|forget it|"
    r"forget what i (?:just )?said|that is (?:wrong|not true|not right|incorrect)|"
    r"that was (?:wrong|a mistake|not true))",
    re.IGNORECASE,
)
_FORGET = re.compile(
    r"(?:please )?(?:forget|delete|remove|erase|drop|disregard|ignore|do not remember|"
    r"stop remembering)(?: about| that| what i said about| the fact that| the part about)?"
    r" (?P<x>.+)",
    re.IGNORECASE,
)
_EVERYTHING = re.compile(
    r"(?:everything|all of (?:it|that|this)|all (?:my|of my) (?:data|memories|info|information|"
    r"details)|everything (?:about me|you know(?: about me)?)|all about me)",
    re.IGNORECASE,
)
_FORGET_NOUNS: dict[str, tuple[str, ...]] = {
    "address": ("residence",),
    "home": ("residence",),
    "location": ("residence",),
    "city": ("residence",),
    "where i live": ("residence",),
    "name": ("name", "nickname"),
    "nickname": ("nickname",),
    "age": ("age",),
    "birthday": ("birthday",),
    "job": ("job", "employer"),
    "work": ("job", "employer", "work_field", "work_location"),
    "employer": ("employer",),
    "diet": ("diet",),
    "allergies": ("allergy",),
    "allergy": ("allergy",),
    "pets": ("pet",),
    "kids": ("child",),
    "children": ("child",),
    "partner": ("partner",),
    "wife": ("partner",),
    "husband": ("partner",),
    "girlfriend": ("partner",),
    "boyfriend": ("partner",),
    "plans": ("plan",),
    "schedule": ("schedule",),
    "hobbies": ("hobby",),
    "email": ("contact:email",),
    "phone number": ("contact:phone",),
    "number": ("contact:phone",),
    "medication": ("medication",),
    "medications": ("medication",),
    "health": ("condition", "medication", "allergy"),
    "preferences": ("preference",),
    "likes": ("preference",),
    "favourite": ("favourite",),
}
_JOB_LOSS = re.compile(
    r"i (?:quit|left|lost) my (?:job|position|work)(?: at (?P<org>.+))?|"
    r"i (?:got|was|have been) (?:fired|laid off|let go|sacked)(?: from (?P<org2>.+))?|"
    r"i am (?:between jobs|out of work|no longer working|not working)",
    re.IGNORECASE,
)
_LEFT = re.compile(
    r"i (?:left|moved out of|moved away from|moved from|(?-i:quit (?=[A-Z])))"
    r" (?P<x>(?:(?! to ).)+)",
    re.IGNORECASE,
)
_STOPPED_BEING = re.compile(r"i (?:stopped|quit) being (?P<x>.+)", re.IGNORECASE)
_SOLD = re.compile(r"i (?:sold|got rid of|no longer own) (?:my|our) (?P<x>.+)", re.IGNORECASE)
_BREAKUP = re.compile(
    r"i (?P<v>got divorced|am getting divorced|broke up|split up|separated|divorced)"
    r"(?: (?:with|from) (?P<x>.+))?",
    re.IGNORECASE,
)
_DEATH = re.compile(
    r"(?:my (?P<rel>[\w'-]+)(?: (?-i:(?P<name>[A-Z][\w'-]*)))?|(?-i:(?P<alone>[A-Z][\w'-]*)))"
    r",?(?: my \w+,?)? (?:passed away|died|ran away|is gone|was put down|got lost|passed|"
    r"is no longer with us|had to be put down)",
    re.IGNORECASE,
)
_GAVE_AWAY = re.compile(
    r"i (?:gave away|rehomed|lost|had to rehome|gave up|gave) my (?P<rel>[\w'-]+)"
    r"(?: (?!away\b)(?P<name>[\w'-]+))?(?: away)?",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"i (?P<neg>do not|did not|no longer|am not|am no longer|will not|have no|never|"
    r"can not|would not|have not|have never) (?P<x>.+)",
    re.IGNORECASE,
)
_DISLIKE_NEG = re.compile(r"(?P<v>like|love|enjoy|care for|fancy|dig) (?P<x>.+)", re.IGNORECASE)
_AVOID_NEG = re.compile(r"(?P<v>eat|drink|smoke|vape)(?: (?P<x>.+))?", re.IGNORECASE)
_CANNOT = re.compile(
    r"(?P<v>stand|bear|eat|have|tolerate|digest|live without|get enough of) (?P<x>.+)",
    re.IGNORECASE,
)
_FAN_NEG = re.compile(r"(?P<v>a (?:big |huge )?fan of|into|keen on|fond of) (?P<x>.+)", re.I)


def _retract_facts(facts: Iterable[Fact]) -> list[Statement]:
    return [Retraction((f.subject,), f.value, f.stance) for f in facts]


def _statements(clause: str, depth: int = 0) -> list[Statement]:
    if _LAST.fullmatch(clause):
        return [Retraction((), last=True)]
    anymore = _ANYMORE.search(clause) is not None
    clause = _TRAILING.sub("", _ANYMORE.sub("", clause))
    if not clause:
        return []
    special = _special_retraction(clause)
    if special is not None:
        return special
    if depth == 0:
        m = _RELATIVE.fullmatch(clause)
        if m is not None and m.group("rel").casefold() not in ("best friend",):
            relative = _relative_statements(m)
            if relative:
                return relative
    m = _NEGATION.fullmatch(clause)
    if m is not None:
        return _negated(m.group("neg").casefold(), m.group("x"), anymore)
    return list(_facts(clause))


def _negated(neg: str, rest: str, anymore: bool) -> list[Statement]:
    retracting = anymore or neg in ("no longer", "am no longer")
    if neg in ("do not", "no longer", "never", "would not"):
        m = _DISLIKE_NEG.fullmatch(rest)
        if m is not None and not retracting:
            verb = "not " + m.group("v").casefold()
            return list(
                _preference_facts(verb if verb in _PREFER_VERBS else "not like", m.group("x"))
            )
        m = _AVOID_NEG.fullmatch(rest)
        if m is not None:
            return _avoid(m.group("v").casefold(), m.group("x"))
    if neg in ("am not", "am no longer"):
        m = _FAN_NEG.fullmatch(rest)
        if m is not None and not retracting:
            return list(_preference_facts("not a fan of", m.group("x")))
    if neg == "can not":
        m = _CANNOT.fullmatch(rest)
        if m is None:
            return []
        if m.group("v").casefold() in ("stand", "bear"):
            return list(_preference_facts("stand", m.group("x")))
        if m.group("v").casefold() in ("live without", "get enough of"):
            return list(_preference_facts("love", m.group("x")))
        obj = _clean_object(m.group("x"))
        return [_fact(f"Cannot eat {obj}", f"avoid:{_key(obj)}", ["diet"], obj)] if obj else []
    if neg in ("did not", "would not", "have not", "have never", "never"):
        return []  # past or hypothetical: says nothing about what holds now
    positive = {
        "do not": "i ",
        "no longer": "i ",
        "am not": "i am ",
        "am no longer": "i am ",
        "will not": "i will ",
        "have no": "i have ",
    }[neg] + rest
    if neg == "have no" and not _ARTICLE.match(rest):
        positive = "i have a " + rest if not rest.endswith("s") else "i have " + rest
    return _retract_facts(_facts(positive))


def _avoid(verb: str, raw: str | None) -> list[Statement]:
    if verb in ("smoke", "vape"):
        return [_fact("Does not smoke", "habit:smoking", ["habit", "health"], "smoking")]
    obj = _clean_object(raw) if raw else ("alcohol" if verb == "drink" else None)
    if obj is None:
        return []
    return [_fact(f"Does not {verb} {obj}", f"avoid:{_key(obj)}", ["diet"], obj)]


def _special_retraction(clause: str) -> list[Statement] | None:
    m = _FORGET.fullmatch(clause)
    clause = _TIME_TAIL.sub("", clause)  # "my parrot died last week"
    if m is not None:
        return _forget(m.group("x"))
    m = _JOB_LOSS.fullmatch(clause)
    if m is not None:
        org = m.group("org") or m.group("org2")
        return [Retraction(("job", "employer"), _key(org) if org else None)]
    m = _BREAKUP.fullmatch(clause)
    if m is not None:
        who = m.group("x")
        value = _key(who) if who and who[:1].isupper() else None
        state = "Is divorced" if "divorc" in m.group("v").casefold() else "Is single"
        return [
            Retraction(("partner",), value),
            _fact(state, "relationship", ["partner"], state.split()[-1]),
        ]
    m = _DEATH.fullmatch(clause)
    if m is not None:
        return _loss(m.group("rel"), m.group("name") or m.group("alone"))
    m = _GAVE_AWAY.fullmatch(clause)
    if m is not None:
        return _loss(m.group("rel"), m.group("name"))
    m = _STOPPED_BEING.fullmatch(clause)
    if m is not None:
        return _retract_facts(_facts("i am " + m.group("x")))
    m = _SOLD.fullmatch(clause)
    if m is not None:
        value = _key(m.group("x"))
        return [Retraction(("vehicle", "home", "business"), value)] if value else []
    m = _LEFT.fullmatch(clause)
    if m is not None and not m.group("x").casefold().startswith(("my ", "a ", "the ")):
        value = _key(m.group("x"))
        return [Retraction(("residence", "employer", "school"), value)] if value else []
    return None


def _loss(rel: str | None, name: str | None) -> list[Statement]:
    value = _key(name) if name else None
    if rel is None:
        subjects = ("pet", "partner", "family", "child", "sibling")
        return [Retraction(subjects, value)] if value else []
    rel = rel.casefold()
    if rel in _PETS:
        return [Retraction((f"pet:{_PETS[rel]}",), value)]
    if rel in _PARTNERS:
        return [Retraction(("partner",), value)]
    if rel in _RELATIVES:
        family = _RELATIVES[rel]
        return [Retraction((f"family:{family}", f"child:{family}", f"sibling:{family}"), value)]
    return []


def _forget(target: str) -> list[Statement]:
    target = target.strip()
    folded = target.casefold()
    if _LAST.fullmatch("forget " + folded) or folded in ("it", "that", "this"):
        return [Retraction((), last=True)]
    if _EVERYTHING.fullmatch(folded):
        return [Retraction(())]
    if folded.startswith("i "):
        return [s for s in _statements(_clean_clause(target)) if isinstance(s, Retraction)] or (
            _retract_facts(f for f in _statements(_clean_clause(target)) if isinstance(f, Fact))
        )
    noun = _ARTICLE.sub("", folded)
    if noun in _FORGET_NOUNS:
        return [Retraction(_FORGET_NOUNS[noun])]
    first, _, name = noun.partition(" ")
    if first in _PETS:
        return [Retraction((f"pet:{_PETS[first]}",), _key(name) if name else None)]
    if first in _PARTNERS:
        return [Retraction(("partner",))]
    value = _key(noun)
    return [Retraction((), value)] if value else []


# ---------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------

_KNOWN_WORDS = (
    _NOT_NAMES
    | _DEMONYMS
    | _LANGUAGES
    | _RELIGIONS
    | _DIETS
    | _RELATIONSHIP
    | _HEALTH_STATES
    | _WORK_STATES
    | _PERSONALITY
    | _OCCUPATIONS
    | frozenset(_RELATIVES)
)


def _facts(clause: str) -> list[Fact]:
    for candidate in _candidates(clause):
        m = candidate.regex.fullmatch(clause)
        if m is not None:
            facts = candidate.build(m)
            if facts:
                return facts
    return []


def extract(text: str) -> list[Statement]:
    """Facts and retractions of one user message, in the order they are said.

    Example:
        >>> [f.text for f in extract("Hi, I'm Alice. I'm vegetarian and I live in Berlin")]
        ['Name is Alice', 'Is vegetarian', 'Lives in Berlin']
    """
    if not isinstance(text, str):
        return []
    if len(text) <= _CACHED_CHARS:
        return list(_extract_cached(text))
    return _extract(text)


# Pure and deterministic, so repeated messages (test suites, load runs) are answered from a
# small cache; statements are frozen, and callers get a fresh list each time.
_CACHED_CHARS = 1_000


@functools.lru_cache(maxsize=4096)
def _extract_cached(text: str) -> tuple[Statement, ...]:
    return tuple(_extract(text))


def _extract(text: str) -> list[Statement]:
    found: list[Statement] = []
    budget = _MAX_CLAUSES
    for sentence in _sentences(text):
        for clause in _clauses(sentence):
            if len(clause) <= _MAX_CLAUSE_CHARS:
                found.extend(_statements(clause))
            budget -= 1
            if budget == 0:
                return found
    return found


_POSITIVE_LEAD = re.compile(
    r"(?:likes|loves|enjoys|prefers|adores|is a (?:big |huge )?fan of|is into|"
    r"is passionate about)\b",
    re.IGNORECASE,
)
_NEGATIVE_LEAD = re.compile(
    r"(?:dislikes|hates|can't stand|is not a fan of|is not into|does not enjoy)\b", re.IGNORECASE
)


def stance_of(memory: str) -> str | None:
    """'+' for a stored like ("Likes sushi"), '-' for a dislike, None for anything else."""
    if _POSITIVE_LEAD.match(memory):
        return "+"
    if _NEGATIVE_LEAD.match(memory):
        return "-"
    return None
