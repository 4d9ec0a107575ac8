"""Name folding for matching toponyms across spellings, scripts and transliterations.

Two keys are derived from every name:

* :func:`fold` -- the *exact* key: case, accents, punctuation, hyphens and apostrophes
  folded away, French elision and a leading Arabic article removed. "d'Alep", "ALEP" and
  "Alèp" share it.
* :func:`variant` -- the *transliteration* key: the folded key pushed through the
  spelling equivalences that romanised Arabic names drift between (ch/sh, ou/u, e/i, q/k,
  doubled letters, final -e/-eh/-a/-ah, articles inside the name). "Chaar", "al-Shaar" and
  "Sha'aar" share it.

Both functions are pure and cached; they are the only place spelling knowledge lives.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Apostrophe-like marks seen in romanised Arabic (ayn/hamza) and in French elision.
_APOSTROPHES = "'’‘`´ʿʾʼʻ′"
# Letters that NFKD does not decompose into ASCII.
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ł": "l",
        "ı": "i",
        "ħ": "h",
    }
)
_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_ARABIC_CHAR = re.compile("[\u0600-\u06ff]")

# French elided articles/prepositions glued to a name by an apostrophe: d'Alep, l'Idleb.
_ELISION = re.compile(r"^(?:d|l|qu|jusqu|lorsqu|puisqu)[" + _APOSTROPHES + r"]", re.IGNORECASE)

# Romanised forms of the Arabic definite article, as separate tokens after folding.
ARABIC_ARTICLES = frozenset(
    {"al", "el", "il", "ul", "ash", "as", "ad", "ar", "at", "az", "an", "ath", "adh", "aj", "es", "ed", "er", "et", "ez", "en", "ech", "ach"}
)

# Ordered rewrite rules for the transliteration key; digraphs before single letters.
_VARIANT_RULES: tuple[tuple[str, str], ...] = (
    ("tch", "ch"),
    ("dj", "j"),
    ("ch", "sh"),
    ("kh", "h"),
    ("gh", "g"),
    ("dh", "z"),
    ("th", "t"),
    ("ph", "f"),
    ("ou", "u"),
    ("oo", "u"),
    ("aw", "u"),
    ("ow", "u"),
    ("ay", "i"),
    ("ai", "i"),
    ("ei", "i"),
    ("ey", "i"),
    ("ee", "i"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("e", "i"),
    ("o", "u"),
    ("y", "i"),
    ("w", "u"),
)


def is_arabic(text: str) -> bool:
    """True when the text contains Arabic-script letters."""
    return bool(_ARABIC_CHAR.search(text))


@lru_cache(maxsize=262_144)
def fold(name: str) -> str:
    """Exact matching key of a name: folded case, accents, punctuation and articles.

    >>> fold("d'Alep") == fold("ALÈP") == "alep"
    True
    >>> fold("Deir ez-Zor")
    'deir ez zor'
    """
    text = unicodedata.normalize("NFKC", name).strip()
    text = _ELISION.sub("", text)
    if is_arabic(text):
        text = _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_MAP)
    else:
        text = unicodedata.normalize("NFKD", text.lower().translate(_SPECIAL))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    for mark in _APOSTROPHES:
        text = text.replace(mark, "")
    text = _NON_WORD.sub(" ", text.lower()).strip()
    text = text.replace("_", " ")
    tokens = text.split()
    # A leading article is noise ("al-Shaar" is "Shaar"), but only when a name remains.
    if len(tokens) > 1 and tokens[0] in ARABIC_ARTICLES:
        tokens = tokens[1:]
    elif tokens and tokens[0].startswith("ال") and len(tokens[0]) > 3:
        tokens[0] = tokens[0][2:]
    return " ".join(tokens)


@lru_cache(maxsize=262_144)
def variant(name: str) -> str:
    """Transliteration key: :func:`fold` plus spelling equivalences of romanised Arabic.

    >>> variant("Chaar") == variant("ash-Sha'ar") == variant("Sha'aar") == variant("الشعار") != ""
    True
    """
    folded = fold(name)
    if not folded:
        return ""
    tokens = folded.split()
    if is_arabic(folded):
        tokens = [t[2:] if t.startswith("ال") and len(t) > 3 else t for t in tokens]
        return "".join(tokens)
    tokens = [t for t in tokens if t not in ARABIC_ARTICLES] or tokens
    text = "".join(tokens)
    for old, new in _VARIANT_RULES:
        text = text.replace(old, new)
    text = re.sub(r"(.)\1+", r"\1", text)
    if len(text) > 3:
        # Final -eh/-ah and -e/-a are the same ta marbuta: Hama, Hamah; Raqqa, Raqqah.
        text = re.sub(r"(?<=[^aiu])[ai]h?$", "", text)
    return text


def keys(name: str) -> tuple[str, str]:
    """Both matching keys of a name: ``(fold(name), variant(name))``."""
    return fold(name), variant(name)
