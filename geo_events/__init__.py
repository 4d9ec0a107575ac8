"""geo-events: conflict dispatches to resolved places, events and offline maps.

The data flow is documents -> mentions -> places -> events -> control zones -> maps; this
release covers the gazetteer stage (see the ``gazetteer`` package) and a gazetteer-only
toponym pass over articles.
"""

from .errors import GeoEventsError, InputError, OutputError
from .scan import ScanHit, scan

__version__ = "0.1.0"

__all__ = ["GeoEventsError", "InputError", "OutputError", "ScanHit", "__version__", "scan"]
