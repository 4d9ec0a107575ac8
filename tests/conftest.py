"""Shared fixtures: one gazetteer built from the shipped sources for the whole session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gazetteer import Gazetteer, build

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "geo_events" / "data" / "examples" / "alep-2016-12-07.fr.txt"


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """A database built from the shipped sources into a private directory.

    ``GEO_EVENTS_TEST_DB`` names a database already built from this tree, so
    that a developer's repeated runs skip the build; CI never sets it.
    """
    reuse = os.environ.get("GEO_EVENTS_TEST_DB")
    if reuse and Path(reuse).is_file():
        return Path(reuse)
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.sqlite"
    build(path)
    return path


@pytest.fixture(scope="session")
def gaz(built_db) -> Gazetteer:
    return Gazetteer(built_db, build=False)


@pytest.fixture()
def cli_env(built_db) -> dict[str, str]:
    """Environment for running the real ``geo-events`` command against the session DB."""
    env = dict(os.environ)
    env["GEO_EVENTS_GAZETTEER_DB"] = str(built_db)
    return env
