"""The embedded GraphStore: networkx in process, persisted under a directory, no server needed.

Layout: graph/embedded_graph.py (graph, indexes, merge rules), embedded_journal.py (snapshot, journal,
lock), embedded_query.py (views), embedded_lists.py (filtered lists), embedded_search.py (names, walks).

One process writes a directory at a time (an flock). A store opened while another holds the lock
answers reads from what is on disk and follows the writer's journal; its first write tries the lock
again and raises GraphError if it is still held. Within a process one RLock serialises every call.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph.embedded_graph import MemGraph
from graph.embedded_journal import DirectoryLock, Op, StoreFiles, open_directory
from graph.embedded_lists import Lists
from graph.embedded_query import Views
from graph.embedded_search import Finder
from graph.errors import GraphError, StoreCorrupt
from graph.model import Extraction, Label, Node, Relationship, RelType, fold
from graph.store import UpsertResult
from graph.views import (
    AnniversaryView,
    ArticleView,
    MechanismView,
    MeetingFilter,
    MeetingView,
    Page,
    PersonView,
    StoreStats,
    Subgraph,
    TimelineEntry,
    VisitFilter,
    VisitView,
)

COMPACT_MIN_BYTES = 16 << 20  # compact when the journal outgrows this and the snapshot


def dump_state(mg: MemGraph) -> dict[str, Any]:
    nodes = [
        {"id": i, **{k: a[k] for k in ("label", "name", "aliases", "props", "articles", "keys")}}
        for i, a in sorted(mg.g.nodes(data=True))
    ]
    edges = [
        {"type": d["type"], "start": s, "end": e, "key": d["key"], "props": d["props"], "pairs": d["pairs"]}
        for s, e, d in mg.edges()
    ]
    return {"nodes": nodes, "edges": edges}


def restore_state(mg: MemGraph, data: dict[str, Any]) -> None:
    try:
        for n in data["nodes"]:
            mg.add_node(n["id"], n["label"], n["name"], n["aliases"], n["props"], n["articles"], n["keys"])
        for e in data["edges"]:
            pairs = [(str(a), str(s)) for a, s in e["pairs"]]
            mg.add_edge(e["type"], e["start"], e["end"], e["key"], e["props"], pairs)
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreCorrupt(f"snapshot has a malformed record ({exc!r})") from exc
    mg.version += 1


def _triples_json(ex: Extraction) -> str:
    return json.dumps([t.model_dump(mode="json") for t in ex.triples], ensure_ascii=False)


class EmbeddedStore:
    """GraphStore over a directory; see graph/store.py for the semantics of every method."""

    def __init__(self, directory: str | Path, *, compact_bytes: int = COMPACT_MIN_BYTES) -> None:
        self.directory = open_directory(str(directory))
        self._compact_bytes = compact_bytes
        self._lock = threading.RLock()
        self._files = StoreFiles(self.directory)
        self._dirlock = DirectoryLock(self.directory)
        self._closed = False
        self._dirlock.try_acquire()
        self._load()

    def __repr__(self) -> str:
        return f"EmbeddedStore({str(self.directory)!r})"

    # --- loading and following ------------------------------------------------------------------
    def _load(self) -> None:
        loaded = self._files.load()
        self._mg = MemGraph()
        if loaded.snapshot is not None:
            restore_state(self._mg, loaded.snapshot)
        for op in loaded.ops:
            self._apply(op)
        self._stamp = loaded.stamp
        self._views = Views(self._mg)
        self._finder = Finder(self._mg)
        self._lists = Lists(self._mg, self._views, self._finder.resolve)

    def _apply(self, op: Op) -> None:
        """Replay one journaled operation (it was validated before it was journaled)."""
        try:
            kind = op["op"]
            if kind == "upsert":
                ex = Extraction.model_validate(op["extraction"])
                self._mg.upsert(ex, _triples_json(ex))
            elif kind == "delete":
                self._mg.delete_article(op["article_id"])
            elif kind == "clear":
                self._mg.clear()
            else:
                raise StoreCorrupt(f"{self._files.journal_path}: unknown operation {kind!r}")
        except (KeyError, TypeError, ValidationError) as exc:
            raise StoreCorrupt(f"{self._files.journal_path}: malformed operation ({exc})") from exc

    def _follow(self) -> None:
        """A reader that does not hold the lock catches up with the writer's files."""
        stamp = self._files.stamp()
        if stamp == self._stamp:
            return
        old = self._stamp
        same_files = stamp[0:3] == old[0:3] and stamp[3] == old[3] and stamp[4] >= old[4]
        if same_files and self._files.journal_good > 0:
            for op in self._files.read_new_ops():
                self._apply(op)
            self._stamp = stamp
        else:
            self._load()

    @contextmanager
    def _reading(self) -> Iterator[None]:
        with self._lock:
            if self._closed:
                raise GraphError(f"{self!r} is closed")
            if not self._dirlock.held:
                self._follow()
            yield

    @contextmanager
    def _writing(self) -> Iterator[None]:
        with self._lock:
            if self._closed:
                raise GraphError(f"{self!r} is closed")
            if not self._dirlock.held:
                if not self._dirlock.try_acquire():
                    raise GraphError(
                        f"store directory {self.directory} cannot be written: {self._dirlock.problem}; "
                        "this store can only read"
                    )
                self._load()  # the previous writer may have changed the files since we read them
            yield

    def _journal(self, ops: list[Op]) -> None:
        """Write-ahead: operations reach the disk before they change the graph in memory."""
        if ops:
            self._files.append(ops)

    def _maybe_compact(self) -> None:
        """Called after the journaled operations were applied, so the snapshot contains them."""
        if self._files.journal_good > max(self._compact_bytes, self._files.snapshot_size()):
            self._compact()

    def _compact(self) -> None:
        self._files.compact(dump_state(self._mg))
        self._stamp = self._files.stamp()

    # --- writes ---------------------------------------------------------------------------------
    def upsert(self, extraction: Extraction) -> UpsertResult:
        return self.upsert_many([extraction])[0]

    def upsert_many(self, extractions: Iterable[Extraction]) -> list[UpsertResult]:
        batch = list(extractions)
        with self._writing():
            for ex in batch:
                self._mg.validate(ex)
            hashes: dict[str, Any] = {}
            ops: list[Op] = []
            for ex in batch:
                aid, digest = ex.article.id, ex.article.props.get("content_hash")
                unchanged = hashes[aid] == digest if aid in hashes else self._mg.is_unchanged(ex)
                hashes[aid] = digest
                if not unchanged:
                    ops.append({"op": "upsert", "extraction": ex.model_dump(mode="json")})
            self._journal(ops)
            results = [self._mg.upsert(ex, _triples_json(ex)) for ex in batch]
            self._maybe_compact()
            return results

    def delete_article(self, article_id: str) -> bool:
        with self._writing():
            if not self._mg.is_a(article_id, "Article"):
                return False
            self._journal([{"op": "delete", "article_id": article_id}])
            deleted = self._mg.delete_article(article_id)
            self._maybe_compact()
            return deleted

    def clear(self) -> None:
        with self._writing():
            self._mg.clear()
            self._compact()  # an empty snapshot, and nothing left to replay

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            try:
                if self._dirlock.held and self._files.dirty:
                    self._compact()
            finally:
                self._dirlock.release()
                self._closed = True

    # --- look-ups -------------------------------------------------------------------------------
    def ping(self) -> bool:
        with self._lock:
            return not self._closed

    def get_node(self, node_id: str) -> Node | None:
        with self._reading():
            return self._mg.node(node_id) if self._mg.has(node_id) else None

    def find_by_keys(self, label: Label, keys: list[str]) -> list[Node]:
        with self._reading():
            ids = {i for k in keys for i in self._mg.by_key.get(fold(k), ()) if self._mg.is_a(i, label)}
            return [self._mg.node(i) for i in sorted(ids)]

    def events_with_participants(self, label: Label, participant_ids: list[str]) -> list[Node]:
        rel_type = {"Meeting": "PARTICIPATED_IN", "Visit": "MADE", "Session": "CO_CHAIRED"}.get(label)
        with self._reading():
            if rel_type is None or not participant_ids or not all(self._mg.has(p) for p in participant_ids):
                return []
            sets = [
                {e for e, _ in self._mg.out(p, rel_type) if self._mg.is_a(e, label)} for p in participant_ids
            ]
            return [self._mg.node(i) for i in sorted(set.intersection(*sets))]

    def resolve(self, value: str, label: Label | None = None) -> list[str]:
        with self._reading():
            return self._finder.resolve(value, label)

    def search(self, q: str, label: Label | None = None, limit: int = 20) -> list[Node]:
        with self._reading():
            return self._finder.search(q, label, limit)

    # --- analyst queries ------------------------------------------------------------------------
    def list_people(
        self, q: str | None = None, country: str | None = None, limit: int = 50, offset: int = 0
    ) -> Page[PersonView]:
        with self._reading():
            return self._lists.people(q, country, limit, offset)

    def get_person(self, person_id: str) -> PersonView | None:
        with self._reading():
            return self._views.person(person_id)

    def list_meetings(self, flt: MeetingFilter, limit: int = 50, offset: int = 0) -> Page[MeetingView]:
        with self._reading():
            return self._lists.meetings(flt, limit, offset)

    def get_meeting(self, meeting_id: str) -> MeetingView | None:
        with self._reading():
            return self._views.meeting(meeting_id)

    def list_visits(self, flt: VisitFilter, limit: int = 50, offset: int = 0) -> Page[VisitView]:
        with self._reading():
            return self._lists.visits(flt, limit, offset)

    def get_visit(self, visit_id: str) -> VisitView | None:
        with self._reading():
            return self._views.visit(visit_id)

    def list_mechanisms(
        self, country: str | None = None, limit: int = 50, offset: int = 0
    ) -> Page[MechanismView]:
        with self._reading():
            return self._lists.mechanisms(country, limit, offset)

    def get_mechanism(self, mechanism_id: str) -> MechanismView | None:
        with self._reading():
            return self._views.mechanism(mechanism_id)

    def list_anniversaries(
        self, year: int | None = None, country: str | None = None, limit: int = 50, offset: int = 0
    ) -> Page[AnniversaryView]:
        with self._reading():
            return self._lists.anniversaries(year, country, limit, offset)

    def list_nodes(self, label: Label, limit: int = 50, offset: int = 0) -> Page[Node]:
        with self._reading():
            return self._lists.nodes(label, limit, offset)

    def list_articles(self, limit: int = 50, offset: int = 0) -> Page[ArticleView]:
        with self._reading():
            return self._lists.articles(limit, offset)

    def get_article(self, article_id: str) -> ArticleView | None:
        with self._reading():
            return self._views.article(article_id)

    def timeline(self, person_id: str) -> list[TimelineEntry]:
        with self._reading():
            return self._views.timeline(person_id)

    def neighborhood(self, node_id: str, depth: int = 1) -> Subgraph:
        with self._reading():
            return self._finder.neighborhood(node_id, depth)

    def shortest_path(self, from_id: str, to_id: str, max_hops: int = 6) -> Subgraph | None:
        with self._reading():
            return self._finder.shortest_path(from_id, to_id, max_hops)

    def stats(self) -> StoreStats:
        with self._reading():
            nodes = {label: len(ids) for label, ids in sorted(self._mg.by_label.items()) if ids}
            rels: dict[str, int] = {}
            for _, _, data in self._mg.edges():
                rels[data["type"]] = rels.get(data["type"], 0) + 1
            return StoreStats(nodes=nodes, relationships=dict(sorted(rels.items())))

    # --- whole graph ----------------------------------------------------------------------------
    def iter_nodes(self, labels: Iterable[Label] | None = None) -> Iterator[Node]:
        with self._reading():
            wanted = set(labels) if labels is not None else None
            ids = sorted(i for i, a in self._mg.g.nodes(data=True) if wanted is None or a["label"] in wanted)
            nodes = [self._mg.node(i) for i in ids]  # built under the lock: a snapshot of this moment
        yield from nodes

    def iter_relationships(self, types: Iterable[RelType] | None = None) -> Iterator[Relationship]:
        with self._reading():
            wanted = set(types) if types is not None else None
            edges = sorted(
                ((d["type"], s, e, d["key"]), s, e, d)
                for s, e, d in self._mg.edges()
                if wanted is None or d["type"] in wanted
            )
            rels = [self._mg.relationship(s, e, d) for _, s, e, d in edges]
        yield from rels
