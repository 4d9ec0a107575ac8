"""Control claims: statements of who holds, took or lost which ground, and how much of it.

"le régime en contrôlait désormais un tiers" -> (Chaar, government, holds, 1/3);
"après avoir perdu près des deux-tiers des quartiers d'Alep" -> (Aleppo, rebels, lost, 2/3);
"ne garderaient plus le contrôle que de la province d'Idleb ... et de quelques poches près de
Damas et dans le sud du pays" -> (Idlib, rebels, holds) plus two low-precision claims;
"un important quartier rebelle d'Alep" / "côté gouvernemental d'Alep" -> the region of Aleppo
that faction holds, when the gazetteer knows one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc as SpacyDoc

from gazetteer import Gazetteer, Level, Place

from .actors import find_actors
from .clauses import Distances, Sentence, sentences
from .documents import Document
from .events import WORD_END, DocumentPlaces, held_region, is_dateline, side_faction
from .lang import lexicon
from .numbers import find_fractions
from .offsets import ByStart
from .resolve import LOCATION, ResolvedMention
from .theatres import Actor, theatre_for, theatres
from .timex import find_times

HOLDS, TOOK, LOST = "holds", "took", "lost"
#: How far after a claim word its places may be (characters), and before it for pronouns.
REACH = 160
#: Sentences back a pronoun ("en contrôlait un tiers") may look for its place.
PRONOUN_MEMORY = 2


@dataclass(frozen=True)
class ControlClaim:
    """One statement of control: ``faction`` ``stance`` ``share`` of ``place`` as of a date."""

    place: Place
    faction: str
    stance: str  # holds | took | lost
    share: float | None
    as_of: dt.date | None
    quote: str
    doc_id: str
    start: int
    end: int
    surface: str = ""
    #: "exact" for a named place; "near" (poches près de Damas) and "vague" (le sud du pays) are low precision.
    precision: str = "exact"
    direction: str | None = None

    def to_dict(self) -> dict:
        return {
            "place_id": self.place.place_id,
            "name": self.place.name,
            "level": self.place.level.value,
            "faction": self.faction,
            "stance": self.stance,
            "share": round(self.share, 3) if self.share is not None else None,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "precision": self.precision,
            "direction": self.direction,
            "surface": self.surface,
            "quote": self.quote,
            "source": self.doc_id,
        }


@lru_cache(maxsize=None)
def _compiled(lang: str) -> dict:
    lex = lexicon(lang)
    flags = re.IGNORECASE
    return {
        "claims": [(re.compile(rf"(?<![\w-])(?:{p}){WORD_END}", flags), stance, after) for p, stance, after in lex.CLAIMS],
        "sides": re.compile(lex.SIDES, flags),
        "not_claimed": re.compile(lex.NOT_CLAIMED_BEFORE, flags),
        "hypothesis": re.compile(lex.HYPOTHESIS.lstrip("^"), flags),
        "intent": re.compile(lex.INTENT_BEFORE, flags),
        "level_words": {w.lower(): Level.parse(v) for w, v in lex.LEVEL_CUES_BEFORE.items()},
        "coordinated": re.compile(lex.COORDINATED, flags),
        "vague_share": re.compile(lex.VAGUE_SHARE, flags),
        "generic": [(re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", flags), Level.parse(lv)) for p, lv in lex.GENERIC_PLACES],
    }


class _DocumentClaims:
    def __init__(self, document: Document, parsed: SpacyDoc, mentions: list[ResolvedMention], gazetteer: Gazetteer) -> None:
        self.doc, self.text, self.lang, self.gaz = document, document.text, document.lang, gazetteer
        self.sentences = sentences(parsed, self.lang)
        self.dist = Distances(parsed)
        self.mentions = [m for m in mentions if m.place is not None and m.role == LOCATION and not is_dateline(document.text, m)]
        self.mentions_at = ByStart(self.mentions)
        self.places = DocumentPlaces(self.mentions, self.lang)
        self.theatre = theatre_for(m.place.country for m in self.mentions)
        self.c = _compiled(self.lang)
        self.claims: list[ControlClaim] = []

    def run(self) -> list[ControlClaim]:
        for s in self.sentences:
            if self.c["hypothesis"].match(self.text, s.start, s.end):
                continue
            times = find_times(self.text, self.lang, self.doc.published, s.start, s.end)
            self._sides(s, times)
            self._verbs(s, times)
        return self.claims

    def _as_of(self, offset: int, sentence: Sentence, times) -> dt.date | None:
        clause = sentence.clause_of(offset)
        own = [t for t in times if sentence.clause_of(t.start) == clause and not t.since]
        if own:
            return min(own, key=lambda t: abs(t.start - offset)).date_end
        return self.doc.published

    def _add(self, m: ResolvedMention | None, place: Place, faction: str, stance: str, share, as_of, sentence: Sentence, start: int, end: int, vague: bool = False) -> None:
        precision, direction = "exact", None
        if vague:
            precision = "vague"  # "about a quarter", "parts of": never a confident zone
        if m is not None and m.vague_direction:
            precision, direction = "vague", m.vague_direction
        elif m is not None and m.near:
            precision = "near"
        self.claims.append(
            ControlClaim(
                place, faction, stance, share, as_of, self.text[sentence.start : sentence.end].strip(), self.doc.doc_id,
                start, end, m.surface if m else place.name, precision, direction,
            )
        )

    def _sides(self, s: Sentence, times) -> None:
        """"quartier rebelle d'Alep", "côté gouvernemental d'Alep": the faction's part of a place."""
        for m in self.mentions_at.starting_in(s.start, s.end):
            match = self.c["sides"].search(self.text, max(s.start, m.start - 60), m.start)
            if not match:
                continue
            faction = side_faction(match.group("faction"), self.lang)
            if faction is None:
                continue
            region = held_region(self.gaz, m.place, faction, self._as_of(m.start, s, times))
            if region is not None:
                self._add(m, region, faction, HOLDS, None, self._as_of(m.start, s, times), s, match.start(), m.end)
            else:
                # A faction holds part of the place, and we cannot say which part: contested.
                self._add(m, m.place, faction, HOLDS, 0.5, self._as_of(m.start, s, times), s, match.start(), m.end)

    def _faction(self, s: Sentence, start: int, end: int, after: bool) -> Actor | None:
        clause = s.clauses[s.clause_of(start)]
        if after:
            spans = [a for a in find_actors(self.text, self.lang, end, min(s.end, end + 60), self.theatre)]
            return spans[0].actor if spans else None
        spans = [a for a in find_actors(self.text, self.lang, clause[0], start, self.theatre)]
        if spans:
            return spans[-1].actor
        # The subject may sit before a clause break ("Les insurgés, eux, ne garderaient...").
        spans = [a for a in find_actors(self.text, self.lang, s.start, start, self.theatre)]
        return spans[-1].actor if spans else None

    @staticmethod
    def _in_theatre(actor: Actor, place: Place) -> bool:
        """An actor of a theatre pack claims ground only in that theatre's countries (the SDF
        hold nothing in Mosul); an actor kept as written is not checked."""
        countries = {c for t in theatres() if actor.key in t.actors and t.actors[actor.key] == actor for c in t.countries}
        return not countries or place.country is None or place.country in countries

    def _verbs(self, s: Sentence, times) -> None:
        found: list[tuple[int, int, str, bool]] = []
        for pattern, stance, faction_after in self.c["claims"]:
            for match in pattern.finditer(self.text, s.start, s.end):
                a, b = match.span()
                if any(a < e and x < b for x, e, _, _ in found):
                    continue
                if self.c["intent"].search(self.text, max(s.start, a - 60), a):
                    continue
                found.append((a, b, stance, faction_after))
        # Each date belongs to the nearest claim word of its clause ("perdu ... qu'ils avaient conquis en 2012").
        # A claim word with several dates ("recaptured X on Saturday after three days of shelling")
        # takes its nearest one.
        dated: dict[int, tuple[int, dt.date]] = {}
        for t in times:
            if t.since:
                continue
            same = [f for f in found if s.clause_of(f[0]) == s.clause_of(t.start)]
            if same:
                distance, nearest = min((self.dist.between((f[0], f[1]), (t.start, t.end)), f[0]) for f in same)
                if nearest not in dated or distance < dated[nearest][0]:
                    dated[nearest] = (distance, t.date_end)
        for a, b, stance, faction_after in found:
            actor = self._faction(s, a, b, faction_after)
            if actor is None:
                continue
            self._claim_places(s, dated[a][1] if a in dated else self.doc.published, a, b, stance, actor, faction_after)

    def _claim_places(self, s: Sentence, as_of: dt.date | None, a: int, b: int, stance: str, actor: Actor, faction_after: bool) -> None:
        faction = actor.faction
        clause_end = s.clauses[s.clause_of(a)][1]
        limit = min(clause_end, b + REACH)
        fractions = [f for f in find_fractions(self.text, self.lang, b, limit)]
        share = fractions[0].value if fractions else None
        if faction_after:
            # "sous le contrôle des rebelles": the place is before the words.
            before = [m for m in self.mentions_at.starting_in(s.start, a) if m.place.level is not Level.COUNTRY]
            if before and self._in_theatre(actor, before[-1].place):
                m = before[-1]
                self._add(m, m.place, faction, stance, share, as_of, s, m.start, b)
            return
        targets: list[tuple[ResolvedMention, float | None]] = []
        last_end = b
        for m in self.mentions_at.starting_in(b, limit):
            if self.text[max(0, m.start - 2) : m.start].strip().startswith("("):
                continue  # "(nord-ouest)" after a place describes it
            if self.c["not_claimed"].search(self.text, max(s.start, m.start - 40), m.start):
                continue  # "voisine de celle d'Alep"
            if m.place.level is Level.COUNTRY and not m.vague_direction:
                continue  # "la rébellion en Syrie": whole countries are not claimed this way
            # The first place is the object; later ones only when coordinated with it
            # ("Idleb ... et de quelques poches près de Damas"), not "in southern Idlib".
            if targets and not self.c["coordinated"].search(self.text[last_end : m.start]):
                break
            between = [f for f in fractions if last_end <= f.start < m.start]
            targets.append((m, between[-1].value if between else None))
            last_end = m.end
        if not targets:
            generic = next((g for g in (p.search(self.text, b, limit) for p, _ in self.c["generic"]) if g), None)
            if generic is not None:
                # "a quarter of the city": the document's own city, never a province or a namesake.
                level = next(lv for p, lv in self.c["generic"] if p.fullmatch(generic.group(0)))
                m = self.places.of(level, a)
            else:
                m = self._pronoun_place(s, a)
            if m is not None:
                targets = [(m, share)]
        for m, portion in targets:
            if not self._in_theatre(actor, m.place):
                continue
            vague = bool(self.c["vague_share"].search(self.text, b, m.start if m.start > b else limit))
            self._add(m, m.place, faction, stance, portion, as_of, s, a, m.end, vague)

    def _pronoun_place(self, s: Sentence, offset: int) -> ResolvedMention | None:
        """The place a pronoun or an elided object stands for: the latest place of the level a
        generic noun names in this sentence ("le quartier"), else the latest place."""
        first = max(0, s.index - PRONOUN_MEMORY)
        window_start = self.sentences[first].start
        pool = [m for m in self.mentions_at.starting_in(window_start, offset) if m.place.level is not Level.COUNTRY and not m.vague_direction]
        if not pool:
            return None
        words = re.findall(r"[\w-]+", self.text[window_start:offset].lower())
        levels = {self.c["level_words"][w] for w in words if w in self.c["level_words"]}
        cued = [m for m in pool if m.place.level in levels]
        return (cued or pool)[-1]


def extract_document_claims(document: Document, parsed: SpacyDoc, mentions: list[ResolvedMention], gazetteer: Gazetteer) -> list[ControlClaim]:
    """The control claims one parsed document makes."""
    return _DocumentClaims(document, parsed, mentions, gazetteer).run()
