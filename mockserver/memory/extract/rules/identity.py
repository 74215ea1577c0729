"""Rules for who the user is and where they live: name, age, birthday, origin, home."""

from __future__ import annotations

from mockserver.memory.extract.rules.table import phrase, starts_upper


def _age_ok(v: dict[str, str]) -> bool:
    return 0 < int(v["n"]) <= 120


# -- names, age, birthday, origin --------------------------------------------------------------
phrase("my name is {name}", "Name is {name}", "name", "name")
phrase("my (?:full )?name is {x}", "Name is {x}", "name", "name", check=starts_upper("x"))
phrase("i am (?:called|named) {name}", "Name is {name}", "name", "name")
phrase("this is {name}(?: here)?", "Name is {name}", "name", "name", check=starts_upper("name"))
phrase("{name} here", "Name is {name}", "name", "name", check=starts_upper("name"))
phrase(
    "(?:call|please call|you can call|people call|everyone calls|friends call) me {name}",
    "Goes by {name}",
    "nickname",
    "name",
)
phrase("i go by {name}", "Goes by {name}", "nickname", "name")
phrase(
    "i (?:prefer|would like|would prefer|like) to be called {name}",
    "Goes by {name}",
    "nickname",
    "name",
)
phrase("my (?:nickname|nick name) is {name}", "Goes by {name}", "nickname", "name")
phrase("my (?:last name|surname|family name) is {name}", "Last name is {name}", "last_name", "name")
phrase("my middle name is {name}", "Middle name is {name}", "middle_name", "name")
phrase(
    "i am {n}(?: years? old| years? of age| yrs? old| y/?o| yo)?",
    "Is {n} years old",
    "age",
    "age",
    check=_age_ok,
)
phrase(
    "i am turning {n}(?: years old)?(?P<when>(?: .+)?)",
    "Is turning {n} {when}",
    "age",
    "age",
    check=_age_ok,
)
phrase(
    "i (?:turned|will turn) {n}(?: years old)?",
    "Is {n} years old",
    "age",
    "age",
    check=_age_ok,
)
phrase("my age is {n}", "Is {n} years old", "age", "age", check=_age_ok)
phrase(
    "i am in my (?P<state>(?:early |mid |late |mid-)?(?:teens|twenties|thirties|forties|fifties|"
    "sixties|seventies|eighties|nineties|[1-9]0s))",
    "Is in their {state}",
    "age",
    "age",
)
phrase(
    "my (?:birthday|bday|birth date|date of birth) is (?:on )?{date}",
    "Birthday is {date}",
    "birthday",
    "birthday",
)
phrase("i was born on {date}", "Was born on {date}", "birthday", "birthday")
phrase("i was born in (?P<year>\\d{4})", "Was born in {year}", "birth_year", "age")
phrase("i was born and raised in {place}", "Was born and raised in {place}", "hometown", "origin")
phrase("i was born in {place}", "Was born in {place}", "birthplace", "origin")
phrase("i (?:am|come) from {place}", "Is from {place}", "origin", "origin")
phrase("i grew up in {place}", "Grew up in {place}", "hometown", "origin")
phrase("my (?:hometown|home town) is {place}", "Hometown is {place}", "hometown", "origin")

# -- where they live ----------------------------------------------------------------------------
phrase(
    "i (?:live|am living|reside|am residing|am based|am located|am settled|settled) in {place}",
    "Lives in {place}",
    "residence",
    "residence",
)
phrase(
    "i (?:moved|relocated|have moved|have relocated|moved house|recently moved)"
    "(?: from .+?)? to {place}",
    "Lives in {place}",
    "residence",
    "residence",
)
phrase("my home is (?:in )?{place}", "Lives in {place}", "residence", "residence")
phrase("i live at {x}", "Lives at {x}", "residence", "residence")
phrase(
    "my (?:home |street |mailing |postal )?address is {x}",
    "Address is {x}",
    "residence",
    "residence",
)
phrase(
    "i live (?P<state>alone|by myself|on my own)", "Lives alone", "household", "residence", "family"
)
phrase("i live with {x}", "Lives with {x}", "household", "residence", "family")
phrase(
    "i am (?:moving|relocating) to {place}",
    "Plans to move to {place}",
    "plan:move {place}",
    "plan",
    "residence",
    "travel",
)
