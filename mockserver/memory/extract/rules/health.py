"""Rules for diet and health: diets, intolerances, allergies, conditions, medication, habits."""

from __future__ import annotations

import re

from mockserver.memory.extract.rules.table import alternatives, has_word_in, phrase
from mockserver.memory.extract.vocabulary import DIETS, HEALTH_STATES, MEDICATION_WORDS

# -- diet and food ------------------------------------------------------------------------------
phrase(
    f"i am (?:a |an )?(?:strict )?(?P<state>{alternatives(DIETS)})", "Is {state}", "diet", "diet"
)
phrase(
    f"i (?:became|turned|went|have become|have gone|switched to being) (?:a |an )?"
    f"(?P<state>{alternatives(DIETS)})",
    "Is {state}",
    "diet",
    "diet",
)
phrase("i am on (?:a |an |the )?(?P<x>[\\w -]+?) diet", "Is on a {x} diet", "diet", "diet")
phrase(
    "i (?:follow|eat|keep|have) (?:a |an )?(?P<x>[\\w -]+?) diet",
    "Follows a {x} diet",
    "diet",
    "diet",
)
phrase(f"i eat (?P<state>{alternatives(DIETS)})(?: food)?", "Eats {state}", "diet", "diet")
phrase(
    "i am (?P<x>lactose|gluten|fructose|histamine|dairy|wheat|caffeine|alcohol) intolerant",
    "Is {x} intolerant",
    "intolerance:{x}",
    "diet",
    "health",
)
phrase(
    "i (?:avoid|can not eat|can not have|can not tolerate|am avoiding|try to avoid|stay away from)"
    " {x}",
    "Avoids {x}",
    "avoid:{x}",
    "diet",
    each="x",
)

# -- health -------------------------------------------------------------------------------------
phrase("i am allergic to {x}", "Is allergic to {x}", "allergy:{x}", "allergy", each="x")
phrase(
    "i (?:was|have been|got|am) diagnosed with {x}",
    "Was diagnosed with {x}",
    "condition:{x}",
    "health",
)
phrase("i (?:suffer|am suffering) from {x}", "Suffers from {x}", "condition:{x}", "health")
phrase("i am (?:recovering|healing) from {x}", "Is recovering from {x}", "condition:{x}", "health")
phrase(
    f"i am (?P<state>{alternatives(HEALTH_STATES)})", "Is {state}", "condition:{state}", "health"
)
phrase("i am a (?P<x>type [12] diabetic)", "Is a {x}", "condition:diabetic", "health")
phrase(
    "i (?:take|am taking|am on|use) {x}",
    "Takes {x}",
    "medication:{x}",
    "medication",
    check=lambda v: has_word_in(MEDICATION_WORDS, "x")(v) or bool(re.search(r"\d ?mg\b", v["x"])),
)
phrase(
    "i wear (?P<x>glasses|contacts|contact lenses|hearing aids?|a hearing aid|braces)",
    "Wears {x}",
    "health_aid:{x}",
    "health",
)
phrase(
    "i (?:broke|sprained|injured|hurt|fractured|tore|dislocated) (?P<x>my .+)",
    "Injured {x}",
    "injury:{x}",
    "health",
)
phrase("i (?P<v>smoke|vape)(?P<x>(?: .+)?)", "{v}s{x}", "habit:smoking", "habit", "health")
phrase(
    "i (?:quit|gave up|stopped) (?P<x>smoking|vaping|drinking|alcohol|caffeine|coffee|sugar|meat|"
    "dairy|gluten|eating meat|drinking alcohol)",
    "Quit {x}",
    "habit:{x}",
    "habit",
    "health",
    "diet",
)
phrase("i am (?P<n>\\d{2,3}) ?cm(?: tall)?", "Is {n} cm tall", "height", "health")
phrase("i weigh {x}", "Weighs {x}", "weight", "health")
