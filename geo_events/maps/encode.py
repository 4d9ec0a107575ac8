"""Events, zones and places as compact JSON for the page, built column by column.

A map of 100,000 events must not cost 100,000 Python objects: events are encoded as columns
(one list per field, repeated strings stored once in a table and referenced by index), and
the page's script turns them into symbols. Everything is vectorised with pandas/numpy.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any

import geopandas
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from gazetteer import Gazetteer, GazetteerError, Level

from ..errors import MapError
from .style import NEAR_CIRCLE_M, PRECISION_CIRCLE_M, categorise, symbol_radii

_EPOCH = np.datetime64("1970-01-01", "D")
#: Levels whose outline is an area rather than a settlement's footprint.
_AREAL = {Level.COUNTRY.value, Level.REGION.value, Level.GOVERNORATE.value, Level.DISTRICT.value, Level.SUBDISTRICT.value, Level.CITY.value, Level.NEIGHBOURHOOD.value}

#: Text fields of an event -> key in the page's data (see GE.eventPopup in geo_events.js).
_TEXT_FIELDS = {
    "event_type": "type",
    "sub_event_type": "sub",
    "time_precision": "tprec",
    "date_basis": "basis",
    "location": "loc",
    "place_name": "pname",
    "place_level": "plevel",
    "actor1": "a1",
    "actor2": "a2",
    "fatalities_qualifier": "qual",
    "tags": "tags",
    "source": "src",
    "title": "title",
    "notes": "notes",
}
_COUNT_FIELDS = {"fatalities": "fat", "civilian_fatalities": "civ", "child_fatalities": "child", "displaced": "disp"}


_TEMPLATE_OPENERS = re.compile(r"\{(?=[{%#])")


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element whatever strings it holds.

    ``<`` cannot close the element; ``{{``, ``{%`` and ``{#`` (which only occur inside JSON
    strings) are escaped too, because branca re-reads rendered output as a Jinja template.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = _TEMPLATE_OPENERS.sub(r"\\u007b", text)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _days(values: pd.Series) -> np.ndarray:
    parsed = pd.to_datetime(values, errors="coerce", format="mixed")
    days = (parsed.to_numpy(dtype="datetime64[D]") - _EPOCH).astype("float64")
    days[pd.isna(parsed).to_numpy()] = np.nan
    return days


def _nullable_ints(values: pd.Series) -> list:
    numbers = pd.to_numeric(values, errors="coerce")
    return [None if math.isnan(v) else int(v) for v in numbers.to_numpy(dtype="float64")]


def normalise_events(frame: pd.DataFrame, where: str = "events") -> geopandas.GeoDataFrame:
    """Events from any of our writers or an ACLED export as a GeoDataFrame with our column names."""
    df = pd.DataFrame(frame).copy()
    if "geometry" in df and df["geometry"].notna().any():
        geom = geopandas.GeoSeries(df["geometry"], crs=getattr(frame, "crs", None) or "EPSG:4326")
        if geom.crs is not None and not geom.crs.equals("EPSG:4326"):
            geom = geom.to_crs("EPSG:4326")
        df["longitude"] = geom.x.where(geom.notna())
        df["latitude"] = geom.y.where(geom.notna())
    missing = [c for c in ("event_type", "latitude", "longitude") if c not in df]
    if missing:
        raise MapError(f"{where}: not an events table (missing column {', '.join(missing)})")
    df["latitude"] = pd.to_numeric(df["latitude"], errors="coerce")
    df["longitude"] = pd.to_numeric(df["longitude"], errors="coerce")
    df = df[df["latitude"].between(-90, 90) & df["longitude"].between(-180, 180)]
    if "date_start" not in df and "event_date" in df:
        df["date_start"] = df["event_date"]
    if "date_end" not in df:
        df["date_end"] = df.get("date_start")
    for column in list(_TEXT_FIELDS) + list(_COUNT_FIELDS) + ["date_start", "date_end", "geo_precision", "place_id"]:
        if column not in df:
            df[column] = None
    df = df.drop(columns=[c for c in ("geometry",) if c in df])
    return geopandas.GeoDataFrame(df, geometry=geopandas.points_from_xy(df["longitude"], df["latitude"]), crs="EPSG:4326").reset_index(drop=True)


def _outline(geometry) -> dict:
    """A light copy of a place's polygon for drawing: simplified to its size, 5 decimals."""
    minx, miny, maxx, maxy = geometry.bounds
    tolerance = max(1e-4, max(maxx - minx, maxy - miny) / 400)
    simple = geometry.simplify(tolerance, preserve_topology=True)
    simple = shapely.transform(simple, lambda xy: np.round(xy, 5))
    return mapping(simple)


def _place(gazetteer: Gazetteer | None, place_id: object):
    if gazetteer is None or not isinstance(place_id, str) or not place_id:
        return None
    try:
        return gazetteer.get(place_id)
    except GazetteerError:
        return None  # an events file from another gazetteer build: fall back to a circle


def encode_events(events: geopandas.GeoDataFrame, gazetteer: Gazetteer | None, titles: dict[str, str] | None = None, categories: pd.Series | None = None) -> dict[str, dict]:
    """Per category key, the columnar data one event layer of the page draws."""
    if events.empty:
        return {}
    ev = events.reset_index(drop=True)
    if categories is None:
        categories = categorise(ev["event_type"], ev["sub_event_type"], ev["tags"])
    categories = np.asarray(categories, dtype=object)
    lat = ev["latitude"].to_numpy(dtype=float)
    lon = ev["longitude"].to_numpy(dtype=float)
    radius = symbol_radii(ev["fatalities"])
    prec = pd.to_numeric(ev["geo_precision"], errors="coerce").fillna(1).clip(1, 3).astype(int).to_numpy()
    d0 = _days(ev["date_start"])
    d1 = _days(ev["date_end"])
    d1 = np.where(np.isnan(d1), d0, d1)
    if titles:
        first_source = ev["source"].fillna("").astype(str).str.split(";").str[0]
        ev = ev.assign(title=first_source.map(titles))

    # Outlines of imprecise places: the gazetteer polygon, else a circle of a size fitting the level.
    area_index = np.full(len(ev), -1)
    circle = np.zeros(len(ev))
    outlines: dict[str, dict] = {}
    imprecise = np.flatnonzero(prec >= 2)
    place_ids = ev["place_id"].to_numpy(dtype=object)
    levels = ev["place_level"].to_numpy(dtype=object)
    area_keys: dict[str, int] = {}
    for i in imprecise:
        pid = place_ids[i]
        place = _place(gazetteer, pid)
        if place is not None and place.has_polygon and place.level.value in _AREAL:
            if pid not in outlines:
                outlines[pid] = _outline(place.geometry)
            area_index[i] = area_keys.setdefault(pid, len(area_keys))
        else:
            level = levels[i] if isinstance(levels[i], str) else (place.level.value if place else None)
            circle[i] = NEAR_CIRCLE_M.get(level, PRECISION_CIRCLE_M[int(prec[i])]) if prec[i] == 2 else PRECISION_CIRCLE_M[3]
    area_list = [outlines[pid] for pid in area_keys]

    out: dict[str, dict] = {}
    for key in dict.fromkeys(categories):
        rows = np.flatnonzero(categories == key)
        sub = ev.iloc[rows]
        data: dict[str, Any] = {
            "lon": np.round(lon[rows], 5).tolist(),
            "lat": np.round(lat[rows], 5).tolist(),
            "r": radius[rows].tolist(),
            "prec": prec[rows].tolist(),
            "d0": [None if math.isnan(v) else int(v) for v in d0[rows]],
            "d1": [None if math.isnan(v) else int(v) for v in d1[rows]],
        }
        strings: list[str] = []
        for column, short in _TEXT_FIELDS.items():
            if column not in sub:
                continue
            codes, uniques = pd.factorize(sub[column].astype("string").fillna("").replace("", pd.NA), use_na_sentinel=True)
            if (codes < 0).all():
                continue
            base = len(strings)
            strings.extend(str(u) for u in uniques)
            data[short] = np.where(codes < 0, -1, codes + base).tolist()
        data["strings"] = strings
        for column, short in _COUNT_FIELDS.items():
            values = _nullable_ints(sub[column])
            if any(v is not None for v in values):
                data[short] = values
        local_areas = area_index[rows]
        used = sorted({int(a) for a in local_areas if a >= 0})
        if used:
            remap = {a: j for j, a in enumerate(used)}
            data["area"] = [remap.get(int(a), -1) for a in local_areas]
            data["areas"] = [area_list[a] for a in used]
        if circle[rows].any():
            data["cr"] = circle[rows].astype(int).tolist()
        out[str(key)] = data
    return out


def date_span(events: geopandas.GeoDataFrame) -> tuple[dt.date, dt.date] | None:
    """First start and last end date of the events, or None when undated."""
    if events.empty:
        return None
    days = np.concatenate([_days(events["date_start"]), _days(events["date_end"])])
    days = days[~np.isnan(days)]
    if not len(days):
        return None
    to_date = lambda d: (_EPOCH + np.timedelta64(int(d), "D")).astype(dt.date)  # noqa: E731
    return to_date(days.min()), to_date(days.max())


def zone_collection(zones: geopandas.GeoDataFrame) -> dict:
    """Zones as a GeoJSON FeatureCollection (biggest first, so small zones draw on top)."""
    if zones.empty:
        return {"type": "FeatureCollection", "features": []}
    frame = zones.to_crs("EPSG:4326") if zones.crs is not None and not zones.crs.equals("EPSG:4326") else zones
    order = np.argsort(-shapely.area(frame.geometry.to_numpy()), kind="stable")  # degrees² suffice to order
    features = []
    for i in order:
        row = frame.iloc[int(i)]
        geom = row.geometry
        if geom is None or geom.is_empty:
            continue
        props = {k: _plain(row[k]) for k in frame.columns if k != frame.geometry.name}
        features.append({"type": "Feature", "geometry": _outline(geom), "properties": props})
    return {"type": "FeatureCollection", "features": features}


def place_collection(places: geopandas.GeoDataFrame) -> dict:
    """Mentions grouped by place: one point per place with its spellings, roles and counts."""
    if places.empty:
        return {"type": "FeatureCollection", "features": []}
    pts = places[places.geometry.notna()].copy()
    pts["lon"] = pts.geometry.representative_point().x.round(5)
    pts["lat"] = pts.geometry.representative_point().y.round(5)
    features = []
    for pid, g in pts.groupby("place_id", sort=True):
        first = g.iloc[0]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(first["lon"]), float(first["lat"])]},
                "properties": {
                    "place_id": pid,
                    "name": str(first.get("name", "")),
                    "level": str(first.get("level", "")),
                    "surfaces": ", ".join(dict.fromkeys(g["surface"].astype(str))),
                    "roles": ", ".join(dict.fromkeys(g["role"].astype(str))) if "role" in g else "",
                    "mentions": int(len(g)),
                    "confidence": round(float(pd.to_numeric(g["confidence"], errors="coerce").max()), 2) if "confidence" in g else None,
                    "docs": ", ".join(dict.fromkeys(g["doc_id"].astype(str))) if "doc_id" in g else "",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()[:10]
    return value
