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


def child(words: int, mode: str, cold: bool) -> None:
    """One measurement of ``words`` words in one document: raw spaCy on the whole text
    (``spacy``) or on its paragraphs (``pieces``, what the analysis parses), or the analysis."""
    from gazetteer import Gazetteer

    from geo_events.claims import extract_document_claims
    from geo_events.documents import make_document, split_text
    from geo_events.events import extract_document_events
    from geo_events.nlp import parse, pipeline
    from geo_events.recognize import recognize
    from geo_events.resolve import resolve
    from geo_events.settings import SETTINGS

    text = french_text(words)
    nlp = pipeline("fr")
    gaz = Gazetteer(build=False)
    # Warm up like a long-running worker that has met the dispatches' names (a name met the
    # first time costs a fuzzy gazetteer search, once per name, whatever the length); with
    # --cold, on a short text of other names, so that one-off cost is in the figures.
    warm_text = "Des combats près de Homs ont fait 12 morts lundi, selon l'Observatoire." if cold else french_text(20_000)
    warm = make_document(warm_text, doc_id="warm", lang="fr", published="2016-12-07")
    for parsed in parse("fr", [warm.text]):
        mentions = resolve(warm.doc_id, recognize(warm, parsed, gaz), gaz, warm.focus)
        extract_document_events(warm, parsed, mentions, gaz)
        extract_document_claims(warm, parsed, mentions, gaz)
    del parsed, mentions
    base = rss_mb()
    reset_peak()
    stages: dict[str, float] = {}
    out: dict[str, object] = {"chars": len(text), "words": len(text.split())}
    start = time.perf_counter()
    if mode == "spacy":
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        doc = next(iter(nlp.pipe([text])))
        out["ents"] = len(doc.ents)
    elif mode == "pieces":
        docs = list(nlp.pipe([text[a:b] for a, b in split_text(text, SETTINGS.piece_chars)], batch_size=32))
        out["ents"] = sum(len(d.ents) for d in docs)
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
    parser.add_argument("--cold", action="store_true", help="warm up on other names: the first fuzzy search of each name is counted")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(int(args.child[0]), args.child[1], args.child[2] == "cold")
        return
    sizes = args.words or ([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000])
    temp = "cold" if args.cold else "warm"
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    print(f"one document of real French dispatches per length; each figure from a fresh process, warmed up ({temp} names)")
    print("baselines, same text, same run: raw spaCy nlp.pipe on the whole text, and on its paragraphs (the pieces the analysis parses)")
    print(f"{'words':>7} {'chars':>8} | {'spaCy whole s':>13} {'MB':>5} | {'spaCy pieces s':>14} {'MB':>5} | {'analysis s':>10} {'MB':>5} | "
          f"{'x whole':>7} {'x pieces':>8} | {'ms/1k w':>7} | parse / places / events / claims (s)")
    ratios, strict = [], []
    for words in sizes:
        whole = run_child(str(words), "spacy", temp)
        pieces = run_child(str(words), "pieces", temp)
        ours = run_child(str(words), "analysis", temp)
        ratios.append(ours["seconds"] / whole["seconds"])
        strict.append(ours["seconds"] / pieces["seconds"])
        st = ours["stages"]
        print(
            f"{ours['words']:7d} {ours['chars']:8d} | {whole['seconds']:13.2f} {whole['peak_mb']:5.0f} | {pieces['seconds']:14.2f} {pieces['peak_mb']:5.0f} | "
            f"{ours['seconds']:10.2f} {ours['peak_mb']:5.0f} | x{ratios[-1]:6.2f} x{strict[-1]:7.2f} | {ours['seconds'] * 1e6 / ours['words']:7.0f} | "
            f"{st['parse']:.2f} / {st['places']:.2f} / {st['events']:.2f} / {st['claims']:.2f}  "
            f"({ours['mentions']} mentions, {ours['events']} events, {ours['claims']} claims)"
        )
    print(f"analysis / raw spaCy on the whole text:   {' -> '.join(f'x{r:.2f}' for r in ratios)}  (target <= 1.5 at 100k words)")
    print(f"analysis / raw spaCy on the same pieces:  {' -> '.join(f'x{r:.2f}' for r in strict)}  (flat = linear)")
    print(f"growth of the ratio to the pieces, longest / shortest: x{strict[-1] / strict[0]:.2f}")

if __name__ == "__main__":
    main()
