"""Events diagnosed against the gold of the dispatch sets: what was missed and why, what was
predicted that the gold does not count.

Each passage is parsed and its places resolved once (cached in a pickle beside the system's
temp files, keyed by the files' contents, so a change to the events engine re-runs in seconds);
events are extracted with the current engine and matched like ``geo_events.evaluate`` (type
agrees, point within 25 km, one to one). Every gold event left unmatched and every predicted
event left over is put in one class:

  missed:   wrong-place (same type predicted, too far: how far and where)
            wrong-type (a predicted event within 25 km has another type)
            not-found (nothing of that type or place)
  spurious: duplicate (same type within 25 km of a gold event already matched)
            wrong-place / wrong-type (the mirror of the above)
            not-in-gold (the gold counts nothing of this type near it)

Prints the classes per file and language, then (``-v``) each passage's gold and predicted
events side by side. Usage:

    python benchmarks/diag_events.py eval/dev-en-dispatches.jsonl eval/own-fr-dispatches.jsonl [-v] [--only ID [--mentions]]
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import tempfile
from collections import Counter
from pathlib import Path

from geo_events.evaluate import EVENT_MATCH_KM, distance_km, match_events, read_gold
from geo_events.events import extract_document_events
from geo_events.documents import make_document
from geo_events.merge import merge_events
from geo_events.nlp import pipeline
from geo_events.places import analyse_documents
from spacy.tokens import Doc as SpacyDoc
from gazetteer import open_gazetteer


def _parsed(paths: list[str], gazetteer) -> tuple[list, dict]:
    gold = [g for p in paths for g in read_gold(p)]
    # The places depend on the recognition code, the language packs and the database too: a
    # cache keyed on the gold files alone served another tree's places.
    root = Path(__file__).resolve().parent.parent
    code = sorted([*(root / "geo_events").glob("*.py"), *(root / "geo_events" / "data" / "lang").glob("*.yaml"), *(root / "gazetteer").glob("*.py")])
    db = Path(gazetteer.path)
    stamp = f"{db.resolve()}:{db.stat().st_mtime_ns}".encode()
    key = hashlib.sha1(b"".join([*(Path(p).read_bytes() for p in paths), *(c.read_bytes() for c in code), stamp])).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"diag_events-{key}.pickle"
    if cache.exists():
        stored = pickle.loads(cache.read_bytes())
        return gold, {k: (d, SpacyDoc(pipeline(d.lang).vocab).from_bytes(b), m) for k, (d, b, m) in stored.items()}
    docs = [make_document(g.text, doc_id=g.doc_id, lang=g.lang, published=g.published) for g in gold]
    out = {d.doc_id: (d, parsed, mentions) for d, parsed, mentions in analyse_documents(docs, gazetteer)}
    # Spans kept in a Doc's user_data do not pickle; the events engine does not read them.
    stored = {k: (d, p.to_bytes(exclude=["user_data"]), m) for k, (d, p, m) in out.items()}
    cache.write_bytes(pickle.dumps(stored))
    return gold, out


def _match(gold: list[dict], preds: list) -> tuple[dict[int, int], list[int], list[int]]:
    matched = dict(match_events(gold, preds))
    used = set(matched.values())
    return matched, [i for i in range(len(gold)) if i not in matched], [i for i in range(len(preds)) if i not in used]


def _dist(g: dict, p) -> float:
    if g.get("lat") is None:
        return float("inf")
    return distance_km(g["lat"], g["lon"], p.place.lat, p.place.lon)


def _classify(gold: list[dict], preds: list, matched: dict[int, int], missed: list[int], extra: list[int]) -> tuple[dict, dict]:
    why_g: dict[int, str] = {}
    why_p: dict[int, str] = {}
    for gi in missed:
        g = gold[gi]
        same = [preds[pi] for pi in extra if preds[pi].event_type == g["event_type"]]
        near = [preds[pi] for pi in extra if _dist(g, preds[pi]) <= EVENT_MATCH_KM]
        if same:
            p = min(same, key=lambda p: _dist(g, p))
            why_g[gi] = f"wrong-place ({_dist(g, p):.0f} km: {p.location})"
        elif near:
            why_g[gi] = f"wrong-type (pred {near[0].event_type})"
        else:
            why_g[gi] = "not-found"
    for pi in extra:
        p = preds[pi]
        dup = [gi for gi, pj in matched.items() if gold[gi]["event_type"] == p.event_type and _dist(gold[gi], p) <= EVENT_MATCH_KM]
        same = [gi for gi in missed if gold[gi]["event_type"] == p.event_type]
        near = [gi for gi in missed if _dist(gold[gi], p) <= EVENT_MATCH_KM]
        if dup:
            why_p[pi] = "duplicate"
        elif same:
            why_p[pi] = "wrong-place"
        elif near:
            why_p[pi] = f"wrong-type (gold {gold[near[0]]['event_type']})"
        else:
            why_p[pi] = "not-in-gold"
    return why_g, why_p


def _short(t: str) -> str:
    return {"Explosions/Remote violence": "Remote", "Violence against civilians": "VAC", "Strategic developments": "Strategic"}.get(t, t)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--only", help="one passage id (implies -v)")
    ap.add_argument("--mentions", action="store_true", help="with --only: list the resolved place mentions too")
    args = ap.parse_args(argv)
    gaz = open_gazetteer()
    gold, parsed = _parsed(args.files, gaz)
    causes: Counter = Counter()
    totals: dict[str, Counter] = {}
    for passage in gold:
        if args.only and passage.doc_id != args.only:
            continue
        document, doc, mentions = parsed[passage.doc_id]
        preds = [e for e in merge_events(extract_document_events(document, doc, mentions, gaz)) if e.place is not None]
        matched, missed, extra = _match(passage.events, preds)
        why_g, why_p = _classify(passage.events, preds, matched, missed, extra)
        for group in (f"file {Path(passage.file).name}", f"lang {passage.lang}", "all"):
            c = totals.setdefault(group, Counter())
            c["tp"] += len(matched)
            c["fn"] += len(missed)
            c["fp"] += len(extra)
        for gi, why in why_g.items():
            causes[f"miss {_short(passage.events[gi]['event_type'])} {why.split(' ')[0]}"] += 1
        for pi, why in why_p.items():
            causes[f"fp   {_short(preds[pi].event_type)} {why.split(' (')[0]}"] += 1
        if args.verbose or args.only:
            print(f"\n=== {passage.doc_id} ({passage.lang}) tp {len(matched)} fn {len(missed)} fp {len(extra)}")
            if args.only and args.mentions:
                for m in mentions:
                    where = f"{m.place.name} [{m.place.level.value}]" if m.place is not None else "-"
                    print(f"  M {m.start:5d} {m.surface!r:28} {m.role:9} {where}")
            for gi, g in enumerate(passage.events):
                mark = f"OK -> #{matched[gi]}" if gi in matched else f"MISS {why_g[gi]}"
                print(f"  G{gi} {_short(g['event_type'])}/{g.get('sub_event_type')} @ {g.get('location')} f={g.get('fatalities')} a1={g.get('actor1')} a2={g.get('actor2')}  {mark}")
            for pi, p in enumerate(preds):
                mark = "" if pi not in why_p else f"  FP {why_p[pi]}"
                print(f"  P{pi} {_short(p.event_type)}/{p.sub_event_type} @ {p.location} ({p.place.name}) f={p.fatalities} a1={p.actor1} a2={p.actor2}{mark}")
                if pi in why_p or args.only:
                    s, e = p.start, p.end
                    print(f"       [{document.text[s:e]}] {p.notes[:220]!r}")
    print("\n| group | P | R | F1 | tp | fp | fn |\n|---|---|---|---|---|---|---|")
    for group, c in totals.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0
        f = 2 * p * r / (p + r) if p + r else 0
        print(f"| {group} | {p:.2f} | {r:.2f} | {f:.2f} | {c['tp']} | {c['fp']} | {c['fn']} |")
    print("\ncauses:")
    for cause, n in causes.most_common():
        print(f"  {n:4d}  {cause}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
