"""Events, control claims, zones and merging on real articles and the shipped gazetteer."""

from __future__ import annotations

import datetime as dt

import pytest

from geo_events import make_document
from geo_events.analysis import analyse, events_to_geodataframe
from geo_events.events import Event
from geo_events.merge import merge_events
from geo_events.numbers import find_fractions, find_numbers
from geo_events.timex import find_times

from .conftest import EXAMPLE, ROOT

PUBLISHED = dt.date(2016, 12, 7)
D = dt.date


@pytest.fixture(scope="module")
def seed(gaz):
    doc = make_document(EXAMPLE.read_text(encoding="utf-8"), doc_id="seed", lang="fr", published=PUBLISHED)
    return analyse([doc], gaz)


@pytest.fixture(scope="module")
def english(gaz):
    text = (ROOT / "tests" / "data" / "idlib-offensive.en.txt").read_text(encoding="utf-8")
    return analyse([make_document(text, doc_id="en", lang="en", published=D(2019, 5, 10))], gaz)


def _one(events: list[Event], **where) -> Event:
    found = [e for e in events if all(getattr(e, k) == v for k, v in where.items())]
    assert len(found) == 1, (where, [(e.event_type, e.sub_event_type, e.location) for e in events])
    return found[0]


# --- the seed article (issue 4's "what it must show") -------------------------------------


def test_clash_in_chaar_yesterday_between_army_and_rebels(seed):
    e = _one(seed.events, sub_event_type="Armed clash", location="Chaar")
    assert e.event_type == "Battles" and e.place.place_id == "ocha:N0156"
    assert (e.date_start, e.date_end, e.time_precision) == (D(2016, 12, 6), D(2016, 12, 6), "day")
    assert (e.actor1, e.actor2) == ("Military Forces of Syria", "Syrian rebel groups")
    assert e.admin1 == "Aleppo" and e.country == "Syria" and e.geo_precision == 1


def test_air_strikes_on_idlib_province(seed):
    e = _one(seed.events, sub_event_type="Air/drone strike")
    assert e.place.place_id == "ocha:SY07" and e.geo_precision == 3
    assert e.actor1 == "Military Forces of Russia"
    assert (e.fatalities, e.fatalities_qualifier, e.civilian_fatalities, e.child_fatalities) == (85, "at least", 85, 18)
    assert (e.date_start, e.date_end) == (D(2016, 12, 3), PUBLISHED)


def test_rebel_shelling_of_government_aleppo(seed):
    shelling = [e for e in seed.events if e.sub_event_type == "Shelling/artillery/missile attack"]
    by_toll = {e.fatalities: e for e in shelling}
    assert set(by_toll) == {81, 2}
    assert by_toll[81].child_fatalities == 31 and by_toll[81].actor1 == "Syrian rebel groups"
    # "côté gouvernemental d'Alep" is the government-held region of the city.
    assert by_toll[81].place.place_id == "region:west-aleppo"
    doctors = by_toll[2]
    assert (doctors.date_start, doctors.date_end) == (D(2016, 12, 5), D(2016, 12, 5))
    assert doctors.actor1 == "Syrian rebel groups" and doctors.place.place_id in {"region:west-aleppo", "geonames:170063"}


def test_east_aleppo_civilians_killed_and_displaced(seed):
    vac = _one(seed.events, event_type="Violence against civilians")
    assert vac.place.place_id == "region:east-aleppo"
    assert (vac.fatalities, vac.civilian_fatalities, vac.child_fatalities) == (341, 341, 44)
    assert (vac.date_start, vac.date_end) == (D(2016, 11, 15), PUBLISHED)
    fled = _one(seed.events, tags=("displacement",))
    assert fled.event_type == "Strategic developments" and fled.displaced == 50_000 and fled.fatalities is None
    assert fled.place.place_id == "region:east-aleppo"


def test_diplomacy_is_not_violence(seed):
    diplomatic = [e for e in seed.events if "diplomatic" in e.tags]
    assert {e.place.name for e in diplomatic} == {"New York City", "Geneva"}
    assert all(e.event_type == "Strategic developments" and e.fatalities is None for e in diplomatic)
    veto = next(e for e in diplomatic if e.place.name == "New York City")
    assert veto.date_start == D(2016, 12, 5) and veto.actor1 == "Government of Russia"


def test_nothing_happens_in_moscow_washington_or_britain(seed):
    # The seed's 8 gold events plus the clashes that go on in Idleb province beside the
    # bombardments ("Des bombardements ... et des combats se poursuivent"): issue 10 counts a
    # bombing campaign and clashes as two ACLED events.
    assert len(seed.events) == 9
    idleb = {e.sub_event_type for e in seed.events if e.location == "Idleb"}
    assert idleb == {"Air/drone strike", "Armed clash"}
    names = {e.place.name for e in seed.events}
    assert not names & {"Moscow", "Washington", "United Kingdom", "Russia", "United States", "China"}
    assert {e.place.country for e in seed.events if "diplomatic" not in e.tags} == {"SY"}


def test_event_fields_point_back_into_the_text(seed):
    text = EXAMPLE.read_text(encoding="utf-8")
    for e in seed.events:
        assert all(part in text for part in e.notes.split(" | "))
        assert text[e.start : e.end].lower() in e.notes.lower()
        if e.location_start is not None:
            assert text[e.location_start : e.location_end] == e.location


def test_control_claims_of_the_seed(seed):
    claims = {(c.place.place_id, c.faction, c.stance, None if c.share is None else round(c.share, 2), c.precision) for c in seed.claims}
    assert ("ocha:N0156", "government", "holds", 0.33, "exact") in claims  # "en contrôlait désormais un tiers"
    assert ("geonames:170063", "rebels", "lost", 0.67, "exact") in claims  # "perdu près des deux-tiers"
    assert ("ocha:SY07", "rebels", "holds", None, "exact") in claims
    assert ("region:west-aleppo", "government", "holds", None, "exact") in claims
    vague = {(c.place.name, c.precision, c.direction) for c in seed.claims if c.precision != "exact"}
    assert vague == {("Damascus", "near", None), ("Syria", "vague", "south")}
    # "voisine de celle d'Alep" names a neighbour, not ground the rebels hold.
    assert not any(c.place.place_id == "ocha:SY02" for c in seed.claims)


def test_control_zones_of_the_seed(seed, gaz):
    zones = {z.place.place_id: z for z in seed.zones(gaz, PUBLISHED)}
    chaar, east, west, idlib = zones["ocha:N0156"], zones["region:east-aleppo"], zones["region:west-aleppo"], zones["ocha:SY07"]
    assert chaar.status == "contested" and set(chaar.factions) == {"government", "rebels"}
    assert chaar.geometry.representative_point().within(east.geometry)
    assert (east.faction, east.status) == ("rebels", "shrinking")
    assert (west.faction, west.status) == ("government", "held")
    assert (idlib.faction, idlib.status) == ("rebels", "held")
    low = [z for z in zones.values() if z.status == "low-precision"]
    assert {z.place.name for z in low} == {"Damascus", "Syria"}
    south = next(z for z in low if z.place.name == "Syria")
    assert south.geometry.area < 0.5 * gaz.get("country:SY").geometry.area
    assert south.geometry.centroid.y < gaz.get("country:SY").geometry.centroid.y
    # The 2012 claim on the whole city is superseded by the newer news on its regions.
    assert "geonames:170063" not in zones


def test_zones_at_an_earlier_date(seed, gaz):
    zones = seed.zones(gaz, D(2013, 6, 1))
    assert [(z.place.place_id, z.faction) for z in zones] == [("geonames:170063", "rebels")]


# --- another language, another war year ----------------------------------------------------


def test_english_dispatch(english):
    take = _one(english.events, sub_event_type="Government regains territory")
    assert take.place.name == "Khān Shaykhūn" and take.date_start == D(2019, 5, 8)
    assert take.actor1 == "Military Forces of Syria"
    strike = _one(english.events, fatalities=12)
    assert strike.place.name.startswith("Ma") and strike.civilian_fatalities == 12 and strike.event_type == "Explosions/Remote violence"
    assert not any(e.place.name in ("Moscow", "Damascus") for e in english.events)
    claims = {(c.place.name, c.faction, c.stance) for c in english.claims}
    assert ("Khān Shaykhūn", "government", "took") in claims and ("Ar Raqqah", "kurdish", "holds") in claims


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "La météo sera clémente demain à Paris, selon les prévisionnistes.",
        "Au moins 99999999999 civils ont été tués à Alep novembre à 8000.",
        "Des combats. Des frappes. Des morts.",
        "<script>alert(1)</script> ont été tués à Alep le 45 novembre 20166.",
    ],
)
def test_bad_or_empty_documents_never_crash(gaz, text):
    result = analyse([make_document(text, doc_id="x", lang="fr", published=PUBLISHED)], gaz)
    for e in result.events:
        assert e.fatalities is None or e.fatalities < 20_000_000
        assert e.date_end is None or e.date_end <= PUBLISHED
    frame = events_to_geodataframe(result.events)
    assert len(frame) == len(result.events)


def test_document_without_publication_date_keeps_absolute_dates_only(gaz):
    text = "Lundi, au moins 12 civils ont été tués dans des frappes aériennes sur Alep, le 15 novembre 2016."
    result = analyse([make_document(text, doc_id="x", lang="fr", published=None)], gaz)
    e = _one(result.events, sub_event_type="Air/drone strike")
    assert e.date_start == D(2016, 11, 15) and e.fatalities == 12


# --- numbers and dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, lang, values",
    [
        ("plus de 300.000 morts", "fr", [300_000]),
        ("8000 selon l'ONU et 15.000 selon l'Osdh", "fr", [8000, 15_000]),
        ("deux médecins russes", "fr", [2]),
        ("au moins 341 civils, dont 44 enfants", "fr", [341, 44]),
        ("une dizaine de morts et 1,5 million de déplacés", "fr", [10, 1_500_000]),
        ("more than 50,000 of the 250,000 residents", "en", [50_000, 250_000]),
        ("two doctors and 1.5 million refugees", "en", [2, 1_500_000]),
    ],
)
def test_numbers(text, lang, values):
    assert [n.value for n in find_numbers(text, lang)] == values


def test_fractions():
    assert [round(f.value, 2) for f in find_fractions("le régime en contrôlait un tiers, perdu près des deux-tiers, 60 % de la ville", "fr")] == [0.33, 0.67, 0.6]


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("hier", "fr", (D(2016, 12, 6), D(2016, 12, 6))),
        ("lundi", "fr", (D(2016, 12, 5), D(2016, 12, 5))),
        ("mercredi", "fr", (PUBLISHED, PUBLISHED)),  # the publication's own weekday is that day
        ("depuis samedi", "fr", (D(2016, 12, 3), PUBLISHED)),
        ("le 15 novembre", "fr", (D(2016, 11, 15), D(2016, 11, 15))),
        ("début novembre", "fr", (D(2016, 11, 1), D(2016, 11, 10))),
        ("en 2012", "fr", (D(2012, 1, 1), D(2012, 12, 31))),
        ("since Saturday", "en", (D(2016, 12, 3), PUBLISHED)),
        ("on 25 December", "en", (D(2015, 12, 25), D(2015, 12, 25))),  # never after publication
    ],
)
def test_times(text, lang, expected):
    (t,) = find_times(text, lang, PUBLISHED)
    assert (t.date_start, t.date_end) == expected


@pytest.mark.parametrize("text", ["novembre à 8000", "en 2035", "le 31 février", "en 1200"])
def test_impossible_times_are_dropped(text):
    assert find_times(text, "fr", PUBLISHED) == []


# --- merging ------------------------------------------------------------------------------------


def test_two_dispatches_of_one_strike_merge_keeping_both_sources(gaz):
    a = make_document("Au moins 85 civils ont été tués depuis samedi par des frappes aériennes russes dans la province d'Idleb.", doc_id="afp", lang="fr", published=PUBLISHED)
    b = make_document("Russian air strikes killed at least 90 civilians in Idlib province since Saturday.", doc_id="reuters", lang="en", published=PUBLISHED)
    c = make_document("Des frappes aériennes ont tué deux civils à Alep lundi.", doc_id="other", lang="fr", published=PUBLISHED)
    result = analyse([a, b, c], gaz)
    strikes = [e for e in result.events if e.place.place_id == "ocha:SY07"]
    assert len(result.raw_events) == 3 and len(strikes) == 1
    assert strikes[0].sources == ("afp", "reuters") and strikes[0].fatalities == 85  # the conservative toll
    assert len(result.events) == 2


def test_merge_keeps_incompatible_tolls_and_distant_dates_apart(seed):
    base = next(e for e in seed.events if e.sub_event_type == "Air/drone strike")
    from dataclasses import replace

    other_toll = replace(base, event_id="b", fatalities=10, sources=("b",))
    later = replace(base, event_id="c", date_start=D(2016, 12, 20), date_end=D(2016, 12, 20), sources=("c",))
    same = replace(base, event_id="d", fatalities=80, sources=("d",))
    merged = merge_events([base, other_toll, later, same])
    assert [e.event_id for e in merged] == [base.event_id, "b", "c"]
    assert merged[0].sources == (base.source, "d") and merged[0].fatalities == 80


def test_merging_many_events_is_exact(seed):
    from dataclasses import replace

    base = next(e for e in seed.events if e.sub_event_type == "Air/drone strike")
    events = []
    for day in range(200):
        for copy in range(5):  # five reports per day of the same strike
            d = D(2016, 1, 1) + dt.timedelta(days=3 * day)
            events.append(replace(base, event_id=f"{day}-{copy}", date_start=d, date_end=d, sources=(f"doc{copy}",)))
    merged = merge_events(events)
    assert len(merged) == 200 and all(len(e.sources) == 5 for e in merged)
