"""Distinct, realistic conversations for the `distinct` workload and the extractor's corpus check.

`conversation(n)` is deterministic: conversation n is always the same 3-8 user and assistant turns
of ordinary facts (name, city, job, likes, pets, a move, some retractions), drawn from word lists
large enough that `bodies(count)` never repeats a text (it skips the rare repeat). Each body is a
synchronous `infer: true` v1 add to scope `n % 10,000`.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator

SCOPES = 10_000


def _words(text: str, separator: str | None = None) -> list[str]:
    return text.split(separator)


_FIRST = _words(
    "Alex Sam Maria Jonas Priya Chen Lena Omar Sofia Lucas Aisha Mateo Hana Noah Yuki Elena Ravi "
    "Clara Tomas Ines Felix Amara Diego Nora Kenji Leila Oscar Mila Arjun Zoe Emil Sara Marco "
    "Fatima Hugo Anya Pablo Ingrid Kofi Lucia Viktor Maya Theo Amelie Rohan Greta Ivan Nadia "
    "Samir Olga Bruno Keiko Tariq Freya Luis Daria Milan Ayla Henrik Rosa Idris Vera Jamal Elif "
    "Stefan Mei Adrian Lina Karim Tessa Malik Julia Dmitri Sana Quentin Ada Rafael Eva Youssef "
    "Iris Nikolai Zara Anton Selin Gabriel Liv Hamza Paula Boris Noor Marek Alma Ezra Nina"
)
_CITIES = _words(
    "Berlin Lisbon Porto Madrid Paris Lyon Rome Milan Vienna Prague Warsaw Krakow Oslo Bergen "
    "Stockholm Helsinki Dublin Cork London Leeds Glasgow Amsterdam Utrecht Brussels Ghent Zurich "
    "Geneva Munich Hamburg Cologne Seville Valencia Athens Budapest Zagreb Tallinn Riga Vilnius "
    "Toronto Montreal Vancouver Chicago Denver Austin Boston Seattle Portland Atlanta Phoenix "
    "Miami Dallas Houston Nairobi Lagos Accra Cairo Tunis Casablanca Mumbai Pune Delhi Bangalore "
    "Tokyo Osaka Kyoto Seoul Busan Taipei Manila Jakarta Hanoi Singapore Sydney Melbourne Perth "
    "Auckland Wellington Lima Bogota Quito Santiago Montevideo Istanbul Ankara Tbilisi Yerevan"
)
_JOBS = _words(
    "teacher|nurse|software engineer|data analyst|architect|dentist|pharmacist|electrician|"
    "plumber|chef|baker|journalist|photographer|graphic designer|accountant|lawyer|paramedic|"
    "firefighter|librarian|translator|pilot|mechanic|carpenter|physiotherapist|veterinarian|"
    "biologist|chemist|historian|economist|product manager|web developer|barista|tailor|"
    "florist|optician|surveyor|geologist|social worker|midwife|interpreter",
    "|",
)
_EMPLOYERS = _words(
    "Acme Globex Initech Umbrella Hooli Vandelay Stark Wayne Tyrell Cyberdyne Soylent Wonka "
    "Aperture Gringotts Oscorp Monarch Pied Piper Dunder Mifflin Sterling Cooper Prestige"
)
_LIKES = _words(
    "sushi|ramen|pizza|tacos|hiking|cycling|jazz|opera|chess|gardening|climbing|swimming|"
    "kayaking|knitting|pottery|baking|sci-fi novels|board games|surfing|yoga|podcasts|"
    "documentaries|photography|birdwatching|running|football|tennis|basketball|skiing|"
    "painting|poetry|crosswords|camping|fishing|karaoke|salsa dancing|tea|coffee|espresso|"
    "dark chocolate|spicy food|thai food|indian food|vinyl records|horror movies|anime|"
    "history books|jigsaw puzzles|woodworking|origami|sailing|rowing|volleyball|badminton",
    "|",
)
_PETS = _words("dog cat rabbit parrot hamster turtle goldfish horse")
_PET_NAMES = _words(
    "Rex Luna Max Bella Milo Coco Rocky Daisy Oreo Pepper Simba Nala Biscuit Ziggy Mochi Pip "
    "Olive Toby Ginger Juno Basil Pixel Waffles Maple"
)
_GREETINGS = ("Hi", "Hello", "Hey", "Hi there", "Good morning", "Hey there")
_ACKS = (
    "Nice to meet you, {name}!",
    "Great to hear from you, {name}.",
    "Thanks for telling me, {name}.",
    "Got it, I'll remember that.",
    "Noted!",
    "That sounds lovely.",
    "Good to know.",
    "How exciting!",
    "Thanks for the update.",
    "I'll keep that in mind.",
)


def _intro(rng: random.Random, who: dict[str, str]) -> str:
    name, city = who["name"], who["city"]
    forms = (
        f"{rng.choice(_GREETINGS)}, I'm {name}. I live in {city}.",
        f"{rng.choice(_GREETINGS)}! My name is {name} and I live in {city}.",
        f"I'm {name}, I live in {city}.",
        f"My name is {name}. I'm based in {city}.",
        f"{rng.choice(_GREETINGS)}, I'm {name} and I live in {city}.",
    )
    return rng.choice(forms)


def _fact(rng: random.Random, who: dict[str, str]) -> str:
    like, other = rng.sample(_LIKES, 2)
    pet, pet_name = rng.choice(_PETS), rng.choice(_PET_NAMES)
    forms = (
        f"I work as a {who['job']}.",
        f"I'm a {who['job']} at {rng.choice(_EMPLOYERS)}.",
        f"I work at {rng.choice(_EMPLOYERS)}.",
        f"I love {like}.",
        f"I really like {like} and {other}.",
        f"I enjoy {like}.",
        f"I hate {like}.",
        f"I have a {pet} named {pet_name}.",
        f"My {pet} is called {pet_name}.",
        f"I'm {rng.randint(19, 78)}.",
        f"I'm vegetarian and I love {like}.",
        f"I'm allergic to {rng.choice(('peanuts', 'shellfish', 'gluten', 'cats', 'pollen'))}.",
        f"My favourite food is {rng.choice(('sushi', 'pasta', 'curry', 'dumplings', 'paella'))}.",
        f"I speak {rng.choice(('Spanish', 'German', 'French', 'Japanese', 'Hindi', 'Swahili'))}.",
    )
    return rng.choice(forms)


def _change(rng: random.Random, who: dict[str, str]) -> str:
    """A move or a retraction: what makes reconciliation UPDATE and DELETE."""
    new_city = rng.choice(_CITIES)
    forms = (
        f"I just moved to {new_city}.",
        f"I moved from {who['city']} to {new_city} last month.",
        f"I don't live in {who['city']} anymore.",
        "Actually, scratch that.",
        f"I don't like {rng.choice(_LIKES)} anymore.",
        "I'm not a vegetarian anymore.",
        "Forget my job.",
        f"I quit my job at {rng.choice(_EMPLOYERS)}.",
        f"I no longer work as a {who['job']}.",
        f"I got a new job at {rng.choice(_EMPLOYERS)}.",
    )
    return rng.choice(forms)


def conversation(n: int) -> list[dict[str, str]]:
    """Conversation number n: 3-8 turns, user first, user and assistant alternating."""
    rng = random.Random(n)
    who = {"name": rng.choice(_FIRST), "city": rng.choice(_CITIES), "job": rng.choice(_JOBS)}
    turns = rng.randint(3, 8)
    messages = [{"role": "user", "content": _intro(rng, who)}]
    while len(messages) < turns:
        if messages[-1]["role"] == "user":
            text = rng.choice(_ACKS).format(name=who["name"])
            messages.append({"role": "assistant", "content": text})
            continue
        said = _change(rng, who) if rng.random() < 0.3 else _fact(rng, who)
        if rng.random() < 0.4:  # two statements in one turn
            said += " " + _fact(rng, who)
        messages.append({"role": "user", "content": said})
    return messages


def distinct_conversations(count: int) -> Iterator[tuple[int, list[dict[str, str]]]]:
    """(number, messages) for `count` conversations whose texts are all different."""
    seen: set[str] = set()
    n = 0
    while len(seen) < count:
        messages = conversation(n)
        key = "\x00".join(m["content"] for m in messages)
        if key not in seen:
            seen.add(key)
            yield n, messages
        n += 1


def bodies(count: int) -> Iterator[str]:
    """`count` JSON add bodies, one per distinct conversation, spread over `SCOPES` scopes."""
    for index, (_, messages) in enumerate(distinct_conversations(count)):
        user = f"distinct-user-{index % SCOPES}"
        yield json.dumps({"messages": messages, "user_id": user}, separators=(",", ":"))
