"""Rules for the user's relationship and family role: married, engaged, expecting, a parent."""

from __future__ import annotations

from mockserver.memory.extract.rules.table import phrase, starts_upper

# -- family -------------------------------------------------------------------------------------
phrase(
    "i am (?P<state>married|single|divorced|engaged|widowed|separated|in a relationship|"
    "dating someone|seeing someone|taken|newly married|recently married|happily married)",
    "Is {state}",
    "relationship",
    "partner",
)
phrase("i am (?P<state>married|engaged) to {name}", "Is {state} to {name}", "partner", "partner")
phrase("i (?:just )?got (?P<state>married|engaged)", "Is {state}", "relationship", "partner")
phrase(
    "i am (?:expecting|having) (?P<x>a baby|a child|twins|a boy|a girl|our first child)"
    "(?P<when>(?: .+)?)",
    "Is expecting {x} {when}",
    "family_role:expecting",
    "family",
    "plan",
)
phrase(
    "i am (?:dating|seeing|with) {name}",
    "Is dating {name}",
    "partner",
    "partner",
    check=starts_upper("name"),
)
phrase(
    "i am (?:a |an )?(?:new |first-time |proud |single |busy )?(?P<rel>mom|mum|mother|dad|father|"
    "parent|grandmother|grandfather|grandparent|grandma|grandpa) (?:of|to) (?P<x>.+)",
    "Is a {rel} of {x}",
    "child:count",
    "family",
)
phrase(
    "i am (?:a |an )?(?:new |first-time |proud |single |busy )?(?P<rel>mom|mum|mother|dad|father|"
    "parent|grandmother|grandfather|grandparent|grandma|grandpa|stepmom|stepdad|aunt|uncle)",
    "Is a {rel}",
    "family_role:{rel}",
    "family",
)
