"""Self-contained pages: every script and stylesheet folium links to is inlined.

folium links Leaflet and its plugins from CDNs. The PyPI package ``folium-offline``
(Sandia National Laboratories, MIT) ships the same files, keyed by the URLs folium uses, with
their images already turned into data URIs; we take the content from there at render time,
so a page needs no network and nothing is copied by hand into this repository. A URL that
package does not hold is an error, never a silent external link.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from branca.element import Figure, JavascriptLink, Link
from markupsafe import escape

from ..errors import MapError

#: Pages must never reference anything outside themselves.
_EXTERNAL = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//""", re.IGNORECASE)


@lru_cache(maxsize=1)
def _cdn_table() -> dict[str, str]:
    try:
        from offlinefolium.elements import _res  # URL -> file content
    except ImportError as exc:  # pragma: no cover - a broken install
        raise MapError(f"folium-offline is not installed ({exc}); reinstall geo-events") from None
    return dict(_res)


@lru_cache(maxsize=None)
def static(name: str) -> str:
    """Our own script or stylesheet (geo_events/maps/static/NAME)."""
    return (resources.files("geo_events.maps") / "static" / name).read_text(encoding="utf-8")


def asset(url: str) -> str:
    """The content behind a CDN URL folium links to; :class:`MapError` if it is not available offline."""
    table = _cdn_table()
    code = table.get(url)
    if code is None:
        raise MapError(f"{url}: no offline copy of this asset in folium-offline; the folium version may not match (pin folium 0.20)")
    return code


def safe_inline(code: str, tag: str) -> str:
    """Code that cannot close the element it is inlined in."""
    return re.sub(rf"</({tag})", r"<\\/\1", code, flags=re.IGNORECASE)


class OfflineFigure(Figure):
    """A branca Figure whose rendering inlines every linked script and stylesheet."""

    def __init__(self, *args, title: str | None = None, **kwargs) -> None:
        # branca writes the title unescaped into <title>.
        super().__init__(*args, title=str(escape(title)) if title else None, **kwargs)

    def render(self, **kwargs) -> str:
        for child in self._children.values():
            child.render(**kwargs)
        for name, child in list(self.header._children.items()):
            if isinstance(child, Link):
                tag = "script" if isinstance(child, JavascriptLink) else "style"
                child.code = safe_inline(asset(child.url), tag)
        kwargs = {**kwargs, "embedded": True}
        # Only the header loads things; the body may name online tile URLs that load on demand.
        header = self.header.render(**kwargs)
        found = _EXTERNAL.search(header)
        if found:
            raise MapError(f"the page still loads something from outside itself: {header[found.start():found.start() + 80]!r}")
        return self._template.render(this=self, kwargs=kwargs)


__all__ = ["OfflineFigure", "asset", "static", "safe_inline"]
