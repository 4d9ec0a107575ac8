"""Toponym recognition and resolution on real articles with the shipped gazetteer."""

import json

import pytest

from geo_events.documents import make_document, read_documents
from geo_events.errors import InputError
from geo_events.places import extract_places, resolve_documents

from .conftest import EXAMPLE, ROOT

ENGLISH = ROOT / "tests" / "data" / "idlib-offensive.en.txt"


@pytest.fixture(scope="module")
def seed(gaz):
    docs = list(read_documents([EXAMPLE], published="2016-12-07"))
    return docs[0], resolve_documents(docs, gaz)


def _by_surface(mentions):
    out = {}
    for m in mentions:
        out.setdefault(m.surface, []).append(m)
    return out


def test_seed_finds_every_place(seed):
    doc, mentions = seed
    found = _by_surface(mentions)
    for surface in ["Alep", "Alep-Est", "Chaar", "Idleb", "Damas", "Syrie", "Genève", "New York", "Moscou", "Russie", "Etats-Unis", "Chine", "Grande- Bretagne", "Washington"]:
        assert surface in found, surface
    # every occurrence, not just one: Alep appears 11 times, Moscou 4
    assert len(found["Alep"]) == doc.text.count("Alep") - doc.text.count("Alep-Est")
    assert len(found["Moscou"]) == doc.text.count("Moscou")
    for m in mentions:
        assert doc.text[m.start : m.end] == m.surface


def test_seed_excludes_demonyms_organisations_persons(seed):
    doc, mentions = seed
    for bad in ["Russes", "Américains", "Observatoire", "al-Nosra", "Nosra", "Lavrov", "Osdh", "al-Cham", "Kerry", "Conseil", "ONU"]:
        assert not any(bad in m.surface for m in mentions), bad


def test_seed_resolution(seed):
    _, mentions = seed
    found = _by_surface(mentions)
    assert {m.place.place_id for m in found["Chaar"]} == {"ocha:N0156"}
    assert {m.place.level.value for m in found["Idleb"]} == {"governorate"}
    assert {m.place.place_id for m in found["Alep-Est"]} == {"region:east-aleppo"}
    assert {m.place.level.value for m in found["Alep"]} == {"city"}
    assert {m.place.country for m in found["Genève"]} == {"CH"}
    assert {m.place.place_id for m in found["Grande- Bretagne"]} == {"country:GB"}


def test_seed_roles(seed):
    doc, mentions = seed
    found = _by_surface(mentions)
    par_moscou = next(m for m in found["Moscou"] if doc.text[m.start - 4 : m.start] == "par ")
    assert par_moscou.role == "actor"
    assert [m.role for m in found["Washington"]] == ["actor"]
    assert [m.role for m in found["Grande- Bretagne"]] == ["origin"]
    assert {m.role for m in found["Genève"]} == {"location"}
    assert {m.role for m in found["New York"]} == {"location"}
    assert {m.role for m in found["Alep"]} == {"location"}


def test_seed_vague_areas_are_low_precision(seed):
    _, mentions = seed
    vague = [m for m in mentions if m.reason.startswith("vague area")]
    assert any("sud du pays" in m.surface for m in vague)
    assert all(m.geo_precision == 3 and m.place.level.value == "country" for m in vague)
    damas = next(m for m in mentions if m.surface == "Damas")
    assert damas.geo_precision == 2  # "près de Damas"


def test_english_article(gaz):
    doc = next(read_documents([ENGLISH]))
    assert doc.lang == "en"
    found = _by_surface(resolve_documents([doc], gaz))
    assert "Human" not in found  # inside "Syrian Observatory for Human Rights"
    assert {m.place.level.value for m in found["Idlib"]} == {"governorate"}
    assert {m.place.country for m in found["Khan Sheikhoun"]} == {"SY"}
    assert [m.role for m in found["Moscow"]] == ["actor"]
    assert [m.role for m in found["Damascus"]] == ["location"]
    assert found["Raqqa"][0].place.country == "SY"


def test_geodataframe_output(gaz):
    gdf = extract_places([make_document(EXAMPLE.read_text(encoding="utf-8"), doc_id="seed", lang="fr")], gaz)
    assert str(gdf.crs) == "EPSG:4326" and len(gdf) >= 38
    assert {"doc_id", "surface", "start", "end", "place_id", "confidence", "role", "geo_precision"} <= set(gdf.columns)
    polygons = extract_places([make_document("Les combats continuent dans le quartier de Chaar à Alep.", doc_id="x", lang="fr")], gaz, polygons=True)
    assert "Polygon" in set(polygons.geom_type) or "MultiPolygon" in set(polygons.geom_type)


def test_html_page_main_text(tmp_path, gaz):
    article = EXAMPLE.read_text(encoding="utf-8")
    html = (
        "<!DOCTYPE html><html><head><title>Syrie : Alep</title><script>var x='Paris Londres Berlin';</script></head>"
        "<body><nav><a href='/'>Accueil</a> <a href='/monde'>Monde</a> Tokyo Berlin</nav>"
        f"<article><h1>Syrie : Alep</h1>{''.join(f'<p>{p}</p>' for p in article.split('. '))}</article>"
        "<footer>Mentions légales - Publicité</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    doc = next(read_documents([path]))
    assert doc.lang == "fr" and "Chaar" in doc.text and "Tokyo" not in doc.text and "var x" not in doc.text


def test_jsonl_corpus(tmp_path):
    path = tmp_path / "corpus.jsonl"
    rows = [
        {"id": "a", "text": EXAMPLE.read_text(encoding="utf-8"), "published": "2016-12-07"},
        {"id": "b", "text": ENGLISH.read_text(encoding="utf-8"), "lang": "en", "source": "test"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    docs = list(read_documents([path], published="2019-08-21"))
    assert [(d.doc_id, d.lang, str(d.published)) for d in docs] == [("a", "fr", "2016-12-07"), ("b", "en", "2019-08-21")]


@pytest.mark.parametrize(
    "text, message",
    [("1234 5678 !!!", "cannot tell the language"), ("Der Krieg in Syrien geht weiter, sagte die Regierung am Montag in Berlin.", "not supported")],
)
def test_undetectable_or_unsupported_language(text, message):
    with pytest.raises(InputError, match=message):
        make_document(text, doc_id="x")


def test_bad_published_date():
    with pytest.raises(InputError, match="not a date"):
        list(read_documents([EXAMPLE], published="07/12/2016"))


# -- failure classes of issue 11, on text written for these tests -----------------------------
def _places(gaz, text, lang="en", **kw):
    return _by_surface(resolve_documents([make_document(text, doc_id="t", lang=lang, **kw)], gaz))


def test_possessives_and_abbreviations(gaz):
    found = _places(gaz, "Tunisia’s president called the U.S. and UK envoys, then officials of the UAE and the DPRK. Russia's army moved.")
    for surface, country in [("Tunisia", "TN"), ("U.S.", "US"), ("UK", "GB"), ("UAE", "AE"), ("DPRK", "KP"), ("Russia", "RU")]:
        assert surface in found, surface
        assert found[surface][0].place.place_id == f"country:{country}"
    # "Tunisia's president", "Russia's army": the state acting.
    assert found["Tunisia"][0].role == found["Russia"][0].role == "actor"


def test_hyphen_compounds_and_datelines(gaz):
    found = _places(gaz, "BEIRUT (Reuters) - The US-led coalition and Turkey-backed fighters clashed near Manbij, the Britain-based monitor said.")
    assert found["BEIRUT"][0].role == "origin" and found["BEIRUT"][0].place.country == "LB"
    assert found["US"][0].role == found["Turkey"][0].role == "actor"
    assert found["Britain"][0].role == "origin"
    french = _places(gaz, "Les rebelles pro-Ankara ont avancé vers Manbij.", lang="fr")
    assert french["Ankara"][0].role == "actor"


def test_world_admin1_units_not_namesake_towns(gaz):
    found = _places(gaz, "Storms hit Texas and Florida, while wildfires burned in Alberta and Ontario.")
    for surface, country in [("Texas", "US"), ("Florida", "US"), ("Alberta", "CA"), ("Ontario", "CA")]:
        assert (found[surface][0].place.level.value, found[surface][0].place.country) == ("governorate", country), surface


def test_continents_and_macro_regions(gaz):
    found = _places(gaz, "Ministers from Europe and Asia discussed refugees from the Middle East and North Africa.")
    for surface in ["Europe", "Asia", "Middle East", "North Africa"]:
        assert found[surface][0].place.level.value == "region", surface


def test_months_titles_and_person_names_are_not_places(gaz):
    found = _places(gaz, "In March, Police said President Vladimir Putin had met David on Monday. Obama spoke at the White House in Washington.")
    for word in ["March", "Police", "Vladimir", "David", "Monday", "Obama"]:
        assert not any(word in surface for surface in found), word
    assert all(m.place is None or m.place.country != "MA" for ms in found.values() for m in ms)  # not Casablanca


def test_namesakes_and_levels(gaz):
    found = _places(gaz, "Thousands marched in London on Saturday against the war.")
    assert found["London"][0].place.country == "GB"
    found = _places(gaz, "Government forces shelled Aleppo and Raqqa, while rebels still hold much of Idlib province.")
    assert found["Aleppo"][0].place.level.value == "city"
    assert found["Raqqa"][0].place.level.value == "city"
    assert found["Idlib"][0].place.level.value == "governorate"  # "Idlib province"


def test_generic_in_city_name_belongs_to_the_city(gaz):
    found = _places(gaz, "Iraqi troops pushed into Mosul on Sunday. Fighting raged in the Old City, where snipers held out.")
    old = found["Old City"][0].place
    assert old is not None and old.country == "IQ" and old.name == found["Mosul"][0].place.name


def test_gazetteer_names_are_not_vetoed_by_ner_labels(gaz):
    # fr_core_news_sm tags these ORG / PER; the gazetteer and "à" say place.
    found = _places(gaz, "En Syrie, des frappes aériennes ont tué vingt civils à Douma et à Khan Cheikhoun, selon l'OSDH.", lang="fr")
    assert found["Douma"][0].place.country == "SY"
    assert found["Khan Cheikhoun"][0].place.country == "SY"


def test_focus_comes_from_the_text_or_metadata_not_a_syria_default(gaz, tmp_path):
    # A text about the US resolves "Damascus" in the US; JSON Lines metadata can say so too.
    found = _places(gaz, "Floods closed roads in Maryland; in Damascus, Maryland, residents were evacuated.")
    assert found["Damascus"][0].place.country == "US"
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "m", "lang": "en", "countries": ["US"], "text": "Residents of Damascus were evacuated after the floods."}) + "\n", encoding="utf-8")
    docs = list(read_documents([corpus]))
    assert docs[0].focus == ("US",)
    assert resolve_documents(docs, gaz)[0].place.country == "US"
    assert _places(gaz, "Residents of Damascus were evacuated after the shelling.")["Damascus"][0].place.country == "SY"
def test_a_town_the_ner_tags_as_an_organisation_is_still_a_place(gaz):
    """en_core_web_sm tags a bare "Mariupol" ORG; a whole entity that is a gazetteer name is not
    vetoed by that label, while a longer organisation name still is."""
    text = "Shelling of Mariupol killed 5 civilians on Tuesday, the Syrian Observatory for Human Rights said."
    found = {m.surface: m for m in resolve_documents([make_document(text, doc_id="x", lang="en")], gaz)}
    assert "Mariupol" in found and found["Mariupol"].place.country == "UA"
    assert not any("Syria" in s for s in found)


def test_the_object_of_an_attack_capture_or_flight_is_evidence_of_a_place(gaz):
    """en_core_web_sm tags "Douma" PERSON and "Aleppo" NORP in these sentences; being what was
    shelled, fled or retaken says place, and a big place's own name outweighs one label against."""
    for text, surface, country in [
        ("Government forces shelled Douma, killing four civilians, activists said.", "Douma", "SY"),
        ("More than 2000 people fled Aleppo, the UN said.", "Aleppo", "SY"),
        ("Syrian government forces recaptured Palmyra from the Islamic State group on Sunday.", "Palmyra", "SY"),
    ]:
        found = _places(gaz, text)
        assert surface in found and found[surface][0].place.country == country, text
    # A person attacked stays a person; an initiator after "by" is not a target.
    found = _places(gaz, "Gunmen attacked Jack Smith near his home, police said.")
    assert not any("Jack" in s or "Smith" in s for s in found)


def test_a_trigger_word_is_no_place_and_a_name_never_votes_for_its_own_country(gaz):
    """"Air" of "Air strikes" at a sentence start is a well-known name (Air Khās, India) with
    no NER label; words of an event trigger are not places, and the focus a name would give its
    own country does not count for it. What "air strikes hit" is where the strike happened."""
    text = "Air strikes hit Sanaa on Sunday, killing 11 civilians. Separatist fighters clashed with government forces in Aden."
    found = _places(gaz, text)
    assert not any(s.startswith("Air") for s in found)
    assert found["Sanaa"][0].place.country == "YE" and found["Sanaa"][0].role == "location"
    assert found["Aden"][0].place.country == "YE"
    french = _places(gaz, "Des frappes aériennes ont touché Sanaa dimanche.", lang="fr")
    assert french["Sanaa"][0].place.country == "YE"
def test_a_name_after_a_place_and_a_comma_is_the_unit_holding_it(gaz):
    """"Macon, Georgia" is the US state and "Syracuse, New York" the state, not the country
    Georgia or New York City; the pair also picks the namesake town inside that unit."""
    found = _places(gaz, "The shipment left a warehouse in Macon, Georgia, and reached a depot near Syracuse, New York, two days later.")
    assert found["Georgia"][0].place.place_id == "admin1:US-GA"
    assert found["New York"][0].place.level.value == "governorate"
    assert found["Macon"][0].place.country == "US"
    found = _places(gaz, "Farmers near Paris, Texas, lost their cattle in the storm.")
    assert found["Paris"][0].place.country == "US"
    # A plain list of countries holds no pair: Georgia stays the country there.
    found = _places(gaz, "Ministers from Armenia, Georgia and Azerbaijan met in Tbilisi.")
    assert found["Georgia"][0].place.level.value == "country"


def test_the_word_state_after_a_name_is_a_level_cue(gaz):
    found = _places(gaz, "Apple growers in Washington state expect a smaller harvest this year.")
    assert found["Washington"][0].place.place_id == "admin1:US-WA"


def test_a_world_city_beats_a_namesake_town_in_the_focus_country(gaz):
    """A text about the United States still means Rome, Italy and Toronto, Canada by the bare
    names; a town of the focus country needs the context to point at it."""
    found = _places(gaz, "Officials in Texas and Ohio said the two travellers had flown in from Rome and Toronto on Friday.")
    assert found["Rome"][0].place.country == "IT"
    assert found["Toronto"][0].place.country == "CA"


def test_titles_currencies_and_diseases_are_not_places(gaz):
    found = _places(gaz, "Dr. Helen Cole said the US$2 million grant would fund research on West Nile virus and Marburg fever in Kenya.")
    assert "Kenya" in found
    for word in ["Dr.", "US", "West", "Nile", "Marburg"]:
        assert not any(word in surface for surface in found), word


def test_us_news_style_state_abbreviations_and_county_cue(gaz):
    """"Wheeling, W.Va." names West Virginia; "Monroe County" is a place (a US county of the
    gazetteer, and the word "County" after a name is a level cue)."""
    found = _places(gaz, "WHEELING, W.Va. -- Flood crews from Monroe County worked through the night near Knoxville, Tenn.")
    by_prefix = {surface.rstrip("."): ms for surface, ms in found.items()}
    assert by_prefix["W.Va"][0].place.place_id == "admin1:US-WV"
    assert by_prefix["Tenn"][0].place.place_id == "admin1:US-TN"
    assert any(surface.startswith("Monroe") for surface in found)


def test_a_word_the_text_uses_as_a_persons_name_is_not_a_place(gaz):
    found = _places(gaz, "Principal Karen Whitfield met parents in Dayton on Monday. Ms. Whitfield said the Dayton school would reopen, and Whitfield thanked the volunteers.")
    assert "Dayton" in found
    assert "Whitfield" not in found


def test_a_hyphenated_name_with_lower_case_parts_is_one_name(gaz):
    found = _places(gaz, "Aid flights landed in Port-au-Prince after the storm.")
    assert found["Port-au-Prince"][0].place.country == "HT"


def test_a_country_the_text_is_not_about_yields_to_a_unit_of_the_focus_country(gaz):
    found = _places(gaz, "Health officials in Atlanta, Savannah and Augusta said Georgia had recorded twelve cases; Alabama and Tennessee reported none.")
    assert found["Georgia"][0].place.place_id == "admin1:US-GA"
    found = _places(gaz, "Protesters filled the streets of Tbilisi, and Georgia's parliament met in Kutaisi.")
    assert found["Georgia"][0].place.place_id == "country:GE"


def test_one_word_of_a_longer_name_the_gazetteer_lacks_is_not_a_place(gaz):
    """"Red River" and "Tyler Street" are not the towns "Red" or "Street"; a weekday or the
    level word "County" after a place does not make a longer name."""
    found = _places(gaz, "Volunteers filled sandbags as the Red River rose near Fargo, and crews closed Tyler Street in Athens, Texas.")
    assert "Fargo" in found and "Texas" in found
    for word in ["Red", "River", "Street", "Tyler"]:
        assert not any(word in surface for surface in found), word
    found = _places(gaz, "Police in Fargo Monday said the Madison County sheriff had left.")
    assert "Fargo" in found and any(surface.startswith("Madison") for surface in found)


def test_a_state_or_county_the_story_names_picks_the_namesake_inside_it(gaz):
    """US local news: the county or state the text names makes "Alexandria" and "Athens" the
    towns inside it, not Egypt's or Greece's, nor another state's namesake."""
    found = _places(gaz, "Deputies from Rapides Parish searched a warehouse on Monday. Alexandria police said the fire started before dawn and that no one in Alexandria was hurt.")
    assert {m.place.extra.get("admin1") for m in found["Alexandria"]} == {"admin1:US-LA"}
    assert found["Rapides Parish"][0].place.level.value == "district"
    found = _places(gaz, "The Clarke County school board met in Athens on Thursday; Georgia lawmakers will review the budget.")
    assert found["Athens"][0].place.extra.get("admin1") == "admin1:US-GA"
    # Without a unit of the focus country named, the world city keeps its name.
    found = _places(gaz, "Tourists crowded the Acropolis in Athens as Greece reopened its museums.")
    assert found["Athens"][0].place.country == "GR"


def test_ap_state_abbreviations_need_their_period(gaz):
    """"Ky." and "Miss." (AP abbreviations, from the `us` package) name the states; "Miss Lane"
    and "S.C." written as a run of initials are told apart."""
    found = _places(gaz, "The truck was found in Corbin, Ky., and the driver later in Jackson, Miss., near the county line.")
    assert found["Ky."][0].place.place_id == "admin1:US-KY"
    assert found["Miss."][0].place.place_id == "admin1:US-MS"
    found = _places(gaz, "Miss Lane told reporters in Columbia, S.C., that the plant would close.")
    assert found["S.C."][0].place.place_id == "admin1:US-SC"
    assert not any(surface.startswith("Miss") for surface in found)


def test_a_place_ending_an_organisation_name_counts_when_the_text_names_it_elsewhere(gaz):
    """"Hope Clinic Malakal" is the clinic's branch in Malakal, a place the text names on its
    own too; an organisation's place alone ("University of Juba") is not a mention."""
    text = "Aid workers arrived in Malakal on Sunday. Staff at Hope Clinic Malakal treated 40 people, a doctor from the University of Juba said."
    found = _places(gaz, text)
    assert len(found.get("Malakal", [])) == 2
    assert "Juba" not in found


def test_a_county_among_namesakes_follows_the_state_the_story_names(gaz):
    found = _places(gaz, "Jackson County deputies and Oregon state troopers closed the highway near Medford after the crash.")
    assert found["Jackson County"][0].place.extra.get("admin1") == "admin1:US-OR"


def test_number_words_are_counts_not_communes(gaz):
    # "Quarante" and "Mille" are French communes; opening a quoted toll they are counts.
    found = _places(gaz, "«Quarante personnes ont été tuées à Douma», a déclaré un médecin. «Trente blessés», a-t-il ajouté.", lang="fr")
    assert "Douma" in found
    assert not {"Quarante", "Trente"} & set(found)
    found = _places(gaz, "“Eleven people were killed in Hama,” a medic said.")
    assert "Hama" in found and "Eleven" not in found


def test_an_armed_group_named_as_a_rare_alias_of_a_town_is_the_group(gaz):
    # A group's name of a theatre pack, stored by GeoNames as an alternate name of some town.
    found = _places(gaz, "A Houthi-fired missile hit a market in Marib on Sunday, killing 13 people, officials in Yemen said.")
    assert "Marib" in found and found["Marib"][0].place.country == "YE"
    assert "Houthi" not in found
    # A place a group is named after keeps its own name: "Misrata" is the city.
    found = _places(gaz, "Fighters from Misrata clashed with rivals in Tripoli, Libya.")
    assert found["Misrata"][0].place.country == "LY"
