"""GeoNames extracts: cities with alternate names, countries, Syrian admin1 names."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import SourceError
from ..model import Level
from . import PlaceRecord, read_tsv, to_int

CITY_COLUMNS = ("geonameid", "name", "latitude", "longitude", "countrycode", "admin1code", "population", "alternatenames")
# Airport/IATA-like codes ("ALP", "DAM") are not names people write in prose.
_CODE = re.compile(r"^[A-Z]{2,4}$")
#: Population from which a GeoNames settlement is a city rather than a town.
CITY_POPULATION = 50_000


def read_cities(path: Path) -> list[PlaceRecord]:
    """Settlements of a GeoNames cities file, one record per geonameid."""
    records = []
    for row in read_tsv(path, CITY_COLUMNS):
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
        except ValueError:
            raise SourceError(path, f"geonameid {row['geonameid']}: bad coordinates") from None
        population = to_int(row["population"])
        level = Level.CITY if (population or 0) >= CITY_POPULATION else Level.TOWN
        record = PlaceRecord(
            place_id=f"geonames:{row['geonameid']}",
            name=row["name"],
            level=level,
            country=row["countrycode"] or None,
            lat=lat,
            lon=lon,
            population=population,
            sources={"geonames"},
            extra={"geonames_admin1": row["admin1code"]},
        )
        for alt in row["alternatenames"].split(","):
            if alt and not _CODE.match(alt):
                record.add_name(alt)
        records.append(record)
    return records


def read_countries(path: Path) -> list[dict[str, str]]:
    """GeoNames countryInfo rows (iso, iso3, name, population...)."""
    return read_tsv(path, ("iso", "iso3", "name", "population", "geonameid"))


def read_admin1(path: Path) -> list[dict[str, str]]:
    """Syrian governorates with GeoNames admin1 codes and alternate names."""
    return read_tsv(path, ("name", "geonames_admin1", "alternatenames"))
