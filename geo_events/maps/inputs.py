"""What `geo-events map` accepts: articles, or files written by `events`, `zones` and `places`
(GeoJSON, GeoPackage, ACLED-style CSV, including ACLED's own exports)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterable

import geopandas
import pandas as pd

from gazetteer import Gazetteer

from ..errors import InputError
from .build import MapData

ARTICLE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".jsonl", ".ndjson"}
TABLE_SUFFIXES = {".geojson", ".json", ".gpkg", ".csv"}


def _read_table(path: Path) -> list[tuple[str, geopandas.GeoDataFrame | pd.DataFrame]]:
    """(kind, frame) pairs of a GeoJSON/GeoPackage/CSV file; kind is events, zones or places."""
    if not path.is_file():
        raise InputError(path, "no such file" if not path.exists() else "is not a file")
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            frames = [pd.read_csv(path, dtype={"place_id": "string"}, keep_default_na=True)]
        elif suffix == ".gpkg":
            import pyogrio

            frames = [geopandas.read_file(path, layer=name, engine="pyogrio") for name, _ in pyogrio.list_layers(path)]
        else:
            frames = [geopandas.read_file(path, engine="pyogrio")]
    except Exception as exc:
        raise InputError(path, f"cannot be read as {suffix[1:].upper()} ({' '.join(str(exc).split())[:150]})") from None
    out = []
    for frame in frames:
        columns = set(frame.columns)
        if {"event_type"} <= columns and ({"latitude", "longitude"} <= columns or "geometry" in columns):
            out.append(("events", frame))
        elif {"faction", "status"} <= columns and "geometry" in columns:
            out.append(("zones", frame))
        elif {"surface", "place_id"} <= columns and "geometry" in columns:
            out.append(("places", frame))
    if not out:
        raise InputError(path, "holds no events (event_type, latitude, longitude), control zones (faction, status) or place mentions (surface, place_id)")
    return out


def zone_history(steps: list[tuple[dt.date, list]]) -> geopandas.GeoDataFrame | None:
    """Zones over time (see :func:`geo_events.zones.zones_over_time`) as one frame: each version
    of a zone once, with ``valid_from`` (inclusive) and ``valid_to`` (exclusive, empty while it
    still holds). None when control never changes date."""
    from ..zones import ZONE_COLUMNS, zones_to_geodataframe

    if len(steps) < 2:
        return None
    rows: list[dict] = []
    geometries = []
    open_rows: dict[tuple, int] = {}  # version key -> index of its open row
    for i, (day, zones) in enumerate(steps):
        frame = zones_to_geodataframe(zones)
        seen = set()
        for row, geometry in zip(frame.drop(columns="geometry").to_dict("records"), frame.geometry):
            where = (row["place_id"], row["precision"], row.get("direction"))
            version = where + (row["faction"], row["factions"], row["status"], row["share"], row["quotes"])
            seen.add(version)
            if version in open_rows:
                continue  # unchanged since an earlier date: that row stays valid
            row = dict(row, zone_key="|".join(str(x) for x in where), valid_from=day.isoformat(), valid_to=None)
            open_rows[version] = len(rows)
            rows.append(row)
            geometries.append(geometry)
        for version in [v for v in open_rows if v not in seen]:
            rows[open_rows.pop(version)]["valid_to"] = day.isoformat()
    columns = ZONE_COLUMNS + ["zone_key", "valid_from", "valid_to"]
    return geopandas.GeoDataFrame(rows, columns=columns, geometry=geometries, crs="EPSG:4326")


def from_analysis(result, gazetteer: Gazetteer, *, at: dt.date | None = None, inputs: list[str] | None = None) -> MapData:
    """What a map shows of an :class:`~geo_events.analysis.Analysis`: its events, zones as of
    ``at`` and place mentions. Without ``at``, when the claims have several dates, the zones at
    each date too, for the time slider."""
    from ..analysis import events_to_geodataframe
    from ..places import to_geodataframe as places_to_geodataframe
    from ..zones import zones_over_time, zones_to_geodataframe

    return MapData(
        events=events_to_geodataframe(result.events),
        zones=zones_to_geodataframe(result.zones(gazetteer, at)),
        places=places_to_geodataframe(result.mentions),
        titles={d.doc_id: d.title for d in result.documents if d.title},
        inputs=list(inputs or []),
        zone_history=zone_history(zones_over_time(result.claims, gazetteer)) if at is None else None,
    )


def load_map_data(
    paths: Iterable[Path | str],
    gazetteer: Gazetteer,
    *,
    published: dt.date | str | None = None,
    lang: str | None = None,
    at: dt.date | None = None,
) -> MapData:
    """Read articles and/or event, zone and place files into what a map shows.

    Articles are analysed (places, events merged across them, control zones as of ``at``);
    tables are read as they are. Events of articles and of tables are shown together.
    """
    from ..analysis import analyse
    from ..documents import read_documents

    paths = [Path(p) for p in paths]
    if not paths:
        raise InputError("(no input)", "give at least one article or events/zones file")
    articles, tables = [], []
    for p in paths:
        suffix = p.suffix.lower()
        if suffix in TABLE_SUFFIXES:
            tables.append(p)
        elif suffix in ARTICLE_SUFFIXES or suffix == "":
            articles.append(p)
        else:
            raise InputError(p, f"unknown input type {suffix}; give articles (.txt, .html, .jsonl) or tables (.geojson, .gpkg, .csv)")

    events, zones, places = [], [], []
    titles: dict[str, str] = {}
    history = None
    for p in tables:
        for kind, frame in _read_table(p):
            {"events": events, "zones": zones, "places": places}[kind].append(frame)
    if articles:
        documents = list(read_documents(articles, lang=lang, published=published))
        analysed = from_analysis(analyse(documents, gazetteer), gazetteer, at=at)
        events.append(analysed.events)
        zones.append(analysed.zones)
        places.append(analysed.places)
        titles.update(analysed.titles)
        history = analysed.zone_history if not zones[:-1] else None  # zone files have no history

    def concat(frames: list) -> geopandas.GeoDataFrame | None:
        frames = [f for f in frames if len(f)]
        if not frames:
            return None
        if len(frames) == 1:
            return frames[0]
        return pd.concat(frames, ignore_index=True)

    data = MapData(events=concat(events), zones=concat(zones), places=concat(places), titles=titles, inputs=[p.name for p in paths], zone_history=history)
    if data.zones is not None and not isinstance(data.zones, geopandas.GeoDataFrame):
        data.zones = geopandas.GeoDataFrame(data.zones, geometry="geometry", crs="EPSG:4326")
    return data
