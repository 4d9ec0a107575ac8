"""Dates and tolls of the events the evaluation matches, gold beside predicted, with the sentence.

Runs the whole pipeline on each dispatch file (parse and places cached under ``--cache`` so
that changes to dates and tolls are re-measured in seconds), matches events as
``geo_events.evaluate.count_events`` does, and prints for every matched event whose date or
fatalities differ from the gold: gold, prediction, the date basis and the source sentence.
Ends with exact-match figures per file and per language. Usage:

    python benchmarks/diag_matched.py eval/dev-fr-dispatches.jsonl ... [-q] [--cache DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
from collections import Counter
from pathlib import Path

from spacy.tokens import Doc as SpacyDoc

from gazetteer import open_gazetteer
from geo_events.documents import make_document
from geo_events.evaluate import _gold_period, match_events, read_gold
from geo_events.events import extract_document_events
from geo_events.merge import merge_events
from geo_events.nlp import pipeline
from geo_events.places import analyse_documents


def _analysed(path: str, gaz, cache: Path) -> list:
    """(gold passage, document, parse, mentions) for each passage of ``path``, cached."""
    gold = read_gold(path)
    key = hashlib.sha1(Path(path).read_bytes()).hexdigest()[:12]
    store = cache / f"{Path(path).stem}-{key}.pkl"
    docs = [make_document(g.text, doc_id=g.doc_id, lang=g.lang, published=g.published) for g in gold]
    if store.exists():
        rows = pickle.loads(store.read_bytes())
    else:
        rows = {d.doc_id: (parsed.to_bytes(exclude=["user_data"]), mentions) for d, parsed, mentions in analyse_documents(docs, gaz)}
        cache.mkdir(parents=True, exist_ok=True)
        store.write_bytes(pickle.dumps(rows))
    out = []
    for g, d in zip(gold, docs):
        raw, mentions = rows[d.doc_id]
        out.append((g, d, SpacyDoc(pipeline(d.lang).vocab).from_bytes(raw), mentions))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("-q", "--quiet", action="store_true", help="figures only")
    ap.add_argument("--cache", default="/tmp/geo-events-diag-cache")
    ap.add_argument("--only", nargs="*", default=[], help="passage ids to show in full (text, gold and every predicted event)")
    args = ap.parse_args(argv)
    gaz = open_gazetteer()
    totals: dict[str, Counter] = {}
    for path in args.files:
        for g, d, parsed, mentions in _analysed(path, gaz, Path(args.cache)):
            preds = [e for e in merge_events(extract_document_events(d, parsed, mentions, gaz)) if e.place is not None]
            if g.doc_id in args.only:
                print(f"===== {g.doc_id} published {g.published}\n{g.text}")
                for ge in g.events:
                    print(f"  GOLD {ge['event_type'][:14]:14} {ge.get('sub_event_type')} @{ge.get('location')} {_gold_period(ge)} fat {ge.get('fatalities')} civ {ge.get('civilian_fatalities')} child {ge.get('child_fatalities')} displ {ge.get('displaced')}")
                for pe in preds:
                    print(f"  PRED {pe.event_type[:14]:14} {pe.sub_event_type} @{pe.location} {pe.date_start}..{pe.date_end} ({pe.date_basis}) fat {pe.fatalities} civ {pe.civilian_fatalities} child {pe.child_fatalities} displ {pe.displaced}  << {pe.notes[:90]!r}")
            for gi, pi in match_events(g.events, preds):
                ge, pe = g.events[gi], preds[pi]
                period = _gold_period(ge)
                got = (pe.date_start.isoformat() if pe.date_start else None, pe.date_end.isoformat() if pe.date_end else None)
                c = Counter()
                if ge.get("fatalities") is not None:
                    c["fat_n"] += 1
                    c["fat_ok"] += pe.fatalities == ge["fatalities"]
                if period is not None:
                    c["date_n"] += 1
                    c["date_ok"] += got == period
                for group in (f"file {Path(path).name}", f"lang {g.lang}", "all"):
                    totals.setdefault(group, Counter()).update(c)
                bad_fat = c["fat_n"] and not c["fat_ok"]
                bad_date = c["date_n"] and not c["date_ok"]
                if args.quiet or not (bad_fat or bad_date):
                    continue
                what = []
                if bad_fat:
                    what.append(f"FAT gold {ge['fatalities']} got {pe.fatalities}")
                if bad_date:
                    what.append(f"DATE gold {period[0]}..{period[1]} got {got[0]}..{got[1]} ({pe.date_basis})")
                print(f"{g.doc_id} pub {g.published} {ge['event_type'][:14]} @{ge.get('location')}: " + " | ".join(what))
                print(f"    {pe.notes[:300]!r}")
    for group, c in totals.items():
        fat = f"{c['fat_ok'] / c['fat_n']:.2f} ({c['fat_n']})" if c["fat_n"] else "-"
        date = f"{c['date_ok'] / c['date_n']:.2f} ({c['date_n']})" if c["date_n"] else "-"
        print(f"{group:36} fatalities {fat:12} dates {date}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
