"""Fixtures for maps: the seed article analysed once, its map written once, one Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from geo_events.analysis import analyse
from geo_events.documents import read_documents
from geo_events.maps import build_map, from_analysis, save_map
from geo_events.maps.browser import browser, offline_page, wait_ready

from ..conftest import EXAMPLE, ROOT

DATA = ROOT / "tests" / "data"
HOSTILE = DATA / "hostile-2016-12-07.fr.txt"
_BLOCK = re.compile(r'<script type="application/json" id="[^"]+" data-layer="([^"]+)">(.*?)</script>', re.S)


def data_blocks(html: str) -> dict[str, list]:
    """The JSON data blocks of a map page, by layer kind ("eventLayer:air", "zoneLayer:rebels"...)."""
    out: dict[str, list] = {}
    for kind, payload in _BLOCK.findall(html):
        out.setdefault(kind, []).append(json.loads(payload))
    return out


@pytest.fixture(scope="session")
def seed_analysis(gaz):
    return analyse(list(read_documents([EXAMPLE])), gaz)


@pytest.fixture(scope="session")
def seed_map(seed_analysis, gaz):
    return build_map(from_analysis(seed_analysis, gaz, inputs=[EXAMPLE.name]), gaz)


@pytest.fixture(scope="session")
def seed_page(seed_map, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("maps") / "seed.html"
    save_map(seed_map, path)
    return path


@pytest.fixture(scope="session")
def seed_html(seed_page) -> str:
    return seed_page.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def chromium():
    """One real headless Chromium (Debian's) for the session; a missing browser is an error."""
    with browser() as b:
        yield b


@pytest.fixture()
def open_page(chromium):
    """Open a file in an offline page; returns (page, external_requests, console_errors)."""
    pages = []

    def _open(path: Path, *, width: int = 1400, height: int = 900, ready: bool = True):
        page, external = offline_page(chromium, width=width, height=height)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(path.resolve().as_uri())
        if ready:
            wait_ready(page)
        pages.append(page)
        return page, external, errors

    yield _open
    for page in pages:
        page.context.close()
