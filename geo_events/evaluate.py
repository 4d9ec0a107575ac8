"""Evaluation against annotated passages (format of ``eval/SHARED-README.md``).

Every passage is scored on its own into counts; counts are summed over any group of passages
(a file, a slice, a language, everything), so per-group figures are exact, not averages.

Places: mention precision/recall/F1 with overlapping spans (uncertain gold mentions neither hit
nor miss); resolution accuracy within 5 km (city, town, village, neighbourhood) and 161 km (other
non-country levels) over matched mentions; "found and within" the same distances over all gold
mentions that have a point (a missed mention counts as a failure); median error; role accuracy.
Events: type agrees and points within 25 km, one-to-one; fatalities and dates exact among matched.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from gazetteer import Gazetteer, distance_km

from .analysis import analyse
from .documents import make_document
from .errors import InputError
from .events import Event
from .io import iter_jsonl
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
    slice: str | None = None
    file: str = ""


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
        for e in record.get("events", []):
            if not isinstance(e, dict) or not e.get("event_type"):
                raise InputError(where, "each event needs an 'event_type'")
        passages.append(
            GoldPassage(
                str(record.get("id") or number),
                record["text"],
                record.get("lang"),
                record.get("published"),
                record.get("toponyms", []),
                record.get("events", []),
                record.get("slice"),
                Path(path).name,
            )
        )
    if not passages:
        raise InputError(path, "no passages")
    return passages


def _prf(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _ratio(ok: int, total: int) -> float | None:
    return round(ok / total, 4) if total else None


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


@dataclass
class PassageCounts:
    """What one passage contributes to every metric; groups add these up."""

    counts: Counter = field(default_factory=Counter)
    errors: list[float] = field(default_factory=list)

    def __iadd__(self, other: "PassageCounts") -> "PassageCounts":
        self.counts.update(other.counts)
        self.errors.extend(other.errors)
        return self


def count_places(passage: GoldPassage, preds: list[ResolvedMention]) -> PassageCounts:
    out = PassageCounts()
    c = out.counts
    used: set[int] = set()
    for g in passage.toponyms:
        match = next((i for i, p in enumerate(preds) if i not in used and _overlap(p.start, p.end, g["start"], g["end"])), None)
        if g.get("uncertain"):
            if match is not None:
                used.add(match)
            continue
        point = g.get("level") != "country" and g.get("lat") is not None
        scale = "5" if g.get("level") in _SETTLEMENT_LEVELS else "161"
        if point:
            c[f"gold_{scale}"] += 1
        if match is None:
            c["mention_fn"] += 1
            continue
        used.add(match)
        c["mention_tp"] += 1
        p = preds[match]
        if g.get("role"):
            c["role_total"] += 1
            c["role_ok"] += p.role == g["role"]
        if not point:
            continue
        error = distance_km(g["lat"], g["lon"], p.place.lat, p.place.lon) if p.place else float("inf")
        out.errors.append(error)
        limit = 5.0 if scale == "5" else 161.0
        c[f"matched_{scale}"] += 1
        c[f"within_{scale}"] += error <= limit
    c["mention_fp"] += sum(1 for i in range(len(preds)) if i not in used)
    return out


def _gold_period(g: dict) -> tuple[str, str] | None:
    if g.get("date"):
        return g["date"], g["date"]
    if g.get("date_start") or g.get("date_end"):
        return g.get("date_start") or g.get("date_end"), g.get("date_end") or g.get("date_start")
    return None


def match_events(gold_events: list[dict], preds: list[Event]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs: the event type agrees and the point lies
    within ``EVENT_MATCH_KM``; pairs agreeing on sub-type and toll first, then the closest.
    ``preds`` must all have a place."""
    pairs = []
    for gi, g in enumerate(gold_events):
        if g.get("lat") is None or g.get("lon") is None:
            continue
        for pi, p in enumerate(preds):
            if p.event_type == g.get("event_type"):
                d = distance_km(g["lat"], g["lon"], p.place.lat, p.place.lon)
                if d <= EVENT_MATCH_KM:
                    agree = (p.sub_event_type == g.get("sub_event_type")) + (p.fatalities == g.get("fatalities"))
                    pairs.append((-agree, d, gi, pi))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


def count_events(passage: GoldPassage, predicted: list[Event]) -> PassageCounts:
    """Events one-to-one (type agrees, point within 25 km; pairs agreeing on sub-type and toll
    first, then the closest); fatalities and dates compared exactly among matched events."""
    out = PassageCounts()
    c = out.counts
    preds = [e for e in predicted if e.place is not None]
    matched = match_events(passage.events, preds)
    used_g = {gi for gi, _ in matched}
    used_p = {pi for _, pi in matched}
    for gi, pi in matched:
        g, p = passage.events[gi], preds[pi]
        c["subtype_total"] += 1
        c["subtype_ok"] += p.sub_event_type == g.get("sub_event_type")
        if g.get("fatalities") is not None:
            c["fat_total"] += 1
            c["fat_ok"] += p.fatalities == g["fatalities"]
        period = _gold_period(g)
        if period is not None:
            c["date_total"] += 1
            predicted_period = (p.date_start.isoformat() if p.date_start else None, p.date_end.isoformat() if p.date_end else None)
            c["date_ok"] += predicted_period == period
    c["event_tp"] += len(used_g)
    c["event_fn"] += len(passage.events) - len(used_g)
    c["event_fp"] += len(preds) - len(used_p)
    c["gold_events"] += len(passage.events)
    return out


def metrics(total: PassageCounts, passages: int) -> dict:
    """Figures of a group of passages from their summed counts."""
    c = total.counts
    errors = total.errors
    finite = [e for e in errors if e != float("inf")]
    return {
        "passages": passages,
        "places": {
            "mentions": _prf(c["mention_tp"], c["mention_fp"], c["mention_fn"]),
            "resolution": {
                "accuracy_5km": _ratio(c["within_5"], c["matched_5"]),
                "n_5km": c["matched_5"],
                "accuracy_161km": _ratio(c["within_161"], c["matched_161"]),
                "n_161km": c["matched_161"],
                "found_within_5km": _ratio(c["within_5"], c["gold_5"]),
                "gold_5km": c["gold_5"],
                "found_within_161km": _ratio(c["within_5"] + c["within_161"], c["gold_5"] + c["gold_161"]) if c["gold_5"] + c["gold_161"] else None,
                "gold_161km": c["gold_5"] + c["gold_161"],
                "median_error_km": round(statistics.median(finite), 3) if finite else None,
                "unresolved": len(errors) - len(finite),
            },
            "roles": {"accuracy": _ratio(c["role_ok"], c["role_total"]), "n": c["role_total"]},
        },
        "events": {**_prf(c["event_tp"], c["event_fp"], c["event_fn"]), "gold": c["gold_events"]},
        "sub_event_types": {"exact_match": _ratio(c["subtype_ok"], c["subtype_total"]), "n": c["subtype_total"]},
        "fatalities": {"exact_match": _ratio(c["fat_ok"], c["fat_total"]), "n": c["fat_total"]},
        "dates": {"exact_match": _ratio(c["date_ok"], c["date_total"]), "n": c["date_total"]},
    }


def score_places(gold: list[GoldPassage], predicted: dict[str, list[ResolvedMention]]) -> dict:
    """Place metrics over all passages (the ``places`` part of :func:`metrics`)."""
    total = PassageCounts()
    for passage in gold:
        total += count_places(passage, predicted.get(passage.doc_id, []))
    return metrics(total, len(gold))["places"]


def score_events(gold: list[GoldPassage], predicted: dict[str, list[Event]]) -> dict:
    """Event metrics over all passages (the event parts of :func:`metrics`)."""
    total = PassageCounts()
    for passage in gold:
        total += count_events(passage, predicted.get(passage.doc_id, []))
    m = metrics(total, len(gold))
    return {k: m[k] for k in ("events", "sub_event_types", "fatalities", "dates")}


def _groups(passage: GoldPassage) -> list[str]:
    groups = [f"file {passage.file}", f"slice {passage.slice or Path(passage.file).stem}"]
    if passage.lang:
        groups.append(f"lang {passage.lang}" + (" (with events)" if passage.events else " (places only)"))
    return groups + ["all"]


def evaluate_many(gold_paths: list[Path | str], gazetteer: Gazetteer | None = None) -> dict[str, dict]:
    """Run the pipeline once over every gold passage of every file; metrics per file, per slice,
    per language (sets with events apart from place-only sets) and over all."""
    gold: list[GoldPassage] = []
    for path in gold_paths:
        gold.extend(read_gold(path))
    ids = Counter(g.doc_id for g in gold)
    duplicated = sorted(k for k, n in ids.items() if n > 1)
    if duplicated:
        raise InputError(gold_paths[0], f"passage id(s) appear more than once across the gold files: {', '.join(duplicated[:5])}")
    documents = [make_document(g.text, doc_id=g.doc_id, lang=g.lang, published=g.published) for g in gold]
    # Passages are scored one by one: merging would fold events across unrelated passages.
    result = analyse(documents, gazetteer, merge=False)
    mentions: dict[str, list[ResolvedMention]] = {}
    for m in result.mentions:
        mentions.setdefault(m.doc_id, []).append(m)
    raw: dict[str, list[Event]] = {}
    for e in result.raw_events:
        raw.setdefault(e.source, []).append(e)
    totals: dict[str, PassageCounts] = {}
    sizes: Counter = Counter()
    for passage in gold:
        counts = count_places(passage, mentions.get(passage.doc_id, []))
        counts += count_events(passage, merge_events(raw.get(passage.doc_id, [])))
        for group in _groups(passage):
            totals.setdefault(group, PassageCounts())
            totals[group] += counts
            sizes[group] += 1
    order = sorted(totals, key=lambda g: (g == "all", g.split(" ")[0] != "file", g.split(" ")[0] != "slice", g))
    return {group: metrics(totals[group], sizes[group]) for group in order}


def evaluate(gold_path: Path | str, gazetteer: Gazetteer | None = None) -> dict:
    """Metrics of one gold file (the ``all`` group of :func:`evaluate_many`)."""
    return evaluate_many([gold_path], gazetteer)["all"]


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


TABLE_COLUMNS = (
    "group", "docs", "mention P/R/F1", "≤5 km found", "≤161 km found", "events P/R/F1 (gold)", "fatal. exact (n)", "dates exact (n)",
)


def table_rows(report: dict[str, dict]) -> list[tuple[str, ...]]:
    """One row of strings per group, in the columns of :data:`TABLE_COLUMNS`."""
    rows = []
    for group, m in report.items():
        men = m["places"]["mentions"]
        res = m["places"]["resolution"]
        ev = m["events"]
        has_events = ev["gold"] > 0
        rows.append(
            (
                group,
                str(m["passages"]),
                f"{_fmt(men['precision'])} / {_fmt(men['recall'])} / {_fmt(men['f1'])}",
                f"{_fmt(res['found_within_5km'])} ({res['gold_5km']})",
                f"{_fmt(res['found_within_161km'])} ({res['gold_161km']})",
                f"{_fmt(ev['precision'])} / {_fmt(ev['recall'])} / {_fmt(ev['f1'])} ({ev['gold']})" if has_events else "—",
                f"{_fmt(m['fatalities']['exact_match'])} ({m['fatalities']['n']})" if has_events else "—",
                f"{_fmt(m['dates']['exact_match'])} ({m['dates']['n']})" if has_events else "—",
            )
        )
    return rows


def markdown_table(report: dict[str, dict]) -> str:
    """The report as a Markdown table (what the README shows)."""
    lines = ["| " + " | ".join(TABLE_COLUMNS) + " |", "|" + "---|" * len(TABLE_COLUMNS)]
    lines += ["| " + " | ".join(row) + " |" for row in table_rows(report)]
    return "\n".join(lines)
