"""Building the database: deterministic, atomic, clear about bad sources, data-driven regions."""

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from gazetteer import Gazetteer, SourceError, build
from gazetteer.sources import DEFAULT_SOURCE_DIR

pytestmark = pytest.mark.slow


def _content_digest(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        digest = hashlib.sha256()
        for line in con.iterdump():
            digest.update(line.encode())
        return digest.hexdigest()
    finally:
        con.close()


@pytest.fixture()
def sources(tmp_path) -> Path:
    """A private, writable copy of the shipped sources to break or extend.

    Its world layer is cut to two countries so that each build here takes seconds (the full
    world is built once per session, in ``built_db``).
    """
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_SOURCE_DIR, target)
    world = target / "overlay" / "world.yaml"
    world.write_text(world.read_text(encoding="utf-8").replace("min_population: 1000", "min_population: 1000\ncountries: [SY, CH]"), encoding="utf-8")
    return target


def test_build_is_deterministic(sources, tmp_path):
    first, again = tmp_path / "first.sqlite", tmp_path / "again.sqlite"
    build(first, sources)
    build(again, sources)
    assert _content_digest(again) == _content_digest(first)
    assert again.read_bytes() == first.read_bytes()


def test_world_layer_limited_to_the_configured_countries(sources, tmp_path):
    gaz = Gazetteer(tmp_path / "small.sqlite", source_dir=sources)
    assert {p.country for p in gaz.places(level="governorate")} == {"SY", "CH"}
    assert gaz.lookup("Genève", level="governorate")[0].place.country == "CH"
    assert gaz.lookup("Middle East")[0].place.level.value == "region"


def test_corrupt_source_names_the_file_and_keeps_the_old_database(built_db, sources, tmp_path):
    db = tmp_path / "g.sqlite"
    shutil.copy(built_db, db)
    before = db.read_bytes()
    broken = sources / "sources" / "ocha_cod_ab_syria" / "syr_admin1.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(SourceError) as info:
        build(db, sources)
    assert "syr_admin1.geojson" in str(info.value) and "JSON" in str(info.value)
    assert db.read_bytes() == before
    assert not list(tmp_path.glob("g.sqlite.tmp-*"))


def test_missing_source_names_the_file(sources, tmp_path):
    (sources / "sources" / "geonames" / "world_cities15000.tsv").unlink()
    with pytest.raises(SourceError, match="world_cities15000.tsv: source file is missing"):
        build(tmp_path / "g.sqlite", sources)
    assert not (tmp_path / "g.sqlite").exists()


def test_tsv_with_missing_columns(sources, tmp_path):
    path = sources / "sources" / "geonames" / "countries.tsv"
    path.write_text("iso\tname\nSY\tSyria\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"countries.tsv: missing columns"):
        build(tmp_path / "g.sqlite", sources)


def test_region_with_unknown_member_names_the_overlay_file(sources, tmp_path):
    path = sources / "overlay" / "regions.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("{name: Hanano, level: neighbourhood}", "{name: Nowhereville, level: neighbourhood}"), encoding="utf-8")
    with pytest.raises(SourceError, match=r"regions.yaml: region 'east-aleppo' member: no place matches 'Nowhereville'"):
        build(tmp_path / "g.sqlite", sources)


def test_a_user_adds_a_region_by_editing_the_overlay(built_db, sources, tmp_path):
    db = tmp_path / "g.sqlite"
    shutil.copy(built_db, db)
    path = sources / "overlay" / "regions.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + """
  - id: old-homs
    name: Old Homs
    names: {fr: [Vieux Homs, vieille ville de Homs]}
    parent: {name: Homs, level: city, country: SY}
    members:
      - {name: Bab Hood, level: neighbourhood}
      - {name: Bab Al-Dreib, level: neighbourhood}
    citation: test entry
""",
        encoding="utf-8",
    )
    # Opening notices the overlay changed and rebuilds before answering.
    gaz = Gazetteer(db, source_dir=sources)
    region = gaz.lookup("vieux Homs")[0].place
    assert region.place_id == "region:old-homs" and region.has_polygon
    assert len(gaz.members(region.place_id)) == 2
    assert gaz.get(region.parent_id).name == "Homs"


def test_unchanged_sources_do_not_rebuild(built_db, tmp_path):
    db = tmp_path / "g.sqlite"
    shutil.copy(built_db, db)
    mtime = db.stat().st_mtime_ns
    Gazetteer(db)
    assert db.stat().st_mtime_ns == mtime


def test_corrupt_database_file_is_rebuilt(sources, tmp_path):
    db = tmp_path / "g.sqlite"
    db.write_bytes(b"this is not sqlite" * 100)
    gaz = Gazetteer(db, source_dir=sources)
    assert gaz.lookup("Alep")[0].place.name == "Aleppo"
