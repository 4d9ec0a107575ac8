"""Sentences, their clauses, and how far two words are from each other in the parse.

Events and control claims link a trigger word to the places, actors, numbers and dates of
its clause. Distance is the path length in spaCy's dependency tree when the pipeline has a
parser (French), plus a small share of the distance in words; pipelines without a parser
(English) fall back to the distance in words.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Token

from .lang import lexicon
from .nlp import doc_text

#: Weight of the distance in words beside the tree distance.
LINEAR_WEIGHT = 0.15
#: Penalty for crossing a clause boundary (";", "tandis que", "while").
OTHER_CLAUSE = 6.0


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    #: Character spans of the clauses ("...tués, tandis que ... ont fui" -> two).
    clauses: tuple[tuple[int, int], ...]

    def clause_of(self, offset: int) -> int:
        for i, (a, b) in enumerate(self.clauses):
            if a <= offset < b:
                return i
        return len(self.clauses) - 1


@lru_cache(maxsize=None)
def _breaks(lang: str) -> re.Pattern:
    return re.compile(lexicon(lang).CLAUSE_BREAKS, re.IGNORECASE)


def sentences(parsed: SpacyDoc, lang: str) -> list[Sentence]:
    """The document's sentences with their clause spans."""
    out = []
    text = doc_text(parsed)  # Doc.text joins every token on each access: read it once per Doc
    for i, sent in enumerate(parsed.sents):
        start, end = sent.start_char, sent.end_char
        cuts = [start] + [m.start() for m in _breaks(lang).finditer(text, start, end)] + [end]
        clauses = tuple((a, b) for a, b in zip(cuts, cuts[1:]) if b > a)
        out.append(Sentence(i, start, end, clauses or ((start, end),)))
    return out


class Distances:
    """Distances between character offsets of one parsed document."""

    def __init__(self, parsed: SpacyDoc) -> None:
        self.doc = parsed
        self.starts = [t.idx for t in parsed]
        self.parsed = parsed.has_annotation("DEP")

    def token(self, offset: int) -> Token:
        i = max(0, bisect.bisect_right(self.starts, offset) - 1)
        return self.doc[i]

    def span_head(self, start: int, end: int) -> Token:
        """The token of ``[start, end)`` whose head lies outside it (the span's syntactic head)."""
        first = self.token(start)
        last = bisect.bisect_left(self.starts, end, lo=first.i)  # offsets are sorted: no scan to the end
        tokens = list(self.doc[first.i : last]) or [first]
        if not self.parsed:
            return tokens[-1]
        inside = {t.i for t in tokens}
        return next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[-1])

    def tree(self, a: Token, b: Token) -> int:
        path_a = [a] + list(a.ancestors)
        depth = {t.i: d for d, t in enumerate(path_a)}
        for d_b, t in enumerate([b] + list(b.ancestors)):
            if t.i in depth:
                return depth[t.i] + d_b
        return len(path_a) + d_b + 1  # different sentences' trees

    def between(self, a: tuple[int, int], b: tuple[int, int]) -> float:
        """How far span ``a`` is from span ``b``: tree plus word distance, or words alone."""
        ta, tb = self.span_head(*a), self.span_head(*b)
        linear = abs(ta.i - tb.i)
        if not self.parsed:
            return float(linear)
        return self.tree(ta, tb) + LINEAR_WEIGHT * linear
