"""spaCy pipelines, loaded once per language and reused."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from .errors import GeoEventsError
from .lang import lexicon


@lru_cache(maxsize=None)
def pipeline(lang: str) -> Language:
    """The spaCy pipeline for a language: the packaged model, or a blank one with sentences."""
    model = lexicon(lang).SPACY_MODEL
    if model is None:
        nlp = spacy.blank(lang)
        nlp.add_pipe("sentencizer")
        return nlp
    try:
        # The lemmatizer is not used downstream; leaving it out saves a fifth of the time.
        return spacy.load(model, exclude=["lemmatizer"])
    except OSError:
        raise GeoEventsError(
            f"the spaCy model {model!r} is not installed; install it with: pip install {model.replace('_', '-')}"
        ) from None
