"""geo-events: conflict dispatches to resolved places, events and offline maps.

The data flow is documents -> mentions -> places -> events -> control zones -> maps:
documents, toponym mentions and their resolution against the ``gazetteer`` package, events
(ACLED fields), control claims, control zones, merging across dispatches, and maps
(``geo_events.maps``: self-contained layered HTML, embeddable fragment, PNG). Corpora go
through ``run_batch`` into a ``Store`` (one GeoPackage), read back with ``read_store``.
"""

from .batch import BatchReport, run_batch
from .store import Store, read_store
from .settings import SETTINGS, Settings
from .analysis import Analysis, analyse, control_zones, events_to_geodataframe, extract_events
from .claims import ControlClaim
from .documents import Document, make_document, read_documents
from .events import Event
from .export import read_events, write_events, write_zones
from .maps import MapData, build_map, save_map
from .merge import merge_events
from .zones import Zone, build_zones, zones_to_geodataframe
from .errors import GeoEventsError, InputError, OutputError, StoreError
from .places import extract_places, resolve_documents, write_places
from .resolve import ResolvedMention
from .scan import ScanHit, scan

__version__ = "0.1.0"

__all__ = [
    "BatchReport",
    "SETTINGS",
    "Settings",
    "Store",
    "StoreError",
    "read_store",
    "run_batch",
    "Analysis",
    "ControlClaim",
    "Event",
    "MapData",
    "build_map",
    "save_map",
    "Zone",
    "analyse",
    "build_zones",
    "control_zones",
    "events_to_geodataframe",
    "extract_events",
    "merge_events",
    "read_events",
    "write_events",
    "write_zones",
    "zones_to_geodataframe",
    "Document",
    "GeoEventsError",
    "InputError",
    "OutputError",
    "ResolvedMention",
    "ScanHit",
    "__version__",
    "extract_places",
    "make_document",
    "read_documents",
    "resolve_documents",
    "scan",
    "write_places",
]
