"""The `diplograph` command: ingest, extract, serve, export, analytics.

Exit codes: 0 success, 1 some inputs failed (each is listed with its reason), 2 usage errors.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from app.config import Settings, get_settings, open_configured_store
from graph import GraphError, GraphStore

cli = typer.Typer(
    name="diplograph",
    help="A knowledge graph of diplomatic relations read from news articles.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)

StoreOpt = Annotated[
    str | None,
    typer.Option("--store", help="Embedded store directory or bolt:// URI [env DIPLOGRAPH_STORE]."),
]
PathsArg = Annotated[list[Path], typer.Argument(help="Article files, directories or .jsonl files.")]


def _settings(store: str | None) -> Settings:
    settings = get_settings()
    return settings.model_copy(update={"store": store}) if store else settings


def _open(settings: Settings) -> GraphStore:
    try:
        return open_configured_store(settings)
    except GraphError as exc:
        err.print(f"[red]cannot open store {settings.store}: {exc}[/red]")
        raise typer.Exit(1) from exc


def _check_paths(paths: list[Path]) -> None:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        err.print(f"[red]no such file or directory: {', '.join(missing)}[/red]")
        raise typer.Exit(2)


@cli.command()
def ingest(
    paths: PathsArg,
    store: StoreOpt = None,
    jobs: Annotated[int, typer.Option("--jobs", min=1, max=32, help="Extraction processes.")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read articles, extract their triples and store them."""
    from ingest.extract import Extractor
    from ingest.pipeline import ingest_paths

    _check_paths(paths)
    settings = _settings(store)
    graph = _open(settings)
    extractor = Extractor(model=settings.spacy_model, batch_size=settings.batch_size)
    progress = Progress(
        TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, disable=quiet, transient=False,
    )
    try:
        with progress:
            task = progress.add_task("articles", total=None)
            summary = ingest_paths(
                [str(p) for p in paths], graph, extractor,
                max_chars=settings.max_article_chars, batch_size=settings.batch_size, jobs=jobs,
                on_progress=lambda n: progress.update(task, advance=n),
            )
    finally:
        graph.close()
    err.print(
        f"read {summary.read}, ingested {summary.ingested} (unchanged {summary.unchanged}),"
        f" failed {len(summary.failed)}"
    )
    for failure in summary.failed:
        where = f":{failure.line}" if failure.line else ""
        err.print(f"  [yellow]{failure.source}{where}[/yellow]: {failure.reason}")
    raise typer.Exit(1 if summary.failed else 0)


@cli.command()
def extract(
    paths: PathsArg,
    fmt: Annotated[str, typer.Option("--format", help="Output format (jsonl).")] = "jsonl",
) -> None:
    """Print the triples read from articles as JSON Lines; store nothing."""
    from ingest.extract import Extractor
    from ingest.pipeline import extract_triples
    from ingest.read import ReadFailure

    if fmt != "jsonl":
        err.print(f"[red]unknown format {fmt!r}: only jsonl[/red]")
        raise typer.Exit(2)
    _check_paths(paths)
    settings = get_settings()
    failed = 0
    for item in extract_triples([str(p) for p in paths], Extractor(model=settings.spacy_model)):
        if isinstance(item, ReadFailure):
            failed += 1
            where = f":{item.line}" if item.line else ""
            err.print(f"[yellow]{item.source}{where}[/yellow]: {item.reason}")
        else:
            sys.stdout.write(item.model_dump_json() + "\n")
    raise typer.Exit(1 if failed else 0)


@cli.command()
def serve(
    store: StoreOpt = None,
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="TCP port.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Processes serving requests; over the embedded store each loads the graph and they "
            "write it in turn [env DIPLOGRAPH_WORKERS].",
        ),
    ] = None,
    access_log: Annotated[
        bool | None, typer.Option("--access-log/--no-access-log", help="One log line per request.")
    ] = None,
) -> None:
    """Serve the REST API (OpenAPI docs at /docs)."""
    import uvicorn

    from app.main import create_app

    settings = _settings(store)
    workers = workers or settings.workers
    settings = settings.model_copy(update={"workers": workers})
    log_requests = settings.access_log if access_log is None else access_log
    host, port = host or settings.host, port or settings.port
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, access_log=log_requests)
        return
    # Each worker builds its app from the environment, so what the options chose goes there (and the
    # worker count: over the embedded store, it makes each worker open the directory shared).
    os.environ["DIPLOGRAPH_STORE"] = settings.store
    os.environ["DIPLOGRAPH_WORKERS"] = str(workers)
    uvicorn.run(
        "app.main:create_app", factory=True, workers=workers, host=host, port=port, access_log=log_requests
    )


@cli.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="graphml, gexf, json, csv or cypher.")],
    out: Annotated[Path | None, typer.Option("--out", help="File, or directory for csv.")] = None,
    store: StoreOpt = None,
    countries: Annotated[str | None, typer.Option(help="Two countries: A,B.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Events on or after this ISO date.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Events on or before this ISO date.")] = None,
    labels: Annotated[str | None, typer.Option(help="Comma-separated node labels to keep.")] = None,
) -> None:
    """Export the graph (or a filtered part) for Gephi, yEd, notebooks or neo4j-admin."""
    from graph.export import FORMATS
    from graph.export import export as run_export

    if fmt not in FORMATS:
        err.print(f"[red]unknown format {fmt!r}; choose one of {', '.join(FORMATS)}[/red]")
        raise typer.Exit(2)
    pair = _pair(countries)
    graph = _open(_settings(store))
    try:
        target = out if out is not None else sys.stdout.buffer
        stats = run_export(
            graph, fmt, target, countries=pair, date_from=date_from, date_to=date_to,  # type: ignore[arg-type]
            labels=labels.split(",") if labels else None,
        )
    finally:
        graph.close()
    err.print(f"exported {stats}")


def _pair(countries: str | None) -> tuple[str, str] | None:
    if not countries:
        return None
    parts = [p.strip() for p in countries.split(",") if p.strip()]
    if len(parts) != 2:
        err.print("[red]--countries takes exactly two countries: 'A,B'[/red]")
        raise typer.Exit(2)
    return parts[0], parts[1]


@cli.command()
def analytics(
    kind: Annotated[str, typer.Argument(help="centrality or communities.")],
    store: StoreOpt = None,
    country: Annotated[str | None, typer.Option(help="Only officials of this country.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Meetings on or after this date.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Meetings on or before this date.")] = None,
) -> None:
    """Rank officials in the meeting network, or find its communities (JSON on stdout)."""
    from graph import analytics as an

    if kind not in ("centrality", "communities"):
        err.print("[red]choose centrality or communities[/red]")
        raise typer.Exit(2)
    graph = _open(_settings(store))
    try:
        run = an.centrality if kind == "centrality" else an.communities
        report = run(graph, country=country, date_from=date_from, date_to=date_to)
    except GraphError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    finally:
        graph.close()
    typer.echo(report.model_dump_json(indent=1))


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
