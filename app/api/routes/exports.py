"""The graph as a file for graph tools and scripts: GraphML, GEXF, node-link JSON, CSV (zip), Cypher."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, Annotated, BinaryIO, cast

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from app.api.deps import DateFrom, DateTo, StoreDep, check_date_range, resolve_id
from app.errors import InvalidParameter, error_responses
from graph import GraphStore
from graph.export import FILE_NAMES, MEDIA_TYPES, ExportError, ExportFormat, export

router = APIRouter(tags=["exports"])

SPOOL_BYTES = 16 * 1024 * 1024  # exports larger than this are spooled to a temporary file
CHUNK = 64 * 1024


def _countries(store: GraphStore, countries: str | None) -> tuple[str, str] | None:
    if countries is None:
        return None
    names = [c.strip() for c in countries.split(",") if c.strip()]
    if len(names) != 2:
        raise InvalidParameter(f"countries takes two countries separated by a comma, not {countries!r}.")
    first, second = (resolve_id(store, name, "Country", "country") for name in names)
    return first, second


def _chunks(spool: IO[bytes]) -> Iterator[bytes]:
    try:
        spool.seek(0)
        while chunk := spool.read(CHUNK):
            yield chunk
    finally:
        spool.close()


@router.get(
    "/export",
    summary="Export the graph",
    response_class=StreamingResponse,
    responses={200: {"content": {t: {} for t in MEDIA_TYPES.values()}}, **error_responses(404, 422, 503)},
)
def export_graph(
    store: StoreDep,
    fmt: Annotated[
        ExportFormat,
        Query(alias="format", description="graphml, gexf, json (node-link), csv (a zip), or cypher."),
    ],
    countries: Annotated[
        str | None, Query(description="Two countries, ids or names, comma-separated: their bilateral events.")
    ] = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    labels: Annotated[str | None, Query(description="Node labels to keep, comma-separated.")] = None,
) -> StreamingResponse:
    """The whole graph, or the part the filters keep, as a download; edges cite their sources."""
    check_date_range(date_from, date_to)
    pair = _countries(store, countries)
    wanted = [x.strip() for x in labels.split(",") if x.strip()] if labels else None
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed by _chunks)
    try:
        stats = export(
            store,
            fmt,
            cast(BinaryIO, spool),
            countries=pair,
            date_from=date_from,
            date_to=date_to,
            labels=wanted,
        )
    except ExportError as exc:
        spool.close()
        raise InvalidParameter(str(exc)) from exc
    except BaseException:
        spool.close()
        raise
    headers = {
        "Content-Disposition": f'attachment; filename="{FILE_NAMES[fmt]}"',
        "X-Diplograph-Nodes": str(stats.nodes),
        "X-Diplograph-Relationships": str(stats.relationships),
    }
    return StreamingResponse(_chunks(spool), media_type=MEDIA_TYPES[fmt], headers=headers)
