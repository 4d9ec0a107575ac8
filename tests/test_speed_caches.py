"""The caches added for speed give what the uncached computation gives, and forget what they must.

Texts written for these tests; the shipped gazetteer and the real spaCy models.
"""

from __future__ import annotations

from geo_events.lang import lexicon, load_pack
from geo_events.lang import _pack_dir
from geo_events.nlp import parse
from geo_events.recognize import _is_upper_doc_text, _is_upper_prefix
from geo_events.scan import GazetteerMatcher

FIRST = (
    "Des frappes aériennes ont visé Alep et Idleb mardi, selon l'Observatoire. "
    "Les habitants d'Alep ont fui vers Azaz, au nord."
)
SECOND = "Les forces russes ont bombardé Homs et Hama. Damas a démenti, tandis que Palmyre restait calme."


def _plain(matcher: GazetteerMatcher, surface: str):
    """The matcher's filtered lookup, asked of the gazetteer without the per-document memo."""
    return matcher._filtered_lookup(surface)


def test_scan_memo_gives_fresh_results_and_holds_one_document(gaz) -> None:
    first, second = parse("fr", [FIRST, SECOND])
    shared = GazetteerMatcher(gaz)
    hits_first = shared.hits(first)
    # The memo now holds what the first document asked, and answers as the gazetteer does.
    assert "Alep" in shared._memo and shared._memo["Alep"][0]
    for surface, answer in shared._memo.items():
        assert answer == _plain(shared, surface)
    hits_second = shared.hits(second)
    # A new document empties it: none of the first text's names is kept for the second.
    assert "Alep" not in shared._memo and "Idleb" not in shared._memo
    assert "Homs" in shared._memo
    # The same matcher reused gives exactly what a fresh matcher gives on each document.
    assert hits_first == GazetteerMatcher(gaz).hits(first)
    assert hits_second == GazetteerMatcher(gaz).hits(second)
    assert [h.surface for h in hits_second] == ["Homs", "Hama", "Damas", "Palmyre"]
    # ``candidates`` (asked for NER spans after the scan) reads the same memo consistently.
    assert shared.candidates("Homs") == _plain(shared, "Homs")
    assert shared.candidates("Raqqa") == _plain(shared, "Raqqa")


def test_upper_case_test_memo_follows_the_text() -> None:
    lower = "Les frappes ont visé la ville dans la nuit, selon des sources locales sur place. " * 3
    upper = lower.upper()
    _is_upper_prefix.cache_clear()
    assert _is_upper_doc_text(lower) is False
    assert _is_upper_doc_text(upper) is True
    assert _is_upper_doc_text(lower) is False  # a cached answer for one text is not another's
    # Only the first 2,000 characters decide: texts sharing them share the answer.
    assert _is_upper_doc_text(upper * 40 + lower) is True
    assert _is_upper_doc_text(lower * 40 + upper) is False
    assert _is_upper_prefix.cache_info().currsize <= _is_upper_prefix.cache_info().maxsize


def test_language_pack_keys_read_once_are_the_pack_values() -> None:
    pack = lexicon("fr")
    fresh = load_pack("fr", (_pack_dir() / "fr.yaml").read_text(encoding="utf-8"))
    first = pack.TRIGGERS
    assert "TRIGGERS" in vars(pack)  # kept after the first read
    assert pack.TRIGGERS is first
    assert first == fresh.TRIGGERS and pack.LOCATIVE == fresh.LOCATIVE
    assert pack == fresh  # equality is still by the pack's data
    assert lexicon("en").TRIGGERS != first
