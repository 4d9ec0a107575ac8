"""Documents: plain text, HTML pages and JSON Lines corpora, with publication date and language.

A :class:`Document` keeps its text exactly as analysed, so every later result's character
offsets point back into ``Document.text``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError
from .io import iter_jsonl, read_text

log = logging.getLogger(__name__)

SUPPORTED_LANGS = ("fr", "en")
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}


@dataclass(frozen=True)
class Document:
    """One dispatch: its text, where it came from, when it was published, its language."""

    doc_id: str
    text: str
    lang: str
    published: dt.date | None = None
    source: str = ""
    title: str = ""
    #: ISO codes of the countries the document is about, when its metadata says so (JSON Lines
    #: ``"countries": ["SY"]`` or ``"country": "SY"``); the text's own places add to them.
    focus: tuple[str, ...] = ()


def _focus(record: dict, where: object) -> tuple[str, ...]:
    value = record.get("countries", record.get("country"))
    if value in (None, "", []):
        return ()
    codes = [value] if isinstance(value, str) else value
    if not isinstance(codes, list) or not all(isinstance(c, str) and len(c.strip()) == 2 and c.strip().isalpha() for c in codes):
        raise InputError(where, f"'countries' must be ISO alpha-2 codes such as \"SY\", not {value!r}")
    return tuple(c.strip().upper() for c in codes)


def parse_date(value: object, where: str = "date") -> dt.date | None:
    """An ISO date (``YYYY-MM-DD``, a longer ISO timestamp is cut to its date) or ``None``."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise InputError(where, f"{text!r} is not a date in YYYY-MM-DD form") from None


_NAME_DATE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")


def date_in_name(path: Path) -> dt.date | None:
    """An ISO date written in a file name ("alep-2016-12-07.fr.txt"), used when none is given."""
    match = _NAME_DATE.search(path.name)
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def detect_language(text: str) -> str | None:
    """ISO code of the text's language (offline, deterministic), or ``None`` if unsure."""
    from langdetect import DetectorFactory, LangDetectException, detect_langs

    DetectorFactory.seed = 0
    sample = text[:5000]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return None
    return best.lang if best.prob >= 0.7 else None


def _choose_lang(text: str, lang: str | None, where: str) -> str:
    if lang and lang != "auto":
        if lang not in SUPPORTED_LANGS:
            raise InputError(where, f"language {lang!r} is not supported (use one of {', '.join(SUPPORTED_LANGS)})")
        return lang
    found = detect_language(text)
    if found is None:
        raise InputError(where, "cannot tell the language of this text; pass --lang fr or --lang en")
    if found not in SUPPORTED_LANGS:
        raise InputError(where, f"text is in {found!r}, which is not supported (only {', '.join(SUPPORTED_LANGS)})")
    return found


#: A plain-text dispatch's first line is its headline when it is at most this long and does
#: not end a sentence (wire copy: headline, blank line, body).
HEADLINE_MAX_CHARS = 160


def headline(text: str) -> str:
    """The headline of a plain-text dispatch: a short first line, set apart from the body."""
    lines = text.lstrip().split("\n", 1)
    if len(lines) < 2 or not lines[1].strip():
        return ""
    first = lines[0].strip()
    if not first or len(first) > HEADLINE_MAX_CHARS or first[-1] in ".!?:;,»\"":
        return ""
    return first


def html_to_text(html: str) -> tuple[str, str]:
    """Main text and title of an HTML page (boilerplate, menus and scripts removed)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""
    meta = trafilatura.extract_metadata(html)
    return text, (meta.title if meta and meta.title else "")


def make_document(text: str, *, doc_id: str, lang: str | None = None, published: object = None, source: str = "", title: str = "") -> Document:
    """A :class:`Document` from text, detecting the language when ``lang`` is None/'auto'."""
    if not text or not text.strip():
        raise InputError(doc_id, "is empty")
    return Document(doc_id, text, _choose_lang(text, lang, doc_id), parse_date(published, doc_id), source, title)


def read_documents(
    paths: Iterable[Path | str], *, lang: str | None = None, published: object = None
) -> Iterator[Document]:
    """Documents of text, HTML or JSON Lines files; options override missing metadata.

    ``published`` and ``lang`` given here apply to documents whose own metadata lacks them.
    """
    given_date = parse_date(published, "--published")
    for raw in paths:
        path = Path(raw)
        default_date = given_date or date_in_name(path)
        suffix = path.suffix.lower()
        if suffix in _JSONL_SUFFIXES:
            yield from _read_jsonl(path, lang, default_date)
            continue
        text = read_text(path)
        title = headline(text)
        if suffix in _HTML_SUFFIXES or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
            text, title = html_to_text(text)
            if not text.strip():
                raise InputError(path, "no article text found in this HTML page")
        yield Document(path.stem.split(".")[0] if suffix == ".txt" else path.stem, text, _choose_lang(text, lang, str(path)), default_date, str(path), title)


def _read_jsonl(path: Path, lang: str | None, default_date: dt.date | None) -> Iterator[Document]:
    for number, (where, record) in enumerate(iter_jsonl(path), start=1):
        yield Document(
            doc_id=str(record.get("id") or f"{path.stem}-{number}"),
            text=record["text"],
            lang=_choose_lang(record["text"], record.get("lang") or lang, where),
            published=parse_date(record.get("published"), where) or default_date,
            source=str(record.get("source") or path),
            title=str(record.get("title") or ""),
            focus=_focus(record, where),
        )


_PARAGRAPH_END = re.compile(r"\n+")
_SENTENCE_END = re.compile(r"(?<=[.!?…»\"”])\s+")


def split_text(text: str, max_chars: int) -> list[tuple[int, int]]:
    """``(start, end)`` pieces covering ``text`` exactly, none over ``max_chars``.

    Cuts fall after a paragraph end (a run of newlines); a paragraph longer than
    ``max_chars`` is cut after sentence ends, and a sentence longer than that at a space (or,
    failing one, anywhere). Separators stay at the end of the piece they follow, so the
    pieces joined give back ``text`` and offsets within a piece shift by its ``start``.
    """
    if len(text) <= max_chars:
        return [(0, len(text))]
    pieces: list[tuple[int, int]] = []
    start = 0
    for match in _PARAGRAPH_END.finditer(text):
        pieces.extend(_cut(text, start, match.end(), max_chars))
        start = match.end()
    if start < len(text):
        pieces.extend(_cut(text, start, len(text), max_chars))
    return pieces


def _cut(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    out = []
    while end - start > max_chars:
        limit = start + max_chars
        cut = None
        for match in _SENTENCE_END.finditer(text, start, limit):
            cut = match.end()
        if cut is None or cut <= start:
            space = text.rfind(" ", start, limit)
            cut = space + 1 if space > start else limit
        out.append((start, cut))
        start = cut
    if end > start:
        out.append((start, end))
    return out
