"""The ``geo-events`` command: a thin layer over the Python API."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Optional

import typer

from gazetteer import GazetteerError, Gazetteer
from gazetteer.cli import app as gazetteer_app

from .analysis import analyse, events_to_geodataframe
from .documents import parse_date, read_documents
from .errors import GeoEventsError, OutputError
from .maps import build_map, find_chromium, from_analysis, load_map_data, render_html, render_png, save_embed, save_map
from .evaluate import TABLE_COLUMNS, evaluate_many, markdown_table, table_rows
from .export import EVENT_FORMATS, ZONE_FORMATS, check_format, write_events, write_zones
from .places import check_output_format, resolve_documents, write_places
from .zones import zones_to_geodataframe

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
    """The main job on the embedded defaults: the example article's places, events and control
    zones into maps/."""
    path = article or default_article()
    stem = path.name.split(".")[0]
    try:
        gazetteer = Gazetteer()
        documents = list(read_documents([path], published=published))
        result = analyse(documents, gazetteer)
        data = from_analysis(result, gazetteer, inputs=[path.name])  # events, zones, places as frames
        zones = data.zones
        write_places(result.mentions, out_dir / f"{stem}.places.geojson")
        write_events(data.events, out_dir / f"{stem}.events.gpkg", zones=zones)
        write_events(data.events, out_dir / f"{stem}.events.csv")
        write_zones(zones, out_dir / f"{stem}.zones.geojson")
        save_map(build_map(data, gazetteer), out_dir / f"{stem}.html")
    except (GeoEventsError, GazetteerError) as exc:
        _fail(exc)
    for e in result.events:
        when = f"{e.date_start}..{e.date_end}" if e.date_start != e.date_end else str(e.date_start)
        dead = f" {e.fatalities} dead" if e.fatalities is not None else ""
        typer.echo(f"{e.event_type} / {e.sub_event_type} at {e.location} ({e.place.name}) {when}{dead}")
    for _, z in zones.iterrows():
        typer.echo(f"zone {z['name']}: {z['faction']} {z['status']} as of {z['as_of']}")
    typer.echo(
        f"{len(result.mentions)} place mentions, {len(result.events)} events, {len(zones)} control zones -> "
        f"{out_dir}/{stem}.{{html,places.geojson,events.gpkg,events.csv,zones.geojson}}"
    )


@app.command("map")
def map_command(
    files: list[Path] = typer.Argument(..., help="Articles (.txt, .html, .jsonl) and/or files written by events/zones/places (.geojson, .gpkg, ACLED-style .csv)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="OUT.html (default: maps/<first input>.html)."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for articles without one."),
    lang: str = typer.Option("auto", help="fr, en or auto (detected)."),
    at: Optional[str] = typer.Option(None, help="Control zones as of this date YYYY-MM-DD (default: latest claims)."),
    title: Optional[str] = typer.Option(None, help="Map title (default: the article's title or the file names)."),
    png: bool = typer.Option(False, "--png", help="Also render OUT.png with headless Chromium (for PDFs)."),
    embed: bool = typer.Option(False, "--embed", help="Also write OUT.embed.html, a fragment to paste into an HTML report."),
    offline: bool = typer.Option(False, "--offline", help="Leave out the optional online tile layers (OSM, Esri)."),
    browser: Optional[str] = typer.Option(None, help="Chromium binary for --png (default: $GEO_EVENTS_CHROMIUM or chromium on PATH)."),
    width: int = typer.Option(1600, help="PNG width in pixels."),
    height: int = typer.Option(1000, help="PNG height in pixels."),
) -> None:
    """One self-contained, layered HTML map (zero network requests when opened)."""
    out = output or Path("maps") / f"{files[0].name.split('.')[0]}.html"
    try:
        if out.suffix.lower() not in (".html", ".htm"):
            raise OutputError(f"{out}: the map is an HTML page; give a .html output")
        if png:
            find_chromium(browser)  # fail before the work, not after
        gazetteer = Gazetteer()
        data = load_map_data(files, gazetteer, published=published, lang=None if lang == "auto" else lang, at=parse_date(at, "--at"))
        m = build_map(data, gazetteer, title=title, offline=offline)
        html = render_html(m)  # rendered once for the page and the fragment
        written = [save_map(m, out, html=html)]
        if embed:
            written.append(save_embed(m, out.with_suffix(".embed.html"), html=html))
        if png:
            written.append(render_png(out, out.with_suffix(".png"), width=width, height=height, executable=browser))
    except (GeoEventsError, GazetteerError) as exc:
        _fail(exc)
    n_events = 0 if data.events is None else len(data.events)
    n_zones = 0 if data.zones is None else len(data.zones)
    typer.echo(f"{n_events} events, {n_zones} control zones -> {', '.join(str(p) for p in written)}")


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
def events(
    files: list[Path] = typer.Argument(..., help="Text, HTML or JSON Lines files."),
    output: Path = typer.Option(..., "-o", "--output", help="OUT.geojson, OUT.csv (ACLED column order) or OUT.gpkg (events + control_zones layers)"),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for documents without one."),
    lang: str = typer.Option("auto", help="fr, en or auto (detected)."),
    no_merge: bool = typer.Option(False, "--no-merge", help="Keep duplicate reports of one event apart."),
) -> None:
    """Events reported by the articles, duplicates across articles merged; one row per event."""
    try:
        check_format(output, EVENT_FORMATS)
        gazetteer = Gazetteer()
        documents = list(read_documents(files, lang=None if lang == "auto" else lang, published=published))
        result = analyse(documents, gazetteer, merge=not no_merge)
        zones = zones_to_geodataframe(result.zones(gazetteer)) if output.suffix.lower() == ".gpkg" else None
        write_events(events_to_geodataframe(result.events), output, zones=zones)
    except (GeoEventsError, GazetteerError) as exc:
        _fail(exc)
    typer.echo(f"{len(documents)} documents, {len(result.raw_events)} event reports, {len(result.events)} events -> {output}")


@app.command()
def zones(
    files: list[Path] = typer.Argument(..., help="Text, HTML or JSON Lines files."),
    output: Path = typer.Option(..., "-o", "--output", help="OUT.geojson or OUT.gpkg"),
    at: Optional[str] = typer.Option(None, help="Control as of this date YYYY-MM-DD (default: latest claims)."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for documents without one."),
    lang: str = typer.Option("auto", help="fr, en or auto (detected)."),
) -> None:
    """Control zones from the articles' claims: who holds what, contested, low-precision."""
    try:
        check_format(output, ZONE_FORMATS)
        when = parse_date(at, "--at")
        gazetteer = Gazetteer()
        documents = list(read_documents(files, lang=None if lang == "auto" else lang, published=published))
        result = analyse(documents, gazetteer)
        frame = zones_to_geodataframe(result.zones(gazetteer, when))
        write_zones(frame, output)
    except (GeoEventsError, GazetteerError) as exc:
        _fail(exc)
    typer.echo(f"{len(documents)} documents, {len(result.claims)} control claims, {len(frame)} zones -> {output}")


@app.command()
def evaluate(
    gold: list[Path] = typer.Argument(..., help="Annotated passages (JSON Lines), one or more files."),
    as_json: bool = typer.Option(False, "--json", help="Print every metric of every group as JSON."),
    markdown: bool = typer.Option(False, "--markdown", help="Print the table as Markdown (as in the README)."),
) -> None:
    """Score the pipeline on annotated passages: a table per file, per slice, per language and overall."""
    try:
        report = evaluate_many(gold, Gazetteer())
    except (GeoEventsError, GazetteerError) as exc:
        _fail(exc)
    if as_json:
        typer.echo(json.dumps(report, indent=2))
    elif markdown:
        typer.echo(markdown_table(report))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title="geo-events evaluate", title_justify="left")
        for column in TABLE_COLUMNS:
            table.add_column(column, no_wrap=column == "group")
        for row in table_rows(report):
            table.add_row(*row)
        Console(width=200).print(table)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
