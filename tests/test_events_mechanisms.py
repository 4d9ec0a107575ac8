"""Event mechanisms measured on the dispatch sets (benchmarks/diag_events.py), each checked on
text written for this test (none comes from an eval set), with the shipped gazetteer and the
real spaCy models: where an event may lie, a report the dispatch comes back to, killings and
attacks that do not say how, places the text lists, talks without a date, and who fled where.
"""

from __future__ import annotations

import datetime as dt

import pytest

from geo_events import make_document
from geo_events.analysis import analyse

REMOTE = "Explosions/Remote violence"

DOCS = {
    # where: a sea is never the place of an event
    "en-sea": ("en", "Russian warships fired cruise missiles from the Mediterranean at Islamic State positions near Deir ez-Zor on Tuesday."),
    "fr-sea": ("fr", "Un navire russe a tiré mardi depuis la Méditerranée des missiles sur des positions de l'EI près de Deir ez-Zor."),
    # what: a report the dispatch comes back to is one event
    "en-again": ("en", "Islamic State fighters captured the town of Palmyra on Wednesday. Islamic State fighters captured Palmyra after the army withdrew, the monitor said."),
    # what: a toll without a stated means belongs to the violence the dispatch reports
    "en-split": ("en", "Russian shelling hit the city of Kramatorsk on Monday, killing two people. One person was killed in Bakhmut."),
    "fr-split": ("fr", "Les forces russes ont bombardé lundi la ville de Kramatorsk, faisant deux morts. Une personne a été tuée à Bakhmout."),
    # what: an attack by aircraft is an air strike
    "en-attack": ("en", "Syrian warplanes attacked a crowded market in Saraqib on Monday, a monitor said."),
    "fr-attack": ("fr", "Des avions du régime ont attaqué lundi un marché de Saraqeb."),
    # where: each place of a list is the place of an event of its own
    "fr-list": ("fr", "Des accrochages ont eu lieu lundi dans les localités de Tafas, Inkhil et Jassem, dans la province de Deraa."),
    # what: a truce named without a date of its own is background
    "en-truce": ("en", "The ceasefire was shattered in Idlib. Fighting raged in Saraqib on Monday."),
    # what: forces evacuating a post is not displacement; civilians fleeing is, from where they fled
    "en-evacuated": ("en", "Government forces evacuated the command centre in Ramadi on Sunday."),
    "en-fled": ("en", "Thousands of civilians fled Kessab on Friday and found refuge in the city of Latakia."),
    "fr-fled": ("fr", "Des milliers de civils ont fui vendredi Kessab et se sont réfugiés à Lattaquié."),
    # where: "the city" is the dispatch's city, not a reference point
    "en-city": ("en", "Iraqi forces entered Fallujah, a city west of Baghdad, on Friday. Iraqi troops seized a government building in the centre of the city."),
    # what: the fighting that led to a capture is that capture's story
    "en-prelude": ("en", "Kurdish-led forces captured the town of Tabqa on Sunday after three weeks of fighting, a monitor said."),
    "fr-prelude": ("fr", "Les rebelles ont pris le contrôle de la ville d'Idleb au terme de trois jours de combats."),
    # what: an armed group killing people, no battle said
    "en-vac": ("en", "Three civilians were killed by armed groups in the town of Baniyas on Saturday."),
    "fr-vac": ("fr", "Au moins 20 paysans ont été tués lundi par des jihadistes présumés près de Maiduguri."),
    # where: a capital standing for its forces is no scene; "la ville" is the dispatch's city
    "fr-forces-de": ("fr", "Les forces de Damas ont lancé une offensive sur Deir ez-Zor. Samedi, des combats ont opposé l'armée aux jihadistes dans les rues de la ville."),
    # what: a change of control named by a noun
    "en-capture-of": ("en", "The capture of Manbij on Friday was a heavy defeat for the jihadists."),
    "fr-reconquete": ("fr", "L'armée a annoncé mercredi la reconquête de la ville de Saraqeb."),
    # what: nobody armed giving up ground is no transfer of territory
    "en-ngo": ("en", "The aid group Doctors Without Borders has withdrawn from the city of Kunduz on Monday."),
    # what: "lives in" is no death; what must happen is not an event
    "en-lives": ("en", "A resident who lives in Saraqib said the market was crowded on Monday."),
    "fr-must": ("fr", "Des blessés doivent être évacués de Saraqeb vers Idleb, selon un accord entre les belligérants."),
    # what: "these strikes" point back to the strikes just reported
    "fr-these": ("fr", "Des frappes aériennes du régime ont touché lundi Douma, près de Damas. Sept immeubles ont été soufflés par ces frappes, selon des secouristes d'Idleb."),
    "en-these": ("en", "Government air strikes hit Douma near Damascus on Monday. Seven buildings were destroyed by these strikes in Harasta, rescuers said."),
    # what: fighters killed with no means said died in fighting
    "fr-soldiers": ("fr", "Au moins huit soldats ont été tués samedi à Syrte, selon un hôpital de la ville."),
    "en-soldiers": ("en", "At least twelve soldiers were killed near Palmyra on Sunday, a monitor said."),
    # what/where: two changes of control in one clause, each at the place its word governs
    "en-two-changes": ("en", "Islamic State fighters captured Palmyra on Wednesday, four days after ousting the Iraqi army from the city of Ramadi."),
    "en-two-words": ("en", "Rebels seized and took control of Idlib on Saturday."),
    # what: protesters who set fire are rioters; a peaceful gathering is a protest
    "fr-riot": ("fr", "Samedi, dans la ville de Deraa, des centaines de protestataires ont incendié le siège du parti au pouvoir."),
    "en-riot": ("en", "Protesters set fire to the governor's office in Suweida on Sunday."),
    "en-protest": ("en", "Hundreds of protesters gathered peacefully in Suweida on Friday."),
    # where: a local deal announced without a venue is where the dispatch has just been
    "fr-deal": ("fr", "Jeudi, des bus ont commencé à évacuer la population de Daraya. Cette évacuation résulte d'un accord annoncé jeudi entre le régime et les rebelles."),
}


@pytest.fixture(scope="module")
def events(gaz):
    docs = [make_document(text, doc_id=k, lang=lang, published=dt.date(2017, 7, 4)) for k, (lang, text) in DOCS.items()]
    result = analyse(docs, gaz, merge=False)
    by: dict[str, list] = {k: [] for k in DOCS}
    for e in result.raw_events:
        by[e.source].append(e)
    return by


@pytest.mark.parametrize("doc", ["en-sea", "fr-sea"])
def test_a_sea_is_never_where_an_event_happened(events, doc):
    (e,) = events[doc]
    assert e.event_type == REMOTE and e.place.name == "Deir ez-Zor" and e.place.country == "SY"


def test_a_report_the_dispatch_comes_back_to_is_one_event(events):
    (e,) = events["en-again"]
    assert (e.sub_event_type, e.place.name) == ("Non-state actor overtakes territory", "Tadmur")


@pytest.mark.parametrize("doc", ["en-split", "fr-split"])
def test_a_toll_without_a_means_takes_the_dispatchs_violence_at_its_own_place(events, doc):
    evs = sorted(events[doc], key=lambda e: e.start)
    assert [(e.event_type, e.place.name, e.fatalities) for e in evs] == [(REMOTE, "Kramatorsk", 2), (REMOTE, "Bakhmut", 1)]
    # the means of the second is not said
    assert evs[1].sub_event_type is None


@pytest.mark.parametrize("doc", ["en-attack", "fr-attack"])
def test_an_attack_by_aircraft_is_an_air_strike(events, doc):
    (e,) = events[doc]
    assert (e.event_type, e.sub_event_type, e.place.name) == (REMOTE, "Air/drone strike", "Saraqib")


def test_each_place_of_a_list_is_an_event(events):
    evs = events["fr-list"]
    assert {e.location for e in evs} == {"Tafas", "Inkhil", "Jassem"}
    assert {e.sub_event_type for e in evs} == {"Armed clash"}


def test_a_truce_without_a_date_is_no_event(events):
    assert [(e.event_type, e.place.name) for e in events["en-truce"]] == [("Battles", "Saraqib")]


def test_forces_evacuating_a_post_are_not_displaced(events):
    assert events["en-evacuated"] == []


@pytest.mark.parametrize("doc", ["en-fled", "fr-fled"])
def test_people_flee_from_a_place_not_to_their_refuge(events, doc):
    (e,) = events[doc]
    assert (e.event_type, e.tags, e.place.name) == ("Strategic developments", ("displacement",), "Kassab")


def test_the_city_is_the_dispatchs_city_not_a_reference_point(events):
    evs = events["en-city"]
    assert evs and {e.place.name for e in evs} == {"Al Fallūjah"}


@pytest.mark.parametrize("doc", ["en-prelude", "fr-prelude"])
def test_the_fighting_before_a_capture_is_no_battle_of_its_own(events, doc):
    (e,) = events[doc]
    assert e.tags == ("territory",) and e.sub_event_type == "Non-state actor overtakes territory"


@pytest.mark.parametrize("doc, place, toll", [("en-vac", "Bāniyās", 3), ("fr-vac", "Maiduguri", 20)])
def test_an_armed_group_killing_people_is_violence_against_civilians(events, doc, place, toll):
    (e,) = events[doc]
    assert (e.event_type, e.sub_event_type, e.place.name, e.fatalities) == ("Violence against civilians", "Attack", place, toll)


def test_a_capital_standing_for_its_forces_is_not_the_scene(events):
    (e,) = events["fr-forces-de"]
    assert (e.sub_event_type, e.place.name, e.location) == ("Armed clash", "Deir ez-Zor", "la ville")


@pytest.mark.parametrize("doc, place", [("en-capture-of", "Manbij"), ("fr-reconquete", "Saraqib")])
def test_a_change_of_control_named_by_a_noun(events, doc, place):
    (e,) = events[doc]
    assert (e.event_type, e.tags, e.place.name) == ("Battles", ("territory",), place)


def test_nobody_armed_withdrawing_is_no_transfer_of_territory(events):
    assert events["en-ngo"] == []


@pytest.mark.parametrize("doc", ["en-lives", "fr-must"])
def test_living_somewhere_and_what_must_happen_are_no_events(events, doc):
    assert events[doc] == []


@pytest.mark.parametrize("doc", ["fr-these", "en-these"])
def test_these_strikes_point_back_to_the_strikes_reported(events, doc):
    (e,) = events[doc]
    assert (e.sub_event_type, e.place.name) == ("Air/drone strike", "Dūmā")


@pytest.mark.parametrize("doc, place, toll", [("fr-soldiers", "Sirte", 8), ("en-soldiers", "Tadmur", 12)])
def test_fighters_killed_with_no_means_said_died_in_battle(events, doc, place, toll):
    (e,) = events[doc]
    assert (e.event_type, e.sub_event_type, e.place.name, e.fatalities) == ("Battles", None, place, toll)


def test_two_changes_of_control_in_one_clause_are_two_events(events):
    evs = sorted(events["en-two-changes"], key=lambda e: e.start)
    assert [(e.tags, e.place.name) for e in evs] == [(("territory",), "Tadmur"), (("territory",), "Ramadi")]
    assert evs[1].place.country == "IQ"  # a place of the other country the dispatch names


def test_two_words_for_one_change_of_control_are_one_event(events):
    (e,) = events["en-two-words"]
    assert (e.sub_event_type, e.place.name) == ("Non-state actor overtakes territory", "Idlib")


@pytest.mark.parametrize("doc, kind", [("fr-riot", "Riots"), ("en-riot", "Riots"), ("en-protest", "Protests")])
def test_protesters_who_set_fire_riot(events, doc, kind):
    (e,) = events[doc]
    assert e.event_type == kind and e.sub_event_type == ("Violent demonstration" if kind == "Riots" else "Peaceful protest")


def test_a_local_deal_is_placed_where_the_dispatch_has_been(events):
    deals = [e for e in events["fr-deal"] if "diplomatic" in e.tags]
    assert [(e.sub_event_type, e.place.name) for e in deals] == [("Agreement", "Dārayyā")]
