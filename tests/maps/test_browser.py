"""Maps opened in real headless Chromium (Debian's), with the network cut off."""

from __future__ import annotations

import io
import subprocess
import sys

import geopandas
import numpy as np
import pytest
from PIL import Image

from geo_events.maps import MapData, build_map, load_map_data, save_embed, save_map, symbol_radius

from ..conftest import EXAMPLE, ROOT
from .conftest import HOSTILE
from geo_events.maps.browser import wait_ready

pytestmark = pytest.mark.browser

UNOSAT = ROOT / "benchmarks" / "data" / "unosat_damage_sites_2015.geojson"


def _not_blank(png: bytes, box=None) -> int:
    """Distinct colours in (a region of) a screenshot; a blank map has a handful."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    if box:
        image = image.crop(box)
    pixels = np.asarray(image).reshape(-1, 3)
    return len(np.unique(pixels, axis=0))


def test_seed_map_offline(seed_page, seed_map, open_page):
    page, external, errors = open_page(seed_page)
    assert external == [] and errors == []
    assert page.evaluate("typeof L") == "object" and page.evaluate("L.version") == "1.9.3"
    assert page.evaluate("geoEvents.map instanceof L.Map")
    # Every layer of the map is listed in the layer control.
    listed = page.eval_on_selector_all(".leaflet-control-layers-selector + span", "els => els.map(e => e.textContent.trim())")
    layers = [c.layer_name for c in seed_map._children.values() if hasattr(c, "layer_name") and getattr(c, "control", False)]
    assert sorted(listed) == sorted(layers) and len(layers) >= 10
    # Legend and title.
    legend = page.inner_text(".ge-legend")
    for text in ("Control zones", "Contested", "Air and drone strikes", "Fatalities", "Natural Earth", "OCHA", "GeoNames"):
        assert text in legend
    assert "2016-11-15 → 2016-12-07" in page.inner_text(".ge-title")
    # Drawn: 6 zones; 7 events on by default (the diplomatic ones are off): at the initial
    # view, one disc for the five events of Aleppo and one for the air strike and the clashes
    # that share Idleb province's point.
    assert page.locator("path.ge-zone").count() == 6
    drawn = page.locator("path.ge-event").count()
    clustered = page.evaluate("geoEvents.cluster.clusters.reduce((n, c) => n + c.count, 0)")
    assert drawn == 0 and clustered == 7
    assert page.locator(".ge-cluster[data-count='5']").count() == 1 and page.locator(".ge-cluster[data-count='2']").count() == 1
    assert page.locator("path.ge-event.ge-other").count() == 0
    assert page.locator(".leaflet-control-scale").count() == 1 and page.locator(".leaflet-control-zoom-fullscreen").count() == 1
    # The map area (left of the controls) is a drawn map, not a blank page.
    shot = page.screenshot()
    assert _not_blank(shot, (60, 200, 900, 880)) > 200


def _bbox(page, selector):
    return page.eval_on_selector(selector, "e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; }")


def test_seed_zones_and_symbols_in_the_dom(seed_page, open_page):
    page, _, _ = open_page(seed_page)
    page.evaluate("geoEvents.map.setView([36.2, 37.16], 13, {animate: false})")
    chaar = _bbox(page, 'path.ge-zone.ge-contested[data-name="Sha\'aar"]')
    east = _bbox(page, 'path.ge-zone.ge-faction-rebels[data-name="East Aleppo"]')
    assert east[0] <= chaar[0] and east[1] <= chaar[1] and chaar[2] <= east[2] and chaar[3] <= east[3]
    # Contested: filled with the hatching pattern.
    assert page.get_attribute('path.ge-zone.ge-contested[data-name="Sha\'aar"]', "fill").startswith("url(#")
    assert page.locator('path.ge-zone.ge-held.ge-faction-government[data-name="West Aleppo"]').count() == 1
    assert page.locator('path.ge-zone.ge-held.ge-faction-rebels[data-name="Idleb"]').count() == 1
    radii = page.evaluate("Object.fromEntries(geoEvents.layers.map(l => [l.key, l.symbols.map(s => [l.data.fat ? l.data.fat[s._ge] : null, s._radius])]))")
    assert [85, symbol_radius(85)] in radii["air"]
    assert [81, symbol_radius(81)] in radii["shelling"]
    # The air strike's symbol is drawn as wide as its radius says (a star: 2 x 1.3 x cos 18° x r),
    # once the disc it shares with the Idleb clashes is clicked open.
    page.evaluate("geoEvents.map.setView([35.9, 36.6], 8, {animate: false})")
    page.click(".ge-cluster[data-count='2']")
    star = _bbox(page, "path.ge-event.ge-air")
    assert star[2] - star[0] == pytest.approx(2 * 1.3 * np.cos(np.radians(18)) * symbol_radius(85), abs=2.5)


def test_popup_shows_event_with_place_highlighted(seed_page, open_page):
    page, _, errors = open_page(seed_page)
    page.evaluate("geoEvents.map.setView([35.9, 36.6], 8, {animate: false})")
    page.click(".ge-cluster[data-count='2']")  # the air strike and the clashes share Idleb's point
    page.click("path.ge-event.ge-air", force=True)
    popup = page.locator(".leaflet-popup-content")
    text = popup.inner_text()
    assert "Air/drone strike" in text and "at least 85" in text and "18 children" in text
    assert "2016-12-03 → 2016-12-07" in text and "Military Forces of Russia" in text
    assert popup.locator("mark").inner_text() == "Idleb"
    assert errors == []


def test_time_slider_filters_events(seed_page, open_page):
    page, _, _ = open_page(seed_page)
    count = "geoEvents.layers.reduce((n, l) => n + l.visibleCount(), 0)"
    assert page.evaluate(count) == 9
    page.select_option(".ge-slider select", "day")
    page.eval_on_selector(".ge-slider input", "(e) => { e.value = String(Date.UTC(2016, 11, 6) / 86400000); e.dispatchEvent(new Event('input')); }")
    # On 6 December: the Chaar clash and the reports spanning that day, not the 5 December ones.
    on_day = page.evaluate(count)
    assert 0 < on_day < 9
    assert page.inner_text(".ge-slider-label").startswith("on 2016-12-06")
    page.select_option(".ge-slider select", "all")
    assert page.evaluate(count) == 9


def test_hostile_article_executes_nothing(gaz, tmp_path, open_page):
    data = load_map_data([HOSTILE], gaz)
    path = save_map(build_map(data, gaz, title='<img src=x onerror="window.__pwned=3">'), tmp_path / "hostile.html")
    page, external, errors = open_page(path)
    # Open every popup and tooltip the page can show.
    page.evaluate("geoEvents.map.eachLayer(l => { if (l.getPopup && l.getPopup()) { l.openPopup(); } })")
    texts = page.evaluate(
        """() => {
          const out = [];
          geoEvents.layers.forEach(l => l.symbols.forEach((s, i) => {
            l.open(i);
                const contents = document.querySelectorAll('.leaflet-popup-content');
                out.push(contents[contents.length - 1].textContent);
            out.push(geoEvents.eventTooltip(l.data, i).textContent);
          }));
          return out;
        }"""
    )
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".leaflet-popup-content img, .leaflet-popup-content script, .ge-title img").count() == 0
    joined = "\n".join(texts)
    assert '<img src=x onerror="window.__pwned=1">' in joined and "<script>window.__pwned=2</script>" in joined
    assert '<img src=x onerror="window.__pwned=3">' in page.inner_text(".ge-title")
    assert external == [] and errors == []


def test_embedded_fragments_in_a_report(seed_map, seed_html, tmp_path, open_page):
    fragment = save_embed(seed_map, tmp_path / "seed.embed.html", html=seed_html).read_text()
    report = tmp_path / "report.html"
    report.write_text(f"<!DOCTYPE html><html><body><h1>Report</h1>{fragment}<p>Between</p>{fragment}</body></html>")
    page, external, errors = open_page(report, ready=False)
    # Each frame is waited for through its own element (lazy frames attach when they are
    # laid out), on the page's ready state, with the same patience as any map.
    frames = [handle.content_frame() for handle in page.query_selector_all("iframe")]
    assert len(frames) == 2
    for handle, frame in zip(page.query_selector_all("iframe"), frames):
        handle.scroll_into_view_if_needed()
        wait_ready(frame)
        assert frame.locator("path.ge-zone").count() == 6
    assert external == [] and errors == []


def test_cli_png(tmp_path, cli_env):
    out = tmp_path / "seed.html"
    result = subprocess.run([sys.executable, "-m", "geo_events", "map", str(EXAMPLE), "-o", str(out), "--png", "--width", "1200", "--height", "800"], env=cli_env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    png = out.with_suffix(".png").read_bytes()
    image = Image.open(io.BytesIO(png))
    assert image.size == (1200, 800)
    assert _not_blank(png, (60, 200, 800, 780)) > 200


def test_png_without_browser_is_a_clear_error(tmp_path, cli_env):
    env = dict(cli_env, GEO_EVENTS_CHROMIUM=str(tmp_path / "no-such-chromium"))
    result = subprocess.run([sys.executable, "-m", "geo_events", "map", str(EXAMPLE), "-o", str(tmp_path / "m.html"), "--png"], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "no-such-chromium: no such browser executable" in result.stderr
    assert not (tmp_path / "m.html").exists()


def test_many_events_on_canvas_are_drawn_and_clickable(gaz, tmp_path, open_page):
    sites = geopandas.read_file(UNOSAT, engine="pyogrio").iloc[:5000]
    events = geopandas.GeoDataFrame(
        {
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Shelling/artillery/missile attack",
            "event_date": "2015-04-26",
            "location": sites["Neighborho"].fillna("Aleppo"),
            "notes": "UNOSAT damage site: " + sites["SiteID"].fillna(""),
            "fatalities": 0,
        },
        geometry=sites.geometry.values,
        crs="EPSG:4326",
    )
    path = save_map(build_map(MapData(events=events), gaz, offline=True), tmp_path / "many.html")
    page, external, errors = open_page(path)
    # Every event is either painted or counted in a disc.
    drawn = page.evaluate("geoEvents.layers[0].bulk.drawn")
    clustered = page.evaluate("geoEvents.cluster.clusters.reduce((n, c) => n + c.count, 0)")
    assert drawn + clustered == 5000 and drawn > 0 and clustered > 0
    assert page.locator("path.ge-event").count() == 0 and page.locator("canvas.ge-bulk-shelling").count() == 1
    # Click a painted event where the canvas drew it: its own popup opens.
    x, y = page.evaluate(
        """(() => { const s = geoEvents.symbolsOnScreen().filter(s => s.x > 80 && s.x < 1000 && s.y > 200 && s.y < 850
             && !document.elementFromPoint(s.x, s.y).closest('.ge-cluster, .leaflet-control'))[0]; return [s.x, s.y]; })()"""
    )
    # The symbol on top there (drawn last) is the one whose popup opens.
    j = page.evaluate(f"geoEvents.layers[0].bulk._hit(geoEvents.map.containerPointToLayerPoint([{x}, {y}]))")
    page.mouse.click(x, y)
    site = page.evaluate(f"geoEvents.layers[0].data.strings[geoEvents.layers[0].data.notes[{j}]]")
    assert site in page.inner_text(".leaflet-popup-content")
    assert external == [] and errors == []


# ---- what a new reader sees: vague claims, extent, clusters, time, renders -------------------

MAPS_DATA = ROOT / "tests" / "data" / "maps"


def test_seed_vague_claims_are_outlines_and_the_view_is_aleppo_idleb(seed_page, open_page):
    page, _, errors = open_page(seed_page)
    vague = page.eval_on_selector_all("path.ge-zone.ge-vague", "els => els.map(e => [e.getAttribute('data-name'), e.getAttribute('fill'), e.getAttribute('stroke-dasharray')])")
    assert sorted(v[0] for v in vague) == ["Damascus", "Syria"]
    assert all(fill == "none" and dash for _, fill, dash in vague)  # never a filled area
    labels = page.eval_on_selector_all(".ge-vague-label", "els => els.map(e => e.textContent)")
    assert any("near Damas" in t and "vague" in t for t in labels) and any("sud du pays" in t and "vague" in t for t in labels)
    # Damascus city lies outside the near-Damascus shape, at the pixel level too.
    inside = page.evaluate(
        """(() => { const m = geoEvents.map; m.setView([33.51, 36.29], 9, {animate: false});
           const p = m.latLngToContainerPoint([33.51, 36.29]); const e = document.elementFromPoint(p.x, p.y);
           return e && e.classList && e.classList.contains('ge-vague'); })()"""
    )
    assert inside is False
    assert errors == []


def test_seed_initial_view_is_aleppo_and_idleb(seed_page, open_page):
    page, _, _ = open_page(seed_page)
    south, west, north, east = page.evaluate("(() => { const b = geoEvents.map.getBounds(); return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })()")
    aleppo, idlib, damascus = (36.20, 37.16), (35.93, 36.63), (33.51, 36.29)
    for lat, lon in (aleppo, idlib):
        assert south < lat < north and west < lon < east
    assert not (south < damascus[0] < north)
    assert north - south < 3.0  # not the whole of Syria (about 5.1 degrees of latitude)


def _symbols_honest(page, max_px: float | None = 30) -> None:
    """Every drawn symbol sits within ``max_px`` of its true place, unless a disc stands for it
    (fanned symbols, zoomed in, keep a leader line to it); every event shown is either drawn or
    in a disc."""
    symbols = page.evaluate("geoEvents.symbolsOnScreen()")
    far = [s for s in symbols if ((s["x"] - s["tx"]) ** 2 + (s["y"] - s["ty"]) ** 2) ** 0.5 > (max_px or 0)]
    if max_px is not None:
        assert far == []
    else:
        # Leaflet draws no path outside the view, so only fanned symbols in view need a leader.
        width, height = page.evaluate("[geoEvents.map.getSize().x, geoEvents.map.getSize().y]")
        in_view = [s for s in far if 0 <= s["x"] <= width and 0 <= s["y"] <= height]
        assert page.locator("path.ge-leader").count() >= len([s for s in in_view if page.evaluate(f"!geoEvents.layers.find(l => l.key === '{s['key']}').bulk")])
    clustered = page.evaluate("geoEvents.cluster.clusters.reduce((n, c) => n + c.count, 0)")
    drawn_anywhere = page.evaluate("geoEvents.layers.reduce((n, l) => { let c = 0; for (let j = 0; j < l.n; j++) c += l.shown[j] && (l.symbols ? l.symbols[j]._map : !l.bulk.hidden[j]) ? 1 : 0; return n + c; }, 0)")
    shown = page.evaluate("geoEvents.layers.filter(l => geoEvents.map.hasLayer(l.group)).reduce((n, l) => n + l.visibleCount(), 0)")
    assert drawn_anywhere + clustered == shown


def test_country_zoom_clusters_instead_of_fanning(seed_page, open_page):
    page, _, errors = open_page(seed_page)
    page.evaluate("geoEvents.map.setView([35.0, 38.5], 7, {animate: false})")
    _symbols_honest(page)
    discs = sorted(page.evaluate("geoEvents.cluster.clusters"), key=lambda d: d["count"])
    assert [(d["count"], d["dominant"], d["together"]) for d in discs] == [(2, "air", True), (5, "shelling", False)]  # the two shellings of West Aleppo lead
    # A click on the Aleppo disc zooms to where its events separate; no symbol is then far from its place.
    page.click(".ge-cluster[data-count='5']")
    page.wait_for_function("geoEvents.map.getZoom() > 7 && !geoEvents.map._animatingZoom")
    _symbols_honest(page, max_px=None)
    # Zoomed in on Aleppo, the two shellings sharing a point fan out with leader lines to it.
    page.evaluate("geoEvents.map.setView([36.2, 37.16], 13, {animate: false})")
    fanned = [s for s in page.evaluate("geoEvents.symbolsOnScreen()") if s["key"] == "shelling"]
    assert len(fanned) == 2 and {(s["tx"], s["ty"]) for s in fanned} == {(fanned[0]["tx"], fanned[0]["ty"])}
    assert page.locator("path.ge-leader").count() >= 2
    assert errors == []


def test_a_click_opens_the_symbol_on_top(seed_page, open_page):
    page, _, _ = open_page(seed_page)
    page.evaluate("geoEvents.map.setView([36.2, 37.16], 13, {animate: false})")
    for s in page.evaluate("geoEvents.symbolsOnScreen()"):
        if not (0 < s["x"] < 1100 and 0 < s["y"] < 900):
            continue
        top = page.evaluate(f"(() => {{ const e = document.elementFromPoint({s['x']}, {s['y']}); return e && e.getAttribute('data-event') !== null ? [e.getAttribute('class'), e.getAttribute('data-event')] : null; }})()")
        if top is None:
            continue  # a disc or a control covers it
        page.mouse.click(s["x"], s["y"])
        key = next(k for k in top[0].split() if k.startswith("ge-") and k not in ("ge-event",) and not k.startswith("ge-prec"))[3:]
        expected = page.evaluate(f"geoEvents.eventPopup(geoEvents.layers.find(l => l.key === '{key}').data, {top[1]}).textContent")
        squash = lambda t: "".join(t.split())[:40]  # noqa: E731
        assert squash(page.inner_text(".leaflet-popup-content")) == squash(expected)
        page.evaluate("geoEvents.map.closePopup()")


def test_time_slider_moves_control_zones(gaz, tmp_path, open_page):
    data = load_map_data([MAPS_DATA / "manbij-control.en.jsonl"], gaz)
    path = save_map(build_map(data, gaz, offline=True), tmp_path / "manbij.html")
    page, _, errors = open_page(path)
    faction = "Array.from(document.querySelectorAll('path.ge-zone[data-name=\"Manbij\"]')).map(e => e.getAttribute('data-faction'))"
    assert page.evaluate(faction) == ["government"]  # all dates: the latest state

    def slide(day: str) -> None:
        page.eval_on_selector(".ge-slider input", f"(e) => {{ e.value = String(Date.parse('{day}') / 86400000); e.dispatchEvent(new Event('input')); }}")

    slide("2016-03-10")
    assert page.evaluate(faction) == ["rebels"]
    assert "zones as of 2016-03-10" in page.inner_text(".ge-slider-label")
    page.click('path.ge-zone[data-name="Manbij"]', force=True)
    assert "Rebels seized the town of Manbij" in page.inner_text(".leaflet-popup-content")  # its source claim
    slide("2016-03-25")
    assert page.evaluate(faction) == ["government"]
    page.select_option(".ge-slider select", "all")
    assert page.evaluate(faction) == ["government"]
    assert errors == []


def _land_in_bands(png: bytes, box, bands: int = 3) -> list[float]:
    """Share of base-map land colour (#f3f0e8) in horizontal bands of a region of a screenshot."""
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB").crop(box)).astype(int)
    land = (np.abs(image - np.array([0xF3, 0xF0, 0xE8])).sum(axis=2) < 8)
    return [float(part.mean()) for part in np.array_split(land, bands, axis=0)]


@pytest.mark.parametrize("name", ["raqqa-mosul-mariupol.en.txt", "sanaa-aden.en.txt"])
def test_multi_country_pages_render_whole(name, gaz, tmp_path, open_page):
    """Five renders of each page (ten in all): the map fills its box, every band of it is
    painted, and every event is in view, including after the page is laid out again."""
    data = load_map_data([MAPS_DATA / name], gaz, published="2017-03-06")
    path = save_map(build_map(data, gaz, offline=True), tmp_path / "page.html")
    for attempt in range(5):
        late = attempt % 2 == 1  # every other render: the window is resized after the map is drawn
        page, external, errors = open_page(path, width=900 if late else 1400, height=500 if late else 900)
        if late:
            page.set_viewport_size({"width": 1400, "height": 900})
            page.wait_for_function("geoEvents.resized >= 1 && geoEvents.map.getSize().y === 900")
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        box = page.evaluate("(() => { const b = geoEvents.map.getContainer().getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })()")
        svg = page.evaluate("(() => { const b = document.querySelector('.leaflet-ge-base-pane svg').getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })()")
        assert svg[0] <= box[0] and svg[1] <= box[1] and svg[2] >= box[2] and svg[3] >= box[3], (attempt, svg, box)
        points = page.evaluate("geoEvents.layers.flatMap(l => l.data.lat.map((lat, j) => { const p = geoEvents.map.latLngToContainerPoint([lat, l.data.lon[j]]); return [p.x, p.y]; }))")
        assert len(points) == 3 and all(0 < x < box[2] and 0 < y < box[3] for x, y in points), (attempt, points)
        bands = _land_in_bands(page.screenshot(), (60, 0, 1050, 900))
        assert min(bands) > 0.05, (attempt, bands)
        _symbols_honest(page)
        assert external == [] and errors == []
        page.context.close()


def test_legend_fits_a_laptop_screen(seed_page, open_page):
    page, _, _ = open_page(seed_page, width=1366, height=768)
    legend = _bbox(page, ".ge-legend")
    layers = _bbox(page, ".leaflet-control-layers")
    assert legend[3] <= 768 and legend[1] >= layers[3]  # inside the window, below the layer list
    # Folded or open (scrolling inside), it stays in the window under the layer list.
    for _ in range(2):
        was = page.evaluate("document.querySelector('.ge-legend details').open")
        page.click(".ge-legend summary")
        page.wait_for_function(f"document.querySelector('.ge-legend details').open === {'false' if was else 'true'}")
        legend = _bbox(page, ".ge-legend")
        assert legend[3] <= 768 and legend[1] >= layers[3]
    assert page.evaluate("(() => { const l = document.querySelector('.ge-legend'); return l.scrollHeight <= l.clientHeight || getComputedStyle(l).overflowY === 'auto'; })()")
