"""Evaluation against annotated passages (format of ``shared/eval/README.md``).

Mention precision/recall/F1 with overlapping spans (uncertain gold mentions neither hit nor
miss); resolution accuracy within 5 km (city, town, village, neighbourhood) and 161 km (other
non-country levels) over matched mentions; median error in km; role accuracy.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

from gazetteer import Gazetteer, distance_km

from .documents import make_document
from .errors import InputError
from .io import iter_jsonl
from .analysis import analyse
from .events import Event
from .merge import merge_events
from .resolve import ResolvedMention

_SETTLEMENT_LEVELS = {"city", "town", "village", "neighbourhood"}
#: An event matches a gold one when the type agrees and the points are this close.
EVENT_MATCH_KM = 25.0


@dataclass(frozen=True)
class GoldPassage:
    doc_id: str
    text: str
    lang: str | None
    published: str | None
    toponyms: list[dict]
    events: list[dict]


def read_gold(path: Path | str) -> list[GoldPassage]:
    """Annotated passages of a JSON Lines gold file, checked for the fields scoring needs."""
    passages = []
    for number, (where, record) in enumerate(iter_jsonl(path), start=1):
        for t in record.get("toponyms", []):
            try:
                matches = record["text"][t["start"] : t["end"]] == t["surface"]
            except (KeyError, TypeError):
                raise InputError(where, "each toponym needs integer 'start', 'end' and a 'surface'") from None
            if not matches:
                raise InputError(where, f"toponym {t['surface']!r} does not match text[{t['start']}:{t['end']}]")
        passages.append(
            GoldPassage(str(record.get("id") or number), record["text"], record.get("lang"), record.get("published"), record.get("toponyms", []), record.get("events", []))
        )
    if not passages:
        raise InputError(path, "no passages")
    return passages


def _prf(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def score_places(gold: list[GoldPassage], predicted: dict[str, list[ResolvedMention]]) -> dict:
    """Mention, resolution and role metrics over all passages."""
    tp = fp = fn = 0
    within5 = total5 = within161 = total161 = 0
    errors: list[float] = []
    role_ok = role_total = 0
    for passage in gold:
        preds = predicted.get(passage.doc_id, [])
        used: set[int] = set()
        for g in passage.toponyms:
            match = next((i for i, p in enumerate(preds) if i not in used and _overlap(p.start, p.end, g["start"], g["end"])), None)
            if g.get("uncertain"):
                if match is not None:
                    used.add(match)
                continue
            if match is None:
                fn += 1
                continue
            used.add(match)
            tp += 1
            p = preds[match]
            if g.get("role"):
                role_total += 1
                role_ok += p.role == g["role"]
            if g.get("level") == "country" or g.get("lat") is None:
                continue
            error = distance_km(g["lat"], g["lon"], p.place.lat, p.place.lon) if p.place else float("inf")
            errors.append(error)
            if g.get("level") in _SETTLEMENT_LEVELS:
                total5 += 1
                within5 += error <= 5
            else:
                total161 += 1
                within161 += error <= 161
        fp += sum(1 for i in range(len(preds)) if i not in used)
    finite = [e for e in errors if e != float("inf")]
    return {
        "mentions": _prf(tp, fp, fn),
        "resolution": {
            "accuracy_5km": round(within5 / total5, 4) if total5 else None,
            "n_5km": total5,
            "accuracy_161km": round(within161 / total161, 4) if total161 else None,
            "n_161km": total161,
            "median_error_km": round(statistics.median(errors), 3) if errors and len(finite) == len(errors) else (round(statistics.median(errors), 3) if finite else None),
            "unresolved": len(errors) - len(finite),
        },
        "roles": {"accuracy": round(role_ok / role_total, 4) if role_total else None, "n": role_total},
    }


def _gold_period(g: dict) -> tuple[str, str] | None:
    if g.get("date"):
        return g["date"], g["date"]
    if g.get("date_start") or g.get("date_end"):
        return g.get("date_start") or g.get("date_end"), g.get("date_end") or g.get("date_start")
    return None


def score_events(gold: list[GoldPassage], predicted: dict[str, list[Event]]) -> dict:
    """Event-type P/R/F1 (type agrees, point within 25 km, one-to-one, closest first), fatalities
    exact-match rate over matched events whose gold gives fatalities, date exact-match rate over
    matched events whose gold gives a date or period."""
    tp = fp = fn = 0
    fat_ok = fat_total = date_ok = date_total = 0
    for passage in gold:
        preds = [e for e in predicted.get(passage.doc_id, []) if e.place is not None]
        pairs = []
        for gi, g in enumerate(passage.events):
            if g.get("lat") is None or g.get("lon") is None:
                continue
            for pi, p in enumerate(preds):
                if p.event_type == g.get("event_type"):
                    d = distance_km(g["lat"], g["lon"], p.place.lat, p.place.lon)
                    if d <= EVENT_MATCH_KM:
                        # Prefer pairs that agree on sub-type and numbers, then the closest.
                        agree = (p.sub_event_type == g.get("sub_event_type")) + (p.fatalities == g.get("fatalities"))
                        pairs.append((-agree, d, gi, pi))
        pairs.sort()
        used_g: set[int] = set()
        used_p: set[int] = set()
        for _, _, gi, pi in pairs:
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            g, p = passage.events[gi], preds[pi]
            if g.get("fatalities") is not None:
                fat_total += 1
                fat_ok += p.fatalities == g["fatalities"]
            period = _gold_period(g)
            if period is not None:
                date_total += 1
                predicted_period = (p.date_start.isoformat() if p.date_start else None, p.date_end.isoformat() if p.date_end else None)
                date_ok += predicted_period == period
        tp += len(used_g)
        fn += len(passage.events) - len(used_g)
        fp += len(preds) - len(used_p)
    return {
        "events": _prf(tp, fp, fn),
        "fatalities": {"exact_match": round(fat_ok / fat_total, 4) if fat_total else None, "n": fat_total},
        "dates": {"exact_match": round(date_ok / date_total, 4) if date_total else None, "n": date_total},
    }


def evaluate(gold_path: Path | str, gazetteer: Gazetteer | None = None) -> dict:
    """Run the pipeline on every gold passage and score places and events."""
    gold = read_gold(gold_path)
    documents = [make_document(g.text, doc_id=g.doc_id, lang=g.lang, published=g.published) for g in gold]
    # Passages are scored one by one: merging would fold events across unrelated passages.
    result = analyse(documents, gazetteer, merge=False)
    by_doc: dict[str, list[ResolvedMention]] = {}
    for m in result.mentions:
        by_doc.setdefault(m.doc_id, []).append(m)
    events_by_doc: dict[str, list[Event]] = {}
    for e in result.raw_events:
        events_by_doc.setdefault(e.source, []).append(e)
    events_by_doc = {k: merge_events(v) for k, v in events_by_doc.items()}
    return {"passages": len(gold), "places": score_places(gold, by_doc), **score_events(gold, events_by_doc)}
