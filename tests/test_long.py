"""Issue 13: a 3,000,000-character document is analysed whole (places, events, claims), with the
same results on its paragraphs as when they are analysed one by one.

Its cost has to stay linear in the text's length for this test to fit the CI budget; the
figures against raw spaCy are in benchmarks/bench_long.py.
"""

from __future__ import annotations

import bisect

import pytest

from geo_events.claims import extract_document_claims
from geo_events.documents import make_document, split_text
from geo_events.events import extract_document_events
from geo_events.nlp import doc_text
from geo_events.places import analyse_documents
from geo_events.settings import SETTINGS

from .test_batch import _texts

LENGTH = 3_000_000
PUBLISHED = "2016-12-07"


def _analyse(text: str, gaz) -> tuple:
    document = make_document(text, doc_id="t", lang="fr", published=PUBLISHED)
    (_, parsed, mentions), = list(analyse_documents([document], gaz))
    return parsed, mentions, extract_document_events(document, parsed, mentions, gaz), extract_document_claims(document, parsed, mentions, gaz)


def _mention(m, shift: int) -> tuple:
    return (m.start - shift, m.end - shift, m.surface, m.place.place_id if m.place else None, m.role, m.geo_precision)


def _event(e, shift: int, with_date: bool) -> dict:
    d = e.to_dict()
    for key in ("event_id", "doc_id"):
        d.pop(key, None)
    for key in ("start", "end", "location_start", "location_end"):
        if d.get(key) is not None:
            d[key] -= shift
    if not with_date:
        for key in ("event_date", "year", "date_start", "date_end", "date_basis", "time_precision"):
            d.pop(key, None)
    return d


def _claim(c, shift: int) -> dict:
    return {**c.to_dict(), "start": c.start - shift, "end": c.end - shift}


def _by_paragraph(items, starts: list[int]) -> dict[int, list]:
    out: dict[int, list] = {}
    for x in items:
        out.setdefault(bisect.bisect_right(starts, x.start) - 1, []).append(x)
    return out


@pytest.mark.slow
def test_three_million_characters_have_their_paragraphs_results_one_by_one(gaz):
    french = [t for lang, _, t in _texts() if lang == "fr"][:6]
    distinct = [line.strip() for t in french for line in t.split("\n") if line.strip()]
    # The dispatches' paragraphs over and over: every repeat must read exactly as the paragraph alone.
    paragraphs = [distinct[i % len(distinct)] for i in range(LENGTH // (sum(map(len, distinct)) // len(distinct)) + len(distinct))]
    text = "\n\n".join(paragraphs) + "\n"
    while len(text) < LENGTH:  # the mean length above is rounded down; top up to at least LENGTH
        paragraphs += distinct
        text = "\n\n".join(paragraphs) + "\n"
    starts, offset = [], 0
    for p in paragraphs:
        starts.append(offset)
        offset += len(p) + 2
    assert len(text) >= LENGTH and len(split_text(text, SETTINGS.piece_chars)) > 1

    parsed, mentions, events, claims = _analyse(text, gaz)
    # One Doc over the whole text, its tokens at the text's own offsets.
    last = parsed[-1]
    assert last.idx + len(last.text_with_ws) == len(text) and doc_text(parsed) == text
    assert all(t.text == text[t.idx : t.idx + len(t)] for t in (parsed[k] for k in range(0, len(parsed), max(1, len(parsed) // 5000))))
    alone = {p: _analyse(p, gaz) for p in distinct}
    assert sum(len(a[1]) for a in alone.values()) > 50 and sum(len(a[2]) for a in alone.values()) > 10  # the text has things to find

    m_at, e_at, c_at = (_by_paragraph(x, starts) for x in (mentions, events, claims))
    context_only = reread = total = 0
    for i, (p, shift) in enumerate(zip(paragraphs, starts)):
        _, p_mentions, p_events, p_claims = alone[p]
        assert [_mention(m, shift) for m in m_at.get(i, [])] == [_mention(m, 0) for m in p_mentions], p[:60]
        assert [_claim(c, shift) for c in c_at.get(i, [])] == [_claim(c, 0) for c in p_claims], p[:60]
        # Every event the paragraph gives alone, the long document gives there too; a date the
        # paragraph reads itself is the same. The document may know more: an earlier paragraph
        # can give an undated event its running date, a place-less report its place, or a toll
        # without a stated means the means of the violence just reported before it.
        long_events = e_at.get(i, [])
        for e in p_events:
            total += 1
            match = [x for x in long_events if _event(x, shift, False) == _event(e, 0, False)]
            if not match:
                # The same report (type and place), read with the paragraph before it.
                assert any((x.event_type, x.place.place_id) == (e.event_type, e.place.place_id) for x in long_events), (p[:60], _event(e, 0, True))
                reread += 1
                continue
            if e.date_basis == "text":
                assert _event(match[0], shift, True) == _event(e, 0, True)
        context_only += len(long_events) - len(p_events)
    # What context adds or changes stays a small share of what the paragraphs give on their own.
    assert 0 <= context_only <= 0.25 * len(events)
    assert reread <= 0.05 * total, (reread, total)
