"""Dates and tolls measured on their own, independently of event matching.

For each gold event of the dispatch sets, the sentences naming the gold event's place are run
through the same date (``_DocumentEvents._date``) and count (``_counts``) code the pipeline uses,
anchored on the trigger of the gold event's kind nearest the place, on the parse the pipeline
builds. For fatalities the sentence is the one that writes the gold figure (naming the place if
one does), so the count's attachment is what is measured, not the choice of sentence. Prints,
per file, how often the date and the fatalities agree with the gold: "first" takes the first
such sentence, "any" whether one of them agrees (an upper bound); "null kept" is how often a
gold event without a toll gets none. Usage:

    python benchmarks/diag_tolls.py eval/dev-fr-dispatches.jsonl ... [-v]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from geo_events.documents import make_document
from geo_events.events import FAMILIES, _counts, _DocumentEvents, find_triggers
from geo_events.nlp import pipeline
from geo_events.numbers import find_numbers
from geo_events.timex import find_times


def _gold_period(g: dict) -> tuple[str | None, str | None]:
    if g.get("date"):
        return g["date"], g["date"]
    return g.get("date_start") or g.get("date_end"), g.get("date_end") or g.get("date_start")


def _predict(de: _DocumentEvents, index: int, location: str, family_hint: str) -> tuple | None:
    """(date period, fatalities, displaced) for the event of sentence ``index`` placed at ``location``."""
    sentence = de.sentences[index]
    text = de.text
    at = text.find(location, sentence.start, sentence.end)
    triggers = find_triggers(text, de.lang, sentence.start, sentence.end)
    if not triggers:
        return None
    wanted = [t for t in triggers if FAMILIES[t.kind] == family_hint] or triggers
    anchor = min(wanted, key=lambda t: abs(t.start - at))
    times = find_times(text, de.lang, de.doc.published, sentence.start, sentence.end)
    inherited = None
    if index > 0:
        prev = de.sentences[index - 1]
        inherited = next((t for t in reversed(find_times(text, de.lang, de.doc.published, prev.start, prev.end)) if t.since), None)
    start, end, _basis = de._date(anchor, sentence, times, inherited)
    numbers = find_numbers(text, de.lang, sentence.start, sentence.end)
    clause = sentence.clauses[sentence.clause_of(anchor.start)]
    frame_kills = [t for t in triggers if sentence.clause_of(t.start) == sentence.clause_of(anchor.start) and t.kind in ("kill", "displace")]
    try:
        counts = _counts(text, de.lang, numbers, clause, frame_kills[0] if frame_kills else anchor, de.dist)
        fat, disp = counts.fatalities, counts.displaced
    except TypeError:  # an engine from before tolls.py (for a baseline in the same run)
        counts = _counts(text, de.lang, numbers, clause, frame_kills[0] if frame_kills else anchor)
        fat, disp = (counts.total.value if counts.total is not None else None), None
    period = (start.isoformat() if start else None, end.isoformat() if end else None)
    return period, fat, disp, index


def _family(g: dict) -> str:
    if g.get("tag") == "displacement":
        return "displacement"
    if g["event_type"] == "Strategic developments":
        return "diplomacy"
    if g["event_type"] == "Protests":
        return "protest"
    if g["event_type"] == "Riots":
        return "riot"
    return "violence"


def run(path: str, verbose: bool) -> Counter:
    c: Counter = Counter()
    for line in open(path, encoding="utf-8"):
        rec = json.loads(line)
        if not rec.get("events"):
            continue
        doc = make_document(rec["text"], doc_id=rec["id"], lang=rec["lang"], published=rec.get("published"))
        parsed = pipeline(doc.lang)(doc.text)
        de = _DocumentEvents(doc, parsed, [], None)  # type: ignore[arg-type]
        for g in rec["events"]:
            loc = g.get("location") or ""
            idx = [s.index for s in de.sentences if loc and loc in doc.text[s.start : s.end]]
            preds = [p for p in (_predict(de, i, loc, _family(g)) for i in idx) if p is not None]
            gold_period = _gold_period(g)
            c["events"] += 1
            if not preds:
                c["no_sentence"] += 1
                continue
            first = preds[0]
            if g.get("fatalities"):
                # The toll's own sentence: the one (naming the place, else any) that writes the gold figure.
                def writes(i: int) -> bool:
                    s = de.sentences[i]
                    return any(n.value == g["fatalities"] for n in find_numbers(doc.text, doc.lang, s.start, s.end))
                own = [i for i in idx if writes(i)] or [s.index for s in de.sentences if writes(s.index)]
                fat_preds = [p for p in (_predict(de, i, loc, "violence") for i in own) if p is not None] or preds
            else:
                fat_preds = preds
            c["date_n"] += 1
            c["date_first"] += first[0] == gold_period
            c["date_any"] += any(p[0] == gold_period for p in preds)
            if g.get("fatalities") is not None:
                c["fat_n"] += 1
                c["fat_first"] += fat_preds[0][1] == g["fatalities"]
                c["fat_any"] += any(p[1] == g["fatalities"] for p in fat_preds)
            else:
                c["null_n"] += 1
                c["null_first"] += first[1] is None
                if verbose and first[1] is not None:
                    s = de.sentences[first[3]]
                    print(f"  NULL {rec['id']} {g['event_type'][:12]:12} @{loc}: gold None | got {first[1]}")
                    print(f"      {doc.text[s.start:s.end].strip()[:220]!r}")
            if verbose and first[0] != gold_period:
                s = de.sentences[first[3]]
                print(f"  DATE {rec['id']} {g['event_type'][:12]:12} @{loc}: gold {gold_period} | got {first[0]}")
                print(f"      {doc.text[s.start:s.end].strip()[:220]!r}")
            if verbose and g.get("fatalities") is not None and fat_preds[0][1] != g["fatalities"]:
                s = de.sentences[fat_preds[0][3]]
                print(f"  FAT {rec['id']} {g['event_type'][:12]:12} @{loc}: gold {g.get('fatalities')} | got {fat_preds[0][1]}")
                print(f"      {doc.text[s.start:s.end].strip()[:220]!r}")
    return c


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    print(f"{'file':38} {'events':>6} {'dates first/any (n)':>22} {'fatalities first/any (n)':>26} {'null kept':>10}")
    for path in args.files:
        c = run(path, args.verbose)
        r = lambda a, n: f"{c[a] / c[n]:.2f}" if c[n] else "-"  # noqa: E731
        print(f"{path:38} {c['events']:>6} {r('date_first', 'date_n'):>9}/{r('date_any', 'date_n')} ({c['date_n']:>3})"
              f" {r('fat_first', 'fat_n'):>13}/{r('fat_any', 'fat_n')} ({c['fat_n']:>3}) {r('null_first', 'null_n'):>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
