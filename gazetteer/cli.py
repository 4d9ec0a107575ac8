"""``geo-events gazetteer ...``: build, query and describe the gazetteer from a shell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .builder import build as build_database
from .errors import GazetteerError
from .gazetteer import Gazetteer
from .store import default_path

app = typer.Typer(help="The offline gazetteer: build it, look names up, describe it.", no_args_is_help=True)

DB_OPTION = typer.Option(None, "--db", help="Database file (default: $GEO_EVENTS_GAZETTEER_DB or the user cache).")


def fail(message: str) -> None:
    """Print a one-line error and exit non-zero (no traceback for user errors)."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


@app.command()
def build(
    db: Optional[Path] = DB_OPTION,
    sources: Optional[Path] = typer.Option(None, help="Source directory (default: the data shipped in the package)."),
) -> None:
    """Build the database from the shipped sources (atomic: a failure keeps the old file)."""
    try:
        report = build_database(db or default_path(), sources)
    except GazetteerError as exc:
        fail(str(exc))
    typer.echo(f"built {report.path}: {report.places} places, {report.aliases} aliases in {report.seconds:.1f} s")


def _parse_near(near: str | None) -> tuple[float, float] | None:
    if not near:
        return None
    try:
        lat, lon = (float(x) for x in near.split(","))
    except ValueError:
        fail(f"--near expects LAT,LON, got {near!r}")
    return lat, lon


@app.command()
def lookup(
    name: str = typer.Argument(..., help="The place name, in any spelling or script."),
    level: Optional[str] = typer.Option(None, help="Only places of this level (country, governorate, city, neighbourhood, region...)."),
    country: Optional[str] = typer.Option(None, help="Only places in this country (ISO alpha-2, e.g. SY)."),
    near: Optional[str] = typer.Option(None, help="Favour places near LAT,LON."),
    limit: int = typer.Option(5, min=1, help="How many candidates."),
    focus: Optional[str] = typer.Option(None, help="Favour places of this country over namesakes elsewhere (ISO alpha-2, e.g. SY); none by default."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list of ranked candidates."),
    db: Optional[Path] = DB_OPTION,
) -> None:
    """Ranked candidates for a name, best first."""
    try:
        gaz = Gazetteer(db, focus=focus)
        found = gaz.lookup(name, level=level, country=country, near=_parse_near(near), limit=limit)
    except GazetteerError as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps([c.to_dict() for c in found], ensure_ascii=False, indent=2))
        return
    if not found:
        typer.echo(f"no place matches {name!r}")
        return
    for rank, c in enumerate(found, start=1):
        p = c.place
        typer.echo(f"{rank}. {p.name} [{p.level.value}, {p.country or '-'}] {p.lat:.4f} N {p.lon:.4f} E  score {c.score:.3f}  {p.place_id}  ({c.why})")


@app.command()
def reverse(
    lat: float = typer.Argument(..., help="Latitude."),
    lon: float = typer.Argument(..., help="Longitude."),
    regions: bool = typer.Option(False, help="Include conflict-era regions."),
    as_json: bool = typer.Option(False, "--json"),
    db: Optional[Path] = DB_OPTION,
) -> None:
    """The places containing a point, finest first."""
    try:
        chain = Gazetteer(db).reverse(lon, lat, include_regions=regions)
    except GazetteerError as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps([p.to_dict() for p in chain], ensure_ascii=False, indent=2))
    else:
        for p in chain:
            typer.echo(f"{p.level.value:13} {p.name}  ({p.place_id})")


@app.command()
def stats(as_json: bool = typer.Option(False, "--json"), db: Optional[Path] = DB_OPTION) -> None:
    """Counts by level and source, aliases, file size."""
    try:
        figures = Gazetteer(db).stats()
    except GazetteerError as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps(figures, indent=2))
        return
    typer.echo(f"{figures['path']}  ({figures['bytes'] / 1e6:.1f} MB)")
    typer.echo(f"places: {figures['places']} ({figures['with_polygon']} with a polygon), aliases: {figures['aliases']}")
    for level, count in figures["by_level"].items():
        typer.echo(f"  {level:13} {count}")
    typer.echo("sources: " + ", ".join(f"{k} {v}" for k, v in figures["by_source"].items()))
