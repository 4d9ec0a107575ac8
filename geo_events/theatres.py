"""War knowledge as data: one pack per theatre, ``geo_events/data/theatres/<theatre>.yaml``.

A theatre pack lists the countries it covers, its factions (with map colours) and its actors,
each with an ACLED-style name, a faction, whether it is a state force, and its aliases per
language; ``roles`` says which actor a generic phrase of the language packs stands for in that
war ("the army" is the Syrian army in Syria, the Iraqi army in Iraq). Every pack is checked
when loaded, like the language packs; adding a war is adding a file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

import yaml

from .errors import GeoEventsError

_KEYS = {"theatre", "name", "countries", "factions", "actors", "roles"}
_ACTOR_KEYS = {"key", "name", "faction", "state", "aliases"}
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class Actor:
    """A canonical actor: ``key`` is stable, ``name`` ACLED-style, ``faction`` the zone/colour unit."""

    key: str
    name: str
    faction: str
    state: bool = False


@dataclass(frozen=True)
class Faction:
    key: str
    label: str
    colour: str


@dataclass(frozen=True)
class Theatre:
    """One war's actors, factions and aliases."""

    key: str
    name: str
    countries: tuple[str, ...]
    factions: dict[str, Faction]
    actors: dict[str, Actor]
    #: language -> [(pattern, actor key)] in pack order.
    aliases: dict[str, tuple[tuple[str, str], ...]]
    roles: dict[str, str]

    def role(self, role: str) -> Actor | None:
        """The actor a generic role ("government-forces") stands for here, if the pack says."""
        key = self.roles.get(role)
        return self.actors.get(key) if key else None


def _pack_dir() -> Any:
    return resources.files("geo_events") / "data" / "theatres"


def _fail(name: str, message: str) -> GeoEventsError:
    return GeoEventsError(f"theatre pack {name}: {message}")


def load_theatre(name: str, text: str) -> Theatre:
    """Parse and check one theatre pack's YAML text."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _fail(name, f"not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise _fail(name, "must be a mapping")
    missing, unknown = _KEYS - set(data), set(data) - _KEYS
    if missing or unknown:
        raise _fail(name, f"missing key(s) {sorted(missing)}, unknown key(s) {sorted(unknown)}")
    if data["theatre"] != name:
        raise _fail(name, f"'theatre: {data['theatre']}' must match the file name {name!r}")
    countries = data["countries"]
    if not isinstance(countries, list) or not all(isinstance(c, str) and re.fullmatch(r"[A-Z]{2}", c) for c in countries):
        raise _fail(name, "countries must be a list of ISO alpha-2 codes")
    factions: dict[str, Faction] = {}
    if not isinstance(data["factions"], dict) or not data["factions"]:
        raise _fail(name, "factions must be a non-empty mapping")
    for key, spec in data["factions"].items():
        if not isinstance(spec, dict) or set(spec) != {"label", "colour"} or not _COLOUR.fullmatch(str(spec["colour"])):
            raise _fail(name, f"faction {key!r} needs exactly a label and a colour '#rrggbb'")
        factions[key] = Faction(key, spec["label"], spec["colour"])
    actors: dict[str, Actor] = {}
    aliases: dict[str, list[tuple[str, str]]] = {}
    if not isinstance(data["actors"], list):
        raise _fail(name, "actors must be a list")
    for i, spec in enumerate(data["actors"], start=1):
        if not isinstance(spec, dict) or set(spec) != _ACTOR_KEYS:
            raise _fail(name, f"actor #{i} must have exactly the keys {sorted(_ACTOR_KEYS)}")
        key = spec["key"]
        if key in actors:
            raise _fail(name, f"actor {key!r} is listed twice")
        if spec["faction"] not in factions:
            raise _fail(name, f"actor {key!r}: faction {spec['faction']!r} is not declared in factions")
        if not isinstance(spec["state"], bool):
            raise _fail(name, f"actor {key!r}: state must be true or false")
        if not isinstance(spec["aliases"], dict):
            raise _fail(name, f"actor {key!r}: aliases must map a language code to a list of patterns")
        actors[key] = Actor(key, spec["name"], spec["faction"], spec["state"])
        for lang, patterns in spec["aliases"].items():
            if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
                raise _fail(name, f"actor {key!r}: aliases.{lang} must be a list of patterns")
            for p in patterns:
                try:
                    re.compile(p)
                except re.error as exc:
                    raise _fail(name, f"actor {key!r}: alias {p!r} is not a valid pattern ({exc})") from None
                aliases.setdefault(lang, []).append((p, key))
    roles = data["roles"] or {}
    for role, key in roles.items():
        if key not in actors:
            raise _fail(name, f"role {role!r} names an unknown actor {key!r}")
    return Theatre(name, data["name"], tuple(countries), factions, actors, {k: tuple(v) for k, v in aliases.items()}, dict(roles))


@lru_cache(maxsize=1)
def theatres() -> tuple[Theatre, ...]:
    """Every shipped theatre pack, loaded and checked once."""
    out = []
    for path in sorted(_pack_dir().iterdir(), key=lambda p: p.name):
        if path.name.endswith(".yaml") and path.name != "schema.yaml":
            out.append(load_theatre(path.name[:-5], path.read_text(encoding="utf-8")))
    return tuple(out)


def theatre(key: str) -> Theatre:
    for t in theatres():
        if t.key == key:
            return t
    raise GeoEventsError(f"no theatre pack {key!r} (have: {', '.join(t.key for t in theatres())})")


def theatre_for(countries: Iterable[str | None]) -> Theatre | None:
    """The theatre of a document from the countries of its places: the pack covering most of them."""
    counts = Counter(c for c in countries if c)
    best, score = None, 0
    for t in theatres():
        n = sum(counts[c] for c in t.countries)
        if n > score:
            best, score = t, n
    return best
