"""Tolls told in a sentence that places no event of its own, found farther than the next
sentence: the story a toll closes, a headline's toll, the period a toll states, and a lead's
first figure (sentences written for these tests, the shipped gazetteer, the real pipelines)."""

from __future__ import annotations

import datetime as dt

import pytest

PUBLISHED = dt.date(2016, 12, 7)  # a Wednesday


def _events(gaz, text: str, lang: str):
    from geo_events import analyse, make_document

    return analyse([make_document(text, doc_id="t", lang=lang, published=PUBLISHED)], gaz).raw_events


@pytest.mark.parametrize(
    "text, lang",
    [
        (
            "Samedi, à Homs, des centaines de manifestants ont incendié le siège du parti. Ils ont ensuite "
            "bloqué la route principale. Les forces de sécurité ont tiré à balles réelles pour disperser la "
            "foule. Trois personnes seraient mortes et des dizaines d'autres auraient été blessées.",
            "fr",
        ),
        (
            "Protesters set fire to the party headquarters in Homs on Saturday. They then blocked the main "
            "road. Security forces fired live rounds to disperse the crowd. Three people died and dozens "
            "were injured, a witness said.",
            "en",
        ),
    ],
)
def test_a_toll_closing_the_story_of_a_riot_is_the_riots(gaz, text, lang):
    riots = [e for e in _events(gaz, text, lang) if e.event_type == "Riots"]
    assert len(riots) == 1 and riots[0].fatalities == 3


@pytest.mark.parametrize(
    "text, lang",
    [
        (
            "Un hôpital pédiatrique a été la cible d'une frappe de drone, qui n'a pas fait de victime. Le "
            "bâtiment est fermé depuis. L'hôpital d'Idleb a été touché lundi par une frappe de drone, et les "
            "patients ont été transférés.",
            "fr",
        ),
        (
            "A children's hospital was hit by a drone strike that caused no casualties. The building has been "
            "closed since. The hospital of Idlib was hit by a drone strike on Monday, and its patients were moved.",
            "en",
        ),
    ],
)
def test_a_headline_toll_goes_to_the_one_event_of_its_kind_the_details_place(gaz, text, lang):
    strikes = [e for e in _events(gaz, text, lang) if e.event_type == "Explosions/Remote violence"]
    assert len(strikes) == 1 and strikes[0].fatalities == 0


@pytest.mark.parametrize(
    "text, lang",
    [
        (
            "Depuis mardi, les forces du régime mènent l'assaut vers Hama, au prix de violents combats avec les "
            "rebelles. Lundi, une frappe aérienne a touché l'aéroport de Hama. Les rebelles tiennent la ville "
            "depuis 2014. L'ONU a appelé au calme. Selon un nouveau bilan, au moins 27 personnes ont été tuées "
            "depuis mardi.",
            "fr",
        ),
        (
            "Since Tuesday, government forces have been pushing towards Hama, amid heavy clashes with the rebels. "
            "On Monday, an air strike hit the airport of Hama. The rebels have held the city since 2014. The UN "
            "called for calm. According to a new count, at least 27 people have been killed since Tuesday.",
            "en",
        ),
    ],
)
def test_a_toll_stating_its_period_goes_to_the_event_of_that_period(gaz, text, lang):
    events = _events(gaz, text, lang)
    clashes = [e for e in events if e.event_type == "Battles"]
    strikes = [e for e in events if e.event_type == "Explosions/Remote violence"]
    assert [e.fatalities for e in clashes] == [27]
    assert [e.fatalities for e in strikes] == [None]


@pytest.mark.parametrize(
    "text, lang",
    [
        (
            "Dix-sept soldats ont été tués dimanche lors d'une attaque contre un camp militaire dans le centre "
            "du pays. Le bilan est provisoire. Les assaillants sont arrivés à l'aube. Ils ont coupé la retraite "
            "des soldats. Selon une source militaire, l'attaque contre le camp de Mopti a fait au moins 16 morts.",
            "fr",
        ),
        (
            "Seventeen soldiers were killed on Sunday in an attack on an army camp in the centre of the country. "
            "The toll is provisional. The attackers arrived at dawn. They cut off the soldiers' retreat. A "
            "military source later said at least 16 soldiers were killed in the attack on the camp in Mopti.",
            "en",
        ),
    ],
)
def test_the_lead_figure_of_a_one_event_dispatch_is_its_first_figure(gaz, text, lang):
    violent = [e for e in _events(gaz, text, lang) if e.event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians")]
    assert len(violent) == 1 and violent[0].fatalities == 17


def test_a_far_toll_does_not_cross_another_report(gaz):
    # A toll five sentences on, after a protest was reported in between, is not the strike's.
    text = (
        "Une frappe aérienne a touché samedi un marché d'Idleb. Le marché était bondé. Les secours sont "
        "arrivés tard. Dimanche, des centaines de personnes ont manifesté pacifiquement à Damas. La police "
        "n'est pas intervenue. Deux personnes ont été tuées, selon un médecin."
    )
    strikes = [e for e in _events(gaz, text, "fr") if e.event_type == "Explosions/Remote violence"]
    assert len(strikes) == 1 and strikes[0].fatalities is None


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Government forces recaptured Palmyra on Sunday after fighting that killed 40 militants.", "en"),
        ("Les forces gouvernementales ont repris Palmyre dimanche après des combats qui ont tué 40 jihadistes.", "fr"),
    ],
)
def test_the_toll_of_the_fighting_before_a_capture_is_the_captures(gaz, text, lang):
    events = _events(gaz, text, lang)
    assert [(e.tags, e.fatalities) for e in events] == [(("territory",), 40)]


@pytest.mark.parametrize(
    "text, lang",
    [
        (
            "An air strike hit a market in Douma on Saturday. Rescuers searched the rubble. The war in Syria "
            "has killed more than 300,000 people, according to the monitor.",
            "en",
        ),
        (
            "Une frappe aérienne a touché samedi un marché de Douma. Les secouristes ont fouillé les décombres. "
            "Le conflit en Syrie a fait plus de 300.000 morts, selon l'ONG.",
            "fr",
        ),
    ],
)
def test_a_war_long_total_is_no_events_toll(gaz, text, lang):
    strikes = [e for e in _events(gaz, text, lang) if e.event_type == "Explosions/Remote violence"]
    assert [e.fatalities for e in strikes] == [None]
