"""One clean clause -> its statements: retraction forms first, then a relative's facts, negation,
and the rule table.
"""

from __future__ import annotations

import re
from dataclasses import replace

from mockserver.memory.extract.clauses import ANYMORE, clean_clause, strip_trailing
from mockserver.memory.extract.grammar import base_verb, capitalise
from mockserver.memory.extract.negation import NEGATION, negated
from mockserver.memory.extract.retractions import LAST, life_event_retraction, retract_facts
from mockserver.memory.extract.rules.table import alternatives, rule_facts
from mockserver.memory.extract.statements import Fact, Retraction, Statement
from mockserver.memory.extract.topics import TOPIC_GROUPS, subject_key
from mockserver.memory.extract.values import ARTICLE
from mockserver.memory.extract.vocabulary import PARTNERS, PETS, RELATIVES, word_set

_PLURAL_RELATIVES = word_set(
    "parents kids children sons daughters brothers sisters siblings grandparents cousins twins"
)
_PLURAL_VERBS = {"is": "are", "has": "have", "was": "were", "does": "do"}
_RELATIVE = re.compile(
    f"my (?P<rel>{alternatives(RELATIVES)})(?: (?-i:(?P<rname>[A-Z][\\w'-]*)))?"
    r" (?P<v>[a-z']+)(?P<x> .+)",
    re.IGNORECASE,
)


def _relative_statements(m: re.Match[str]) -> list[Statement]:
    """ "My mom lives in Ohio": the clause read as the user's own, then moved to the relative."""
    rel_word = m.group("rel").casefold()
    rname = m.group("rname")
    verb = m.group("v").casefold()
    if verb in ("name", "is") and m.group("x").strip().split(" ")[0].casefold() in (
        "called",
        "named",
    ):
        return []
    statements = clause_statements(f"i {base_verb(verb)}{m.group('x')}", depth=1)
    if rel_word in PETS:
        prefix, group = f"pet:{PETS[rel_word]}", "pet"
    else:
        prefix, group = f"family:{RELATIVES[rel_word]}", "family"
    if rname:
        prefix += f":{subject_key(rname)}"
    label = capitalise(rel_word) + (f" {rname}" if rname else "")
    out: list[Statement] = []
    for s in statements:
        if isinstance(s, Retraction):
            if s.subjects:
                out.append(replace(s, subjects=tuple(f"{prefix}:{x}" for x in s.subjects)))
        elif s.subject == "name":
            continue  # "my wife is Anna" is a naming: rules/relatives.py
        else:
            verb, _, rest = s.text.partition(" ")
            if rel_word in _PLURAL_RELATIVES:  # "Parents live in Florida"
                verb = _PLURAL_VERBS.get(verb.casefold()) or base_verb(verb.casefold())
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


def clause_statements(clause: str, depth: int = 0) -> list[Statement]:
    """The facts and retractions of one clean clause (depth 1: a relative's own clause)."""
    if LAST.fullmatch(clause):
        return [Retraction((), last=True)]
    anymore = ANYMORE.search(clause)
    clause = strip_trailing(clause if anymore is None else clause[: anymore.start()])
    if not clause:
        return []
    forget = _FORGET.fullmatch(clause)
    if forget is not None:
        return _forget(forget.group("x"))
    special = life_event_retraction(clause)
    if special is not None:
        return special
    if depth == 0:
        m = _RELATIVE.fullmatch(clause)
        if m is not None and m.group("rel").casefold() not in ("best friend",):
            relative = _relative_statements(m)
            if relative:
                return relative
    m = NEGATION.fullmatch(clause)
    if m is not None:
        return negated(m.group("neg").casefold(), m.group("x"), anymore is not None)
    return list(rule_facts(clause))


def _forget(target: str) -> list[Statement]:
    """What "forget <target>" retracts: the last memory, all, a subject, or matching words."""
    target = target.strip()
    folded = target.casefold()
    if LAST.fullmatch("forget " + folded) or folded in ("it", "that", "this"):
        return [Retraction((), last=True)]
    if _EVERYTHING.fullmatch(folded):
        return [Retraction(())]
    if folded.startswith("i "):  # "forget that I live in Berlin"
        said = clause_statements(clean_clause(target))
        retractions: list[Statement] = [s for s in said if isinstance(s, Retraction)]
        return retractions or retract_facts(f for f in said if isinstance(f, Fact))
    noun = ARTICLE.sub("", folded)
    if noun in _FORGET_NOUNS:
        return [Retraction(_FORGET_NOUNS[noun])]
    first, _, name = noun.partition(" ")
    if first in PETS:
        return [Retraction((f"pet:{PETS[first]}",), subject_key(name) if name else None)]
    if first in PARTNERS:
        return [Retraction(("partner",))]
    value = subject_key(noun)
    return [Retraction((), value)] if value else []
