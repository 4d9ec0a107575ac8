"""What a count counts: "un mort" is one death, a count its own verb governs counts things, and
injuries reported for one event give no zero toll to the fighting it followed (sentences written
for these tests, parsed by the project's spaCy pipelines)."""

from __future__ import annotations

import datetime as dt

import pytest

from geo_events.clauses import Distances
from geo_events.nlp import pipeline
from geo_events.numbers import find_numbers
from geo_events.tolls import KILLED, event_counts, find_tolls

PUBLISHED = dt.date(2016, 12, 7)  # a Wednesday


def _tolls(text: str, lang: str):
    return find_tolls(text, lang, find_numbers(text, lang), (0, len(text)), Distances(pipeline(lang)(text)))


def _fatalities(text: str, lang: str, anchor: str) -> int | None:
    a = text.index(anchor)
    return event_counts(text, lang, find_numbers(text, lang), (0, len(text)), (a, a + len(anchor)), Distances(pipeline(lang)(text))).fatalities


def test_one_death_written_with_the_article():
    assert _fatalities("Selon le gouverneur, la frappe de jeudi a fait un mort dans le port.", "fr", "frappe") == 1


@pytest.mark.parametrize(
    "text, lang, things",
    [
        ("La roquette a fait un mort et détruit trois voitures, selon le gouverneur.", "fr", 3),
        ("The rocket left one dead and destroyed three cars, the governor said.", "en", 3),
    ],
)
def test_a_count_its_own_verb_governs_is_no_death_toll(text, lang, things):
    tolls = {t.number.value: t.kind for t in _tolls(text, lang)}
    assert tolls[1] == KILLED and tolls[things] is None


def _events(gaz, text: str, lang: str):
    from geo_events import analyse, make_document

    return analyse([make_document(text, doc_id="t", lang=lang, published=PUBLISHED)], gaz).raw_events


@pytest.mark.parametrize(
    "text, lang",
    [
        (
            "A civilian was injured on Monday when the army launched an air strike on Shwebo after its troops "
            "clashed with local resistance forces. The troops had arrived in the morning. The resistance "
            "fighters attacked the troops near the village for an hour, killing a soldier.",
            "en",
        ),
        (
            "Un civil a été blessé lundi lorsque l'armée a mené une frappe aérienne sur Shwebo, après des "
            "affrontements entre ses troupes et des combattants locaux. Les troupes étaient arrivées le matin. "
            "Les combattants ont attaqué les soldats près du village pendant une heure, tuant un soldat.",
            "fr",
        ),
    ],
)
def test_injuries_give_no_zero_toll_to_the_fighting_before(gaz, text, lang):
    events = _events(gaz, text, lang)
    assert [e.fatalities for e in events if e.event_type == "Explosions/Remote violence"] == [0]
    assert [e.fatalities for e in events if e.event_type == "Battles"] == [1]


@pytest.mark.parametrize(
    "text, lang, anchor",
    [
        ("A resident told AFP two of his brothers and his niece were killed by armed groups that entered homes.", "en", "killed"),
        ("Un habitant a raconté à l'AFP que deux de ses frères et sa nièce avaient été tués par des hommes armés.", "fr", "tués"),
    ],
)
def test_a_relative_named_with_a_possessive_counts_one_in_the_sum(text, lang, anchor):
    assert _fatalities(text, lang, anchor) == 3


def test_relatives_in_the_plural_are_no_count_of_one():
    # "his brothers" is no number: only the stated two count.
    assert [n.value for n in find_numbers("Two of his brothers were killed.", "en")] == [2]


@pytest.mark.parametrize(
    "text, lang, anchor, expected",
    [
        # A date is no count, even where no publication day resolves it.
        ("Le 15 novembre, une frappe aérienne a tué trois civils à Douma.", "fr", "frappe", 3),
        ("An elderly individual was killed and two men were injured by drone strikes near the river.", "en", "strikes", 1),
        ("The air strike killed a woman and her two children in Douma.", "en", "strike", 3),
        ("La frappe a tué une femme et ses deux enfants à Douma.", "fr", "frappe", 3),
        # A part named after its count ("9 of them") is no count of its own.
        ("The blast killed 14 people, 9 of them civilians, in Baghdad.", "en", "blast", 14),
        ("L'explosion a fait 14 morts à Bagdad, neuf d'entre eux des civils.", "fr", "explosion", 14),
        # The verb right after the counted noun, whatever the parse hung the noun on.
        ("Two soldiers were wounded in Idlib and three civilians were killed in Hama.", "en", "killed", 3),
    ],
)
def test_what_a_count_counts(text, lang, anchor, expected):
    assert _fatalities(text, lang, anchor) == expected


@pytest.mark.parametrize(
    "text, lang, anchor",
    [
        ("KYIV, Nov 15 - Russian missiles killed people in Kherson, officials said.", "en", "killed"),
        ("BEIRUT, 3 Oct - Air strikes killed civilians in Idlib, a monitor said.", "en", "killed"),
    ],
)
def test_a_day_beside_an_abbreviated_month_is_no_count(text, lang, anchor):
    assert _fatalities(text, lang, anchor) is None

