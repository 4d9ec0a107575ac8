"""geopy integration: the gazetteer as a geopy ``Geocoder``, and a fallback chain.

``GazetteerGeocoder`` answers ``geocode``/``reverse`` like any geopy geocoder, offline.
``FallbackGeocoder`` asks it first and, for names it does not know, a second geocoder
(for example a self-hosted Nominatim wrapped in geopy's ``RateLimiter``), caching answers::

    from geopy.geocoders import Nominatim
    from geopy.extra.rate_limiter import RateLimiter
    from gazetteer import FallbackGeocoder, GazetteerGeocoder

    nominatim = Nominatim(domain="nominatim.example.org", user_agent="geo-events")
    geocoder = FallbackGeocoder(
        GazetteerGeocoder(),
        fallback=RateLimiter(nominatim.geocode, min_delay_seconds=1),
        reverse_fallback=RateLimiter(nominatim.reverse, min_delay_seconds=1),
    )
    geocoder.geocode("Alep")          # answered offline
    geocoder.geocode("Zzyzx Road")    # outside the gazetteer: asked of Nominatim once, then cached
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

from geopy.exc import GeocoderQueryError
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from .errors import QueryError
from .gazetteer import Gazetteer, open_gazetteer
from .model import Candidate, Place


class GazetteerGeocoder(Geocoder):
    """A geopy geocoder over the offline gazetteer; it never touches the network."""

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        min_score: float = 0.0,
        country: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.gazetteer = gazetteer or open_gazetteer()
        self.min_score = min_score
        self.country = country

    def _address(self, place: Place) -> str:
        names = [place.name]
        for parent in self.gazetteer.parents(place.place_id):
            if parent.name != names[-1]:
                names.append(parent.name)
        return ", ".join(names)

    def _location(self, candidate: Candidate) -> Location:
        place = candidate.place
        return Location(self._address(place), Point(place.lat, place.lon), candidate.to_dict())

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        limit: int | None = None,
        country: str | None = None,
        level: str | None = None,
        timeout: float | None = None,
    ) -> Location | list[Location] | None:
        """Best match (or up to ``limit`` matches) for a place name; ``None`` when unknown."""
        try:
            found = self.gazetteer.lookup(query, country=country or self.country, level=level, limit=1 if exactly_one else (limit or 10))
        except QueryError as exc:
            raise GeocoderQueryError(str(exc)) from exc
        locations = [self._location(c) for c in found if c.score >= self.min_score]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def reverse(
        self,
        query: Any,
        *,
        exactly_one: bool = True,
        include_regions: bool = False,
        timeout: float | None = None,
    ) -> Location | list[Location] | None:
        """The finest place containing a ``(lat, lon)`` point (or the whole chain)."""
        try:
            point = Point(query)
        except (TypeError, ValueError) as exc:
            raise GeocoderQueryError(f"not a point: {query!r}") from exc
        try:
            chain = self.gazetteer.reverse(point.longitude, point.latitude, include_regions=include_regions)
        except QueryError as exc:
            raise GeocoderQueryError(str(exc)) from exc
        locations = [Location(self._address(p), Point(p.lat, p.lon), p.to_dict()) for p in chain]
        if not locations:
            return None
        return locations[0] if exactly_one else locations


class FallbackGeocoder(Geocoder):
    """Ask ``primary`` first, then ``fallback`` (any geocode callable), caching fallback answers.

    ``fallback`` and ``reverse_fallback`` are callables with geopy's signature, typically a
    ``RateLimiter`` around another geocoder's ``geocode``/``reverse``. ``cache`` is any
    mutable mapping (a dict, a ``shelve`` for persistence across runs).
    """

    def __init__(
        self,
        primary: Geocoder,
        fallback: Callable[..., Any] | None = None,
        *,
        reverse_fallback: Callable[..., Any] | None = None,
        cache: MutableMapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.primary = primary
        self.fallback = fallback
        self.reverse_fallback = reverse_fallback
        self.cache: MutableMapping[str, Any] = {} if cache is None else cache

    def geocode(self, query: str, *, exactly_one: bool = True, **kwargs: Any) -> Any:
        found = self.primary.geocode(query, exactly_one=exactly_one, **kwargs)
        if found or self.fallback is None:
            return found
        key = f"geocode|{exactly_one}|{' '.join(str(query).split()).lower()}|{sorted(kwargs.items())}"
        if key not in self.cache:
            self.cache[key] = self.fallback(query, exactly_one=exactly_one, **kwargs)
        return self.cache[key]

    def reverse(self, query: Any, *, exactly_one: bool = True, **kwargs: Any) -> Any:
        found = self.primary.reverse(query, exactly_one=exactly_one, **kwargs)
        if found or self.reverse_fallback is None:
            return found
        point = Point(query)
        key = f"reverse|{exactly_one}|{point.latitude:.6f},{point.longitude:.6f}|{sorted(kwargs.items())}"
        if key not in self.cache:
            self.cache[key] = self.reverse_fallback(query, exactly_one=exactly_one, **kwargs)
        return self.cache[key]
