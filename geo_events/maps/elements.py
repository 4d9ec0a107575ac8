"""The pieces of a geo-events map as folium/branca elements, one template each.

Data reach the page as JSON through :func:`geo_events.maps.encode.script_json`; every string
written as HTML here goes through :func:`markupsafe.escape`; the page's script
(``static/geo_events.js``) builds popups from data with ``textContent`` only.
"""

from __future__ import annotations

import datetime as dt

import folium
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template
from markupsafe import Markup

from .assets import safe_inline, static
from .encode import script_json
from .style import CLUSTER_RADIUS_PX, FAN_ZOOM, FACTION_COLOURS, FACTION_LABELS, Category, legend_sizes, svg_symbol, symbol_radius

#: Panes, bottom to top (Leaflet's own: tiles 200, overlays 400, markers 600, popups 700).
PANES = {
    "ge-base": 250,
    "ge-base-labels": 390,
    "ge-zones-low": 405,
    "ge-zones": 410,
    "ge-zones-contested": 415,
    "ge-areas": 420,
    "ge-events": 450,
    "ge-clusters": 455,
    "ge-places": 460,
}
#: Above this many events, symbols are painted on a canvas instead of one SVG path each.
CANVAS_THRESHOLD = 3000


class OfflineMap(folium.Map):
    """A folium Map that loads Leaflet only (no jQuery, Bootstrap or icon fonts: we draw our symbols)."""

    default_js = [("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")]
    default_css = [("leaflet_css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css")]


def _verbatim(tag: str, content: str, **attributes: str) -> Element:
    """An element holding ``content`` as a template *variable*.

    branca compiles the output of a macro as a new Jinja template: content put there is
    parsed (slow for megabytes) and any ``{{ }}`` in it would run. As a variable it is written
    as it is.
    """
    element = Element("<{{ this.tag }}{{ this.attributes }}>{{ this.content }}</{{ this.tag }}>")
    element.tag = tag
    element.attributes = Markup("".join(Markup(' {}="{}"').format(k.replace("_", "-"), v) for k, v in attributes.items()))
    element.content = Markup(content)
    return element


class Runtime(JSCSSMixin, MacroElement):
    """Our script and stylesheet, plus Leaflet.pattern for hatched contested zones."""

    default_js = [("leaflet.pattern", "https://teastman.github.io/Leaflet.pattern/leaflet.pattern.js")]

    def __init__(self) -> None:
        super().__init__()
        self._name = "GeoEventsRuntime"

    def render(self, **kwargs) -> None:
        header = self.get_root().header
        header.add_child(_verbatim("style", safe_inline(static("geo_events.css"), "style")), name="geo_events_css")
        header.add_child(_verbatim("script", safe_inline(static("geo_events.js"), "script")), name="geo_events_js")
        super().render(**kwargs)


class _DataLayer(MacroElement):
    """A child of a FeatureGroup that fills it from JSON data with a geo_events.js function."""

    # The data sit in a JSON block (JSON.parse is much faster than a JS literal of megabytes),
    # written verbatim (see _verbatim); script_json escapes "<", so nothing in them closes it.
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        geoEvents.{{ this.function }}({{ this.map.get_name() }}, {{ this._parent.get_name() }}, geoEvents.data("{{ this.get_name() }}-data"), {{ this.options }});
        {% endmacro %}
        """
    )

    def __init__(self, function: str, m: folium.Map, data: object, options: dict, key: str = "") -> None:
        super().__init__()
        self.key = key
        self._name = f"GeoEvents{function}"
        self.function = function
        self.map = m  # named at render time: ids are settled only then (see build.stable_ids)
        self.data = Markup(script_json(data))
        self.options = Markup(script_json(options))

    def render(self, **kwargs) -> None:
        block_id = f"{self.get_name()}-data"
        kind = self.function + (f":{self.key}" if self.key else "")
        block = _verbatim("script", self.data, type="application/json", id=block_id, data_layer=kind)
        self.get_root().html.add_child(block, name=block_id)
        super().render(**kwargs)


def event_layer(m: folium.Map, category: Category, data: dict, *, canvas: bool, count: int) -> folium.FeatureGroup:
    """One category of events as a toggleable layer."""
    group = folium.FeatureGroup(name=f"{category.label} ({count:,})", show=category.show)
    opts = {"key": category.key, "label": category.label, "color": category.colour, "shape": category.shape, "canvas": canvas, "pane": "ge-events", "areaPane": "ge-areas"}
    group.add_child(_DataLayer("eventLayer", m, data, opts, key=category.key))
    return group


def zone_layer(m: folium.Map, name: str, collection: dict, pane: str, key: str, *, labels: dict[str, str] | None = None) -> folium.FeatureGroup:
    """Zones of one faction (or the contested, or the vague ones) as a toggleable layer;
    ``labels`` (faction -> name) asks for a text label on each zone (vague claims)."""
    group = folium.FeatureGroup(name=name, show=True)
    opts = {"pane": pane, "colors": FACTION_COLOURS, "key": key}
    if labels:
        opts["labels"] = labels
    group.add_child(_DataLayer("zoneLayer", m, collection, opts, key=key))
    return group


def places_layer(m: folium.Map, collection: dict) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=f"Places mentioned ({len(collection['features']):,})", show=False)
    group.add_child(_DataLayer("placesLayer", m, collection, {"pane": "ge-places"}))
    return group


def base_layer(m: folium.Map, data: dict, attribution: str) -> folium.FeatureGroup:
    """The offline vector base map (a base layer; online tiles are the alternatives)."""
    group = folium.FeatureGroup(name="Offline base map (Natural Earth, OCHA, CSR)", overlay=False, show=True)
    opts = {"pane": "ge-base", "labelPane": "ge-base-labels", "hoodZoom": 11, "labelZoom": 7, "attribution": attribution}
    group.add_child(_DataLayer("baseMap", m, data, opts))
    return group


class TimeSlider(MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        geoEvents.timeSlider({{ this._parent.get_name() }}, {{ this.options }});
        {% endmacro %}
        """
    )

    def __init__(self, start: dt.date, end: dt.date, *, zones: bool = False) -> None:
        super().__init__()
        self._name = "GeoEventsTimeSlider"
        epoch = dt.date(1970, 1, 1)
        self.options = Markup(script_json({"start": (start - epoch).days, "end": (end - epoch).days, "zones": zones}))


class InitialView(MacroElement):
    """The first view, set without animation before any layer is drawn.

    folium's ``fit_bounds`` animates from the map's starting view: a screenshot or a test taken
    during the animation sees renderers still scaled for the old zoom, which leaves an unpainted
    band. Fitting before the layers also spares re-projecting them.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        geoEvents.fitInitial({{ this._parent.get_name() }}, {{ this.bounds }}, {{ this.options }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], padding: tuple[tuple[int, int], tuple[int, int]]) -> None:
        super().__init__()
        self._name = "GeoEventsInitialView"
        self.bounds = Markup(script_json(bounds))
        self.options = Markup(script_json({"paddingTopLeft": padding[0], "paddingBottomRight": padding[1], "animate": False}))


class Ready(MacroElement):
    """Added last: tells scripts and tests that every layer is on the map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        geoEvents.markReady({{ this._parent.get_name() }}, {{ this.options }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], padding: tuple[tuple[int, int], tuple[int, int]]) -> None:
        super().__init__()
        self._name = "GeoEventsReady"
        self.options = Markup(script_json({"cluster": {"radius": CLUSTER_RADIUS_PX, "fanZoom": FAN_ZOOM}, "bounds": bounds, "padding": padding}))


class HtmlControl(MacroElement):
    """A Leaflet control holding static HTML built (and escaped) in Python."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var C = L.Control.extend({
                options: { position: {{ this.position }} },
                onAdd: function () {
                    var box = L.DomUtil.create("div", {{ this.css_class }});
                    box.innerHTML = {{ this.html }};
                    L.DomEvent.disableClickPropagation(box);
                    L.DomEvent.disableScrollPropagation(box);
                    return box;
                }
            });
            new C().addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: Markup, position: str, css_class: str) -> None:
        super().__init__()
        self._name = "GeoEventsControl"
        self.html = Markup(script_json(str(html)))
        self.position = Markup(script_json(position))
        self.css_class = Markup(script_json(css_class))


def title_html(title: str, lines: list[str]) -> Markup:
    """Title box: the title and a few lines (dates, counts), all escaped."""
    parts = [Markup("<h1>{}</h1>").format(title)]
    parts += [Markup("<p>{}</p>").format(line) for line in lines]
    return Markup("").join(parts)


def legend_html(factions: list[str], statuses: set[str], categories: list[Category], sources: str) -> Markup:
    """What every colour and symbol of this map means (only what the map shows)."""
    out = [Markup('<details open><summary>Legend</summary>')]
    if factions or statuses:
        out.append(Markup("<h2>Control zones</h2><ul>"))
        for f in factions:
            c = FACTION_COLOURS.get(f, FACTION_COLOURS["other"])
            out.append(Markup('<li><svg width="18" height="12"><rect width="18" height="12" fill="{c}" fill-opacity="0.45" stroke="{c}"/></svg>{label}</li>').format(c=c, label=FACTION_LABELS.get(f, f)))
        if "contested" in statuses:
            out.append(
                Markup(
                    '<li><svg width="18" height="12"><defs><pattern id="ge-legend-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
                    '<rect width="3" height="6" fill="#777"/><rect x="3" width="3" height="6" fill="#ddd"/></pattern></defs>'
                    '<rect width="18" height="12" fill="url(#ge-legend-hatch)" stroke="#555" stroke-width="2"/></svg>Contested: stripes in both sides\' colours</li>'
                )
            )
        if "shrinking" in statuses:
            out.append(Markup('<li><svg width="18" height="12"><rect width="18" height="12" fill="#999" fill-opacity="0.4" stroke="#555" stroke-width="2" stroke-dasharray="5 2"/></svg>Shrinking: held, but losing ground</li>'))
        if "vague" in statuses or "low-precision" in statuses:
            out.append(
                Markup(
                    '<li><svg width="18" height="12"><rect x="1" y="1" width="16" height="10" fill="none" stroke="#555" stroke-width="1.6" stroke-dasharray="1.5 3"/></svg>'
                    "Vague claim (\u201cnear X\u201d, \u201cthe south\u201d): dotted outline with what the dispatch said, unfilled; "
                    "not held ground. Layer on by default; not counted in the initial view</li>"
                )
            )
        out.append(Markup("</ul>"))
    if categories:
        out.append(Markup("<h2>Events</h2><ul>"))
        for c in categories:
            out.append(Markup("<li>{svg}{label}</li>").format(svg=Markup(svg_symbol(c.shape, c.colour, 6)), label=c.label))
        out.append(Markup('</ul><h2>Fatalities (symbol area)</h2><ul class="ge-sizes">'))
        for n in legend_sizes():
            r = symbol_radius(n)
            out.append(Markup("<li>{svg}{n}</li>").format(svg=Markup(svg_symbol("circle", "#555", r, fill="#bbb", opacity=0.6)), n=f"{n:,}"))
        out.append(Markup("</ul><p>None reported: the smallest symbol.</p>"))
        out.append(Markup("<h2>Location precision</h2><ul>"))
        out.append(Markup("<li>{}exact place</li>").format(Markup(svg_symbol("circle", "#555", 6))))
        out.append(Markup("<li>{}near or part of a place (dashed circle or outline)</li>").format(Markup(svg_symbol("circle", "#555", 6, opacity=0.4))))
        out.append(Markup("<li>{}region only (hollow; dashed region outline)</li>").format(Markup(svg_symbol("circle", "#555", 6, fill="#fff", opacity=0.8))))
        out.append(Markup('<li><span class="ge-cluster ge-cluster-key">5</span>events close together at this zoom: their count, in the colour of the most common type; zoom in or click to spread them</li>'))
        out.append(Markup("<li>events at one place are fanned out when zoomed in, with a line to the place</li></ul>"))
    out.append(Markup('<div class="ge-sources">{}</div></details>').format(sources))
    return Markup("").join(out)


__all__ = [
    "CANVAS_THRESHOLD",
    "PANES",
    "HtmlControl",
    "InitialView",
    "OfflineMap",
    "Ready",
    "Runtime",
    "TimeSlider",
    "base_layer",
    "event_layer",
    "legend_html",
    "places_layer",
    "title_html",
    "zone_layer",
]
