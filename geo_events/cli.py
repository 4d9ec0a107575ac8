"""The ``geo-events`` command: a thin layer over the Python API."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Optional

import typer

from gazetteer import GazetteerError, Gazetteer
from gazetteer.cli import app as gazetteer_app

from .errors import GeoEventsError
from .io import atomic_write, read_text
from .scan import scan

app = typer.Typer(
    help="Conflict dispatches to resolved places, events and offline maps.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(gazetteer_app, name="gazetteer")


def default_article() -> Path:
    """The example dispatch shipped with the package (AFP-style, Aleppo, 7 December 2016)."""
    return Path(str(resources.files("geo_events") / "data" / "examples" / "alep-2016-12-07.fr.txt"))


@app.command()
def run(
    article: Optional[Path] = typer.Argument(None, help="Article to process (default: the shipped example)."),
    out_dir: Path = typer.Option(Path("maps"), "--out-dir", "-d", help="Where outputs go."),
) -> None:
    """The main job on the embedded defaults: open (building if needed) the gazetteer, find
    the article's place names and write them as GeoJSON into ``maps/``."""
    path = article or default_article()
    try:
        text = read_text(path)
        gaz = Gazetteer()
        hits = scan(text, gaz)
    except (GeoEventsError, GazetteerError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    features = []
    for hit in hits:
        place = hit.best.place
        typer.echo(f"{hit.start:5}-{hit.end:<5} {hit.surface:18} -> {place.name} [{place.level.value}, {place.country}] {place.place_id} ({hit.best.score:.2f})")
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                "properties": {
                    "surface": hit.surface,
                    "start": hit.start,
                    "end": hit.end,
                    "place_id": place.place_id,
                    "name": place.name,
                    "level": place.level.value,
                    "country": place.country,
                    "score": round(hit.best.score, 4),
                },
            }
        )
    target = out_dir / f"{path.name.split('.')[0]}.places.geojson"
    try:
        with atomic_write(target) as fh:
            json.dump({"type": "FeatureCollection", "features": features}, fh, ensure_ascii=False, indent=1)
    except GeoEventsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    typer.echo(f"{len(hits)} place mentions, {len({h.best.place.place_id for h in hits})} places -> {target}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
