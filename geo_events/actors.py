"""Actors: the many ways a dispatch names one armed group, normalised to one canonical actor.

Each language's lexicon (``lang/<code>.py``, ``ACTORS``) maps surface patterns to a key here;
the key gives the ACLED-style name and the faction used to colour control zones and maps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lang import lexicon

#: Factions, the unit of control zones; every actor belongs to one.
FACTIONS = ("government", "rebels", "jihadists", "kurdish", "turkey", "coalition", "other")


@dataclass(frozen=True)
class Actor:
    key: str
    name: str
    faction: str


ACTOR_TABLE: dict[str, Actor] = {
    a.key: a
    for a in (
        Actor("syria-military", "Military Forces of Syria", "government"),
        Actor("russia-military", "Military Forces of Russia", "government"),
        Actor("iran-allied", "Iran-backed militias", "government"),
        Actor("rebels", "Syrian rebel groups", "rebels"),
        Actor("jaish-al-islam", "Jaish al-Islam", "rebels"),
        Actor("ahrar-al-sham", "Ahrar al-Sham", "rebels"),
        Actor("jfs", "Jabhat Fateh al-Sham", "jihadists"),
        Actor("islamic-state", "Islamic State", "jihadists"),
        Actor("jihadists", "Jihadist groups", "jihadists"),
        Actor("kurdish", "Kurdish forces (YPG/SDF)", "kurdish"),
        Actor("turkey-military", "Military Forces of Turkey", "turkey"),
        Actor("coalition", "International coalition", "coalition"),
    )
}
CIVILIANS = "Civilians"


@dataclass(frozen=True)
class ActorSpan:
    start: int
    end: int
    actor: Actor


@lru_cache(maxsize=None)
def _patterns(lang: str) -> list[tuple[re.Pattern, Actor]]:
    out = []
    for pattern, key in lexicon(lang).ACTORS:
        # Short all-caps acronyms ("EI", "IS") must match case-sensitively, as written.
        flags = 0 if re.fullmatch(r"[A-Z|]+", pattern.replace("(?:", "").replace(")", "")) else re.IGNORECASE
        out.append((re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", flags), ACTOR_TABLE[key]))
    return out


def find_actors(text: str, lang: str, start: int = 0, end: int | None = None) -> list[ActorSpan]:
    """Actor mentions in ``text[start:end]``, longest first where they overlap, in text order."""
    end = len(text) if end is None else end
    found: list[ActorSpan] = []
    for pattern, actor in _patterns(lang):
        for m in pattern.finditer(text, start, end):
            found.append(ActorSpan(m.start(), m.end(), actor))
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    out: list[ActorSpan] = []
    for a in found:
        if out and a.start < out[-1].end:
            continue
        out.append(a)
    return out


def country_actor(name: str, country: str | None) -> Actor:
    """A country or capital used as an actor ("Moscou bloque...") is that country's government."""
    return Actor(f"government-{(country or name).lower()}", f"Government of {name}", "other")
