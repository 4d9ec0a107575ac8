"""One exception hierarchy for geo_events: catch :class:`GeoEventsError` for all of them."""

from __future__ import annotations


class GeoEventsError(Exception):
    """Root of every error geo_events raises on purpose."""


class InputError(GeoEventsError):
    """An input file is missing, empty, binary or otherwise unusable; the message names it."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class OutputError(GeoEventsError):
    """An output could not be written; nothing partial was left behind."""


class MapError(GeoEventsError):
    """A map could not be built or rendered; the message says what to change."""


class BrowserError(MapError):
    """No usable headless Chromium for PNG rendering; the message says how to get one."""


class StoreError(GeoEventsError):
    """A corpus store cannot be opened, read or written; the message names it and says what to do."""
