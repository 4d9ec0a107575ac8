"""Language knowledge as data: one pack per language, ``geo_events/data/lang/<code>.yaml``.

Every pack has the shape declared in ``schema.yaml`` (sections, keys, kinds); a pack that lacks a
key, has an unknown one or a value of the wrong kind is refused when loaded. Adding a language is
adding a YAML file (and its spaCy model to ``requirements-models.txt``); engine modules hold no
words of any language.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ..errors import GeoEventsError

KINDS = {"str", "set", "map", "list"}


def _pack_dir() -> Any:
    return resources.files("geo_events") / "data" / "lang"


def available() -> tuple[str, ...]:
    """Codes of the languages that have a pack."""
    return tuple(sorted(p.name[:-5] for p in _pack_dir().iterdir() if p.name.endswith(".yaml") and p.name != "schema.yaml"))


@lru_cache(maxsize=1)
def schema() -> dict[str, dict[str, dict[str, str]]]:
    """Section -> key -> {kind, doc}: the shape every language pack has."""
    return yaml.safe_load((_pack_dir() / "schema.yaml").read_text(encoding="utf-8"))


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value


def _convert(lang: str, section: str, key: str, kind: str, value: Any) -> Any:
    where = f"language pack {lang!r}: {section}.{key}"
    if kind == "str":
        if value is not None and not isinstance(value, str):
            raise GeoEventsError(f"{where} must be a string")
        return value
    if kind == "set":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise GeoEventsError(f"{where} must be a list of words")
        return frozenset(value)
    if kind == "map":
        if not isinstance(value, dict):
            raise GeoEventsError(f"{where} must be a mapping")
        return _frozen(value)
    if kind == "list":
        if not isinstance(value, list):
            raise GeoEventsError(f"{where} must be a list")
        return _frozen(value)
    raise GeoEventsError(f"schema.yaml: unknown kind {kind!r} for {section}.{key} (have: {', '.join(sorted(KINDS))})")


@dataclass(frozen=True)
class LanguagePack:
    """A language's words and patterns, by section; keys are also attributes in upper case
    (``pack.TRIGGERS``), so engine code reads ``lexicon(lang).MONTHS``."""

    code: str
    sections: dict[str, dict[str, Any]]

    @property
    def LANG(self) -> str:  # noqa: N802 - same naming as the pack keys
        return self.code

    def section(self, name: str) -> dict[str, Any]:
        return self.sections[name]

    def __getattr__(self, name: str) -> Any:
        key = name.lower()
        for values in self.sections.values():
            if key in values:
                # Kept as an instance attribute: engine code reads pack keys in its inner loops.
                object.__setattr__(self, name, values[key])
                return values[key]
        raise AttributeError(f"language pack {self.code!r} has no key {key!r}")


def load_pack(lang: str, text: str) -> LanguagePack:
    """Parse and check one pack's YAML text against the schema."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise GeoEventsError(f"language pack {lang!r} is not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict) or data.get("language") != lang:
        raise GeoEventsError(f"language pack {lang!r} must be a mapping with 'language: {lang}'")
    shape = schema()
    unknown = set(data) - set(shape) - {"language"}
    if unknown:
        raise GeoEventsError(f"language pack {lang!r}: unknown section(s) {', '.join(sorted(unknown))}")
    sections: dict[str, dict[str, Any]] = {}
    for section, keys in shape.items():
        given = data.get(section)
        if not isinstance(given, dict):
            raise GeoEventsError(f"language pack {lang!r}: section {section!r} is missing")
        extra = set(given) - set(keys)
        if extra:
            raise GeoEventsError(f"language pack {lang!r}: unknown key(s) {', '.join(sorted(extra))} in {section!r} (declare them in schema.yaml)")
        missing = set(keys) - set(given)
        if missing:
            raise GeoEventsError(f"language pack {lang!r}: missing key(s) {', '.join(sorted(missing))} in {section!r}")
        sections[section] = {k: _convert(lang, section, k, spec["kind"], given[k]) for k, spec in keys.items()}
    return LanguagePack(lang, sections)


@lru_cache(maxsize=None)
def lexicon(lang: str) -> LanguagePack:
    """The language pack for an ISO code, loaded and checked once."""
    path = _pack_dir() / f"{lang}.yaml"
    if not path.is_file():
        raise GeoEventsError(f"no language pack for {lang!r} (have: {', '.join(available())})")
    return load_pack(lang, path.read_text(encoding="utf-8"))
