"""spaCy pipelines, loaded once per language and reused."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc as SpacyDoc

from .errors import GeoEventsError
from .lang import lexicon
from .settings import SETTINGS


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: SpacyDoc) -> SpacyDoc:
    """A blank line ends a sentence: a headline has no full stop, and the parser would otherwise
    run it into the first sentence ("Three fronts" read as a toll). Single line breaks are left
    to the parser, since wire copy is often hard-wrapped."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and previous.text.count("\n") >= 2 and not token.is_space:
            token.is_sent_start = True
    return doc


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
        nlp = spacy.load(model, exclude=["lemmatizer"])
    except OSError:
        raise GeoEventsError(
            f"the spaCy model {model!r} is not installed; install it with: pip install {model.replace('_', '-')}"
        ) from None
    nlp.add_pipe("paragraph_breaks", before="parser" if "parser" in nlp.pipe_names else None)
    return nlp


def doc_text(parsed: SpacyDoc) -> str:
    """The Doc's text, joined once and kept in ``user_data``: ``Doc.text`` joins every token on
    each access, so reading it per mention made a long document's analysis quadratic."""
    text = parsed.user_data.get("geo_events.text")
    # A Doc's text never changes, but user_data can be copied to another Doc: check the length.
    length = parsed[-1].idx + len(parsed[-1].text_with_ws) if len(parsed) else 0
    if text is None or len(text) != length:
        text = parsed.text
        parsed.user_data["geo_events.text"] = text
    return text


def parse(lang: str, texts: Iterable[str], *, batch_size: int = 32, piece_chars: int | None = None) -> Iterator[SpacyDoc]:
    """One parsed Doc per text, in order. A text over ``piece_chars`` is parsed in pieces
    (:func:`geo_events.documents.split_text`) joined back into one Doc whose text and character
    offsets are the original's, so no text is too long and cost stays linear in its length."""
    from .documents import split_text

    nlp = pipeline(lang)
    limit = piece_chars or SETTINGS.piece_chars
    run: list[str] = []  # consecutive short texts, parsed together
    for text in texts:
        if len(text) <= limit:
            run.append(text)
            continue
        yield from nlp.pipe(run, batch_size=batch_size)
        run = []
        pieces = [text[s:e] for s, e in split_text(text, limit)]
        joined = SpacyDoc.from_docs(list(nlp.pipe(pieces, batch_size=batch_size)), ensure_whitespace=False)
        joined.user_data["geo_events.text"] = text  # the pieces cover it exactly: see doc_text
        yield joined
    yield from nlp.pipe(run, batch_size=batch_size)
