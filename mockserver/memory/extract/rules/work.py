"""Rules for work and study: job, employer, field, business, school, degree, courses."""

from __future__ import annotations

from mockserver.memory.extract.rules.table import has_word_in, phrase, starts_lower, starts_upper
from mockserver.memory.extract.vocabulary import LANGUAGES, word_set

# -- work and study -----------------------------------------------------------------------------
phrase("i (?:work|am working|am employed|make a living) as {x}", "Works as {x}", "job", "work")
phrase("i do {x} for a living", "Works in {x}", "work_field", "work")
phrase(
    "i am the (?P<x>(?:ceo|cto|cfo|coo|founder|co-founder|owner|head|director|president|manager|"
    "lead|chair|principal|editor)(?: of \\w+)?) (?:of|at) {org}",
    "Is the {x} of {org}",
    "job",
    "work",
)
phrase(
    "i (?:work|am working) (?:at|for) {org}(?: as (?P<role>.+))?",
    "Works at {org}",
    "employer",
    "work",
)
phrase("i am (?:employed|hired) (?:at|by) {org}", "Works at {org}", "employer", "work")
phrase(
    "i (?:started|got|landed|accepted|took|have) (?:a |my )?(?:new )?(?:job|position|role) "
    "(?:at|with) {org}",
    "Works at {org}",
    "employer",
    "work",
)
phrase(
    "i (?:started|got|landed|accepted|took|have) (?:a |my )?(?:new )?(?:job|position|role) as {x}",
    "Works as {x}",
    "job",
    "work",
)
phrase(
    "i (?:started|began) (?:working|work) (?:at|for) {org}", "Works at {org}", "employer", "work"
)
phrase(
    "i joined (?P<x>(?:a |the )?(?:[\\w'-]+ ){0,3}(?:gym|club|team|choir|band|league|group|class))",
    "Joined {x}",
    "hobby:{x}",
    "hobby",
)
phrase("i joined {org}", "Works at {org}", "employer", "work", check=starts_upper("org"))
phrase(
    "i (?:work|am working) in {x}", "Works in {x}", "work_field", "work", check=starts_lower("x")
)
phrase("i (?:work|am working) in {place}", "Works in {place}", "work_location", "work", "residence")
phrase(
    "i work (?P<state>from home|remotely|remote|part-time|part time|full-time|full time|nights|"
    "night shifts|weekends|shifts|two jobs|hybrid)",
    "Works {state}",
    "work_mode",
    "work",
)
phrase(
    "i am (?:a|an) (?P<x>(?:[\\w-]+ ){0,3}student(?: (?:at|in) .+)?)",
    "Is a {x}",
    "education",
    "education",
)
phrase(
    "i am (?P<state>a grad student|a graduate student|in college|in high school|at university)",
    "Is {state}",
    "education",
    "education",
)
phrase(
    "i am (?P<state>retired|unemployed|self-employed|freelancing|jobless|between jobs|"
    "a stay-at-home (?:mom|mum|dad|parent)|a homemaker|a housewife|a househusband)",
    "Is {state}",
    "job",
    "work",
)
phrase("my (?:new )?job is (?:at|with) {org}", "Works at {org}", "employer", "work")
phrase("my (?:job|occupation|profession|job title|title) is {x}", "Job is {x}", "job", "work")
phrase("i (?:was|got|have been) promoted to {x}", "Was promoted to {x}", "job", "work")
phrase(
    "i (?:own|run|started|founded|have) (?P<x>(?:a|an|my own) (?:[\\w'-]+ ){0,3}(?:business|"
    "company|startup|shop|store|restaurant|bakery|cafe|agency|firm|practice|clinic|studio|salon))",
    "Owns {x}",
    "business",
    "work",
)
phrase("i (?:teach|lecture) {x}", "Teaches {x}", "job", "work", "education")
phrase("i (?:manage|lead) {x}", "Manages {x}", "job_scope", "work")
phrase(
    "i (?:study|am studying|major in|am majoring in|am doing a (?:degree|phd|masters|master's|"
    "bachelor's|bachelors) in) {x}",
    "Studies {x}",
    "study",
    "education",
    check=lambda v: not has_word_in(LANGUAGES, "x")(v) or len(v["x"].split()) > 2,
)
phrase(
    "i (?:go to|attend|am at|study at|am enrolled at|am enrolled in) {school}",
    "Attends {school}",
    "school",
    "education",
    check=has_word_in(
        word_set("university college school academy institute uni polytechnic"), "school"
    ),
)
phrase(
    "i (?:graduated|have graduated) from {school}",
    "Graduated from {school}",
    "graduated:{school}",
    "education",
)
phrase(
    "i have (?P<deg>(?:a|an) (?:[\\w']+ )?(?:degree|phd|masters|master's|bachelor's|bachelors|"
    "diploma|mba|doctorate)) in {x}",
    "Has {deg} in {x}",
    "degree:{x}",
    "education",
)
phrase(
    "i am (?:learning|studying|taking lessons in|taking classes in) {x}",
    "Is learning {x}",
    "learning:{x}",
    "education",
    "hobby",
    each="x",
)
phrase(
    "i am (?:taking|doing|attending) (?P<x>(?:a |an )?.+ (?:class|classes|course|lessons|program))",
    "Is taking {x}",
    "learning:{x}",
    "education",
)
