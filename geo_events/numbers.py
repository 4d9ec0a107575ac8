"""Numbers in dispatches: digits with each language's separators, words, approximations,
fractions and percentages ("300.000", "8000", "deux médecins", "au moins 341", "un tiers").

Runs of number words are found with the language pack's ``number_words`` and valued by
``text2num`` ("quatre-vingt-dix-sept" -> 97); plural approximations ("des dizaines", "dozens")
are kept as *vague* numbers: a qualifier, not a count."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import text2num

from .lang import lexicon

#: Counts above this are not casualty or displacement figures but misreadings (years, phone numbers).
MAX_COUNT = 20_000_000


@dataclass(frozen=True)
class Number:
    """A count found in text: ``text[start:end]``, its value and qualifier ("at least"...)."""

    start: int
    end: int
    value: int
    qualifier: str = ""
    approximate: bool = False
    #: A plural approximation ("des dizaines", "dozens"): says there were many, gives no count.
    vague: bool = False


@dataclass(frozen=True)
class Fraction:
    start: int
    end: int
    value: float


@lru_cache(maxsize=None)
def _number_re(lang: str) -> re.Pattern:
    lex = lexicon(lang)
    seps = "".join(re.escape(c) for c in lex.THOUSANDS_SEPARATORS)
    dec = re.escape(lex.DECIMAL_SEPARATOR)
    words = "|".join(sorted((re.escape(w) for w in lex.NUMBER_WORDS), key=len, reverse=True))
    scales = "|".join(sorted((re.escape(w) for w in lex.SCALES), key=len, reverse=True))
    quals = "|".join(sorted((re.escape(w) for w in lex.QUALIFIERS), key=len, reverse=True))
    digits = rf"\d{{1,3}}(?:[{seps}]\d{{3}})+(?!\d)|\d+(?:{dec}\d+)?"
    # A run of number words ("deux cent cinquante"), optionally preceded by an article.
    wordrun = rf"(?:(?:{words})(?:[\s-]+(?:{lex.NUMBER_AND}[\s-]+)?(?:{words}))*)"
    return re.compile(
        rf"(?<![\w.,])(?:(?P<qual>{quals})\s*{lex.NOUN_LINK})?"
        rf"(?P<num>{digits}|{wordrun})(?:\s+(?P<scale>{scales}))?(?![\w])",
        re.IGNORECASE,
    )


def _word_value(run: str, lang: str) -> tuple[int, bool]:
    words = lexicon(lang).NUMBER_WORDS
    approx_words = lexicon(lang).APPROX_NUMBER_WORDS
    tokens = [w for w in re.split(r"[\s-]+", run.lower()) if w]
    if not any(w in approx_words for w in tokens):
        try:
            return int(text2num(run.lower(), lang)), False
        except (ValueError, TypeError):
            pass  # not a well-formed number for text2num ("deux et trois"): compose it below
    total, current, approx = 0, 0, False
    for w in re.split(r"[\s-]+", run.lower()):
        if w == lexicon(lang).NUMBER_AND or w not in words:
            continue
        v = words[w]
        approx |= w in approx_words
        if w in approx_words:
            current = max(current, 1) * v
        elif v == 100:
            current = max(current, 1) * 100
        elif v == 1000 and w not in approx_words:
            total += max(current, 1) * 1000
            current = 0
        else:
            current += v
    return total + current, approx


def parse_number(raw: str, lang: str) -> int | None:
    """The value of one number as written in ``lang`` ("300.000" -> 300000; "1,5" -> 1.5 rounded)."""
    lex = lexicon(lang)
    raw = raw.strip()
    if re.fullmatch(r"[\d\s.,\u00a0\u202f]+", raw):
        if any(c in raw for c in lex.THOUSANDS_SEPARATORS) and re.fullmatch(rf"\d{{1,3}}(?:[{re.escape(lex.THOUSANDS_SEPARATORS)}]\d{{3}})+", raw):
            return int(re.sub(r"\D", "", raw))
        try:
            return round(float(raw.replace(lex.DECIMAL_SEPARATOR, ".")))
        except ValueError:
            return None
    value, _ = _word_value(raw, lang)
    return value or None


@lru_cache(maxsize=None)
def _person_re(lang: str) -> re.Pattern:
    nouns = "|".join(sorted(map(re.escape, lexicon(lang).VICTIMS), key=len, reverse=True))
    return re.compile(rf"\s+(?:[\w-]+\s+)?(?:{nouns})(?![\w-])", re.IGNORECASE)


def _person_after(text: str, end: int, lang: str) -> bool:
    return bool(_person_re(lang).match(text, end))


@lru_cache(maxsize=None)
def _one_person_re(lang: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-])(?:{lexicon(lang).ONE_PERSON})(?![\w-])", re.IGNORECASE)


def find_numbers(text: str, lang: str, start: int = 0, end: int | None = None) -> list[Number]:
    """Counts in ``text[start:end]``. Articles "un/une/a" alone are not counted as numbers; a
    singular person named with a possessive ("his niece") is a count of one."""
    out = _find_numbers(text, lang, start, end)
    ones = [Number(m.start(), m.end(), 1) for m in _one_person_re(lang).finditer(text, start, len(text) if end is None else end)]
    if ones:
        ones = [o for o in ones if not any(n.start < o.end and o.start < n.end for n in out)]
        out = sorted(out + ones, key=lambda n: n.start)
    return out


def _find_numbers(text: str, lang: str, start: int, end: int | None) -> list[Number]:
    lex = lexicon(lang)
    out = []
    for m in _number_re(lang).finditer(text, start, len(text) if end is None else end):
        raw = m.group("num")
        if raw.lower() in lex.ARTICLES and not _person_after(text, m.end(), lang):
            continue  # "un obus", "a strike": an article; "une personne", "a woman": one person
        scale = lex.SCALES.get((m.group("scale") or "").lower(), 1)
        if re.match(r"\d", raw):
            dec = lex.DECIMAL_SEPARATOR
            if scale > 1 and dec in raw:
                value = round(float(raw.replace(dec, ".")) * scale)
            else:
                base = parse_number(raw, lang)
                if base is None:
                    continue
                value = base * scale
            approx = False
        else:
            base, approx = _word_value(raw, lang)
            if not base:
                continue
            value = base * scale
        if value <= 0 or value > MAX_COUNT:
            continue
        qual = lex.QUALIFIERS.get((m.group("qual") or "").lower(), "")
        vague = not re.match(r"\d", raw) and raw.lower().split()[-1] in lex.VAGUE_NUMBERS
        out.append(Number(m.start(), m.end(), value, qual, approx or qual == "about", vague))
    return out


@lru_cache(maxsize=None)
def _fraction_re(lang: str) -> re.Pattern:
    lex = lexicon(lang)
    names = "|".join(sorted((re.escape(f) for f in lex.FRACTIONS), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{names})(?![\w-])|{lex.PERCENT}", re.IGNORECASE)


def find_fractions(text: str, lang: str, start: int = 0, end: int | None = None) -> list[Fraction]:
    """Shares of something ("un tiers", "two-thirds", "60 %") in ``text[start:end]``."""
    lex = lexicon(lang)
    folded = {k.lower(): v for k, v in lex.FRACTIONS.items()}
    out = []
    for m in _fraction_re(lang).finditer(text, start, len(text) if end is None else end):
        if m.group(1):
            value = float(m.group(1).replace(",", ".")) / 100
            if not 0 < value <= 1:
                continue
        else:
            value = folded[m.group(0).lower().replace("’", "'")] if m.group(0).lower().replace("’", "'") in folded else folded.get(m.group(0).lower(), 0.0)
            if not value:
                continue
        out.append(Fraction(m.start(), m.end(), value))
    return out
