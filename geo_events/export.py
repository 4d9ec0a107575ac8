"""Writing events and control zones: GeoJSON, ACLED-style CSV and GeoPackage, atomically."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import tempfile
from pathlib import Path

import geopandas
import numpy as np
import pandas as pd

from .errors import OutputError
from .io import atomic_write, clean_stale_temporaries, temporary_prefix

EVENT_FORMATS = (".geojson", ".json", ".csv", ".gpkg")
ZONE_FORMATS = (".geojson", ".json", ".gpkg")


def check_format(path: Path | str, formats: tuple[str, ...]) -> str:
    """The lower-case suffix of ``path``; :class:`OutputError` if it is not one of ``formats``."""
    suffix = Path(path).suffix.lower()
    if suffix not in formats:
        raise OutputError(f"{path}: unknown output format {suffix or '(none)'}; use {', '.join(formats)}")
    return suffix


def _clean(value):
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def _geojson(frame: geopandas.GeoDataFrame, path: Path) -> None:
    features = []
    for row, geom in zip(frame.drop(columns="geometry").to_dict("records"), frame.geometry):
        features.append(
            {
                "type": "Feature",
                "geometry": None if geom is None or geom.is_empty else geom.__geo_interface__,
                "properties": {k: _clean(v) for k, v in row.items()},
            }
        )
    with atomic_write(path) as fh:
        json.dump({"type": "FeatureCollection", "features": features}, fh, ensure_ascii=False)


def _gpkg_timestamp() -> str | None:
    """``$SOURCE_DATE_EPOCH`` (reproducible-builds convention) as GDAL's OGR_CURRENT_DATE: the
    GeoPackage records a last-change time, so without it two writes of the same data differ."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _gpkg(layers: dict[str, geopandas.GeoDataFrame], path: Path) -> None:
    import pyogrio

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        clean_stale_temporaries(path)
        fd, tmp = tempfile.mkstemp(prefix=temporary_prefix(path), suffix=".gpkg", dir=path.parent)
        os.close(fd)
        os.unlink(tmp)  # the GPKG driver wants to create the file itself
    except OSError as exc:
        raise OutputError(f"{path}: cannot write here ({exc.strerror or exc})") from None
    stamp = _gpkg_timestamp()
    if stamp:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": stamp})
    try:
        for name, frame in layers.items():
            # QGIS and ogr read "Int64" columns with nulls as integer fields, not reals.
            # Empty layers still need a geometry type for QGIS to open them.
            frame.to_file(tmp, layer=name, driver="GPKG", engine="pyogrio", geometry_type="Unknown" if frame.empty else None)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        for leftover in (tmp, tmp + "-journal", tmp + "-wal", tmp + "-shm"):
            if os.path.exists(leftover):
                os.unlink(leftover)
        if not isinstance(exc, Exception):
            raise
        raise OutputError(f"{path}: cannot write GeoPackage ({exc})") from None
    finally:
        if stamp:
            pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})


def write_events(events: geopandas.GeoDataFrame, path: Path | str, zones: geopandas.GeoDataFrame | None = None) -> None:
    """Events as GeoJSON, ACLED-order CSV, or a GeoPackage with ``events`` and ``control_zones`` layers."""
    path = Path(path)
    suffix = check_format(path, EVENT_FORMATS)
    if suffix in (".geojson", ".json"):
        _geojson(events, path)
    elif suffix == ".csv":
        with atomic_write(path, newline="") as fh:
            columns = [c for c in events.columns if c != "geometry"]
            writer = csv.writer(fh)
            writer.writerow(columns)
            for row in events[columns].itertuples(index=False):
                writer.writerow(["" if _clean(v) is None else v for v in row])
    else:
        layers = {"events": events}
        if zones is not None:
            layers["control_zones"] = zones
        _gpkg(layers, path)


def write_zones(zones: geopandas.GeoDataFrame, path: Path | str) -> None:
    """Control zones as GeoJSON or a GeoPackage layer ``control_zones``."""
    path = Path(path)
    suffix = check_format(path, ZONE_FORMATS)
    if suffix == ".gpkg":
        _gpkg({"control_zones": zones}, path)
    else:
        _geojson(zones, path)


def read_events(path: Path | str) -> pd.DataFrame:
    """Events written by :func:`write_events` (any of its formats), for maps and re-merging."""
    from .errors import InputError

    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file")
    try:
        if path.suffix.lower() == ".csv":
            return pd.read_csv(path)
        if path.suffix.lower() == ".gpkg":
            return geopandas.read_file(path, layer="events", engine="pyogrio")
        return geopandas.read_file(path, engine="pyogrio")
    except Exception as exc:
        raise InputError(path, f"not an events file ({' '.join(str(exc).split())[:120]})") from None
