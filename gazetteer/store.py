"""The SQLite database file holding the built gazetteer.

Tables: ``meta`` (build fingerprint, counts), ``places`` (one row per place, geometry as WKB)
and ``aliases`` (matching keys -> place ids, clustered by key for fast lookups).
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Iterable

import shapely

from .errors import StoreError

SCHEMA_VERSION = 1
ENV_PATH = "GEO_EVENTS_GAZETTEER_DB"

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    place_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    country TEXT,
    admin1 TEXT,
    parent_id TEXT,
    population INTEGER,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    importance REAL NOT NULL,
    minx REAL, miny REAL, maxx REAL, maxy REAL,
    geometry BLOB,
    names TEXT NOT NULL,
    source TEXT NOT NULL,
    extra TEXT NOT NULL
);
CREATE INDEX places_parent ON places (parent_id);
CREATE INDEX places_level ON places (level);
CREATE TABLE aliases (
    key TEXT NOT NULL,
    kind INTEGER NOT NULL,
    place_id TEXT NOT NULL,
    alias TEXT NOT NULL,
    lang TEXT NOT NULL,
    PRIMARY KEY (key, kind, place_id)
) WITHOUT ROWID;
"""

PLACE_COLUMNS = (
    "place_id, name, level, country, admin1, parent_id, population, lat, lon, importance, geometry, names, source, extra"
)


def default_path() -> Path:
    """Where the default database lives: ``$GEO_EVENTS_GAZETTEER_DB`` or the user cache."""
    if os.environ.get(ENV_PATH):
        return Path(os.environ[ENV_PATH]).expanduser()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "geo-events" / f"gazetteer-v{SCHEMA_VERSION}.sqlite"


def _temporary_prefix(path: Path) -> str:
    # The writer's pid in the name tells files of a killed build from those of a live one.
    return f".{path.name}.{os.getpid()}-"


def clean_stale_temporaries(path: Path) -> None:
    """Remove temporary databases beside ``path`` left by builds that were killed midway."""
    prefix = f".{path.name}."
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        pid = entry.name[len(prefix) :].split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
            continue  # its build is still running
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        try:
            os.unlink(entry.path)
        except OSError:
            pass


def write(path: Path, records: Iterable, alias_rows: list[tuple], meta: dict[str, str]) -> None:
    """Write a complete database to a temporary file, then rename it over ``path``."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        clean_stale_temporaries(path)
        fd, tmp_name = tempfile.mkstemp(prefix=_temporary_prefix(path), suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise StoreError(f"{path}: cannot write the gazetteer database ({exc.strerror})") from None
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        con = sqlite3.connect(tmp)
        try:
            con.executescript(_SCHEMA)
            con.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
            con.executemany(
                "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (_place_row(r) for r in records),
            )
            con.executemany("INSERT INTO aliases VALUES (?,?,?,?,?)", sorted(alias_rows))
            con.commit()
            con.execute("VACUUM")
        finally:
            con.close()
        os.replace(tmp, path)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: writing the database failed ({exc})") from None
    finally:
        for leftover in (tmp, Path(f"{tmp}-journal")):
            if leftover.exists():
                leftover.unlink()


def _place_row(record) -> tuple:
    geom = record.geometry
    bounds = geom.bounds if geom is not None else (None,) * 4
    return (
        record.place_id,
        record.name,
        record.level.value,
        record.country,
        record.admin1,
        record.parent_id,
        record.population,
        round(record.lat, 6),
        round(record.lon, 6),
        record.extra.get("importance", 0.0),
        *bounds,
        shapely.to_wkb(geom, output_dimension=2) if geom is not None else None,
        json.dumps(record.names, ensure_ascii=False, sort_keys=True),
        ",".join(sorted(record.sources)),
        json.dumps({k: v for k, v in record.extra.items() if k != "importance"}, ensure_ascii=False, sort_keys=True),
    )


def connect(path: Path, *, check: bool = True) -> sqlite3.Connection:
    """Open a built database read-only, checking its schema version and, with ``check``, every
    page (``PRAGMA quick_check``, ~0.1 s): a file damaged in the middle is named here, not
    met as a ``sqlite3.DatabaseError`` in the middle of a lookup."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"{path}: no gazetteer database here; run `geo-events gazetteer build`")
    damaged = f"{path}: the gazetteer database is damaged ({{}}); rebuild it with `geo-events gazetteer build`"
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a gazetteer database ({exc}); rebuild it with `geo-events gazetteer build`") from None
    if not version or version[0] != str(SCHEMA_VERSION):
        con.close()
        raise StoreError(f"{path}: database schema {version[0] if version else '?'} is not {SCHEMA_VERSION}; rebuild it")
    if check:
        try:
            problems = [row[0] for row in con.execute("PRAGMA quick_check(3)")]
        except sqlite3.DatabaseError as exc:
            problems = [str(exc)]
        if problems != ["ok"]:
            con.close()
            raise StoreError(damaged.format(" ".join(" ".join(problems).split())[:120]))
    return con


def read_meta(path: Path, *, check: bool = False) -> dict[str, str]:
    """The ``meta`` table; with ``check``, after verifying every page of the file."""
    con = connect(path, check=check)
    try:
        return dict(con.execute("SELECT key, value FROM meta"))
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: the gazetteer database is damaged ({exc}); rebuild it with `geo-events gazetteer build`") from None
    finally:
        con.close()
