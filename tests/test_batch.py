"""Batches into a corpus store: bad documents recorded, incremental re-runs, kill -9 and resume,
the same events on a Dask LocalCluster, long documents in pieces, and fault cases."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import geopandas
import pytest

from geo_events.batch import run_batch
from geo_events.documents import make_document, split_text
from geo_events.errors import InputError, OutputError
from geo_events.io import iter_jsonl
from geo_events.store import Store, read_store

from .conftest import EXAMPLE

DATA = Path(__file__).parent / "data"
EVAL = Path(__file__).parent.parent / "eval"
GEO_EVENTS = [sys.executable, "-m", "geo_events"]


def _texts() -> list[tuple[str, str, str]]:
    """(lang, published, text) of real dispatches: the example and the dev sets' passages."""
    out = [("fr", "2016-12-07", EXAMPLE.read_text(encoding="utf-8"))]
    for name in ("dev-fr-dispatches.jsonl", "dev-en-dispatches.jsonl"):
        for line in (EVAL / name).read_text(encoding="utf-8").split("\n"):
            if line.strip():
                r = json.loads(line)
                out.append((r["lang"], r.get("published"), r["text"]))
    return out


def _sentences(text: str) -> list[str]:
    return [s for s in (p.strip() for p in text.replace("\n", " ").split(". ")) if len(s) > 20]


def write_corpus(path: Path, n: int) -> Path:
    """``n`` short documents: three consecutive sentences of a real dispatch, rotated."""
    texts = _texts()
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            lang, published, text = texts[i % len(texts)]
            sents = _sentences(text)
            k = (i // len(texts)) % max(1, len(sents))
            body = ". ".join((sents[k:] + sents[:k])[:3]) + "."
            fh.write(json.dumps({"id": f"d{i:04d}", "lang": lang, "published": published, "text": body}, ensure_ascii=False) + "\n")
    return path


def _rows(store: Path, layer: str) -> list[tuple[str, str]]:
    con = sqlite3.connect(store)
    try:
        return sorted(con.execute(f"SELECT doc_key, record FROM {layer}"))
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "corpus.jsonl", 200)


@pytest.fixture(scope="module")
def single_store(corpus, built_db, tmp_path_factory) -> Path:
    """The corpus processed in this process, one document after another."""
    store = tmp_path_factory.mktemp("single") / "single.gpkg"
    report = run_batch([corpus], store, workers=1, gazetteer_path=built_db)
    assert (report.processed, report.failed) == (200, 0)
    return store


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_events(corpus, single_store, built_db, tmp_path):
    store = tmp_path / "dask.gpkg"
    report = run_batch([corpus], store, workers=2, scheduler="local", gazetteer_path=built_db)
    assert (report.processed, report.failed) == (200, 0)
    events = _rows(store, "events")
    assert len(events) > 100
    assert events == _rows(single_store, "events")
    assert _rows(store, "mentions") == _rows(single_store, "mentions")
    assert _rows(store, "control_claims") == _rows(single_store, "control_claims")


@pytest.mark.slow
def test_rerun_processes_only_new_or_changed_documents(built_db, tmp_path):
    corpus = write_corpus(tmp_path / "small.jsonl", 10)
    store = tmp_path / "s.gpkg"
    assert run_batch([corpus], store, workers=1, gazetteer_path=built_db).processed == 10
    again = run_batch([corpus], store, workers=1, gazetteer_path=built_db)
    assert (again.processed, again.skipped) == (0, 10)
    lines = corpus.read_text(encoding="utf-8").split("\n")
    changed = json.loads(lines[5])
    changed["text"] = "Des frappes aériennes ont touché Idleb le 3 mars 2017, tuant 12 civils."
    lines[5] = json.dumps(changed, ensure_ascii=False)
    lines.insert(0, json.dumps({"id": "new", "lang": "en", "published": "2017-03-04", "text": "Clashes erupted in Daraa on Saturday."}))
    corpus.write_text("\n".join(lines), encoding="utf-8")
    third = run_batch([corpus], store, workers=1, gazetteer_path=built_db)
    assert (third.processed, third.skipped) == (2, 9)  # ids key the lines, so the insertion moves nothing
    with Store(store) as s:
        docs = s.documents()
    assert len(docs) == 11 and docs["doc_key"].is_unique
    assert {e["place"]["$place"] for _, r in _rows(store, "events") for e in [json.loads(r)] if e["source"] == changed["id"]}


@pytest.mark.slow
def test_kill_9_midway_then_resume_loses_and_duplicates_nothing(corpus, single_store, cli_env, tmp_path):
    store = tmp_path / "killed.gpkg"
    proc = subprocess.Popen([*GEO_EVENTS, "batch", str(corpus), "-o", str(store), "--workers", "1", "--no-progress"], env=cli_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    committed = 0
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if store.exists():
            try:
                con = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=5)
                committed = con.execute("SELECT count(*) FROM documents").fetchone()[0]
                con.close()
            except sqlite3.OperationalError:
                pass  # the store is being created
        if committed >= 40:
            break
        time.sleep(0.2)
    assert proc.poll() is None, "the batch ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()
    with Store(store) as s:
        before = len(s.documents())
    assert 40 <= before < 200

    rerun = subprocess.run([*GEO_EVENTS, "batch", str(corpus), "-o", str(store), "--workers", "1", "--no-progress"], env=cli_env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{200 - before} documents processed, {before} unchanged (skipped), 0 failed" in rerun.stdout
    assert "Traceback" not in rerun.stderr
    for layer in ("events", "mentions", "control_claims"):
        assert _rows(store, layer) == _rows(single_store, layer), layer
    with Store(store) as s:
        docs = s.documents()
    assert len(docs) == 200 and docs["doc_key"].is_unique and set(docs["status"]) == {"ok"}
    assert not list(tmp_path.glob("*-journal"))


@pytest.mark.slow
def test_bad_documents_are_recorded_and_the_batch_goes_on(cli_env, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "alep-2016-12-07.fr.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "latin1.txt").write_bytes("Des combats ont éclaté à Alep, selon l'OSDH.".encode("latin-1"))
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    with (folder / "huge.txt").open("w", encoding="utf-8") as fh:  # 50 MB: refused before parsing
        line = "Les forces gouvernementales ont repris le quartier de Chaar à Alep.\n"
        fh.write(line * (50_000_000 // len(line) + 1))
    lines = [json.dumps({"id": "ok1", "lang": "en", "published": "2017-03-03", "text": "Air strikes hit Idlib on Friday, killing 12 civilians, the Syrian Observatory said."})]
    lines.append('{"id": "broken", "text": "unterminated')
    lines.append(json.dumps({"id": "sep", "lang": "fr", "published": "2016-12-07", "text": "Des obus sont tombés sur Alep\u2028 mercredi, tuant 5 civils."}, ensure_ascii=False))
    lines.append(json.dumps({"id": "notext", "title": "no text"}))
    lines.append(json.dumps({"id": "big", "lang": "en", "text": "x " * 9_000_000}))
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = tmp_path / "store.gpkg"

    result = subprocess.run([*GEO_EVENTS, "batch", str(folder), "-o", str(store), "--no-progress", "--workers", "1"], env=cli_env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    docs = geopandas.read_file(store, layer="documents").set_index("source")
    ok = docs[docs["status"] == "ok"]
    assert len(ok) == 3 and set(ok["doc_id"]) == {"alep-2016-12-07", "ok1", "sep"}
    reasons = docs.loc[docs["status"] == "failed", "error"].to_dict()
    assert len(reasons) == 7
    by_name = {Path(k).name: v for k, v in reasons.items()}
    assert "not UTF-8" in by_name["latin1.txt"]
    assert "empty" in by_name["empty.txt"]
    assert "binary" in by_name["binary.txt"]
    assert "too long" in by_name["huge.txt"]
    assert "not valid JSON" in by_name["wire.jsonl:2"]
    assert "non-empty 'text'" in by_name["wire.jsonl:4"]
    assert "too long" in by_name["wire.jsonl:5"]
    # The summary names every failure with its reason, one line each.
    for name in by_name:
        assert name in result.stderr
    # Events of the good ones are stored, including the line with U+2028 inside its text.
    events = geopandas.read_file(store, layer="events")
    assert set(events["source"]) >= {"alep-2016-12-07", "sep"}

    # Nothing succeeded -> non-zero; --strict with failures -> non-zero.
    bad_only = subprocess.run([*GEO_EVENTS, "batch", str(folder / "empty.txt"), "-o", str(tmp_path / "b.gpkg"), "--no-progress", "-w", "1"], env=cli_env, capture_output=True, text=True)
    assert bad_only.returncode == 1 and "empty.txt: is empty" in bad_only.stderr and "Traceback" not in bad_only.stderr
    strict = subprocess.run([*GEO_EVENTS, "batch", str(folder), "-o", str(store), "--no-progress", "-w", "1", "--strict"], env=cli_env, capture_output=True, text=True)
    assert strict.returncode == 1 and "0 documents processed" in strict.stdout


@pytest.mark.slow
def test_store_is_read_back_merged_filtered_and_dated(gaz, built_db, tmp_path):
    # Two dispatches reporting the same events: merged across documents when read back.
    text = EXAMPLE.read_text(encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    rows = [
        {"id": "a", "lang": "fr", "published": "2016-12-07", "text": text},
        {"id": "b", "lang": "fr", "published": "2016-12-07", "text": text},
        # No publication date and no date in the text: kept, with a warning.
        {"id": "undated", "lang": "en", "text": "Government forces shelled Douma, killing four civilians, activists said."},
    ]
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    store = tmp_path / "s.gpkg"
    report = run_batch([corpus], store, workers=1, gazetteer_path=built_db)
    assert report.processed == 3 and report.warnings == 1
    docs = Store(store).documents().set_index("doc_id")
    assert "undated" in docs.loc["undated", "warnings"] and docs.loc["undated", "status"] == "ok"

    result = read_store(store, gaz)
    single = [e for e in result.raw_events if e.sources == ("a",)]
    assert len(result.raw_events) == 2 * len(single) + len([e for e in result.raw_events if e.sources == ("undated",)])
    merged_ab = [e for e in result.events if set(e.sources) == {"a", "b"}]
    assert merged_ab and len(merged_ab) == len([e for e in result.events if "a" in e.sources])

    import datetime as dt

    late = read_store(store, gaz, date_from=dt.date(2017, 1, 1))
    assert late.events == []
    box = read_store(store, gaz, bbox=(36.0, 35.0, 38.0, 37.0))  # around Aleppo
    assert box.events and all(36.0 <= e.place.lon <= 38.0 and 35.0 <= e.place.lat <= 37.0 for e in box.events)


@pytest.mark.slow
def test_long_document_in_pieces_matches_its_paragraphs_one_by_one(gaz, monkeypatch):
    import geo_events.nlp as nlp_module
    from dataclasses import replace

    from geo_events.places import analyse_documents

    french = [t for lang, _, t in _texts() if lang == "fr"][:6]
    paragraphs = [line.strip() for t in french for line in t.split("\n") if line.strip()]
    long_text = "\n\n".join(paragraphs) + "\n"
    starts = [long_text.index(p) for p in paragraphs]
    # Pieces just big enough for the longest paragraph: each paragraph is parsed on its own.
    limit = max(len(p) for p in paragraphs) + 2
    monkeypatch.setattr(nlp_module, "SETTINGS", replace(nlp_module.SETTINGS, piece_chars=limit))
    assert len(long_text) > 2 * limit and len(paragraphs) > 6 and len(split_text(long_text, limit)) == len(paragraphs)

    long_doc = make_document(long_text, doc_id="long", lang="fr", published="2016-12-07")
    (_, parsed, mentions), = list(analyse_documents([long_doc], gaz))
    assert parsed.text == long_text
    assert all(long_text[m.start : m.end] == m.surface for m in mentions)
    for paragraph, offset in zip(paragraphs, starts):
        alone = make_document(paragraph, doc_id="p", lang="fr", published="2016-12-07")
        (_, p_parsed, p_mentions), = list(analyse_documents([alone], gaz))
        end = offset + len(paragraph)
        ents_long = [(e.start_char - offset, e.end_char - offset, e.label_) for e in parsed.ents if offset <= e.start_char < end]
        assert ents_long == [(e.start_char, e.end_char, e.label_) for e in p_parsed.ents]
        # A paragraph's last sentence carries the blank line after it in the long document.
        sents_long = [(s.start_char - offset, min(s.end_char, end) - offset) for s in parsed.sents if offset <= s.start_char < end]
        assert sents_long == [(s.start_char, s.end_char) for s in p_parsed.sents]
        spans_long = [(m.start - offset, m.end - offset, m.surface) for m in mentions if offset <= m.start < end]
        assert spans_long == [(m.start, m.end, m.surface) for m in p_mentions]


def test_split_text_keeps_every_character_and_cuts_at_paragraphs():
    text = "Premier paragraphe. Deux phrases.\n\nSecond, bien plus long. " + "Une phrase de plus. " * 30 + "\nFin"
    pieces = split_text(text, 120)
    assert "".join(text[s:e] for s, e in pieces) == text
    assert all(e - s <= 120 for s, e in pieces)
    assert text[: pieces[0][1]] == "Premier paragraphe. Deux phrases.\n\n"
    assert all(text[e - 1] in " \n" or e == len(text) for _, e in pieces)


def test_jsonl_lines_end_at_newline_only_and_bad_lines_are_named(tmp_path):
    path = tmp_path / "c.jsonl"
    good = json.dumps({"text": "Alep\u2028Damas\u0085Homs"}, ensure_ascii=False)
    path.write_text(good + "\n\n" + good + "\n{oops\n", encoding="utf-8")
    seen = []
    with pytest.raises(InputError) as err:
        for where, record in iter_jsonl(path):
            seen.append((where, record["text"]))
    assert seen == [(f"{path}:1", "Alep\u2028Damas\u0085Homs"), (f"{path}:3", "Alep\u2028Damas\u0085Homs")]
    assert str(err.value).startswith(f"{path}:4: not valid JSON")


def test_unwritable_geopackage_is_one_line_error_and_leaves_nothing(tmp_path):
    from geo_events.export import write_events
    from geo_events.analysis import events_to_geodataframe

    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(OutputError) as err:
        write_events(events_to_geodataframe([]), blocker / "out.gpkg")
    assert "cannot write here" in str(err.value) and "\n" not in str(err.value)


def test_stale_temporaries_of_dead_writers_are_cleaned(tmp_path):
    from geo_events.export import write_events
    from geo_events.analysis import events_to_geodataframe

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f".out.gpkg.{dead}-abc.gpkg"
    stale.write_bytes(b"\0" * 4096)
    live = tmp_path / f".out.gpkg.{os.getppid()}-def.gpkg"
    live.write_bytes(b"\0")
    write_events(events_to_geodataframe([]), tmp_path / "out.gpkg")
    assert not stale.exists() and live.exists() and (tmp_path / "out.gpkg").exists()


def test_damaged_gazetteer_is_named_in_one_line(built_db, tmp_path):
    from gazetteer import Gazetteer, StoreError

    damaged = tmp_path / "damaged.sqlite"
    data = bytearray(built_db.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 300_000] = os.urandom(300_000)  # same size, damaged pages
    damaged.write_bytes(bytes(data))
    with pytest.raises(StoreError) as err:
        Gazetteer(damaged, build=False)
    assert "damaged" in str(err.value) and "\n" not in str(err.value)


def test_damaged_store_is_one_line_error(tmp_path):
    store = tmp_path / "s.gpkg"
    store.write_bytes(b"not a database at all" * 100)
    from geo_events.errors import StoreError

    with pytest.raises(StoreError) as err:
        Store(store)
    assert "not a readable geo-events store" in str(err.value)
