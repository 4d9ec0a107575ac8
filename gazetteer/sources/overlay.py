"""The curated overlay: exonyms and conflict-era regions, as human-edited YAML."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import SourceError
from ..model import Level


@dataclass(frozen=True)
class PlaceRef:
    """A reference to a place by name, level and optionally country (or by id)."""

    name: str | None = None
    level: Level | None = None
    country: str | None = None
    place_id: str | None = None

    def __str__(self) -> str:
        if self.place_id:
            return self.place_id
        return f"{self.name!r} ({self.level.value if self.level else 'any level'}, {self.country or 'any country'})"


@dataclass(frozen=True)
class Exonym:
    alias: str
    lang: str
    place: PlaceRef
    reason: str


@dataclass(frozen=True)
class RegionDef:
    region_id: str
    name: str
    names: dict[str, list[str]]
    parent: PlaceRef
    members: tuple[PlaceRef, ...] = ()
    rest_of_level: Level | None = None
    rest_of_regions: tuple[str, ...] = ()
    rest_of_except: tuple[PlaceRef, ...] = ()
    valid: dict[str, str] = field(default_factory=dict)
    citation: str = ""
    note: str = ""
    #: Faction holding the region during ``valid`` (government, rebels, jihadists, kurdish...).
    held_by: str | None = None


def _read_yaml(path: Path) -> Any:
    """An overlay file's YAML; a missing or unreadable file is a one-line SourceError."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except FileNotFoundError:
        raise SourceError(path, "overlay file is missing") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SourceError(path, f"not valid YAML ({' '.join(str(exc).split())})") from None
    return data


def _load(path: Path, key: str) -> list[dict[str, Any]]:
    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise SourceError(path, f"expected a top-level '{key}:' list")
    entries = data[key]
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise SourceError(path, f"{key} entry {index} is not a mapping")
    return entries


def _ref(path: Path, where: str, raw: Any, default_country: str | None = None) -> PlaceRef:
    if not isinstance(raw, dict) or not (raw.get("name") or raw.get("place_id")):
        raise SourceError(path, f"{where}: a place needs 'name' (with 'level') or 'place_id'")
    try:
        level = Level.parse(raw["level"]) if raw.get("level") else None
    except Exception as exc:
        raise SourceError(path, f"{where}: {exc}") from None
    return PlaceRef(
        name=raw.get("name"),
        level=level,
        country=raw.get("country", default_country),
        place_id=raw.get("place_id"),
    )


def read_exonyms(path: Path) -> list[Exonym]:
    out = []
    for index, entry in enumerate(_load(path, "exonyms")):
        where = f"exonym {index} ({entry.get('alias')!r})"
        if not entry.get("alias") or not entry.get("reason"):
            raise SourceError(path, f"{where}: needs 'alias' and 'reason'")
        out.append(Exonym(entry["alias"], entry.get("lang", "und"), _ref(path, where, entry.get("place")), entry["reason"]))
    return out


def read_regions(path: Path) -> list[RegionDef]:
    out = []
    seen: set[str] = set()
    for index, entry in enumerate(_load(path, "regions")):
        where = f"region {index} ({entry.get('id')!r})"
        for key in ("id", "name", "parent", "citation"):
            if not entry.get(key):
                raise SourceError(path, f"{where}: missing '{key}'")
        if entry["id"] in seen:
            raise SourceError(path, f"{where}: duplicate id")
        seen.add(entry["id"])
        parent = _ref(path, where + " parent", entry["parent"])
        members = tuple(_ref(path, f"{where} member {i}", m, parent.country) for i, m in enumerate(entry.get("members") or []))
        rest = entry.get("rest_of") or {}
        if bool(members) == bool(rest):
            raise SourceError(path, f"{where}: give either 'members' or 'rest_of'")
        names = entry.get("names") or {}
        if not isinstance(names, dict) or not all(isinstance(v, list) for v in names.values()):
            raise SourceError(path, f"{where}: 'names' maps a language to a list of names")
        out.append(
            RegionDef(
                region_id=str(entry["id"]),
                name=str(entry["name"]),
                names={str(k): [str(n) for n in v] for k, v in names.items()},
                parent=parent,
                members=members,
                rest_of_level=Level.parse(rest["level"]) if rest else None,
                rest_of_regions=tuple(rest.get("regions") or ()),
                rest_of_except=tuple(_ref(path, f"{where} except", m, parent.country) for m in rest.get("except") or ()),
                valid={k: str(v) for k, v in (entry.get("valid") or {}).items()},
                citation=" ".join(str(entry["citation"]).split()),
                note=" ".join(str(entry.get("note", "")).split()),
                held_by=str(entry["held_by"]) if entry.get("held_by") else None,
            )
        )
    return out


@dataclass(frozen=True)
class WorldSettings:
    """What the world layer takes from the packages, and the curated regions and features."""

    min_population: int
    countries: frozenset[str] | None
    regions: tuple[dict[str, Any], ...]
    #: Countries whose second-level units (counties, parishes, council areas) are added.
    admin2_countries: frozenset[str] = frozenset()


def read_world(path: Path) -> WorldSettings:
    """The world layer's settings (``overlay/world.yaml``), checked."""
    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("min_population"), int):
        raise SourceError(path, "expected 'min_population:' (an integer)")
    countries = data.get("countries")
    if countries is not None and not (isinstance(countries, list) and all(isinstance(c, str) for c in countries)):
        raise SourceError(path, "'countries' must be a list of ISO alpha-2 codes")
    admin2 = data.get("admin2_countries") or []
    if not (isinstance(admin2, list) and all(isinstance(c, str) and len(c) == 2 for c in admin2)):
        raise SourceError(path, "'admin2_countries' must be a list of ISO alpha-2 codes")
    regions = data.get("regions") or []
    seen: set[str] = set()
    for index, entry in enumerate(regions):
        where = f"region {index} ({entry.get('id') if isinstance(entry, dict) else entry!r})"
        if not isinstance(entry, dict) or not all(entry.get(k) is not None for k in ("id", "name", "kind", "lat", "lon")):
            raise SourceError(path, f"{where}: needs id, name, kind, lat and lon")
        if not (-90 <= float(entry["lat"]) <= 90 and -180 <= float(entry["lon"]) <= 180):
            raise SourceError(path, f"{where}: lat/lon out of range")
        if entry["id"] in seen:
            raise SourceError(path, f"{where}: duplicate id")
        seen.add(entry["id"])
    return WorldSettings(
        data["min_population"], frozenset(c.upper() for c in countries) if countries else None, tuple(regions), frozenset(c.upper() for c in admin2)
    )
