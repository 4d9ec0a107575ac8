"""Time expressions, normalised against the publication date ("hier", "lundi", "depuis samedi",
"dans la nuit de lundi à mardi", "le 15 novembre", "au début du mois d'avril", "cet été",
"last week", "earlier this month", "en 2012"), with sanity checks.

Expressions are found with each language pack's ``dates`` words; single days relative to the
publication ("hier", "lundi") are resolved by ``dateparser``. Days counted from another date
("la veille", "the next day", "a day after the attack", "that came after") carry their offsets
(``TimeSpan.shift``) and are counted from the day the text is at by the caller (``shifted``). A four-digit number is a year only
in a date context ("en 2012", "mars 2011"), never a count ("plus de 2000 personnes"). Nothing may
end after publication, and years outside 1900..publication are misreadings, so they are dropped.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import dateparser

from .lang import lexicon

log = logging.getLogger(__name__)

DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"
MIN_YEAR = 1900
#: Periods a pack's ``relative_periods`` phrases may name, as functions of the publication date.
_ONE = dt.timedelta(days=1)
#: How far after a sentence dating only the news of an event (in sentences), and how long before
#: the report (in days), the dispatch may tell that event again with its own day.
RESTATED_AHEAD = 2
RESTATED_DAYS = 7


@dataclass(frozen=True)
class TimeSpan:
    """A time expression at ``[start, end)`` covering ``date_start..date_end`` (inclusive)."""

    start: int
    end: int
    text: str
    date_start: dt.date
    date_end: dt.date
    since: bool = False
    #: The end the expression itself names, before "since" runs it to publication ("since July
    #: 2015, when it lost Tal Abyad": what hangs on the date happened in July).
    own_end: dt.date | None = None
    #: Days counted from the date the text is at, not from publication ("la veille" (-1, -1),
    #: "a week after" (-7, -1)); the dates above are then provisional, counted from publication.
    shift: tuple[int, int] | None = None
    #: Whether the expression dates only what the text says after it ("a day after the attack").
    forward: bool = False

    @property
    def precision(self) -> str:
        return precision_of(self.date_start, self.date_end)

    @property
    def running(self) -> bool:
        """Whether later sentences without a date of their own may be taken to be in this period:
        days, nights, weeks and periods running to publication, not background months or years.
        A day counted from another date ("la veille") never is: its date is only provisional."""
        days = (self.date_end - self.date_start).days
        return self.shift is None and (days < 7 or (self.since and days <= 31))

    @property
    def precise(self) -> bool:
        """Whether the expression may govern an event before a background month or year."""
        return self.running or self.shift is not None


def shifted(t: TimeSpan, reference: tuple[dt.date, dt.date] | None, published: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The period of a day counted from another date ("la veille" of the night of Wednesday to
    Thursday is Tuesday to Wednesday), from ``reference``, else from publication; never after
    publication."""
    if t.shift is None:
        return t.date_start, t.date_end
    base = reference or ((published, published) if published else None)
    if base is None:
        return None
    lo, hi = base[0] + t.shift[0] * _ONE, base[1] + t.shift[1] * _ONE
    if published is not None:
        lo, hi = min(lo, published), min(hi, published)
    return lo, hi


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
    periods, seasons, overnight = _alt(lex.RELATIVE_PERIODS), _alt(lex.SEASONS), _alt(lex.OVERNIGHT)
    shifts, shifts_after = _alt(lex.DAY_SHIFTS), _alt(lex.SHIFTS_AFTER)
    year = r"(?P<year>(?:1[0-9]|2[0-9])\d{2})(?!\d)"
    wd_pre, wd_post = lex.WEEKDAY_PREFIX, lex.WEEKDAY_SUFFIX
    flags = re.IGNORECASE
    return [
        ("night", re.compile(
            rf"(?<!\w)(?:{lex.NIGHT_OF})\s+(?P<weekday>{weekdays})(?:\s+(?:{lex.NIGHT_TO})\s+(?P<weekday2>{weekdays}))?(?!\w)"
            rf"|(?<!\w)(?:(?:{wd_pre})\s+)?(?P<weekday3>{weekdays})\s+(?:{lex.NIGHT_AFTER})(?!\w)", flags)),
        ("daymonth", re.compile(rf"(?<!\w)(?:(?:{lex.DAY_PREFIX})\s+)?(?:(?P<wd>{weekdays}),?\s+)?(?P<day>{lex.DAY_ORDINAL})\s+(?:{lex.MONTH_LINK})?(?P<month>{months})(?:,?\s+{year})?(?!\w)", flags)),
        ("monthday", re.compile(rf"(?<!\w)(?P<month>{months})\s+(?P<day>{lex.DAY_ORDINAL})(?:,?\s+{year})?(?![\w:])", flags)),
        ("part", re.compile(rf"(?<!\w)(?P<part>{parts})\s*-?\s*(?:{lex.MONTH_LINK})?(?P<month>{months})(?:\s+{year})?(?!\w)", flags)),
        ("month", re.compile(rf"(?<!\w)(?:(?:{lex.MONTH_PREFIX})\s+)(?P<month>{months})(?:\s+{year})?(?!\w)|(?<!\w)(?P<month2>{months})\s+(?P<year2>(?:19|20)\d{{2}})(?!\d)", flags)),
        ("season", re.compile(rf"(?<!\w)(?P<pre>{lex.SEASON_PREFIX})\s*(?P<season>{seasons})(?:\s+(?P<post>{lex.SEASON_PAST}))?(?:\s+(?:(?:{lex.SEASON_YEAR_LINK})\s+)?{year})?(?!\w)(?!\s+(?:{lex.SEASON_YEAR_LINK})\s)", flags)),
        ("year", re.compile(rf"(?<!\w)(?:{lex.YEAR_BEFORE})\s+{year}", flags)),
        ("period", re.compile(rf"(?<!\w)(?:{periods})(?!\w)", flags)),
        ("duration", re.compile(rf"(?<!\w)(?:{lex.PAST_DURATION})(?!\w)", flags)),
        ("overnight", re.compile(rf"(?<!\w)(?:{overnight})(?!\w)", flags)),
        ("ago", re.compile(rf"(?<!\w)(?:{lex.AGO})(?!\w)", flags)),
        ("shift", re.compile(rf"(?<!\w)(?:{shifts})(?!\w)", flags)),
        ("after", re.compile(rf"(?<!\w)(?:{lex.DAYS_AFTER})", flags)),
        ("shortly_after", re.compile(rf"(?<!\w)(?:{shifts_after})(?!\w)", flags)),
        ("weekday", re.compile(rf"(?<!\w)(?:(?:{wd_pre})\s+)?(?P<weekday>{weekdays})(?:\s+(?:{wd_post}))?(?!\w)", flags)),
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


def _weekday(word: str, lang: str, published: dt.date) -> dt.date | None:
    """The latest such weekday not after publication ("mercredi" in a Wednesday dispatch is that day)."""
    target = [w.lower() for w in lexicon(lang).WEEKDAYS].index(word.lower())
    if target == published.weekday():
        return published
    return _dateparser_day(word.lower(), lang, published)


def _relative_period(kind: str, published: dt.date) -> tuple[dt.date, dt.date]:
    """The period a relative phrase names, by the kind its pack gives it."""
    first = published.replace(day=1)
    if kind == "past_day":  # "ces dernières 24 heures", "overnight"
        return published - _ONE, published
    if kind == "past_week":  # "en une semaine", "in the past week"
        return published - 6 * _ONE, published
    if kind == "last_week":  # "la semaine dernière", "last week"
        return published - 7 * _ONE, published - _ONE
    if kind == "weekend":  # "le week-end", "on the weekend": the last Saturday and Sunday
        saturday = published - ((published.weekday() - 5) % 7) * _ONE
        return saturday, min(saturday + _ONE, published)
    if kind == "this_week":
        return published - published.weekday() * _ONE, published
    if kind == "this_month":  # "earlier this month", "ce mois-ci"
        return first, published
    if kind == "last_month":
        last = first - _ONE
        return last.replace(day=1), last
    if kind == "this_year":
        return published.replace(month=1, day=1), published
    if kind == "last_year":
        return dt.date(published.year - 1, 1, 1), dt.date(published.year - 1, 12, 31)
    raise ValueError(f"unknown relative period kind {kind!r} (have: past_day, past_week, last_week, weekend, this_week, this_month, last_month, this_year, last_year)")


def _season(months: tuple[int, int], year: str | None, past: bool, published: dt.date | None) -> tuple[dt.date, dt.date] | None:
    m1, m2 = months
    if year:
        y = int(year)
    elif published is None:
        return None
    else:
        # The latest season that has begun by publication; "l'été dernier" the one before if we are in it.
        y = published.year if (published.month, published.day) >= (m1, 1) else published.year - 1
        if past and published <= _season_end(y, m1, m2):
            y -= 1
    return dt.date(y, m1, 1), _season_end(y, m1, m2)


def _season_end(year: int, m1: int, m2: int) -> dt.date:
    end_year = year + 1 if m2 < m1 else year  # winter runs into the next year
    return dt.date(end_year, m2, calendar.monthrange(end_year, m2)[1])


def _resolve(kind: str, m: re.Match, lang: str, published: dt.date | None) -> tuple[dt.date, dt.date] | None:
    g = m.groupdict()
    lex = lexicon(lang)
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
        part = {k.lower(): v for k, v in lex.PART_OF_MONTH.items()}.get((g.get("part") or "").lower(), "month")
        lo, hi = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}.get(part, (1, last))
        return dt.date(year, month, lo), dt.date(year, month, hi)
    if kind == "season":
        months = {k.lower(): v for k, v in lex.SEASONS.items()}[g["season"].lower()]
        past = bool(re.fullmatch(lex.SEASON_PAST, (g.get("post") or g.get("pre") or "").strip(), re.IGNORECASE))
        return _season(tuple(months), g.get("year"), past, published)
    if kind == "year":
        year = int(g["year"])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if published is None:
        return None  # everything below is relative to the publication date
    if kind == "night":
        if g.get("weekday3"):
            d = _weekday(g["weekday3"], lang, published)
            return (d, d + _ONE) if d else None
        if g.get("weekday2"):
            end = _weekday(g["weekday2"], lang, published)
            return (end - _ONE, end) if end else None
        d = _weekday(g["weekday"], lang, published)
        return (d, d + _ONE) if d else None
    if kind == "period":
        table = {k.lower(): v for k, v in lex.RELATIVE_PERIODS.items()}
        return _relative_period(table[" ".join(m.group(0).lower().split())], published)
    if kind == "overnight":
        return published - _ONE, published
    if kind == "duration":
        from .numbers import parse_number  # numbers imports nothing of ours: no cycle

        n = parse_number(g["n"], lang)
        units = {k.lower(): v for k, v in lex.DURATION_UNITS.items()}
        if not n or g["unit"].lower() not in units:
            return None
        days = max(1, round(n * units[g["unit"].lower()]))
        if m.start("n") == m.start():
            # A length ("deux jours d'affrontements", "48 hours of fighting"): that many days up to
            # the report; "in the past six days" also counts the day of publication.
            days -= 1
        return published - days * _ONE, published
    if kind in ("shift", "after", "shortly_after"):
        offsets = _shift(kind, m, lang)
        return None if offsets is None else shifted(TimeSpan(0, 0, "", published, published, shift=offsets), None, published)
    if kind == "weekday":
        d = _weekday(g["weekday"], lang, published)
    else:
        d = _dateparser_day(m.group(0).lower(), lang, published)
    return (d, d) if d else None


def _shift(kind: str, m: re.Match, lang: str) -> tuple[int, int] | None:
    """Day offsets from the date the text is at: a pack's ``day_shifts`` entry ("la veille"), or
    the length of a ``days_after`` phrase counted back ("a day after" (-1, -1), "a week after"
    (-7, -1): what it introduces happened within the week before)."""
    lex = lexicon(lang)
    if kind in ("shift", "shortly_after"):
        table = {k.lower(): v for k, v in (lex.DAY_SHIFTS if kind == "shift" else lex.SHIFTS_AFTER).items()}
        lo, hi = table[" ".join(m.group(0).lower().split())]
        return int(lo), int(hi)
    from .numbers import parse_number  # numbers imports nothing of ours: no cycle

    g = m.groupdict()
    n = parse_number(g["n"], lang) if g.get("n") else 1
    units = {k.lower(): v for k, v in lex.DURATION_UNITS.items()}
    unit = units.get((g.get("unit") or "").lower(), 1) if g.get("unit") else 1
    if not n or unit < 1:
        return None
    length = round(n * unit)
    return -length, -length + round(unit) - 1


@lru_cache(maxsize=None)
def _count_after(lang: str) -> re.Pattern:
    """Words after a number that make it a count ("2000 personnes"), so not a year."""
    lex = lexicon(lang)
    nouns = set(lex.VICTIMS) | set(lex.COUNT_UNITS)
    return re.compile(rf"\s+(?:\w+\s+)?(?:{_alt(nouns)})(?!\w)", re.IGNORECASE)


#: Marks that open a quotation: a date right after one that a capital follows is a name.
_OPENING_QUOTES = "\"“«‘'"


@lru_cache(maxsize=None)
def _prefix_before(lang: str) -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{lexicon(lang).DAY_PREFIX})\s+$", re.IGNORECASE)


def _is_name(text: str, lang: str, start: int, end: int, m: re.Match) -> bool:
    """Whether a day-month date is part of a name ("the \"February 17 Brigade\""): it runs on
    into a capitalised word that is no date word, and it is quoted or opens with no date preposition."""
    after = re.match(r"\s+([^\W\d_][\w'’-]*)", text[end : end + 40])
    if not after or not after.group(1)[0].isupper() or m.group("year"):
        return False
    lex = lexicon(lang)
    date_words = {w.lower() for w in lex.MONTHS} | {w.lower() for w in lex.WEEKDAYS}
    if after.group(1).lower() in date_words:
        return False
    quoted = text[max(0, start - 1) : start] in _OPENING_QUOTES and start > 0
    prefixed = bool(_prefix_before(lang).search(text[max(0, start - 12) : start])) or bool(
        re.match(rf"(?:{lex.DAY_PREFIX})\s", m.group(0), re.IGNORECASE)
    )
    return quoted or not prefixed


def find_times(text: str, lang: str, published: dt.date | None, start: int = 0, end: int | None = None) -> list[TimeSpan]:
    """Time expressions of ``text[start:end]`` resolved to periods; impossible ones dropped."""
    end = len(text) if end is None else end
    return list(_find_times(text, lang, published, start, end))


@lru_cache(maxsize=2048)
def _find_times(text: str, lang: str, published: dt.date | None, start: int, end: int) -> tuple[TimeSpan, ...]:
    lex = lexicon(lang)
    found: list[tuple[int, int, str, re.Match]] = []
    for kind, pattern in _patterns(lang):
        for m in pattern.finditer(text, start, end):
            found.append((m.start(), m.end(), kind, m))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    since_re = re.compile(rf"(?:{lex.SINCE})\b[^.,;:!?()«»\"]{{0,70}}$", re.IGNORECASE)
    out: list[TimeSpan] = []
    taken_until = -1
    for s, e, kind, m in found:
        if s < taken_until:
            continue
        if kind in ("year", "month") and (m.group("year") if kind == "year" else m.group("year2")) and _count_after(lang).match(text, e):
            continue  # "en 2000 personnes": a count, not a year
        if kind in ("daymonth", "monthday") and _is_name(text, lang, s, e, m):
            continue  # the "February 17 Brigade", the "6 October Bridge": a name, not a date
        period = _resolve(kind, m, lang, published)
        if period is None:
            continue
        lo, hi = period
        if lo.year < MIN_YEAR or (published and lo > published):
            log.warning("dropped impossible date %r (%s) in text at %d", m.group(0), lo, s)
            continue
        if published and hi > published:
            hi = published
        if kind in ("shift", "after", "shortly_after"):
            out.append(TimeSpan(s, e, m.group(0), lo, hi, shift=_shift(kind, m, lang), forward=kind != "shift"))
            taken_until = e
            continue
        since = bool(since_re.search(text, max(start, s - 80), s)) or bool(re.match(rf"(?:{lex.SINCE})\b", m.group(0), re.IGNORECASE))
        own_end = hi
        if since:
            hi = published or hi
        out.append(TimeSpan(s, e, m.group(0), lo, hi, since, own_end))
        taken_until = e
    return tuple(_ranges(text, lang, out))


def _ranges(text: str, lang: str, times: list[TimeSpan]) -> list[TimeSpan]:
    """Two expressions of one clause joined by "until"/"jusqu'à" are one period ("began on Friday
    and continued until dawn on Saturday")."""
    lex = lexicon(lang)
    joiner = re.compile(
        rf"^[^.;:!?]{{0,50}}(?<!\w)(?:{lex.RANGE_TO})(?!\w)[^.;:!?]{{0,25}}$|^\s*(?:{lex.RANGE_TO_ADJACENT})\s*$", re.IGNORECASE
    )
    out: list[TimeSpan] = []
    for t in times:
        prev = out[-1] if out else None
        if (
            prev is not None and not prev.since and prev.shift is None and t.shift is None
            and prev.date_start <= t.date_start and joiner.match(text[prev.end : t.start])
        ):
            end = max(prev.date_end, t.date_end)
            out[-1] = TimeSpan(prev.start, t.end, text[prev.start : t.end], prev.date_start, end, t.since, max(prev.date_end, t.own_end or t.date_end))
        else:
            out.append(t)
    return out


def governing_time(
    anchor: tuple[int, int],
    times: list[TimeSpan],
    distance: Callable[[tuple[int, int], tuple[int, int]], float],
    same_clause: Callable[[int], bool] | None = None,
    elsewhere: Callable[[TimeSpan], bool] | None = None,
) -> TimeSpan | None:
    """The time expression that governs the word at ``anchor``: the nearest in the dependency
    tree, those of the anchor's own clause first; a background period (a month or a year) only
    when no day, night or week is there. ``elsewhere`` rules out times that belong to another
    clause of the sentence (then None: the caller falls back on context)."""
    if not times:
        return None
    pool = [t for t in times if same_clause is None or same_clause(t.start)] or times
    if elsewhere is not None:
        pool = [t for t in pool if not elsewhere(t)]
        if not pool:
            return None
    precise = [t for t in pool if t.precise] or pool
    return min(precise, key=lambda t: distance(anchor, (t.start, t.end)))


def _attached_to(head, start: int, end: int):
    """The word outside ``[start, end)`` that the expression whose head is ``head`` hangs on."""
    node = head
    while start <= node.idx < end and node.head.i != node.i:
        node = node.head
    return None if start <= node.idx < end else node


def reports(t: TimeSpan, time_head, anchor_head, lang: str) -> bool:
    """Whether a single day dates the verb reporting the news ("killed ..., a monitor said on
    Tuesday", "a indiqué une ONG lundi"), not the event told in its complement."""
    if t.shift is not None or t.since or t.date_start != t.date_end:
        return False
    verb = _attached_to(time_head, t.start, t.end)
    if verb is not None and verb.dep_.startswith("nsubj") and verb.pos_ in ("NOUN", "PROPN"):
        verb = verb.head  # "a indiqué une ONG lundi" parsed with the day on the inverted subject
    return verb is not None and verb.i != anchor_head.i and bool(re.fullmatch(lexicon(lang).REPORTING_VERBS, verb.text, re.IGNORECASE))


def restates(word) -> bool:
    """Whether an event word names an event already told: a noun with a definite or demonstrative
    determiner ("l'attaque est survenue samedi", "the strike happened on Sunday")."""
    return word.pos_ == "NOUN" and any(
        c.dep_ == "det" and ("Def" in c.morph.get("Definite") or "Dem" in c.morph.get("PronType")) for c in word.children
    )


def hangs_on(t: TimeSpan, anchor_head) -> bool:
    """Whether the event word lies in a clause hanging on the expression itself ("since July
    2015, when it lost Tal Abyad"): the event is at the date, not since it. The parse may hang
    the clause on the sentence instead ("depuis mars 2016, lorsque ..."): then the clause opening
    right after the expression, only a comma between, is taken to say when it was."""
    if any(t.start <= a.idx < t.end for a in anchor_head.ancestors):
        return True
    verb = _clause_verb(anchor_head)
    if verb is None:
        return False
    doc = verb.doc
    opener = next((c for c in verb.children if c.dep_ in ("mark", "advmod") and c.i < verb.i), None)
    if opener is None:
        return False
    between = [tok for tok in doc[max(0, opener.i - 3) : opener.i] if tok.idx >= t.end]
    return opener.idx >= t.end and all(tok.is_punct for tok in between) and opener.idx - t.end <= 3


def _clause_verb(word):
    """The finite or participle verb of the clause a word belongs to ("clashes continue" ->
    "continue"), or None."""
    node = word
    for _ in range(4):
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def present(word) -> bool:
    """Whether the clause of a word is told in the present ("activists say clashes continue",
    "les combats se poursuivent"): what goes on at the time of the report."""
    verb = _clause_verb(word)
    if verb is None:
        return False
    form = verb.morph.get("VerbForm")
    return "Pres" in verb.morph.get("Tense") and (not form or "Fin" in form) and not any(
        c.dep_.startswith("aux") for c in verb.children
    )

