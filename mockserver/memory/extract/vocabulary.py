"""Word lists the rules consult: relatives, pets, occupations, diets, states, languages, spellings.

Kept as data: a new word is a one-line change here, never a new rule.
"""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """The space-separated words of text, as a set."""
    return frozenset(text.split())


def _list(text: str) -> list[str]:
    return text.split()


PETS: dict[str, str] = {
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
PARTNERS = {
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
CHILDREN = {
    **dict.fromkeys(["son", "sons", "stepson", "boy", "boys"], "son"),
    **dict.fromkeys(["daughter", "daughters", "stepdaughter", "girl", "girls"], "daughter"),
    **dict.fromkeys(_list("kid kids child children baby babies toddler"), "child"),
}
SIBLINGS = {
    **dict.fromkeys(["brother", "brothers"], "brother"),
    **dict.fromkeys(["sister", "sisters"], "sister"),
    **dict.fromkeys(["sibling", "siblings", "twin"], "sibling"),
}
PARENTS = {
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
RELATIVES = {**PARTNERS, **CHILDREN, **SIBLINGS, **PARENTS}

OCCUPATIONS = word_set(
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
DIETS = word_set(
    "vegetarian vegan pescatarian pescetarian flexitarian carnivore keto paleo kosher halal "
    "gluten-free dairy-free plant-based raw-vegan fruitarian"
)
_RELATIONSHIP = word_set("married single divorced engaged widowed separated taken")
HEALTH_STATES = word_set(
    "diabetic asthmatic epileptic pregnant colorblind colourblind deaf blind anemic anaemic "
    "disabled autistic dyslexic celiac coeliac insomniac hypoglycemic"
)
_WORK_STATES = word_set("retired unemployed self-employed freelancing jobless")
_PERSONALITY = word_set(
    "introvert introverted extrovert extroverted shy outgoing morning-person night-owl "
    "early-bird left-handed right-handed"
)
RELIGIONS = word_set(
    "christian catholic protestant muslim jewish buddhist hindu sikh atheist agnostic mormon"
)
DEMONYMS = word_set(
    "american british english scottish welsh irish canadian australian german french spanish "
    "italian portuguese dutch belgian swiss austrian swedish norwegian danish finnish polish "
    "czech greek turkish russian ukrainian japanese chinese korean indian pakistani mexican "
    "brazilian argentinian chilean colombian peruvian nigerian kenyan egyptian moroccan "
    "israeli iranian vietnamese thai filipino indonesian malaysian singaporean "
    "hungarian romanian bulgarian croatian serbian icelandic ethiopian ghanaian "
    "cuban venezuelan latvian lithuanian estonian slovak slovenian"
)
LANGUAGES = word_set(
    "english spanish french german italian portuguese dutch swedish norwegian danish finnish "
    "polish czech greek turkish russian ukrainian japanese chinese mandarin cantonese korean "
    "hindi urdu bengali punjabi arabic hebrew persian farsi vietnamese thai tagalog "
    "indonesian malay swahili hungarian romanian bulgarian croatian serbian icelandic "
    "catalan basque welsh irish latin esperanto sign asl bsl tamil telugu"
)
CONDITIONS = word_set(
    "asthma diabetes arthritis migraines migraine adhd add autism anxiety depression "
    "hypertension epilepsy insomnia eczema psoriasis ibs gout lupus scoliosis tinnitus "
    "dyslexia ptsd ocd bipolar endometriosis pcos fibromyalgia "
    "hypothyroidism hyperthyroidism anemia anaemia glaucoma vertigo acne"
)
CONDITION_SUFFIXES = (
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
MEDICATION_WORDS = word_set(
    "metformin insulin ibuprofen aspirin paracetamol acetaminophen lisinopril levothyroxine "
    "atorvastatin statins sertraline prozac zoloft lexapro adderall ritalin antidepressants "
    "antihistamines melatonin vitamin vitamins supplements omeprazole amoxicillin "
    "antibiotics inhaler ventolin warfarin prednisone medication medicine meds pills "
    "tablets birth-control hrt estrogen testosterone iron magnesium omega-3 probiotics "
    "metoprolol amlodipine gabapentin xanax wellbutrin"
)
HOBBY_VERBS = word_set(
    "play practice practise collect knit paint draw bake cook garden hike surf ski swim "
    "run jog cycle bike climb dance sing write read fish sew crochet skate box meditate "
    "volunteer blog code program game camp"
)
SCHEDULE_VERBS = word_set(
    "go play have take visit attend walk run swim train work work-out exercise study "
    "meet call wake get eat drink do practice practise cook clean teach leave start finish "
    "jog cycle drive shop volunteer see sleep read watch pick drop"
)
STOPWORDS = word_set(
    "a an the and or of for to in on at with about from by as into any all some other "
    "what which who whom that this these those it its is are be been was were do does did "
    "have has had i me my mine we our you your they them their he she his her user users "
    "thing things stuff information info details detail data fact facts related regarding "
    "such etc e g also just only very really so not no more less much many most anything "
    "something everything nothing kind sort s t"
)
PRONOUN_OBJECTS = word_set(
    "it that this them these those you him her everything anything something nothing one "
    "what there here so too either when how if whenever because where why who whom whether "
    "your yours"
)
SPELLINGS = {
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


NOT_NAMES = word_set(
    "not here back fine good great sorry ok okay sure ready happy sad tired busy done home "
    "hungry in on at from so very just also still really going looking trying thinking "
    "feeling doing well glad excited interested bored lost confused curious free available "
    "alive alright all always never like currently now actually new sick better worse afraid "
    "scared worried aware the a an your you it this that what him her them off out up down "
    "there hoping planning moving learning working living staying getting being "
    "unemployed retired pregnant single married divorced engaged called named i am is me"
)


KNOWN_WORDS = (
    NOT_NAMES
    | DEMONYMS
    | LANGUAGES
    | RELIGIONS
    | DIETS
    | _RELATIONSHIP
    | HEALTH_STATES
    | _WORK_STATES
    | _PERSONALITY
    | OCCUPATIONS
    | frozenset(RELATIVES)
)
