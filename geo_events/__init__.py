"""geo-events: conflict dispatches to resolved places, events and offline maps.

The data flow is documents -> mentions -> places -> events -> control zones -> maps; this
release covers documents, toponym mentions and their resolution against the ``gazetteer``
package.
"""

from .documents import Document, make_document, read_documents
from .errors import GeoEventsError, InputError, OutputError
from .places import extract_places, resolve_documents, write_places
from .resolve import ResolvedMention
from .scan import ScanHit, scan

__version__ = "0.1.0"

__all__ = [
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
