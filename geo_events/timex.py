"""Time expressions, normalised against the publication date ("hier", "lundi", "depuis samedi",
"le 15 novembre", "début novembre", "en 2012"), with sanity checks.

Expressions are found with each language's word lists (``lang/<code>.py``); days relative to
the publication date are resolved by ``dateparser``. Nothing may end after publication, and
years outside 1900..publication are misreadings ("novembre à 8000"), so they are dropped.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from dataclasses import dataclass
from functools import lru_cache

import dateparser

from .lang import lexicon

log = logging.getLogger(__name__)

DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"
MIN_YEAR = 1900


@dataclass(frozen=True)
class TimeSpan:
    """A time expression at ``[start, end)`` covering ``date_start..date_end`` (inclusive)."""

    start: int
    end: int
    text: str
    date_start: dt.date
    date_end: dt.date
    since: bool = False

    @property
    def precision(self) -> str:
        return precision_of(self.date_start, self.date_end)


def precision_of(start: dt.date, end: dt.date) -> str:
    """ACLED-style time precision of a period: day, week, month or year."""
    days = (end - start).days + 1
    return DAY if days <= 1 else WEEK if days <= 7 else MONTH if days <= 31 else YEAR


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@lru_cache(maxsize=None)
def _patterns(lang: str) -> list[tuple[str, re.Pattern]]:
    lex = lexicon(lang)
    months, weekdays = _alt(lex.MONTHS), _alt(lex.WEEKDAYS)
    rel, parts = _alt(lex.RELATIVE_DAYS), _alt(lex.PART_OF_MONTH)
    year = r"(?P<year>(?:1[0-9]|2[0-9])\d{2})(?!\d)"
    flags = re.IGNORECASE
    return [
        ("daymonth", re.compile(rf"(?<!\w)(?:(?:le|du|au|on|the)\s+)?(?P<day>{lex.DAY_ORDINAL})\s+(?:of\s+)?(?P<month>{months})(?:,?\s+{year})?(?!\w)", flags)),
        ("monthday", re.compile(rf"(?<!\w)(?P<month>{months})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+{year})?(?!\w)", flags)),
        ("part", re.compile(rf"(?<!\w)(?P<part>{parts})\s*-?\s*(?:de\s+|d['’]|of\s+)?(?P<month>{months})(?:\s+{year})?(?!\w)", flags)),
        ("month", re.compile(rf"(?<!\w)(?:(?:en|in|depuis|since|dès|de|from|of)\s+)(?P<month>{months})(?:\s+{year})?(?!\w)|(?<!\w)(?P<month2>{months})\s+(?P<year2>(?:19|20)\d{{2}})(?!\d)", flags)),
        ("year", re.compile(rf"(?<!\w)(?:en|in|depuis|since|dès|de|from|of)\s+{year}", flags)),
        ("weekday", re.compile(rf"(?<!\w)(?:(?:dans la nuit de|last|on|ce|this)\s+)?(?P<weekday>{weekdays})(?:\s+(?:dernier|soir|matin|night|morning|evening))?(?!\w)", flags)),
        ("relative", re.compile(rf"(?<!\w)(?:{rel})(?!\w)", flags)),
    ]


@lru_cache(maxsize=4096)
def _dateparser_day(expression: str, lang: str, published: dt.date) -> dt.date | None:
    settings = {
        "RELATIVE_BASE": dt.datetime.combine(published, dt.time(12)),
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(expression, languages=[lang], settings=settings)
    return parsed.date() if parsed else None


def _month_number(word: str, lang: str) -> int:
    months = {k.lower(): v for k, v in lexicon(lang).MONTHS.items()}
    return months[word.lower()]


def _year_for(month: int, day: int, year: str | None, published: dt.date | None) -> int | None:
    if year:
        return int(year)
    if published is None:
        return None
    # A day-month without year is the latest one not after publication.
    return published.year if (month, day) <= (published.month, published.day) else published.year - 1


def _resolve(kind: str, m: re.Match, lang: str, published: dt.date | None) -> tuple[dt.date, dt.date] | None:
    g = m.groupdict()
    if kind in ("daymonth", "monthday"):
        month = _month_number(g["month"], lang)
        day = int(re.match(r"\d+", g["day"]).group()) if re.match(r"\d", g["day"]) else 1
        year = _year_for(month, day, g.get("year"), published)
        if year is None:
            return None
        try:
            d = dt.date(year, month, day)
        except ValueError:
            return None
        return d, d
    if kind in ("part", "month"):
        month = _month_number(g.get("month") or g.get("month2"), lang)
        year = _year_for(month, 1, g.get("year") or g.get("year2"), published)
        if year is None:
            return None
        last = calendar.monthrange(year, month)[1]
        part = lexicon(lang).PART_OF_MONTH.get((g.get("part") or "").lower(), "month")
        lo, hi = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}.get(part, (1, last))
        return dt.date(year, month, lo), dt.date(year, month, hi)
    if kind == "year":
        year = int(g["year"])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if published is None:
        return None  # relative days need a publication date
    if kind == "weekday":
        target = [w.lower() for w in lexicon(lang).WEEKDAYS].index(g["weekday"].lower())
        if target == published.weekday():
            return published, published  # "mercredi" in a Wednesday dispatch is that day
        d = _dateparser_day(g["weekday"].lower(), lang, published)
    else:
        d = _dateparser_day(m.group(0).lower(), lang, published)
    return (d, d) if d else None


def find_times(text: str, lang: str, published: dt.date | None, start: int = 0, end: int | None = None) -> list[TimeSpan]:
    """Time expressions of ``text[start:end]`` resolved to periods; impossible ones dropped."""
    end = len(text) if end is None else end
    found: list[tuple[int, int, str, re.Match]] = []
    for kind, pattern in _patterns(lang):
        for m in pattern.finditer(text, start, end):
            found.append((m.start(), m.end(), kind, m))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    since_re = re.compile(rf"(?:{lexicon(lang).SINCE})\b[^.,;:!?()«»\"]{{0,70}}$", re.IGNORECASE)
    out: list[TimeSpan] = []
    taken_until = -1
    for s, e, kind, m in found:
        if s < taken_until:
            continue
        period = _resolve(kind, m, lang, published)
        if period is None:
            continue
        lo, hi = period
        if lo.year < MIN_YEAR or (published and lo > published):
            log.warning("dropped impossible date %r (%s) in text at %d", m.group(0), lo, s)
            continue
        if published and hi > published:
            hi = published
        since = bool(since_re.search(text, max(start, s - 80), s)) or bool(re.match(rf"(?:{lexicon(lang).SINCE})\b", m.group(0), re.IGNORECASE))
        if since:
            hi = published or hi
        out.append(TimeSpan(s, e, m.group(0), lo, hi, since))
        taken_until = e
    return out
