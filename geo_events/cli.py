"""The ``geo-events`` command: a thin layer over the Python API."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Optional

import typer

from gazetteer import GazetteerError, Gazetteer
from gazetteer.cli import app as gazetteer_app

from .documents import read_documents
from .errors import GeoEventsError
from .evaluate import evaluate as evaluate_gold
from .places import check_output_format, resolve_documents, write_places

app = typer.Typer(
    help="Conflict dispatches to resolved places, events and offline maps.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(gazetteer_app, name="gazetteer")


def default_article() -> Path:
    """The example dispatch shipped with the package (AFP-style, Aleppo, 7 December 2016)."""
    return Path(str(resources.files("geo_events") / "data" / "examples" / "alep-2016-12-07.fr.txt"))


def _fail(exc: Exception) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(1)


@app.command()
def run(
    article: Optional[Path] = typer.Argument(None, help="Article to process (default: the shipped example)."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD (default: an ISO date in the file name)."),
    out_dir: Path = typer.Option(Path("maps"), "--out-dir", "-d", help="Where outputs go."),
) -> None:
    """The main job on the embedded defaults: the example article's places, resolved, into maps/."""
    path = article or default_article()
    try:
        documents = list(read_documents([path], published=published))
        mentions = resolve_documents(documents, Gazetteer())
        target = out_dir / f"{path.name.split('.')[0]}.places.geojson"
        write_places(mentions, target)
    except (GeoEventsError, GazetteerError) as exc:
        _fail(exc)
    for m in mentions:
        where = f"{m.place.name} [{m.place.level.value}, {m.place.country}]" if m.place else "-"
        typer.echo(f"{m.start:5}-{m.end:<5} {m.surface:22} -> {where:42} {m.role:8} p{m.geo_precision} ({m.confidence:.2f})")
    typer.echo(f"{len(mentions)} place mentions, {len({m.place.place_id for m in mentions if m.place})} places -> {target}")


@app.command()
def places(
    files: list[Path] = typer.Argument(..., help="Text, HTML or JSON Lines files."),
    output: Path = typer.Option(..., "-o", "--output", help="OUT.geojson or OUT.csv"),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for documents without one."),
    lang: str = typer.Option("auto", help="fr, en or auto (detected)."),
) -> None:
    """Toponym mentions of articles, resolved to gazetteer places: one feature per mention."""
    try:
        check_output_format(output)
        documents = list(read_documents(files, lang=None if lang == "auto" else lang, published=published))
        mentions = resolve_documents(documents, Gazetteer())
        write_places(mentions, output)
    except (GeoEventsError, GazetteerError) as exc:
        _fail(exc)
    typer.echo(f"{len(documents)} documents, {len(mentions)} mentions -> {output}")


@app.command()
def evaluate(gold: Path = typer.Argument(..., help="Annotated passages (JSON Lines).")) -> None:
    """Score the pipeline on annotated passages; prints JSON metrics."""
    try:
        metrics = evaluate_gold(gold, Gazetteer())
    except (GeoEventsError, GazetteerError) as exc:
        _fail(exc)
    typer.echo(json.dumps(metrics, indent=2))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
