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
    # Drawn: 6 zones; 6 events on by default (the 2 diplomatic ones are off).
    assert page.locator("path.ge-zone").count() == 6
    assert page.locator("path.ge-event").count() == 6
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
    # The air strike's symbol is drawn as wide as its radius says (a star: 2 x 1.3 x cos 18° x r).
    page.evaluate("geoEvents.map.setView([35.9, 36.6], 8, {animate: false})")
    star = _bbox(page, "path.ge-event.ge-air")
    assert star[2] - star[0] == pytest.approx(2 * 1.3 * np.cos(np.radians(18)) * symbol_radius(85), abs=2.5)


def test_popup_shows_event_with_place_highlighted(seed_page, open_page):
    page, _, errors = open_page(seed_page)
    page.evaluate("geoEvents.map.setView([35.9, 36.6], 8, {animate: false})")
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
    assert page.evaluate(count) == 8
    page.select_option(".ge-slider select", "day")
    page.eval_on_selector(".ge-slider input", "(e) => { e.value = String(Date.UTC(2016, 11, 6) / 86400000); e.dispatchEvent(new Event('input')); }")
    # On 6 December: the Chaar clash and the reports spanning that day, not the 5 December ones.
    on_day = page.evaluate(count)
    assert 0 < on_day < 8
    assert page.inner_text(".ge-slider-label") == "on 2016-12-06"
    page.select_option(".ge-slider select", "all")
    assert page.evaluate(count) == 8


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
    frames = [f for f in page.frames if f != page.main_frame]
    assert len(frames) == 2
    for frame in frames:
        frame.wait_for_function("window.geoEvents && window.geoEvents.ready === true")
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
    assert page.evaluate("geoEvents.layers[0].bulk.drawn") == 5000
    assert page.locator("path.ge-event").count() == 0 and page.locator("canvas.ge-bulk-shelling").count() == 1
    # Click the first event where the canvas drew it: its popup opens.
    x, y = page.evaluate("(() => { const b = geoEvents.layers[0].bulk; const p = geoEvents.map.layerPointToContainerPoint(L.point(b._px[0] + b._topLeft.x, b._py[0] + b._topLeft.y)); return [p.x, p.y]; })()")
    page.mouse.click(x, y)
    assert "UNOSAT damage site" in page.inner_text(".leaflet-popup-content")
    assert external == [] and errors == []
