"""Value objects returned by the gazetteer."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from shapely.geometry.base import BaseGeometry


class Level(str, Enum):
    """Administrative or conflict-era level of a place, coarsest first."""

    COUNTRY = "country"
    REGION = "region"
    GOVERNORATE = "governorate"
    DISTRICT = "district"
    SUBDISTRICT = "subdistrict"
    CITY = "city"
    TOWN = "town"
    NEIGHBOURHOOD = "neighbourhood"

    @classmethod
    def parse(cls, value: "str | Level") -> "Level":
        """Level from its name, accepting common synonyms (province, quartier...)."""
        if isinstance(value, Level):
            return value
        text = str(value).strip().lower()
        text = LEVEL_SYNONYMS.get(text, text)
        try:
            return cls(text)
        except ValueError:
            from .errors import QueryError

            known = ", ".join(level.value for level in cls)
            raise QueryError(f"unknown level {value!r}; use one of: {known}") from None


LEVEL_SYNONYMS = {
    "admin0": "country",
    "pays": "country",
    "admin1": "governorate",
    "province": "governorate",
    "muhafazah": "governorate",
    "admin2": "district",
    "mantiqah": "district",
    "admin3": "subdistrict",
    "nahiya": "subdistrict",
    "village": "town",
    "ville": "city",
    "neighborhood": "neighbourhood",
    "quartier": "neighbourhood",
}

#: Levels whose places are settlements (a point is exact to within a few km).
SETTLEMENT_LEVELS = frozenset({Level.CITY, Level.TOWN, Level.NEIGHBOURHOOD})


@dataclass(frozen=True, slots=True)
class Place:
    """A place of the gazetteer.

    ``lat``/``lon`` is a representative point (inside the polygon when there is one);
    ``geometry`` is the polygon when known, else that point.
    """

    place_id: str
    name: str
    level: Level
    country: str | None
    lat: float
    lon: float
    population: int | None = None
    parent_id: str | None = None
    names: dict[str, list[str]] = field(default_factory=dict)
    source: str = ""
    geometry: BaseGeometry | None = field(default=None, repr=False, compare=False)
    extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def has_polygon(self) -> bool:
        return self.geometry is not None and self.geometry.geom_type in ("Polygon", "MultiPolygon")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (geometry left out)."""
        return {
            "place_id": self.place_id,
            "name": self.name,
            "level": self.level.value,
            "country": self.country,
            "lat": round(self.lat, 6),
            "lon": round(self.lon, 6),
            "population": self.population,
            "parent_id": self.parent_id,
            "has_polygon": self.has_polygon,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Candidate:
    """One ranked answer to a lookup: the place, a score in [0, 1] and why it matched."""

    place: Place
    score: float
    matched: str
    why: str

    def to_dict(self) -> dict[str, Any]:
        out = self.place.to_dict()
        out.update(score=round(self.score, 4), matched=self.matched, why=self.why)
        return out
