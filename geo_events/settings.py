"""Settings of the geo_events engine, in one object.

Change them for a run with :func:`dataclasses.replace` on :data:`SETTINGS`, or pass a
:class:`Settings` to the functions that take one (``geo_events.batch.run_batch``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """Limits and sizes of the text pass and of batches."""

    #: Documents longer than this (in characters) are parsed in pieces cut at paragraph
    #: (else sentence) boundaries and joined back into one Doc; spaCy refuses texts over
    #: ``nlp.max_length`` (1,000,000) and its memory grows with the piece, not the document.
    piece_chars: int = 100_000
    #: Documents (files or JSON Lines lines) larger than this are refused before parsing.
    max_document_bytes: int = 16_000_000
    #: Documents sent to a worker at once; each worker parses them with one ``nlp.pipe``.
    batch_chunk_docs: int = 8
    #: Chunks in flight per worker: enough to keep it busy, few enough to bound memory.
    chunks_in_flight_per_worker: int = 3


SETTINGS = Settings()
