"""Control zones at a date, from control claims.

Per place, the latest claims up to the date win. One faction holding all of it -> ``held``;
a share below one, or several factions claiming it on the same latest date -> ``contested``
(the other side is whoever holds the smallest zone around it); a faction that lost part of
its ground -> ``shrinking`` on the part of the place it held (East Aleppo for the rebels);
"pockets near Damascus" and "the south of the country" -> ``low-precision`` zones: a circle
around the place, or the matching third of its polygon, never a confident outline.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

import geopandas
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

from gazetteer import Gazetteer, Level, Place

from .claims import HOLDS, LOST, TOOK, ControlClaim
from .events import held_region

HELD, CONTESTED, SHRINKING, LOW_PRECISION = "held", "contested", "shrinking", "low-precision"
#: Radius of a "near <place>" zone, by the place's level (km).
NEAR_RADIUS_KM = {Level.NEIGHBOURHOOD: 2.0, Level.CITY: 20.0, Level.TOWN: 8.0}
DEFAULT_NEAR_KM = 15.0
#: "Near X" does not claim X itself: without an outline of X, this share of the radius around
#: its point is left out of the zone.
NEAR_INNER_SHARE = 0.4

ZONE_COLUMNS = ["zone_id", "place_id", "name", "level", "faction", "factions", "status", "share", "as_of", "precision", "claims", "quotes", "sources", "surface", "direction"]


@dataclass(frozen=True)
class Zone:
    zone_id: str
    place: Place
    faction: str
    factions: tuple[str, ...]
    status: str
    share: float | None
    as_of: dt.date | None
    precision: str
    geometry: BaseGeometry
    claims: tuple[ControlClaim, ...]

    def to_dict(self) -> dict:
        return {
            "zone_id": self.zone_id,
            "place_id": self.place.place_id,
            "name": self.place.name,
            "level": self.place.level.value,
            "faction": self.faction,
            "factions": ";".join(self.factions),
            "status": self.status,
            "share": round(self.share, 3) if self.share is not None else None,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "precision": self.precision,
            "claims": len(self.claims),
            "quotes": " | ".join(dict.fromkeys(c.quote for c in self.claims)),
            "sources": ";".join(dict.fromkeys(c.doc_id for c in self.claims)),
            "surface": " | ".join(dict.fromkeys(c.surface for c in self.claims if c.surface)),
            "direction": self.claims[0].direction if self.claims else None,
        }


def _circle(lat: float, lon: float, km: float) -> BaseGeometry:
    # Degrees of longitude shrink with latitude; an ellipse in degrees is a circle on the ground.
    dlat = km / 111.32
    dlon = km / (111.32 * max(0.1, math.cos(math.radians(lat))))
    from shapely import affinity

    return affinity.scale(Point(lon, lat).buffer(1.0, 32), dlon, dlat)


def _direction_part(geometry: BaseGeometry, direction: str) -> BaseGeometry:
    """The third of a polygon lying in a compass direction ("le sud du pays")."""
    minx, miny, maxx, maxy = geometry.bounds
    w, h = (maxx - minx) / 3, (maxy - miny) / 3
    x = {"west": (minx, minx + w), "east": (maxx - w, maxx)}
    y = {"south": (miny, miny + h), "north": (maxy - h, maxy)}
    parts = direction.split("-")
    xr, yr = (minx, maxx), (miny, maxy)
    for p in parts:
        xr = x.get(p, xr)
        yr = y.get(p, yr)
    if direction == "centre":
        xr, yr = (minx + w, maxx - w), (miny + h, maxy - h)
    return geometry.intersection(box(xr[0], yr[0], xr[1], yr[1]))


def _geometry(claim: ControlClaim) -> BaseGeometry:
    place = claim.place
    base = place.geometry if place.has_polygon else None
    if claim.precision == "vague" and claim.direction:
        if base is None:
            return _circle(place.lat, place.lon, DEFAULT_NEAR_KM)
        part = _direction_part(base, claim.direction)
        return part if not part.is_empty else base
    if claim.precision == "near":
        km = NEAR_RADIUS_KM.get(place.level, DEFAULT_NEAR_KM)
        inner = base if base is not None else _circle(place.lat, place.lon, km * NEAR_INNER_SHARE)
        ring = _circle(place.lat, place.lon, km).difference(inner)
        if ring.area < 0.2 * inner.area:  # X's outline is wider than the radius: a band around it
            ring = inner.buffer(km / 111.32 / 2).difference(inner)
        return ring
    if base is None:
        return _circle(place.lat, place.lon, NEAR_RADIUS_KM.get(place.level, DEFAULT_NEAR_KM))
    return base


def _target(claim: ControlClaim, gazetteer: Gazetteer) -> tuple[Place, bool]:
    """Where a claim applies; a loss applies to the part of the place the loser held, when known."""
    if claim.stance == LOST and claim.precision == "exact":
        region = held_region(gazetteer, claim.place, claim.faction, claim.as_of)
        if region is not None:
            return region, True
    return claim.place, False


def build_zones(claims: Iterable[ControlClaim], gazetteer: Gazetteer, *, at: dt.date | None = None) -> list[Zone]:
    """Control zones as of ``at`` (default: every claim) from claims of one or many documents."""
    grouped: dict[tuple[str, str, str | None], list[tuple[ControlClaim, bool]]] = defaultdict(list)
    for c in claims:
        if at is not None and c.as_of is not None and c.as_of > at:
            continue
        place, via_region = _target(c, gazetteer)
        if via_region:
            c = ControlClaim(place, c.faction, c.stance, c.share, c.as_of, c.quote, c.doc_id, c.start, c.end, c.surface, c.precision, c.direction)
        grouped[(place.place_id, c.precision, c.direction)].append((c, via_region))

    provisional: list[tuple[Place, str, list[ControlClaim], str, float | None, tuple[str, ...]]] = []
    for (_, precision, _), items in grouped.items():
        latest = max((c.as_of or dt.date.min) for c, _ in items)
        current = [(c, v) for c, v in items if (c.as_of or dt.date.min) == latest]
        place = current[0][0].place
        factions = tuple(dict.fromkeys(c.faction for c, _ in current if c.stance in (HOLDS, TOOK) or c.stance == LOST))
        shares = [c.share for c, _ in current if c.share is not None and c.stance in (HOLDS, TOOK)]
        lost = [(c, v) for c, v in current if c.stance == LOST]
        if precision != "exact":
            status = LOW_PRECISION
        elif len({c.faction for c, _ in current if c.stance in (HOLDS, TOOK)}) > 1:
            status = CONTESTED
        elif shares and min(shares) < 1:
            status = CONTESTED
        elif lost and all(v for _, v in lost):
            status = SHRINKING  # lost part of its own ground, still holds the rest
        elif lost:
            status = CONTESTED
        else:
            status = HELD
        share = min(shares) if shares else (1 - lost[0][0].share if lost and lost[0][0].share is not None and lost[0][1] else None)
        provisional.append((place, status, [c for c, _ in current], precision, share, factions))

    # A place's zone is superseded by newer news about a region inside it (Aleppo 2012 -> East Aleppo 2016).
    newest_child: dict[str, dt.date] = {}
    for p, _, current, _, _, _ in provisional:
        when = max((c.as_of for c in current if c.as_of), default=None)
        if p.parent_id and when and p.level is Level.REGION:
            newest_child[p.parent_id] = max(when, newest_child.get(p.parent_id, dt.date.min))
    provisional = [
        z for z in provisional
        if not (z[0].place_id in newest_child and max((c.as_of for c in z[2] if c.as_of), default=dt.date.min) < newest_child[z[0].place_id])
    ]
    held_by = {p.place_id: f[0] for p, status, _, prec, _, f in provisional if prec == "exact" and status in (HELD, SHRINKING)}
    zones = []
    for i, (place, status, current, precision, share, factions) in enumerate(sorted(provisional, key=lambda z: (z[0].level is not Level.COUNTRY, z[0].place_id))):
        faction = factions[0] if factions else "other"
        if status == CONTESTED and len(factions) == 1:
            other = _surrounding_holder(place, held_by, gazetteer, exclude=faction)
            factions = factions + ((other,) if other else ("unknown",))
        zones.append(Zone(f"zone-{i + 1}", place, faction, factions, status, share, max((c.as_of for c in current if c.as_of), default=None), precision, _geometry(current[0]), tuple(current)))
    return zones


def _surrounding_holder(place: Place, held_by: dict[str, str], gazetteer: Gazetteer, exclude: str) -> str | None:
    """The faction holding the smallest zone around a place (its region, then its parents)."""
    for region_id, faction in held_by.items():
        if faction != exclude and region_id.startswith("region:") and place.place_id in gazetteer.get(region_id).extra.get("members", []):
            return faction
    for parent in gazetteer.parents(place.place_id):
        faction = held_by.get(parent.place_id)
        if faction and faction != exclude:
            return faction
    return None


def zones_to_geodataframe(zones: list[Zone]) -> geopandas.GeoDataFrame:
    """Zones as a GeoDataFrame (EPSG:4326), one polygon per zone."""
    return geopandas.GeoDataFrame([z.to_dict() for z in zones], columns=ZONE_COLUMNS, geometry=[z.geometry for z in zones], crs="EPSG:4326")


def zones_over_time(claims: Iterable[ControlClaim], gazetteer: Gazetteer) -> list[tuple[dt.date, list[Zone]]]:
    """Control zones as of each distinct date of the claims, oldest first: how control moved.

    Each entry holds the zones :func:`build_zones` gives at that date; an empty list when the
    claims carry no dates.
    """
    claims = list(claims)
    days = sorted({c.as_of for c in claims if c.as_of is not None})
    return [(day, build_zones(claims, gazetteer, at=day)) for day in days]
