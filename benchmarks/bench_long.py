"""Long-document benchmark: analysis time and peak memory against document length (1k, 10k and
100k words of real French dispatches), beside raw spaCy ``nlp.pipe`` on the same text in the
same run. Linear analysis keeps the ratio to raw spaCy flat (target <= 1.5x at 100k words).

Each measurement runs in a fresh process after a warm-up (models, gazetteer, date parser), so
peak memory is that of the measured work. The stages (parse, recognition and resolution,
events, claims) are timed apart so a stage that grows faster than the text shows.
Run:  python benchmarks/bench_long.py [--quick] [--words 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_batch import french_text, peak_mb, reset_peak, rss_mb  # noqa: E402


def child(words: int, mode: str) -> None:
    """One measurement: raw spaCy, or the whole analysis, of ``words`` words in one document."""
    from gazetteer import Gazetteer

    from geo_events.claims import extract_document_claims
    from geo_events.documents import make_document
    from geo_events.events import extract_document_events
    from geo_events.nlp import parse, pipeline
    from geo_events.recognize import recognize
    from geo_events.resolve import resolve

    text = french_text(words)
    nlp = pipeline("fr")
    gaz = Gazetteer(build=False)
    # Warm up like a long-running worker, on an English text so no name of the measured text is cached.
    warm = make_document("Fighting near Aleppo killed 12 civilians on Monday, the Observatory said.", doc_id="warm", lang="en", published="2016-12-07")
    list(nlp.pipe(["Des combats à Alep ont fait 12 morts lundi."]))
    for parsed in parse("en", [warm.text]):
        mentions = resolve(warm.doc_id, recognize(warm, parsed, gaz), gaz, warm.focus)
        extract_document_events(warm, parsed, mentions, gaz)
        extract_document_claims(warm, parsed, mentions, gaz)
    base = rss_mb()
    reset_peak()
    stages: dict[str, float] = {}
    out: dict[str, object] = {"chars": len(text), "words": len(text.split())}
    start = time.perf_counter()
    if mode == "spacy":
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        doc = next(iter(nlp.pipe([text])))
        out["ents"] = len(doc.ents)
    else:
        document = make_document(text, doc_id="long", lang="fr", published="2016-12-07")
        t = time.perf_counter()
        parsed = next(parse("fr", [text]))
        stages["parse"] = time.perf_counter() - t
        t = time.perf_counter()
        mentions = resolve(document.doc_id, recognize(document, parsed, gaz), gaz, document.focus)
        stages["places"] = time.perf_counter() - t
        t = time.perf_counter()
        events = extract_document_events(document, parsed, mentions, gaz)
        stages["events"] = time.perf_counter() - t
        t = time.perf_counter()
        claims = extract_document_claims(document, parsed, mentions, gaz)
        stages["claims"] = time.perf_counter() - t
        out.update(mentions=len(mentions), events=len(events), claims=len(claims))
    out.update(seconds=time.perf_counter() - start, peak_mb=peak_mb() - base, stages=stages)
    print(json.dumps(out))


def run_child(*args: str) -> dict:
    got = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, env=os.environ)
    if got.returncode != 0:
        raise SystemExit(got.stderr)
    return json.loads(got.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k words only")
    parser.add_argument("--words", type=int, nargs="+", help="document lengths in words (default 1000 10000 100000)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(int(args.child[0]), args.child[1])
        return
    sizes = args.words or ([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000])
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    print("one document of real French dispatches per length; each figure from a fresh, warmed-up process")
    print(f"{'words':>8} {'chars':>9} | {'raw spaCy s':>11} {'MB':>6} | {'analysis s':>10} {'MB':>6} | {'x raw':>6} | "
          f"{'ms/1k words':>11} | parse / places / events / claims (s)")
    ratios = []
    for words in sizes:
        raw = run_child(str(words), "spacy")
        ours = run_child(str(words), "analysis")
        ratio = ours["seconds"] / raw["seconds"]
        ratios.append(ratio)
        st = ours["stages"]
        print(
            f"{ours['words']:8d} {ours['chars']:9d} | {raw['seconds']:11.2f} {raw['peak_mb']:6.0f} | {ours['seconds']:10.2f} {ours['peak_mb']:6.0f} | "
            f"x{ratio:5.2f} | {1000 * ours['seconds'] / ours['words'] * 1000:11.0f} | "
            f"{st['parse']:.2f} / {st['places']:.2f} / {st['events']:.2f} / {st['claims']:.2f}  "
            f"({ours['mentions']} mentions, {ours['events']} events, {ours['claims']} claims)"
        )
    print(f"ratio to raw spaCy, shortest -> longest: {' -> '.join(f'x{r:.2f}' for r in ratios)}  "
          f"(flat = linear; target <= 1.5 at 100k words)")
    print(f"growth of the ratio, longest / shortest: x{ratios[-1] / ratios[0]:.2f}")


if __name__ == "__main__":
    main()
