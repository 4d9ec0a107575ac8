"""Headless Chromium for maps: PNG rendering, and the page checks tests and benchmarks use.

Driven through Playwright with the system's Chromium (Debian's ``chromium``); nothing is
downloaded. The browser runs with the network off: a map that needed it would show it.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import BrowserError, MapError
from ..io import atomic_write

#: Flags every launch uses (no sandbox: CI runs as root; no background calls home).
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium(explicit: str | None = None) -> str:
    """Path of a Chromium binary: ``explicit``, ``$GEO_EVENTS_CHROMIUM``, or the first on PATH."""
    for candidate in (explicit, os.environ.get("GEO_EVENTS_CHROMIUM")):
        if candidate:
            path = shutil.which(candidate) or (candidate if Path(candidate).is_file() else None)
            if not path:
                raise BrowserError(f"{candidate}: no such browser executable")
            return path
    for name in _CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    raise BrowserError("no Chromium found for PNG rendering: install Debian's chromium (apt install chromium) or set GEO_EVENTS_CHROMIUM to a Chrome/Chromium binary")


@contextmanager
def browser(executable: str | None = None) -> Iterator[object]:
    """A Playwright Chromium browser (closed on exit)."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - a broken install
        raise BrowserError(f"playwright is not installed ({exc}); reinstall geo-events") from None
    path = find_chromium(executable)
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS, headless=True)
        except PlaywrightError as exc:
            raise BrowserError(f"{path}: Chromium would not start ({str(exc).splitlines()[0]})") from None
        try:
            yield b
        finally:
            b.close()


def offline_page(b, *, width: int = 1400, height: int = 900, scale: float = 1.0):
    """A new page with the network cut: returns (page, requests) where requests lists every
    request that was not a ``file:``/``data:``/``about:`` one (all of them are refused)."""
    context = b.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale, offline=True)
    page = context.new_page()
    external: list[str] = []

    def guard(route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "about:", "blob:")):
            route.continue_()
        else:
            external.append(url)
            route.abort()

    page.route("**/*", guard)
    page.on("requestfailed", lambda r: external.append(f"FAILED {r.url}") if not r.url.startswith("data:") else None)
    return page, external


def wait_ready(page, timeout_ms: int = 60_000) -> None:
    """Wait until the map says every layer is on it and no zoom is under way, then for two
    painted frames (``page`` may be a frame)."""
    page.wait_for_function("window.geoEvents && window.geoEvents.ready === true && !window.geoEvents.map._animatingZoom", timeout=timeout_ms)
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def render_png(html_path: Path | str, png_path: Path | str, *, width: int = 1600, height: int = 1000, scale: float = 1.0, executable: str | None = None) -> Path:
    """Screenshot a saved map page into a PNG (atomically), for PDFs and print."""
    html_path = Path(html_path).resolve()
    png_path = Path(png_path)
    if not html_path.is_file():
        raise MapError(f"{html_path}: no such map page")
    with browser(executable) as b:
        page, external = offline_page(b, width=width, height=height, scale=scale)
        page.goto(html_path.as_uri())
        try:
            wait_ready(page)
        except Exception as exc:  # the page's own error is more useful than Playwright's timeout
            raise MapError(f"{html_path}: the map did not finish drawing in the browser ({str(exc).splitlines()[0]})") from None
        # A still image has no use for the layer list, zoom buttons or time slider.
        page.evaluate("document.documentElement.classList.add('ge-print'); document.querySelectorAll('.ge-legend details').forEach(d => { d.open = true; })")
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        image = page.screenshot(type="png", full_page=False)
    with atomic_write(png_path, mode="wb") as fh:
        fh.write(image)
    return png_path
