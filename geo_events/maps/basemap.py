"""The offline vector base map: countries, Syria's governorates, city neighbourhoods, labels.

Drawn from the gazetteer's own polygons (Natural Earth, OCHA COD-AB, Columbia CSR), simplified
for the screen, so a map reads without any tile server.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, mapping
from shapely.geometry.base import BaseGeometry

from gazetteer import Gazetteer

#: Simplification tolerance (degrees) per layer: coarse for the world, fine for neighbourhoods.
TOLERANCE = {"country": 0.02, "governorate": 0.004, "neighbourhood": 0.0002}
#: Decimals kept per layer (0.02° ≈ 2 km, so 3 decimals lose nothing visible).
DECIMALS = {"country": 3, "governorate": 4, "neighbourhood": 5}
#: Countries farther than this (degrees) from the focus country are drawn coarser, without
#: their small islands: they are context, and the world at full detail would triple the page.
NEAR_DEGREES = 15.0
FAR_TOLERANCE, FAR_DECIMALS, FAR_MIN_PART = 0.15, 2, 0.5
#: Settlements labelled on the base map: the focus country's towns above this population.
LABEL_POPULATION = 50_000

ATTRIBUTION = (
    "Base map: Natural Earth (public domain); Syria boundaries and neighbourhoods: UN OCHA / UNCS via HDX (CC BY 3.0 IGO); "
    "Aleppo neighbourhoods: Columbia University Center for Spatial Research (MIT); place names: GeoNames (CC BY 4.0)"
)
#: The short form shown in the map's attribution line (the legend carries the full one).
SHORT_ATTRIBUTION = "Natural Earth · OCHA/UNCS (CC BY 3.0 IGO) · Columbia CSR · GeoNames (CC BY 4.0)"


def _without_small_parts(geometry: BaseGeometry, min_area: float) -> BaseGeometry:
    if geometry.geom_type != "MultiPolygon":
        return geometry
    parts = [p for p in geometry.geoms if p.area >= min_area] or [max(geometry.geoms, key=lambda p: p.area)]
    return MultiPolygon(parts) if len(parts) > 1 else parts[0]


def _collection(gazetteer: Gazetteer, level: str, country: str | None = None, near: BaseGeometry | None = None) -> dict:
    frame = gazetteer.to_geodataframe(level=level, country=country)
    frame = frame[frame.geom_type.isin(["Polygon", "MultiPolygon"])]
    features = []
    for geometry, name in zip(frame.geometry, frame["name"]):
        tolerance, decimals = TOLERANCE[level], DECIMALS[level]
        if near is not None and shapely.distance(geometry.envelope, near) > NEAR_DEGREES:
            geometry = _without_small_parts(geometry, FAR_MIN_PART)
            tolerance, decimals = FAR_TOLERANCE, FAR_DECIMALS
        simple = shapely.simplify(geometry, tolerance, preserve_topology=True)
        simple = shapely.transform(simple, lambda xy, d=decimals: np.round(xy, d))
        if simple is not None and not simple.is_empty:
            features.append({"type": "Feature", "geometry": mapping(simple), "properties": {"name": name}})
    return {"type": "FeatureCollection", "features": features}


@lru_cache(maxsize=4)
def _base_map(path: str, fingerprint: str, focus: str | None) -> dict:
    gazetteer = Gazetteer(path, build=False)
    labels = []
    if focus:
        for level in ("city", "town"):
            frame = gazetteer.to_geodataframe(level=level, country=focus)
            frame = frame[frame["population"].fillna(0) >= LABEL_POPULATION]
            for _, row in frame.iterrows():
                size = "big" if row["population"] >= 1_000_000 else "city"
                labels.append([round(float(row["lon"]), 4), round(float(row["lat"]), 4), str(row["name"]), size])
    return {
        "countries": _collection(gazetteer, "country", near=_focus_outline(gazetteer, focus)),
        "admin1": _collection(gazetteer, "governorate", focus),
        "neighbourhoods": _collection(gazetteer, "neighbourhood", focus),
        "labels": labels,
    }


def _focus_outline(gazetteer: Gazetteer, focus: str | None) -> BaseGeometry | None:
    if not focus:
        return None
    frame = gazetteer.to_geodataframe(level="country", country=focus)
    return frame.geometry.iloc[0].envelope if len(frame) else None


def base_map_data(gazetteer: Gazetteer) -> dict:
    """GeoJSON collections and labels of the base map, computed once per gazetteer build."""
    focus = getattr(gazetteer, "focus", None)
    fingerprint = str(gazetteer.meta.get("fingerprint", ""))
    return _base_map(str(gazetteer.path), fingerprint, focus)
