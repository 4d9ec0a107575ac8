"""Columbia CSR "Conflict Urbanism: Aleppo": neighbourhood polygons and spelling variants."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from shapely import union_all
from shapely.geometry.base import BaseGeometry

from ..errors import SourceError
from . import read_features, read_json


@dataclass
class CsrNeighbourhood:
    """One CSR neighbourhood: its polygons unioned (CSR splits some into several features)."""

    name: str
    name_ar: str | None
    geometry: BaseGeometry
    ids: list[int]
    variants_en: list[str] = field(default_factory=list)
    variants_ar: list[str] = field(default_factory=list)


def read_neighbourhoods(polygons: Path, names: Path) -> list[CsrNeighbourhood]:
    """CSR neighbourhoods grouped by name, with the names file's spelling variants attached."""
    groups: dict[str, list] = {}
    for props, geom in read_features(polygons, ("Id", "NAME")):
        if props["NAME"]:
            groups.setdefault(props["NAME"], []).append((props, geom))
    variants = read_json(names)
    if not isinstance(variants, dict):
        raise SourceError(names, "expected an object of id -> names")
    by_name: dict[str, dict] = {}
    for entry in variants.values():
        if isinstance(entry, dict) and entry.get("original_name"):
            by_name[entry["original_name"]] = entry
    out = []
    for name in sorted(groups):
        members = groups[name]
        entry = by_name.get(name, {})
        name_ar = next((p.get("NAME_A") for p, _ in members if p.get("NAME_A")), None)
        out.append(
            CsrNeighbourhood(
                name=name,
                name_ar=name_ar,
                geometry=union_all([g for _, g in members]),
                ids=sorted(int(p["Id"]) for p, _ in members),
                variants_en=list(entry.get("alternative_english") or []),
                variants_ar=list(entry.get("alternative_arabic") or []),
            )
        )
    return out
