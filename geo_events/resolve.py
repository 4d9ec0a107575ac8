"""Toponym resolution in context: focus country, spatial coherence, level cues, one sense per
discourse; plus each mention's role (location, actor, origin) and geo-precision."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

import numpy

from gazetteer import Candidate, Gazetteer, Level, Place, QueryError, distance_km, fold

from .recognize import LOCATIVE, ORIGIN, Mention, leading_votes

#: Bonus for candidates in the document's focus country, and for coherence with other places.
FOCUS_BONUS = 0.1
#: Countries the caller states (JSON Lines metadata) weigh more than inferred ones.
GIVEN_FOCUS_BONUS = 0.2
COHERENCE_BONUS = 0.1
COHERENCE_KM = 250.0
#: How far a same-named settlement may trail a governorate and still win on a bare name.
BARE_NAME_MARGIN = 0.15
#: A same-named settlement this close to a unit's point is taken to be its seat.
SEAT_KM = 100.0
#: Candidates this sure (before context) anchor the others.
ANCHOR_SCORE = 0.9
#: "Buffalo, New York", "Atlanta, Georgia": a name right after a place, with only a comma between,
#: is the unit that holds it; both senses that make the pair fit get this bonus.
CONTAINED_BONUS = 0.3
#: How many characters may separate such a pair (", " or " (").
APPOSITION_GAP = 2
#: Weight of the gap in importance to the name's most important sense: "Rome" in a text about
#: the United States is still Rome, Italy, unless the context clearly points at a namesake.
PROMINENCE_WEIGHT = 0.25
#: A candidate whose own name is the name written beats one known by it only as an alias.
OWN_NAME_BONUS = 0.01
#: Bonus for candidates in a first-level unit (state, province) the document is about: a US local
#: story naming Rapides Parish means Alexandria, Louisiana, not Egypt's nor Virginia's.
REGION_FOCUS_BONUS = 0.15
#: A unit is in focus when its tally reaches this share of the top one, and the top tally this.
REGION_FOCUS_SHARE = 0.5
REGION_FOCUS_MIN = 1.0
#: ... but a world city keeps its name: a namesake this much less important than the name's
#: first sense gets no such bonus ("Paris" in a story naming Texas is still Paris, France).
REGION_FOCUS_MAX_GAP = 0.25

LOCATION, ACTOR, ROLE_ORIGIN = "location", "actor", "origin"
_UNITS = frozenset({Level.GOVERNORATE, Level.DISTRICT, Level.SUBDISTRICT})
_PRECISION = {
    Level.NEIGHBOURHOOD: 1,
    Level.CITY: 1,
    Level.TOWN: 1,
    Level.SUBDISTRICT: 2,
    Level.DISTRICT: 2,
    Level.REGION: 2,
    Level.GOVERNORATE: 3,
    Level.COUNTRY: 3,
}


@dataclass(frozen=True)
class ResolvedMention:
    """A mention with the place it names (or none, and why), confidence, role, precision."""

    doc_id: str
    start: int
    end: int
    surface: str
    place: Place | None
    confidence: float
    role: str
    geo_precision: int | None
    reason: str
    sentence: tuple[int, int]
    #: "près de Damas": the place is only approximately where things happen.
    near: bool = False
    #: Set for vague areas ("le sud du pays" -> "south"); ``place`` is then what it is part of.
    vague_direction: str | None = None

    def to_dict(self) -> dict:
        place = self.place
        return {
            "doc_id": self.doc_id,
            "surface": self.surface,
            "start": self.start,
            "end": self.end,
            "place_id": place.place_id if place else None,
            "name": place.name if place else None,
            "level": place.level.value if place else None,
            "country": place.country if place else None,
            "confidence": round(self.confidence, 3),
            "role": self.role,
            "geo_precision": self.geo_precision,
            "reason": self.reason,
        }


def focus_countries(mentions: list[Mention], given: Iterable[str] = ()) -> tuple[str, ...]:
    """The countries a document is about, from its own places (and metadata, when given).

    Each mention votes for the countries of its candidates, shared among them; named
    countries vote too. Countries within half the top tally are all in focus (a story about
    Syria and Turkey has both). There is no default: a text naming nothing has no focus.
    """
    tally: Counter[str] = Counter()
    for m in mentions:
        countries = {c.place.country for c in m.candidates if c.place.country}
        if not countries:
            continue
        best = m.candidates[0]
        if best.place.level is Level.COUNTRY:
            tally[best.place.country] += 0.75
        else:
            for country in countries:
                tally[country] += (0.5 if country == best.place.country else 0.0) + 0.5 / len(countries)
    given = tuple(c.upper() for c in given if c)
    if not tally:
        return given
    top = tally.most_common(1)[0][1]
    inferred = tuple(c for c, n in tally.most_common() if n >= 0.5 * top)
    return given + tuple(c for c in inferred if c not in given)


def region_votes(mentions: list[Mention], focus: tuple[str, ...]) -> dict[str, Counter[str]]:
    """Votes for the first-level units (admin1 ids) a document is about, per folded name.

    A mention whose first sense in a focus country is a unit ("Louisiana", "Ky.", "Rapides
    Parish", "Georgia" in a US story) votes for the first-level unit holding it. Towns do not
    vote: "New York" is the city, and a story naming it is not about upstate towns.
    """
    votes: dict[str, Counter[str]] = {}
    for m in mentions:
        first = next((c.place for c in m.candidates if c.place.country in focus and c.place.level is not Level.COUNTRY), None)
        if first is not None and first.level in _UNITS and first.extra.get("admin1"):
            votes.setdefault(fold(m.lookup_name), Counter())[first.extra["admin1"]] += 1.0
    return votes


def focus_regions(votes: dict[str, Counter[str]], leave_out: str | None = None) -> frozenset[str]:
    """Units in focus: a tally reaching a share of the top one, the top at least a few votes;
    ``leave_out`` (a folded name) does not vote for its own sense."""
    return leading_votes(votes, leave_out, REGION_FOCUS_SHARE, REGION_FOCUS_MIN)


def _role(mention: Mention, place: Place | None) -> str:
    if mention.hint == ORIGIN:
        return ROLE_ORIGIN
    metonymic = place is not None and (place.level is Level.COUNTRY or bool(place.extra.get("capital")))
    if metonymic and mention.hint != LOCATIVE:
        return ACTOR
    return LOCATION


def _cued_candidates(mention: Mention, gazetteer: Gazetteer, focus: tuple[str, ...], anchor: Place | None) -> tuple[Candidate, ...]:
    """Candidates of the cue's level ("le quartier de X" -> neighbourhoods near the main city)."""
    near = (anchor.lat, anchor.lon) if anchor is not None and mention.level_cue is Level.NEIGHBOURHOOD else None
    # "the town of Palmyra" may be a city by population, and "la ville de X" a town.
    settlement = {Level.CITY, Level.TOWN}
    levels = sorted(settlement, key=lambda x: x.value) if mention.level_cue in settlement else [mention.level_cue]
    try:
        found = gazetteer.lookup(mention.lookup_name, level=levels, near=near, limit=10)
    except QueryError:
        return ()
    in_focus = [c for c in found if c.place.country in focus]
    # With a focus, a cued level found only elsewhere ("Madison County": no US counties, but a
    # district abroad with a like name) is no better than the mention's own candidates.
    return tuple((in_focus or ([] if focus else found))[:5])


def resolve(doc_id: str, mentions: list[Mention], gazetteer: Gazetteer, focus: Iterable[str] = ()) -> list[ResolvedMention]:
    """Choose a place for every mention using the whole document as context.

    ``focus`` are countries the caller knows the document is about (JSON Lines metadata);
    the text's own places add to them.
    """
    given = tuple(c.upper() for c in focus)
    focus = focus_countries(mentions, given)
    votes = region_votes(mentions, focus)
    regions_without: dict[str, frozenset[str]] = {}
    # Anchors: sure places in the countries the text is about (a far-off capital named as an
    # actor, "Washington", must not pull "Genève" to Geneva, New York).
    anchors = [
        m.candidates[0].place
        for m in mentions
        if m.candidates and m.candidates[0].score >= ANCHOR_SCORE and m.candidates[0].place.level is not Level.COUNTRY and m.candidates[0].place.country in focus
    ]
    settlements = Counter(
        p.place_id for p in anchors if p.level in (Level.CITY, Level.TOWN) and p.country in focus
    )
    main_city = gazetteer.get(settlements.most_common(1)[0][0]) if settlements else None
    nearest_anchor = _AnchorIndex(anchors).nearest

    paired = _apposition_pairs(mentions)
    chosen: list[tuple[Mention, Candidate | None, float, str]] = []
    for index, m in enumerate(mentions):
        if m.origin in ("vague", "generic"):
            chosen.append((m, None, 0.0, "vague area"))
            continue
        pool = m.candidates
        reason = "best candidate in context"
        if m.level_cue is not None:
            cued = _cued_candidates(m, gazetteer, focus, main_city)
            if cued:
                pool, reason = cued, f"level cue: {m.level_cue.value}"
        name = fold(m.lookup_name)
        if name not in regions_without:
            regions_without[name] = focus_regions(votes, name)
        regions = regions_without[name]
        best, best_score, second = None, -1.0, -1.0
        settlements = [c for c in pool if c.place.level in (Level.CITY, Level.TOWN)]
        own = {c.place.place_id for c in m.candidates}
        # The most important place whose own name this is: a place known by it only in
        # translation (Casablanca, "White House") does not outrank the namesakes.
        named = [c for c in pool if fold(c.place.name) == fold(m.lookup_name)] or list(pool)
        top_importance = max((gazetteer.importance(c.place.place_id) for c in named), default=0.0)
        for c in pool:
            # World regions (no country) are never out of focus; a country is in focus only when
            # the text is about it ("Georgia" in a text about Atlanta is the US state).
            in_focus = c.place.country in focus or c.place.country is None or (c.place.level is Level.COUNTRY and not focus)
            score = c.score + (GIVEN_FOCUS_BONUS if c.place.country in given else FOCUS_BONUS if in_focus else 0.0)
            # Only a place known by the name written: an alias ("Africa", an old name of Mahdia)
            # does not make a town of the unit in focus.
            if (
                c.place.level is not Level.COUNTRY
                and c.place.extra.get("admin1") in regions
                and fold(c.place.name) == fold(m.lookup_name)
                and top_importance - gazetteer.importance(c.place.place_id) <= REGION_FOCUS_MAX_GAP
            ):
                score += REGION_FOCUS_BONUS
            # A bare name is the city, not the province named after it ("Aleppo", "Raqqa").
            if m.level_cue is None and c.place.level in _UNITS and any(_seat_of(x.place, c.place) and x.score >= c.score - BARE_NAME_MARGIN for x in settlements):
                score -= BARE_NAME_MARGIN
            # Other names' anchors only: a mention's own top sense must not pull its namesakes
            # ("City of London" is not coherent with "Londres" because London is a sense of it).
            nearest = nearest_anchor(c.place, own) if c.place.level is not Level.COUNTRY else None
            if nearest is not None:
                score += COHERENCE_BONUS * math.exp(-nearest / COHERENCE_KM)
            if c.place.place_id in paired.get(index, ()):
                score += CONTAINED_BONUS
            # Countries the caller states (metadata) are surer than prominence.
            if c.place.level is not Level.COUNTRY and c.place.country not in given:
                score -= PROMINENCE_WEIGHT * (top_importance - gazetteer.importance(c.place.place_id))
            if fold(c.place.name) == fold(m.lookup_name):
                score += OWN_NAME_BONUS
            if score > best_score:
                best, best_score, second = c, score, best_score
            elif score > second:
                second = score
        margin = best_score - second if second >= 0 else 1.0
        confidence = min(1.0, max(0.0, best_score - 0.1)) * (1.0 if margin >= 0.05 else 0.8)
        chosen.append((m, best, confidence, reason if best else "no gazetteer entry"))

    # One sense per discourse: uncued repeats of a name take the sense most often chosen for it.
    senses: dict[str, Counter[str]] = {}
    for m, c, _, _ in chosen:
        if c is not None and m.level_cue is None:
            senses.setdefault(fold(m.lookup_name), Counter())[c.place.place_id] += 1
    out = []
    for m, c, confidence, reason in chosen:
        place = c.place if c else None
        if c is not None and m.level_cue is None and fold(m.lookup_name) in senses:
            majority = senses[fold(m.lookup_name)].most_common(1)[0][0]
            if majority != place.place_id:
                place = next((x.place for x in m.candidates if x.place.place_id == majority), None) or gazetteer.get(majority)
                reason = "one sense per discourse"
        if m.origin == "vague":
            place, precision, confidence, reason = _vague_place(m, gazetteer, focus, mentions)
        elif m.origin == "generic":
            place, precision, confidence, reason = _generic_place(m, out, main_city)
        else:
            precision = None if place is None else (2 if m.near and _PRECISION[place.level] == 1 else _PRECISION[place.level])
        out.append(
            ResolvedMention(
                doc_id, m.start, m.end, m.surface, place, confidence, _role(m, place), precision, reason, m.sentence,
                m.near, m.vague_direction if m.origin == "vague" else None,
            )
        )
    return out


def _holds(unit: Place, place: Place) -> bool:
    """Whether ``unit`` (a country or admin unit) contains ``place``, by the gazetteer's links."""
    if unit.place_id == place.place_id or place.level is Level.COUNTRY:
        return False
    if unit.level is Level.COUNTRY:
        return place.country == unit.country
    if unit.level not in _UNITS:
        return False
    return unit.place_id in (place.parent_id, place.extra.get("admin1"))


def _apposition_pairs(mentions: list[Mention]) -> dict[int, set[str]]:
    """For "Buffalo, New York": the senses of each mention that make it and its neighbour a
    place and the unit that holds it (index -> place ids)."""
    out: dict[int, set[str]] = {}
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        if not a.candidates or not b.candidates or b.start - a.end > APPOSITION_GAP or a.sentence != b.sentence:
            continue
        for ca in a.candidates:
            for cb in b.candidates:
                if _holds(cb.place, ca.place):
                    out.setdefault(i, set()).add(ca.place.place_id)
                    out.setdefault(i + 1, set()).add(cb.place.place_id)
    return out
class _AnchorIndex:
    """Distance from a place to the nearest anchor of another name, over the distinct anchors,
    remembered per (place, own senses): a long document repeats both, and scanning every
    anchor for every candidate made resolution quadratic in its length."""

    def __init__(self, anchors: list[Place]) -> None:
        unique = list({a.place_id: a for a in anchors}.values())
        self.anchors = unique
        self.folded = [fold(a.name) for a in unique]
        self.lat = numpy.radians([a.lat for a in unique])
        self.lon = numpy.radians([a.lon for a in unique])
        self.memo: dict[tuple[str, frozenset[str]], float | None] = {}

    def nearest(self, place: Place, own: set[str]) -> float | None:
        """Exactly ``min(distance_km(place, a))`` over anchors not named like ``place`` nor
        among ``own``; None when there are none."""
        key = (place.place_id, frozenset(own))
        if key in self.memo:
            return self.memo[key]
        name = fold(place.name)
        keep = [i for i, a in enumerate(self.anchors) if self.folded[i] != name and a.place_id not in own]
        out = None
        if keep:
            # A vectorised haversine finds the few nearest; the result is then the exact
            # ``distance_km`` over those, so scores are the same as a plain scan.
            idx = numpy.array(keep)
            p = math.radians(place.lat)
            a = numpy.sin((self.lat[idx] - p) / 2) ** 2 + math.cos(p) * numpy.cos(self.lat[idx]) * numpy.sin((self.lon[idx] - math.radians(place.lon)) / 2) ** 2
            approx = 2 * 6371.0088 * numpy.arcsin(numpy.minimum(1.0, numpy.sqrt(a)))
            close = idx[approx <= approx.min() * (1 + 1e-9) + 1e-6]
            out = min(distance_km(place.lat, place.lon, self.anchors[i].lat, self.anchors[i].lon) for i in close)
        self.memo[key] = out
        return out


def _seat_of(settlement: Place, unit: Place) -> bool:
    """Whether a city lies in the unit named like it (Aleppo city in Aleppo governorate).

    Only cities and admin seats: "Maryland City", a town of Maryland, does not make
    "Maryland" a town.
    """
    if settlement.country != unit.country or (settlement.level is not Level.CITY and settlement.extra.get("seat_level") is None):
        return False
    if settlement.extra.get("admin1") and settlement.extra.get("admin1") in (unit.place_id, unit.extra.get("admin1")):
        return True
    return distance_km(settlement.lat, settlement.lon, unit.lat, unit.lon) <= SEAT_KM


def _generic_place(m: Mention, before: list[ResolvedMention], main_city: Place | None) -> tuple[Place | None, int, float, str]:
    """"Old City", "city centre": a part of the city last named before it (or the main city)."""
    for previous in reversed(before):
        if previous.place is not None and previous.place.level in (Level.CITY, Level.TOWN):
            return previous.place, 1, 0.7, f"generic name inside {previous.place.name} (named before it)"
    if main_city is not None:
        return main_city, 1, 0.6, f"generic name inside {main_city.name} (the document's main city)"
    return None, 3, 0.0, "generic name with no city in the text"


def _vague_place(m: Mention, gazetteer: Gazetteer, focus: tuple[str, ...], mentions: list[Mention]) -> tuple[Place | None, int, float, str]:
    """A vague area ("le sud du pays") stands for the place it is part of, at precision 3."""
    place = None
    if m.vague_of:
        try:
            found = gazetteer.lookup(m.vague_of, fuzzy=False, limit=1)
        except QueryError:
            found = []
        place = found[0].place if found else None
    if place is None and focus:
        try:
            place = gazetteer.get(f"country:{focus[0]}")
        except KeyError:
            place = None
    return place, 3, 0.5 if place else 0.0, f"vague area: {m.vague_direction} of {place.name if place else '?'}"
