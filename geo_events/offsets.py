"""Spans of one text indexed by offset, so per-sentence lookups in a long document cost
a bisection instead of a scan of the whole document."""

from __future__ import annotations

import bisect
from itertools import accumulate
from typing import Generic, Protocol, Sequence, TypeVar


class _Span(Protocol):
    start: int
    end: int


S = TypeVar("S", bound=_Span)


class ByStart(Generic[S]):
    """Spans kept in their given order; when that order is by start (mentions, actor spans),
    the ones starting in a range are found by bisection, in that same order."""

    def __init__(self, spans: Sequence[S]) -> None:
        self.spans = list(spans)
        self.starts = [s.start for s in self.spans]
        self.ordered = all(a <= b for a, b in zip(self.starts, self.starts[1:]))
        #: Largest end among the spans up to each one: whether one covers a range is a bisection.
        self.reach = list(accumulate((s.end for s in self.spans), max)) if self.ordered else []

    def starting_in(self, lo: int, hi: int) -> list[S]:
        """``[s for s in spans if lo <= s.start < hi]``."""
        if not self.ordered:
            return [s for s in self.spans if lo <= s.start < hi]
        return self.spans[bisect.bisect_left(self.starts, lo) : bisect.bisect_left(self.starts, hi)]

    def covers(self, start: int, end: int) -> bool:
        """``any(s.start <= start and end <= s.end for s in spans)``."""
        if not self.ordered:
            return any(s.start <= start and end <= s.end for s in self.spans)
        i = bisect.bisect_right(self.starts, start)
        return i > 0 and self.reach[i - 1] >= end
