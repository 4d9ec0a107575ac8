"""Maps: events, control zones and places as one self-contained, layered HTML page (folium),
an embeddable fragment, and a PNG for PDFs.

>>> from geo_events.maps import MapData, build_map, save_map
>>> m = build_map(MapData(events=events_gdf, zones=zones_gdf))   # a folium.Map, shows in notebooks
>>> save_map(m, "maps/aleppo.html")                              # opens offline, zero requests
"""

from ..errors import BrowserError, MapError
from .browser import find_chromium, render_png
from .build import MapData, build_map, embed_html, render_html, save_embed, save_map
from .inputs import from_analysis, load_map_data
from .style import CATEGORIES, FACTION_COLOURS, symbol_radius

__all__ = [
    "BrowserError",
    "CATEGORIES",
    "FACTION_COLOURS",
    "MapData",
    "MapError",
    "build_map",
    "embed_html",
    "find_chromium",
    "from_analysis",
    "load_map_data",
    "render_html",
    "render_png",
    "save_embed",
    "save_map",
    "symbol_radius",
]
