"""Event mechanisms of the s16 events work (issue 10), each checked on sentences written for
this test (none comes from an eval set), with the shipped gazetteer and the real spaCy models."""

from __future__ import annotations

import datetime as dt

import pytest

from geo_events import make_document
from geo_events.analysis import analyse

REMOTE = "Explosions/Remote violence"

DOCS = {
    # an air cue types the bombardment it bears on, not one told beside it in the clause
    "fr-air-apart": ("fr", "Lundi, les forces gouvernementales ont pilonné Homs jusqu'à ce que des avions de la coalition apparaissent dans le ciel."),
    "en-air-apart": ("en", "Government troops pounded Homs on Monday until coalition jets appeared overhead."),
    "fr-air-near": ("fr", "Lundi, les avions du régime ont pilonné Homs."),
    "en-air-near": ("en", "Government warplanes pounded Homs on Monday."),
    # a capital named as such is a scene, even when its name alone would stand for its government
    "en-capital": ("en", "Heavy fighting shook several districts of the capital, Khartoum, on Saturday."),
    "fr-capital": ("fr", "Samedi, de violents combats ont secoué plusieurs quartiers de la capitale, Khartoum."),
    # ... but beside a place of its own, "near the capital" is a landmark
    "en-capital-near": ("en", "Government air strikes killed 12 civilians in Douma, near the capital Damascus, on Monday."),
    # trying to flee, being urged to leave: no displacement yet
    "fr-tried": ("fr", "Mardi, six civils ont été tués par des miliciens alors qu'ils tentaient de fuir la ville de Kadugli."),
    "fr-urged": ("fr", "Lundi, les autorités de Kadugli ont exhorté les habitants à évacuer vers le sud."),
    # looting and burning after an attack happened where the attack did
    "en-loot": ("en", "Militants attacked the town of Palma on Monday, killing 12 soldiers. Before leaving, they ransacked the banks and torched the police station."),
    "fr-loot": ("fr", "Lundi, des jihadistes ont attaqué la ville de Palma, tuant 12 soldats. Avant de se retirer, ils ont incendié le commissariat."),
    # a person captured is an abduction; a ruler's fall is no change of control
    "en-captured-person": ("en", "Rebels captured the governor of Idlib province on Sunday, activists said."),
    "en-fall-person": ("en", "On Saturday, thousands of people in Tripoli celebrated the fall of President Omar Bakri."),
    # lives lost are a toll, not ground lost
    "en-loss-of-lives": ("en", "On Tuesday, rocket fire by the militia on Kadugli resulted in the loss of at least 17 lives, officials said."),
    "en-loss-of-town": ("en", "The loss of Kadugli to the militia on Tuesday stunned the army."),
    # a trigger ending on an elision reads the name glued to it
    "fr-elision": ("fr", "Mardi, les rebelles se sont rendus maîtres d'Alep."),
    # "the fighting resumed" is no change of control
    "fr-resumed": ("fr", "Mardi, les combats ont repris dans la ville de Kadugli."),
    # a war's toll is no event, nor the toll of the event told beside it
    "en-war-toll": ("en", "An Israeli air strike hit a school in Gaza on Tuesday, killing 12 people. At least 4,000 people have been killed in Gaza in the military campaign, the health ministry said."),
    "fr-war-toll": ("fr", "Lundi, des frappes aériennes ont touché Kadugli. Le conflit a fait plus de 20.000 morts dans la région, selon l'ONU."),
    # two means of one clause, each with its own toll, are two events
    "en-two-means": ("en", "In Aleppo, 12 civilians were killed in government air strikes on Monday and five civilians were killed in rebel shelling."),
    "fr-two-means": ("fr", "À Alep, 12 civils ont été tués lundi dans des frappes aériennes du régime et cinq civils ont été tués dans des tirs d'obus rebelles."),
}


@pytest.fixture(scope="module")
def events(gaz):
    docs = [make_document(text, doc_id=k, lang=lang, published=dt.date(2019, 3, 6)) for k, (lang, text) in DOCS.items()]
    result = analyse(docs, gaz, merge=False)
    by: dict[str, list] = {k: [] for k in DOCS}
    for e in result.raw_events:
        by[e.source].append(e)
    return by


@pytest.mark.parametrize(
    "doc, sub",
    [("fr-air-apart", "Shelling/artillery/missile attack"), ("en-air-apart", "Shelling/artillery/missile attack"),
     ("fr-air-near", "Air/drone strike"), ("en-air-near", "Air/drone strike")],
)
def test_an_air_cue_types_only_the_bombardment_it_bears_on(events, doc, sub):
    (e,) = events[doc]
    assert (e.event_type, e.sub_event_type, e.place.name) == (REMOTE, sub, "Homs")


@pytest.mark.parametrize("doc", ["en-capital", "fr-capital"])
def test_a_capital_named_as_such_is_the_scene(events, doc):
    (e,) = events[doc]
    assert (e.event_type, e.place.name) == ("Battles", "Khartoum")


def test_near_the_capital_is_a_landmark_beside_the_scene(events):
    (e,) = events["en-capital-near"]
    assert (e.sub_event_type, e.place.name, e.fatalities) == ("Air/drone strike", "Dūmā", 12)


@pytest.mark.parametrize("doc", ["fr-tried", "fr-urged"])
def test_trying_or_being_urged_to_flee_is_no_displacement(events, doc):
    assert not [e for e in events[doc] if "displacement" in e.tags]


@pytest.mark.parametrize("doc", ["en-loot", "fr-loot"])
def test_looting_after_an_attack_is_placed_where_the_attack_was(events, doc):
    kinds = sorted((e.event_type, e.sub_event_type, e.place.name) for e in events[doc])
    assert ("Strategic developments", "Looting/property destruction", "Palma") in kinds
    assert [k for k in kinds if k[0] == "Strategic developments"] == [("Strategic developments", "Looting/property destruction", "Palma")]


def test_a_person_captured_is_an_abduction(events):
    (e,) = events["en-captured-person"]
    assert (e.event_type, e.sub_event_type, e.tags) == ("Violence against civilians", "Abduction/forced disappearance", ())
    assert e.place.name in ("Idleb", "Idlib")  # the province (OCHA spelling)


def test_a_rulers_fall_is_no_change_of_control(events):
    assert not [e for e in events["en-fall-person"] if "territory" in e.tags]


def test_the_loss_of_lives_is_a_toll_not_a_loss_of_ground(events):
    lives = events["en-loss-of-lives"]
    assert not [e for e in lives if "territory" in e.tags]
    assert [(e.event_type, e.fatalities) for e in lives] == [(REMOTE, 17)]
    assert [e for e in events["en-loss-of-town"] if "territory" in e.tags and e.location == "Kadugli"]


def test_a_trigger_ending_on_an_elision_reads_the_name_glued_to_it(events):
    (e,) = events["fr-elision"]
    assert (e.event_type, e.tags, e.place.name) == ("Battles", ("territory",), "Aleppo")


def test_fighting_that_resumed_took_nothing(events):
    assert [(e.event_type, e.sub_event_type, e.tags) for e in events["fr-resumed"]] == [("Battles", "Armed clash", ())]


@pytest.mark.parametrize("doc, toll", [("en-war-toll", 12), ("fr-war-toll", None)])
def test_a_wars_toll_is_no_event(events, doc, toll):
    (e,) = events[doc]
    assert (e.event_type, e.sub_event_type, e.fatalities) == (REMOTE, "Air/drone strike", toll)


@pytest.mark.parametrize("doc", ["en-two-means", "fr-two-means"])
def test_two_means_each_with_its_toll_are_two_events(events, doc):
    evs = sorted(events[doc], key=lambda e: e.start)
    assert [(e.event_type, e.sub_event_type, e.place.name) for e in evs] == [
        (REMOTE, "Air/drone strike", "Aleppo"), (REMOTE, "Shelling/artillery/missile attack", "Aleppo")]
