"""geopy integration: the gazetteer behaves as a geopy geocoder and chains with another."""

import pytest
from geopy.exc import GeocoderQueryError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from gazetteer import FallbackGeocoder, GazetteerGeocoder, distance_km


class RecordingGeocoder(Geocoder):
    """A second geocoder that answers from a fixed table and counts calls (no network)."""

    def __init__(self, table):
        super().__init__()
        self.table = table
        self.calls = 0

    def geocode(self, query, *, exactly_one=True, **_):
        self.calls += 1
        hit = self.table.get(query)
        return Location(query, Point(*hit), {"source": "recording"}) if hit else None

    def reverse(self, query, *, exactly_one=True, **_):
        self.calls += 1
        return Location("somewhere", Point(query), {"source": "recording"})


@pytest.fixture()
def geocoder(gaz):
    return GazetteerGeocoder(gaz)


def test_geocode_returns_geopy_locations(geocoder):
    loc = geocoder.geocode("Alep")
    assert isinstance(loc, Location)
    assert distance_km(loc.latitude, loc.longitude, 36.20, 37.16) < 5
    assert loc.address.startswith("Aleppo") and loc.address.endswith("Syria")
    assert loc.raw["level"] == "city" and loc.raw["score"] > 0.9


def test_geocode_many_and_filters(geocoder):
    locs = geocoder.geocode("Idleb", exactly_one=False, limit=5)
    assert {loc.raw["level"] for loc in locs} >= {"city", "governorate"}
    gov = geocoder.geocode("Idleb", level="governorate")
    assert gov.raw["level"] == "governorate"


def test_geocode_unknown_and_bad(geocoder):
    assert geocoder.geocode("Xqzvtplk Wrrbn") is None
    with pytest.raises(GeocoderQueryError):
        geocoder.geocode("")


def test_reverse(geocoder):
    loc = geocoder.reverse("36.209, 37.186")
    assert loc.raw["level"] == "neighbourhood"
    assert loc.address.startswith("Sha'aar, Aleppo")
    chain = geocoder.reverse((36.209, 37.186), exactly_one=False)
    assert [l.raw["level"] for l in chain][-1] == "country"
    assert geocoder.reverse((0.0, -30.0)) is None


def test_fallback_chain_with_rate_limiter_and_cache(geocoder):
    remote = RecordingGeocoder({"Zzyzx Road": (46.64, 32.61)})
    chain = FallbackGeocoder(
        geocoder,
        fallback=RateLimiter(remote.geocode, min_delay_seconds=0),
        reverse_fallback=RateLimiter(remote.reverse, min_delay_seconds=0),
    )
    assert chain.geocode("Alep").raw["name"] == "Aleppo"
    assert remote.calls == 0  # answered offline
    first = chain.geocode("Zzyzx Road")
    second = chain.geocode("Zzyzx Road")
    assert first.raw == {"source": "recording"} and second is first
    assert remote.calls == 1  # cached
    assert chain.reverse((0.0, -30.0)).address == "somewhere"
    assert chain.reverse((36.209, 37.186)).raw["level"] == "neighbourhood"
    assert remote.calls == 2
