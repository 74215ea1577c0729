"""mockserver.memory.extract: user messages -> Mem0-style facts and retractions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.memory.extract import (
    Fact,
    Retraction,
    extract,
    stance_of,
    stem,
    subject_of,
    third,
    topic_words,
)


def facts(text: str) -> list[tuple[str, str]]:
    return [(s.text, s.subject) for s in extract(text) if isinstance(s, Fact)]


def retractions(text: str) -> list[tuple[tuple[str, ...], str | None, bool]]:
    return [(s.subjects, s.value, s.last) for s in extract(text) if isinstance(s, Retraction)]


def case(text: str, *expected: tuple[str, str], id: str) -> object:
    return pytest.param(text, list(expected), id=id)


FACT_TABLE = [
    # names and introductions
    case("My name is Bob.", ("Name is Bob", "name"), id="name-my-name-is"),
    case("I'm Maria Lopez", ("Name is Maria Lopez", "name"), id="name-im-full-name"),
    case("my name is li wei", ("Name is Li Wei", "name"), id="name-lowercase-capitalised"),
    case("I'm José", ("Name is José", "name"), id="name-accented"),
    case("Call me Jim", ("Goes by Jim", "nickname"), id="name-call-me"),
    case(
        "Hi, I'm Alice. I'm vegetarian and I live in Berlin",
        ("Name is Alice", "name"),
        ("Is vegetarian", "diet"),
        ("Lives in Berlin", "residence"),
        id="issue-example",
    ),
    case(
        "Hello, I'm Sam, a nurse from Chicago.",
        ("Name is Sam", "name"),
        ("Works as a nurse", "job"),
        ("Is from Chicago", "origin"),
        id="name-with-apposition",
    ),
    # age, birthday, origin
    case("I'm 34", ("Is 34 years old", "age"), id="age-bare"),
    case("I am 34 years old", ("Is 34 years old", "age"), id="age-years-old"),
    case("I just turned 40", ("Is 40 years old", "age"), id="age-turned"),
    case("My birthday is May 5th", ("Birthday is May 5th", "birthday"), id="birthday"),
    case("I was born in 1990", ("Was born in 1990", "birth_year"), id="born-year"),
    case("I was born in Lisbon", ("Was born in Lisbon", "birthplace"), id="born-place"),
    case("I'm originally from Ireland", ("Is from Ireland", "origin"), id="from"),
    case("I grew up in Ohio", ("Grew up in Ohio", "hometown"), id="grew-up"),
    case("I'm German", ("Is German", "nationality"), id="nationality"),
    # places
    case("I live in New York City", ("Lives in New York City", "residence"), id="live-in"),
    case("i live in san francisco", ("Lives in San Francisco", "residence"), id="live-lowercase"),
    case("I live in Denver, Colorado", ("Lives in Denver, Colorado", "residence"), id="live-comma"),
    case(
        "I've been living in Berlin for 5 years",
        ("Lives in Berlin", "residence"),
        id="live-perfect-duration",
    ),
    case("I just moved to Austin.", ("Lives in Austin", "residence"), id="moved-to"),
    case("We moved to Lisbon last year", ("Lives in Lisbon", "residence"), id="we-moved"),
    case("My partner and I live in Toronto", ("Lives in Toronto", "residence"), id="partner-and-i"),
    case(
        "I'm moving to Tokyo next month",
        ("Plans to move to Tokyo", "plan:move tokyo"),
        id="moving-plan",
    ),
    # work and study
    case("I work as a teacher", ("Works as a teacher", "job"), id="work-as"),
    case("I'm a nurse", ("Works as a nurse", "job"), id="im-a-nurse"),
    case("I'm a software engineer", ("Works as a software engineer", "job"), id="im-engineer"),
    case("I work at Acme", ("Works at Acme", "employer"), id="work-at"),
    case("I work for a startup", ("Works at a startup", "employer"), id="work-for"),
    case("I got a new job at Microsoft", ("Works at Microsoft", "employer"), id="new-job-at"),
    case("I work in marketing", ("Works in marketing", "work_field"), id="work-field"),
    case("I work from home", ("Works from home", "work_mode"), id="work-mode"),
    case("I'm retired", ("Is retired", "job"), id="retired"),
    case("I'm a student at MIT", ("Is a student at MIT", "education"), id="student"),
    case("I study computer science", ("Studies computer science", "study"), id="study"),
    # family
    case("I'm married", ("Is married", "relationship"), id="married"),
    case("My wife's name is Anna", ("Has a wife named Anna", "partner"), id="wife-name"),
    case("My husband is called Tom", ("Has a husband named Tom", "partner"), id="husband"),
    case(
        "I have a daughter named Mia",
        ("Has a daughter named Mia", "child:daughter:mia"),
        id="daughter-named",
    ),
    case("I have two kids", ("Has two kids", "child:count"), id="kids-count"),
    case(
        "I have a son and a daughter",
        ("Has a son", "child:son"),
        ("Has a daughter", "child:daughter"),
        id="son-and-daughter",
    ),
    case(
        "I have a brother named Luke",
        ("Has a brother named Luke", "sibling:brother:luke"),
        id="brother",
    ),
    case("My mom lives in Ohio", ("Mom lives in Ohio", "family:mother:residence"), id="mom-lives"),
    case(
        "My sister is a doctor", ("Sister works as a doctor", "family:sister:job"), id="sister-job"
    ),
    case(
        "My daughter Emma is 7",
        ("Daughter Emma is 7 years old", "family:daughter:emma:age"),
        id="daughter-age",
    ),
    # diet and food
    case("I'm vegetarian", ("Is vegetarian", "diet"), id="vegetarian"),
    case("I am a vegan", ("Is vegan", "diet"), id="vegan"),
    case("I'm on a keto diet", ("Is on a keto diet", "diet"), id="keto"),
    case("I don't eat pork", ("Does not eat pork", "avoid:pork"), id="no-pork"),
    case("I don't drink", ("Does not drink alcohol", "avoid:alcohol"), id="no-alcohol"),
    case(
        "I'm lactose intolerant",
        ("Is lactose intolerant", "intolerance:lactose"),
        id="lactose",
    ),
    # likes and dislikes
    case("I like sushi", ("Likes sushi", "preference:sushi"), id="like"),
    case(
        "I love pizza and pasta",
        ("Loves pizza", "preference:pizza"),
        ("Loves pasta", "preference:pasta"),
        id="love-list",
    ),
    case("I really enjoy hiking", ("Enjoys hiking", "preference:hiking"), id="enjoy"),
    case("I hate cilantro", ("Hates cilantro", "preference:cilantro"), id="hate"),
    case("I don't like mushrooms", ("Dislikes mushrooms", "preference:mushroom"), id="dont-like"),
    case("I can't stand olives", ("Can't stand olives", "preference:olive"), id="cant-stand"),
    case("I prefer tea over coffee", ("Prefers tea over coffee", "preference:tea"), id="prefer"),
    case(
        "My favourite colour is green",
        ("Favourite colour is green", "favourite:colour"),
        id="favourite",
    ),
    case(
        "Pizza is my favorite food",
        ("Favourite food is pizza", "favourite:food"),
        id="favourite-inverted",
    ),
    case("I'm a big fan of jazz", ("Is a big fan of jazz", "preference:jazz"), id="fan-of"),
    # plans
    case(
        "I'm going to visit Japan in May",
        ("Plans to visit Japan in May", "plan:visit japan"),
        id="plan-going-to",
    ),
    case(
        "I'm planning to run a marathon",
        ("Plans to run a marathon", "plan:run marathon"),
        id="plan-planning",
    ),
    case("I want to learn Spanish", ("Wants to learn Spanish", "goal:learn spanish"), id="want-to"),
    case(
        "I'm going to Paris next week",
        ("Is going to Paris next week", "plan:go to paris"),
        id="going-to-place",
    ),
    case(
        "I'm planning a trip to Japan in April",
        ("Is planning a trip to Japan in April", "plan:go to japan"),
        id="planning-trip",
    ),
    # pets
    case("I have a dog named Rex", ("Has a dog named Rex", "pet:dog:rex"), id="dog-named"),
    case("I've got a cat", ("Has a cat", "pet:cat"), id="cat"),
    case(
        "I have a golden retriever named Max",
        ("Has a golden retriever named Max", "pet:dog:max"),
        id="breed",
    ),
    case(
        "We just got a puppy named Biscuit",
        ("Has a puppy named Biscuit", "pet:dog:biscuit"),
        id="puppy",
    ),
    case("My cat's name is Mochi", ("Has a cat named Mochi", "pet:cat:mochi"), id="cat-name"),
    case(
        "We have two cats named Tom and Jerry",
        ("Has two cats named Tom and Jerry", "pet:cat:count"),
        id="two-cats-named",
    ),
    # health
    case(
        "I'm allergic to peanuts and shellfish",
        ("Is allergic to peanuts", "allergy:peanut"),
        ("Is allergic to shellfish", "allergy:shellfish"),
        id="allergies",
    ),
    case("I have a peanut allergy", ("Has a peanut allergy", "allergy:peanut"), id="allergy-noun"),
    case("I have asthma", ("Has asthma", "condition:asthma"), id="condition"),
    case(
        "I have high blood pressure",
        ("Has high blood pressure", "condition:high blood pressure"),
        id="condition-suffix",
    ),
    case(
        "I was diagnosed with ADHD", ("Was diagnosed with ADHD", "condition:adhd"), id="diagnosed"
    ),
    case("I take insulin", ("Takes insulin", "medication:insulin"), id="medication"),
    case("I'm diabetic", ("Is diabetic", "condition:diabetic"), id="diabetic"),
    # schedules
    case(
        "I go to the gym on Mondays",
        ("Goes to the gym on Mondays", "schedule:go gym"),
        id="gym-mondays",
    ),
    case(
        "Every Monday I play tennis",
        ("Plays tennis every monday", "schedule:play tennis"),
        id="fronted-time",
    ),
    case("I usually wake up at 7 am", ("Wakes up at 7 am", "schedule:wake up"), id="wake-up"),
    case(
        "I have a dentist appointment tomorrow at 3pm",
        ("Has a dentist appointment tomorrow at 3pm", "event:dentist appointment"),
        id="appointment",
    ),
    case("My work starts at 9am", ("Work starts at 9am", "schedule:work"), id="work-starts"),
    # languages, hobbies, misc
    case(
        "I speak English and Spanish",
        ("Speaks English", "language:english"),
        ("Speaks Spanish", "language:spanish"),
        id="languages",
    ),
    case("I speak a little French", ("Speaks a little French", "language:french"), id="a-little"),
    case("I'm learning Japanese", ("Is learning Japanese", "learning:japanese"), id="learning"),
    case("I play the guitar", ("Plays the guitar", "hobby:guitar"), id="play-instrument"),
    case("I collect stamps", ("Collects stamps", "hobby:collect stamp"), id="collect"),
    case("I go hiking", ("Goes hiking", "hobby:hiking"), id="go-hiking"),
    case(
        "My hobbies are reading and painting",
        ("Enjoys reading", "preference:reading"),
        ("Enjoys painting", "preference:painting"),
        id="hobbies-list",
    ),
    case("I drive a Tesla", ("Drives a Tesla", "vehicle"), id="vehicle"),
    case("My email is bob@example.com", ("Email is bob@example.com", "contact:email"), id="email"),
    case("I'm a night owl", ("Is a night owl", "personality:night owl"), id="personality"),
    # changes of circumstance
    case("I've moved from Denver to Austin", ("Lives in Austin", "residence"), id="moved-from-to"),
    case("I went vegan last year", ("Is vegan", "diet"), id="went-vegan"),
    case("I got married", ("Is married", "relationship"), id="got-married"),
    case("My new job is at Google", ("Works at Google", "employer"), id="new-job-is-at"),
    case(
        "I changed jobs, I'm now a data scientist",
        ("Works as a data scientist", "job"),
        id="changed-jobs",
    ),
    case("I prefer to be called Al", ("Goes by Al", "nickname"), id="prefer-called"),
    case(
        "Next month I'm flying to Tokyo",
        ("Is going to Tokyo next month", "plan:go to tokyo"),
        id="fronted-plan-time",
    ),
    case(
        "I have diabetes and high cholesterol",
        ("Has diabetes", "condition:diabetes"),
        ("Has high cholesterol", "condition:high cholesterol"),
        id="conditions-list",
    ),
    # more of everyday chat
    case(
        "Can you remind me that I have a meeting at 3pm?",
        ("Has a meeting at 3pm", "event:meeting"),
        id="remind-me-question",
    ),
    case(
        "Note that I'm allergic to penicillin",
        ("Is allergic to penicillin", "allergy:penicillin"),
        id="note-that",
    ),
    case(
        "Remember that my wife's birthday is on May 3rd",
        ("Wife's birthday is May 3rd", "family:wife:birthday"),
        id="relative-attribute",
    ),
    case("I'm a huge Lakers fan", ("Is a fan of Lakers", "preference:laker"), id="team-fan"),
    case("I'm 6 feet tall", ("Is 6 feet tall", "height"), id="height"),
    case("I'm a Libra", ("Is a Libra", "zodiac_sign"), id="zodiac"),
    case("I'm looking for a job", ("Is looking for a job", "goal:find job"), id="looking-for"),
    case(
        "I work with Python and Go",
        ("Uses Python", "tool:python"),
        ("Uses Go", "tool:go"),
        id="tools-capitalised-list",
    ),
    case(
        "I like hiking and go running on Sundays",
        ("Likes hiking", "preference:hiking"),
        ("Goes running on Sundays", "schedule:go running"),
        id="elided-verb",
    ),
    case(
        "My son Jake plays soccer",
        ("Son Jake plays soccer", "family:son:jake:hobby:soccer"),
        id="relative-hobby",
    ),
    # paraphrases
    case("I'm employed as a teacher", ("Works as a teacher", "job"), id="employed-as"),
    case("I do marketing for a living", ("Works in marketing", "work_field"), id="for-a-living"),
    case("I'm the CEO of a startup", ("Is the CEO of a startup", "job"), id="the-ceo-of"),
    case("I run a small bakery", ("Owns a small bakery", "business"), id="run-a-business"),
    case(
        "I'm a 34-year-old teacher from Denver",
        ("Is 34 years old", "age"),
        ("Works as a teacher", "job"),
        ("Is from Denver", "origin"),
        id="aged-noun",
    ),
    case(
        "My parents live in Florida",
        ("Parents live in Florida", "family:parents:residence"),
        id="plural-relative",
    ),
    case("My birthday's in October", ("Birthday is in October", "birthday"), id="noun-s-is"),
    case("I'm turning 30 next month", ("Is turning 30 next month", "age"), id="turning"),
    case("I can't live without coffee", ("Loves coffee", "preference:coffee"), id="live-without"),
    case("I'm a dog owner", ("Has a dog", "pet:dog"), id="pet-owner"),
    case("I walk to work", ("Walks to work", "commute"), id="commute"),
    case("I'm usually up at 5am", ("Is up at 5am", "schedule:up"), id="up-at"),
    case(
        "I'm bilingual in English and French",
        ("Speaks English", "language:english"),
        ("Speaks French", "language:french"),
        id="bilingual",
    ),
    case("I speak three languages", ("Speaks three languages", "language:count"), id="languages-n"),
    case(
        "I LIVE IN BERLIN AND I LOVE SUSHI!!!",
        ("Lives in Berlin", "residence"),
        ("Loves sushi", "preference:sushi"),
        id="shouting",
    ),
    case("My pronouns are they/them", ("Pronouns are they/them", "pronouns"), id="attribute-are"),
    case(
        "I have a master's degree in physics",
        ("Has a master's degree in physics", "degree:physics"),
        id="degree",
    ),
    case(
        "My brother lives in London",
        ("Brother lives in London", "family:brother:residence"),
        id="brother-lives",
    ),
    case(
        "My son is allergic to peanuts",
        ("Son is allergic to peanuts", "family:son:allergy:peanut"),
        id="relative-allergy",
    ),
    case("I live alone", ("Lives alone", "household"), id="household"),
    # telegraphic notes and stored texts read back
    case("Lives in Berlin", ("Lives in Berlin", "residence"), id="stored-text"),
    case("Has a dog named Rex", ("Has a dog named Rex", "pet:dog:rex"), id="stored-pet"),
]


@pytest.mark.parametrize(("text", "expected"), FACT_TABLE)
def test_phrase_gives_facts(text: str, expected: list[tuple[str, str]]) -> None:
    assert facts(text) == expected


NOTHING = [
    "Where do I live?",
    "What's my name",
    "Do you like sushi?",
    "Is it going to rain tomorrow",
    "Hello!",
    "Hi there",
    "Thanks, that's helpful",
    "Good morning",
    "ok",
    "How are you?",
    "Can you help me plan a trip?",
    "Tell me a joke",
    "I'm tired",
    "I'm fine, thanks",
    "I'm here",
    "I'm sorry to hear that",
    "I think so",
    "I don't know",
    "I have a question",
    "I have to go",
    "I love you",
    "I like it",
    "I hate when that happens",
    "I'll be right back",
    "I will let you know",
    "I want to know more about that",
    "I'm trying to figure out this bug",
    "I'm going to bed",
    "It is cold today",
    "He lives in Paris",
    "The capital of France is Paris",
    "My kids are 5 and 8",
    "I like your answer",
    "I will call you later",
    "I'm going to the store",
    "I have a headache",
    "I need a recipe for dinner",
    "I want you to write a poem",
    "I think I'm getting sick",
    "I can't find my keys",
    "I love this song!",
    "I'm on my way",
    "I went to the store yesterday",
    "I used to live in London",
    "Ich wohne in Berlin",
    "私は東京に住んでいます",
    "🙂🙂🙂",
    "",
    "   ",
]


@pytest.mark.parametrize("text", NOTHING)
def test_questions_greetings_and_small_talk_yield_nothing(text: str) -> None:
    assert extract(text) == []


RETRACTION_TABLE = [
    ("I don't live in Berlin anymore", ("residence",), "berlin", False),
    ("I no longer work at Acme", ("employer",), "acme", False),
    ("I'm not vegetarian anymore", ("diet",), "vegetarian", False),
    ("forget that I like sushi", ("preference:sushi",), "sushi", False),
    ("please forget my address", ("residence",), None, False),
    ("I don't have a dog anymore", ("pet:dog",), "dog", False),
    ("I no longer have a cat", ("pet:cat",), "cat", False),
    ("I don't have pets anymore", ("pet",), "pet", False),
    ("I quit my job", ("job", "employer"), None, False),
    ("I got laid off", ("job", "employer"), None, False),
    ("I moved out of Berlin", ("residence", "employer", "school"), "berlin", False),
    ("My dog Rex died", ("pet:dog",), "rex", False),
    ("My cat Luna passed away", ("pet:cat",), "luna", False),
    ("My parrot Kiwi died last week", ("pet:parrot",), "kiwi", False),
    ("Forget my dog", ("pet:dog",), None, False),
    ("Forget everything", (), None, False),
    ("Please delete my phone number", ("contact:phone",), None, False),
    ("I'm not going to Japan anymore", ("plan:go to japan",), "japan", False),
    ("My mom doesn't live in Ohio anymore", ("family:mother:residence",), "ohio", False),
    ("I stopped being vegetarian", ("diet",), "vegetarian", False),
    ("I gave my dog away", ("pet:dog",), None, False),
    ("I'm not working anymore", ("job", "employer"), None, False),
    ("Never mind", (), None, True),
    ("Scratch that", (), None, True),
]


@pytest.mark.parametrize(
    ("text", "subjects", "value", "last"),
    RETRACTION_TABLE,
    ids=[row[0] for row in RETRACTION_TABLE],
)
def test_phrase_gives_retraction(
    text: str, subjects: tuple[str, ...], value: str | None, last: bool
) -> None:
    assert retractions(text) == [(subjects, value, last)]
    assert facts(text) == []


def test_retraction_of_a_like_names_its_stance() -> None:
    (retraction,) = extract("I don't like sushi anymore")
    assert retraction == Retraction(("preference:sushi",), "sushi", "+")


def test_retraction_then_new_fact_keep_their_order() -> None:
    statements = extract("I quit my job, I work at a bakery now.")
    assert statements[0] == Retraction(("job", "employer"))
    assert [(s.text, s.subject) for s in statements[1:] if isinstance(s, Fact)] == [
        ("Works at a bakery", "employer")
    ]


def test_scratch_that_retracts_then_states() -> None:
    statements = extract("Scratch that, I live in Munich")
    assert statements[0] == Retraction((), last=True)
    assert facts("Scratch that, I live in Munich") == [("Lives in Munich", "residence")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I got divorced", ("Is divorced", "relationship")),
        ("I broke up with my girlfriend", ("Is single", "relationship")),
        ("My girlfriend and I broke up", ("Is single", "relationship")),
    ],
    ids=["divorced", "broke-up-with", "we-broke-up"],
)
def test_breakup_retracts_partner_and_states_status(text: str, expected: tuple[str, str]) -> None:
    assert retractions(text) == [(("partner",), None, False)]
    assert facts(text) == [expected]


def test_a_negated_like_is_a_dislike_of_the_same_subject() -> None:
    (like,) = extract("I like sushi")
    (dislike,) = extract("I don't like sushi")
    assert isinstance(like, Fact) and isinstance(dislike, Fact)
    assert (like.subject, like.stance) == ("preference:sushi", "+")
    assert (dislike.text, dislike.subject, dislike.stance) == ("Dislikes sushi", like.subject, "-")


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Likes sushi", "+"),
        ("Is a big fan of jazz", "+"),
        ("Hates sushi", "-"),
        ("Dislikes olives", "-"),
        ("Lives in Berlin", None),
    ],
    ids=["likes", "fan", "hates", "dislikes", "neutral"],
)
def test_stance_of_stored_text(text: str, stance: str | None) -> None:
    assert stance_of(text) == stance


def test_named_pet_refines_the_unnamed_one() -> None:
    (named,) = extract("I have a cat named Luna")
    assert isinstance(named, Fact)
    assert named.updates == ("pet:cat",)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("I'm vegetarian", "food"),
        ("I like sushi", "food"),
        ("I live in Berlin", "location"),
        ("I'm allergic to peanuts", "health"),
        ("I play tennis", "sport"),
        ("I have a dog named Rex", "pet"),
        ("I work as a teacher", "work"),
        ("My daughter Emma is 7", "family"),
    ],
    ids=["diet", "food-like", "residence", "allergy", "sport", "pet", "work", "family"],
)
def test_facts_carry_topic_words(text: str, topic: str) -> None:
    (fact,) = extract(text)
    assert isinstance(fact, Fact)
    assert topic in fact.topics


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("food preferences", {"food", "preference"}),
        ("health and hobbies", {"health", "hobby"}),
        ("Greetings!", {"greeting"}),
        ("the user's pets", {"pet"}),
        ("", set()),
    ],
    ids=["plural", "conjunction", "punctuation", "stopwords", "empty"],
)
def test_topic_words_stem_and_drop_stopwords(text: str, words: set[str]) -> None:
    assert topic_words(text) == words


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("allergies", "allergy"),
        ("dishes", "dish"),
        ("cats", "cat"),
        ("address", "address"),
        ("favorite", "favourite"),
        ("bus", "bus"),
        ("physics", "physics"),
        ("famous", "famous"),
    ],
)
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize(
    ("verb", "expected"),
    [
        ("live", "lives"),
        ("go", "goes"),
        ("study", "studies"),
        ("watch", "watches"),
        ("play", "plays"),
        ("have", "has"),
    ],
)
def test_third_person(verb: str, expected: str) -> None:
    assert third(verb) == expected


@pytest.mark.parametrize(("text", "expected"), FACT_TABLE)
def test_every_fact_text_reads_back_to_its_own_subject(
    text: str, expected: list[tuple[str, str]]
) -> None:
    for fact_text, subject in expected:
        assert subject_of(fact_text) == subject
        assert facts(fact_text) == [(fact_text, subject)]


def test_subject_of_unknown_text_is_none() -> None:
    assert subject_of("The sky is blue") is None


def test_cached_results_are_fresh_lists() -> None:
    first = extract("I like sushi")
    first.clear()
    assert facts("I like sushi") == [("Likes sushi", "preference:sushi")]


def test_a_message_is_read_up_to_two_hundred_clauses() -> None:
    text = " ".join(f"I like food{i}." for i in range(300))
    assert len(facts(text)) == 200


def test_an_overlong_clause_is_not_a_fact() -> None:
    assert facts("I live in " + "very " * 80 + "Berlin") == []


def test_very_long_message_is_read_up_to_the_limit() -> None:
    text = "I live in Berlin. " + "blah " * 5_000 + " I like sushi."
    assert facts(text) == [("Lives in Berlin", "residence")]


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_arbitrary_text_never_raises(text: str) -> None:
    for statement in extract(text):
        assert isinstance(statement, Fact | Retraction)


PHRASE_PIECES = [
    "I",
    "i'm",
    "my",
    "I don't",
    "like",
    "live in",
    "Berlin",
    "a dog named",
    "Rex",
    "and",
    ",",
    "anymore",
    "forget",
    "that",
    "the",
    "?",
    ".",
    "!",
    "every Monday",
    "at 7am",
    "not",
    "have",
    "am",
    "work",
    "as a",
    "nurse",
    "😀",
    "\x00",
    "\n",
    "named",
    "'s name is",
    "called",
    "my mom",
]


@given(st.lists(st.sampled_from(PHRASE_PIECES), max_size=20).map(" ".join))
@settings(max_examples=400, deadline=None)
def test_phrase_like_noise_never_raises_and_gives_short_facts(text: str) -> None:
    for statement in extract(text):
        if isinstance(statement, Fact):
            assert statement.text and statement.text[0].isupper()
            assert statement.subject
            assert len(statement.text) <= len(text) + 40


DOC = Path(__file__).resolve().parents[3] / "docs" / "EXTRACTION.md"
DOC_ROW = re.compile(r"^\| [\w ]+ \| `([^`]+)` \| (.+?) \| (.+?) \|$", re.MULTILINE)


def documented_examples() -> list[object]:
    rows = DOC_ROW.findall(DOC.read_text(encoding="utf-8"))
    return [
        pytest.param(
            message,
            list(
                zip(
                    re.findall(r"`([^`]+)`", texts), re.findall(r"`([^`]+)`", subjects), strict=True
                )
            ),
            id=message,
        )
        for message, texts, subjects in rows
    ]


@pytest.mark.parametrize(("text", "expected"), documented_examples())
def test_documented_examples(text: str, expected: list[tuple[str, str]]) -> None:
    assert facts(text) == expected


def test_the_documentation_has_examples() -> None:
    assert len(documented_examples()) >= 40


@given(st.lists(st.sampled_from(PHRASE_PIECES), min_size=500, max_size=2500).map("".join))
@settings(max_examples=20, deadline=None)
def test_long_phrase_like_noise_never_raises(text: str) -> None:
    assert all(isinstance(s, Fact | Retraction) for s in extract(text))


def test_every_rule_of_the_table_compiles() -> None:
    # Rules compile on first use, so a bad pattern would otherwise wait for a clause to reach it.
    from mockserver.memory.extract.rules import table

    assert table.compile_all() > 100  # about 150: far fewer means a family stopped registering
