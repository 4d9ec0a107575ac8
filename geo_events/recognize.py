"""Toponym recognition: gazetteer names and spaCy locations, filtered by context.

Sources of spans, in order: the gazetteer pass (:mod:`geo_events.scan`), spaCy's LOC/GPE
entities the gazetteer pass missed, and vague areas ("le sud du pays"). Spans inside
organisation names or multi-word person names are dropped; demonyms never reach the
output because they are neither gazetteer names nor singular locations. Each mention keeps
the cues around it -- level words, prepositions -- for the resolver.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from dataclasses import dataclass, field

from spacy.tokens import Doc as SpacyDoc

from gazetteer import Candidate, Gazetteer, Level, QueryError

from .documents import Document
from .lang import lexicon
from .scan import scan

_WORDS = re.compile(r"[\w-]+", re.UNICODE)
_DETERMINERS = frozenset({"le", "la", "les", "l", "the", "a", "an"})
# A mention "hint" from the words before it: how the place relates to the clause.
LOCATIVE, AGENT, ORIGIN, NONE = "locative", "agent", "origin", "none"


@dataclass(frozen=True)
class Mention:
    """A recognised toponym span, with the cues around it and its gazetteer candidates."""

    start: int
    end: int
    surface: str
    sentence: tuple[int, int]
    candidates: tuple[Candidate, ...] = ()
    level_cue: Level | None = None
    hint: str = NONE
    near: bool = False
    vague_direction: str | None = None
    vague_of: str | None = None
    origin: str = "gazetteer"  # gazetteer | ner | vague
    notes: tuple[str, ...] = field(default_factory=tuple)


def _words_before(text: str, start: int, sent_start: int, n: int = 4) -> list[str]:
    return [w.lower() for w in _WORDS.findall(text[sent_start:start].replace("’", " ").replace("'", " "))][-n:]


def _words_after(text: str, end: int, sent_end: int, n: int = 2) -> list[str]:
    return [w.lower() for w in _WORDS.findall(text[end:sent_end])][:n]


def _cues(lex, text: str, start: int, end: int, sentence: tuple[int, int]) -> tuple[Level | None, str, bool]:
    before = _words_before(text, start, sentence[0])
    after = _words_after(text, end, sentence[1])
    level = None
    # "le quartier de Chaar": the cue word sits before an optional preposition.
    for word in reversed(before[-3:]):
        if word in lex.LEVEL_CUES_BEFORE:
            level = Level.parse(lex.LEVEL_CUES_BEFORE[word])
            break
        if word not in lex.LOCATIVE and word not in _DETERMINERS:
            break
    if level is None and after and after[0] in lex.LEVEL_CUES_AFTER:
        level = Level.parse(lex.LEVEL_CUES_AFTER[after[0]])
    content = [w for w in before if w not in _DETERMINERS]
    near = any(w in lex.NEAR for w in content[-3:])
    hint = NONE
    if content:
        last = content[-1]
        if any(w in lex.ORIGIN for w in content[-3:]) and (last in lex.LOCATIVE or last in lex.ORIGIN):
            hint = ORIGIN
        elif last in lex.AGENT or (len(content) > 1 and content[-2] in lex.AGENT and last in ("to", "après")):
            hint = AGENT
        elif last in lex.LOCATIVE or last in lex.LEVEL_CUES_BEFORE:
            hint = LOCATIVE
    # English compounds: "Britain-based", "Idlib-based".
    if text[end : end + 7].lower() in ("-based ", "-based,", "-based."):
        hint = ORIGIN
    return level, hint, near


class _Index:
    """Entities and sentences of a parse, read once and searched by offset.

    ``parsed.ents`` rebuilds its tuple on every access and ``parsed.sents`` walks the whole
    Doc, so per-mention loops over them made recognition quadratic in document length.
    """

    def __init__(self, parsed: SpacyDoc) -> None:
        self.ents = list(parsed.ents)
        self.ent_starts = [e.start_char for e in self.ents]
        # Entities do not overlap, so their ends grow with their starts.
        self.ent_ends = [e.end_char for e in self.ents]
        self.sents = [(s.start_char, s.end_char) for s in parsed.sents]
        self.sent_starts = [s for s, _ in self.sents]
        self.length = len(parsed.text)

    def ents_over(self, start: int, end: int) -> list:
        lo = bisect_right(self.ent_ends, start)
        hi = bisect_right(self.ent_starts, end - 1) if end > start else lo
        return self.ents[lo:max(lo, hi)]

    def sentence_of(self, start: int) -> tuple[int, int]:
        i = bisect_right(self.sent_starts, start) - 1
        if i >= 0 and self.sents[i][0] <= start < self.sents[i][1]:
            return self.sents[i]
        return 0, self.length


def _in_excluded_entity(lex, index: _Index, start: int, end: int, candidates: tuple[Candidate, ...]) -> str | None:
    """Why the span is not a place (inside an organisation or a person's name), or None."""
    for ent in index.ents_over(start, end):
        if ent.end_char <= start or ent.start_char >= end:
            continue
        # The entity's words up to the mention: "Observatoire syrien ..." or "Front Fateh al-Cham".
        words = [t.text.lower().split("-")[-1] for t in ent if t.idx < end]
        if ent.end_char <= end and ent.start_char >= start:
            words = []  # the mention is the whole entity: nothing else names it
        # A whole entity that is a gazetteer name is weighed by its cues, not vetoed by an ORG
        # label alone: small models often tag bare town names ORG ("Shelling of Mariupol").
        if (ent.label_ == "ORG" and (words or not candidates)) or any(w in lex.ORG_HEADS for w in words):
            return f"inside the organisation name {ent.text!r}"
        if ent.label_ == "PER":
            big = candidates and (candidates[0].place.level is Level.COUNTRY or candidates[0].place.extra.get("capital"))
            if len(ent) > 1 or not big:
                return f"inside the person name {ent.text!r}"
    return None


_NAME_RUN = re.compile(r"[\w’'-]+")
_RUN_LINKS = frozenset({"of", "for", "the", "and", "de", "des", "du", "d", "l", "pour", "et", "la", "le"})


def _inside_org_name(lex, text: str, start: int, end: int) -> bool:
    """Whether the span sits in a capitalised name headed by an organisation word.

    Catches "Syrian Observatory for Human Rights" where no NER model tags organisations.
    """
    words = []
    for match in _NAME_RUN.finditer(text, max(0, start - 60), min(len(text), end + 60)):
        words.append((match.start(), match.end(), match.group()))
    # Grow the run of capitalised words (and linking words) around the span.
    index = next((i for i, w in enumerate(words) if w[0] <= start < w[1] or w[0] >= start), None)
    if index is None:
        return False
    run = []
    i = index
    while i >= 0 and (words[i][2][:1].isupper() or words[i][2].lower() in _RUN_LINKS) and (i == index or words[i + 1][0] - words[i][1] <= 2):
        run.append(words[i][2])
        i -= 1
    i = index + 1
    while i < len(words) and (words[i][2][:1].isupper() or words[i][2].lower() in _RUN_LINKS) and words[i][0] - words[i - 1][1] <= 2:
        run.append(words[i][2])
        i += 1
    capitalised = [w.lower().split("-")[-1] for w in run if w[:1].isupper()]
    return len(capitalised) > 1 and any(w in lex.ORG_HEADS for w in capitalised)


def _plural_like(surface: str) -> bool:
    return surface.split()[-1].lower().endswith(("s", "x"))


def recognize(document: Document, parsed: SpacyDoc, gazetteer: Gazetteer) -> list[Mention]:
    """Toponym mentions of a parsed document, in text order."""
    lex = lexicon(document.lang)
    text = document.text
    mentions: list[Mention] = []
    taken: list[tuple[int, int]] = []  # sorted, non-overlapping: bisect finds neighbours
    index = _Index(parsed)

    def free(start: int, end: int) -> bool:
        i = bisect_right(taken, (start, end))
        return all(end <= s or start >= e for s, e in taken[max(0, i - 1) : i + 1])

    def take(start: int, end: int) -> None:
        insort(taken, (start, end))

    def add(start: int, end: int, candidates: tuple[Candidate, ...], origin: str) -> None:
        sentence = index.sentence_of(start)
        if _in_excluded_entity(lex, index, start, end, candidates) or _inside_org_name(lex, text, start, end):
            return
        level, hint, near = _cues(lex, text, start, end, sentence)
        mentions.append(Mention(start, end, text[start:end], sentence, candidates, level, hint, near, origin=origin))
        take(start, end)

    for hit in scan(text, gazetteer):
        add(hit.start, hit.end, hit.candidates, "gazetteer")

    for ent in index.ents:
        if ent.label_ not in ("LOC", "GPE") or not free(ent.start_char, ent.end_char):
            continue
        surface = ent.text.strip()
        if not surface or not surface[0].isupper() or _plural_like(surface):
            continue
        try:
            found = tuple(c for c in gazetteer.lookup(surface, fuzzy=True, limit=5) if c.score >= 0.75)
        except QueryError:
            continue
        if found:
            add(ent.start_char, ent.start_char + len(surface), found, "ner")

    for pattern in lex.VAGUE_AREAS:
        for match in re.finditer(pattern, text):
            if not free(match.start(), match.end()):
                continue
            start, end = match.span()
            if text[start] == "(":
                start, end = match.span("dir")
            of = match.groupdict().get("of") or match.groupdict().get("of2")
            direction = lex.DIRECTIONS.get(match.group("dir").lower(), match.group("dir").lower())
            sentence = index.sentence_of(start)
            mentions.append(
                Mention(start, end, text[start:end], sentence, (), None, LOCATIVE, False, direction, of, origin="vague")
            )
            take(start, end)
    return sorted(mentions, key=lambda m: (m.start, m.end))
