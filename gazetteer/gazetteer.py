"""The :class:`Gazetteer`: ranked lookups, hierarchy and reverse geocoding over the database."""

from __future__ import annotations

import bisect
import re
import json
import math
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

import shapely
from rapidfuzz import fuzz, process
from shapely import STRtree
from shapely.geometry import Point

from . import builder as _build
from . import store
from .errors import PlaceNotFound, QueryError
from .model import Candidate, Level, Place
from .normalize import fold, keys, variant

if TYPE_CHECKING:
    import geopandas

#: How much the match quality weighs against the place's prior in the final score.
MATCH_WEIGHT = 0.7
EXACT, VARIANT = 1.0, 0.9
#: Fuzzy matches score their rapidfuzz ratio scaled by this, so they rank below variants.
FUZZY_SCALE = 0.85
FUZZY_CUTOFF = 84.0
#: Distance (km) at which the ``near`` boost has fallen to 1/e.
NEAR_SCALE_KM = 150.0
MAX_QUERY_CHARS = 200
#: Units named like a city within this distance rank this much lower than they would.
SEAT_KM, SEAT_PENALTY = 100.0, 0.05
_UNITS = frozenset({Level.GOVERNORATE, Level.DISTRICT, Level.SUBDISTRICT})
#: Share of the prior that comes from lying in the focus country.
FOCUS_WEIGHT = 0.4
_CACHE_SIZE = 100_000
_PLACE_COLUMNS_P = ", ".join("p." + c.strip() for c in store.PLACE_COLUMNS.split(","))

# Finest first: the order of the chain that reverse() returns.
_REVERSE_ORDER = {
    Level.NEIGHBOURHOOD: 0,
    Level.REGION: 1,
    Level.CITY: 2,
    Level.TOWN: 2,
    Level.SUBDISTRICT: 3,
    Level.DISTRICT: 4,
    Level.GOVERNORATE: 5,
    Level.COUNTRY: 6,
}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    """An offline gazetteer backed by one SQLite file.

    >>> gaz = Gazetteer()                      # the default, built on first use   # doctest: +SKIP
    >>> gaz.lookup("Alep")[0].place.name       # doctest: +SKIP
    'Aleppo'
    """

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        build: bool = True,
        source_dir: Path | str | None = None,
        focus: str | None = None,
    ) -> None:
        """Open the database at ``path`` (default: the user cache), building it if needed.

        With ``build=False`` a missing or stale database is an error instead of a rebuild.
        ``focus`` is the ISO code of a country whose places win ties against same-named
        places elsewhere ("Chaar" is Aleppo's al-Shaar, not Sarh in Chad). The default is no
        focus: the geoparser infers each document's countries from its own text instead.
        """
        self.focus = focus.upper() if focus else None
        self.path = Path(path) if path else store.default_path()
        if build:
            _build.ensure_built(self.path, Path(source_dir) if source_dir else None)
        self._con = store.connect(self.path)
        self._lock = threading.Lock()
        self.meta: dict[str, str] = dict(self._con.execute("SELECT key, value FROM meta"))
        self._places: dict[str, Place] = {}
        self._importance: dict[str, float] = {}
        self._by_variant: dict[str, dict[str, list[str]]] = {}
        self._cache: dict[tuple, tuple[Candidate, ...]] = {}
        self._fuzzy_keys: list[str] | None = None
        self._fuzzy_lengths: list[int] = []
        self._tree: tuple[STRtree, list[str]] | None = None

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> "Gazetteer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Gazetteer({str(self.path)!r}, places={self.meta.get('places')})"

    # -- places --------------------------------------------------------------------
    def _rows(self, sql: str, args: Sequence = ()) -> list[tuple]:
        with self._lock:
            return self._con.execute(sql, args).fetchall()

    def _place(self, row: tuple) -> Place:
        place_id = row[0]
        cached = self._places.get(place_id)
        if cached is not None:
            return cached
        (_, name, level, country, admin1, parent_id, population, lat, lon, imp, geom, names, source, extra) = row
        extra_dict = json.loads(extra)
        extra_dict["admin1"] = admin1
        place = Place(
            place_id=place_id,
            name=name,
            level=Level(level),
            country=country,
            lat=lat,
            lon=lon,
            population=population,
            parent_id=parent_id,
            names=json.loads(names),
            source=source,
            geometry=shapely.from_wkb(geom) if geom is not None else Point(lon, lat),
            extra=extra_dict,
        )
        self._places[place_id] = place
        self._importance[place_id] = imp
        return place

    def _spellings(self, place: Place) -> dict[str, list[str]]:
        """The place's names grouped by transliteration key, computed once per place."""
        found = self._by_variant.get(place.place_id)
        if found is None:
            found = {}
            for name in [place.name] + [n for names in place.names.values() for n in names]:
                found.setdefault(variant(name), []).append(name)
            self._by_variant[place.place_id] = found
        return found

    def _fetch(self, place_ids: Iterable[str]) -> dict[str, Place]:
        wanted = [p for p in dict.fromkeys(place_ids) if p not in self._places]
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._rows(f"SELECT {store.PLACE_COLUMNS} FROM places WHERE place_id IN ({marks})", chunk):
                self._place(row)
        return {p: self._places[p] for p in place_ids if p in self._places}

    def get(self, place_id: str) -> Place:
        """The place with this id; :class:`PlaceNotFound` if there is none."""
        found = self._fetch([place_id])
        if place_id not in found:
            raise PlaceNotFound(f"no place with id {place_id!r} in {self.path}")
        return found[place_id]

    def importance(self, place_id: str) -> float:
        """The place's prior weight in [0, 1] (population, level, capital status)."""
        self.get(place_id)
        return self._importance[place_id]

    def parents(self, place_id: str) -> list[Place]:
        """The chain of places containing this one, nearest first, ending at the country."""
        chain: list[Place] = []
        place = self.get(place_id)
        while place.parent_id and len(chain) < 12:
            place = self.get(place.parent_id)
            chain.append(place)
        return chain

    def children(self, place_id: str, level: Level | str | None = None) -> list[Place]:
        """Places whose parent is this one, optionally of one level, by name."""
        self.get(place_id)
        sql = f"SELECT {store.PLACE_COLUMNS} FROM places WHERE parent_id = ?"
        args: list = [place_id]
        if level is not None:
            sql += " AND level = ?"
            args.append(Level.parse(level).value)
        return sorted((self._place(r) for r in self._rows(sql + " ORDER BY place_id", args)), key=lambda p: (p.name, p.place_id))

    def members(self, region_id: str) -> list[Place]:
        """The member places of a conflict-era region (empty for other places)."""
        ids = self.get(region_id).extra.get("members", [])
        found = self._fetch(ids)
        return [found[i] for i in ids if i in found]

    # -- lookup --------------------------------------------------------------------
    def lookup(
        self,
        name: str,
        *,
        country: str | None = None,
        level: Level | str | Iterable[Level | str] | None = None,
        near: tuple[float, float] | None = None,
        limit: int = 10,
        fuzzy: bool = True,
    ) -> list[Candidate]:
        """Ranked candidate places for a name, best first (empty when nothing matches).

        ``country`` is an ISO alpha-2 code; ``level`` one level or several; ``near`` a
        ``(lat, lon)`` that favours nearby places. Matching goes exact key, then
        transliteration variant, then (if nothing matched) fuzzy.
        """
        query = _check_query(name)
        levels = _levels(level)
        country_code = country.upper() if country else None
        if near is not None:
            near = (float(near[0]), float(near[1]))
        if limit < 1:
            raise QueryError(f"limit must be at least 1, not {limit}")
        cache_key = (query, country_code, levels, near, limit, fuzzy)
        cached = self._cache.get(cache_key)
        if cached is not None:
            return list(cached)
        result = tuple(self._lookup(query, country_code, levels, near, limit, fuzzy))
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[cache_key] = result
        return list(result)

    def _lookup(self, query, country, levels, near, limit, fuzzy) -> list[Candidate]:
        exact, var = keys(query)
        if not exact:
            raise QueryError(f"{query!r} has no letters to match")
        # One statement fetches the alias hits of both keys with their places' rows.
        rows = self._rows(
            f"SELECT a.kind, a.alias, a.lang, {_PLACE_COLUMNS_P} FROM aliases a JOIN places p ON p.place_id = a.place_id "
            "WHERE (a.key = ? AND a.kind = 0) OR (a.key = ? AND a.kind = 1) ORDER BY a.kind, a.place_id",
            (exact, var),
        )
        matches: dict[str, tuple[float, str, str]] = {}
        dotted = query.rstrip().endswith(".")
        for kind, alias, lang, *place_row in rows:
            # A shortened name written with its period ("Ky.", "Miss.", "La.") is that name only
            # when the text writes the period: "Miss Smith", "la" are words, not states.
            if not dotted and _TRUNCATION.match(alias):
                continue
            place = self._place(place_row)
            if kind == 0:
                quality, why = EXACT, f"exact name {alias!r}"
            else:
                # Same transliteration key; the closest spelling of the place decides
                # ("Chaar" is nearer "ash-Sha'ar" than "Charra").
                alias = max(self._spellings(place).get(var, [alias]), key=lambda n: (fuzz.ratio(exact, fold(n)), n))
                quality = VARIANT - 0.1 * (1 - fuzz.ratio(exact, fold(alias)) / 100)
                why = f"spelling variant {alias!r}"
            if place.place_id not in matches or quality > matches[place.place_id][0]:
                matches[place.place_id] = (quality, alias, why + (f" ({lang})" if lang != "und" else ""))
        candidates = self._rank(matches, country, levels, near)
        if not candidates and fuzzy:
            candidates = self._rank(self._fuzzy(exact), country, levels, near)
        return candidates[:limit]

    def _fuzzy(self, key: str) -> dict[str, tuple[float, str, str]]:
        if self._fuzzy_keys is None:
            self._fuzzy_keys = sorted(
                (k for (k,) in self._rows("SELECT DISTINCT key FROM aliases WHERE kind = 0")), key=lambda k: (len(k), k)
            )
            self._fuzzy_lengths = [len(k) for k in self._fuzzy_keys]
        # fuzz.ratio >= c needs the other length within [n*c/(2-c), n*(2-c)/c]: search only those.
        c = FUZZY_CUTOFF / 100
        low = bisect.bisect_left(self._fuzzy_lengths, math.floor(len(key) * c / (2 - c)))
        high = bisect.bisect_right(self._fuzzy_lengths, math.ceil(len(key) * (2 - c) / c))
        hits = process.extract(key, self._fuzzy_keys[low:high], scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=10)
        matches: dict[str, tuple[float, str, str]] = {}
        for hit_key, ratio, _ in sorted(hits, key=lambda h: (-h[1], h[0])):
            rows = self._rows(
                f"SELECT a.alias, {_PLACE_COLUMNS_P} FROM aliases a JOIN places p ON p.place_id = a.place_id "
                "WHERE a.key = ? AND a.kind = 0 ORDER BY a.place_id",
                (hit_key,),
            )
            for alias, *place_row in rows:
                place = self._place(place_row)
                if place.place_id not in matches:
                    matches[place.place_id] = (ratio / 100 * FUZZY_SCALE, alias, f"fuzzy match {alias!r} ({ratio:.0f}%)")
        return matches

    def _rank(self, matches, country, levels, near) -> list[Candidate]:
        out = []
        for place_id, (quality, alias, why) in matches.items():
            place = self._places[place_id]
            if (country and place.country != country) or (levels and place.level not in levels):
                continue
            prior = self._importance[place_id]
            # Country names are their own dominant sense: the focus weighs settlements only.
            if self.focus and place.level is not Level.COUNTRY:
                prior = (1 - FOCUS_WEIGHT) * prior + FOCUS_WEIGHT * (place.country == self.focus)
            if near is not None:
                km = distance_km(near[0], near[1], place.lat, place.lon)
                prior = 0.5 * prior + 0.5 * math.exp(-km / NEAR_SCALE_KM)
                why += f"; {km:.0f} km from the given point"
            score = MATCH_WEIGHT * quality + (1 - MATCH_WEIGHT) * prior
            out.append(Candidate(place, round(score, 6), alias, why))
        # A unit named like its seat city ranks after the city ("Genève" the city, not the canton).
        cities = [c.place for c in out if c.place.level is Level.CITY]
        for i, c in enumerate(out):
            if c.place.level in _UNITS and any(
                p.country == c.place.country and distance_km(p.lat, p.lon, c.place.lat, c.place.lon) <= SEAT_KM for p in cities
            ):
                out[i] = Candidate(c.place, round(c.score - SEAT_PENALTY, 6), c.matched, c.why + "; its seat city shares the name")
        out.sort(key=lambda c: (-c.score, c.place.place_id))
        return out

    # -- reverse -------------------------------------------------------------------
    def _polygons(self) -> tuple[STRtree, list[str]]:
        if self._tree is None:
            rows = self._rows(f"SELECT {store.PLACE_COLUMNS} FROM places WHERE geometry IS NOT NULL ORDER BY place_id")
            places = [self._place(r) for r in rows]
            places = [p for p in places if p.has_polygon]
            self._tree = (STRtree([p.geometry for p in places]), [p.place_id for p in places])
        return self._tree

    def reverse(self, lon: float, lat: float, *, include_regions: bool = False) -> list[Place]:
        """Places whose polygon contains the point, finest first (neighbourhood ... country).

        Conflict-era regions are left out unless ``include_regions``.
        """
        try:
            lon, lat = float(lon), float(lat)
        except (TypeError, ValueError):
            raise QueryError(f"reverse() needs numbers, got lon={lon!r}, lat={lat!r}") from None
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise QueryError(f"({lon}, {lat}) is not a longitude/latitude pair")
        tree, ids = self._polygons()
        hits = [self._places[ids[i]] for i in tree.query(Point(lon, lat), predicate="intersects")]
        if not include_regions:
            hits = [p for p in hits if p.level is not Level.REGION]
        return sorted(hits, key=lambda p: (_REVERSE_ORDER[p.level], p.geometry.area, p.place_id))

    # -- bulk ----------------------------------------------------------------------
    def places(self, *, level: Level | str | None = None, country: str | None = None) -> list[Place]:
        """Every place, optionally of one level and/or country, ordered by id."""
        sql, args = f"SELECT {store.PLACE_COLUMNS} FROM places WHERE 1=1", []
        if level is not None:
            sql += " AND level = ?"
            args.append(Level.parse(level).value)
        if country is not None:
            sql += " AND country = ?"
            args.append(country.upper())
        return [self._place(r) for r in self._rows(sql + " ORDER BY place_id", args)]

    def to_geodataframe(self, *, level: Level | str | None = None, country: str | None = None) -> "geopandas.GeoDataFrame":
        """Places as a GeoDataFrame in EPSG:4326: polygon where known, else the point."""
        import geopandas

        places = self.places(level=level, country=country)
        records = []
        for p in places:
            row = p.to_dict()
            row["admin1"] = p.extra.get("admin1")
            row["importance"] = self._importance[p.place_id]
            row["names_fr"] = "|".join(p.names.get("fr", []))
            row["names_ar"] = "|".join(p.names.get("ar", []))
            records.append(row)
        return geopandas.GeoDataFrame(records, geometry=[p.geometry for p in places], crs="EPSG:4326")

    def stats(self) -> dict[str, object]:
        """Counts by level and source, alias count, file size and build fingerprint."""
        by_level = dict(self._rows("SELECT level, COUNT(*) FROM places GROUP BY level ORDER BY level"))
        polygons = self._rows("SELECT COUNT(*) FROM places WHERE geometry IS NOT NULL")[0][0]
        sources: dict[str, int] = {}
        for (source,) in self._rows("SELECT source FROM places"):
            for name in source.split(","):
                sources[name] = sources.get(name, 0) + 1
        return {
            "path": str(self.path),
            "bytes": self.path.stat().st_size,
            "places": sum(by_level.values()),
            "by_level": by_level,
            "with_polygon": polygons,
            "by_source": dict(sorted(sources.items())),
            "aliases": int(self.meta.get("aliases", 0)),
            "fingerprint": self.meta.get("fingerprint"),
        }


#: A name shortened with a period that is not a run of initials: "Ky.", "W.Va.", not "U.S.".
_TRUNCATION = re.compile(r"^(?!(?:[A-Z]\.\s?)+$).*[a-z]\.$")


def _check_query(name: object) -> str:
    if not isinstance(name, str):
        raise QueryError(f"a place name must be text, not {type(name).__name__}")
    query = " ".join(name.split())
    if not query:
        raise QueryError("empty place name")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"a {len(query)}-character query is too long to be a place name (max {MAX_QUERY_CHARS})")
    if any(ord(ch) < 32 for ch in query):
        raise QueryError(f"{query[:40]!r} contains control characters")
    folded = fold(query)
    if not folded or not any(ch.isalpha() for ch in folded):
        raise QueryError(f"{query[:40]!r} has no letters to match")
    return query


def _levels(level) -> frozenset[Level] | None:
    if level is None:
        return None
    if isinstance(level, (str, Level)):
        return frozenset({Level.parse(level)})
    return frozenset(Level.parse(x) for x in level)


_default: Gazetteer | None = None
_default_lock = threading.Lock()


def open_gazetteer(path: Path | str | None = None) -> Gazetteer:
    """The gazetteer at ``path``, or the shared default one (built on first use)."""
    global _default
    if path is not None:
        return Gazetteer(path)
    with _default_lock:
        if _default is None:
            _default = Gazetteer()
        return _default
