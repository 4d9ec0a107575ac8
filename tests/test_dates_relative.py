"""Dates counted from another date than publication ("la veille", "a day after the attack"),
dates hanging on a running period ("since March 2016, when ..."), seasons that are no season
("the fall of Palmyra") and datelines with bare month abbreviations (sentences written for
these tests, French and English)."""

from __future__ import annotations

import datetime as dt

import pytest

from geo_events import analyse, make_document
from geo_events.timex import find_times

D = dt.date
PUBLISHED = D(2016, 12, 7)  # a Wednesday


def _times(text: str, lang: str, published: dt.date = PUBLISHED) -> list[tuple[str, dt.date, dt.date]]:
    return [(t.text, t.date_start, t.date_end) for t in find_times(text, lang, published)]


def test_the_fall_of_a_town_is_no_season():
    assert _times("The fall of Palmyra was a blow to the government.", "en") == []
    assert _times("Rebels entered the town in the fall of 2014.", "en") == [("in the fall of 2014", D(2014, 9, 1), D(2014, 11, 30))]
    assert _times("Les rebelles ont pris la ville à l'automne 2014.", "fr") == [("l'automne 2014", D(2014, 9, 1), D(2014, 11, 30))]


@pytest.mark.parametrize(
    "text, lang, published, expected",
    [
        ("Hama (Syrie), 4 nov 2016 (AFP) - Des raids ont visé la ville.", "fr", D(2016, 11, 4), ("4 nov 2016", D(2016, 11, 4), D(2016, 11, 4))),
        ("Homs, (Agency - 5th Nov, 2016) Rockets hit the city.", "en", D(2016, 11, 5), ("5th Nov, 2016", D(2016, 11, 5), D(2016, 11, 5))),
    ],
)
def test_a_dateline_with_a_bare_month_abbreviation(text, lang, published, expected):
    assert _times(text, lang, published)[0] == expected


def test_a_number_is_no_bare_month():
    # "sept" is seven before it is September: only the length is a date.
    assert _times("Sept civils ont été tués en sept jours.", "fr") == [("en sept jours", D(2016, 11, 30), PUBLISHED)]


def test_des_says_how_early_not_since_when():
    # "dès mardi soir": as early as Tuesday evening, a day; "depuis mardi" runs to the report.
    assert _times("Des déplacés étaient signalés dès mardi soir à Saraqeb.", "fr") == [("dès mardi soir", D(2016, 12, 6), D(2016, 12, 6))]
    assert _times("Les combats font rage depuis mardi à Saraqeb.", "fr") == [("depuis mardi", D(2016, 12, 6), PUBLISHED)]


def _events(gaz, text: str, lang: str) -> list:
    return analyse([make_document(text, doc_id="t", lang=lang, published=PUBLISHED)], gaz, merge=False).raw_events


def _dates_at(events, name: str) -> set[tuple[dt.date, dt.date]]:
    return {(e.date_start, e.date_end) for e in events if e.location and name in e.location}


def test_the_day_before_counts_from_the_date_the_dispatch_is_at(gaz):
    text = (
        "Des frappes aériennes ont visé Idleb dans la nuit de lundi à mardi, selon une ONG. "
        "La veille, l'aviation avait bombardé la ville de Saraqeb."
    )
    events = _events(gaz, text, "fr")
    assert _dates_at(events, "Idleb") == {(D(2016, 12, 5), D(2016, 12, 6))}
    # The night before Monday to Tuesday, not the day before publication.
    assert _dates_at(events, "Saraqeb") == {(D(2016, 12, 4), D(2016, 12, 5))}


def test_a_day_after_dates_what_follows_it(gaz):
    events = _events(gaz, "Fighting raged in Aleppo on Sunday, a day after an air strike killed ten people in Idlib.", "en")
    assert _dates_at(events, "Aleppo") == {(D(2016, 12, 4), D(2016, 12, 4))}
    assert _dates_at(events, "Idlib") == {(D(2016, 12, 3), D(2016, 12, 3))}
    events = _events(gaz, "Des combats ont éclaté à Alep dimanche, deux jours après un raid aérien qui a tué dix civils à Idleb.", "fr")
    assert _dates_at(events, "Alep") == {(D(2016, 12, 4), D(2016, 12, 4))}
    assert _dates_at(events, "Idleb") == {(D(2016, 12, 2), D(2016, 12, 2))}
    text = "Les rebelles ont bombardé Alep dimanche, au lendemain de la prise de Saraqeb par l'armée, qui s'est emparée de la ville."
    events = _events(gaz, text, "fr")
    assert _dates_at(events, "Alep") == {(D(2016, 12, 4), D(2016, 12, 4))}
    assert _dates_at(events, "Saraqeb") == {(D(2016, 12, 3), D(2016, 12, 3))}


@pytest.mark.parametrize(
    "lang, text, place",
    [
        ("en", "It is the group's worst defeat since March 2016, when government forces recaptured Palmyra.", "Palmyra"),
        ("fr", "C'est la pire défaite du groupe depuis mars 2016, lorsque les forces gouvernementales ont repris Palmyre.", "Palmyre"),
    ],
)
def test_an_event_hanging_on_a_since_date_happened_then(gaz, lang, text, place):
    assert _dates_at(_events(gaz, text, lang), place) == {(D(2016, 3, 1), D(2016, 3, 31))}
    # A clause joined by "and" is no clause of the date: the fighting runs since Tuesday.
    events = _events(gaz, "Les combats font rage depuis mardi, et les rebelles ont pris Saraqeb.", "fr")
    assert _dates_at(events, "Saraqeb") == {(D(2016, 12, 6), PUBLISHED)}


@pytest.mark.parametrize(
    "lang, report, again, other",
    [
        (
            "fr",
            "Au moins dix civils ont été tués près de Saraqeb par des miliciens, a indiqué une ONG mardi.",
            "Selon cette organisation, l'attaque a eu lieu dimanche à la sortie de la ville.",
            "Dimanche, des hélicoptères ont bombardé Idleb.",
        ),
        (
            "en",
            "At least ten civilians were killed near Saraqeb by militiamen, a monitor said on Tuesday.",
            "The attack took place on Sunday on the road out of the town.",
            "On Sunday, helicopters bombed Idlib.",
        ),
    ],
)
def test_an_event_dated_only_by_its_report_takes_the_day_told_after(gaz, lang, report, again, other):
    # The news was given on Tuesday; the next sentence tells the attack again with its own day.
    assert _dates_at(_events(gaz, f"{report} {again}", lang), "Saraqeb") == {(D(2016, 12, 4), D(2016, 12, 4))}
    # A new event on another day is not the reported one told again: the report's day stays.
    events = _events(gaz, f"{report} {other}", lang)
    assert _dates_at(events, "Saraqeb") == {(D(2016, 12, 6), D(2016, 12, 6))}
    assert _dates_at(events, "Idl") == {(D(2016, 12, 4), D(2016, 12, 4))}


@pytest.mark.parametrize(
    "lang, text",
    [
        ("en", "Government forces shelled Douma on Sunday, activists said. That came after rebels stormed an army post in Harasta."),
        ("fr", "Les forces gouvernementales ont bombardé Douma dimanche, selon des militants. Cela fait suite à des combats qui ont éclaté à Harasta entre rebelles et soldats."),
    ],
)
def test_what_came_before_the_dispatchs_day_spans_it_and_the_day_before(gaz, lang, text):
    events = _events(gaz, text, lang)
    assert _dates_at(events, "Douma") == {(D(2016, 12, 4), D(2016, 12, 4))}
    assert _dates_at(events, "Harasta") == {(D(2016, 12, 3), D(2016, 12, 4))}


@pytest.mark.parametrize(
    "lang, now, then",
    [
        (
            "en",
            "Government forces captured parts of Saraqeb on Monday, but residents say fighting continues in the town.",
            "Government forces captured parts of Saraqeb on Monday, but residents said fighting continued in the town.",
        ),
        (
            "fr",
            "L'armée a pris lundi le contrôle de plusieurs quartiers de Saraqeb, mais selon des habitants des combats se poursuivent dans la ville.",
            "L'armée a pris lundi le contrôle de plusieurs quartiers de Saraqeb, mais selon des habitants des combats se sont poursuivis dans la ville.",
        ),
    ],
)
def test_fighting_told_in_the_present_goes_on_at_the_report(gaz, lang, now, then):
    def clash(text: str) -> set:
        return {(e.date_start, e.date_end) for e in _events(gaz, text, lang) if e.sub_event_type == "Armed clash"}

    assert clash(now) == {(PUBLISHED, PUBLISHED)}
    assert clash(then) == {(D(2016, 12, 5), D(2016, 12, 5))}


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        ("fr", "Des raids aériens ont frappé Idleb samedi. Le lendemain, les rebelles ont bombardé Saraqeb.", D(2016, 12, 4)),
        ("en", "Air strikes hit Idlib on Saturday. The next day, rebels shelled Saraqeb.", D(2016, 12, 4)),
        ("en", "Air strikes hit Idlib on Saturday. The day before, rebels had shelled Saraqeb.", D(2016, 12, 2)),
    ],
)
def test_the_next_day_and_the_day_before_count_from_the_sentence_before(gaz, lang, text, expected):
    events = _events(gaz, text, lang)
    assert _dates_at(events, "Idl") == {(D(2016, 12, 3), D(2016, 12, 3))}
    assert _dates_at(events, "Saraqeb") == {(expected, expected)}
