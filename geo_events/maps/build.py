"""Events, control zones and places in; one layered, self-contained folium map out."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import folium
import geopandas
import pandas as pd
from folium.map import CustomPane
from folium.plugins import Fullscreen
from branca.element import Element
from markupsafe import Markup, escape

from gazetteer import Gazetteer, open_gazetteer

from ..errors import MapError
from ..io import atomic_write
from .assets import OfflineFigure
from .basemap import ATTRIBUTION, SHORT_ATTRIBUTION, base_map_data
from .elements import (
    CANVAS_THRESHOLD,
    PANES,
    HtmlControl,
    InitialView,
    OfflineMap,
    Ready,
    Runtime,
    TimeSlider,
    base_layer,
    event_layer,
    legend_html,
    places_layer,
    title_html,
    zone_layer,
)
from .encode import date_span, encode_events, normalise_events, place_collection, zone_collection
from .style import CATEGORIES, FACTION_COLOURS, FACTION_LABELS, categorise

#: Online tile layers offered (never shown by default): xyzservices provider paths.
TILE_PROVIDERS = ("OpenStreetMap.Mapnik", "Esri.WorldImagery")
#: Padding (px) of the initial view: top-left clear of the title, bottom-right of the layer
#: list and legend.
FIT_PADDING = ((20, 90), (290, 20))
#: Default view when there is nothing to fit: Syria.
DEFAULT_BOUNDS = [[32.3, 35.6], [37.4, 42.4]]


@dataclass
class MapData:
    """What a map shows: events, control zones and (optionally) place mentions, all EPSG:4326."""

    events: geopandas.GeoDataFrame | None = None
    zones: geopandas.GeoDataFrame | None = None
    places: geopandas.GeoDataFrame | None = None
    #: Document id -> title, shown in popups.
    titles: dict[str, str] = field(default_factory=dict)
    #: Where the data came from (file names), for the title box.
    inputs: list[str] = field(default_factory=list)
    #: Control zones over time: every version of every zone with the dates it holds
    #: (``valid_from`` inclusive, ``valid_to`` exclusive or empty), so the time slider moves
    #: the zones too; see :func:`geo_events.maps.inputs.zone_history`. ``zones`` stays the
    #: latest state (title counts, exports).
    zone_history: geopandas.GeoDataFrame | None = None


def _tile_layers(m: folium.Map) -> None:
    import xyzservices.providers as xyz

    for path in TILE_PROVIDERS:
        provider = xyz.query_name(path)
        folium.TileLayer(
            tiles=provider.build_url(),
            attr=provider.html_attribution,
            name=f"{provider.name.replace('.', ' ')} (online tiles)",
            max_zoom=provider.get("max_zoom", 19),
            overlay=False,
            show=False,
        ).add_to(m)


def _is_vague(zones: geopandas.GeoDataFrame) -> pd.Series:
    """Zones drawn from a vague claim ("near X", "the south of the country")."""
    if zones.empty:
        return pd.Series(dtype=bool)
    precision = zones["precision"].fillna("exact") if "precision" in zones else pd.Series("exact", index=zones.index)
    return (zones["status"] == "low-precision") | (precision != "exact")


def _fit_bounds(events: geopandas.GeoDataFrame, zones: geopandas.GeoDataFrame, shown: set[str], categories) -> list[list[float]]:
    """The box of the events shown by default and of the precise zones; vague zones do not
    count (the seed's "south of the country" would open the map on all of Syria)."""
    frames = []
    if not zones.empty:
        frames.append(zones.geometry[~_is_vague(zones).to_numpy()])
    if not events.empty:
        keep = categories.isin(shown).to_numpy()
        frames.append(events.geometry[keep] if keep.any() else events.geometry)
    if not frames:
        return DEFAULT_BOUNDS
    geoms = pd.concat(frames, ignore_index=True)
    geoms = geoms[geoms.notna() & ~geoms.is_empty]
    if geoms.empty:
        return DEFAULT_BOUNDS
    minx, miny, maxx, maxy = geopandas.GeoSeries(geoms).total_bounds
    pad = 0.02
    return [[miny - pad, minx - pad], [maxy + pad, maxx + pad]]


def build_map(
    data: MapData,
    gazetteer: Gazetteer | None = None,
    *,
    title: str | None = None,
    offline: bool = False,
    width: str = "100%",
    height: str = "100%",
) -> folium.Map:
    """A folium ``Map`` of events, control zones and places, ready to save or show in a notebook.

    Every script and style is inlined when the map is rendered (``save``, ``_repr_html_``,
    :func:`save_map`); the base map is drawn from the gazetteer's polygons. ``offline=True``
    leaves out the optional online tile layers.
    """
    gazetteer = gazetteer or open_gazetteer()
    events = normalise_events(data.events) if data.events is not None and len(data.events) else normalise_events(pd.DataFrame(columns=["event_type", "latitude", "longitude"]))
    zones = data.zones if data.zones is not None else geopandas.GeoDataFrame(geometry=[], crs="EPSG:4326")
    if zones.crs is not None and not zones.crs.equals("EPSG:4326"):
        zones = zones.to_crs("EPSG:4326")
    places = data.places if data.places is not None else geopandas.GeoDataFrame(geometry=[], crs="EPSG:4326")
    history = data.zone_history
    if history is not None and history.crs is not None and not history.crs.equals("EPSG:4326"):
        history = history.to_crs("EPSG:4326")
    title = title or _default_title(data)
    span = date_span(events)
    zone_span = _validity_span(history)

    figure = OfflineFigure(title=title)
    m = OfflineMap(location=[35.0, 38.5], zoom_start=7, tiles=None, control_scale=True, width=width, height=height, zoom_snap=0.25, zoom_delta=0.5)
    figure.add_child(m)
    m.add_child(Runtime())
    categories = categorise(events["event_type"], events["sub_event_type"], events["tags"]) if not events.empty else pd.Series(dtype=object)
    # Fit before any layer is added: a later fitBounds re-projects everything already drawn.
    # Padding keeps the data clear of the title (top left) and the layer list and legend (right).
    bounds = _fit_bounds(events, zones, {c.key for c in CATEGORIES if c.show}, categories)
    m.add_child(InitialView(bounds, FIT_PADDING))
    for name, z in PANES.items():
        CustomPane(name, z_index=z, pointer_events=not name.startswith("ge-base")).add_to(m)

    base_layer(m, base_map_data(gazetteer), SHORT_ATTRIBUTION).add_to(m)
    if not offline:
        _tile_layers(m)

    statuses: set[str] = set()
    factions: list[str] = []
    shown_zones = history if history is not None and not history.empty else zones
    if not shown_zones.empty:
        zone_frame = _known_factions(shown_zones)
        statuses = set(zone_frame["status"].dropna())
        contested = (zone_frame["status"] == "contested").to_numpy()
        vague = _is_vague(zone_frame).to_numpy()
        if vague.any():
            statuses.add("vague")
        precise = ~contested & ~vague
        for faction in dict.fromkeys(zone_frame.loc[precise, "faction"].fillna("other")):
            part = zone_frame[precise & (zone_frame["faction"].fillna("other") == faction).to_numpy()]
            factions.append(faction)
            label = f"Control: {FACTION_LABELS.get(faction, faction)} ({_zone_count(part)})"
            zone_layer(m, label, zone_collection(part), "ge-zones", faction).add_to(m)
        if contested.any():
            part = zone_frame[contested]
            for f in part["factions"].fillna("").str.split(";").explode():
                if f and f not in factions:
                    factions.append(f)
            zone_layer(m, f"Control: contested ({_zone_count(part)})", zone_collection(part), "ge-zones-contested", "contested").add_to(m)
        if vague.any():
            part = zone_frame[vague]
            zone_layer(m, f"Vague claims: dotted outlines, not front lines ({_zone_count(part)})", zone_collection(part), "ge-zones-low", "vague", labels=FACTION_LABELS).add_to(m)

    shown_categories: list = []
    if not events.empty:
        encoded = encode_events(events, gazetteer, data.titles, categories)
        canvas = len(events) > CANVAS_THRESHOLD
        for category in CATEGORIES:
            if category.key in encoded:
                count = int((categories == category.key).sum())
                event_layer(m, category, encoded[category.key], canvas=canvas, count=count).add_to(m)
                shown_categories.append(category)

    if not places.empty:
        places_layer(m, place_collection(places)).add_to(m)

    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    Fullscreen(position="topleft").add_to(m)

    lines = []
    if span:
        lines.append(f"Events {span[0].isoformat()} → {span[1].isoformat()}" if span[0] != span[1] else f"Events on {span[0].isoformat()}")
    lines.append(f"{len(events):,} events · {len(zones):,} control zones" + (f" · {places['place_id'].nunique():,} places" if not places.empty else ""))
    HtmlControl(title_html(title, lines), "topleft", "ge-box ge-title").add_to(m)
    sources = Markup("Sources: {}. Events and zones extracted by geo-events from the dispatches{}.").format(
        ATTRIBUTION, Markup(": ") + ", ".join(data.inputs) if data.inputs else ""
    )
    HtmlControl(legend_html(factions, statuses, shown_categories, sources), "bottomright", "ge-box ge-legend").add_to(m)
    slider = _union(span, zone_span)
    if slider and slider[1] > slider[0]:
        TimeSlider(slider[0], slider[1], zones=zone_span is not None).add_to(m)

    m.add_child(Ready(bounds, FIT_PADDING))
    m.geo_events_title = title
    stable_ids(figure)
    return m


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in element._children.values():
        yield from _walk(child)


def stable_ids(root: Element) -> None:
    """Give every element of a page an id derived from the page's content and the element's
    place in the tree, so the same input renders to the same bytes.

    branca draws element ids from ``os.urandom``; they end up as JavaScript variable names, so
    every build of the same map differed. Ids stay unique within a page (tree position) and
    differ between maps of different data (content hash), so two maps can share a document.
    Only this tree's elements are touched; nothing global is patched.
    """
    digest = hashlib.sha1()
    elements = list(_walk(root))
    for element in elements:
        digest.update(type(element).__name__.encode())
        for attribute in ("data", "options", "html", "layer_name"):
            value = getattr(element, attribute, None)
            if isinstance(value, str):
                digest.update(value.encode("utf-8", "surrogatepass"))
    seed = digest.hexdigest()[:12]
    for n, element in enumerate(elements):
        element._id = f"{seed}{n:05d}"


def _validity_span(history: geopandas.GeoDataFrame | None) -> tuple[dt.date, dt.date] | None:
    """First and last date at which zones change, when they change at all."""
    if history is None or history.empty or "valid_from" not in history:
        return None
    days = sorted({dt.date.fromisoformat(str(d)[:10]) for d in history["valid_from"].dropna()})
    return (days[0], days[-1]) if len(days) > 1 else None


def _union(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> tuple[dt.date, dt.date] | None:
    spans = [x for x in (a, b) if x]
    return (min(x[0] for x in spans), max(x[1] for x in spans)) if spans else None


def _zone_count(part: pd.DataFrame) -> str:
    n = int(part["zone_key"].nunique()) if "zone_key" in part else len(part)
    return f"{n} zone{'s' if n != 1 else ''}"


def _known_factions(zones: geopandas.GeoDataFrame) -> geopandas.GeoDataFrame:
    """Zones whose factions are ours; anything else (a file from elsewhere) becomes "other"."""
    frame = zones.copy()
    known = set(FACTION_COLOURS)
    frame["faction"] = frame["faction"].where(frame["faction"].isin(known), "other")
    if "factions" not in frame:
        frame["factions"] = frame["faction"]
    frame["factions"] = frame["factions"].fillna("").astype(str).map(lambda s: ";".join(f if f in known else "other" for f in s.split(";") if f))
    return frame


def _default_title(data: MapData) -> str:
    titles = [t for t in data.titles.values() if t]
    if len(titles) == 1:
        return titles[0]
    if data.inputs:
        return "geo-events: " + ", ".join(Path(p).name for p in data.inputs[:3]) + ("…" if len(data.inputs) > 3 else "")
    return "geo-events map"


def render_html(m: folium.Map) -> str:
    """The whole self-contained page of a map."""
    root = m.get_root()
    if not isinstance(root, OfflineFigure):
        raise MapError("this map was not made by geo_events.maps.build_map; its assets cannot be inlined")
    return root.render()


def save_map(m: folium.Map, path: Path | str, *, html: str | None = None) -> Path:
    """Write the self-contained page atomically (``html``: the page if already rendered)."""
    path = Path(path)
    html = html if html is not None else render_html(m)
    with atomic_write(path) as fh:
        fh.write(html)
    return path


def embed_html(m: folium.Map, *, height: str = "600px", html: str | None = None) -> str:
    """An HTML fragment to paste into a report: the whole page in a sandboxed ``<iframe srcdoc>``.

    The frame keeps the map's scripts and styles apart from the report's, so several maps
    can sit in one report; it needs no file beside it.
    """
    page = html if html is not None else render_html(m)
    return (
        f'<div class="geo-events-map" style="position:relative;width:100%;height:{escape(height)};">'
        f'<iframe title="{escape(getattr(m, "geo_events_title", None) or "geo-events map")}" srcdoc="{escape(page)}" '
        'style="position:absolute;inset:0;width:100%;height:100%;border:0;" '
        'sandbox="allow-scripts allow-popups" allowfullscreen loading="lazy"></iframe></div>\n'
    )


def save_embed(m: folium.Map, path: Path | str, *, height: str = "600px", html: str | None = None) -> Path:
    path = Path(path)
    with atomic_write(path) as fh:
        fh.write(embed_html(m, height=height, html=html))
    return path


__all__ = ["MapData", "build_map", "embed_html", "render_html", "save_embed", "save_map", "stable_ids"]
