"""Time expressions against the publication date, and which one governs an event (sentences
written for these tests, French and English)."""

from __future__ import annotations

import datetime as dt

import pytest

from geo_events.clauses import Distances, sentences
from geo_events.nlp import pipeline
from geo_events.timex import find_times, governing_time
from geo_events.tolls import running_time

D = dt.date
PUBLISHED = D(2016, 12, 7)  # a Wednesday


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("hier", "fr", (D(2016, 12, 6), D(2016, 12, 6))),
        ("yesterday", "en", (D(2016, 12, 6), D(2016, 12, 6))),
        ("Les frappes de lundi", "fr", (D(2016, 12, 5), D(2016, 12, 5))),
        ("on Monday", "en", (D(2016, 12, 5), D(2016, 12, 5))),
        ("dans la nuit de lundi à mardi", "fr", (D(2016, 12, 5), D(2016, 12, 6))),
        ("dans la nuit de samedi", "fr", (D(2016, 12, 3), D(2016, 12, 4))),
        ("strikes overnight on the town", "en", (D(2016, 12, 6), D(2016, 12, 7))),
        ("late Saturday night", "en", (D(2016, 12, 3), D(2016, 12, 4))),
        ("last week", "en", (D(2016, 11, 30), D(2016, 12, 6))),
        ("la semaine dernière", "fr", (D(2016, 11, 30), D(2016, 12, 6))),
        ("earlier this month", "en", (D(2016, 12, 1), PUBLISHED)),
        ("in May", "en", (D(2016, 5, 1), D(2016, 5, 31))),
        ("in December", "en", (D(2016, 12, 1), PUBLISHED)),  # nothing ends after publication
        ("since Saturday", "en", (D(2016, 12, 3), PUBLISHED)),
        ("depuis samedi", "fr", (D(2016, 12, 3), PUBLISHED)),
        ("le 15 novembre", "fr", (D(2016, 11, 15), D(2016, 11, 15))),
        ("DAMASCUS, November 3 (Xinhua) -- Rebels shelled the city.", "en", (D(2016, 11, 3), D(2016, 11, 3))),
        ("au début du mois d'avril", "fr", (D(2016, 4, 1), D(2016, 4, 10))),
        ("cet été", "fr", (D(2016, 6, 1), D(2016, 8, 31))),
        ("last summer", "en", (D(2016, 6, 1), D(2016, 8, 31))),
        ("ces dernières 24 heures", "fr", (D(2016, 12, 6), PUBLISHED)),
        ("en mars 2011", "fr", (D(2011, 3, 1), D(2011, 3, 31))),
        ("in 2015", "en", (D(2015, 1, 1), D(2015, 12, 31))),
        ("il y a deux jours", "fr", (D(2016, 12, 5), D(2016, 12, 5))),
        ("two days ago", "en", (D(2016, 12, 5), D(2016, 12, 5))),
        ("on Oct. 7", "en", (D(2016, 10, 7), D(2016, 10, 7))),
        ("in the past six days", "en", (D(2016, 12, 1), PUBLISHED)),
        ("The shelling began on Friday and continued until dawn on Saturday.", "en", (D(2016, 12, 2), D(2016, 12, 3))),
        ("de lundi à mardi", "fr", (D(2016, 12, 5), D(2016, 12, 6))),
        ("arrested on the weekend", "en", (D(2016, 12, 3), D(2016, 12, 4))),
    ],
)
def test_times_against_publication(text, lang, expected):
    (t,) = find_times(text, lang, PUBLISHED)
    assert (t.date_start, t.date_end) == expected


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Plus de 2000 personnes ont fui", "fr"),
        ("Selon l'ONU, 2000 personnes ont fui les combats.", "fr"),
        ("More than 2000 people fled the town.", "en"),
        ("some 1950 families left", "en"),
    ],
)
def test_a_count_is_not_a_year(text, lang):
    assert find_times(text, lang, PUBLISHED) == []


@pytest.mark.parametrize("text", ["in 2035", "on 31 February", "in 1200"])
def test_impossible_times_are_dropped(text):
    assert find_times(text, "en", PUBLISHED) == []


def _governing(text: str, lang: str, anchor_word: str):
    parsed = pipeline(lang)(text)
    (sentence,) = sentences(parsed, lang)
    dist = Distances(parsed)
    at = text.index(anchor_word)
    times = find_times(text, lang, PUBLISHED)
    clause = sentence.clause_of(at)
    return governing_time((at, at + len(anchor_word)), times, dist.between, lambda o: sentence.clause_of(o) == clause)


@pytest.mark.parametrize(
    "text, lang, anchor, expected",
    [
        ("Mardi, sept personnes ont été tuées à Homs, alors que des combats ont éclaté lundi à Hama.", "fr", "tuées", D(2016, 12, 6)),
        ("Mardi, sept personnes ont été tuées à Homs, alors que des combats ont éclaté lundi à Hama.", "fr", "combats", D(2016, 12, 5)),
        ("Seven people were killed in Homs on Tuesday, while fighting broke out in Hama on Monday.", "en", "killed", D(2016, 12, 6)),
        ("Seven people were killed in Homs on Tuesday, while fighting broke out in Hama on Monday.", "en", "fighting", D(2016, 12, 5)),
    ],
)
def test_each_event_gets_the_date_of_its_own_clause(text, lang, anchor, expected):
    t = _governing(text, lang, anchor)
    assert t is not None and t.date_start == expected


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Des raids ont frappé Douma dimanche. Trois civils ont été tués dans le quartier.", "fr"),
        ("Air strikes hit Douma on Sunday. Three civilians were killed in the district.", "en"),
    ],
)
def test_an_undated_sentence_takes_the_running_date(text, lang):
    parsed = pipeline(lang)(text)
    sents = sentences(parsed, lang)
    assert len(sents) == 2
    t = running_time(text, lang, PUBLISHED, sents, 1, Distances(parsed))
    assert t is not None and (t.date_start, t.date_end) == (D(2016, 12, 4), D(2016, 12, 4))
    assert running_time(text, lang, PUBLISHED, sents, 0, Distances(parsed)) is None


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Plus de 2000 personnes ont fui Alep, selon l'ONU.", "fr"),
        ("More than 2000 people fled Aleppo, the UN said.", "en"),
    ],
)
def test_a_count_never_dates_an_event(gaz, text, lang):
    from geo_events import analyse, make_document

    events = analyse([make_document(text, doc_id="t", lang=lang, published=PUBLISHED)], gaz).raw_events
    assert events
    for e in events:
        assert (e.date_start, e.date_end, e.date_basis) == (PUBLISHED, PUBLISHED, "publication")
    assert [e.displaced for e in events if "displacement" in e.tags] == [2000]


def test_an_overnight_strike_spans_both_days(gaz):
    from geo_events import analyse, make_document

    text = "Des frappes aériennes ont tué 12 civils à Alep dans la nuit de lundi à mardi."
    (e,) = analyse([make_document(text, doc_id="t", lang="fr", published=PUBLISHED)], gaz).raw_events
    assert (e.date_start, e.date_end, e.date_basis, e.fatalities, e.civilian_fatalities) == (D(2016, 12, 5), D(2016, 12, 6), "text", 12, 12)
