"""Fixtures for the gazetteer tests.

The gazetteer has no default focus country (issue 11): the geoparser infers each document's
countries from its text. These tests look up bare Syrian spellings ("Chaar", "Alep-Ouest") the
way a Syrian dispatch would, so their gazetteer states that focus; ``world`` has none.
"""

from __future__ import annotations

import pytest

from gazetteer import Gazetteer


@pytest.fixture(scope="session")
def gaz(built_db) -> Gazetteer:
    return Gazetteer(built_db, build=False, focus="SY")


@pytest.fixture(scope="session")
def world(built_db) -> Gazetteer:
    return Gazetteer(built_db, build=False)
