"""Natural Earth: populated places with French names, country names, country polygons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shapely.geometry.base import BaseGeometry

from . import read_features, read_tsv

NAME_LANGS = {"NAME_EN": "en", "NAME_FR": "fr", "NAME_DE": "de", "NAME_ES": "es", "NAME_PT": "pt", "NAME_RU": "ru", "NAME_AR": "ar", "NAME_TR": "tr"}


def read_populated_places(path: Path) -> list[tuple[dict[str, Any], BaseGeometry]]:
    return read_features(path, ("NAME", "NAME_FR", "LATITUDE", "LONGITUDE", "POP_MAX", "ISO_A2", "GEONAMEID"))


def read_country_names(path: Path) -> list[dict[str, str]]:
    return read_tsv(path, ("ADMIN", "NAME", "ISO_A2", "ISO_A3", "NAME_FR", "NAME_AR", "LABEL_X", "LABEL_Y"))


def read_country_polygons(path: Path) -> list[tuple[dict[str, Any], BaseGeometry]]:
    return read_features(path, ("ISO_A2", "ADM0_A3", "NAME"))
