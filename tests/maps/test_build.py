"""Maps built from the seed article and from files, checked through the data the page draws."""

from __future__ import annotations

import re

import geopandas
import pandas as pd
import pytest
from shapely.geometry import Point, shape

from geo_events.errors import MapError
from geo_events.maps import MapData, build_map, embed_html, load_map_data, render_html, save_map, symbol_radius
from geo_events.maps.assets import asset
from geo_events.maps.elements import CANVAS_THRESHOLD
from geo_events.maps.encode import script_json
from geo_events.maps.style import CATEGORIES, categorise

from .conftest import DATA, HOSTILE, data_blocks


def _zones(html):
    blocks = data_blocks(html)
    return [f for kind, items in blocks.items() if kind.startswith("zoneLayer") for c in items for f in c["features"]]


def _events(html, key):
    [data] = data_blocks(html)[f"eventLayer:{key}"]
    return data


def _text(data, field, i):
    k = data[field][i]
    return None if k < 0 else data["strings"][k]


def test_page_loads_nothing_from_outside(seed_html):
    assert not re.search(r"<script[^>]*\bsrc=", seed_html)
    assert not re.search(r"<link[^>]*\bhref=", seed_html)
    assert "L.map(" in seed_html and "geoEvents.markReady" in seed_html
    # Leaflet, Leaflet.pattern and fullscreen are inlined, with their images as data URIs.
    assert "leaflet-control-layers" in seed_html and "StripePattern" in seed_html and "fullscreen" in seed_html.lower()


def test_seed_zones_chaar_contested_inside_rebel_east_aleppo(seed_html):
    zones = {f["properties"]["name"]: f for f in _zones(seed_html)}
    chaar, east, west, idleb = zones["Sha'aar"], zones["East Aleppo"], zones["West Aleppo"], zones["Idleb"]
    assert chaar["properties"]["status"] == "contested"
    assert chaar["properties"]["level"] == "neighbourhood"
    assert set(chaar["properties"]["factions"].split(";")) == {"government", "rebels"}
    assert east["properties"]["faction"] == "rebels"
    assert shape(east["geometry"]).buffer(1e-3).contains(shape(chaar["geometry"]))
    assert west["properties"]["faction"] == "government" and west["properties"]["status"] == "held"
    assert idleb["properties"]["faction"] == "rebels" and idleb["properties"]["level"] == "governorate"


def test_seed_air_strike_on_idlib_sized_for_85_dead(seed_html, gaz):
    air = _events(seed_html, "air")
    [i] = [i for i, f in enumerate(air["fat"]) if f == 85]
    assert air["r"][i] == symbol_radius(85)
    assert air["prec"][i] == 3  # a province: drawn hollow over the province's outline
    outline = shape(air["areas"][air["area"][i]])
    idleb = gaz.lookup("Idleb", level="governorate")[0].place
    assert outline.buffer(0.05).contains(idleb.geometry.representative_point())
    assert outline.area == pytest.approx(idleb.geometry.area, rel=0.05)
    assert outline.contains(Point(air["lon"][i], air["lat"][i]))


def test_seed_shelling_of_government_held_west_aleppo(seed_html):
    shelling = _events(seed_html, "shelling")
    [i] = [i for i, f in enumerate(shelling["fat"]) if f == 81]
    assert shelling["r"][i] == symbol_radius(81)
    assert _text(shelling, "pname", i) == "West Aleppo"
    assert shelling["child"][i] == 31
    west = next(f for f in _zones(seed_html) if f["properties"]["name"] == "West Aleppo")
    assert shape(west["geometry"]).contains(Point(shelling["lon"][i], shelling["lat"][i]))
    assert "tirs rebelles" in _text(shelling, "notes", i)


def test_seed_vague_claims_are_not_held_ground(seed_html, gaz):
    """"Quelques poches près de Damas" and "le sud du pays" are their own layer, drawn unfilled
    (geo_events.js, checked in the browser), and "near Damascus" leaves Damascus city out."""
    blocks = data_blocks(seed_html)
    [vague] = blocks["zoneLayer:vague"]
    by_name = {f["properties"]["name"]: f for f in vague["features"]}
    assert set(by_name) == {"Damascus", "Syria"}
    assert by_name["Syria"]["properties"]["direction"] == "south" and by_name["Damascus"]["properties"]["precision"] == "near"
    damascus = gaz.get(by_name["Damascus"]["properties"]["place_id"])
    assert damascus.level.value == "city"
    near = shape(by_name["Damascus"]["geometry"])
    assert not near.contains(Point(damascus.lon, damascus.lat))
    assert near.distance(Point(damascus.lon, damascus.lat)) > 0.02  # ~2 km clear of the centre
    # The precise layers hold no vague zone.
    precise = [f for kind, items in blocks.items() if kind.startswith("zoneLayer") and kind != "zoneLayer:vague" for c in items for f in c["features"]]
    assert {f["properties"]["precision"] for f in precise} == {"exact"}


def test_seed_opens_on_aleppo_and_idleb_not_all_of_syria(seed_map, seed_html, gaz):
    """The initial view fits events and precise zones; vague zones do not count."""
    [[south, west], [north, east]] = _fitted(seed_map)
    [idleb] = [f for f in _zones(seed_html) if f["properties"]["name"] == "Idleb"]
    idleb = shape(idleb["geometry"]).bounds
    assert south <= idleb[1] and west <= idleb[0] and east >= 37.2 and north >= 36.2  # Idleb and Aleppo in
    assert south > 35.0 and east < 38.5  # Damascus (33.5 N), Dar'a and the south out


def _fitted(m):
    [ready] = [c for c in m._children.values() if type(c).__name__ == "Ready"]
    import json

    return json.loads(str(ready.options))["bounds"]


def test_same_input_same_bytes(seed_analysis, gaz, seed_html):
    from geo_events.maps import from_analysis

    again = render_html(build_map(from_analysis(seed_analysis, gaz, inputs=["alep-2016-12-07.fr.txt"]), gaz))
    assert again == seed_html
    assert not re.search(r"_[0-9a-f]{32}\b", seed_html)  # no random branca ids left
    # Another map gets other ids: two maps can share a notebook page.
    other = render_html(build_map(MapData(events=pd.DataFrame([{"event_type": "Battles", "latitude": 36.2, "longitude": 37.1}])), gaz))
    ids = lambda html: set(re.findall(r"map_[0-9a-f]{17}", html))  # noqa: E731
    assert ids(seed_html) and not ids(seed_html) & ids(other)


def test_zones_over_time_from_dated_claims(gaz):
    """Two dispatches, two dates, Manbij changes hands: one version of its zone per holder."""
    data = load_map_data([DATA / "maps" / "manbij-control.en.jsonl"], gaz)
    history = data.zone_history
    manbij = history[history["name"] == "Manbij"].sort_values("valid_from")
    assert list(manbij["faction"]) == ["rebels", "government"]
    assert list(manbij["valid_from"]) == ["2016-03-01", "2016-03-19"]
    assert manbij["valid_to"].iloc[0] == "2016-03-19" and pd.isna(manbij["valid_to"].iloc[1])
    assert list(data.zones["faction"]) == ["government"]  # the latest state, for exports
    html = render_html(build_map(data, gaz, offline=True))
    assert '"zones":true' in html  # the slider moves the zones
    # With a fixed date there is no history: zones as of --at.
    fixed = load_map_data([DATA / "maps" / "manbij-control.en.jsonl"], gaz, at=pd.Timestamp("2016-03-05").date())
    assert fixed.zone_history is None and list(fixed.zones["faction"]) == ["rebels"]


def test_title_from_headline(gaz):
    data = load_map_data([DATA / "maps" / "raqqa-mosul-mariupol.en.txt"], gaz, published="2017-03-06")
    html = render_html(build_map(data, gaz, offline=True))
    assert "<title>Three fronts, one week</title>" in html


def test_layers_and_defaults(seed_map, seed_html):
    names = {c._name: c for c in seed_map._children.values()}
    groups = [c for c in seed_map._children.values() if type(c).__name__ == "FeatureGroup"]
    labels = {g.layer_name: g.show for g in groups}
    assert labels["Air and drone strikes (1)"] is True
    assert labels["Shelling, artillery and other explosions (2)"] is True
    assert labels["Diplomatic and other events (2)"] is False
    assert labels["Places mentioned (14)"] is False
    assert any(k.startswith("Control: Rebel groups") for k in labels) and any(k.startswith("Control: contested") for k in labels)
    assert "LayerControl" in names and "Fullscreen" in names
    # A time slider: the seed's events run from 15 November to 7 December 2016.
    assert "geoEvents.timeSlider" in seed_html


def test_no_time_slider_for_one_day(gaz):
    events = pd.DataFrame([{"event_type": "Battles", "sub_event_type": "Armed clash", "latitude": 36.2, "longitude": 37.18, "event_date": "2016-12-06"}])
    html = render_html(build_map(MapData(events=events), gaz, offline=True))
    assert "geoEvents.timeSlider" not in html
    assert "Events on 2016-12-06" in html


def test_symbol_area_is_proportional_to_fatalities():
    assert symbol_radius(None) == symbol_radius(0) == symbol_radius(1)  # the floor
    assert (symbol_radius(400) / symbol_radius(100)) ** 2 == pytest.approx(4, rel=0.01)
    assert symbol_radius(10**7) == symbol_radius(10**8)  # capped


def test_categories_from_acled_types():
    frame = pd.DataFrame(
        {
            "t": ["Explosions/Remote violence", "Explosions/Remote violence", "Explosions/Remote violence", "Battles", "Violence against civilians", "Strategic developments", "Strategic developments"],
            "s": ["Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Government regains territory", "Attack", "Other", "Agreement"],
            "g": ["", "", "", "", "", "displacement", "diplomatic"],
        }
    )
    assert categorise(frame["t"], frame["s"], frame["g"]).tolist() == ["air", "shelling", "shelling", "clash", "civilians", "displacement", "other"]
    assert [c.key for c in CATEGORIES if not c.show] == ["other"]


def test_hostile_text_stays_data(gaz, tmp_path):
    data = load_map_data([HOSTILE], gaz)
    html = render_html(build_map(data, gaz, title="<img src=x onerror=alert(1)> {{ 'x' ~ 'ssti' ~ 'x' }}"))
    # Jinja never evaluated text from the article or the title ...
    assert "jinjaran" not in html and "xsstix" not in html
    assert "\\u007b{ 'ji' ~ 'nja' ~ 'ran' }}" in html
    # ... nothing from them can close a script element or open a tag ...
    assert "<script>window.__pwned" not in html and '<img src=x onerror="window' not in html
    assert "<img src=x onerror=alert" not in html
    # ... and they are all there, as data.
    air = _events(html, "air")
    assert any("onerror" in s for s in air["strings"])
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the <title>


def test_script_json_escapes():
    text = script_json({"a": "</script><script>alert(1)</script>", "b": "{{ x }} {% y %} {# z #}", "c": "a\u2028b"})
    assert "</" not in text and "{{" not in text and "{%" not in text and "{#" not in text and "\u2028" not in text
    import json

    assert json.loads(text) == {"a": "</script><script>alert(1)</script>", "b": "{{ x }} {% y %} {# z #}", "c": "a\u2028b"}


def test_acled_csv_and_event_files(gaz):
    data = load_map_data([DATA / "acled-sample.csv"], gaz)
    assert len(data.events) == 4 and data.zones is None
    html = render_html(build_map(data, gaz, offline=True))
    air = _events(html, "air")
    # Precision 2 and 3 points without a gazetteer id get a dashed circle of their size.
    assert sorted(c for c in air["cr"] if c) == [8000, 40000]
    assert "OpenStreetMap" not in html  # --offline: no online tile layers at all


def test_events_and_zones_written_by_geo_events_round_trip(gaz, tmp_path, seed_analysis):
    from geo_events.analysis import events_to_geodataframe
    from geo_events.export import write_events, write_zones
    from geo_events.zones import zones_to_geodataframe

    events = events_to_geodataframe(seed_analysis.events)
    zones = zones_to_geodataframe(seed_analysis.zones(gaz))
    write_events(events, tmp_path / "e.csv")
    write_events(events, tmp_path / "e.gpkg", zones=zones)
    write_zones(zones, tmp_path / "z.geojson")
    from_csv = load_map_data([tmp_path / "e.csv", tmp_path / "z.geojson"], gaz)
    from_gpkg = load_map_data([tmp_path / "e.gpkg"], gaz)
    for data in (from_csv, from_gpkg):
        assert len(data.events) == 9 and len(data.zones) == 6
        html = render_html(build_map(data, gaz))
        air = _events(html, "air")
        assert air["fat"] == [85] and "areas" in air  # Idleb's outline found again by place_id


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("notes.md", "hello", "unknown input type .md"),
        ("empty.csv", "a,b\n1,2\n", "holds no events"),
        ("broken.geojson", "{not json", "cannot be read as GEOJSON"),
        ("missing.csv", None, "no such file"),
    ],
)
def test_bad_inputs(gaz, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(Exception) as info:
        load_map_data([path], gaz)
    assert message in str(info.value) and str(path) in str(info.value)


def test_unknown_asset_is_an_error():
    with pytest.raises(MapError, match="no offline copy"):
        asset("https://cdn.example.org/leaflet@9.9.9/leaflet.js")


def test_save_is_atomic(seed_map, tmp_path, monkeypatch):
    out = tmp_path / "map.html"
    out.write_text("previous map")
    from geo_events.maps import build as build_module

    def broken(m):
        raise MapError("render failed")

    monkeypatch.setattr(build_module, "render_html", broken)
    with pytest.raises(MapError):
        save_map(seed_map, out)
    assert out.read_text() == "previous map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_embed_fragment_is_one_sandboxed_frame(seed_map, seed_html):
    fragment = embed_html(seed_map, html=seed_html)
    assert fragment.startswith('<div class="geo-events-map"') and fragment.count("<iframe") == 1
    assert 'sandbox="allow-scripts allow-popups"' in fragment
    srcdoc = fragment.split('srcdoc="', 1)[1].split('" style=', 1)[0]
    assert "<" not in srcdoc and '"' not in srcdoc  # the whole page is one escaped attribute
    import html as html_lib

    assert html_lib.unescape(srcdoc) == seed_html


def test_many_events_switch_to_canvas(gaz):
    n = CANVAS_THRESHOLD + 1
    events = geopandas.GeoDataFrame(
        {"event_type": ["Battles"] * n, "sub_event_type": ["Armed clash"] * n, "event_date": ["2016-12-06"] * n},
        geometry=geopandas.points_from_xy([37.1 + i * 1e-5 for i in range(n)], [36.2] * n),
        crs="EPSG:4326",
    )
    html = render_html(build_map(MapData(events=events), gaz, offline=True))
    assert '"canvas":true' in html


def test_notebook_display_is_self_contained(seed_map):
    html = seed_map._repr_html_()
    assert "<iframe" in html and "srcdoc=" in html
    assert "cdn.jsdelivr" not in html.split("L.map(")[0]  # no CDN link before the map script
    assert "&lt;script src=" not in html
