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


def test_a_town_the_ner_tags_as_an_organisation_is_still_a_place(gaz):
    """en_core_web_sm tags a bare "Mariupol" ORG; a whole entity that is a gazetteer name is not
    vetoed by that label, while a longer organisation name still is."""
    text = "Shelling of Mariupol killed 5 civilians on Tuesday, the Syrian Observatory for Human Rights said."
    found = {m.surface: m for m in resolve_documents([make_document(text, doc_id="x", lang="en")], gaz)}
    assert "Mariupol" in found and found["Mariupol"].place.country == "UA"
    assert not any("Syria" in s for s in found)
