"""The whole text pass over many documents: mentions, events (merged) and control claims.

Each document is parsed once; events of all documents are merged; zones are built from
all claims at a date. GeoDataFrame-returning functions are the public Python API.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable

import geopandas
from shapely.geometry import Point

from gazetteer import Gazetteer, open_gazetteer

from .claims import ControlClaim, extract_document_claims
from .documents import Document
from .events import COLUMNS, Event, extract_document_events
from .merge import merge_events
from .places import analyse_documents
from .resolve import ResolvedMention
from .zones import Zone, build_zones, zones_to_geodataframe

#: Counts and offsets stay integers even where some rows have none.
INTEGER_COLUMNS = ("year", "geo_precision", "fatalities", "civilian_fatalities", "child_fatalities", "displaced", "start", "end", "location_start", "location_end")


@dataclass
class Analysis:
    """Everything read from a set of documents."""

    documents: list[Document] = field(default_factory=list)
    mentions: list[ResolvedMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[ControlClaim] = field(default_factory=list)
    #: Events as extracted per document, before duplicates were folded.
    raw_events: list[Event] = field(default_factory=list)

    def zones(self, gazetteer: Gazetteer, at: dt.date | None = None) -> list[Zone]:
        return build_zones(self.claims, gazetteer, at=at)


def analyse(documents: Iterable[Document], gazetteer: Gazetteer | None = None, *, merge: bool = True) -> Analysis:
    """Read documents into mentions, events and claims. A document that fails is reported and skipped."""
    gazetteer = gazetteer or open_gazetteer()
    docs = list(documents)
    out = Analysis(documents=docs)
    order = {d.doc_id: i for i, d in enumerate(docs)}
    per_doc: dict[str, tuple[list, list, list]] = {}
    for document, parsed, mentions in analyse_documents(docs, gazetteer):
        events = extract_document_events(document, parsed, mentions, gazetteer)
        claims = extract_document_claims(document, parsed, mentions, gazetteer)
        per_doc[document.doc_id] = (mentions, events, claims)
    for doc_id in sorted(per_doc, key=order.__getitem__):
        mentions, events, claims = per_doc[doc_id]
        out.mentions.extend(mentions)
        out.raw_events.extend(events)
        out.claims.extend(claims)
    out.events = merge_events(out.raw_events) if merge else list(out.raw_events)
    return out


def events_to_geodataframe(events: list[Event]) -> geopandas.GeoDataFrame:
    """Events as a GeoDataFrame (EPSG:4326), ACLED columns first, one point per event."""
    rows = [e.to_dict() for e in events]
    geometry = [Point(e.place.lon, e.place.lat) if e.place else None for e in events]
    frame = geopandas.GeoDataFrame(rows, columns=COLUMNS, geometry=geometry, crs="EPSG:4326")
    for column in INTEGER_COLUMNS:
        frame[column] = frame[column].astype("Int64")
    return frame


def extract_events(documents: Iterable[Document], gazetteer: Gazetteer | None = None) -> geopandas.GeoDataFrame:
    """Documents in, one row per (merged) event out."""
    return events_to_geodataframe(analyse(documents, gazetteer).events)


def control_zones(documents: Iterable[Document], gazetteer: Gazetteer | None = None, *, at: dt.date | None = None) -> geopandas.GeoDataFrame:
    """Documents in, control zones as of ``at`` out (one polygon per zone)."""
    gazetteer = gazetteer or open_gazetteer()
    return zones_to_geodataframe(analyse(documents, gazetteer).zones(gazetteer, at))
