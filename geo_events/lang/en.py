"""English: cues around toponyms, organisation heads, directions, vague-area patterns."""

LANG = "en"
#: No English spaCy model is on the registries: a blank tokenizer with a sentencizer.
SPACY_MODEL = None

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
