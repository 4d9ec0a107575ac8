"""Toponym recognition: evidence from the gazetteer, spaCy's NER and the words around a span.

Candidate spans come from the gazetteer matcher over the Doc's tokens
(:mod:`geo_events.scan`), spaCy's location entities and vague areas ("le sud du pays").
Each span is kept or dropped by weighing its evidence, not by one-way vetoes: an NER place
label, a locative or level cue, a well-known gazetteer sense count for it; an NER person or
organisation label, a title or calendar word, a common word seen lower-case in the text count
against it. A span inside a longer organisation or person name is not a place. Each mention
keeps its cues (level words, prepositions, hyphen compounds, datelines) for the resolver.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc as SpacyDoc

from gazetteer import Candidate, Gazetteer, Level, QueryError, fold

from .documents import Document
from .lang import lexicon
from .nlp import doc_text
from .scan import GazetteerMatcher, ScanHit
from .theatres import theatres

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
    origin: str = "gazetteer"  # gazetteer | ner | vague | generic
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: The name inside the span, when the span also holds a generic word ("Idlib province").
    name: str = ""

    @property
    def lookup_name(self) -> str:
        return self.name or self.surface


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
    # Hyphen compounds: "US-led", "Turkey-backed", "pro-Ankara" (actor); "Britain-based" (origin).
    after_word = re.match(r"[-‐–]([^\W\d_]+)", text[end : end + 20])
    before_word = re.search(r"([^\W\d_]+)[-‐]$", text[max(0, start - 12) : start])
    affixes = {w.group(1).lower() for w in (after_word, before_word) if w}
    if affixes & lex.ORIGIN_AFFIXES:
        hint = ORIGIN
    elif affixes & lex.ACTOR_AFFIXES:
        hint = AGENT
    # Possessives: "Turkey's Defense Ministry" is the state acting; "Syria's second city" a place.
    possessive = re.match(r"[’']s\s+((?:[^\W\d_]+[\s-]+){0,2}[^\W\d_]+)", text[end : end + 40])
    if possessive and any(w.lower() in lex.POSSESSIVE_ACTOR_HEADS for w in re.split(r"[\s-]+", possessive.group(1))):
        hint = AGENT
    return level, hint, near


def _ents(parsed: SpacyDoc, start: int, end: int) -> list:
    """Entities overlapping [start, end), from a per-Doc index (``Doc.ents`` rebuilds spans)."""
    index = parsed.user_data.get("geo_events.ents")
    if index is None:
        ents = list(parsed.ents)
        index = (ents, [e.start_char for e in ents])
        parsed.user_data["geo_events.ents"] = index
    ents, starts = index
    i = max(0, bisect.bisect_right(starts, start) - 1)
    out = []
    while i < len(ents) and ents[i].start_char < end:
        if ents[i].end_char > start:
            out.append(ents[i])
        i += 1
    return out


def _in_excluded_entity(lex, parsed: SpacyDoc, start: int, end: int, candidates: tuple[Candidate, ...]) -> str | None:
    """Why the span is not a place (inside an organisation or a person's name), or None."""
    if re.match(r"[-‐]", doc_text(parsed)[end : end + 1]):
        return None  # "U.S.-led": a compound qualifying the name, weighed as a cue
    country = bool(candidates) and candidates[0].place.level is Level.COUNTRY
    for ent in _ents(parsed, start, end):
        # The entity's words up to the mention: "Observatoire syrien ..." or "Front Fateh al-Cham".
        words = [t.text.lower().split("-")[-1] for t in ent if t.idx < end]
        if ent.end_char <= end and ent.start_char >= start:
            words = []  # the mention is the whole entity: nothing else names it
        if not words:
            continue  # the entity is the mention itself: its label is weighed as evidence
        if country and all(w in _DETERMINERS for w in words[:-1]) and ent.start_char <= start:
            continue  # "the U.S. Army", "United Kingdom Department of...": the country leads the name
        if ent.label_ == "ORG" or any(w in lex.ORG_HEADS for w in words):
            return f"inside the organisation name {ent.text!r}"
    return None


def _ends_organisation_name(parsed: SpacyDoc, start: int, end: int) -> bool:
    """Whether the span ends an ORG entity after a capitalised word, with no "of" or "for"
    before it: the place of a branch ("... Village Malakal"), not "University of Damascus"."""
    for ent in _ents(parsed, start, end):
        if ent.label_ == "ORG" and ent.end_char == end and ent.start_char < start:
            span = parsed.char_span(start, end, alignment_mode="expand")
            return span is not None and span.start > 0 and parsed[span.start - 1].text[:1].isupper()
    return False


_NAME_RUN = re.compile(r"[\w’'-]+")
_RUN_LINKS = frozenset({"of", "for", "the", "and", "de", "des", "du", "d", "l", "pour", "et", "la", "le"})


def _inside_org_name(lex, text: str, start: int, end: int) -> bool:
    """Whether the span sits in a capitalised name headed by an organisation word.

    Catches "Syrian Observatory for Human Rights" where no NER model tags organisations.
    A place in a hyphen compound or a possessive ("Britain-based Syrian Observatory",
    "Turkey's Defense Ministry") qualifies the name and is not inside it.
    """
    if re.match(r"[-‐’']", text[end : end + 1]):
        return False
    words = []
    for match in _NAME_RUN.finditer(text, max(0, start - 60), min(len(text), end + 60)):
        words.append((match.start(), match.end(), match.group()))
    # Grow the run of capitalised words (and linking words) around the span.
    index = next((i for i, w in enumerate(words) if w[0] <= start < w[1] or w[0] >= start), None)
    if index is None:
        return False
    run = []
    i = index
    def joined(a: int, b: int) -> bool:
        return not text[words[a][1] : words[b][0]].strip()

    while i >= 0 and (words[i][2][:1].isupper() or words[i][2].lower() in _RUN_LINKS) and (i == index or (words[i + 1][0] - words[i][1] <= 2 and joined(i, i + 1))):
        run.append(words[i][2])
        i -= 1
    i = index + 1
    while i < len(words) and (words[i][2][:1].isupper() or words[i][2].lower() in _RUN_LINKS) and words[i][0] - words[i - 1][1] <= 2 and joined(i - 1, i):
        run.append(words[i][2])
        i += 1
    capitalised = [w.lower().split("-")[-1] for w in run if w[:1].isupper()]
    return len(capitalised) > 1 and any(w in lex.ORG_HEADS for w in capitalised)


def _sentence_of(parsed: SpacyDoc, start: int) -> tuple[int, int]:
    bounds = parsed.user_data.get("geo_events.sents")
    if bounds is None:
        bounds = [(sent.start_char, sent.end_char) for sent in parsed.sents]
        parsed.user_data["geo_events.sents"] = bounds
    i = bisect.bisect_right(bounds, (start, float("inf"))) - 1
    if 0 <= i < len(bounds) and bounds[i][0] <= start < bounds[i][1]:
        return bounds[i]
    return 0, len(doc_text(parsed))


def _plural_like(surface: str) -> bool:
    return surface.split()[-1].lower().endswith(("s", "x"))




# -- evidence ------------------------------------------------------------------------
_PLACE_LABELS = frozenset({"GPE", "LOC"})
_ABBREVIATION = re.compile(r"^(?:[A-Z]\.){2,4}$|^[A-Z]{2,5}$")
#: Evidence a span needs to be kept (sum of the weights below).
KEEP_AT = 0.9
#: Spans this far below the bar are kept when the rest of the text supports them.
SUPPORT_RANGE = 0.7
W_CUE, W_LEVEL_CUE, W_COMPOUND, W_DATELINE = 0.7, 1.0, 0.8, 1.5
#: Prior evidence from the gazetteer: a country or capital, a big place, a known one, any name.
W_COUNTRY, W_BIG, W_KNOWN, W_SMALL, W_ABBREVIATION = 2.0, 1.5, 1.0, 0.4, 0.7
#: A sense in a country the text is about (named, or holding its unambiguous places).
W_FOCUS = 0.4
W_CALENDAR, W_COMMON_WORD = -2.0, -1.2
#: A name qualifying a disease or virus ("West Nile virus") names that, not a place.
W_OTHER_THING = -2.0
#: A word the text uses as a person's name ("Ms. Jones" ... "Jones said") is that person.
W_PERSON_NAME = -1.2
#: A one-word hit inside a longer capitalised name ("Red River" -> "Red", "River") is not that name.
W_PART_OF_NAME = -1.0
#: The object of an attack, capture or flight ("shelled Douma", "fled Aleppo", "attaque contre Idleb").
W_TARGET = 0.7
#: The most a label against can weigh when the span is a big place's own exact name: the small
#: models tag "Aleppo" NORP or "Homs" ORG in some sentences, and that one label must not outweigh it.
W_LABEL_AGAINST_BIG = -0.7
#: Gazetteer senses this important are big (regions, admin-1 units, cities) or well known.
BIG_IMPORTANCE, KNOWN_IMPORTANCE = 0.8, 0.6


@lru_cache(maxsize=8)
def _calendar_words(lang: str) -> frozenset[str]:
    """Month and weekday names in the language (Babel's CLDR data), lower-cased."""
    from babel.dates import get_day_names, get_month_names

    words: set[str] = set()
    for width in ("wide", "abbreviated"):
        words.update(v.lower().rstrip(".") for v in get_month_names(width, locale=lang).values())
        words.update(v.lower().rstrip(".") for v in get_day_names(width, locale=lang).values())
    return frozenset(w for w in words if len(w) >= 3)


def _entity_label(parsed: SpacyDoc, start: int, end: int) -> tuple[str | None, bool]:
    """The NER label overlapping the span, and whether that entity is the span itself.

    An entity longer than the span ("Rami Abdel Rahman" around "Rami") is not the span itself,
    but a leading determiner does not count ("the Middle East").
    """
    for ent in _ents(parsed, start, end):
        tokens = [t for t in ent if not (t.i == ent.start and t.is_stop and t.text.lower() in _DETERMINERS)]
        first = tokens[0].idx if tokens else ent.start_char
        return ent.label_, first >= start and ent.end_char <= end
    return None, False


def _dateline(parsed: SpacyDoc, start: int, end: int) -> bool:
    """Whether the span is the place of a dateline: "BEIRUT (Reuters) -", "DAMAS, Syrie —"."""
    line_start = doc_text(parsed).rfind("\n", 0, start) + 1
    head = doc_text(parsed)[line_start:start]
    if head.strip() and not head.strip().isupper():
        return False
    surface = doc_text(parsed)[start:end]
    if not surface.isupper() or len(surface) < 3:
        return False
    rest = doc_text(parsed)[end : end + 60]
    return bool(re.match(r"\s*(?:\(|[-–—]|,\s*[\w .’'-]{0,40}?(?:\(|[-–—]|,))", rest))


def _importance(gazetteer: Gazetteer, candidate: Candidate) -> float:
    place = candidate.place
    if place.level is Level.COUNTRY or place.extra.get("capital"):
        return 1.0
    return gazetteer.importance(place.place_id)


def _names_a_big_place(gazetteer: Gazetteer, lang: str, surface: str, candidates) -> bool:
    """Whether a big sense among the first candidates is named so by its main, English or
    text-language name: an alternate name alone ("White House", one of Casablanca's) is no more
    than a known place's."""
    folded = fold(surface)
    return any(folded in _own_names(c.place, lang) and _importance(gazetteer, c) >= BIG_IMPORTANCE for c in candidates[:3])


def _own_names(place, lang: str) -> set[str]:
    """A place's main, English and text-language names, folded (not its alternate names)."""
    return {fold(place.name), *(fold(n) for key in {lang, "en"} for n in place.names.get(key, ()))}


def _own_big_name(gazetteer: Gazetteer, lang: str, surface: str, candidates) -> bool:
    """Whether ``surface`` is a big place's own name: its main name or its name in the text's
    language, not a spelling variant or an alternate name ("White House" is one of Casablanca's)."""
    if not candidates:
        return False
    top = candidates[0].place
    own = {fold(top.name), *(fold(n) for n in top.names.get(lang, ()))}
    return fold(surface) in own and _importance(gazetteer, candidates[0]) >= BIG_IMPORTANCE


#: Trigger kinds whose object is where the act happened.
_TARGET_KINDS = frozenset({"air", "bombard", "shelling", "explosive", "suicide", "chemical", "clash", "take", "fall", "lose", "displace"})


@lru_cache(maxsize=8)
def _target_words(lang: str) -> re.Pattern:
    patterns = [p for p, kind in lexicon(lang).TRIGGERS if kind in _TARGET_KINDS]
    return re.compile(rf"(?:{'|'.join(patterns)})", re.IGNORECASE)


@lru_cache(maxsize=8)
def _all_triggers(lang: str) -> re.Pattern:
    patterns = [p for p, _ in lexicon(lang).TRIGGERS]
    return re.compile(rf"(?<![\w-])(?:{'|'.join(patterns)})(?![\w-])", re.IGNORECASE)


def _trigger_spans(lang: str, text: str) -> list[tuple[int, int]]:
    """Where the language's event trigger phrases stand in the text."""
    return [m.span() for m in _all_triggers(lang).finditer(text)]


def _attack_target(lang: str, parsed: SpacyDoc, start: int, end: int) -> bool:
    """Whether the span is, in the parse, the object of an attack, capture or flight word:
    a verb's direct object ("shelled Douma") or a preposition's object under a trigger noun
    ("the shelling of Douma", "l'offensive sur Idleb")."""
    span = parsed.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    head = root.head
    agents = lexicon(lang).AGENT_PREPOSITIONS
    if head.lower_ in agents or any(c.dep_ == "case" and c.lower_ in agents for c in root.children):
        return False  # "strikes by Russia": the initiator, not the target
    if root.dep_ in ("pobj", "obj:arg", "nmod", "obl", "obl:arg") and head.pos_ == "ADP" and head.head is not head:
        head = head.head
    elif root.dep_ in ("nmod", "obl", "obl:arg", "obl:mod"):
        pass  # French UD: the preposition is a "case" child of the noun, the noun hangs off the trigger
    elif root.dep_ not in ("dobj", "obj"):
        return False
    if head.i >= span.start and head.i < span.end:
        return False
    words = _target_words(lang)

    def names_an_attack(token) -> bool:
        found = words.match(doc_text(parsed), token.idx, token.idx + len(token.text) + 30)
        return found is not None and found.end() - token.idx >= len(token.text) - 3

    # "shelled Douma", or a verb whose subject is the attack: "air strikes hit Sanaa".
    return names_an_attack(head) or any(c.dep_ in ("nsubj", "nsubj:pass") and names_an_attack(c) for c in head.children)


def _person_names(lex, parsed: SpacyDoc) -> frozenset[str]:
    """Words the text uses as people's names: the last word of a person entity of two words or
    more ("Sarah Jones") and the word after a title ("Ms. Jones", "Dr. Manning")."""
    names = {ent[-1].text.lower() for ent in parsed.ents if ent.label_ in ("PER", "PERSON") and len(ent) > 1}
    for token in parsed[:-1]:
        if token.lower_.rstrip(".") in lex.NOT_PLACES and token.text[:1].isupper():
            following = parsed[token.i + 1]
            if following.text == "." and token.i + 2 < len(parsed):
                following = parsed[token.i + 2]
            if following.text[:1].isupper():
                names.add(following.lower_)
    return frozenset(names)


def _part_of_longer_name(lex, parsed: SpacyDoc, start: int, end: int) -> bool:
    """Whether a one-word span ends a longer capitalised name the gazetteer lacks: "Red River",
    "Tyler Street", "Tarrant County", "Eastern Creek" name the whole, not a town "River".
    A demonym, title or sentence-opening function word before it does not make a longer name."""
    span = parsed.char_span(start, end, alignment_mode="expand")
    if span is None or _is_upper_doc_text(doc_text(parsed)):
        return False
    if span.end < len(parsed) and span[-1].whitespace_:
        # "Red River" -> "Red": the first word of a longer name; a month, weekday or level word
        # after a place ("Fargo Monday", "Madison County") does not make one.
        nxt = parsed[span.end]
        if (
            nxt.text[:1].isupper()
            and nxt.is_alpha
            and not nxt.is_stop
            and nxt.lower_ not in _calendar_words(lex.LANG)
            and nxt.lower_ not in lex.LEVEL_CUES_AFTER
            and nxt.ent_type_ != "NORP"
        ):
            return True
    if span.start == 0:
        return False
    prev = parsed[span.start - 1]
    return (
        prev.text[:1].isupper()
        and bool(prev.whitespace_)
        and prev.is_alpha
        and not prev.is_stop
        and prev.ent_type_ != "NORP"
        and prev.lower_ not in lex.NOT_PLACES
        and prev.lower_ not in lex.DIRECTIONS
        and not prev.is_sent_start
    )


def _is_upper_doc_text(text: str) -> bool:
    # Asked once per mention: memoised on the only part it reads (it was half of recognition).
    return _is_upper_prefix(text[:2000])


@lru_cache(maxsize=64)
def _is_upper_prefix(prefix: str) -> bool:
    letters = [ch for ch in prefix if ch.isalpha()]
    return len(letters) > 40 and sum(ch.isupper() for ch in letters) > 0.8 * len(letters)


def _evidence(lex, lang: str, parsed: SpacyDoc, gazetteer: Gazetteer, start: int, end: int, candidates, cues, lowered: set[str], dateline: bool = False, focus: frozenset[str] = frozenset(), persons: frozenset[str] = frozenset(), target: bool = False) -> tuple[float, list[str]]:
    """How much the text says the span is a place, and why."""
    level, hint, _ = cues
    score, why = 0.0, []
    label, exact = _entity_label(parsed, start, end)
    if label is not None:
        weight = (lex.NER_EVIDENCE if exact else lex.NER_INSIDE_EVIDENCE).get(label, 0.0)
        if weight < W_LABEL_AGAINST_BIG and exact and _own_big_name(gazetteer, lang, doc_text(parsed)[start:end], candidates):
            weight = W_LABEL_AGAINST_BIG
            label = f"{label} against a big place's own name"
        if weight:
            score += weight
            why.append(f"NER {label}" if exact else f"inside a longer {label}")
    if candidates and _ABBREVIATION.match(doc_text(parsed)[start:end]) and candidates[0].place.level is Level.COUNTRY:
        score += W_ABBREVIATION
        why.append("country abbreviation")
    if candidates:
        top = candidates[0].place
        prior = max(_importance(gazetteer, c) for c in candidates[:3])
        if top.level is Level.COUNTRY or top.extra.get("capital"):
            score += W_COUNTRY
            why.append("country or capital")
        elif top.level is Level.REGION or (prior >= BIG_IMPORTANCE and _names_a_big_place(gazetteer, lang, doc_text(parsed)[start:end], candidates)):
            # Regions are curated or continental names ("Alep-Est", "Middle East"): never namesakes.
            score += W_BIG
            why.append("big place or region")
        else:
            # Administrative seats are known places even when GeoNames gives them no population.
            known = prior >= KNOWN_IMPORTANCE or any(c.place.extra.get("seat_level") is not None for c in candidates[:3])
            score += W_KNOWN if known else W_SMALL
            why.append("well-known place" if known else "gazetteer name")
        in_focus = any(c.place.country in focus for c in candidates[:3])
        if top.level is not Level.COUNTRY and in_focus:
            score += W_FOCUS
            why.append("in a country the text is about")
    if target:
        score += W_TARGET
        why.append("object of an attack, capture or flight")
    if dateline:
        score += W_DATELINE
        why.append("dateline")
    elif level is not None:
        score += W_LEVEL_CUE
        why.append("level cue")
    elif hint in (LOCATIVE, ORIGIN):
        score += W_CUE
        why.append(f"{hint} cue")
    elif hint == AGENT and re.search(r"[-‐]$|^[-‐]", doc_text(parsed)[end : end + 1] + doc_text(parsed)[max(0, start - 1) : start]):
        score += W_COMPOUND
        why.append("hyphen compound")
    if level is None and _level_word_in_name(lex, doc_text(parsed)[start:end], candidates):
        score += W_LEVEL_CUE
        why.append("its level word is part of its name")
    if _names_other_thing(lex, doc_text(parsed), start, end):
        score += W_OTHER_THING
        why.append("names a disease or virus")
    words = doc_text(parsed)[start:end].lower().split()
    # "Dr." and "St." keep their period in the text; the pack lists the bare word.
    first = words[0].strip("’'.") if words else ""
    if len(words) == 1 and (first in _calendar_words(lang) or first in lex.NOT_PLACES or first in lex.DIRECTIONS):
        score += W_CALENDAR
        why.append("calendar word or title")
    elif len(words) == 1 and _number_word(parsed, start, end):
        score += W_CALENDAR
        why.append("a number word")
    elif _actor_name(lang, doc_text(parsed)[start:end]) and not _names_place_itself(lang, doc_text(parsed)[start:end], candidates):
        score += W_OTHER_THING
        why.append("names an armed group of a theatre pack, no place's own name")
    elif len(words) == 1 and first in lowered:
        score += W_COMMON_WORD
        why.append("also written lower-case: a common word")
    elif len(words) == 1 and first in persons and not _own_big_name(gazetteer, lang, doc_text(parsed)[start:end], candidates):
        score += W_PERSON_NAME
        why.append("a person's name in this text")
    elif len(words) == 1 and _part_of_longer_name(lex, parsed, start, end) and not _own_big_name(gazetteer, lang, doc_text(parsed)[start:end], candidates):
        score += W_PART_OF_NAME
        why.append("one word of a longer capitalised name")
    return score, why


def _number_word(parsed: SpacyDoc, start: int, end: int) -> bool:
    """"«Quarante personnes ont été tuées»": a number written as a word (the language model's own
    number words) is a count, whatever commune bears that name."""
    span = parsed.char_span(start, end)
    return span is not None and len(span) == 1 and span[0].like_num and not any(ch.isdigit() for ch in span.text)


@lru_cache(maxsize=4096)
def _actor_name(lang: str, surface: str) -> bool:
    """Whether the surface is written as an actor of a theatre pack ("Houthi", "Hezbollah")."""
    return any(re.fullmatch(p, surface, re.IGNORECASE) for t in theatres() for p, _ in t.aliases.get(lang, ()))


def _names_place_itself(lang: str, surface: str, candidates) -> bool:
    """Whether a first candidate is called so by its main, English or text-language name (not only
    by an alternate name: a group's name stored as a rare alias of a town is still the group)."""
    folded = fold(surface)
    return any(folded in _own_names(c.place, lang) for c in candidates[:3])


def _level_word_in_name(lex, surface: str, candidates) -> bool:
    """"Rapides Parish", "Laurel County": the name ends with a level word of the language and
    the gazetteer has the place at that level (the NER often tags these PERSON)."""
    words = surface.split()
    cue = lex.LEVEL_CUES_AFTER.get(words[-1].lower()) if len(words) > 1 else None
    return cue is not None and any(c.place.level is Level.parse(cue) and fold(c.matched) == fold(surface) for c in candidates[:3])


_CAPITALISED = re.compile(r"\s*(?:[-‐]\s*)?[A-Z][\w’'-]*")
_PREVIOUS_WORD = re.compile(r"([^\W\d_]+)\W*(?:(?:du|de|la|le|des|d|l|the)\W+)?$", re.IGNORECASE)


def _names_other_thing(lex, text: str, start: int, end: int) -> bool:
    """Whether the name, with the capitalised words after it, is that of a disease or virus:
    "West Nile virus", "Marburg fever" (the noun after), "le virus Ebola" (the noun before)."""
    i = end
    while (match := _CAPITALISED.match(text, i)) is not None and match.end() - i < 40:
        i = match.end()
    after = re.match(r"\s*([^\W\d_]+)", text[i : i + 30])
    if after and after.group(1).lower() in lex.NAMES_OTHER_THINGS:
        return True
    before = _PREVIOUS_WORD.search(text[max(0, start - 30) : start])
    return bool(before) and before.group(1).lower() in lex.NAMES_OTHER_THINGS


def _currency(text: str, start: int, end: int) -> bool:
    """A currency sign in or right after the span ("US$460", "A$", "HK$"): money, not a place."""
    return any(unicodedata.category(ch) == "Sc" for ch in text[start : end + 1])


def recognize(document: Document, parsed: SpacyDoc, gazetteer: Gazetteer) -> list[Mention]:
    """Toponym mentions of a parsed document, in text order."""
    lex = lexicon(document.lang)
    text = document.text
    mentions: list[Mention] = []
    taken: list[tuple[int, int]] = []
    lowered = {t.text for t in parsed if t.text.islower() and t.is_alpha}
    persons = _person_names(lex, parsed)

    def free(start: int, end: int) -> bool:
        # ``taken`` stays sorted and non-overlapping, so only the neighbours can clash.
        i = bisect.bisect_right(taken, (start, end))
        return all(end <= s or start >= e for s, e in taken[max(0, i - 1) : i + 1])

    focus: frozenset[str] = frozenset(document.focus)
    pending: list[tuple] = []
    # Words of an event trigger are not places: "Air" of "Air strikes", a capital at a sentence start.
    trigger_spans = sorted(_trigger_spans(document.lang, text))

    def in_trigger(start: int, end: int) -> bool:
        i = bisect.bisect_right(trigger_spans, (start, len(text) + 1)) - 1
        return i >= 0 and trigger_spans[i][0] <= start and end <= trigger_spans[i][1]

    def add(start: int, end: int, candidates: tuple[Candidate, ...], origin: str, own_focus: frozenset[str] | None = None) -> None:
        if not free(start, end) or in_trigger(start, end) or _currency(text, start, end):
            return
        sentence = _sentence_of(parsed, start)
        if _in_excluded_entity(lex, parsed, start, end, candidates):
            if candidates and _ends_organisation_name(parsed, start, end):
                # "SOS Children's Village Malakal": a branch named by its place is that place
                # when the text names the place elsewhere too (see the support pass below).
                pending.append((start, end, candidates, origin, _cues(lex, text, start, end, sentence), ["ends an organisation's name"]))
            return
        # The capitalised-run test stands in for organisations the NER missed; when the NER
        # itself says this span is a place ("US" in "US Secretary of State"), it is believed.
        label, own = _entity_label(parsed, start, end)
        leads = bool(candidates) and candidates[0].place.level is Level.COUNTRY and not re.search(r"[A-Z][\w’'-]*\s+$", text[max(0, start - 40) : start])
        leads = leads and label != "NORP"
        if not (own and label in _PLACE_LABELS) and not leads and _inside_org_name(lex, text, start, end):
            return
        cues = _cues(lex, text, start, end, sentence)
        level, hint, near = cues
        dateline = _dateline(parsed, start, end)
        if dateline:
            hint = ORIGIN
            cues = (level, hint, near)
        target = bool(candidates) and _attack_target(document.lang, parsed, start, end)
        score, why = _evidence(lex, document.lang, parsed, gazetteer, start, end, candidates, cues, lowered, dateline, focus if own_focus is None else own_focus, persons, target)
        if target and hint == NONE:
            # What was struck, taken or fled is where it happened: "air strikes hit Sanaa" is no metonymy.
            cues = (level, LOCATIVE, near)
        if score < KEEP_AT:
            # A demonym ("Iraqi forces") is never rescued by its country named elsewhere.
            if score >= KEEP_AT - SUPPORT_RANGE and candidates and "NER NORP" not in why:
                pending.append((start, end, candidates, origin, cues, why))
            return
        accept(start, end, candidates, origin, sentence, cues, why)

    def accept(start, end, candidates, origin, sentence, cues, why) -> None:
        level, hint, near = cues
        name = text[start:end]
        mentions.append(Mention(start, end, text[start:end], sentence, candidates, level, hint, near, origin=origin, notes=tuple(why), name=name))
        bisect.insort(taken, (start, end))

    # Names generic inside a city ("Old City") belong to the city the text is about.
    folded = text.lower()
    for phrase in lex.GENERIC_IN_CITY:
        for match in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded):
            if text[match.start()].isupper() and free(*match.span()):
                sentence = _sentence_of(parsed, match.start())
                mentions.append(Mention(match.start(), match.end(), text[match.start() : match.end()], sentence, (), Level.NEIGHBOURHOOD, LOCATIVE, False, origin="generic"))
                bisect.insort(taken, match.span())

    matcher = GazetteerMatcher(gazetteer)
    hits = matcher.hits(parsed)
    votes = _country_votes(hits)
    focus = frozenset(_focus_from(votes)) | frozenset(document.focus)
    # Each name is weighed against the focus the rest of the text gives.
    focus_without: dict[str, frozenset[str]] = {}
    for hit in hits:
        name = fold(hit.surface)
        if name not in focus_without:
            focus_without[name] = frozenset(_focus_from(votes, name)) | frozenset(document.focus) if name in votes else focus
        candidates = hit.candidates
        if hit.variant:
            # Spelling variants only where the text is: the focus countries' local spellings.
            candidates = _in_focus(gazetteer, hit.surface, candidates, focus)
            if not candidates:
                continue
        add(hit.start, hit.end, candidates, "gazetteer", focus_without[name])

    for ent in parsed.ents:
        if ent.label_ not in _PLACE_LABELS or not free(ent.start_char, ent.end_char):
            continue
        surface = ent.text.strip()
        start = ent.start_char + (len(ent.text) - len(ent.text.lstrip()))
        # "the Old City of Mosul" -> "Old City of Mosul": determiners are not part of names.
        first = surface.split()[0] if surface else ""
        if first.lower() in _DETERMINERS and " " in surface:
            surface = surface[len(first) :].lstrip()
            start = text.index(surface, start)
        if not surface or not surface[0].isupper() or _plural_like(surface):
            continue
        found, variant = matcher.candidates(surface)
        if not found:
            try:
                found, variant = tuple(c for c in gazetteer.lookup(surface, fuzzy=True, limit=5) if c.score >= 0.75), True
            except QueryError:
                continue
        if variant:
            # Spellings and fuzzy matches only in the countries the text is about.
            found = _in_focus(gazetteer, surface, found, focus)
        if found:
            add(start, start + len(surface), found, "ner")

    # Support from the rest of the text for spans just short of the bar: the same name kept
    # elsewhere ("Mariupol" twice), or coordination with a kept place ("Daraa, Quneitra and Homs").
    kept_names = {fold(m.lookup_name) for m in mentions if m.candidates}
    kept_tokens = {t.i for m in mentions for t in parsed.char_span(m.start, m.end, alignment_mode="expand") or ()}
    for start, end, candidates, origin, cues, why in pending:
        span = parsed.char_span(start, end, alignment_mode="expand")
        if span is None or not free(start, end):
            continue
        same = fold(text[start:end]) in kept_names
        coordinated = any(c.i in kept_tokens for t in span for c in t.conjuncts)
        if same or coordinated:
            reason = "same name kept elsewhere" if same else "coordinated with a place"
            accept(start, end, candidates, origin, _sentence_of(parsed, start), cues, why + [reason])

    for pattern in lex.VAGUE_AREAS:
        for match in re.finditer(pattern, text):
            if not free(match.start(), match.end()):
                continue
            start, end = match.span()
            if text[start] == "(":
                start, end = match.span("dir")
            of = match.groupdict().get("of") or match.groupdict().get("of2")
            direction = lex.DIRECTIONS.get(match.group("dir").lower(), match.group("dir").lower())
            sentence = _sentence_of(parsed, start)
            mentions.append(
                Mention(start, end, text[start:end], sentence, (), None, LOCATIVE, False, direction, of, origin="vague")
            )
            bisect.insort(taken, (start, end))
    return sorted(mentions, key=lambda m: (m.start, m.end))


def _in_focus(gazetteer: Gazetteer, surface: str, candidates: tuple[Candidate, ...], focus: frozenset[str]) -> tuple[Candidate, ...]:
    """Spelling-variant candidates in the focus countries, looked up there ("Chaar" -> al-Shaar,
    which a worldwide ranking puts behind Sarh, Chad)."""
    found = {c.place.place_id: c for c in candidates if c.place.country in focus}
    for country in sorted(focus):
        try:
            for c in gazetteer.lookup(surface, country=country, fuzzy=False, limit=5):
                if c.score >= VARIANT_SCORE:
                    found.setdefault(c.place.place_id, c)
        except QueryError:
            return ()
    return tuple(sorted(found.values(), key=lambda c: (-c.score, c.place.place_id)))


#: Lowest score of a spelling variant kept in a focus country.
VARIANT_SCORE = 0.68


def _country_votes(hits: list[ScanHit]) -> dict[str, Counter[str]]:
    """Per folded name, the countries its exact hits point at: a named country or capital, or
    the one country holding every sense of an unambiguous place."""
    votes: dict[str, Counter[str]] = {}
    for hit in hits:
        if hit.variant:
            continue
        countries = {c.place.country for c in hit.candidates if c.place.country}
        best = hit.candidates[0].place
        # A capital named points at its country as much as the country itself ("Damascus").
        if best.level is Level.COUNTRY or best.extra.get("capital"):
            country = best.country
        else:
            country = next(iter(countries)) if len(countries) == 1 else None
        if country:
            votes.setdefault(fold(hit.surface), Counter())[country] += 1
    return votes


def leading_votes(votes: dict[str, Counter[str]], leave_out: str | None = None, share: float = 0.5, min_top: int = 0) -> frozenset[str]:
    """Keys whose tally over every name but ``leave_out`` reaches ``share`` of the top one (the
    top at least ``min_top``): a name never makes its own sense the focus ("Air" of "Air
    strikes" pointing at India's Air Khās, "Gaza" pulling itself to Mozambique's province)."""
    tally: Counter[str] = Counter()
    for name, counts in votes.items():
        if name != leave_out:
            tally.update(counts)
    if not tally:
        return frozenset()
    top = tally.most_common(1)[0][1]
    if top < min_top:
        return frozenset()
    return frozenset(k for k, n in tally.items() if n >= share * top)


def _focus_from(votes: dict[str, Counter[str]], leave_out: str | None = None) -> frozenset[str]:
    """Countries the text points at, from every name but ``leave_out``."""
    return leading_votes(votes, leave_out)


def _text_countries(hits: list[ScanHit]) -> frozenset[str]:
    """Countries the text itself points at: named countries and unambiguous exact places."""
    return _focus_from(_country_votes(hits))
