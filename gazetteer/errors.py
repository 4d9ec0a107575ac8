"""One exception hierarchy for the gazetteer: catch :class:`GazetteerError` for all of them."""

from __future__ import annotations


class GazetteerError(Exception):
    """Root of every error the gazetteer raises."""


class SourceError(GazetteerError):
    """A source file is missing or unreadable; the message names the file."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class BuildError(GazetteerError):
    """Building the database failed; any previous database was left untouched."""


class StoreError(GazetteerError):
    """The database file is missing, corrupt or of another schema version."""


class QueryError(GazetteerError, ValueError):
    """A lookup was asked with an unusable argument (empty name, unknown level...)."""


class PlaceNotFound(GazetteerError, KeyError):
    """No place has the requested id."""

    def __str__(self) -> str:  # KeyError quotes its argument; we want a readable line
        return str(self.args[0]) if self.args else "place not found"
