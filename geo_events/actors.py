"""Actors: the many ways a dispatch names one armed group, normalised to one canonical actor.

Names of a war's actors come from its theatre pack (``data/theatres/<theatre>.yaml``); generic
phrases ("government forces", "les rebelles") come from the language pack (``actors.generic``)
and stand for the actor the document's theatre gives that role. A generic phrase the theatre
does not map is kept as written, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lang import lexicon
from .theatres import Actor, Theatre, theatre, theatres

__all__ = ["Actor", "ActorSpan", "CIVILIANS", "FACTIONS", "country_actor", "find_actors"]

#: The canonical factions of the Syrian theatre, which the maps colour (``maps/style.py``).
FACTIONS = tuple(theatre("syria").factions)
CIVILIANS = "Civilians"


@dataclass(frozen=True)
class ActorSpan:
    start: int
    end: int
    actor: Actor


def _flags(pattern: str) -> int:
    # Short all-caps acronyms ("EI", "IS") must match case-sensitively, as written.
    return 0 if re.fullmatch(r"[A-Z|]+", pattern.replace("(?:", "").replace(")", "")) else re.IGNORECASE


def _compile(pattern: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", _flags(pattern))


@lru_cache(maxsize=None)
def _named(lang: str, key: str) -> tuple[tuple[re.Pattern, Actor], ...]:
    t = theatre(key)
    return tuple((_compile(p), t.actors[k]) for p, k in t.aliases.get(lang, ()))


@lru_cache(maxsize=None)
def _generic(lang: str) -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((_compile(p), role) for p, role in lexicon(lang).GENERIC)


def find_actors(text: str, lang: str, start: int = 0, end: int | None = None, where: Theatre | None = None) -> list[ActorSpan]:
    """Actor mentions in ``text[start:end]``, longest first where they overlap, in text order.

    Names of the document's theatre (``where``) come first, then other theatres' names, then
    generic phrases, which take the actor ``where`` gives their role or stay as written."""
    end = len(text) if end is None else end
    found: list[tuple[int, int, int, Actor]] = []
    order = ([where] if where else []) + [t for t in theatres() if t is not where]
    for rank, t in enumerate(order):
        for pattern, actor in _named(lang, t.key):
            for m in pattern.finditer(text, start, end):
                found.append((m.start(), m.end(), rank, actor))
    for pattern, role in _generic(lang):
        for m in pattern.finditer(text, start, end):
            actor = where.role(role) if where else None
            if actor is None:
                surface = m.group(0)
                actor = Actor(f"as-written:{surface.lower()}", surface, "other")
            found.append((m.start(), m.end(), len(order), actor))
    found.sort(key=lambda a: (a[0], -(a[1] - a[0]), a[2]))
    out: list[ActorSpan] = []
    generic: list[bool] = []
    link = _link(lang)
    for a, b, rank, actor in found:
        if out and a < out[-1].end:
            continue
        is_generic = rank == len(order)
        if out and is_generic and not generic[-1] and not text[out[-1].end : a].strip():
            # "Islamic State extremists", "Houthi rebels": a generic noun after a name is that name.
            out[-1] = ActorSpan(out[-1].start, b, out[-1].actor)
            continue
        if out and not is_generic and generic[-1] and link.fullmatch(text[out[-1].end : a]):
            # "les jihadistes de l'EI", "fighters of the Islamic State": the name it stands for.
            out[-1], generic[-1] = ActorSpan(out[-1].start, b, actor), False
            continue
        out.append(ActorSpan(a, b, actor))
        generic.append(is_generic)
    return out


@lru_cache(maxsize=None)
def _link(lang: str) -> re.Pattern:
    return re.compile(lexicon(lang).NAME_LINK, re.IGNORECASE)


def country_actor(name: str, country: str | None) -> Actor:
    """A country or capital used as an actor ("Moscou bloque...") is that country's government."""
    return Actor(f"government-{(country or name).lower()}", f"Government of {name}", "other", True)
