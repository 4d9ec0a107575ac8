"""Documents to resolved place mentions: the public API of the places stage."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Iterable, Iterator

from spacy.tokens import Doc as SpacyDoc

import geopandas
from shapely.geometry import Point, mapping

from gazetteer import Gazetteer, open_gazetteer

from .documents import Document
from .errors import OutputError
from .io import atomic_write
from .nlp import parse
from .recognize import recognize
from .resolve import ResolvedMention, resolve

COLUMNS = ["doc_id", "surface", "start", "end", "place_id", "name", "level", "country", "confidence", "role", "geo_precision", "reason"]


def analyse_documents(
    documents: Iterable[Document], gazetteer: Gazetteer, *, batch_size: int = 32
) -> Iterator[tuple[Document, SpacyDoc, list[ResolvedMention]]]:
    """Each document with its parse and resolved mentions, parsed once, in input order per language."""
    docs = list(documents)
    for lang in sorted({d.lang for d in docs}):
        batch = [d for d in docs if d.lang == lang]
        for document, parsed in zip(batch, parse(lang, (d.text for d in batch), batch_size=batch_size)):
            yield document, parsed, resolve(document.doc_id, recognize(document, parsed, gazetteer), gazetteer, document.focus)


def resolve_documents(documents: Iterable[Document], gazetteer: Gazetteer | None = None, *, batch_size: int = 32) -> list[ResolvedMention]:
    """Every toponym mention of the documents, resolved; each document parsed once."""
    gazetteer = gazetteer or open_gazetteer()
    docs = list(documents)
    out: list[ResolvedMention] = []
    for _, _, mentions in analyse_documents(docs, gazetteer, batch_size=batch_size):
        out.extend(mentions)
    order = {d.doc_id: i for i, d in enumerate(docs)}
    return sorted(out, key=lambda m: (order[m.doc_id], m.start))


def to_geodataframe(mentions: list[ResolvedMention], *, polygons: bool = False) -> geopandas.GeoDataFrame:
    """Mentions as a GeoDataFrame (EPSG:4326): the place's point, or polygon with ``polygons``."""
    rows = [m.to_dict() for m in mentions]
    geoms = []
    for m in mentions:
        if m.place is None:
            geoms.append(None)
        elif polygons and m.place.has_polygon:
            geoms.append(m.place.geometry)
        else:
            geoms.append(Point(m.place.lon, m.place.lat))
    return geopandas.GeoDataFrame(rows, columns=COLUMNS, geometry=geoms, crs="EPSG:4326")


def extract_places(documents: Iterable[Document], gazetteer: Gazetteer | None = None, *, polygons: bool = False) -> geopandas.GeoDataFrame:
    """Documents in, one row per toponym mention out (see :data:`COLUMNS`)."""
    return to_geodataframe(resolve_documents(documents, gazetteer), polygons=polygons)


OUTPUT_SUFFIXES = (".geojson", ".json", ".csv")


def check_output_format(path: Path | str) -> None:
    """Raise :class:`OutputError` unless the path ends in a format :func:`write_places` writes."""
    suffix = Path(path).suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise OutputError(f"{path}: unknown output format {suffix or '(none)'}; use .geojson or .csv")


def write_places(mentions: list[ResolvedMention], path: Path | str) -> None:
    """Write mentions as GeoJSON (one feature per mention) or CSV, atomically."""
    path = Path(path)
    check_output_format(path)
    suffix = path.suffix.lower()
    if suffix in (".geojson", ".json"):
        features = [
            {
                "type": "Feature",
                "geometry": mapping(Point(m.place.lon, m.place.lat)) if m.place else None,
                "properties": m.to_dict(),
            }
            for m in mentions
        ]
        with atomic_write(path) as fh:
            json.dump({"type": "FeatureCollection", "features": features}, fh, ensure_ascii=False, indent=1)
    elif suffix == ".csv":
        with atomic_write(path, newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS + ["lat", "lon"])
            writer.writeheader()
            for m in mentions:
                row = m.to_dict()
                row["lat"], row["lon"] = (m.place.lat, m.place.lon) if m.place else ("", "")
                writer.writerow(row)
