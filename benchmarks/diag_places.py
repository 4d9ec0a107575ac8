"""Place misses of gold sets by cause: which gold mentions are missed or resolved too far, why.

    python benchmarks/diag_places.py eval/dev-en-geovirus.jsonl eval/dev-en-lgl.jsonl [--half study|confirm|all] [-v] [--cause C]

Passages alternate between two halves (even index: ``study``, odd: ``confirm``) so a fix
studied on one half is confirmed on the other; figures are printed for both. Predictions are
cached per tree state (hash of engine and gazetteer sources) under /tmp, so a rerun after a
change only reparses when code changed.

Causes of a gold mention that fails its distance (5 km settlements, 161 km other non-country):
``missed`` (no predicted span), ``unresolved`` (span, no place), ``lacks`` (no sense of the
surface in the gazetteer lies within the limit), ``namesake`` (a sense within the limit exists,
another was chosen), ``far-point`` (same-named place chosen, its point is beyond the limit).
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gazetteer import distance_km, fold, open_gazetteer  # noqa: E402
from geo_events.documents import make_document  # noqa: E402
from geo_events.evaluate import PassageCounts, count_places, metrics, read_gold  # noqa: E402
from geo_events.places import resolve_documents  # noqa: E402

SETTLEMENTS = {"city", "town", "village", "neighbourhood"}


def _tree_hash(paths: list[str]) -> str:
    h = hashlib.sha256()
    for f in sorted([*ROOT.glob("geo_events/**/*.py"), *ROOT.glob("geo_events/data/**/*.yaml"), *ROOT.glob("gazetteer/**/*.py"), *ROOT.glob("gazetteer/data/overlay/*")]):
        h.update(f.read_bytes())
    for p in paths:
        h.update(Path(p).read_bytes())
    import os

    h.update(os.environ.get("GEO_EVENTS_GAZETTEER_DB", "").encode())
    return h.hexdigest()[:16]


def predictions(paths: list[str], gold, gaz):
    cache = Path(f"/tmp/diag-places-{_tree_hash(paths)}.pkl")
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    docs = [make_document(g.text, doc_id=g.doc_id, lang=g.lang, published=g.published) for g in gold]
    out: dict[str, list] = {}
    for m in resolve_documents(docs, gaz):
        out.setdefault(m.doc_id, []).append(m)
    cache.write_bytes(pickle.dumps(out))
    return out


def cause(g: dict, pred, gaz) -> tuple[str, float]:
    limit = 5.0 if g.get("level") in SETTLEMENTS else 161.0
    if pred is None:
        return "missed", float("inf")
    if pred.place is None:
        return "unresolved", float("inf")
    d = distance_km(g["lat"], g["lon"], pred.place.lat, pred.place.lon)
    if d <= limit:
        return "ok", d
    try:
        cands = gaz.lookup(g["surface"], limit=60)
    except Exception:
        cands = []
    if any(distance_km(g["lat"], g["lon"], c.place.lat, c.place.lon) <= limit for c in cands):
        return "namesake", d
    if fold(pred.place.name) == fold(g.get("name") or g["surface"]) or fold(pred.place.name) == fold(g["surface"]):
        return "far-point", d
    return "lacks", d


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--half", default="study", choices=["study", "confirm", "all"])
    ap.add_argument("-v", action="store_true", help="list each failing mention")
    ap.add_argument("--cause", help="list only this cause")
    ap.add_argument("--fp", action="store_true", help="list false positives too")
    args = ap.parse_args()
    gaz = open_gazetteer()
    gold = [g for f in args.files for g in read_gold(f)]
    preds = predictions(args.files, gold, gaz)
    totals = {(f, h): PassageCounts() for f in {g.file for g in gold} for h in ("study", "confirm")}
    index: Counter = Counter()
    causes: Counter = Counter()
    lines = []
    fps: Counter = Counter()
    for g in gold:
        half = "study" if index[g.file] % 2 == 0 else "confirm"
        index[g.file] += 1
        ps = preds.get(g.doc_id, [])
        totals[(g.file, half)] += count_places(g, ps)
        if args.half != "all" and half != args.half:
            continue
        used = set()
        for t in g.toponyms:
            match = next((i for i, p in enumerate(ps) if i not in used and p.start < t["end"] and t["start"] < p.end), None)
            if match is not None:
                used.add(match)
            if t.get("uncertain") or t.get("level") == "country" or t.get("lat") is None:
                continue
            why, d = cause(t, ps[match] if match is not None else None, gaz)
            if why == "ok":
                continue
            causes[(g.file, why, t.get("level"))] += 1
            p = ps[match] if match is not None else None
            got = f"{p.place.name} [{p.place.level.value} {p.place.country}] {p.reason}" if p is not None and p.place else (p.reason if p else "")
            lines.append((why, f"{g.doc_id} {why:10} {d:8.0f} km  {t['surface']!r} gold={t.get('name')} [{t.get('level')}] got={got}"))
        for i, p in enumerate(ps):
            if i not in used:
                fps[(p.surface, p.place.level.value if p.place else None)] += 1
    for f in sorted({g.file for g in gold}):
        totals[(f, "whole")] = PassageCounts()
        for h in ("study", "confirm"):
            totals[(f, "whole")] += totals[(f, h)]
        for h in ("study", "confirm", "whole"):
            m = metrics(totals[(f, h)], 0)["places"]
            r = m["resolution"]
            print(f"{f} {h:8} F1 {m['mentions']['f1']:.3f} P {m['mentions']['precision']:.3f} R {m['mentions']['recall']:.3f}  <=5km found {r['found_within_5km']}  <=161km found {r['found_within_161km']}")
    print()
    for (f, why, level), n in sorted(causes.items(), key=lambda x: -x[1])[:40]:
        print(f"{n:5d}  {f:28} {why:10} {level}")
    if args.v or args.cause:
        for why, line in lines:
            if not args.cause or why == args.cause:
                print(line)
    if args.fp:
        print("\nfalse positives")
        for (s, lvl), n in fps.most_common(60):
            print(f"{n:4d} {s!r} {lvl}")


if __name__ == "__main__":
    main()
