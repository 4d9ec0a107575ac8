"""Every colour, symbol and size rule of the maps, in one place.

Faction colours are the same in control zones, legends and PNGs; event categories decide the
layer, shape and colour of each event from its ACLED type, sub-type and tags.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..actors import FACTIONS

#: One colour per faction of :data:`geo_events.actors.FACTIONS` (colour-blind-safe where possible).
FACTION_COLOURS: dict[str, str] = {
    "government": "#c0392b",
    "rebels": "#2e8b57",
    "jihadists": "#222222",
    "kurdish": "#e6b800",
    "turkey": "#8e44ad",
    "coalition": "#1f6fb2",
    "other": "#7f7f7f",
    "unknown": "#b0b0b0",
}
assert set(FACTIONS) <= set(FACTION_COLOURS)

FACTION_LABELS: dict[str, str] = {
    "government": "Government and allies",
    "rebels": "Rebel groups",
    "jihadists": "Jihadist groups",
    "kurdish": "Kurdish forces",
    "turkey": "Turkey and allies",
    "coalition": "International coalition",
    "other": "Other",
    "unknown": "Unknown",
}


@dataclass(frozen=True)
class Category:
    """A family of events drawn as one toggleable layer."""

    key: str
    label: str
    colour: str
    shape: str  # circle | triangle | square | diamond | star | hexagon | pentagon (geo_events.js)
    show: bool


#: Layer order is drawing order: later categories sit on top.
CATEGORIES: tuple[Category, ...] = (
    Category("displacement", "Displacement", "#1f78b4", "pentagon", True),
    Category("civilians", "Violence against civilians", "#6a3d9a", "square", True),
    Category("clash", "Armed clashes and territory changes", "#ff7f00", "diamond", True),
    Category("shelling", "Shelling, artillery and other explosions", "#b15928", "triangle", True),
    Category("air", "Air and drone strikes", "#e31a1c", "star", True),
    Category("other", "Diplomatic and other events", "#4d4d4d", "hexagon", False),
)

#: Symbol radius in pixels: area proportional to fatalities, with a floor and a cap.
RADIUS_MIN = 6.0
RADIUS_PER_SQRT = 1.6
RADIUS_MAX = 60.0


def symbol_radius(fatalities: object) -> float:
    """Radius (px) of an event symbol for a death toll (None or 0 -> the floor)."""
    return float(symbol_radii(pd.Series([fatalities]))[0])


def symbol_radii(fatalities: pd.Series) -> np.ndarray:
    """Vectorised :func:`symbol_radius`."""
    f = pd.to_numeric(fatalities, errors="coerce").fillna(0).clip(lower=0).to_numpy(dtype=float)
    return np.clip(RADIUS_PER_SQRT * np.sqrt(f), RADIUS_MIN, RADIUS_MAX).round(1)


def categorise(event_type: pd.Series, sub_event_type: pd.Series, tags: pd.Series) -> pd.Series:
    """The category key of each event (decided once per distinct type/sub-type/tags)."""
    keys = pd.MultiIndex.from_arrays([c.astype("string").fillna("").astype(str) for c in (event_type, sub_event_type, tags)])
    codes, uniques = pd.factorize(keys)
    u = uniques.to_frame(index=False)
    decided = _categorise_unique(u.iloc[:, 0], u.iloc[:, 1], u.iloc[:, 2]).to_numpy()
    return pd.Series(decided[codes], index=event_type.index)


def _categorise_unique(event_type: pd.Series, sub_event_type: pd.Series, tags: pd.Series) -> pd.Series:
    t = event_type.fillna("").astype(str).str.lower()
    s = sub_event_type.fillna("").astype(str).str.lower()
    g = tags.fillna("").astype(str).str.lower()
    out = np.full(len(t), "other", dtype=object)
    remote = t.str.contains("explosion") | t.str.contains("remote")
    out[remote.to_numpy()] = "shelling"
    out[(remote & (s.str.contains("air") | s.str.contains("drone"))).to_numpy()] = "air"
    out[t.str.startswith("battle").to_numpy()] = "clash"
    out[t.str.contains("violence against civilians").to_numpy()] = "civilians"
    out[g.str.contains("displacement").to_numpy()] = "displacement"
    return pd.Series(out, index=event_type.index)


#: Events closer than this (pixels, at the current zoom) are drawn as one numbered disc.
CLUSTER_RADIUS_PX = 40
#: From this zoom on, events sharing one point are fanned out around it (about 60 m a pixel
#: at Syria's latitude: a fan of 40 px stays within a town); below it they are a disc.
FAN_ZOOM = 11

#: Radius (metres) of the dashed circle drawn around a point when no outline is known.
PRECISION_CIRCLE_M = {2: 8_000, 3: 40_000}
#: Radius (metres) of "near <place>" circles by the place's level.
NEAR_CIRCLE_M = {"neighbourhood": 1_500, "town": 5_000, "city": 12_000}


def legend_sizes() -> list[int]:
    """Fatality counts shown in the size key."""
    return [10, 100, 500]


def svg_symbol(shape: str, colour: str, radius: float, *, fill: str | None = None, opacity: float = 0.8) -> str:
    """A standalone SVG of a symbol, for the legend (mirrors the shapes of geo_events.js)."""
    size = int(math.ceil(radius * 2.7)) + 2
    c = size / 2
    fill = fill or colour
    shapes = {
        "triangle": [(0, -1.25), (1.1, 0.7), (-1.1, 0.7)],
        "square": [(-0.9, -0.9), (0.9, -0.9), (0.9, 0.9), (-0.9, 0.9)],
        "diamond": [(0, -1.25), (1.05, 0), (0, 1.25), (-1.05, 0)],
        "star": [((1.3 if i % 2 == 0 else 0.55) * math.cos(-math.pi / 2 + i * math.pi / 5), (1.3 if i % 2 == 0 else 0.55) * math.sin(-math.pi / 2 + i * math.pi / 5)) for i in range(10)],
        "hexagon": [(1.05 * math.cos(i * math.pi / 3), 1.05 * math.sin(i * math.pi / 3)) for i in range(6)],
        "pentagon": [(1.1 * math.cos(-math.pi / 2 + i * 2 * math.pi / 5), 1.1 * math.sin(-math.pi / 2 + i * 2 * math.pi / 5)) for i in range(5)],
    }
    if shape in shapes:
        pts = " ".join(f"{c + x * radius:.1f},{c + y * radius:.1f}" for x, y in shapes[shape])
        body = f'<polygon points="{pts}" fill="{fill}" fill-opacity="{opacity}" stroke="{colour}" stroke-width="1.2"/>'
    else:
        body = f'<circle cx="{c}" cy="{c}" r="{radius:.1f}" fill="{fill}" fill-opacity="{opacity}" stroke="{colour}" stroke-width="1.2"/>'
    return f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}" aria-hidden="true">{body}</svg>'
