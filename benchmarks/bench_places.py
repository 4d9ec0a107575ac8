"""Throughput of `places` (recognition + resolution) beside raw spaCy ``nlp.pipe`` on the same texts.

Two corpora, French and English, of N news-length documents made by rotating and recombining
real sentences: French from the shipped example dispatch, English from the project's English
dev dispatches (eval/dev-en-dispatches.jsonl), so no download is needed. For each language it
prints docs/s and tokens/s for raw spaCy and for `places` on one core (target >= 0.8x raw), then
`places` with 2 processes (French), and peak memory. Each one-core ratio is given twice: by wall
time, and by the CPU time of this process (pinned to one core). Both sides are timed chunk by
chunk, alternately, the fastest of ``--repeat`` passes per chunk, so that other jobs on a shared
machine weigh on both alike; the load average at the start of each language is printed.
Run:  python benchmarks/bench_places.py [--docs N] [--lang fr en] [--chunk 25] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "geo_events" / "data" / "examples" / "alep-2016-12-07.fr.txt"
ENGLISH = ROOT / "eval" / "dev-en-dispatches.jsonl"
_SPLIT = re.compile(r"(?<=[.!?»])\s+")


def _sentences(lang: str) -> list[str]:
    if lang == "fr":
        return [s for s in _SPLIT.split(EXAMPLE.read_text(encoding="utf-8")) if s.strip()]
    texts = [json.loads(line)["text"] for line in ENGLISH.read_text(encoding="utf-8").split("\n") if line.strip()]
    return [s for t in texts for s in _SPLIT.split(t) if s.strip()]


def corpus(n: int, lang: str = "fr", size: int = 40) -> list[str]:
    """N documents of ``size`` consecutive sentences, rotated (and reversed every other one)."""
    sentences = _sentences(lang)
    docs = []
    for i in range(n):
        rotated = (sentences[i % len(sentences) :] + sentences[: i % len(sentences)])[:size]
        docs.append(" ".join(rotated[::-1] if i % 2 else rotated))
    return docs


def _places_chunk(texts: list[str], lang: str = "fr") -> int:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from gazetteer import Gazetteer
    from geo_events.documents import Document
    from geo_events.places import resolve_documents

    gaz = Gazetteer(build=False)
    docs = [Document(f"d{i}", t, lang) for i, t in enumerate(texts)]
    return len(resolve_documents(docs, gaz))


def _interleaved(nlp, texts, docs, gaz, chunk: int, repeat: int):
    """Raw spaCy and ``places`` timed chunk by chunk, alternately (and in alternating order), so
    both see the same machine when other jobs come and go; each chunk's figure is its fastest of
    ``repeat`` passes. Returns wall and CPU seconds of each side, tokens, mentions."""
    from geo_events.places import resolve_documents

    best: dict[tuple[str, int], list[float]] = {}
    tokens, mentions = 0, []
    for r in range(repeat):
        for c, lo in enumerate(range(0, len(texts), chunk)):

            def raw():
                return sum(len(d) for d in nlp.pipe(texts[lo : lo + chunk], batch_size=32))

            def ours():
                return resolve_documents(docs[lo : lo + chunk], gaz)

            sides = [("raw", raw), ("ours", ours)]
            for side, run in sides if (r + c) % 2 == 0 else sides[::-1]:
                start, cpu = time.perf_counter(), time.process_time()
                out = run()
                wall, used = time.perf_counter() - start, time.process_time() - cpu
                old = best.get((side, c))
                best[(side, c)] = [min(old[0], wall), min(old[1], used)] if old else [wall, used]
                if r == 0:
                    if side == "raw":
                        tokens += out
                    else:
                        mentions.extend(out)
    total = {side: [sum(v[i] for (s, _), v in best.items() if s == side) for i in (0, 1)] for side in ("raw", "ours")}
    return total["raw"][0], total["raw"][1], total["ours"][0], total["ours"][1], tokens, mentions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--lang", nargs="+", default=["fr", "en"])
    parser.add_argument("--chunk", type=int, default=25, help="documents per alternately timed chunk")
    parser.add_argument("--repeat", type=int, default=2, help="passes; each chunk's fastest counts (from the second, names were looked up before: a long-running worker's steady state)")
    parser.add_argument("--no-processes", action="store_true", help="skip the 2-process run")
    args = parser.parse_args()
    from gazetteer import Gazetteer
    from geo_events.documents import Document
    from geo_events.nlp import pipeline
    from geo_events.places import resolve_documents

    gaz = Gazetteer()  # builds if needed, outside the timings
    for lang in args.lang:
        texts = corpus(args.docs, lang)
        nlp = pipeline(lang)
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        list(nlp.pipe(texts[:20]))  # warm up
        resolve_documents([Document("w", texts[0], lang)], gaz)

        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        docs = [Document(f"d{i}", t, lang) for i, t in enumerate(texts)]
        raw_s, raw_cpu, ours_s, ours_cpu, tokens, mentions = _interleaved(nlp, texts, docs, gaz, args.chunk, args.repeat)
        n = len(texts)
        print(f"[{lang}] corpus: {n} documents, {tokens} tokens ({tokens / n:.0f} per document); load average {load:.1f} at start")
        print(f"[{lang}] raw spaCy nlp.pipe, 1 core   {n / raw_s:7.1f} docs/s  {tokens / raw_s:9.0f} tokens/s  (CPU {n / raw_cpu:.1f} docs/s)")
        print(f"[{lang}] places, 1 core               {n / ours_s:7.1f} docs/s  {tokens / ours_s:9.0f} tokens/s  {raw_s / ours_s:4.2f}x raw spaCy (target >= 0.8x); by CPU time {raw_cpu / ours_cpu:4.2f}x")
        print(f"[{lang}] mentions: {len(mentions)}")
        if lang != "fr" or args.no_processes:
            continue
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
        half = len(texts) // 2
        start = time.perf_counter()
        with ProcessPoolExecutor(2) as pool:
            total = sum(pool.map(_places_chunk, [texts[:half], texts[half:]]))
        two_s = time.perf_counter() - start
        print(f"[fr] places, 2 processes          {n / two_s:7.1f} docs/s  {tokens / two_s:9.0f} tokens/s  {raw_s / two_s:4.2f}x raw spaCy on 1 core (incl. worker start-up); {total} mentions")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (main process)   {peak_mb:7.0f} MB")


if __name__ == "__main__":
    main()
