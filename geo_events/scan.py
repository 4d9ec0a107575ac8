"""Gazetteer pass over a parsed Doc's tokens: every run of name-like tokens that names a place.

This is the first source of recognition evidence. It walks spaCy tokens (not a regular
expression over capitalised Latin letters), so possessives ("Tunisia's" -> "Tunisia"),
elisions ("d'Alep"), hyphenated compounds ("US-led", "pro-Ankara") and any script the
tokenizer splits fall out of the tokenization. Runs are tried longest first; a hit keeps the
exact-name candidates, and spelling variants separately (the caller keeps those only in the
document's focus countries, where the gazetteer knows local spellings: "Chaar" for al-Shaar).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc as SpacyDoc

from gazetteer import Candidate, Gazetteer, Level, QueryError
from gazetteer.normalize import ARABIC_ARTICLES

from .nlp import doc_text

#: Longest run of tokens tried as one name ("Deir ez-Zor", "Bustan al-Qasr", "Ras al-Ain").
MAX_TOKENS = 7
_CONNECTORS = frozenset(ARABIC_ARTICLES | {"de", "du", "des", "la", "le", "bin", "ibn", "abu", "abou", "of", "-", "'", "’"})
_ABBREVIATION = re.compile(r"^(?:[A-Z]\.){2,4}$|^[A-Z]{2,4}$")
_HYPHENS = frozenset({"-", "‐"})
_SPAN_KEY = "gazetteer"


@dataclass(frozen=True)
class ScanHit:
    """A span of the text that is a gazetteer name, with its ranked candidates."""

    start: int
    end: int
    surface: str
    candidates: tuple[Candidate, ...]
    #: True when only transliteration variants matched ("Chaar" ~ "ash-Sha'ar").
    variant: bool = False

    @property
    def best(self) -> Candidate:
        return self.candidates[0]


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.fr.stop_words import STOP_WORDS as FR

    return frozenset(w.lower() for w in FR | EN)


_STOP: frozenset[str] | None = None


def _name_like(text: str, upper_doc: bool) -> bool:
    """Whether a word can start a name: capitalised (or any word of an all-caps text)."""
    first = text[:1]
    return first.isupper() or (upper_doc and first.isalpha()) or (not first.isascii() and first.isalpha() and not first.islower())


def _is_upper_doc(doc: SpacyDoc) -> bool:
    # filter/map keep the per-character work in C: this reads every character of the document.
    letters = list(filter(str.isalpha, doc_text(doc)))
    return len(letters) > 40 and sum(map(str.isupper, letters)) > 0.8 * len(letters)


class GazetteerMatcher:
    """Finds gazetteer names in a Doc; stores them as the span group ``doc.spans["gazetteer"]``."""

    def __init__(self, gazetteer: Gazetteer, *, min_score: float = 0.75, min_variant_score: float = 0.68) -> None:
        self.gazetteer = gazetteer
        self.min_score = min_score
        # Variants are kept only in the text's focus countries by the caller, so a looser bar.
        self.min_variant_score = min_variant_score
        #: Filtered lookups of the current document, by surface: a name recurs in a dispatch, and
        #: every capitalised word is tried. Emptied by :meth:`hits` for each new document, so a
        #: matcher kept in a pipeline holds one document's names at most.
        self._memo: dict[str, tuple[tuple[Candidate, ...], bool]] = {}

    def candidates(self, surface: str) -> tuple[tuple[Candidate, ...], bool]:
        """Exact candidates of a surface (or its spelling variants, flagged), filtered as in a scan."""
        return self._lookup(surface)

    def _lookup(self, surface: str) -> tuple[tuple[Candidate, ...], bool]:
        found = self._memo.get(surface)
        if found is None:
            found = self._memo[surface] = self._filtered_lookup(surface)
        return found

    def _filtered_lookup(self, surface: str) -> tuple[tuple[Candidate, ...], bool]:
        try:
            found = self.gazetteer.lookup(surface, fuzzy=False, limit=8)
        except QueryError:
            return (), False
        if _ABBREVIATION.match(surface):
            # "US", "UK", "U.S.": only countries whose name is that abbreviation, never a town
            # whose name folds to the same letters ("Us", "el-Ei"); a state written with the
            # periods of its abbreviation ("S.C.", "N.Y.") is the state.
            found = [
                c for c in found
                if _ABBREVIATION.match(c.matched.replace(" ", ""))
                and (c.place.level is Level.COUNTRY or ("." in surface and c.matched.replace(" ", "") == surface.replace(" ", "") and c.place.level is Level.GOVERNORATE))
            ]
        exact = tuple(c for c in found if c.why.startswith("exact") and c.score >= self.min_score)
        if exact:
            return exact, False
        variants = tuple(c for c in found if len(surface) >= 5 and c.score >= self.min_variant_score)
        return variants, True

    def hits(self, doc: SpacyDoc) -> list[ScanHit]:
        global _STOP
        if _STOP is None:
            _STOP = _stop_words()
        self._memo = {}
        text = doc_text(doc)
        upper_doc = _is_upper_doc(doc)
        # Each token's attributes read once into plain lists: a Token is built on every access
        # to ``doc[i]`` and its strings on every attribute read.
        words: list[str] = []
        spaces: list[str] = []
        starts: list[int] = []
        punct: list[bool] = []
        for token in doc:
            words.append(token.text)
            spaces.append(token.whitespace_)
            starts.append(token.idx)
            punct.append(token.is_punct)
        n = len(words)
        out: list[ScanHit] = []
        i = 0
        while i < n:
            word = words[i]
            if not _name_like(word, upper_doc) or punct[i]:
                part = self._hyphen_part(word, starts[i])
                if part is not None:
                    out.append(part)
                i += 1
                continue
            stop_start = word.lower() in _STOP
            hit = None
            # Grow the run: name-like words, lower-case connectors inside, no line break.
            run = [i]
            j = i + 1
            while j < n and len(run) < MAX_TOKENS:
                following = words[j]
                if "\n" in spaces[j - 1] or "\n" in following:
                    break
                # Inside one hyphenated word every part belongs to the name: "Port-au-Prince".
                hyphenated = not spaces[j - 1] and (following in _HYPHENS or words[j - 1] in _HYPHENS)
                if _name_like(following, upper_doc) or following.lower() in _CONNECTORS or hyphenated:
                    run.append(j)
                    j += 1
                else:
                    break
            for k in range(len(run), 0, -1):
                last = run[k - 1]
                if words[last].lower() in _CONNECTORS:
                    continue
                start, end = starts[i], starts[last] + len(words[last])
                surface = text[start:end].rstrip("’'-")
                end = start + len(surface)
                common = surface.lower() in _STOP and not (surface.isupper() and not upper_doc)
                if k == 1 and (len(surface) < 2 or common or surface.lower() in ARABIC_ARTICLES):
                    continue
                candidates, variant = self._lookup(surface)
                if stop_start:
                    # "The Hague" is a name with its article; "The US" is not a spelling of
                    # Choshi, nor "As IS" of Is: try the run without the first word.
                    lowered = word.lower()
                    candidates = tuple(c for c in candidates if not variant and c.matched.lower().startswith(lowered))
                if candidates:
                    hit = ScanHit(start, end, surface, candidates, variant)
                    i = last + 1
                    break
            if hit is None:
                hit = self._hyphen_part(word, starts[i])
                i += 1
            if hit is not None:
                out.append(hit)
        return out

    def _hyphen_part(self, word: str, idx: int) -> ScanHit | None:
        """A capitalised part of a hyphenated token (its text and offset): "pro-Ankara" -> "Ankara"."""
        if "-" not in word:
            return None
        offset = 0
        for index, part in enumerate(word.split("-")):
            # After a prefix ("pro-Ankara"), or an abbreviation before a suffix ("U.S.-led"),
            # never the first word of "Trente-huit".
            first_ok = index == 0 and bool(_ABBREVIATION.match(part))
            if (index > 0 or first_ok) and part[:1].isupper() and len(part) >= 2:
                candidates, variant = self._lookup(part)
                if candidates and not variant:
                    start = idx + offset
                    return ScanHit(start, start + len(part), part, candidates, False)
            offset += len(part) + 1
        return None

    def __call__(self, doc: SpacyDoc) -> SpacyDoc:
        spans = []
        for hit in self.hits(doc):
            span = doc.char_span(hit.start, hit.end, label="PLACE", alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[_SPAN_KEY] = spans
        return doc


@Language.factory("gazetteer_matcher", default_config={"path": None})
def make_gazetteer_matcher(nlp: Language, name: str, path: str | None) -> GazetteerMatcher:
    """The matcher as a pipeline component (``nlp.add_pipe("gazetteer_matcher")``)."""
    from gazetteer import open_gazetteer

    return GazetteerMatcher(open_gazetteer(path))


def scan(doc: SpacyDoc, gazetteer: Gazetteer, *, min_score: float = 0.75) -> list[ScanHit]:
    """Every run of name-like tokens of a parsed ``doc`` that names a gazetteer place."""
    return GazetteerMatcher(gazetteer, min_score=min_score).hits(doc)


__all__ = ["GazetteerMatcher", "ScanHit", "scan"]
