"""Language knowledge, one module per language with the same shape (see ``fr.py``).

Adding a language is adding a module with the same names and listing it in ``LEXICONS``.
"""

from __future__ import annotations

from types import ModuleType

from ..errors import GeoEventsError
from . import en, fr

LEXICONS: dict[str, ModuleType] = {"fr": fr, "en": en}


def lexicon(lang: str) -> ModuleType:
    """The language module for an ISO code."""
    try:
        return LEXICONS[lang]
    except KeyError:
        raise GeoEventsError(f"no language knowledge for {lang!r} (have: {', '.join(LEXICONS)})") from None
