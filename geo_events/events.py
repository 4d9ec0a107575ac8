"""Events from dispatches: what happened, where, when, by whom, and how many were killed or fled.

Per sentence: triggers from the language lexicon ("bombardements", "affrontaient", "ont fui",
"veto"...) are grouped into one frame per kind of report and clause; each frame takes the
place, actors, numbers and dates of its clause, the nearest in the dependency parse first.
Sentences opening on an anaphora ("Ces derniers ont provoqué la mort de...") inherit the
previous violent event's mechanism, actor and place; a sentence without a date inherits a
running period ("depuis le 15 novembre") from the sentence before; failing that the event is
dated to the week before publication, and says so in ``date_basis``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc as SpacyDoc

from gazetteer import Gazetteer, Level, Place

from .actors import CIVILIANS, Actor, country_actor, find_actors
from .clauses import OTHER_CLAUSE, Distances, Sentence, sentences
from .documents import Document
from .lang import lexicon
from .numbers import Number, find_numbers
from .resolve import ACTOR, LOCATION, ResolvedMention
from .timex import TimeSpan, find_times, governing_time, precision_of
from .tolls import event_counts, in_other_clause, running_time

BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
VAC = "Violence against civilians"
STRATEGIC = "Strategic developments"
PROTESTS = "Protests"
RIOTS = "Riots"

#: Violent trigger kinds, most specific first: a frame with several is typed by the first.
#: A change of control is the headline even when strikes backed it ("backed by air strikes, captured").
VIOLENT_KINDS = ("take", "air", "bombard", "suicide", "explosive", "shelling", "clash")
FAMILIES = {
    **{k: "violence" for k in VIOLENT_KINDS},
    "kill": "violence",
    "displace": "displacement",
    "diplomacy": "diplomacy",
    "agreement": "diplomacy",
    "protest": "protest",
    "riot": "riot",
    "arrest": "arrest",
}
#: Days before publication an undated report is assumed to cover.
UNDATED_WINDOW_DAYS = 6
#: Sentences back an event may look for its place when its own sentence names none.
PLACE_MEMORY = 3
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


@lru_cache(maxsize=None)
def _compiled(lang: str) -> dict[str, object]:
    lex = lexicon(lang)
    flags = re.IGNORECASE
    return {
        "triggers": [(re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", flags), kind) for p, kind in lex.TRIGGERS],
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
        "sides": re.compile(lex.SIDES, flags),
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


def _violent_type(kinds: set[str], text_span: str, air_re: re.Pattern, actor: Actor | None) -> tuple[str, str] | None:
    if "take" in kinds:
        if actor is not None and actor.faction == "government":
            return BATTLES, "Government regains territory"
        if actor is not None:
            return BATTLES, "Non-state actor overtakes territory"
        return BATTLES, "Armed clash"
    if "air" in kinds or ("bombard" in kinds and air_re.search(text_span)):
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


#: What may sit between a trigger noun and its agent: "bombardements, notamment de l'aviation russe".
_AGENT_LINK = re.compile(
    r"[\s,]*(?:(?:notamment|surtout|essentiellement|including|mainly|mostly)\s+)?(?:de|du|d['’]|par|of|by)\s*(?:l['’]|la|le|les|the)?\s*|\s*",
    re.IGNORECASE,
)


_ASSOCIATE = re.compile(r"(?:backed|supported|aided|assisted|appuy\w*|soutenu\w*|épaulé\w*|aidé\w*)\s+(?:by|par)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
#: "north of Khan Sheikhoun", "au nord d'Alep": a reference point, not where things happen.
_REFERENCE_POINT = re.compile(r"(?:north|south|east|west|nord|sud|est|ouest)(?:-\w+)?\s+(?:of|de|d['’]|du)\s*$", re.IGNORECASE)


class _DocumentEvents:
    """Event extraction over one parsed document."""

    def __init__(self, document: Document, parsed: SpacyDoc, mentions: list[ResolvedMention], gazetteer: Gazetteer) -> None:
        self.doc = document
        self.text = document.text
        self.lang = document.lang
        self.gaz = gazetteer
        self.dist = Distances(parsed)
        self.sentences = sentences(parsed, self.lang)
        self.mentions = mentions
        self.c = _compiled(self.lang)
        self.events: list[Event] = []
        self.last_violent: Event | None = None
        self.last_diplomatic: tuple[int, ResolvedMention | None, Place | None] | None = None

    # --- places -------------------------------------------------------------------------
    def _locations(self, start: int, end: int) -> list[ResolvedMention]:
        found = [m for m in self.mentions if start <= m.start < end and m.place is not None and m.role == LOCATION]
        located = [m for m in found if not _REFERENCE_POINT.search(self.text, max(0, m.start - 12), m.start)]
        return located or found

    def _side(self, m: ResolvedMention) -> tuple[Place, str] | None:
        """"côté gouvernemental d'Alep" -> (the region of Alep that faction holds, faction)."""
        match = self.c["sides"].search(self.text, max(0, m.start - 60), m.start)
        if not match or m.place is None:
            return None
        faction = side_faction(match.group("faction"), self.lang)
        region = held_region(self.gaz, m.place, faction) if faction else None
        return (region, faction) if region is not None else None

    def _place_of(self, m: ResolvedMention) -> tuple[Place, int | None]:
        side = self._side(m)
        if side is not None:
            return side[0], 2
        return m.place, m.geo_precision

    def _nearest(self, anchor: Trigger, candidates: list[ResolvedMention], sentence: Sentence) -> ResolvedMention | None:
        if not candidates:
            return None
        clause = sentence.clause_of(anchor.start)

        def cost(m: ResolvedMention) -> float:
            d = self.dist.between((anchor.start, anchor.end), (m.start, m.end))
            if sentence.start <= m.start < sentence.end and sentence.clause_of(m.start) != clause:
                d += OTHER_CLAUSE
            return d

        return min(candidates, key=cost)

    # --- actors -------------------------------------------------------------------------
    def _actors(self, frame: _Frame, sentence: Sentence, span: tuple[int, int]) -> tuple[Actor | None, Actor | None]:
        head = frame.head
        # "appuyées par des combattants alliés", "backed by Russian air strikes": associates, not the actor.
        spans = [a for a in find_actors(self.text, self.lang, *span) if not _ASSOCIATE.search(self.text, max(span[0], a.start - 30), a.start)]
        agent = None
        for a in spans:
            # "tirs rebelles", "bombardements, notamment de l'aviation russe": the trigger's own agent.
            if a.start < head.end + 45 and a.end > head.start and (a.start <= head.end or _AGENT_LINK.fullmatch(self.text[head.end : a.start])):
                agent = a
                break
        before = [a for a in spans if a.end <= head.start and a is not agent]
        after = [a for a in spans if a.start >= head.end and a is not agent]
        actor1 = agent.actor if agent else (before[-1].actor if before else None)
        actor2 = None
        others = ([a for a in after] + list(reversed(before))) if agent else after
        for a in others:
            if actor1 is None or a.actor.key != actor1.key:
                actor2 = a.actor
                break
        if actor1 is None and frame.family == "diplomacy":
            countries = [
                m for m in self.mentions
                if span[0] <= m.start < span[1] and m.role == ACTOR and m.place is not None and m.start < head.start
            ]
            if countries:
                m = countries[-1]
                name = m.place.name if m.place.level is Level.COUNTRY else self._country_name(m.place.country)
                actor1 = country_actor(name or m.surface, m.place.country)
        return actor1, actor2

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
        sentence with one, else the publication day (``date_basis`` says which)."""
        clause = sentence.clause_of(anchor.start)
        span = (anchor.start, anchor.end)
        best = governing_time(span, times, self.dist.between, lambda offset: sentence.clause_of(offset) == clause, lambda t: in_other_clause(self.dist, span, t))
        if best is not None:
            return best.date_start, best.date_end, "text"
        published = self.doc.published
        context = running_time(self.text, self.lang, published, self.sentences, sentence.index, self.dist) or inherited
        if context is not None:
            return context.date_start, context.date_end, "context"
        if published is None:
            return None, None, None
        return published, published, "publication"

    # --- the pass -----------------------------------------------------------------------
    def run(self) -> list[Event]:
        inherited: TimeSpan | None = None
        for sentence in self.sentences:
            times = find_times(self.text, self.lang, self.doc.published, sentence.start, sentence.end)
            if not self.c["hypothesis"].match(self.text, sentence.start, sentence.end):
                self._sentence(sentence, times, inherited)
            # A running period ("depuis le 15 novembre") carries over to the next sentence only.
            inherited = next((t for t in reversed(times) if t.since), None)
        return self.events

    def _frames(self, sentence: Sentence) -> list[_Frame]:
        frames: dict[tuple[str, int], _Frame] = {}
        for t in find_triggers(self.text, self.lang, sentence.start, sentence.end):
            family = FAMILIES[t.kind]
            key = (family, sentence.clause_of(t.start))
            frames.setdefault(key, _Frame(family, key[1])).triggers.append(t)
        return list(frames.values())

    def _sentence(self, sentence: Sentence, times: list[TimeSpan], inherited: TimeSpan | None) -> None:
        numbers = find_numbers(self.text, self.lang, sentence.start, sentence.end)
        anaphoric = bool(self.c["anaphora"].match(self.text, sentence.start, sentence.end))
        for frame in self._frames(sentence):
            clause_span = sentence.clauses[frame.clause]
            anchor = next((t for t in frame.triggers if t.kind in ("kill", "displace")), frame.head)
            counts = _counts(self.text, self.lang, numbers, clause_span, anchor, self.dist)
            head = frame.head
            actor1, actor2 = self._actors(frame, sentence, clause_span)
            kinds = {t.kind for t in frame.triggers}
            tags: tuple[str, ...] = ()
            inherit_from = None
            if frame.family == "violence":
                typed = _violent_type(kinds, self.text[clause_span[0] : clause_span[1]], self.c["air"], actor1)
                if typed is None:  # killings without a stated mechanism
                    if anaphoric and self.last_violent is not None:
                        inherit_from = self.last_violent
                        typed = (inherit_from.event_type, inherit_from.sub_event_type)
                    elif counts.total is not None and counts.victims in ("civilian", "child"):
                        typed = (VAC, "Attack")
                        actor2 = None
                    else:
                        continue
                event_type, sub = typed
            elif frame.family == "displacement":
                event_type, sub, tags = STRATEGIC, "Other", ("displacement",)
            elif frame.family == "diplomacy":
                event_type, tags = STRATEGIC, ("diplomatic",)
                sub = "Agreement" if "agreement" in kinds else "Other"
            elif frame.family == "protest":
                event_type, sub = PROTESTS, "Peaceful protest"
            elif frame.family == "riot":
                event_type, sub = RIOTS, "Violent demonstration"
            else:
                event_type, sub = STRATEGIC, "Arrests"

            grounded = counts.total is not None or bool(times) or inherited is not None
            place, mention, precision = self._locate(frame, sentence, clause_span, grounded, inherit_from)
            if place is None:
                continue
            if inherit_from is not None and actor1 is None:
                actor1 = _actor_named(inherit_from.actor1, inherit_from.faction1)
            if event_type == VAC and actor2 is None:
                actor2 = Actor("civilians", CIVILIANS, "other")
            date_start, date_end, basis = self._date(head, sentence, times, inherited)
            fatalities = displaced = None
            qualifier = ""
            if frame.family == "displacement":
                if counts.total is not None:
                    displaced, qualifier = counts.total.value, counts.total.qualifier
            elif frame.family == "violence":
                fatalities, qualifier = counts.fatalities, counts.qualifier
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
                fatalities=fatalities,
                fatalities_qualifier=qualifier,
                civilian_fatalities=counts.civilians if fatalities is not None else None,
                child_fatalities=counts.children if fatalities is not None else None,
                displaced=displaced,
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
            if frame.family == "violence":
                self.last_violent = event
            if frame.family == "diplomacy":
                self.last_diplomatic = (sentence.index, mention, place)

    def _locate(
        self, frame: _Frame, sentence: Sentence, clause_span: tuple[int, int], grounded: bool, inherit_from: Event | None
    ) -> tuple[Place | None, ResolvedMention | None, int | None]:
        in_clause = self._locations(*clause_span)
        in_sentence = self._locations(sentence.start, sentence.end)
        if frame.family == "diplomacy":
            # Talks happen in cities; "sur la Syrie" is the topic, not the venue.
            in_clause = [m for m in in_clause if m.place.level in _SETTLEMENT_LEVELS and m.vague_direction is None]
            in_sentence = [m for m in in_sentence if m.place.level in _SETTLEMENT_LEVELS and m.vague_direction is None]
        pool = in_clause or (in_sentence if grounded or frame.family == "diplomacy" else [])
        mention = self._nearest(frame.head, pool, sentence)
        if mention is not None:
            place, precision = self._place_of(mention)
            return place, mention, precision
        if inherit_from is not None and inherit_from.place is not None:
            return inherit_from.place, None, inherit_from.geo_precision
        if frame.family == "diplomacy" and self.last_diplomatic is not None:
            index, m, place = self.last_diplomatic
            if sentence.index - index <= PLACE_MEMORY and place is not None:
                return place, m, 1
        return None, None, None

    def _admin(self, place: Place) -> dict:
        admin1_id = place.extra.get("admin1") or (place.place_id if place.level is Level.GOVERNORATE else None)
        admin1 = None
        if admin1_id:
            try:
                admin1 = self.gaz.get(admin1_id).name
            except KeyError:
                admin1 = None
        return {"admin1": admin1, "country": self._country_name(place.country), "iso": place.country}


def side_faction(words: str, lang: str) -> str | None:
    """The faction a "side" phrase names ("gouvernemental" -> government)."""
    table = {k.lower(): v for k, v in lexicon(lang).FACTION_WORDS.items()}
    return table.get(" ".join(words.lower().split()))


def held_region(gazetteer: Gazetteer, place: Place, faction: str) -> Place | None:
    """The conflict-era region of ``place`` that ``faction`` held (West Aleppo for the government)."""
    return next((r for r in gazetteer.children(place.place_id, Level.REGION) if r.extra.get("held_by") == faction), None)


def _actor_named(name: str | None, faction: str | None) -> Actor | None:
    return Actor(name.lower(), name, faction or "other") if name else None


def extract_document_events(document: Document, parsed: SpacyDoc, mentions: list[ResolvedMention], gazetteer: Gazetteer) -> list[Event]:
    """The events one parsed document reports (before merging across documents)."""
    return _DocumentEvents(document, parsed, mentions, gazetteer).run()
