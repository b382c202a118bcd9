"""Scripted exports of a GraphStore: GraphML, GEXF, node-link JSON, neo4j-admin CSV, a Cypher script.

`export(store, fmt, out, ...)` is what `diplograph export` and `GET /export` call. Every format streams:
records are read from `store.iter_nodes` / `iter_relationships` (ordered by id) and written as they
come, never holding the graph in memory; GraphML, GEXF and CSV make one extra pass first to learn their
typed attribute headers. Filters (a pair of countries, a date range) first choose the node ids to keep,
which holds those ids (and the relationship endpoints of the whole graph) in memory: filtered exports
are for subsets. Every exported relationship keeps its citations: `articles`, `evidence` (parallel
lists: the i-th sentence was read in the i-th article) and, except in CSV and Cypher (which rebuild the
stores' own form; their Article nodes carry `url`), `urls` of those articles.

`out` is a path or a binary stream. CSV writes several files: into the directory `out` when it is a
path, or as a zip archive when it is a stream; either way beside a `load-csv.cypher` script and a
`neo4j-admin-import.sh` command that load them.
"""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal, get_args

from pydantic import BaseModel, Field

from graph.errors import GraphError
from graph.export_cypher import admin_import_command, load_csv_script, write_csv, write_cypher
from graph.export_formats import (
    EdgeRecord,
    NodeRecord,
    RecordSource,
    Tally,
    write_gexf,
    write_graphml,
    write_json,
)
from graph.model import LABELS, REL_TYPES, Label, Node, PropValue, Relationship
from graph.store import GraphStore

ExportFormat = Literal["graphml", "gexf", "json", "csv", "cypher"]
FORMATS: tuple[str, ...] = get_args(ExportFormat)
MEDIA_TYPES = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "json": "application/json",
    "csv": "application/zip",
    "cypher": "text/plain; charset=utf-8",
}
FILE_NAMES = {f: f"diplograph.{f}" for f in FORMATS} | {"csv": "diplograph-csv.zip"}
CITATIONS = ("articles", "evidence", "urls")
Writer = Callable[[RecordSource, BinaryIO, Tally], None]
WRITERS: dict[str, Writer] = {
    "graphml": write_graphml,
    "gexf": write_gexf,
    "json": write_json,
    "cypher": write_cypher,
}


class ExportError(GraphError, ValueError):
    """An export that cannot be made as asked (unknown format, label or country)."""


class ExportStats(BaseModel):
    """What an export wrote."""

    format: str
    nodes: int = 0
    relationships: int = 0
    nodes_by_label: dict[str, int] = Field(default_factory=dict)
    relationships_by_type: dict[str, int] = Field(default_factory=dict)
    files: list[str] = Field(default_factory=list)
    filtered: bool = False


# --- filters ------------------------------------------------------------------------------------

ANCHOR_LABELS = frozenset({"Meeting", "Visit", "Session", "Anniversary", "Event", "Mechanism"})
# Links through which an event involves a country: its actors and destinations, not where it was held
# (a meeting of two delegations at a third country's summit is not that country's).
INVOLVES = frozenset({"PARTICIPATED_IN", "MADE", "CO_CHAIRED", "TO", "BETWEEN", "OF", "SESSION_OF"})
AFFILIATION = frozenset({"REPRESENTS", "HOLDS_POSITION", "PART_OF", "LOCATED_IN"})
ISO_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True)
class Selection:
    """Labels to export, in file order, and the node ids kept (None: every node of every label)."""

    labels: tuple[Label, ...]
    node_ids: frozenset[str] | None = None

    @property
    def all_labels(self) -> bool:
        return len(self.labels) == len(LABELS)

    def keeps(self, node_id: str) -> bool:
        return self.node_ids is None or node_id in self.node_ids


class Skeleton:
    """Labels, dates and links of the whole graph without their texts: what the filters look at."""

    def __init__(self, store: GraphStore) -> None:
        self.label: dict[str, str] = {}
        self.date: dict[str, str] = {}
        self.country: dict[str, str] = {}  # a person's `country` prop
        self.out: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.into: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for node in store.iter_nodes():
            self.label[node.id] = node.label
            for prop, table in (("date", self.date), ("country", self.country)):
                if isinstance(node.props.get(prop), str):
                    table[node.id] = str(node.props[prop])
        for rel in store.iter_relationships():
            self.out[rel.start].append((rel.type, rel.end))
            self.into[rel.end].append((rel.type, rel.start))

    def neighbours(self, node_id: str, types: frozenset[str] | None = None) -> Iterator[str]:
        for rel_type, other in (*self.out.get(node_id, ()), *self.into.get(node_id, ())):
            if types is None or rel_type in types:
                yield other

    def countries_of(self, node_id: str, depth: int = 0) -> set[str]:
        """Countries an entity belongs to: itself, a person's country, affiliations (followed 3 deep)."""
        label = self.label.get(node_id)
        if label == "Country":
            return {node_id}
        if label not in ("Person", "Organization", "Place") or depth > 3:
            return set()
        found = {self.country[node_id]} if node_id in self.country else set()
        for rel_type, target in self.out.get(node_id, ()):
            if rel_type in AFFILIATION:
                found |= self.countries_of(target, depth + 1)
        return found

    def involved(self, event_id: str) -> set[str]:
        """Countries an event involves through its participants, destination, mechanism or subject."""
        found: set[str] = set()
        for other in self.neighbours(event_id, INVOLVES):
            if self.label.get(other) == "Mechanism" and other != event_id:
                found |= {c for c in self.neighbours(other, frozenset({"BETWEEN"}))}
            found |= self.countries_of(other)
        return found


def within(date: str | None, date_from: str | None, date_to: str | None) -> bool:
    """ISO-prefix comparison at the coarser precision: `2025-04` is within 2025-04-03..2025-04-30."""
    if date is None:
        return False
    if date_from and date < date_from[: len(date)]:
        return False
    return not (date_to and date[: len(date_to)] > date_to)


def _check_labels(labels: list[str] | None) -> tuple[Label, ...]:
    unknown = sorted(set(labels or ()) - LABELS)
    if unknown:
        raise ValueError(f"unknown labels {unknown}; known: {', '.join(sorted(LABELS))}")
    return tuple(sorted(labels or LABELS))  # type: ignore[arg-type]


def _country_id(store: GraphStore, value: str) -> str:
    ids = store.resolve(value, "Country")
    if len(ids) != 1:
        raise ValueError(f"{value!r} names {'no' if not ids else 'several'} countries {ids or ''}".strip())
    return ids[0]


def select(
    store: GraphStore,
    *,
    countries: tuple[str, str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    labels: list[str] | None = None,
) -> Selection:
    """What the filters keep: events involving both countries and dated within the range, with their
    neighbours (participants, places, topics, articles...) and the affiliations of the people and
    organisations among them; then only nodes of `labels`. Relationships follow their two ends."""
    chosen = _check_labels(labels)
    for bound in (date_from, date_to):
        if bound is not None and not ISO_PREFIX.fullmatch(bound):
            raise ValueError(f"date {bound!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if countries is None and date_from is None and date_to is None:
        if len(chosen) == len(LABELS):
            return Selection(chosen)
        return Selection(chosen, frozenset(n.id for n in store.iter_nodes(chosen)))
    pair = {_country_id(store, c) for c in countries} if countries else set()
    graph = Skeleton(store)
    kept = set(pair)
    for node_id, label in graph.label.items():
        if label not in ANCHOR_LABELS:
            continue
        if (date_from or date_to) and not within(graph.date.get(node_id), date_from, date_to):
            continue
        if pair and not pair <= graph.involved(node_id):
            continue
        kept |= {node_id, *graph.neighbours(node_id)}
    for node_id in list(kept):
        if graph.label.get(node_id) in ("Person", "Organization"):
            kept |= {t for rel_type, t in graph.out.get(node_id, ()) if rel_type in AFFILIATION}
            kept |= graph.countries_of(node_id)
    wanted = set(chosen)
    return Selection(chosen, frozenset(i for i in kept if graph.label.get(i) in wanted))


def node_record(node: Node) -> NodeRecord:
    rest = {k: v for k, v in node.props.items() if k not in ("id", "name", "aliases", "label")}
    props: dict[str, PropValue] = {"name": node.name, "aliases": list(node.aliases)}
    return NodeRecord(node.id, node.label, props | {k: rest[k] for k in sorted(rest)})


def citations(rel: Relationship) -> tuple[list[str], list[str]]:
    """(article ids, sentences) of a relationship, from `evidence` or from the persisted lists."""
    if rel.evidence:
        return [e.article_id for e in rel.evidence], [e.sentence for e in rel.evidence]
    arts, sents = rel.props.get("articles"), rel.props.get("evidence")
    if isinstance(arts, list) and isinstance(sents, list):
        return [str(a) for a in arts], [str(s) for s in sents]
    return [], []


def edge_record(rel: Relationship, urls: dict[str, str] | None) -> EdgeRecord:
    rest = {k: v for k, v in rel.props.items() if k not in (*CITATIONS, "key")}
    arts, sents = citations(rel)
    props: dict[str, PropValue] = {k: rest[k] for k in sorted(rest)}
    props |= {"articles": arts, "evidence": sents}
    if urls is not None:
        props["urls"] = [urls.get(a, "") for a in arts]
    return EdgeRecord(rel.type, rel.start, rel.end, rel.key, props)


class StoreSource:
    """The records of a store that a selection keeps, read afresh on every call."""

    def __init__(self, store: GraphStore, selection: Selection, urls: dict[str, str] | None) -> None:
        self.store = store
        self.selection = selection
        self.urls = urls

    def node_labels(self) -> list[str]:
        return list(self.selection.labels)

    def edge_types(self) -> list[str]:
        return sorted(REL_TYPES)

    def nodes(self, label: str | None = None) -> Iterator[NodeRecord]:
        labels = [label] if label else None if self.selection.all_labels else self.selection.labels
        for node in self.store.iter_nodes(labels):  # type: ignore[arg-type]
            if self.selection.keeps(node.id):
                yield node_record(node)

    def edges(self, rel_type: str | None = None) -> Iterator[EdgeRecord]:
        types = [rel_type] if rel_type else None
        for rel in self.store.iter_relationships(types):  # type: ignore[arg-type]
            if self.selection.keeps(rel.start) and self.selection.keeps(rel.end):
                yield edge_record(rel, self.urls)


def article_urls(store: GraphStore) -> dict[str, str]:
    """Article id -> URL, for the citations (one entry per article that has a URL)."""
    return {n.id: str(n.props["url"]) for n in store.iter_nodes(["Article"]) if n.props.get("url")}


@contextmanager
def _binary_out(out: BinaryIO | Path) -> Iterator[BinaryIO]:
    if isinstance(out, Path):
        with out.open("wb") as stream:
            yield stream
    else:
        yield out


def _csv_members(
    out: BinaryIO | Path,
) -> AbstractContextManager[Callable[[str], AbstractContextManager[BinaryIO]]]:
    """A function opening one member file: in the directory `out`, or in a zip written to the stream."""

    @contextmanager
    def members() -> Iterator[Callable[[str], AbstractContextManager[BinaryIO]]]:
        if isinstance(out, Path):
            out.mkdir(parents=True, exist_ok=True)
            yield lambda name: _binary_out(out / name)
            return
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:

            def member(name: str) -> AbstractContextManager[BinaryIO]:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # fixed: byte-stable
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                return archive.open(info, "w")  # type: ignore[return-value]

            yield member

    return members()


def _export_csv(source: RecordSource, out: BinaryIO | Path, tally: Tally) -> None:
    with _csv_members(out) as open_member:
        schema = write_csv(source, open_member, tally)
        data_files = list(tally.files)
        extras = {
            "load-csv.cypher": load_csv_script(schema, data_files),
            "neo4j-admin-import.sh": admin_import_command(data_files),
        }
        for name, text in extras.items():
            with open_member(name) as stream:
                stream.write(text.encode())
            tally.files.append(name)


def export(
    store: GraphStore,
    fmt: ExportFormat,
    out: BinaryIO | Path,
    *,
    countries: tuple[str, str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    labels: list[str] | None = None,
) -> ExportStats:
    """Write the store (or the part the filters keep) to `out` in `fmt`; see the module docstring."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    try:
        selection = select(store, countries=countries, date_from=date_from, date_to=date_to, labels=labels)
    except ValueError as exc:
        raise ExportError(str(exc)) from exc
    urls = None if fmt in ("csv", "cypher") else article_urls(store)
    source = StoreSource(store, selection, urls)
    tally = Tally()
    if fmt == "csv":
        _export_csv(source, out, tally)
    else:
        with _binary_out(out) as stream:
            WRITERS[fmt](source, stream, tally)
    return ExportStats(
        format=fmt,
        nodes=sum(tally.nodes.values()),
        relationships=sum(tally.edges.values()),
        nodes_by_label=dict(sorted(tally.nodes.items())),
        relationships_by_type=dict(sorted(tally.edges.items())),
        files=tally.files,
        filtered=selection.node_ids is not None,
    )
