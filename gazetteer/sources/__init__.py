"""Readers for the shipped source files, one module per source.

Every reader raises :class:`gazetteer.errors.SourceError` naming the file when it is missing,
unreadable or lacks the columns it needs, so a bad source never fails deep inside the build.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from ..errors import SourceError
from ..model import Level

DEFAULT_SOURCE_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass
class PlaceRecord:
    """A place while the build merges sources into it (mutable, unlike :class:`Place`)."""

    place_id: str
    name: str
    level: Level
    country: str | None
    lat: float | None = None
    lon: float | None = None
    population: int | None = None
    geometry: BaseGeometry | None = None
    parent_id: str | None = None
    admin1: str | None = None
    sources: set[str] = field(default_factory=set)
    names: dict[str, list[str]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def add_name(self, name: str | None, lang: str = "und") -> None:
        """Record a name in a language once; empty and junk names are ignored."""
        if not name:
            return
        name = " ".join(str(name).split())
        if not name or len(name) > 80 or any(ch.isdigit() for ch in name):
            return
        bucket = self.names.setdefault(lang, [])
        if name not in bucket:
            bucket.append(name)

    def all_names(self) -> Iterator[tuple[str, str]]:
        yield self.name, "und"
        for lang, names in self.names.items():
            for name in names:
                yield name, lang


def read_json(path: Path) -> Any:
    """Parse a JSON file, turning every failure into a :class:`SourceError`."""
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        raise SourceError(path, "source file is missing") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(path, f"not valid JSON ({exc})") from None


def read_features(path: Path, required: tuple[str, ...] = ()) -> list[tuple[dict[str, Any], BaseGeometry]]:
    """Features of a GeoJSON file as ``(properties, shapely geometry)`` pairs."""
    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise SourceError(path, "not a GeoJSON FeatureCollection")
    out = []
    for index, feature in enumerate(data["features"]):
        props = feature.get("properties") or {}
        missing = [key for key in required if key not in props]
        if missing:
            raise SourceError(path, f"feature {index} lacks properties {missing}")
        try:
            geom = shape(feature["geometry"])
        except Exception as exc:  # shapely raises several types for bad geometry
            raise SourceError(path, f"feature {index} has an invalid geometry ({exc})") from None
        if not geom.is_valid:
            geom = geom.buffer(0)
        out.append((props, geom))
    return out


def read_tsv(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header, checking the needed columns exist."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = reader.fieldnames or []
            missing = [col for col in required if col not in header]
            if missing:
                raise SourceError(path, f"missing columns {missing}")
            rows = list(reader)
    except FileNotFoundError:
        raise SourceError(path, "source file is missing") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SourceError(path, f"unreadable TSV ({exc})") from None
    for number, row in enumerate(rows, start=2):
        if None in row or any(row.get(col) is None for col in required):
            raise SourceError(path, f"line {number} has the wrong number of fields")
    return rows


def to_int(value: Any) -> int | None:
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None
