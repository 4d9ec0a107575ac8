"""Tolls and dates read beyond one clause: a toll told in the next sentence, several tolls in
one clause, coordinated counts, counts of things, relative spans and names that look like dates
(sentences written for these tests, parsed by the project's spaCy pipelines)."""

from __future__ import annotations

import datetime as dt

import pytest

from geo_events.clauses import Distances
from geo_events.nlp import pipeline
from geo_events.numbers import find_numbers
from geo_events.timex import find_times
from geo_events.tolls import event_counts

D = dt.date
PUBLISHED = D(2016, 12, 7)  # a Wednesday


def _fatalities(text: str, lang: str, anchor: str) -> int | None:
    parsed = pipeline(lang)(text)
    a = text.index(anchor)
    return event_counts(text, lang, find_numbers(text, lang), (0, len(text)), (a, a + len(anchor)), Distances(parsed)).fatalities


def _events(gaz, text: str, lang: str):
    from geo_events import analyse, make_document

    return analyse([make_document(text, doc_id="t", lang=lang, published=PUBLISHED)], gaz).raw_events


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("Un obus est tombé samedi sur un marché de Douma. Trois personnes ont été tuées, selon un médecin.", "fr", 3),
        ("Shelling hit a market in Douma on Saturday. Three people were killed, a doctor said.", "en", 3),
        ("Un obus est tombé samedi sur un marché de Douma. Trois personnes ont été tuées à Douma.", "fr", 3),
        # The toll's sentence names another place: it is not the shelling's.
        ("Un obus est tombé samedi sur un marché de Douma. Trois personnes ont été tuées à Lattaquié.", "fr", None),
    ],
)
def test_a_toll_in_the_next_sentence_goes_to_its_event(gaz, text, lang, expected):
    shelled = [e for e in _events(gaz, text, lang) if e.location == "Douma"]
    assert len(shelled) == 1 and shelled[0].fatalities == expected


@pytest.mark.parametrize(
    "text, lang, anchor, expected",
    [
        ("Au moins 30 prisonniers ont été exécutés, 12 soldats sont morts dans un attentat à la voiture piégée et 8 autres ont péri dans des combats.", "fr", "attentat", 12),
        ("Au moins 30 prisonniers ont été exécutés, 12 soldats sont morts dans un attentat à la voiture piégée et 8 autres ont péri dans des combats.", "fr", "combats", 8),
        ("Militants executed 30 prisoners, 12 soldiers died in a car bomb attack and 8 others were killed in clashes.", "en", "clashes", 8),
    ],
)
def test_several_tolls_of_a_clause_go_each_to_its_own_event(text, lang, anchor, expected):
    assert _fatalities(text, lang, anchor) == expected


@pytest.mark.parametrize(
    "text, lang, anchor, expected",
    [
        ("The toll rose to 900, after clashes killed 40 members of the regional government's police forces and 25 tribal fighters.", "en", "clashes", 65),
        ("Dozens of air strikes hit the town, killing 14 civilians.", "en", "strikes", 14),
        ("Des dizaines de frappes aériennes ont touché la ville, tuant 14 civils.", "fr", "frappes", 14),
    ],
)
def test_coordinated_counts_add_up_and_counts_of_things_are_no_toll(text, lang, anchor, expected):
    assert _fatalities(text, lang, anchor) == expected


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("Rebels took four towns within 24 hours.", "en", (D(2016, 12, 6), PUBLISHED)),
        ("Les rebelles ont pris la ville en l'espace de 48 heures.", "fr", (D(2016, 12, 5), PUBLISHED)),
        ("Une frappe nocturne a touché le village.", "fr", (D(2016, 12, 6), PUBLISHED)),
        ("On 14 January Russian forces shelled the town.", "en", (D(2016, 1, 14), D(2016, 1, 14))),
        ("La trêve a été rompue par deux jours d'affrontements.", "fr", (D(2016, 12, 6), PUBLISHED)),
        ("The army withdrew after 72 hours of fighting.", "en", (D(2016, 12, 5), PUBLISHED)),
    ],
)
def test_relative_spans_and_nights(text, lang, expected):
    (t,) = find_times(text, lang, PUBLISHED)
    assert (t.date_start, t.date_end) == expected


@pytest.mark.parametrize(
    "text, lang",
    [
        ('Gunmen attacked the base of the "March 9 Brigade" in the city.', "en"),
        ("Les combattants de la brigade « 15 Mars Bataillon » ont quitté la ville.", "fr"),
    ],
)
def test_a_name_made_of_a_date_is_no_date(text, lang):
    assert find_times(text, lang, PUBLISHED) == []


def test_a_clause_modifying_the_event_word_dates_it(gaz):
    text = "Five people were killed in a car bomb blast targeted at a checkpoint in Idlib in March."
    (e,) = [e for e in _events(gaz, text, "en") if e.fatalities is not None]
    assert (e.date_start, e.date_end, e.fatalities) == (D(2016, 3, 1), D(2016, 3, 31), 5)


def test_one_dispatch_keeps_its_first_figure_for_a_day_and_dispatches_that_disagree_the_lowest():
    from dataclasses import replace

    from geo_events.events import Event
    from geo_events.merge import merge_events

    base = Event("d:1", "d", "Battles", "Armed clash", (), D(2016, 12, 3), D(2016, 12, 3), "text", None, None, None, None, "Idlib", None, fatalities=70, sources=("d",))
    later = replace(base, event_id="d:2", fatalities=40)
    (merged,) = merge_events([base, later])
    assert merged.fatalities == 70
    other = replace(later, event_id="e:1", source="e", sources=("e",))
    (merged,) = merge_events([base, other])
    assert merged.fatalities == 40
    # Reports of one dispatch a day apart are folded by the wire slack: no first figure then.
    next_day = replace(later, date_start=D(2016, 12, 4), date_end=D(2016, 12, 4))
    (merged,) = merge_events([base, next_day])
    assert merged.fatalities == 40


def test_to_before_a_noun_phrase_is_no_intention(gaz):
    # "adjacent to the palace killing six": a place phrase, not "to kill" (an intention).
    text = "An air strike hit a house adjacent to the mosque in Douma on Monday killing six civilians."
    (e,) = [e for e in _events(gaz, text, "en") if e.location == "Douma"]
    assert (e.fatalities, e.civilian_fatalities) == (6, 6)


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("Near Homs, militants executed 30 prisoners, 12 soldiers died in a car bomb attack and 8 others were killed in clashes.", "en",
         {"Explosions/Remote violence": 12, "Battles": 8}),
        ("In Homs, 84 civilians were killed in government air strikes and 49 were killed in rebel shelling.", "en",
         {"Air/drone strike": 84, "Shelling/artillery/missile attack": 49}),
    ],
)
def test_each_event_of_a_sentence_takes_the_toll_of_its_own_words(gaz, text, lang, expected):
    # Keyed by sub-event type where two means of remote violence are two events.
    got = {(e.sub_event_type if e.event_type == "Explosions/Remote violence" and len(expected) == 2 and "Battles" not in expected else e.event_type): e.fatalities for e in _events(gaz, text, lang)}
    assert got == expected


def test_a_lead_repeating_a_stated_toll_gives_it_to_no_other_event():
    from dataclasses import replace

    from geo_events.events import Event
    from geo_events.tolls import LooseToll, attach_loose_tolls

    raid = Event("d:1", "d", "Explosions/Remote violence", "Air/drone strike", (), D(2016, 12, 5), D(2016, 12, 5), "text", None, None, None, None, "Douma", None, fatalities=12, sentence=(0, 50))
    shell = replace(raid, event_id="d:2", sub_event_type="Shelling/artillery/missile attack", location="Saqba", fatalities=None, sentence=(51, 90))
    sentence_of = lambda e: 0 if e.sentence[0] == 0 else 1  # noqa: E731
    violent = lambda e: True  # noqa: E731
    anywhere = lambda e, ids: True  # noqa: E731
    # "Au total, 12 personnes ont été tuées": the raid's own figure, not the shelling's.
    out = attach_loose_tolls([raid, shell], [LooseToll(2, 12)], sentence_of, violent, anywhere)
    assert [e.fatalities for e in out] == [12, None]
    # A figure no event states goes to the event just before it.
    out = attach_loose_tolls([raid, shell], [LooseToll(2, 3)], sentence_of, violent, anywhere)
    assert [e.fatalities for e in out] == [12, 3]
