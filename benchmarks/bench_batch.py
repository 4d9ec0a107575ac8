"""Batch benchmark: documents/s on 1 and 2 local workers and on a Dask LocalCluster, beside raw
spaCy ``nlp.pipe`` on the same texts; cost and peak memory against document length, beside raw
spaCy on the same text; store size; re-run over an unchanged corpus; reading and mapping 100k
stored events.

Every figure is printed beside a baseline measured in the same run. Texts are real dispatches
(the shipped example and the dev passages in tests/data), cut and rotated into documents.
Run:  python benchmarks/bench_batch.py [--quick] [--docs N] [--long]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "geo_events" / "data" / "examples" / "alep-2016-12-07.fr.txt"
sys.path.insert(0, str(ROOT))
from tests.test_batch import _sentences, _texts  # noqa: E402


# The same real-dispatch corpus as the batch tests (the example and the dev sets' passages).
texts, sentences = _texts, _sentences


def write_corpus(path: Path, n: int, per_doc: int = 6) -> list[tuple[str, str]]:
    """``n`` documents of ``per_doc`` consecutive sentences of a real dispatch, rotated."""
    src = texts()
    out = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            lang, published, text = src[i % len(src)]
            sents = sentences(text)
            k = (i // len(src)) % max(1, len(sents))
            body = ". ".join((sents[k:] + sents[:k])[:per_doc]) + "."
            fh.write(json.dumps({"id": f"d{i:05d}", "lang": lang, "published": published, "text": body}, ensure_ascii=False) + "\n")
            out.append((lang, body))
    return out


def french_text(words: int) -> str:
    """About ``words`` words of French dispatches, paragraphs separated by blank lines."""
    paragraphs = [t.strip() for lang, _, t in texts() if lang == "fr"]
    out, count, i = [], 0, 0
    while count < words:
        p = paragraphs[i % len(paragraphs)]
        out.append(p)
        count += len(p.split())
        i += 1
    return "\n\n".join(out) + "\n"


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def reset_peak() -> None:
    """Reset the kernel's peak-RSS mark (VmHWM), so the peak read after is the work's own."""
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


def peak_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6  # kB, to the MB of rss_mb
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


# -- child processes: one measurement each, so peak memory is that of the measured work ----
def child_length(words: int, mode: str, chars: int | None) -> None:
    from gazetteer import Gazetteer

    from geo_events.claims import extract_document_claims
    from geo_events.documents import make_document
    from geo_events.events import extract_document_events
    from geo_events.nlp import pipeline
    from geo_events.places import analyse_documents

    text = french_text(max(words, (chars or 0) // 5))
    if chars:
        text = (text * (chars // len(text) + 1))[:chars]
        text = text[: text.rfind("\n") + 1]
    nlp = pipeline("fr")
    gaz = Gazetteer(build=False)
    # Warm up like a long-running worker: models, fuzzy index, date parser, lexicons.
    warm = make_document(french_text(300), doc_id="warm", lang="fr", published="2016-12-07")
    for d, parsed, mentions in analyse_documents([warm], gaz):
        extract_document_events(d, parsed, mentions, gaz)
        extract_document_claims(d, parsed, mentions, gaz)
    base = rss_mb()
    reset_peak()
    start = time.perf_counter()
    n_events = n_mentions = 0
    if mode == "spacy":
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        doc = nlp(text)
        n_mentions = len(doc.ents)
    else:
        document = make_document(text, doc_id="long", lang="fr", published="2016-12-07")
        for d, parsed, mentions in analyse_documents([document], gaz):
            n_mentions = len(mentions)
            n_events = len(extract_document_events(d, parsed, mentions, gaz))
            extract_document_claims(d, parsed, mentions, gaz)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb() - base, "base_mb": base, "chars": len(text), "words": len(text.split()), "mentions": n_mentions, "events": n_events}))


def child_batch(corpus: str, store: str, workers: int, scheduler: str | None) -> None:
    """One batch from a cold process: start-up (pool, models, gazetteer per worker) and the
    steady rate after the first results are reported apart."""
    from geo_events.batch import run_batch

    start = time.perf_counter()
    marks: list[tuple[float, int]] = []

    def progress(report, results) -> None:
        marks.append((time.perf_counter() - start, report.processed + report.failed))

    report = run_batch([corpus], store, workers=workers, scheduler=scheduler, on_progress=progress)
    total = time.perf_counter() - start
    # Steady state: from the moment every worker has delivered once to the end.
    if not marks:
        marks = [(total, 0)]
    k = min(len(marks) - 1, max(workers, 1))
    (t0, n0), (t1, n1) = marks[k - 1] if k >= 1 else (0.0, 0), marks[-1]
    print(json.dumps({"total": total, "first": marks[0][0], "steady": (n1 - n0) / max(t1 - t0, 1e-9), "processed": report.processed, "failed": report.failed, "events": report.events}))


def child_spacy(corpus: str) -> None:
    from geo_events.nlp import pipeline

    docs = [json.loads(line) for line in Path(corpus).read_text(encoding="utf-8").split("\n") if line.strip()]
    start = time.perf_counter()
    for lang in sorted({d["lang"] for d in docs}):
        pipeline(lang)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    for lang in sorted({d["lang"] for d in docs}):
        for _ in pipeline(lang).pipe((d["text"] for d in docs if d["lang"] == lang), batch_size=32):
            pass
    print(json.dumps({"load": loaded, "seconds": time.perf_counter() - start}))


def run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, env=os.environ)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- the benchmark -------------------------------------------------------------------------
def make_big_store(source: Path, target: Path, n_events: int) -> int:
    """A store with ``n_events`` events: the source's event rows copied into new documents,
    each copy moved 3 days later so copies stay distinct events."""
    import datetime as dt

    shutil.copy(source, target)
    con = sqlite3.connect(target)
    rows = con.execute("SELECT * FROM events").fetchall()
    cols = [r[1] for r in con.execute("PRAGMA table_info(events)")]
    rec_i, key_i = cols.index("record"), cols.index("doc_key")
    ds, de = cols.index("date_start"), cols.index("date_end")
    total, copy = len(rows), 0
    while total < n_events:
        copy += 1
        shift = dt.timedelta(days=3 * copy)
        batch = []
        for row in rows:
            row = list(row)
            row[0] = None
            rec = json.loads(row[rec_i])
            for field in ("date_start", "date_end"):
                if rec.get(field):
                    rec[field] = {"$date": (dt.date.fromisoformat(rec[field]["$date"]) + shift).isoformat()}
            rec["sources"] = [f"{s}-copy{copy}" for s in rec["sources"]]
            row[rec_i] = json.dumps(rec)
            row[key_i] = f"{row[key_i]}#copy{copy}"
            row[ds] = rec["date_start"]["$date"] if rec.get("date_start") else None
            row[de] = rec["date_end"]["$date"] if rec.get("date_end") else None
            batch.append(row)
        con.executemany(f"INSERT INTO events VALUES ({','.join('?' * len(cols))})", batch)
        total += len(batch)
    con.commit()
    con.close()
    return total


def geoparquet_comparison(store: Path, tmp: Path, chunk_docs: int) -> None:
    """The same rows as GeoParquet: Parquet files are immutable, so an incremental, crash-safe
    store needs one file per committed chunk and layer (then compaction); compare with the
    GeoPackage on size, files, write and read time."""
    import geopandas
    import pandas as pd

    try:
        import pyarrow  # noqa: F401
    except ImportError:
        print("GeoParquet comparison skipped (pip install pyarrow)")
        return
    layers = {name: geopandas.read_file(store, layer=name, engine="pyogrio") for name in ("mentions", "events", "control_claims")}
    docs = sorted(set(layers["events"]["doc_key"]) | set(layers["mentions"]["doc_key"]))
    chunks = [set(docs[i : i + chunk_docs]) for i in range(0, len(docs), chunk_docs)]
    out = tmp / "parquet"
    start = time.perf_counter()
    files = 0
    for i, chunk in enumerate(chunks):
        for name, frame in layers.items():
            part = frame[frame["doc_key"].isin(chunk)]
            if len(part):
                (out / name).mkdir(parents=True, exist_ok=True)
                part.to_parquet(out / name / f"part-{i:06d}.parquet")
                files += 1
    write_s = time.perf_counter() - start
    size = sum(f.stat().st_size for f in out.rglob("*.parquet"))
    compact = tmp / "events.parquet"
    layers["events"].to_parquet(compact)
    start = time.perf_counter()
    n = len(pd.concat([geopandas.read_parquet(f) for f in sorted((out / "events").glob("*.parquet"))]))
    read_parts = time.perf_counter() - start
    start = time.perf_counter()
    geopandas.read_file(store, layer="events", engine="pyogrio")
    read_gpkg = time.perf_counter() - start
    print(
        f"GeoParquet, one file per chunk of {chunk_docs} docs and layer: {files} files, {size / 1e6:.2f} MB "
        f"(x{size / store.stat().st_size:.2f} of the GeoPackage), written in {write_s:.2f} s; "
        f"events compacted into one file: {compact.stat().st_size / 1e6:.2f} MB"
    )
    print(f"read the {n} events: GeoParquet parts {read_parts:.2f} s, GeoPackage layer {read_gpkg:.2f} s")


def commit_rate(store: Path, tmp: Path, chunk_docs: int) -> tuple[float, int]:
    """Documents/s the store's single writer commits (no analysis): the ceiling on how many
    workers one store can keep up with. The rows of ``store`` are committed again, under new
    keys, into a fresh store, ``chunk_docs`` documents per transaction, with fsync as in a batch."""
    from geo_events.store import DocumentResult, Store

    con = sqlite3.connect(store)
    layers = ("mentions", "events", "control_claims")
    rows: dict[str, dict[str, list]] = {layer: {} for layer in layers}
    for layer in layers:
        cols = [r[1] for r in con.execute(f"PRAGMA table_info({layer})")]
        for values in con.execute(f"SELECT * FROM {layer}"):
            rec = dict(zip(cols, values))
            flat = {k: v for k, v in rec.items() if k not in ("fid", "geom", "doc_key", "record")}
            rows[layer].setdefault(rec["doc_key"], []).append((flat.get("longitude", flat.get("lon")), flat.get("latitude", flat.get("lat")), flat, rec["record"]))
    keys = [k for (k,) in con.execute("SELECT doc_key FROM documents")]
    con.close()
    target = tmp / "commit-rate.gpkg"
    results = []
    for copy in range(max(1, 2000 // max(1, len(keys)))):
        for k in keys:
            results.append(DocumentResult(f"{k}#{copy}", "h", "ok", rows={layer: rows[layer].get(k, []) for layer in layers}))
    with Store(target) as out:
        start = time.perf_counter()
        for i in range(0, len(results), chunk_docs):
            out.commit(results[i : i + chunk_docs])
        seconds = time.perf_counter() - start
    return len(results) / seconds, len(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer documents, shorter long documents")
    parser.add_argument("--docs", type=int, default=None, help="documents in the corpus (default 400, quick 120)")
    parser.add_argument("--long", action="store_true", help="also analyse a 3,000,000-character document")
    parser.add_argument("--no-length", action="store_true", help="skip the document-length scaling")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "length":
            child_length(int(rest[0]), rest[1], int(rest[2]) if len(rest) > 2 else None)
        elif kind == "batch":
            child_batch(rest[0], rest[1], int(rest[2]), rest[3] if len(rest) > 3 else None)
        elif kind == "spacy":
            child_spacy(rest[0])
        return

    from gazetteer import Gazetteer

    from geo_events.maps import build_map, from_analysis, render_html
    from geo_events.store import read_store

    n_docs = args.docs or (120 if args.quick else 400)
    gaz = Gazetteer()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus.jsonl"
        docs = write_corpus(corpus, n_docs)
        words = sum(len(t.split()) for _, t in docs)
        print(f"corpus: {n_docs} documents, {words} words, {corpus.stat().st_size / 1e6:.2f} MB")

        raw = run_child("spacy", str(corpus))
        spacy_rate = n_docs / raw["seconds"]
        print(f"raw spaCy nlp.pipe (baseline)          {spacy_rate:7.1f} docs/s  (pipelines loaded in {raw['load']:.1f} s, not counted)")
        print("each batch below runs in a fresh process: 'steady' is the rate once every worker has delivered, 'total' includes start-up")
        figures = {}
        for label, workers, scheduler in (
            ("local, 1 worker", 1, None),
            ("local, 2 workers", 2, None),
            ("Dask LocalCluster, 2 workers", 2, "local"),
        ):
            store = tmp / f"{label.split(',')[0].split()[0]}-{workers}.gpkg"
            got = run_child("batch", str(corpus), str(store), str(workers), *([scheduler] if scheduler else []))
            assert got["processed"] == n_docs and got["failed"] == 0, got
            figures[label] = (got, store)
            print(
                f"batch {label:31s}steady {got['steady']:6.1f} docs/s (x{got['steady'] / spacy_rate:.2f} of raw spaCy); "
                f"total {got['total']:6.1f} s = {n_docs / got['total']:5.1f} docs/s, first results after {got['first']:.1f} s; {got['events']} event reports"
            )
        one, two, dask_ = (figures[k][0]["steady"] for k in ("local, 1 worker", "local, 2 workers", "Dask LocalCluster, 2 workers"))
        print(f"2 workers / 1 worker (steady)          x{two / one:.2f}   (target >= 1.7)")
        print(f"Dask / local, 2 workers (steady)       x{dask_ / two:.2f}   (target >= 0.7)")
        first_run = figures["local, 1 worker"][0]["total"]

        store = figures["local, 1 worker"][1]
        one = first_run
        size = store.stat().st_size
        print(f"store size                            {size / 1e6:7.2f} MB  = {size / 1e6 * 1000 / n_docs:.2f} MB per 1,000 documents")
        from geo_events.settings import SETTINGS

        geoparquet_comparison(store, tmp, SETTINGS.batch_chunk_docs)
        rate, n = commit_rate(store, tmp, SETTINGS.batch_chunk_docs)
        print(f"store commits (one writer, {SETTINGS.batch_chunk_docs} docs per transaction, fsync)  {rate:7.0f} docs/s over {n} documents")
        again = run_child("batch", str(corpus), str(store), "1")
        rerun = again["total"]
        assert again["processed"] == 0
        print(f"re-run over the unchanged corpus      {rerun:7.2f} s   = {100 * rerun / one:.1f} % of the first run (target < 5 %; both in a fresh process)")

        big = tmp / "big.gpkg"
        total = make_big_store(store, big, 100_000)
        start = time.perf_counter()
        analysed = read_store(big, gaz)
        read_s = time.perf_counter() - start
        start = time.perf_counter()
        data = from_analysis(analysed, gaz)
        html = render_html(build_map(data, gaz, offline=True))
        map_s = time.perf_counter() - start
        print(f"read + merge {total} stored events    {read_s:7.1f} s   ({len(analysed.events)} events after merging)")
        print(f"map of them (frames, build, render)   {map_s:7.1f} s   ({len(html) / 1e6:.1f} MB page)")

    if args.no_length:
        return
    print("\nlength scaling, French, one document (full pipeline vs raw spaCy nlp(text) on the same text):")
    sizes = (1_000, 10_000, 30_000) if args.quick else (1_000, 10_000, 100_000)
    base = None
    for n in sizes:
        ours = run_child("length", str(n), "pipeline")
        raw = run_child("length", str(n), "spacy")
        per_kw = ours["seconds"] / ours["words"] * 1000
        base = base or per_kw
        print(
            f"{ours['words']:7d} words: ours {ours['seconds']:7.2f} s ({per_kw * 1000:.0f} ms per 1k words, x{per_kw / base:.2f} of the 1k-word rate), "
            f"peak +{ours['peak_mb']:6.0f} MB; raw spaCy {raw['seconds']:7.2f} s, peak +{raw['peak_mb']:6.0f} MB; "
            f"time x{ours['seconds'] / raw['seconds']:.2f}, memory x{ours['peak_mb'] / max(raw['peak_mb'], 1):.2f} of raw; "
            f"{ours['mentions']} mentions, {ours['events']} events"
        )
    if args.long:
        ours = run_child("length", "0", "pipeline", "3000000")
        print(f"3,000,000-character document ({ours['words']} words): {ours['seconds']:.1f} s, peak +{ours['peak_mb']:.0f} MB, {ours['mentions']} mentions, {ours['events']} events")
    print(f"load average {os.getloadavg()[0]:.1f} at end")


if __name__ == "__main__":
    main()
