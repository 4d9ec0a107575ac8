"""Events from dispatches: what happened, where, when, by whom, and how many were killed or fled.

What: one event per kind of report in a clause (a change of control, a remote attack and a
battle are separate ACLED events), with the territory direction from who is named where.
Where: the most specific place of the clause (not a country, not a province whose town is
named, not the dateline, not a place inside an actor's name), one event per coordinated place;
a generic "Old City" reads the document's own city. Who: initiator and target from the parse,
names normalised by the document's theatre pack (``data/theatres``).

Per sentence: triggers from the language lexicon ("bombardements", "affrontaient", "ont fui",
"veto"...) are grouped into one frame per kind of report and clause; each frame takes the
place, actors, numbers and dates of its clause, the nearest in the dependency parse first.
Sentences opening on an anaphora ("Ces derniers ont provoqué la mort de...") inherit the
previous violent event's mechanism, actor and place; a sentence without a date inherits a
running date from the sentences before (``tolls.running_time``); failing that the event is
dated to the publication day, and says so in ``date_basis`` ("publication").
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable

from spacy.tokens import Doc as SpacyDoc

from gazetteer import Gazetteer, Level, Place

from .actors import CIVILIANS, Actor, ActorSpan, country_actor, find_actors
from .clauses import OTHER_CLAUSE, Distances, Sentence, sentences
from .documents import Document
from .lang import lexicon
from .numbers import Number, find_numbers
from .offsets import ByStart
from .resolve import ACTOR, LOCATION, ResolvedMention
from .theatres import Theatre, theatre_for
from .timex import RESTATED_AHEAD, RESTATED_DAYS, TimeSpan, find_times, governing_time, hangs_on, precision_of, present, reports, restates, shifted
from .tolls import DISPATCH_SENTENCES, LooseToll, attach_loose_tolls, event_counts, in_other_clause, running_time

BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
VAC = "Violence against civilians"
STRATEGIC = "Strategic developments"
PROTESTS = "Protests"
RIOTS = "Riots"

#: Violent trigger kinds, most specific first: a frame with several is typed by the first.
#: A change of control is the headline even when strikes backed it ("backed by air strikes, captured").
VIOLENT_KINDS = ("take", "fall", "lose", "chemical", "air", "bombard", "suicide", "explosive", "shelling", "clash")
#: A clause reports one event per group: a change of control, a remote attack, a battle are
#: separate ACLED events even in one sentence ("captured the town after days of fighting").
GROUPS = {"take": "territory", "fall": "territory", "lose": "territory", "clash": "battle"}
FAMILIES = {
    **{k: "violence" for k in VIOLENT_KINDS},
    "kill": "violence",
    "attack": "violence",
    "abduct": "abduction",
    "loot": "looting",
    "displace": "displacement",
    "diplomacy": "diplomacy",
    "agreement": "diplomacy",
    "protest": "protest",
    "riot": "riot",
    "arrest": "arrest",
}
#: Families of events that follow the violence a dispatch tells, at its place (looting, arrests, abductions).
_AFTERMATH = ("looting", "arrest", "abduction")
#: Sentences back an event may look for its place when its own sentence names none.
PLACE_MEMORY = 3
#: A place this close after a trigger, with no punctuation between, is its object: it wins
#: over a place nearer in the parse tree by this much.
OBJECT_REACH = 30
OBJECT_BONUS = 2.0
#: An air cue ("avions", "warplanes") types a bombardment or an attack as an air strike only
#: within this many edges of it in the parse tree ("bombardements de l'aviation", "warplanes
#: pounded"); see ``_DocumentEvents._air_cued``.
AIR_CUE_REACH = 3
#: A toll counted "since" a date further back than this is a war-long total, not an event.
TOTAL_SINCE_DAYS = 60
_SETTLEMENT_LEVELS = {Level.CITY, Level.TOWN, Level.NEIGHBOURHOOD, Level.SUBDISTRICT, Level.DISTRICT, Level.REGION}


@dataclass(frozen=True)
class Event:
    """One reported event with ACLED-compatible fields; ``notes`` is the sentence it came from."""

    event_id: str
    source: str
    event_type: str
    sub_event_type: str | None
    tags: tuple[str, ...]
    date_start: dt.date | None
    date_end: dt.date | None
    date_basis: str | None  # text | context | publication
    actor1: str | None
    actor2: str | None
    faction1: str | None
    place: Place | None
    location: str
    geo_precision: int | None
    fatalities: int | None = None
    fatalities_qualifier: str = ""
    civilian_fatalities: int | None = None
    child_fatalities: int | None = None
    displaced: int | None = None
    notes: str = ""
    start: int = 0
    end: int = 0
    location_start: int | None = None
    location_end: int | None = None
    sentence: tuple[int, int] = (0, 0)
    sources: tuple[str, ...] = ()
    admin1: str | None = None
    country: str | None = None
    iso: str | None = None

    @property
    def event_date(self) -> dt.date | None:
        return self.date_start

    @property
    def time_precision(self) -> str | None:
        if self.date_start is None or self.date_end is None:
            return None
        return precision_of(self.date_start, self.date_end)

    def to_dict(self) -> dict:
        """A flat record in ACLED column order, extended with our fields (see ``COLUMNS``)."""
        p = self.place
        return {
            "event_id": self.event_id,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "year": self.event_date.year if self.event_date else None,
            "time_precision": self.time_precision,
            "date_start": self.date_start.isoformat() if self.date_start else None,
            "date_end": self.date_end.isoformat() if self.date_end else None,
            "date_basis": self.date_basis,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actor1": self.actor1,
            "actor2": self.actor2,
            "faction1": self.faction1,
            "iso": self.iso,
            "country": self.country,
            "admin1": self.admin1,
            "location": self.location,
            "place_id": p.place_id if p else None,
            "place_name": p.name if p else None,
            "place_level": p.level.value if p else None,
            "latitude": round(p.lat, 6) if p else None,
            "longitude": round(p.lon, 6) if p else None,
            "geo_precision": self.geo_precision,
            "source": ";".join(self.sources or (self.source,)),
            "notes": self.notes,
            "fatalities": self.fatalities,
            "fatalities_qualifier": self.fatalities_qualifier,
            "civilian_fatalities": self.civilian_fatalities,
            "child_fatalities": self.child_fatalities,
            "displaced": self.displaced,
            "tags": ";".join(self.tags),
            "start": self.start,
            "end": self.end,
            "location_start": self.location_start,
            "location_end": self.location_end,
        }


COLUMNS = list(Event("", "", "", None, (), None, None, None, None, None, None, None, "", None).to_dict())


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    kind: str


#: The end of a pattern's last word: the next character is no letter, unless the pattern ends on an
#: elision ("la chute d'", "maîtres d'"), which the next word follows with no space ("d'Alep").
WORD_END = r"(?:(?<=['’])|(?![\w-]))"


@lru_cache(maxsize=None)
def _compiled(lang: str) -> dict[str, object]:
    lex = lexicon(lang)
    flags = re.IGNORECASE
    return {
        "triggers": [(re.compile(rf"(?<![\w-])(?:{p}){WORD_END}", flags), kind) for p, kind in lex.TRIGGERS],
        "air": re.compile(rf"(?<![\w-])(?:{lex.AIR_CUES})(?![\w-])", flags),
        "intent": re.compile(lex.INTENT_BEFORE, flags),
        # Used with ``match(text, pos)``, where "^" would only match at the start of the text.
        "hypothesis": re.compile(lex.HYPOTHESIS.lstrip("^"), flags),
        "anaphora": re.compile(lex.ANAPHORA.lstrip("^"), flags),
        "including": re.compile(rf"(?:{lex.INCLUDING})\s*$", flags),
        "part_of": re.compile(rf"\s*(?:{lex.PART_OF})\s+", flags),
        "victim": re.compile(
            r"\s*(?:de\s+|d['’]|of\s+)?(?:(?:les|des|the)\s+)?(?:\w+\s+){0,1}?(?P<noun>" + "|".join(sorted(map(re.escape, lex.VICTIMS), key=len, reverse=True)) + r")(?![\w-])",
            flags,
        ),
        "people": re.compile(
            r"(?<![\w-])(?:" + "|".join(sorted((re.escape(k) for k, v in lex.VICTIMS.items() if v != "combatant"), key=len, reverse=True)) + r")(?![\w-])",
            flags,
        ),
        "name_link": re.compile(lex.NAME_LINK + r"(?=[A-Z])", flags & ~re.IGNORECASE),
        "back_reference": re.compile(rf"(?:{lex.BACK_REFERENCE_BEFORE})$", flags),
        "actor_place": re.compile(rf"(?:{lex.ACTOR_OF_PLACE_BEFORE})$", flags),
        "prelude": re.compile(rf"(?:{lex.PRELUDE_BEFORE})$", flags),
        "destination": re.compile(rf"(?:{lex.DESTINATION_BEFORE})$", flags),
        "capital": re.compile(rf"(?:{lex.CAPITAL_BEFORE})$", flags),
        "war_total": re.compile(lex.WAR_TOTAL_CUES, flags),
        "person_titles": re.compile(rf"(?:{lex.PERSON_TITLES})(?![\w-])", flags),
        "sides": re.compile(lex.SIDES, flags),
        "agent_link": re.compile(lex.AGENT_LINK, flags),
        "associate": re.compile(lex.ASSOCIATE_BEFORE, flags),
        "reference": re.compile(lex.REFERENCE_POINT_BEFORE, flags),
        "list_link": re.compile(lex.LIST_LINK, flags),
        "riot_cues": re.compile(rf"(?<![\w-])(?:{lex.RIOT_CUES})", flags),
        "generic_places": [(re.compile(rf"(?:{p})", flags), Level.parse(level)) for p, level in lex.GENERIC_PLACES],
        "generic_in_text": [(re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", flags), Level.parse(level)) for p, level in lex.GENERIC_PLACES],
    }


def find_triggers(text: str, lang: str, start: int, end: int) -> list[Trigger]:
    """Trigger words of ``text[start:end]``, minus intentions ("pour reconquérir")."""
    c = _compiled(lang)
    found: list[Trigger] = []
    for pattern, kind in c["triggers"]:
        for m in pattern.finditer(text, start, end):
            found.append(Trigger(m.start(), m.end(), kind))
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    out: list[Trigger] = []
    for t in found:
        if out and t.start < out[-1].end:
            continue
        if c["intent"].search(text, max(start, t.start - 60), t.start):
            continue
        out.append(t)
    return out


@dataclass
class _Frame:
    family: str
    clause: int
    triggers: list[Trigger] = field(default_factory=list)

    @property
    def head(self) -> Trigger:
        """The trigger that names the event: the most specific violent word, else the first."""
        violent = [t for t in self.triggers if t.kind in VIOLENT_KINDS]
        if violent:
            return min(violent, key=lambda t: VIOLENT_KINDS.index(t.kind))
        return self.triggers[0]


@dataclass(frozen=True)
class _Counts:
    """A clause's counts for one event (see ``tolls.event_counts``); ``total`` is the count the
    event is about (its deaths, or its displaced for a displacement) and ``victims`` what it counts."""

    total: Number | None = None
    victims: str | None = None
    children: int | None = None
    civilians: int | None = None
    fatalities: int | None = None
    qualifier: str = ""
    combatants: int | None = None
    wounded: int | None = None
    missing: int | None = None
    displaced: int | None = None


def _counts(
    text: str,
    lang: str,
    numbers: list[Number],
    span: tuple[int, int],
    anchor: Trigger | None = None,
    dist: Distances | None = None,
    place: tuple[int, int] | None = None,
) -> _Counts:
    """The tolls of a clause for the event named by ``anchor``: deaths (never a wounded, missing
    or "neutralised" count), their parts ("dont 44 enfants"), wounded, missing and displaced. The
    parse (``dist``) links each count to its cue; ``place`` picks a toll the text splits by place."""
    anchor_span = (anchor.start, anchor.end) if anchor is not None else None
    displacement = anchor is not None and anchor.kind == "displace"
    c = event_counts(text, lang, numbers, span, anchor_span, dist, place, displacement)
    toll = c.displaced_toll if displacement else c.killed
    total = toll.number if toll is not None and toll.value is not None else None
    return _Counts(
        total=total,
        victims=toll.victims if toll is not None else None,
        children=c.children,
        civilians=c.civilians,
        fatalities=c.fatalities,
        qualifier=c.qualifier,
        combatants=c.combatants,
        wounded=c.wounded,
        missing=c.missing,
        displaced=c.displaced,
    )


def _territory_type(taker: Actor | None, loser: Actor | None) -> str:
    """The ACLED territorial sub-type from who took the ground (or, failing that, who lost it)."""
    if taker is not None and taker.key.startswith("as-written:") is False:
        return "Government regains territory" if taker.state else "Non-state actor overtakes territory"
    if loser is not None and not loser.key.startswith("as-written:"):
        return "Non-state actor overtakes territory" if loser.state else "Government regains territory"
    return "Non-state actor overtakes territory"


def _violent_type(kinds: set[str], air_cued: bool) -> tuple[str, str] | None:
    if "chemical" in kinds:
        return REMOTE, "Chemical weapon"
    if "air" in kinds or ("bombard" in kinds and air_cued):
        return REMOTE, "Air/drone strike"
    if "suicide" in kinds:
        return REMOTE, "Suicide bomb"
    if "explosive" in kinds:
        return REMOTE, "Remote explosive/landmine/IED"
    if "bombard" in kinds or "shelling" in kinds:
        return REMOTE, "Shelling/artillery/missile attack"
    if "clash" in kinds:
        return BATTLES, "Armed clash"
    return None


#: Dependency labels (spaCy, French and English models) of a trigger's initiator and target.
_SUBJECT = {"nsubj", "csubj"}
_PASSIVE_SUBJECT = {"nsubjpass", "nsubj:pass"}
_AGENT = {"agent", "obl:agent"}
_OBJECT = {"dobj", "obj"}


class _DocumentEvents:
    """Event extraction over one parsed document."""

    def __init__(self, document: Document, parsed: SpacyDoc, mentions: list[ResolvedMention], gazetteer: Gazetteer) -> None:
        self.doc = document
        self.text = document.text
        self.lang = document.lang
        self.gaz = gazetteer
        self.parsed = parsed
        self.dist = Distances(parsed)
        self.sentences = sentences(parsed, self.lang)
        self.c = _compiled(self.lang)
        self.agent_prepositions = lexicon(self.lang).AGENT_PREPOSITIONS
        self.theatre: Theatre | None = theatre_for(m.place.country for m in mentions if m.place is not None and m.role == LOCATION)
        self.actor_spans: list[ActorSpan] = find_actors(self.text, self.lang, 0, len(self.text), self.theatre)
        self.actors_at = ByStart(self.actor_spans)
        # A "place" inside an actor's name ("EI", "Tripoli-based forces") is not where things
        # happen, nor is a dateline the recogniser took for a location ("DAMASCUS, Oct 3 -").
        self.mentions = [
            m for m in mentions
            if not self.actors_at.covers(m.start, m.end) and not is_dateline(self.text, m)
        ]
        self.mentions_at = ByStart(self.mentions)
        self._generic_fixed: dict[int, ResolvedMention | None] = {}
        self.countries = self._document_countries(mentions)
        plausible = [m for m in self.mentions if m.place is not None and self._plausible(m.place)]
        self.places = DocumentPlaces(plausible, self.lang, self.text)
        self._parents: dict[str, set[str]] = {}
        self.events: list[Event] = []
        self.last_violent: Event | None = None
        self.loose_tolls: list[LooseToll] = []
        self.last_diplomatic: tuple[int, ResolvedMention | None, Place | None] | None = None

    # --- places -------------------------------------------------------------------------
    def _document_countries(self, mentions: list[ResolvedMention]) -> set[str]:
        """Countries where the document's events may lie: its theatre's, those it names as
        countries, those two or more of its places lie in, and those it names most. A lone place in another country
        ("Dabaa" read as the Egyptian town in a Syrian dispatch) is more likely a misreading
        than the scene of an event."""
        counts = Counter(m.place.country for m in mentions if m.place is not None and m.place.country)
        named = {m.place.country for m in mentions if m.place is not None and m.place.level is Level.COUNTRY and m.place.country}
        out = set(self.theatre.countries) if self.theatre is not None else set()
        top = max(counts.values(), default=0)
        # The countries the document names most stay, even when its theatre is another's.
        out |= named | {c for c, n in counts.items() if n >= 2 or n == top}
        return out

    def _plausible(self, place: Place) -> bool:
        """Whether an event can happen at ``place``: on land (not a sea, river or continent,
        which have no country) and in one of the document's countries."""
        if place.country is None:
            return False
        return not self.countries or place.country in self.countries

    def _generic(self, m: ResolvedMention) -> ResolvedMention | None:
        """"Old City", "the city": the document's own place of that level named before (else
        first), not a namesake elsewhere in the world; None when the document names none."""
        if m.start in self._generic_fixed:
            return self._generic_fixed[m.start]
        level = next((lv for pattern, lv in self.c["generic_places"] if pattern.fullmatch(m.surface)), None)
        out: ResolvedMention | None = m
        if level is not None:
            out = self._document_place(level, m.start, exclude=m)
        self._generic_fixed[m.start] = out
        return out

    def _document_place(self, level: Level, offset: int, exclude: ResolvedMention | None = None) -> ResolvedMention | None:
        return self.places.of(level, offset, exclude)

    def _locations(self, start: int, end: int, anywhere: bool = False) -> list[ResolvedMention]:
        found = []
        in_span = list(self.mentions_at.starting_in(start, end))
        scenes = [m for m in in_span if m.place is not None and m.role == LOCATION]
        # "in the capital, Mogadishu": a capital named as such is the scene when nothing else is
        # ("near the capital Damascus" beside Ghouta is a landmark).
        for m in scenes or [m for m in in_span if self._capital_named(m)]:
            fixed = self._generic(m)
            if fixed is not None and (anywhere or self._plausible(fixed.place)):
                found.append(m if fixed is m else _moved(fixed, m))
        # "les forces de Damas": a capital standing for its government is no scene.
        found = [m for m in found if not self.c["actor_place"].search(self.text, max(0, m.start - 40), m.start)]
        located = [m for m in found if not self.c["reference"].search(self.text, max(0, m.start - 25), m.start)]
        return located or found

    def _capital_named(self, m: ResolvedMention) -> bool:
        """"the capital, Bamako", "la capitale Damas": a capital named as such is a place, even
        when its name was read as its government."""
        if m.role != ACTOR or m.place is None or m.place.level is Level.COUNTRY or m.near:
            return False
        cue = self.c["capital"].search(self.text, max(0, m.start - 30), m.start)
        # "à 120 km au sud de la capitale Damas": a landmark, not the scene.
        return cue is not None and not self.c["reference"].search(self.text, max(0, cue.start() - 25), cue.start())

    def _ancestors(self, place: Place) -> set[str]:
        if place.place_id not in self._parents:
            try:
                self._parents[place.place_id] = {p.place_id for p in self.gaz.parents(place.place_id)}
            except KeyError:
                self._parents[place.place_id] = set()
        return self._parents[place.place_id]

    def _specific(self, pool: list[ResolvedMention]) -> list[ResolvedMention]:
        """The pool without countries when it has anything finer, and without a province or
        district when a place inside it is named ("Khan Sheikhoun, in Idlib province")."""
        finer = [m for m in pool if m.place.level is not Level.COUNTRY and not m.vague_direction]
        pool = finer or pool
        contained = set()
        for m in pool:
            contained |= self._ancestors(m.place)
        return [m for m in pool if m.place.place_id not in contained] or pool

    def _side(self, m: ResolvedMention) -> tuple[Place, str] | None:
        """"côté gouvernemental d'Alep" -> (the region of Alep that faction holds, faction)."""
        match = self.c["sides"].search(self.text, max(0, m.start - 60), m.start)
        if not match or m.place is None:
            return None
        faction = side_faction(match.group("faction"), self.lang)
        region = held_region(self.gaz, m.place, faction, self.doc.published) if faction else None
        return (region, faction) if region is not None else None

    def _place_of(self, m: ResolvedMention) -> tuple[Place, int | None]:
        side = self._side(m)
        if side is not None:
            return side[0], 2
        seat = self._seat(m)
        if seat is not None:
            return seat, 1
        return m.place, m.geo_precision

    def _seat(self, m: ResolvedMention) -> Place | None:
        """A bare name read as a province ("fighting in Raqqa") names its seat town for an event:
        the city of that name inside the province, unless the text says "province"."""
        if m.place.level not in (Level.GOVERNORATE, Level.DISTRICT, Level.SUBDISTRICT) or m.vague_direction:
            return None
        lex = lexicon(self.lang)
        around = self.text[max(0, m.start - 25) : m.end + 25].lower()
        words = set(re.findall(r"[\w'’-]+", around))
        cues = {w.lower() for w, level in {**lex.LEVEL_CUES_BEFORE, **lex.LEVEL_CUES_AFTER}.items() if level in ("governorate", "district")}
        if words & cues or any(" " in c and c in around for c in cues):
            return None
        try:
            found = self.gaz.lookup(m.surface, country=m.place.country, level=[Level.CITY, Level.TOWN], limit=3, fuzzy=False)
        except Exception:  # noqa: BLE001 - a name the gazetteer refuses is simply not a seat
            return None
        for candidate in found:
            if m.place.place_id in self._ancestors(candidate.place):
                return candidate.place
        return None

    def _nearest(self, anchor: Trigger, candidates: list[ResolvedMention], sentence: Sentence) -> ResolvedMention | None:
        if not candidates:
            return None
        clause = sentence.clause_of(anchor.start)

        def cost(m: ResolvedMention) -> float:
            d = self.dist.between((anchor.start, anchor.end), (m.start, m.end))
            if sentence.start <= m.start < sentence.end and sentence.clause_of(m.start) != clause:
                d += OTHER_CLAUSE
            if 0 <= m.start - anchor.end <= OBJECT_REACH and not re.search(r"[,.;:()]", self.text[anchor.end : m.start]):
                d -= OBJECT_BONUS  # the place the trigger governs ("ousting the army from the city of Ramadi")
            return d

        return min(candidates, key=cost)

    def _coordinated(self, m: ResolvedMention, pool: list[ResolvedMention]) -> list[ResolvedMention]:
        """Places coordinated with ``m`` ("raids on Deir el-Zour and Deraa", "dans les localités de
        Basra, al-Naima et Tafas"): each is the place of an event of its own. The parse's
        conjuncts, and the places the text lists with ``m`` (only commas and "and" between them)."""
        conj: set[int] = set()
        if self.dist.parsed:
            conj = {t.i for t in self.dist.span_head(m.start, m.end).conjuncts}
        listed = self._listed(m, pool)
        out = []
        for other in pool:
            if other is m or other.place is None or other.place.place_id == m.place.place_id or other.place.level is Level.COUNTRY:
                continue
            if any(o.place.place_id == other.place.place_id for o in out):
                continue
            if other in listed or (conj and self.dist.span_head(other.start, other.end).i in conj):
                out.append(other)
        return out

    def _listed(self, m: ResolvedMention, pool: list[ResolvedMention]) -> list[ResolvedMention]:
        """The places of the text's list that ``m`` belongs to ("Basra, al-Naima et Tafas")."""
        ordered = sorted(pool, key=lambda x: x.start)
        if m not in ordered:
            return []
        i = ordered.index(m)
        link = self.c["list_link"]
        chain = [m]
        j = i
        while j > 0 and link.fullmatch(self.text, ordered[j - 1].end, ordered[j].start):
            j -= 1
            chain.append(ordered[j])
        j = i
        while j + 1 < len(ordered) and link.fullmatch(self.text, ordered[j].end, ordered[j + 1].start):
            j += 1
            chain.append(ordered[j])
        return chain[1:]

    # --- actors -------------------------------------------------------------------------
    def _span_at(self, token, spans: list[ActorSpan]) -> ActorSpan | None:
        for tok in [token] + [c for c in token.children if c.dep_ in ("compound", "amod", "flat", "flat:name")]:
            for a in spans:
                if a.start <= tok.idx < a.end:
                    return a
        return None

    def _parse_actors(self, head: Trigger, spans: list[ActorSpan]) -> tuple[ActorSpan | None, ActorSpan | None]:
        """Initiator and target by the dependency parse: subject or "by"-agent of the trigger
        (or of the verb a trigger noun is the object of), and its object or passive subject."""
        if not self.dist.parsed or not spans:
            return None, None
        tok = self.dist.span_head(head.start, head.end)
        initiator = target = None
        chain = [tok]
        if tok.dep_ in _OBJECT | {"obl", "nmod", "pobj", "dobj"} and tok.head.i != tok.i:
            chain.append(tok.head)
        for t in chain:
            for child in t.children:
                if child.dep_ in _SUBJECT and initiator is None:
                    initiator = self._span_at(child, spans)
                elif child.dep_ in ("nmod", "obl") and initiator is None and any(
                    g.dep_ == "case" and g.lower_ in self.agent_prepositions for g in child.children
                ):
                    initiator = self._span_at(child, spans)  # "frappes menées par l'aviation"
                elif child.dep_ in _AGENT and initiator is None:
                    inner = [g for g in child.children if g.dep_ in ("pobj",)] or [child]
                    initiator = self._span_at(inner[0], spans)
                elif child.dep_ in _PASSIVE_SUBJECT and target is None:
                    target = self._span_at(child, spans)
                elif child.dep_ in _OBJECT and target is None and child.i != tok.i:
                    target = self._span_at(child, spans)
                elif child.dep_ in ("prep", "case") and child.lower_ in self.agent_prepositions and initiator is None:
                    inner = [g for g in child.children if g.dep_ == "pobj"]
                    if inner:
                        initiator = self._span_at(inner[0], spans)
            if initiator is not None:
                break
        # "rebels shelling a district": a participle's subject is the noun it modifies.
        if initiator is None and tok.dep_ in ("acl", "amod", "acl:relcl", "relcl") and tok.tag_ in ("VBG", "VBN", "VBD") and tok.head.i != tok.i and tok.tag_ == "VBG":
            initiator = self._span_at(tok.head, spans)
        return initiator, target

    def _actors(self, frame: _Frame, sentence: Sentence, span: tuple[int, int]) -> tuple[Actor | None, Actor | None]:
        head = frame.head
        # "appuyées par des combattants alliés", "backed by Russian air strikes": associates, not the actor.
        spans = [
            a for a in self.actors_at.starting_in(*span)
            if not self.c["associate"].search(self.text, max(span[0], a.start - 30), a.start)
        ]
        parsed_initiator, parsed_target = self._parse_actors(head, spans)
        agent = parsed_initiator
        if agent is None:
            for a in spans:
                # "tirs rebelles", "bombardements, notamment de l'aviation russe": the trigger's own agent.
                if a.start < head.end + 45 and a.end > head.start and (a.start <= head.end or self.c["agent_link"].fullmatch(self.text[head.end : a.start])):
                    agent = a
                    break
        before = [a for a in spans if a.end <= head.start and a is not agent]
        after = [a for a in spans if a.start >= head.end and a is not agent]
        actor1 = agent.actor if agent else (before[-1].actor if before else None)
        if actor1 is None and agent is None and len(after) >= 2 and after[0].actor.key != after[1].actor.key:
            # "clashes between jihadists and government forces": the first named side, then the other.
            actor1 = after[0].actor
            after = after[1:]
        actor2 = parsed_target.actor if parsed_target is not None and (actor1 is None or parsed_target.actor.key != actor1.key) else None
        if actor2 is None:
            others = ([a for a in after] + list(reversed(before))) if agent else after
            for a in others:
                if actor1 is None or a.actor.key != actor1.key:
                    actor2 = a.actor
                    break
        if actor1 is None and frame.family == "diplomacy":
            countries = [
                m for m in self.mentions_at.starting_in(*span)
                if m.role == ACTOR and m.place is not None and m.start < head.start
            ]
            if countries:
                m = countries[-1]
                name = m.place.name if m.place.level is Level.COUNTRY else self._country_name(m.place.country)
                actor1 = country_actor(name or m.surface, m.place.country)
        return actor1, actor2

    def _context_actor(self, sentence: Sentence, before: int) -> Actor | None:
        """The latest armed actor named earlier in this sentence or the one before: the
        perpetrator of a toll reported without one ("341 civils ont été tués")."""
        first = self.sentences[max(0, sentence.index - 1)].start
        spans = [a for a in self.actors_at.starting_in(first, before) if a.actor.faction != "other"]
        return spans[-1].actor if spans else None

    def _country_name(self, code: str | None) -> str | None:
        if not code:
            return None
        try:
            return self.gaz.get(f"country:{code}").name
        except KeyError:
            return code

    # --- dates --------------------------------------------------------------------------
    def _date(self, anchor: Trigger, sentence: Sentence, times: list[TimeSpan], inherited: TimeSpan | None) -> tuple[dt.date | None, dt.date | None, str | None]:
        """The period of the event named at ``anchor``: the time expression that governs it in its
        clause or sentence (dependency parse), else the running date of the nearest earlier
        sentence with one, else the publication day (``date_basis`` says which). A day counted
        from another ("la veille", "a day after") is counted from the sentence's own day, else
        the running one; an event hanging on a "since" date is at that date; one told in the
        present beside a past day is at the report; one dated only by the day its news was
        given takes the day a sentence just after tells it again with."""
        clause = sentence.clause_of(anchor.start)
        span = (anchor.start, anchor.end)
        published = self.doc.published
        # "a day after the attack killed": the phrase dates what the text says after it only.
        own = [t for t in times if not (t.forward and anchor.start < t.start)]
        best = governing_time(span, own, self.dist.between, lambda offset: sentence.clause_of(offset) == clause, lambda t: in_other_clause(self.dist, span, t))

        def context() -> TimeSpan | None:
            return running_time(self.text, self.lang, published, self.sentences, sentence.index, self.dist) or inherited

        if best is not None:
            if best.shift is not None:
                # "la veille", "a day after": counted from the day the sentence is at, else the
                # day the dispatch is at, else publication.
                days = [t for t in times if t is not best and t.shift is None and t.running]
                base = min(days, key=lambda t: self.dist.between((best.start, best.end), (t.start, t.end)), default=None)
                # Counted from a day of its own sentence, the date is the text's; from the
                # sentences before (or publication), it depends on them.
                basis = "text" if base is not None else "context"
                base = base or context()
                period = shifted(best, (base.date_start, base.date_end) if base else None, published)
                if period is not None:
                    return period[0], period[1], basis
                return None, None, None
            if self.dist.parsed:
                head = self.dist.span_head(*span)
                if best.since and best.own_end is not None and hangs_on(best, head):
                    return best.date_start, best.own_end, "text"
                time_head = self.dist.span_head(best.start, best.end)
                if sentence.clause_of(best.start) != clause and present(head) and not present(time_head) and published is not None:
                    # "took Raqqa on Monday, but activists say clashes continue": what goes on
                    # now is at the report, not at the day of another clause told in the past.
                    return published, published, "publication"
                if reports(best, time_head, head, self.lang):
                    own_day = self._restated_day(anchor, sentence, best)
                    if own_day is not None:
                        return own_day.date_start, own_day.date_end, "text"
            return best.date_start, best.date_end, "text"
        found = context()
        if found is not None:
            return found.date_start, found.date_end, "context"
        if published is None:
            return None, None, None
        return published, published, "publication"

    def _restated_day(self, anchor: Trigger, sentence: Sentence, reported: TimeSpan) -> TimeSpan | None:
        """The event's own day when the dispatch dated only the news of it ("14 civils ont été
        tués, a indiqué une ONG lundi") and a sentence just after tells it again with a day of
        its own, before the report ("l'attaque est survenue samedi")."""
        kind = (FAMILIES[anchor.kind], GROUPS.get(anchor.kind) == "territory")
        for s in self.sentences[sentence.index + 1 : sentence.index + 1 + RESTATED_AHEAD]:
            times = [t for t in find_times(self.text, self.lang, self.doc.published, s.start, s.end) if t.shift is None and not t.since]
            if not times:
                continue
            for t in find_triggers(self.text, self.lang, s.start, s.end):
                if (FAMILIES[t.kind], GROUPS.get(t.kind) == "territory") != kind:
                    continue
                word = self.dist.span_head(t.start, t.end)
                if not restates(word):
                    continue
                clause = s.clause_of(t.start)
                day = governing_time((t.start, t.end), times, self.dist.between, lambda o: s.clause_of(o) == clause)
                if (
                    day is not None and day.date_start == day.date_end
                    and 0 < (reported.date_start - day.date_end).days <= RESTATED_DAYS
                    and not reports(day, self.dist.span_head(day.start, day.end), word, self.lang)
                ):
                    return day
        return None

    # --- the pass -----------------------------------------------------------------------
    def run(self) -> list[Event]:
        inherited: TimeSpan | None = None
        for sentence in self.sentences:
            times = find_times(self.text, self.lang, self.doc.published, sentence.start, sentence.end)
            if not self.c["hypothesis"].match(self.text, sentence.start, sentence.end):
                self._sentence(sentence, times, inherited)
            # A running period ("depuis le 15 novembre") carries over to the next sentence only.
            inherited = next((t for t in reversed(times) if t.since), None)
        starts = [s.start for s in self.sentences]
        # Tolls left without an event go to their neighbour first; restatements are folded after.
        sentence_of = lambda e: bisect.bisect_right(starts, e.sentence[0]) - 1  # noqa: E731
        return restated_folded(attach_loose_tolls(
            self.events,
            self.loose_tolls,
            sentence_of,
            lambda e: e.event_type in (BATTLES, REMOTE, VAC, RIOTS, PROTESTS),  # police firing on a crowd
            lambda e, ids: e.place is not None and bool(({e.place.place_id, f"name:{e.location.lower()}"} | self._ancestors(e.place)) & ids),
        ), sentence_of)

    def _frames(self, sentence: Sentence) -> list[_Frame]:
        """One frame per kind of report and clause; violence splits into a change of control,
        a remote attack and a battle, and each toll joins the nearest of them."""
        frames: dict[tuple[str, int], _Frame] = {}
        kills: list[Trigger] = []
        found = find_triggers(self.text, self.lang, sentence.start, sentence.end)
        deaths = [k.start for k in found if k.kind == "kill"]
        for t in found:
            family = FAMILIES[t.kind]
            clause = sentence.clause_of(t.start)
            if t.kind in ("kill", "attack"):
                # A toll or an attack that does not say how belongs to the violent report beside it.
                kills.append(t)
                continue
            if t.kind == "take" and self._violence_subject(t):
                continue  # "les combats ont repris": fighting resumed, nobody took anything
            if t.kind in ("take", "fall") and self._person_object(t):
                if t.kind == "fall":
                    continue  # "la chute de Kadhafi": a ruler fell, no place did
                family = "abduction"  # "rebels captured the governor"
            if family == "violence":
                family = "violence:" + GROUPS.get(t.kind, "remote")
            same = max((fr for (f, c), fr in frames.items() if f == family and int(c) == clause), key=lambda fr: fr.triggers[-1].start, default=None)
            if family == "violence:remote" and same is not None and same is not frames.get((family, clause)) and t.kind in {x.kind for x in same.triggers}:
                same.triggers.append(t)  # "tirs d'obus" after a split: one more word for the same means
                continue
            if (
                family == "violence:remote" and same is not None and t.kind not in {x.kind for x in same.triggers}
                and any(same.triggers[-1].end <= k < t.start for k in deaths)
            ):
                # "84 killed in air strikes and 49 killed in shelling": two means, each with its
                # own toll, are two events (keyed by offset, not clause).
                frames.setdefault((family, clause + t.start / 1e7), _Frame(family, clause)).triggers.append(t)
                continue
            if family == "violence:territory" and any(
                f == family and c == clause and self._apart(t, fr.head) for (f, c), fr in frames.items()
            ):
                # "captured Palmyra four days after ousting the army from Ramadi": two changes
                # of control, each its own frame (keyed by its offset, not its clause).
                frames.setdefault((family, clause + t.start / 1e7), _Frame(family, clause)).triggers.append(t)
                continue
            frames.setdefault((family, clause), _Frame(family, clause)).triggers.append(t)
        for t in kills:
            clause = sentence.clause_of(t.start)
            # A frame split off by offset ("and 49 killed in shelling") keys its clause plus a fraction.
            violent = [f for (fam, c), f in frames.items() if int(c) == clause and fam.startswith("violence:") and fam != "violence:territory"]
            if violent:
                # The frame of the event word nearest the death word ("16 ont péri dans les combats").
                # Measured to the frame's own event words, not to death words already joined to it.
                nearest = min(violent, key=lambda f: min(
                    (self.dist.between((t.start, t.end), (x.start, x.end)) for x in f.triggers if x.kind not in ("kill", "attack")),
                    default=float("inf"),
                ))
                nearest.triggers.append(t)
            else:
                frames.setdefault(("violence:kill", clause), _Frame("violence:kill", clause)).triggers.append(t)
        if any(f in ("protest", "riot") for f, _ in frames):
            # Protesters who set a building on fire riot; the fire is that riot, not looting of its own.
            frames = {k: f for k, f in frames.items() if k[0] != "looting"}
        if ("violence:territory", 0) in frames or any(f == "violence:territory" for f, _ in frames):
            # "captured Raqqa after four months of fighting": the fighting that led to a change
            # of control is that change's story, not a battle of its own.
            for key, f in list(frames.items()):
                if key[0] == "violence:battle" and all(
                    self.c["prelude"].search(self.text, max(sentence.start, t.start - 60), t.start) for t in f.triggers if t.kind == "clash"
                ):
                    del frames[key]
                    # Its toll is the change of control's ("recaptured Palmyra after fighting that
                    # killed 40 militants"), as the deaths of the fighting that led to it.
                    taker = next((fr for (fam, c), fr in frames.items() if fam == "violence:territory" and int(c) == key[1]), None)
                    if taker is not None:
                        taker.triggers.extend(t for t in f.triggers if t.kind == "kill")
        return sorted(frames.values(), key=lambda f: f.triggers[0].start)

    def _air_cued(self, frame: _Frame, clause_span: tuple[int, int]) -> bool:
        """Whether an air cue of the clause bears on the frame's bombardment or attack word: near
        it in the parse with no other verb on the way ("warplanes pounded", "aircraft carried out
        bombardments"), not the subject of another verb ("pounded Homs until jets appeared")."""
        words = [self.dist.span_head(t.start, t.end) for t in frame.triggers if t.kind in ("bombard", "attack")]
        if not self.dist.parsed:
            return bool(self.c["air"].search(self.text, *clause_span))
        for m in self.c["air"].finditer(self.text, *clause_span):
            cue = self.dist.span_head(m.start(), m.end())
            for word in words:
                if self.dist.tree(cue, word) > AIR_CUE_REACH:
                    continue
                up = [cue] + list(cue.ancestors)
                meet = next((t for t in [word] + list(word.ancestors) if t in up), None)
                if meet is None:
                    continue
                # the cue's own path up to where it meets the word: another verb there is another event
                between = [t for t in up[1 : up.index(meet)] if t.i != word.i]
                if not any(t.pos_ in ("VERB", "AUX") for t in between):
                    return True
        return False

    def _war_toll(self, frame: _Frame, clause_span: tuple[int, int]) -> bool:
        """Whether a death word of the frame is told of a whole war: a war word is its oblique
        ("killed in the war", "tuées dans la campagne militaire") or the subject of its verb
        ("le conflit a fait 380.000 morts"), not a word describing someone ("paramilitaires, en guerre")."""
        if not self.dist.parsed:
            return False
        kills = [self.dist.span_head(t.start, t.end) for t in frame.triggers if t.kind == "kill"]
        for m in self.c["war_total"].finditer(self.text, *clause_span):
            cue = self.dist.span_head(m.start(), m.end())
            up = next((a for a in cue.ancestors if a.pos_ != "ADP"), None)
            for k in kills:
                if up is not None and (up.i == k.i or (cue.dep_ in _SUBJECT and up.i == k.head.i)):
                    return True
        return False

    def _violence_subject(self, t: Trigger) -> bool:
        """Whether the subject of a change-of-control verb is itself violence ("les combats ont
        repris", "les bombardements ont repris"): the word means it resumed."""
        if not self.dist.parsed:
            return False
        head = self.dist.span_head(t.start, t.end)
        subjects = [c for c in head.children if c.dep_ in _SUBJECT | _PASSIVE_SUBJECT]
        if not subjects:
            return False
        word = subjects[0]
        return any(
            k not in ("take", "fall", "lose") and FAMILIES.get(k) == "violence"
            for k in (x.kind for x in find_triggers(self.text, self.lang, word.idx, word.idx + len(word.text)))
        )

    def _person_object(self, t: Trigger) -> bool:
        """Whether what a change-of-control word governs is a person, not ground: a name the
        parser tags as a person and no place mention covers, or a title ("the governor of Raqqa")."""
        if not self.dist.parsed:
            return False
        head = self.dist.span_head(t.start, t.end)
        objects = [c for c in head.children if c.dep_ in ("dobj", "obj", "nmod", "obl:arg") and c.i > head.i]
        objects += [g for c in head.children if c.dep_ == "prep" and c.i > head.i for g in c.children if g.dep_ == "pobj"]
        if not objects:
            return False
        obj = min(objects, key=lambda c: c.i)
        if self.mentions_at.covers(obj.idx, obj.idx + len(obj.text)):
            return False
        if obj.ent_type_ in ("PER", "PERSON"):
            return True
        if t.kind == "fall" and head.pos_ == "NOUN" and obj.lower_ in lexicon(self.lang).VICTIMS:
            # "the loss of 23 lives": the people lost, no ground. Only the noun governs what was
            # lost ("fell to Kurdish fighters" names the taker); fighters "captured" in a battle
            # stay that battle's story, so a capture keeps its reading.
            return True
        return bool(self.c["person_titles"].match(self.text, obj.idx))

    def _apart(self, a: Trigger, b: Trigger) -> bool:
        """Whether two triggers of a clause name different places: a place lies between them."""
        lo, hi = min(a.end, b.end), max(a.start, b.start)
        return any(lo <= m.start < hi for m in self.mentions if m.place is not None and m.role == LOCATION)

    def _points_back(self, frame: _Frame, sentence: Sentence) -> bool:
        """"Sept immeubles ont été soufflés par ces frappes", "killed in these clashes": the
        dispatch comes back to a violent event it has just reported; no new one."""
        head = frame.head
        if head.kind in ("kill", "attack") or self.last_violent is None:
            return False
        if not self.c["back_reference"].search(self.text, max(sentence.start, head.start - 30), head.start):
            return False
        return self.last_violent.sentence[0] >= self.sentences[max(0, sentence.index - PLACE_MEMORY)].start

    def _recent_violent(self, sentence: Sentence) -> Event | None:
        """The latest armed-violence event (a battle or a remote attack) of the sentences just
        before: the report a toll without a stated means belongs to."""
        for e in reversed(self.events):
            if e.event_type in (BATTLES, REMOTE) and "territory" not in e.tags:
                first = self.sentences[max(0, sentence.index - PLACE_MEMORY)].start
                return e if e.sentence[0] >= first else None
        return None
    def _toll_anchor(self, frame: _Frame) -> Trigger:
        """The word a frame's toll is read from: its death (or flight) word nearest the word that
        names the event, so that several tolls of a clause ("50 exécutés, 19 morts dans un attentat suicide,
        16 péris dans les combats") go each to its own event, not all to the first death word."""
        counted = [t for t in frame.triggers if t.kind in ("kill", "displace")]
        head = frame.head
        if not counted or head.kind in ("kill", "displace"):
            return counted[0] if counted else head
        return min(counted, key=lambda k: self.dist.between((k.start, k.end), (head.start, head.end)))

    def _loose_toll(self, sentence: Sentence, clause_span: tuple[int, int], counts: _Counts, head: Trigger, times: list[TimeSpan], event_type: str | None = None) -> None:
        # Ids, and names as written: "Dnipro" may resolve to the oblast in one sentence, the city in another.
        named = [m for m in self._locations(*clause_span) if m.place.level is not Level.COUNTRY]
        places = frozenset([m.place.place_id for m in named] + [f"name:{m.surface.lower()}" for m in named])
        # Only a period the toll's own sentence states tells which event it is ("depuis jeudi").
        start, end, basis = self._date(head, sentence, times, None)
        period = (start, end) if basis == "text" and start is not None and end is not None else None
        self.loose_tolls.append(LooseToll(sentence.index, counts.fatalities, counts.qualifier, counts.civilians, counts.children, places, event_type, period))

    def _war_total(self, times: list[TimeSpan]) -> bool:
        """"plus de 300.000 morts depuis 2011": a toll running since long ago is no event."""
        published = self.doc.published
        return published is not None and any(t.since and (published - t.date_start).days > TOTAL_SINCE_DAYS for t in times)

    def _sentence(self, sentence: Sentence, times: list[TimeSpan], inherited: TimeSpan | None) -> None:
        numbers = find_numbers(self.text, self.lang, sentence.start, sentence.end)
        anaphoric = bool(self.c["anaphora"].match(self.text, sentence.start, sentence.end))
        for frame in self._frames(sentence):
            clause_span = sentence.clauses[frame.clause]
            anchor = self._toll_anchor(frame)
            counts = _counts(self.text, self.lang, numbers, clause_span, anchor, self.dist)
            head = frame.head
            actor1, actor2 = self._actors(frame, sentence, clause_span)
            kinds = {t.kind for t in frame.triggers}
            tags: tuple[str, ...] = ()
            inherit_from = None
            toll_of: Event | None = None
            if frame.family == "violence:territory":
                taker, loser = actor1, actor2
                if head.kind in ("fall", "lose"):
                    spans = [a.actor for a in self.actors_at.starting_in(clause_span[0], clause_span[1])]
                    before = [a.actor for a in self.actors_at.starting_in(clause_span[0], head.start)]
                    after = [a.actor for a in self.actors_at.starting_in(head.end, clause_span[1])]
                    if head.kind == "fall":  # "fell to the rebels": the taker is named after
                        taker = after[0] if after else None
                        loser = next((a for a in spans if taker is None or a.key != taker.key), None)
                    else:  # "the army withdrew from", "le retrait des forces russes": the one named lost it
                        loser = before[-1] if before else (after[0] if after else None)
                        taker = next((a for a in spans if loser is None or a.key != loser.key), None)
                if head.kind == "lose" and taker is None and loser is None:
                    continue  # "MSF has withdrawn from Kunduz": nobody armed gave up ground
                if head.kind == "lose" and taker is None:
                    event_type, sub = STRATEGIC, "Non-violent transfer of territory"
                else:
                    event_type, sub = BATTLES, _territory_type(taker, loser)
                actor1, actor2 = (taker, loser) if taker is not None else (loser, None)
                tags = ("territory",)
            elif frame.family.startswith("violence"):
                if self._war_total(times):
                    continue
                if frame.family == "violence:kill" and self._war_toll(frame, clause_span):
                    continue  # "le conflit a fait plus de 380.000 morts": a war's toll, no event's
                if self._points_back(frame, sentence):
                    continue
                air_cued = self._air_cued(frame, clause_span)
                typed = _violent_type(kinds, air_cued)
                if typed is None and "attack" in kinds and air_cued:
                    typed = (REMOTE, "Air/drone strike")  # "warplanes attacked two markets"
                if typed is None:  # killings or attacks without a stated mechanism
                    civilians = counts.total is not None and counts.victims in ("civilian", "child")
                    recent = self._recent_violent(sentence)
                    if anaphoric and self.last_violent is not None:
                        inherit_from = self.last_violent
                        typed = (inherit_from.event_type, inherit_from.sub_event_type)
                    elif (
                        counts.total is not None and counts.victims in ("civilian", "child", "person", "family")
                        and actor1 is not None and actor1.faction != "other" and not actor1.state and actor2 is None
                    ):
                        # "militants killed 20 civilians", "six people were killed by the
                        # insurgents": an armed group killing people, with no battle said.
                        typed = (VAC, "Attack")
                        actor2 = None
                    elif recent is not None and (counts.total is not None or "attack" in kinds):
                        # "One person was killed in Bakhmut" in a dispatch about shelling: the same
                        # kind of violence, its means unsaid (the sub-type stays empty); at the
                        # recent event's own place it is that event's toll, not another event.
                        typed = (recent.event_type, None)
                        toll_of = recent
                    elif civilians:
                        typed = (VAC, "Attack")
                        actor2 = None
                    elif counts.total is not None and counts.victims == "combatant" and not self._war_total(times):
                        # "huit membres des forces loyales ont été tués": fighters die in fighting.
                        typed = (BATTLES, None)
                    elif "attack" in kinds and counts.total is not None:
                        typed = (BATTLES, "Armed clash")
                    else:
                        if counts.fatalities is not None:  # a toll of an event told in a sentence nearby
                            self._loose_toll(sentence, clause_span, counts, head, times)
                        continue
                event_type, sub = typed
            elif frame.family == "displacement":
                # People fleeing: a count of them, or the people named ("civilians fled"); not
                # forces evacuating a post, nor "displaced" describing people elsewhere.
                counted = counts.total is not None or any(clause_span[0] <= n.start < clause_span[1] for n in numbers)
                if not counted and (
                    (actor1 is not None and actor1.faction != "other") or not self.c["people"].search(self.text, *clause_span)
                ):
                    continue
                event_type, sub, tags = STRATEGIC, "Other", ("displacement",)
            elif frame.family == "diplomacy":
                event_type, tags = STRATEGIC, ("diplomatic",)
                sub = "Agreement" if "agreement" in kinds else "Other"
            elif frame.family == "protest" and self.c["riot_cues"].search(self.text, *clause_span):
                event_type, sub = RIOTS, "Violent demonstration"  # protesters who set a building on fire
            elif frame.family == "protest":
                event_type, sub = PROTESTS, "Peaceful protest"
            elif frame.family == "riot":
                event_type, sub = RIOTS, "Violent demonstration"
            elif frame.family == "abduction":
                event_type, sub = VAC, "Abduction/forced disappearance"
            elif frame.family == "looting":
                event_type, sub = STRATEGIC, "Looting/property destruction"
            else:
                event_type, sub = STRATEGIC, "Arrests"

            grounded = counts.total is not None or bool(times) or inherited is not None
            if frame.family in _AFTERMATH and self._recent_violent(sentence) is not None:
                # "not before ransacking the police stations": the looting or the arrests of the
                # attack the dispatch has just told happened where it did.
                grounded = True
            if frame.family == "diplomacy" and not times:
                # Talks or a truce named without a date of their own are the story's background
                # ("despite the truce", "shattering the ceasefire"), not a new development.
                continue
            located = self._locate(frame, sentence, clause_span, grounded, inherit_from)
            if toll_of is not None:
                located = [x for x in located if toll_of.place is None or x[0].place_id != toll_of.place.place_id]
            if not located:
                if frame.family.startswith("violence") and counts.fatalities is not None:
                    # The same event, placed in a sentence nearby; its type only when its own words say it.
                    self._loose_toll(sentence, clause_span, counts, head, times, event_type if toll_of is None and inherit_from is None else None)
                continue
            if inherit_from is not None and actor1 is None:
                actor1 = _actor_named(inherit_from.actor1, inherit_from.faction1)
            if event_type == VAC and actor1 is None:
                actor1 = self._context_actor(sentence, head.start)
            if event_type == VAC and actor2 is None:
                actor2 = Actor("civilians", CIVILIANS, "other")
            if actor2 is not None and actor1 is not None and actor2.key == actor1.key:
                actor2 = None
            date_start, date_end, basis = self._date(head, sentence, times, inherited)
            fatalities = displaced = None
            qualifier = ""
            if frame.family == "displacement":
                if counts.total is not None:
                    displaced, qualifier = counts.total.value, counts.total.qualifier
            elif frame.family.startswith("violence") and ("kill" in kinds or counts.fatalities == 0):
                fatalities, qualifier = counts.fatalities, counts.qualifier
            if "territory" in tags:
                # Two words for one change of control ("seized and took control of X").
                located = [
                    x for x in located
                    if not any("territory" in e.tags and e.sentence[0] == sentence.start and e.place is not None and e.place.place_id == x[0].place_id for e in self.events)
                ]
            for i, (place, mention, precision) in enumerate(located):
                event = Event(
                    event_id=f"{self.doc.doc_id}:{len(self.events) + 1}",
                    source=self.doc.doc_id,
                    event_type=event_type,
                    sub_event_type=sub,
                    tags=tags,
                    date_start=date_start,
                    date_end=date_end,
                    date_basis=basis,
                    actor1=actor1.name if actor1 else None,
                    actor2=actor2.name if actor2 else None,
                    faction1=actor1.faction if actor1 else None,
                    place=place,
                    location=mention.surface if mention else (inherit_from.location if inherit_from else place.name),
                    geo_precision=precision,
                    # A toll given once for coordinated places is not split between them.
                    fatalities=fatalities if i == 0 else None,
                    fatalities_qualifier=qualifier if i == 0 else "",
                    civilian_fatalities=counts.civilians if fatalities is not None and i == 0 else None,
                    child_fatalities=counts.children if fatalities is not None and i == 0 else None,
                    displaced=displaced if i == 0 else None,
                    notes=self.text[sentence.start : sentence.end].strip(),
                    start=head.start,
                    end=head.end,
                    location_start=mention.start if mention else None,
                    location_end=mention.end if mention else None,
                    sentence=(sentence.start, sentence.end),
                    sources=(self.doc.doc_id,),
                    **self._admin(place),
                )
                self.events.append(event)
                if frame.family.startswith("violence") and i == 0:
                    self.last_violent = event
                if frame.family == "diplomacy" and i == 0:
                    self.last_diplomatic = (sentence.index, mention, place)

    def _locate(
        self, frame: _Frame, sentence: Sentence, clause_span: tuple[int, int], grounded: bool, inherit_from: Event | None
    ) -> list[tuple[Place, ResolvedMention | None, int | None]]:
        """Where the frame's event happened: the nearest specific place of its clause (then of
        its sentence), one event per coordinated place; else the place of the event it
        continues, or a generic "the city" read against the document's places."""
        # Talks may be held abroad (Geneva, Astana); fighting happens in the document's countries.
        abroad = frame.family == "diplomacy"
        in_clause = self._locations(*clause_span, anywhere=abroad)
        in_sentence = self._locations(sentence.start, sentence.end, anywhere=abroad)
        if frame.family == "displacement":
            # People flee from a place; where they found refuge ("fled to Latakia") is not it.
            in_clause = [m for m in in_clause if not self.c["destination"].search(self.text, max(0, m.start - 50), m.start)]
            in_sentence = [m for m in in_sentence if not self.c["destination"].search(self.text, max(0, m.start - 50), m.start)]
        if frame.family == "diplomacy":
            # Talks happen in cities; "sur la Syrie" is the topic, not the venue.
            in_clause = [m for m in in_clause if m.place.level in _SETTLEMENT_LEVELS and m.vague_direction is None]
            in_sentence = [m for m in in_sentence if m.place.level in _SETTLEMENT_LEVELS and m.vague_direction is None]
        pool = in_clause or (in_sentence if grounded or frame.family == "diplomacy" else [])
        if pool:
            pool = self._specific(pool)
            if frame.family != "diplomacy" and all(m.place.level is Level.COUNTRY or m.vague_direction for m in pool):
                # "in Syria", "dans le nord du pays": where the dispatch has just been, else nowhere sure.
                remembered = self._remembered(sentence)
                vague = [m for m in pool if m.vague_direction and m.place.level is not Level.COUNTRY]
                pool = [remembered] if remembered is not None else vague
        mention = self._nearest(frame.head, pool, sentence)
        if mention is not None:
            out = [(*self._place_of(mention),)]
            out = [(out[0][0], mention, out[0][1])]
            for other in self._coordinated(mention, pool):
                place, precision = self._place_of(other)
                out.append((place, other, precision))
            return out
        if inherit_from is not None and inherit_from.place is not None:
            return [(inherit_from.place, None, inherit_from.geo_precision)]
        if frame.family == "diplomacy" and self.last_diplomatic is not None:
            index, m, place = self.last_diplomatic
            if sentence.index - index <= PLACE_MEMORY and place is not None:
                return [(place, m, 1)]
        if frame.family.startswith("violence"):
            # "dans les rues de la ville": the text names its place generically; read it first.
            for pattern, level in self.c["generic_in_text"]:
                match = pattern.search(self.text, *clause_span)
                if match and not self.c["name_link"].match(self.text, match.end()):  # not "the town of Hazzeh"
                    m = self._document_place(level, match.start())
                    if m is not None:
                        return [(m.place, _moved(m, None, match.start(), match.end(), match.group(0)), m.geo_precision)]
        agreement = any(t.kind == "agreement" for t in frame.triggers)
        if (frame.family != "diplomacy" or agreement) and grounded:
            # A toll, a dated attack or a local deal with no place of its own: where the dispatch has just been.
            remembered = self._remembered(sentence)
            if remembered is not None:
                place, precision = self._place_of(remembered)
                return [(place, remembered, precision)]
        return []

    def _remembered(self, sentence: Sentence) -> ResolvedMention | None:
        """The latest specific place of the sentences just before: an event placed only in a
        country ("in Syria") happened where the dispatch has been talking about."""
        first = self.sentences[max(0, sentence.index - PLACE_MEMORY)].start
        pool = [m for m in self._locations(first, sentence.start) if m.place.level is not Level.COUNTRY and not m.vague_direction]
        return pool[-1] if pool else None

    def _admin(self, place: Place) -> dict:
        admin1_id = place.extra.get("admin1") or (place.place_id if place.level is Level.GOVERNORATE else None)
        admin1 = None
        if admin1_id:
            try:
                admin1 = self.gaz.get(admin1_id).name
            except KeyError:
                admin1 = None
        return {"admin1": admin1, "country": self._country_name(place.country), "iso": place.country}


def _restates(later: Event, first: Event) -> bool:
    """Whether ``later`` is the dispatch coming back to ``first`` ("the fall of Palmyra
    represented...", "after 48 hours of fighting"): same type and sub-type (or none said) at the same place, in
    another sentence, adding no toll of its own and no date of its own that differs."""
    if later.event_type != first.event_type:
        return False
    if later.sub_event_type not in (first.sub_event_type, None) and (later.fatalities is not None or later.date_basis == "text"):
        return False
    if later.place is None or first.place is None:
        return False
    if later.place.place_id != first.place.place_id or later.sentence == first.sentence:
        return False
    if ("territory" in later.tags) != ("territory" in first.tags):
        return False
    if later.fatalities is not None and later.fatalities != first.fatalities:
        return False
    if later.displaced is not None and later.displaced != first.displaced:
        return False
    if later.date_basis == "text" and first.date_start is not None and later.date_start is not None:
        if later.date_start > first.date_end or first.date_start > later.date_end:
            return False
    return True


def restated_folded(events: list[Event], sentence_of: Callable[[Event], int]) -> list[Event]:
    """One document's events without the ones that only restate an earlier one of the same
    dispatch (within ``DISPATCH_SENTENCES``); the earlier record keeps its wording and takes the
    actors it lacked."""
    out: list[Event] = []
    where: list[int] = []
    for e in events:
        at = sentence_of(e)
        lo = bisect.bisect_left(where, at - DISPATCH_SENTENCES)
        first = next((k for k in range(lo, len(out)) if _restates(e, out[k])), None)
        if first is None:
            out.append(e)
            where.append(at)
            continue
        o = out[first]
        if (o.actor1 is None and e.actor1) or (o.actor2 is None and e.actor2):
            out[first] = replace(o, actor1=o.actor1 or e.actor1, actor2=o.actor2 or e.actor2, faction1=o.faction1 or e.faction1)
    return out


def side_faction(words: str, lang: str) -> str | None:
    """The faction a "side" phrase names ("gouvernemental" -> government)."""
    table = {k.lower(): v for k, v in lexicon(lang).FACTION_WORDS.items()}
    return table.get(" ".join(words.lower().split()))


def held_region(gazetteer: Gazetteer, place: Place, faction: str, at: dt.date | None = None) -> Place | None:
    """The conflict-era region of ``place`` that ``faction`` held (West Aleppo for the government)
    at ``at``: a region whose ``valid`` period does not cover that date is not used."""
    for region in gazetteer.children(place.place_id, Level.REGION):
        if region.extra.get("held_by") == faction and valid_at(region, at):
            return region
    return None


def valid_at(place: Place, at: dt.date | None) -> bool:
    """Whether a curated region's ``valid`` period (if any) covers ``at`` (unknown dates pass)."""
    period = place.extra.get("valid")
    if not period or at is None:
        return True
    if isinstance(period, dict):
        start, end = period.get("start") or period.get("from"), period.get("end") or period.get("to")
    elif isinstance(period, (list, tuple)) and len(period) == 2:
        start, end = period
    else:
        return True
    start = dt.date.fromisoformat(str(start)) if start else None
    end = dt.date.fromisoformat(str(end)) if end else None
    return (start is None or start <= at) and (end is None or at <= end)


def document_place(
    mentions: list[ResolvedMention], level: Level, offset: int, lang: str, exclude: ResolvedMention | None = None, text: str | None = None
) -> ResolvedMention | None:
    """The document's own place of ``level`` that a generic "the city" stands for: the one it
    names most (the latest before ``offset`` on a tie); None when it names none of that level.
    Given the ``text``, a place named only as a reference point ("a city just west of
    Baghdad") is not the one the dispatch is about."""
    compiled = _compiled(lang)
    generic = compiled["generic_places"]
    wanted = {level} | ({Level.TOWN} if level is Level.CITY else set())
    pool = [
        x for x in mentions
        if x is not exclude and x.place is not None and x.role == LOCATION and x.place.level in wanted
        and not any(p.fullmatch(x.surface) for p, _ in generic)
    ]
    if text is not None:
        pool = [
            x for x in pool
            if not compiled["reference"].search(text, max(0, x.start - 25), x.start)
            and not compiled["actor_place"].search(text, max(0, x.start - 40), x.start)
        ] or pool
    if not pool:
        return None
    counts = Counter(x.place.place_id for x in pool)
    top = max(counts.values())
    leaders = [x for x in pool if counts[x.place.place_id] == top]
    before = [x for x in leaders if x.start < offset]
    return before[-1] if before else leaders[0]


class DocumentPlaces:
    """:func:`document_place` over one document's mentions, each level's pool counted once:
    counting it for every generic mention made a long document's cost quadratic."""

    def __init__(self, mentions: list[ResolvedMention], lang: str, text: str | None = None) -> None:
        self.mentions, self.lang, self.text = mentions, lang, text
        self._pools: dict[Level, tuple[list[ResolvedMention], set[int], list[ResolvedMention], list[int] | None]] = {}

    def of(self, level: Level, offset: int, exclude: ResolvedMention | None = None) -> ResolvedMention | None:
        """The same as ``document_place(mentions, level, offset, lang, exclude, text)``."""
        if level not in self._pools:
            generic = _compiled(self.lang)["generic_places"]
            wanted = {level} | ({Level.TOWN} if level is Level.CITY else set())
            pool = [
                x for x in self.mentions
                if x.place is not None and x.role == LOCATION and x.place.level in wanted
                and not any(p.fullmatch(x.surface) for p, _ in generic)
            ]
            if self.text is not None:
                compiled = _compiled(self.lang)
                pool = [
                    x for x in pool
                    if not compiled["reference"].search(self.text, max(0, x.start - 25), x.start)
                    and not compiled["actor_place"].search(self.text, max(0, x.start - 40), x.start)
                ] or pool
            counts = Counter(x.place.place_id for x in pool)
            top = max(counts.values(), default=0)
            leaders = [x for x in pool if counts[x.place.place_id] == top]
            starts = [x.start for x in leaders]
            ordered = all(a <= b for a, b in zip(starts, starts[1:]))
            self._pools[level] = (pool, {id(x) for x in pool}, leaders, starts if ordered else None)
        pool, members, leaders, starts = self._pools[level]
        if exclude is not None and id(exclude) in members:
            return document_place(self.mentions, level, offset, self.lang, exclude, self.text)
        if not pool:
            return None
        if starts is None:
            before = [x for x in leaders if x.start < offset]
            return before[-1] if before else leaders[0]
        i = bisect.bisect_left(starts, offset)
        return leaders[i - 1] if i else leaders[0]


def _moved(place_of: ResolvedMention, at: ResolvedMention | None, start: int | None = None, end: int | None = None, surface: str | None = None) -> ResolvedMention:
    """``place_of``'s place, at the span (and surface) of the mention ``at`` or of ``start:end``."""
    a = at.start if at is not None else start
    b = at.end if at is not None else end
    text = at.surface if at is not None else surface
    return ResolvedMention(
        place_of.doc_id, a, b, text, place_of.place, place_of.confidence, place_of.role, place_of.geo_precision,
        "generic name read against the document's places", place_of.sentence, place_of.near, place_of.vague_direction,
    )


#: How far into a dispatch its dateline may end.
DATELINE_REACH = 60


def is_dateline(text: str, m: ResolvedMention) -> bool:
    """An upper-case place opening the text ("BEIRUT (Reuters) -", "KADUNA, Nigeria") is the dateline."""
    if not (m.start < DATELINE_REACH and m.surface.isupper() and len(m.surface) > 2):
        return False  # before slicing the text up to the mention: that is per mention
    head = text[: m.start].strip()
    return not head or head.isupper()


def _actor_named(name: str | None, faction: str | None) -> Actor | None:
    return Actor(name.lower(), name, faction or "other") if name else None


def extract_document_events(document: Document, parsed: SpacyDoc, mentions: list[ResolvedMention], gazetteer: Gazetteer) -> list[Event]:
    """The events one parsed document reports (before merging across documents)."""
    return _DocumentEvents(document, parsed, mentions, gazetteer).run()
