"""An offline, multilingual gazetteer for conflict reporting: Syria down to the neighbourhood,
the world's cities and countries, conflict-era regions -- no server, no network.

>>> from gazetteer import Gazetteer            # doctest: +SKIP
>>> gaz = Gazetteer()                           # builds the database on first use
>>> [c.place.name for c in gaz.lookup("Chaar")][:1]
["Sha'aar"]
"""

from .builder import BuildReport, build, ensure_built, fingerprint
from .errors import BuildError, GazetteerError, PlaceNotFound, QueryError, SourceError, StoreError
from .gazetteer import Gazetteer, distance_km, open_gazetteer
from .geocoder import FallbackGeocoder, GazetteerGeocoder
from .model import Candidate, Level, Place
from .normalize import fold, variant
from .store import default_path

__all__ = [
    "BuildError",
    "BuildReport",
    "Candidate",
    "FallbackGeocoder",
    "Gazetteer",
    "GazetteerGeocoder",
    "GazetteerError",
    "Level",
    "Place",
    "PlaceNotFound",
    "QueryError",
    "SourceError",
    "StoreError",
    "build",
    "default_path",
    "distance_km",
    "ensure_built",
    "fingerprint",
    "fold",
    "open_gazetteer",
    "variant",
]
