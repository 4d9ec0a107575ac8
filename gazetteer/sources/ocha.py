"""OCHA COD-AB Syria: admin polygons, admin seats, label points and neighbourhoods."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from shapely.geometry.base import BaseGeometry

from ..model import Level
from . import PlaceRecord, read_features

_LEVELS = {1: Level.GOVERNORATE, 2: Level.DISTRICT, 3: Level.SUBDISTRICT}


def read_admin0(path: Path) -> BaseGeometry:
    """Syria's national boundary."""
    features = read_features(path, ("adm0_pcode",))
    return features[0][1]


def read_admin(path: Path, level: int) -> list[PlaceRecord]:
    """Governorates (1), districts (2) or sub-districts (3), keyed by OCHA pcode."""
    prefix = f"adm{level}"
    features = read_features(path, (f"{prefix}_name", f"{prefix}_name1", f"{prefix}_pcode"))
    records = []
    for props, geom in features:
        pcode = props[f"{prefix}_pcode"]
        record = PlaceRecord(
            place_id=f"ocha:{pcode}",
            name=props[f"{prefix}_name"],
            level=_LEVELS[level],
            country="SY",
            geometry=geom,
            parent_id=f"ocha:{props[f'adm{level - 1}_pcode']}" if level > 1 else "country:SY",
            admin1=f"ocha:{props['adm1_pcode']}",
            sources={"ocha"},
            extra={"pcode": pcode},
        )
        record.add_name(props[f"{prefix}_name"], "en")
        record.add_name(props.get(f"{prefix}_ref_n"), "en")
        record.add_name(props[f"{prefix}_name1"], "ar")
        records.append(record)
    return records


@dataclass(frozen=True)
class AdminSeat:
    """An administrative seat (capital) point: level 0 national ... 3 sub-district."""

    name: str
    level: int
    lon: float
    lat: float
    pcode: str  # pcode of the unit it is the seat of


def read_capitals(path: Path) -> list[AdminSeat]:
    seats = []
    for props, geom in read_features(path, ("adm_p_lvl", "name")):
        level = int(props["adm_p_lvl"])
        pcode = props.get(f"adm{level}_pcode") or props.get("adm0_pcode") or ""
        seats.append(AdminSeat(props["name"], level, geom.x, geom.y, pcode))
    return seats


def read_label_points(path: Path) -> dict[str, tuple[float, float, str]]:
    """Label point and Arabic name of each admin unit, by pcode: ``{pcode: (lon, lat, ar)}``."""
    out = {}
    for props, geom in read_features(path, ("admin_leve", "name", "name1")):
        level = int(props["admin_leve"])
        pcode = props.get(f"adm{level}_pcode") or (props.get("adm0_pcode") if level == 0 else "")
        if pcode:
            out[pcode] = (geom.x, geom.y, props["name1"])
    return out


@dataclass(frozen=True)
class Neighbourhood:
    """A city neighbourhood polygon with the city (OCHA adm4 community) it belongs to."""

    pcode: str
    name: str
    name_ar: str
    city_pcode: str
    city_name: str
    city_name_ar: str
    adm3_pcode: str
    adm1_pcode: str
    geometry: BaseGeometry


def read_neighbourhoods(path: Path) -> list[Neighbourhood]:
    required = ("neighborho", "neighbor_1", "neighbor_2", "adm4_en", "adm4_pcode", "adm3_pcode", "adm1_pcode")
    return [
        Neighbourhood(
            pcode=props["neighbor_2"],
            name=props["neighborho"],
            name_ar=props["neighbor_1"] or "",
            city_pcode=props["adm4_pcode"],
            city_name=props["adm4_en"],
            city_name_ar=props.get("adm4_ar") or "",
            adm3_pcode=props["adm3_pcode"],
            adm1_pcode=props["adm1_pcode"],
            geometry=geom,
        )
        for props, geom in read_features(path, required)
    ]
