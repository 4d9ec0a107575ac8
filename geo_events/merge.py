"""Folding duplicate reports of one event, within and across dispatches.

Two records are one event when they share type, sub-type, tags and place, their periods
overlap (a day of slack for wire timing), and their numbers are compatible (within a factor
of two, or one side silent). Events are bucketed by (type, place) and swept in date order,
so merging n events costs O(n log n), not O(n²).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from dataclasses import replace
from typing import Iterable

from .events import Event

#: Days of slack when comparing periods: dispatches of one event often differ by a day.
SLACK = dt.timedelta(days=1)
#: Two figures for one event must be within this ratio.
COMPATIBLE_RATIO = 0.5


def _compatible(a: int | None, b: int | None) -> bool:
    if a is None or b is None:
        return True
    if a == b:
        return True
    return min(a, b) / max(a, b) >= COMPATIBLE_RATIO


def _key(e: Event) -> tuple:
    return (e.event_type, e.sub_event_type, e.tags, e.place.place_id if e.place else e.location)


def _width(e: Event) -> int:
    return (e.date_end - e.date_start).days if e.date_start and e.date_end else 10**6


def _fold(a: Event, b: Event) -> Event:
    """One record from two reports: the most precise date, the most conservative toll, all sources."""
    # Prefer a date read in the text over one assumed from publication, then the narrower one.
    rank = {"text": 0, "context": 1, "publication": 2, None: 3}
    dated = min((a, b), key=lambda e: (rank[e.date_basis], _width(e)))
    lowest = lambda x, y: y if x is None else x if y is None else min(x, y)  # noqa: E731
    one_day = a.date_start == b.date_start and a.date_end == b.date_end
    if a.sources == b.sources and one_day:
        # One dispatch giving two figures for one event: its first stands (``a`` is read first).
        first = lambda x, y: y if x is None else x  # noqa: E731
        fatalities = first(a.fatalities, b.fatalities)
    else:
        fatalities = lowest(a.fatalities, b.fatalities)
    with_toll = a if a.fatalities == fatalities else b
    notes = a.notes if b.notes in a.notes else f"{a.notes} | {b.notes}"
    return replace(
        a,
        date_start=dated.date_start,
        date_end=dated.date_end,
        date_basis=dated.date_basis,
        actor1=a.actor1 or b.actor1,
        actor2=a.actor2 or b.actor2,
        faction1=a.faction1 or b.faction1,
        fatalities=fatalities,
        fatalities_qualifier=with_toll.fatalities_qualifier if fatalities is not None else "",
        civilian_fatalities=with_toll.civilian_fatalities if a.sources == b.sources and one_day and fatalities is not None else lowest(a.civilian_fatalities, b.civilian_fatalities),
        child_fatalities=with_toll.child_fatalities if a.sources == b.sources and one_day and fatalities is not None else lowest(a.child_fatalities, b.child_fatalities),
        displaced=lowest(a.displaced, b.displaced),
        notes=notes,
        sources=tuple(dict.fromkeys(a.sources + b.sources)),
    )


def _same(a: Event, b: Event) -> bool:
    if a.date_start and b.date_start and a.date_end and b.date_end:
        if b.date_start > a.date_end + SLACK or a.date_start > b.date_end + SLACK:
            return False
    return _compatible(a.fatalities, b.fatalities) and _compatible(a.displaced, b.displaced)


def _one_track_per_venue(events: Iterable[Event]) -> list[Event]:
    """One dispatch's diplomatic events at one venue are one track (announced Monday, cancelled
    today), whatever their dates."""
    out: list[Event] = []
    seen: dict[tuple, int] = {}
    for e in events:
        if "diplomatic" in e.tags and len(e.sources) == 1:
            key = (e.sources[0], _key(e))
            if key in seen:
                out[seen[key]] = _fold(out[seen[key]], e)
                continue
            seen[key] = len(out)
        out.append(e)
    return out


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Events with duplicates folded into one record that keeps every source, in input order."""
    # The records are acyclic; cyclic-GC passes over a heap of 100k of them made each merge
    # step ~2.5x slower at 100k than at 10k events (benchmarks/bench_events.py), so pause it.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _merge(events)
    finally:
        if enabled:
            gc.enable()


def _merge(events: Iterable[Event]) -> list[Event]:
    buckets: dict[tuple, list[tuple[int, Event]]] = defaultdict(list)
    for i, e in enumerate(_one_track_per_venue(events)):
        buckets[_key(e)].append((i, e))
    out: list[tuple[int, Event]] = []
    far = dt.date.max
    for members in buckets.values():
        members.sort(key=lambda p: (p[1].date_start or far, p[0]))
        open_: list[tuple[int, Event]] = []  # records whose period may still overlap later ones
        for i, e in members:
            if e.date_start is not None:
                # Records ending before this one starts (with slack) can never merge again.
                still = []
                for j, o in open_:
                    if o.date_end is not None and o.date_end + SLACK < e.date_start:
                        out.append((j, o))
                    else:
                        still.append((j, o))
                open_ = still
            for k, (j, o) in enumerate(open_):
                if _same(o, e):
                    # The report read first stays the base record (its id, place span and wording).
                    open_[k] = (j, _fold(o, e)) if j < i else (i, _fold(e, o))
                    break
            else:
                open_.append((i, e))
        out.extend(open_)
    out.sort(key=lambda p: p[0])
    return [e for _, e in out]
