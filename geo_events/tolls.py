"""Casualty and displacement tolls, and which event and date a sentence's words belong to.

A number in a dispatch is a toll when a cue of the language pack (``numbers.toll_cues``) says
what happened to the people counted: killed, wounded, missing, displaced or "neutralised" (never
a death count). The cue is found in spaCy's dependency parse of the sentence, already built by
the pipeline: the counted noun ("civils", "people") is the subject or object of the cue verb
("ont été tués", "killing 12"), or the noun is the cue ("15 morts", "300 blessés"). Without a
parse, the words right after or before the number stand in. Totals, civilians, children and
combatants stay apart ("au moins 341 civils, dont 44 enfants"); plural approximations
("des dizaines", "dozens") give a qualifier and no number; "sans faire de victimes" or a report
of injuries only give 0 deaths.
"""

from __future__ import annotations

import bisect

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable

from spacy.tokens import Token

from .clauses import Distances, Sentence
from .lang import lexicon
from .numbers import Number
from .timex import TimeSpan, find_times, governing_time

KILLED, WOUNDED, MISSING, DISPLACED, NEUTRALIZED = "killed", "wounded", "missing", "displaced", "neutralized"
#: How many heads up the tree a counted noun may look for its cue ("were reported killed").
MAX_CUE_DEPTH = 4
#: Dependency labels of a noun's own modifiers that may carry the cue ("personnes tuées", "people killed").
_MODIFIER_DEPS = {"acl", "amod", "relcl", "acl:relcl", "advcl", "appos"}
#: Dependency labels of clauses that modify something else: a date inside one dates that clause
#: ("Délogés de Tikrit au début d'avril, les djihadistes ont pris Ramadi"), not the sentence's event.
_MODIFIER_CLAUSE_DEPS = {"advcl", "acl", "acl:relcl", "relcl", "parataxis", "appos", "csubj"}
#: Dependency labels of a verb's objects.
_OBJECT_DEPS = {"obj", "dobj"}
#: Dependency labels of a head's complements that may carry the cue ("were reported dead").
_COMPLEMENT_DEPS = {"acomp", "oprd", "xcomp", "attr"}


#: A publication day late enough that every date of a text resolves before it: used when only the
#: places of the dates in a text are wanted.
SPAN_BASE = dt.date(2999, 12, 31)


@dataclass(frozen=True)
class Toll:
    """A count and what it counts: ``kind`` (killed, wounded...), ``victims`` (person, civilian,
    child, combatant...), the cue's character span, and whether it is a part of the toll before
    it ("dont 44 enfants")."""

    number: Number
    kind: str | None
    victims: str
    cue: tuple[int, int] | None
    part: bool = False
    #: Token indices of the count and of the noun it counts, when the sentence is parsed.
    tokens: tuple[int, ...] = ()

    @property
    def value(self) -> int | None:
        return None if self.number.vague else self.number.value


@dataclass(frozen=True)
class Counts:
    """What a clause says of one event's victims."""

    fatalities: int | None = None
    qualifier: str = ""
    civilians: int | None = None
    children: int | None = None
    combatants: int | None = None
    wounded: int | None = None
    missing: int | None = None
    displaced: int | None = None
    killed: Toll | None = None
    displaced_toll: Toll | None = None


@lru_cache(maxsize=None)
def _cues(lang: str) -> list[tuple[re.Pattern, str]]:
    return [(re.compile(rf"(?:{p})", re.IGNORECASE), kind) for p, kind in lexicon(lang).TOLL_CUES]


@lru_cache(maxsize=None)
def _regexes(lang: str) -> dict[str, re.Pattern]:
    lex = lexicon(lang)
    victims = "|".join(sorted(map(re.escape, lex.VICTIMS), key=len, reverse=True))
    return {
        "including": re.compile(rf"(?:{lex.INCLUDING})\W*(?:\w+\W+)?$", re.IGNORECASE),
        "none": re.compile(rf"(?<!\w)(?:{lex.NO_CASUALTIES})(?!\w)", re.IGNORECASE),
        "link": re.compile(rf"\s*(?:{lex.NOUN_LINK})", re.IGNORECASE),
        "victim_after": re.compile(rf"\s*{lex.NOUN_LINK}(?:[\w-]+\s+){{0,2}}?(?P<noun>{victims})(?![\w-])", re.IGNORECASE),
        "unit": re.compile(rf"\s+(?:[\w-]+\s+)?(?:{'|'.join(sorted(map(re.escape, lex.COUNT_UNITS), key=len, reverse=True))})(?![\w-])", re.IGNORECASE),
        "civilians": re.compile(rf"\s*{lex.NOUN_LINK}(?:[\w-]+\s+){{0,2}}?(?:{'|'.join(sorted(map(re.escape, lex.CIVILIAN_NOUNS), key=len, reverse=True))})(?![\w-])", re.IGNORECASE),
        "among": re.compile(lex.AMONG, re.IGNORECASE),
        "and": re.compile(rf"\s*(?:,|(?<!\w)(?:{lex.COORDINATION})(?!\w))\s*$", re.IGNORECASE),
        # "when the army shelled the village after clashes with rebels": what the words before the
        # event's own word make the prelude of another event (the pack's events.prelude_before).
        "prelude": re.compile(rf"(?:{lex.PRELUDE_BEFORE})$", re.IGNORECASE),
        # "SANAA, Sept 21", "Oct 3 (Bernama)": a day beside a month name, however abbreviated, is a
        # date (the pack's dates.months).
        "month_before": re.compile(rf"(?<![\w-])(?:{_months(lex)})\.?\s+$"),
        "month_after": re.compile(rf"\s+(?:{_months(lex)})(?![\w-])"),
        "any_cue": re.compile("|".join(rf"(?<![\w-])(?:{p})(?![\w-])" for p, kind in lex.TOLL_CUES if kind == KILLED), re.IGNORECASE),
    }


def _months(lex) -> str:
    """The pack's month names and abbreviations, capitalised only: "Oct 3" in a dateline, not
    "may" the verb (a lower-case day-month date such as "3 oct." is the dates' own finding)."""
    names = {m.rstrip(".") for m in lex.MONTHS}
    return "|".join(re.escape(m[:1].upper()) + re.escape(m[1:]) for m in sorted(names, key=len, reverse=True))


def cue_kind(word: str, lang: str) -> str | None:
    """The kind of toll a word names ("tuées" -> killed, "blessés" -> wounded), if any."""
    for pattern, kind in _cues(lang):
        if pattern.fullmatch(word):
            return kind
    return None


def _cue_in_text(text: str, lang: str, start: int, end: int, *, first: bool) -> tuple[str, tuple[int, int]] | None:
    best = None
    for pattern, kind in _cues(lang):
        for m in re.finditer(rf"(?<![\w-])(?:{pattern.pattern})(?![\w-])", text[start:end], re.IGNORECASE):
            cand = (m.start() + start, m.end() + start, kind)
            if best is None or (cand[0] < best[0] if first else cand[0] > best[0]):
                best = cand
    return (best[2], (best[0], best[1])) if best else None


def _victims(text: str, lang: str, n: Number, noun: Token | None) -> str:
    table = {k.lower(): v for k, v in lexicon(lang).VICTIMS.items()}
    if noun is not None:
        if noun.lower_ in table:
            return table[noun.lower_]
        for child in noun.children:  # "des dizaines de civils", "dozens of civilians"
            if child.lower_ in table and child.i > noun.i:
                return table[child.lower_]
            for grand in child.children:
                if grand.lower_ in table and grand.i > noun.i:
                    return table[grand.lower_]
    m = _regexes(lang)["victim_after"].match(text, n.end, min(len(text), n.end + 40))
    return table.get(m.group("noun").lower(), "person") if m else "person"


def _counts_things(text: str, n: Number, rx: dict[str, re.Pattern]) -> bool:
    """Whether a number is joined by a preposition to something other than people ("dozens
    of air strikes"), not to victims ("dozens of civilians")."""
    link = rx["link"].match(text, n.end)
    joined = link is not None and text[n.end : link.end()].strip() != ""
    return joined and not rx["victim_after"].match(text, n.end, min(len(text), n.end + 40))


def _stated_civilians(t: Toll, text: str, lang: str) -> bool:
    """Whether the toll names its victims as civilians ("13 civils"), not only people who are
    ("deux journalistes"): civilian fatalities are counted only when stated."""
    m = _regexes(lang)["civilians"].match(text, t.number.end, min(len(text), t.number.end + 40))
    return t.victims == "civilian" and m is not None


def _tree_cue(lang: str, number_tok: Token, noun: Token) -> tuple[str, Token] | None:
    for tok in (number_tok, noun):
        kind = cue_kind(tok.text, lang)
        if kind:
            return kind, tok
    for child in noun.children:
        if child.dep_ in _MODIFIER_DEPS and (kind := cue_kind(child.text, lang)):
            return kind, child
    # "three civilians were killed": the verb right after the counted noun, past its auxiliaries,
    # even when the parse hung the noun elsewhere ("wounded in Idlib and three civilians").
    doc, i = noun.doc, noun.i + 1
    while i < len(doc) and doc[i].pos_ in ("AUX", "ADV") and i - noun.i <= 4:
        i += 1
    if i > noun.i + 1 and i < len(doc) and doc[i].pos_ == "VERB" and (kind := cue_kind(doc[i].text, lang)):
        return kind, doc[i]
    node = noun
    for _ in range(MAX_CUE_DEPTH):
        if node.head.i == node.i:
            break
        node = node.head
        if kind := cue_kind(node.text, lang):
            return kind, node
        for child in node.children:
            if child.dep_ in _COMPLEMENT_DEPS and (kind := cue_kind(child.text, lang)):
                return kind, child
        if node.pos_ in ("VERB", "AUX"):
            # "le nombre de morts a atteint 56", "the death toll rose to 56": the cue is in the subject.
            for child in node.children:
                if child.dep_.startswith("nsubj") and child.i != noun.i:
                    for tok in child.subtree:
                        if (kind := cue_kind(tok.text, lang)) == KILLED:
                            return kind, tok
            break  # a count belongs to its own verb, not to the verb of a higher clause
    return None


def _war_long(noun: Token, lang: str) -> bool:
    """Whether the verb a count depends on has a whole war as its subject ("the war in Syria has
    killed more than 300,000 people", "un conflit qui a fait plus de 380.000 morts")."""
    wars = lexicon(lang).WAR_NOUNS
    node = noun
    for _ in range(MAX_CUE_DEPTH):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            subjects = [c for c in node.children if c.dep_.startswith("nsubj")]
            if node.dep_ in ("relcl", "acl:relcl", "acl") and subjects and subjects[0].pos_ == "PRON":
                subjects = [node.head]  # "a war that has killed": the relative's antecedent
            return any(t.lower_ in wars for t in subjects)
    return False


def find_tolls(text: str, lang: str, numbers: list[Number], span: tuple[int, int], dist: Distances | None = None, times: list[TimeSpan] | None = None) -> list[Toll]:
    """The counts of ``text[span]`` with what they count; dates ("le 15 novembre") are not counts."""
    rx = _regexes(lang)
    if times is None:
        # Only where dates stand matters here, not which days they are: without a publication day
        # "le 15 novembre" would resolve to nothing and its 15 be read as a count.
        times = find_times(text, lang, SPAN_BASE, *span)
    tolls: list[Toll] = []
    for n in numbers:
        if not span[0] <= n.start < span[1] or any(t.start <= n.start < t.end for t in times) or rx["unit"].match(text, n.end):
            continue  # a date ("le 15 novembre") or a measure ("deux derniers jours", "60 km")
        if re.fullmatch(r"\d{1,2}", text[n.start : n.end]) and (
            rx["month_before"].search(text, max(0, n.start - 12), n.start) or rx["month_after"].match(text, n.end)
        ):
            continue  # "Sept 21", "3 Oct": a day of a month
        if n.vague and _counts_things(text, n, rx):
            continue  # "des dizaines de frappes", "dozens of air strikes": not people
        noun = number_tok = None
        found = None
        if dist is not None and dist.parsed:
            # The count's own last word ("85" of "au moins 85", "million" of "1,5 million"), not its qualifier.
            number_tok = dist.token(n.end - 1)
            noun = number_tok.head if number_tok.dep_ in ("nummod", "det", "quantmod", "amod") and number_tok.head.i != number_tok.i else number_tok
            if noun.i < number_tok.i and number_tok.head.i == noun.i and number_tok.dep_ != "nummod":
                noun = number_tok
            if _war_long(noun, lang):
                continue  # "the war has killed more than 300,000": no event's toll
            hit = _tree_cue(lang, number_tok, noun)
            if hit is not None:
                found = (hit[0], (hit[1].idx, hit[1].idx + len(hit[1].text)))
        if found is None:
            # No parse, or the parse links the number to no cue: the words right after, then right before.
            nxt = next((m.start for m in numbers if m.start > n.end), span[1])
            back = max(span[0], n.start - 25)
            if noun is not None and noun.dep_ in _OBJECT_DEPS and noun.head.pos_ == "VERB" and noun.head.idx < n.start and not cue_kind(noun.head.text, lang):
                # "la frappe a fait un mort et détruit deux voitures": a count its own verb governs
                # counts what that verb did, not the toll named before the verb.
                back = max(back, noun.head.idx + len(noun.head.text))
            found = _cue_in_text(text, lang, n.end, min(nxt, n.end + 70, span[1]), first=True) or _cue_in_text(text, lang, back, n.start, first=False)
        kind, cue = found if found else (None, None)
        part = bool(rx["including"].search(text, max(span[0], n.start - 30), n.start) or rx["among"].match(text, n.end))
        tokens = tuple({number_tok.i, noun.i}) if number_tok is not None and noun is not None else ()
        tolls.append(Toll(n, kind, _victims(text, lang, n, noun), cue, part, tokens))
    # "Au moins 341 civils, dont 44 enfants, ont été tués": the whole shares its parts' cue; so
    # does a count coordinated with the next one before their cue ("two of his brothers and his
    # niece were killed"), however the parse attached it.
    for i in range(len(tolls) - 2, -1, -1):
        t, nxt = tolls[i], tolls[i + 1]
        if t.kind is None and not t.part and nxt.part and nxt.kind is not None:
            tolls[i] = Toll(t.number, nxt.kind, t.victims, nxt.cue, False, t.tokens)
        elif t.kind is None and not t.part and not nxt.part and nxt.cue is not None and nxt.number.end <= nxt.cue[0] and _coordinated(text, t, nxt, lang):
            tolls[i] = Toll(t.number, nxt.kind, t.victims, nxt.cue, False, t.tokens)
    return tolls


def _coordinated(text: str, a: Toll, b: Toll, lang: str) -> bool:
    """Whether only a short run of lower-case words ending in a comma or "and" separates two
    counts ("deux journalistes et 13 civils", "two of his brothers and his niece"); a capitalised
    word between them is a place or a name that splits the toll ("9 in Beit Sawa, 6 in Hazzeh")."""
    between = text[a.number.end : b.number.start]
    if len(between) > 40 or not _regexes(lang)["and"].search(between):
        return False
    return not any(w[:1].isupper() for w in re.findall(r"[^\W\d_][\w'’-]*", between))


def _nearest(tolls: list[Toll], anchor: tuple[int, int] | None, dist: Distances | None, by_number: bool = False) -> Toll | None:
    """The toll nearest ``anchor``: by its cue (the event's verb), or with ``by_number`` by the
    count itself (a place the toll is split by)."""
    if not tolls:
        return None
    if anchor is None:
        return tolls[0]

    def cost(t: Toll) -> float:
        target = (t.number.start, t.number.end) if by_number or t.cue is None else t.cue
        if dist is not None:
            return dist.between(anchor, target)
        return abs(target[0] - anchor[0]) / 10

    best = min(cost(t) for t in tolls)
    near = [t for t in tolls if cost(t) <= best + 0.5]
    if dist is not None and dist.parsed and not by_number:
        # Two counts sharing one cue word: the one the parse attaches to it ("after clashes killed
        # 40", not the "900" the text search gave the same cue).
        own = [t for t in near if t.cue is not None and dist.tree(dist.span_head(*t.cue), dist.token(t.number.end - 1)) <= 2]
        near = own or near
    # Tolls about as near (one cue, sources that disagree): the first figure given.
    return near[0]


def _of_place(tolls: list[Toll], place: tuple[int, int], dist: Distances | None) -> Toll | None:
    """The toll a place phrase modifies ("9 people in Beit Sawa, 6 in Hazzeh"): the count or
    counted noun that governs the place's preposition in the parse."""
    if dist is None or not dist.parsed:
        return None
    node = dist.span_head(*place)
    for _ in range(3):
        if node.head.i == node.i:
            break
        node = node.head
        for t in tolls:
            if node.i in t.tokens:
                return t
    return None


def _conjoined(a: Toll, b: Toll, dist: Distances | None) -> bool:
    """Whether the parse coordinates the nouns two counts count ("killed 125 members of the
    security forces and 148 fighters"), however long the first one's noun phrase."""
    if dist is None or not dist.parsed or not a.tokens or not b.tokens:
        return False
    doc = dist.doc
    return any(t.i in b.tokens for i in a.tokens for t in doc[i].conjuncts)


def _whole(tolls: list[Toll], head: Toll, text: str, lang: str, dist: Distances | None = None) -> tuple[int | None, list[Toll]]:
    """The head toll's value, plus counts coordinated with it ("deux journalistes et 13 civils
    ont été tués"), and the coordinated tolls."""
    group = [head]
    # Counts coordinated before the one nearest the event ("two of his brothers and his niece").
    for other in reversed(tolls[: tolls.index(head)]):
        if other.kind != head.kind or other.part or other.cue != head.cue or other.value is None or head.cue is None:
            break
        if other.number.start > head.cue[0] or not _coordinated(text, other, group[0], lang):
            break
        group.insert(0, other)
    for other in tolls[tolls.index(head) + 1 :]:
        between = text[group[-1].number.end : other.number.start]
        near = len(between) <= 40 or _conjoined(group[-1], other, dist)
        # Counts of one toll stand on one side of its cue ("deux journalistes et 13 civils ont été
        # tués", "killing six civilians and two children"); "three were killed, a doctor said" is one.
        same_side = head.cue is None or (head.number.start < head.cue[0]) == (other.number.start < head.cue[0])
        if other.kind != head.kind or other.part or other.cue != head.cue or not near or not same_side or not _regexes(lang)["and"].search(between):
            break
        if any(w[:1].isupper() for w in re.findall(r"[^\W\d_][\w'’-]*", between)):
            # A toll split by place ("9 in Beit Sawa, 6 in Hazzeh") stays split.
            break
        group.append(other)
    if any(t.value is None for t in group):
        return None, group
    return sum(t.value for t in group), group


def event_counts(
    text: str,
    lang: str,
    numbers: list[Number],
    span: tuple[int, int],
    anchor: tuple[int, int] | None = None,
    dist: Distances | None = None,
    place: tuple[int, int] | None = None,
    displacement: bool = False,
) -> Counts:
    """What ``text[span]`` (a clause) says of the victims of the event named at ``anchor``:
    deaths (a wounded, missing or "neutralised" count is never one), parts (civilians, children,
    combatants), wounded, missing and displaced. With ``place``, a toll the text splits by place
    ("9 in Beit Sawa, 6 in Hazzeh") gives the share nearest that place."""
    tolls = find_tolls(text, lang, numbers, span, dist)
    near = place or anchor
    heads = {k: [t for t in tolls if t.kind == k and not t.part] for k in (KILLED, WOUNDED, MISSING, DISPLACED)}
    killed = (_of_place(heads[KILLED], place, dist) if place is not None else None) or _nearest(heads[KILLED], near, dist, by_number=place is not None)
    fatalities: int | None = None
    qualifier = ""
    civilians = children = combatants = None
    if killed is not None:
        fatalities, group = _whole(tolls, killed, text, lang, dist)
        qualifier = killed.number.qualifier or (text[killed.number.start : killed.number.end].lower() if killed.number.vague else "")
        categories = [t.victims for t in group]
        if fatalities is not None:
            civ = sum(t.value for t in group if t.victims == "child" or _stated_civilians(t, text, lang))
            civilians = civ or None
            if all(c == "child" for c in categories):
                children = fatalities
            fighters = sum(t.value for t in group if t.victims == "combatant")
            combatants = fighters or None
        # Parts that follow the toll: "dont 44 enfants", "including 18 civilians".
        after = tolls[tolls.index(group[-1]) + 1 :]
        for t in after:
            if not t.part:
                break
            if t.value is None:
                continue
            if t.victims == "child":
                children = children or t.value
            elif t.victims == "civilian" and _stated_civilians(t, text, lang):
                civilians = civilians or t.value
            elif t.victims == "combatant":
                combatants = combatants or t.value
        if children and civilians is None and fatalities is not None and all(c in ("civilian", "child") for c in categories):
            civilians = fatalities
    else:
        rx = _regexes(lang)
        if rx["none"].search(text, span[0], span[1]):
            fatalities = 0
        elif heads[WOUNDED] and not rx["any_cue"].search(text, span[0], span[1]) and not (
            anchor is not None and rx["prelude"].search(text, max(span[0], anchor[0] - 60), anchor[0])
        ):
            # Injuries only: nobody was reported killed — in the event that injured, not in the
            # fighting it followed ("a civilian was injured when jets struck after clashes").
            fatalities = 0
    wounded = _nearest(heads[WOUNDED], near, dist)
    missing = _nearest(heads[MISSING], near, dist)
    moved = _nearest(heads[DISPLACED], anchor if displacement else near, dist)
    return Counts(
        fatalities=fatalities,
        qualifier=qualifier,
        civilians=civilians,
        children=children,
        combatants=combatants,
        wounded=wounded.value if wounded else None,
        missing=missing.value if missing else None,
        displaced=moved.value if moved else None,
        killed=killed,
        displaced_toll=moved,
    )


def in_other_clause(dist: Distances, anchor: tuple[int, int], time: TimeSpan) -> bool:
    """Whether ``time`` sits in a modifier clause that does not hold the word at ``anchor``."""
    if not dist.parsed:
        return False
    a, t = dist.span_head(*anchor), dist.span_head(time.start, time.end)
    above_anchor = {a.i} | {x.i for x in a.ancestors}
    if t.i in above_anchor:
        return False
    node = t
    while node.i not in above_anchor:
        own_noun = node.head.i == a.i or (node.head.i in above_anchor and node.head.pos_ in ("NOUN", "PROPN"))
        if node.dep_ in _MODIFIER_CLAUSE_DEPS and not own_noun:
            # A clause modifying the event's own word or noun ("a car bomb blast targeted at a
            # mosque in June", "l'attaque menée samedi") dates that event; any other, something else.
            return True
        if node.head.i == node.i:
            return False  # another sentence's tree
        node = node.head
    return False


def running_time(text: str, lang: str, published: dt.date | None, sentences: list[Sentence], index: int, dist: Distances) -> TimeSpan | None:
    """The date an undated sentence is taken to be in: the governing day of the nearest earlier
    sentence that has one; a night, a week or a running period ("depuis samedi") carries over to
    the next sentence only."""
    for back, s in enumerate(reversed(sentences[:index])):
        times = [t for t in find_times(text, lang, published, s.start, s.end) if t.running]
        if not times:
            continue
        root = dist.span_head(s.start, s.end)
        best = governing_time((root.idx, root.idx + len(root.text)), times, dist.between)
        if best is not None and (back == 0 or best.date_start == best.date_end):
            return best
        days = [t for t in times if t.date_start == t.date_end]
        if days:
            return governing_time((root.idx, root.idx + len(root.text)), days, dist.between)
    return None


#: Sentences back (and forward) a toll reported on its own may look for the event it belongs to.
LOOSE_TOLL_BACK = 2
LOOSE_TOLL_AHEAD = 1
#: Sentences back a toll may close the story of an event when nothing else was reported since.
LOOSE_TOLL_STORY = 6
#: How far (in sentences) one dispatch's lead and details lie apart: a figure or an event told
#: again within this span is a restatement; farther on, in a long document or a digest, it is a
#: report of its own. Keeping both checks local also keeps their cost linear in the length.
DISPATCH_SENTENCES = 40


@dataclass(frozen=True)
class LooseToll:
    """A death toll in a sentence that reports no violent event of its own ("Une personne a été
    tuée", "Thirty-eight people were killed in Soueida"): it belongs to a neighbouring event."""

    sentence: int
    fatalities: int
    qualifier: str = ""
    civilians: int | None = None
    children: int | None = None
    #: Place ids the toll's sentence names (empty when it names none).
    places: frozenset[str] = frozenset()
    #: The type of the event the toll's own sentence names, when it names one it could not place.
    event_type: str | None = None
    #: The period the toll's own sentence states ("depuis jeudi"), if it states one.
    period: tuple[dt.date, dt.date] | None = None


#: How far apart (as a ratio) two figures for one event may lie and still be sources that
#: disagree ("19 morts" in the lead, "au moins 18 gendarmes tués" further on), not two events.
SOURCES_DISAGREE_RATIO = 2.0


def attach_loose_tolls(
    events: list,
    loose: list[LooseToll],
    sentence_of: Callable[[object], int],
    violent: Callable[[object], bool],
    at: Callable[[object, frozenset[str]], bool],
) -> list:
    """``events`` with each loose toll given to the event it reports on. The nearest violent
    event without a toll in the sentences just before (a toll usually follows its event), else
    just after (a lead toll before the details); when the toll's sentence names places, the event
    must be at (or inside) one of them (``at``). Farther away (``_farther``), the event must also be
    of the kind and period the toll's sentence names, if it names them: the event of the period the
    toll states, else for a lead toll the one event of its kind, else the nearest one before with
    no other event reported in between (the story the toll closes), else the dispatch's only
    violent event. A figure some event already states is that event's (a lead repeating the
    details' toll); a lead toll of a dispatch that reports one violent event is that event's first
    figure, and wins over a later one that disagrees by less than ``SOURCES_DISAGREE_RATIO``
    (sources that disagree: the first figure given). A toll goes to one event."""
    out = list(events)
    where = [sentence_of(e) for e in out]  # events come in text order
    for toll in loose:
        lo = bisect.bisect_left(where, toll.sentence - DISPATCH_SENTENCES)
        hi = bisect.bisect_right(where, toll.sentence + DISPATCH_SENTENCES)
        near = range(lo, hi)
        if any(violent(out[i]) and out[i].fatalities == toll.fatalities for i in near):
            continue  # a lead repeating the figure an event of the dispatch states itself

        def fits(e, *, stated: bool = False, strict: bool = False) -> bool:
            if not violent(e) or (e.fatalities is not None and not stated):
                return False
            if strict and toll.event_type is not None and e.event_type != toll.event_type:
                return False
            if strict and toll.period is not None and e.date_start is not None and e.date_end is not None:
                # Farther off, only an event of the period the toll states ("As of 19 January"
                # dates a count, so right after its event the period is no test).
                if e.date_start > toll.period[1] or toll.period[0] > e.date_end:
                    return False
            return not toll.places or at(e, toll.places)

        before = [i for i in near if fits(out[i]) and 0 <= toll.sentence - where[i] <= LOOSE_TOLL_BACK]
        after = [i for i in near if fits(out[i]) and 0 < where[i] - toll.sentence <= LOOSE_TOLL_AHEAD]
        best = None
        if before:
            best = max(before, key=lambda i: (where[i], -i))
        elif after:
            best = min(after, key=lambda i: (where[i], i))
        else:
            best = _farther(out, where, near, toll, fits, violent)
        if best is None:
            continue
        out[best] = replace(
            out[best],
            fatalities=toll.fatalities,
            fatalities_qualifier=toll.qualifier,
            civilian_fatalities=toll.civilians,
            child_fatalities=toll.children,
        )
    return out


def _farther(out: list, where: list[int], near: range, toll: LooseToll, fits: Callable[..., bool], violent: Callable[[object], bool]) -> int | None:
    """The event of a loose toll that no event of the sentences around it takes (see
    ``attach_loose_tolls``), or None."""
    fitting = [i for i in near if fits(out[i], strict=True)]
    if toll.period is not None and fitting:
        # "35 tués depuis le lancement de l'offensive, jeudi": the event of that period (the one
        # it pins down best), not a war-long story that also spans it.
        return min(fitting, key=lambda i: ((out[i].date_end - out[i].date_start).days if out[i].date_start and out[i].date_end else 1 << 20, abs(where[i] - toll.sentence), i))
    lead = not any(violent(out[i]) and where[i] < toll.sentence for i in near)
    if lead and toll.event_type is not None and len(fitting) == 1:
        # A headline's "frappe qui n'a pas fait de victime": the one air strike the details place
        # (after some events, a toll of that kind speaks of one of them instead).
        return fitting[0]
    earlier = [i for i in fitting if 0 <= toll.sentence - where[i] <= LOOSE_TOLL_STORY]
    if earlier:
        i = max(earlier, key=lambda i: (where[i], -i))
        if not any(where[i] < where[j] <= toll.sentence for j in near):
            return i  # the story the toll closes: nothing else was reported since
    violent_events = [i for i in near if violent(out[i])]
    if len(violent_events) == 1:
        i = violent_events[0]
        e = out[i]
        if e.fatalities is None and fits(e, strict=True):
            return i
        if (
            where[i] > toll.sentence and e.fatalities and fits(e, stated=True, strict=True)
            and max(e.fatalities, toll.fatalities) <= SOURCES_DISAGREE_RATIO * min(e.fatalities, toll.fatalities)
        ):
            return i  # the dispatch's lead figure for its one event: the first figure given
    return None
