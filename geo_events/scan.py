"""Gazetteer-only toponym pass: capitalised name sequences looked up exactly.

This is the first stage of recognition -- every capitalised span that is a known place
name, longest match first. It does not yet weigh context (demonyms, organisations,
metonymy), which the spaCy-based recogniser layers on top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gazetteer import Candidate, Gazetteer, QueryError
from gazetteer.normalize import ARABIC_ARTICLES

# A capitalised word, possibly hyphenated (Alep-Est, Deir ez-Zor's parts), with an
# optional French elision before it (d'Alep, l'Idleb).
_WORD = r"[A-ZÀ-ÖØ-Þ][\w’'-]*"
_CONNECTOR = r"(?:al|el|ez|es|ash|as|ad|ar|at|an|de|du|des|la|le|bin|ibn|abu|abou)"
_SPAN = re.compile(
    rf"(?<![\w’'])(?:[dlDL][’'])?(?P<name>{_WORD}(?:(?:\s|-)+(?:{_CONNECTOR}(?:\s|-)+)?{_WORD})*)"
)
_ELISION = re.compile(r"^[dlDL][’']")


@dataclass(frozen=True)
class ScanHit:
    """A span of the text that is a gazetteer name, with its ranked candidates."""

    start: int
    end: int
    surface: str
    candidates: tuple[Candidate, ...]

    @property
    def best(self) -> Candidate:
        return self.candidates[0]


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.fr.stop_words import STOP_WORDS as FR

    return frozenset(w.lower() for w in FR | EN)


_STOP: frozenset[str] | None = None


def scan(text: str, gazetteer: Gazetteer, *, min_score: float = 0.75) -> list[ScanHit]:
    """Every capitalised span of ``text`` that exactly names a gazetteer place."""
    global _STOP
    if _STOP is None:
        _STOP = _stop_words()
    hits: list[ScanHit] = []
    for match in _SPAN.finditer(text):
        start = match.start("name")
        words = list(re.finditer(r"\S+", match.group("name")))
        # Longest sub-span first, sliding right: "Bustan al-Qasr Hanano" -> both names.
        i = 0
        while i < len(words):
            for j in range(len(words), i, -1):
                s = start + words[i].start()
                e = start + words[j - 1].end()
                surface = text[s:e].rstrip("’'-")
                e = s + len(surface)
                if j - i == 1 and (len(surface) < 3 or surface.lower() in _STOP or surface.lower() in ARABIC_ARTICLES):
                    continue
                try:
                    found = gazetteer.lookup(surface, fuzzy=False, limit=5)
                except QueryError:
                    continue
                # Exact names anywhere; transliteration variants only in the focus country,
                # where the gazetteer knows the local spellings ("Chaar" for al-Shaar).
                exact = tuple(
                    c
                    for c in found
                    if c.score >= min_score
                    and (c.why.startswith("exact") or (len(surface) >= 5 and c.place.country == gazetteer.focus))
                )
                if exact:
                    hits.append(ScanHit(s, e, surface, exact))
                    i = j - 1
                    break
            i += 1
    return hits
