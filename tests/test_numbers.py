"""Numbers and tolls: what a count counts and which event it belongs to (sentences written for
these tests, French and English, parsed by the project's spaCy pipelines)."""

from __future__ import annotations

import pytest

from geo_events.clauses import Distances, sentences
from geo_events.nlp import pipeline
from geo_events.numbers import find_numbers
from geo_events.tolls import event_counts


def _counts(text: str, lang: str, anchor: str | None = None, place: str | None = None, clause: int | None = None):
    parsed = pipeline(lang)(text)
    span = (0, len(text)) if clause is None else sentences(parsed, lang)[0].clauses[clause]
    a = text.index(anchor) if anchor else None
    p = text.index(place) if place else None
    return event_counts(
        text, lang, find_numbers(text, lang), span,
        (a, a + len(anchor)) if anchor else None, Distances(parsed), (p, p + len(place)) if place else None,
        displacement=bool(anchor) and anchor in ("fui", "fled"),
    )


@pytest.mark.parametrize(
    "text, lang, value",
    [
        ("Dix-neuf militaires", "fr", 19),
        ("quatre-vingt-dix-sept personnes", "fr", 97),
        ("deux cent cinquante familles", "fr", 250),
        ("twenty-three people", "en", 23),
        ("one hundred and five soldiers", "en", 105),
        ("300.000 habitants", "fr", 300_000),
        ("1,5 million de réfugiés", "fr", 1_500_000),
        ("2,000 people", "en", 2000),
    ],
)
def test_number_words_and_digits(text, lang, value):
    (n,) = find_numbers(text, lang)
    assert n.value == value and not n.vague


@pytest.mark.parametrize("text, lang", [("des dizaines de civils", "fr"), ("dozens of civilians", "en"), ("scores of people", "en")])
def test_plural_approximations_give_no_count(text, lang):
    (n,) = find_numbers(text, lang)
    assert n.vague


@pytest.mark.parametrize(
    "text, lang, fatalities, qualifier, wounded",
    [
        ("Au moins 15 personnes ont été tuées et 30 blessées à Alep.", "fr", 15, "at least", 30),
        ("More than 20 people were killed and 45 wounded in Aleppo.", "en", 20, "more than", 45),
        ("Une personne a été tuée et deux ont été blessées.", "fr", 1, "", 2),
        ("A woman was killed and three people wounded in the shelling.", "en", 1, "", 3),
    ],
)
def test_killed_and_wounded_are_different_counts(text, lang, fatalities, qualifier, wounded):
    c = _counts(text, lang)
    assert (c.fatalities, c.qualifier, c.wounded) == (fatalities, qualifier, wounded)


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Huit soldats turcs ont été blessés dans l'attaque.", "fr"),
        ("Eight Turkish soldiers were injured in the attack.", "en"),
        ("Le tir de roquette n'a fait aucune victime.", "fr"),
        ("Une roquette s'est abattue sur le quartier sans faire de victimes.", "fr"),
        ("The rocket hit the district, causing no casualties.", "en"),
    ],
)
def test_injuries_only_or_no_casualties_are_zero_deaths(text, lang):
    assert _counts(text, lang).fatalities == 0


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Dozens of civilians were killed in the air raid.", "en"),
        ("Des dizaines de personnes ont été tuées dans les raids.", "fr"),
        ("The ministry said 114 members of the government forces were neutralized.", "en"),
        ("Selon l'armée, 40 terroristes ont été neutralisés.", "fr"),
    ],
)
def test_dozens_and_neutralised_are_no_death_count(text, lang):
    c = _counts(text, lang)
    assert c.fatalities is None


def test_dozens_keeps_a_qualifier():
    assert _counts("Dozens of civilians were killed in the air raid.", "en").qualifier == "dozens"


@pytest.mark.parametrize(
    "text, lang, fatalities, civilians, children, combatants",
    [
        ("Au moins 341 civils, dont 44 enfants, ont été tués à Alep-Est.", "fr", 341, 341, 44, None),
        ("The raids hit a market, killing nine civilians including two children.", "en", 9, 9, 2, None),
        ("Deux journalistes étrangers et 13 civils ont été tués dans le quartier.", "fr", 15, 13, None, None),
        ("Rebels killed twelve soldiers at a checkpoint.", "en", 12, None, None, 12),
        ("Seven children were killed in the strike.", "en", 7, 7, 7, None),
    ],
)
def test_totals_civilians_children_and_combatants_stay_apart(text, lang, fatalities, civilians, children, combatants):
    c = _counts(text, lang)
    assert (c.fatalities, c.civilians, c.children, c.combatants) == (fatalities, civilians, children, combatants)


@pytest.mark.parametrize(
    "text, lang, anchor, displaced, qualifier",
    [
        ("Plus de 2000 personnes ont fui la ville.", "fr", "fui", 2000, "more than"),
        ("Twelve people were killed and 3,000 fled the town.", "en", "fled", 3000, ""),
    ],
)
def test_displaced_is_not_a_death_toll(text, lang, anchor, displaced, qualifier):
    c = _counts(text, lang, anchor)
    assert c.displaced == displaced and c.displaced_toll.number.qualifier == qualifier
    assert c.fatalities == (12 if lang == "en" else None)


def test_a_participle_toll_attaches_to_its_strike():
    c = _counts("An air strike hit a market in Maarat al-Numan on Monday, killing 12 people.", "en", "strike")
    assert c.fatalities == 12


@pytest.mark.parametrize(
    "text, lang, anchor, clause, expected",
    [
        ("Air strikes killed 9 civilians in Douma, while rebel shelling killed 4 soldiers in Harasta.", "en", "strikes", 0, 9),
        ("Air strikes killed 9 civilians in Douma, while rebel shelling killed 4 soldiers in Harasta.", "en", "shelling", 1, 4),
        ("Des raids ont tué 9 civils à Douma, tandis que des tirs rebelles ont tué 4 soldats à Harasta.", "fr", "tirs", 1, 4),
    ],
)
def test_each_toll_attaches_to_its_own_event(text, lang, anchor, clause, expected):
    assert _counts(text, lang, anchor, clause=clause).fatalities == expected


@pytest.mark.parametrize(
    "text, lang",
    [
        ("The raids killed 9 people in Beit Sawa, 6 in Hazzeh and 8 elsewhere in the region.", "en"),
        ("Les raids ont tué 9 personnes à Beit Sawa, 6 à Hazzeh et 8 ailleurs dans la région.", "fr"),
    ],
)
def test_a_toll_split_by_place_stays_split(text, lang):
    assert _counts(text, lang, text.split()[1], place="Beit Sawa").fatalities == 9
    assert _counts(text, lang, text.split()[1], place="Hazzeh").fatalities == 6
