"""Realistic conversations: introductions, then changed facts, then retractions.

An LLM-backed Mem0 (and the mock's extractor) turns these into ADD, then UPDATE, then DELETE events,
so rules 2 and 3 are exercised rather than observed vacuously. A `Persona` is derived from the seed
and the scope's user; a `Beat` is one kind of thing a user says; `say()` words a beat for what the
user has said so far in that scope (you can only leave the city you live in).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from enum import Enum

NAMES = ("Sam", "Priya", "Jonas", "Mei", "Tomás", "Amara", "Lena", "Kofi", "Yuki", "Ravi")
CITIES = ("Denver", "Austin", "Lisbon", "Osaka", "Nairobi", "Toronto", "Krakow", "Porto", "Leeds")
JOBS = ("teacher", "nurse", "software engineer", "carpenter", "pharmacist", "journalist")
WORKPLACES = ("bakery", "hospital", "bookshop", "bike repair shop", "law firm", "flower market")
PETS = (("cat", "Luna"), ("dog", "Rex"), ("rabbit", "Clover"), ("parrot", "Kiwi"))
FOODS = ("sushi", "ramen", "tacos", "dumplings", "falafel", "paella")


class Beat(Enum):
    INTRODUCE = "introduce"
    MOVE = "move"
    CHANGE_JOB = "change job"
    LEAVE_CITY = "leave city"
    GET_PET = "get pet"
    LOSE_PET = "lose pet"
    GO_VEGETARIAN = "go vegetarian"
    STOP_VEGETARIAN = "stop vegetarian"
    LIKE_FOOD = "like food"
    FORGET_FOOD = "forget food"


# The facts a user states first, and the changes and retractions that later revise them.
FACTS: tuple[Beat, ...] = (Beat.INTRODUCE, Beat.GET_PET, Beat.GO_VEGETARIAN, Beat.LIKE_FOOD)
CHANGES: tuple[Beat, ...] = (
    Beat.MOVE,
    Beat.CHANGE_JOB,
    Beat.LEAVE_CITY,
    Beat.LOSE_PET,
    Beat.STOP_VEGETARIAN,
    Beat.FORGET_FOOD,
)

# How one user's story unfolds: each fact is soon followed by its change or retraction, so even a
# short conversation makes an extracting server UPDATE and DELETE.
STORY: tuple[Beat, ...] = (
    Beat.INTRODUCE,
    Beat.MOVE,
    Beat.GET_PET,
    Beat.CHANGE_JOB,
    Beat.GO_VEGETARIAN,
    Beat.LEAVE_CITY,
    Beat.LIKE_FOOD,
    Beat.LOSE_PET,
    Beat.STOP_VEGETARIAN,
    Beat.FORGET_FOOD,
)


@dataclass(frozen=True)
class Persona:
    name: str
    home: str
    next_cities: tuple[str, ...]
    job: str
    workplace: str
    pet: tuple[str, str]
    food: str


def persona_for(seed: int, user: int) -> Persona:
    """The same persona for the same seed and user, whatever else the run does."""
    pick = random.Random(f"persona:{seed}:{user}")
    cities = pick.sample(CITIES, 4)
    return Persona(
        name=pick.choice(NAMES),
        home=cities[0],
        next_cities=tuple(cities[1:]),
        job=pick.choice(JOBS),
        workplace=pick.choice(WORKPLACES),
        pet=pick.choice(PETS),
        food=pick.choice(FOODS),
    )


@dataclass
class Told:
    """What the user has said in one scope so far (which city is current, how many moves)."""

    city: str | None = None
    moves: int = 0
    has_pet: bool = False
    beats: list[Beat] = field(default_factory=list)


def say(persona: Persona, beat: Beat, told: Told) -> list[dict[str, str]]:
    """The messages of one turn for `beat`, updating `told`."""
    told.beats.append(beat)
    kind, pet_name = persona.pet
    if beat is Beat.INTRODUCE:
        told.city = persona.home
        user = f"Hi, I'm {persona.name}. I live in {persona.home} and I work as a {persona.job}."
        reply = f"Nice to meet you, {persona.name}! I'll remember that."
    elif beat is Beat.MOVE:
        told.city = persona.next_cities[told.moves % len(persona.next_cities)]
        told.moves += 1
        user, reply = f"I just moved to {told.city}.", f"Welcome to {told.city}!"
    elif beat is Beat.CHANGE_JOB:
        user = f"I quit my job, I work at a {persona.workplace} now."
        reply = "That sounds like a good change."
    elif beat is Beat.LEAVE_CITY:
        city = told.city or persona.home
        told.city = None
        user, reply = f"I don't live in {city} anymore.", "Noted, thanks for letting me know."
    elif beat is Beat.GET_PET:
        told.has_pet = True
        user, reply = f"I have a {kind} named {pet_name}.", f"{pet_name} is a lovely name!"
    elif beat is Beat.LOSE_PET:
        told.has_pet = False
        user, reply = f"I no longer have a {kind}.", "I'm sorry to hear that."
    elif beat is Beat.GO_VEGETARIAN:
        user, reply = "I'm vegetarian.", "Good to know, I'll keep it in mind."
    elif beat is Beat.STOP_VEGETARIAN:
        user, reply = "I'm not vegetarian anymore.", "Understood."
    elif beat is Beat.LIKE_FOOD:
        user, reply = f"I like {persona.food}.", f"{persona.food.capitalize()} is great."
    else:
        user, reply = f"Forget that I like {persona.food}.", "Done, I've forgotten that."
    return [{"role": "user", "content": user}, {"role": "assistant", "content": reply}]


# Verbatim notes (infer: false), some non-ASCII, so storage is checked byte for byte.
NOTES = (
    "Book the 9:40 train to Porto on Friday.",
    "Remind me to water the plants every Sunday.",
    "Meeting with Zoë about the café menu — 14:30.",
    "Passport number ends in 4471; renew before March.",
    "Grocery list: oat milk, basil, 2 lemons.",
    "Geburtstag von Jürgen am 3. Mai 🎂",
    "東京のホテルは新宿駅の近く。",
)


def note(index: int, counter: int) -> str:
    """A distinct verbatim note (the counter keeps notes of one run apart)."""
    return f"{NOTES[index % len(NOTES)]} (#{counter})"
