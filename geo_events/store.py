"""The corpus store: one GeoPackage holding every processed document and what was read in it.

Layers (GeoPackage 1.4, EPSG:4326, readable by QGIS, GDAL/ogr, geopandas and pandas):

- ``documents`` (attribute table): one row per input document -- ``doc_key`` (file path, or
  ``path#id`` / ``path:line`` in JSON Lines), ``content_hash``, metadata, ``status``
  (``ok`` | ``failed``), ``error`` and ``warnings``.
- ``mentions``, ``events``, ``control_claims`` (point layers): the flat columns of
  :mod:`geo_events.places`, :mod:`geo_events.events` and :mod:`geo_events.claims`, plus
  ``doc_key`` and ``record`` (the full value object as JSON, so reading the store back gives
  the same objects the pipeline made).

A GeoPackage is an SQLite database: each document's rows are written in one transaction, so a
run killed at any point keeps every document committed before it and none half-written, and
re-running skips documents whose ``content_hash`` is unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
import struct
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from gazetteer import Gazetteer, Place, PlaceNotFound

from .errors import StoreError

#: Written into the store; a store of another layout version is refused with a clear message.
LAYOUT_VERSION = "1"
GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
GPKG_USER_VERSION = 10400

DOCUMENT_COLUMNS = {
    "doc_key": "TEXT NOT NULL UNIQUE",
    "doc_id": "TEXT",
    "source": "TEXT",
    "content_hash": "TEXT NOT NULL",
    "lang": "TEXT",
    "published": "DATE",
    "title": "TEXT",
    "chars": "INTEGER",
    "status": "TEXT NOT NULL",
    "error": "TEXT",
    "warnings": "TEXT",
    "n_mentions": "INTEGER",
    "n_events": "INTEGER",
    "n_claims": "INTEGER",
    "processed_at": "DATETIME",
}

_INTEGER = {"year", "geo_precision", "fatalities", "civilian_fatalities", "child_fatalities", "displaced", "start", "end", "location_start", "location_end"}
_REAL = {"latitude", "longitude", "confidence", "share", "lat", "lon"}
_DATE = {"event_date", "date_start", "date_end", "as_of"}
CLAIM_COLUMNS = ["place_id", "name", "level", "faction", "stance", "share", "as_of", "precision", "direction", "surface", "quote", "source", "lat", "lon"]


def _layer_columns() -> dict[str, list[str]]:
    from .events import COLUMNS as EVENT_COLUMNS
    from .places import COLUMNS as MENTION_COLUMNS

    return {"mentions": list(MENTION_COLUMNS), "events": list(EVENT_COLUMNS), "control_claims": list(CLAIM_COLUMNS)}


def _sql_type(column: str) -> str:
    if column in _INTEGER:
        return "INTEGER"
    if column in _REAL:
        return "REAL"
    if column in _DATE:
        return "DATE"
    return "TEXT"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_WGS84 = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],'
    'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,'
    'AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)

_GPKG_SCHEMA = f"""
CREATE TABLE gpkg_spatial_ref_sys (
    srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
    organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
INSERT INTO gpkg_spatial_ref_sys VALUES
    ('Undefined Cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined Cartesian coordinate reference system'),
    ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
    ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{_WGS84}', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
CREATE TABLE gpkg_contents (
    table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
    description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
    CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (
    table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
    srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
    CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
    CONSTRAINT uk_gc_table_name UNIQUE (table_name),
    CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
    CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE geo_events_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def point_blob(lon: float | None, lat: float | None) -> bytes | None:
    """A GeoPackage geometry blob (header, no envelope, little-endian WKB point) or None."""
    if lon is None or lat is None:
        return None
    return b"GP\x00\x01" + struct.pack("<i", 4326) + struct.pack("<BIdd", 1, 1, lon, lat)


# -- value objects <-> JSON ---------------------------------------------------------------
def encode(obj: Any) -> Any:
    """A dataclass (Event, ResolvedMention, ControlClaim) as plain JSON values; places by id."""
    if isinstance(obj, Place):
        return {"$place": obj.place_id}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: encode(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dt.date):
        return {"$date": obj.isoformat()}
    if isinstance(obj, (tuple, list)):
        return [encode(v) for v in obj]
    if isinstance(obj, dict):
        return {k: encode(v) for k, v in obj.items()}
    return obj


_SCALARS = (str, int, float, bool, type(None))


def _decode_value(value: Any, gazetteer: Gazetteer, places: dict) -> Any:
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, list):
        return tuple(_decode_value(v, gazetteer, places) for v in value)
    if "$place" in value:
        place_id = value["$place"]
        if place_id not in places:
            try:
                places[place_id] = gazetteer.get(place_id)
            except PlaceNotFound:
                places[place_id] = None
        return places[place_id]
    if "$date" in value:
        return dt.date.fromisoformat(value["$date"])
    return {k: _decode_value(v, gazetteer, places) for k, v in value.items()}


@lru_cache(maxsize=None)
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls))


def decode(cls: type, data: dict, gazetteer: Gazetteer, places: dict | None = None) -> Any:
    """The value object ``cls`` back from :func:`encode`'s output (``places`` caches lookups)."""
    names = _field_names(cls)
    places = {} if places is None else places
    try:
        return cls(**{k: _decode_value(v, gazetteer, places) for k, v in data.items() if k in names})
    except TypeError as exc:
        raise StoreError(f"a stored {cls.__name__} does not fit this version of geo-events ({exc}); rebuild the store") from None


# -- what a worker sends back -----------------------------------------------------------
@dataclass
class DocumentResult:
    """Everything one document gave: its metadata and status, and rows for each layer.

    Layer rows are ``(lon, lat, flat columns, record JSON)``.
    """

    doc_key: str
    content_hash: str
    status: str  # ok | failed
    doc_id: str = ""
    source: str = ""
    lang: str | None = None
    published: str | None = None
    title: str = ""
    chars: int = 0
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    rows: dict[str, list[tuple]] = field(default_factory=dict)

    @property
    def n_events(self) -> int:
        return len(self.rows.get("events", ()))


def layer_row(obj: Any, flat: dict, place: Place | None) -> tuple:
    """One layer row of a value object: its point, flat columns and JSON record."""
    lon, lat = (place.lon, place.lat) if place is not None else (None, None)
    return (lon, lat, flat, json.dumps(encode(obj), ensure_ascii=False, separators=(",", ":")))


# -- the store --------------------------------------------------------------------------
class Store:
    """A corpus store on disk (created when missing). Only one process writes at a time."""

    def __init__(self, path: Path | str, *, create: bool = True) -> None:
        self.path = Path(path)
        if self.path.suffix.lower() != ".gpkg":
            raise StoreError(f"{self.path}: the store is a GeoPackage; give a path ending in .gpkg")
        exists = self.path.exists()
        if not exists and not create:
            raise StoreError(f"{self.path}: no store here; make one with `geo-events batch INPUT... -o {self.path}`")
        try:
            if not exists:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.con = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self.con.execute("PRAGMA synchronous = FULL")
            if not exists or not self._has_layout():
                self._create()
            self._check()
            self.columns = {layer: [r[1] for r in self.con.execute(f"PRAGMA table_info({_quote(layer)})")] for layer in ("documents", *_layer_columns())}
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a readable geo-events store ({exc}); move it away or give another path") from None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc.strerror or exc})") from None

    def _has_layout(self) -> bool:
        return bool(self.con.execute("SELECT 1 FROM sqlite_master WHERE name = 'geo_events_meta'").fetchone())

    def _create(self) -> None:
        if self.con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError(f"{self.path}: this GeoPackage is not a geo-events store; give a new path")
        con = self.con
        con.execute("BEGIN")
        con.execute(f"PRAGMA application_id = {GPKG_APPLICATION_ID}")
        con.execute(f"PRAGMA user_version = {GPKG_USER_VERSION}")
        for statement in _GPKG_SCHEMA.split(";\n"):
            if statement.strip():
                con.execute(statement)
        columns = ", ".join(f"{_quote(c)} {t}" for c, t in DOCUMENT_COLUMNS.items())
        con.execute(f"CREATE TABLE documents (fid INTEGER PRIMARY KEY AUTOINCREMENT, {columns})")
        con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES ('documents', 'attributes', 'documents', 'processed documents, status and errors')")
        for layer, flat in _layer_columns().items():
            columns = ", ".join(f"{_quote(c)} {_sql_type(c)}" for c in ["doc_key", *flat, "record"])
            con.execute(f"CREATE TABLE {_quote(layer)} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT, {columns})")
            con.execute(f"CREATE INDEX {layer}_doc_key ON {_quote(layer)} (doc_key)")
            con.execute(
                "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id, min_x, min_y, max_x, max_y) VALUES (?, 'features', ?, 4326, -180, -90, 180, 90)",
                (layer, layer),
            )
            con.execute("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'POINT', 4326, 0, 0)", (layer,))
        con.execute("CREATE INDEX events_dates ON events (date_start, date_end)")
        con.execute("INSERT INTO geo_events_meta VALUES ('layout_version', ?)", (LAYOUT_VERSION,))
        con.execute("COMMIT")

    def _check(self) -> None:
        row = self.con.execute("SELECT value FROM geo_events_meta WHERE key = 'layout_version'").fetchone()
        if not row or row[0] != LAYOUT_VERSION:
            raise StoreError(f"{self.path}: store layout {row[0] if row else '?'} is not {LAYOUT_VERSION}; process the corpus into a new store")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------
    def known(self) -> dict[str, str]:
        """``doc_key -> content_hash`` of every committed document (processed or failed)."""
        return dict(self.con.execute("SELECT doc_key, content_hash FROM documents"))

    def failed_keys(self) -> set[str]:
        return {k for (k,) in self.con.execute("SELECT doc_key FROM documents WHERE status = 'failed'")}

    def commit(self, results: Iterable[DocumentResult]) -> None:
        """Write documents and all their rows in one transaction, replacing earlier versions."""
        con = self.con
        now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            con.execute("BEGIN IMMEDIATE")
            for r in results:
                for layer in ("documents", *_layer_columns()):
                    con.execute(f"DELETE FROM {_quote(layer)} WHERE doc_key = ?", (r.doc_key,))
                values = {
                    "doc_key": r.doc_key, "doc_id": r.doc_id, "source": r.source, "content_hash": r.content_hash,
                    "lang": r.lang, "published": r.published, "title": r.title, "chars": r.chars, "status": r.status,
                    "error": r.error or None, "warnings": "; ".join(r.warnings) or None,
                    "n_mentions": len(r.rows.get("mentions", ())), "n_events": r.n_events,
                    "n_claims": len(r.rows.get("control_claims", ())), "processed_at": now,
                }
                con.execute(
                    f"INSERT INTO documents ({', '.join(map(_quote, values))}) VALUES ({', '.join('?' * len(values))})",
                    list(values.values()),
                )
                for layer, rows in r.rows.items():
                    if not rows:
                        continue
                    wanted = [c for c in self.columns[layer] if c not in ("fid", "geom", "doc_key", "record")]
                    sql = (
                        f"INSERT INTO {_quote(layer)} (geom, doc_key, {', '.join(map(_quote, wanted))}, record) "
                        f"VALUES ({', '.join('?' * (len(wanted) + 3))})"
                    )
                    con.executemany(sql, ((point_blob(lon, lat), r.doc_key, *[flat.get(c) for c in wanted], record) for lon, lat, flat, record in rows))
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise StoreError(f"{self.path}: writing to the store failed ({exc})") from None

    # -- reading ------------------------------------------------------------------------
    def documents(self):
        """The ``documents`` table as a pandas DataFrame."""
        import pandas as pd

        return pd.read_sql_query("SELECT * FROM documents ORDER BY doc_key", self.con)

    def _records(self, layer: str, where: str = "", args: tuple = ()) -> Iterator[dict]:
        sql = f"SELECT record FROM {_quote(layer)} {where} ORDER BY doc_key, fid"
        try:
            for (record,) in self.con.execute(sql, args):
                yield json.loads(record)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: reading the {layer} layer failed ({exc})") from None

    @staticmethod
    def _filters(date_columns: tuple[str, str], date_from: dt.date | None, date_to: dt.date | None, bbox: tuple[float, float, float, float] | None, lonlat: tuple[str, str]) -> tuple[str, tuple]:
        clauses, args = [], []
        first, last = date_columns
        if date_from is not None:
            clauses.append(f"{last} >= ?")
            args.append(date_from.isoformat())
        if date_to is not None:
            clauses.append(f"{first} <= ?")
            args.append(date_to.isoformat())
        if bbox is not None:
            lon, lat = lonlat
            clauses.append(f"{lon} BETWEEN ? AND ? AND {lat} BETWEEN ? AND ?")
            args.extend([bbox[0], bbox[2], bbox[1], bbox[3]])
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(args)

    def events(self, gazetteer: Gazetteer, *, date_from: dt.date | None = None, date_to: dt.date | None = None, bbox: tuple[float, float, float, float] | None = None) -> list:
        """Stored event reports (not merged), in document order, filtered by period and box."""
        from .events import Event

        where, args = self._filters(("date_start", "date_end"), date_from, date_to, bbox, ("longitude", "latitude"))
        places: dict = {}
        return [decode(Event, r, gazetteer, places) for r in self._records("events", where, args)]

    def claims(self, gazetteer: Gazetteer, *, date_to: dt.date | None = None, bbox: tuple[float, float, float, float] | None = None) -> list:
        """Stored control claims made up to ``date_to`` (undated ones too), in document order."""
        from .claims import ControlClaim

        where, args = self._filters(("as_of", "as_of"), None, None, bbox, ("lon", "lat"))
        places: dict = {}
        records = [decode(ControlClaim, r, gazetteer, places) for r in self._records("control_claims", where, args)]
        return [c for c in records if date_to is None or c.as_of is None or c.as_of <= date_to]

    def mentions(self, gazetteer: Gazetteer) -> list:
        from .resolve import ResolvedMention

        places: dict = {}
        return [decode(ResolvedMention, r, gazetteer, places) for r in self._records("mentions")]

    def counts(self) -> dict[str, int]:
        out = dict(self.con.execute("SELECT status, count(*) FROM documents GROUP BY status"))
        out["events"] = self.con.execute("SELECT count(*) FROM events").fetchone()[0]
        return out


def read_store(path: Path | str, gazetteer: Gazetteer, *, date_from: dt.date | None = None, date_to: dt.date | None = None, bbox: tuple[float, float, float, float] | None = None, merge: bool = True, mentions: bool = False):
    """An :class:`~geo_events.analysis.Analysis` of a store: its events merged across documents,
    its control claims up to ``date_to`` (zones are resolved by date from them)."""
    from .analysis import Analysis
    from .documents import Document
    from .merge import merge_events

    started = time.perf_counter()
    with Store(path, create=False) as store:
        docs = store.documents()
        raw = store.events(gazetteer, date_from=date_from, date_to=date_to, bbox=bbox)
        claims = store.claims(gazetteer, date_to=date_to, bbox=bbox)
        found = store.mentions(gazetteer) if mentions else []
    def text(value: object) -> str:
        return value if isinstance(value, str) else ""  # NULL comes back as None or NaN

    documents = [
        Document(text(row.doc_id) or row.doc_key, "", text(row.lang), dt.date.fromisoformat(row.published) if text(row.published) else None, text(row.source), text(row.title))
        for row in docs.itertuples()
        if row.status == "ok"
    ]
    result = Analysis(documents=documents, mentions=found, claims=claims, raw_events=raw)
    result.events = merge_events(raw) if merge else list(raw)
    result.seconds = time.perf_counter() - started  # type: ignore[attr-defined]
    return result
