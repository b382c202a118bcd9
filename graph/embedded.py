"""The embedded GraphStore: an in-process graph of plain dicts (the layout of a networkx
MultiDiGraph, with indexes), persisted under a directory, no server needed.

Layout: graph/embedded_graph.py (graph, indexes, merge rules), embedded_journal.py (snapshot, journal,
lock), embedded_snapshot.py (snapshot records), embedded_query.py (views), embedded_lists.py (filtered
lists), embedded_search.py (names, walks).

One process writes a directory at a time (an flock). By default a store takes the lock when it opens
and keeps it; a store opened while another holds it answers reads from what is on disk and follows
the writer's journal; its first write tries the lock again and raises GraphError if it is still held.

`shared=True` (the API with several worker processes) is for processes that all write now and then:
none keeps the lock. Every read first follows the files (two stat calls; new journal lines are
replayed, a replaced snapshot is reloaded), and every write takes the lock for its own duration
(waiting up to `lock_timeout` seconds, else StoreUnavailable), follows the files under it, journals,
applies and releases. So each process answers from the same sequence of operations, and a write is
seen by every read that starts after it returns, in any process. Within a process one RLock
serialises every call.
"""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph import embedded_snapshot
from graph.dossier import read_facts
from graph.embedded_graph import MemGraph
from graph.embedded_journal import DirectoryLock, Op, Snapshot, StoreFiles, open_directory
from graph.embedded_lists import Lists
from graph.embedded_query import Views
from graph.embedded_search import Finder
from graph.errors import GraphError, StoreCorrupt, StoreUnavailable
from graph.model import Extraction, Label, Node, Relationship, RelType, fold
from graph.store import UpsertResult
from graph.views import (
    AnniversaryView,
    ArticleView,
    DossierFacts,
    MechanismView,
    MeetingDigest,
    MeetingFilter,
    MeetingView,
    Page,
    PersonView,
    StoreStats,
    Subgraph,
    Timeline,
    VisitFilter,
    VisitView,
)

COMPACT_MIN_BYTES = 16 << 20  # compact when the journal outgrows this and the snapshot
FREEZE_MIN = 50_000  # nodes + relationships loaded from which the graph is hidden from the cyclic GC


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic GC off while the store loads or writes. Both create many containers and no
    reference cycles: loading 1e5 meetings spent a third of its time in GC passes finding nothing,
    and a write's temporaries (journal dumps, triples) outlived enough passes to be promoted to the
    oldest generation, each batch bringing the next full pass over the whole graph closer. With the
    GC off they are freed by reference counting, as everything here is."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def restore_snapshot(mg: MemGraph, snapshot: Snapshot) -> None:
    if snapshot.format == 1 and snapshot.document is not None:
        embedded_snapshot.restore_format1(mg, snapshot.document)
    else:
        embedded_snapshot.restore(mg, snapshot.records())


def _triples_json(ex: Extraction, dumped: dict[str, Any] | None = None) -> str:
    """The triples as the Article's `triples` prop; `dumped` is ex.model_dump(mode="json") if made."""
    triples = dumped["triples"] if dumped is not None else [t.model_dump(mode="json") for t in ex.triples]
    return json.dumps(triples, ensure_ascii=False)


class EmbeddedStore:
    """GraphStore over a directory; see graph/store.py for the semantics of every method."""

    def __init__(
        self,
        directory: str | Path,
        *,
        compact_bytes: int = COMPACT_MIN_BYTES,
        shared: bool = False,
        lock_timeout: float = 10.0,
    ) -> None:
        self.directory = open_directory(str(directory))
        self._compact_bytes = compact_bytes
        self._shared = shared
        self._lock_timeout = lock_timeout
        self._lock = threading.RLock()
        self._read_depth = 0  # reads open in the thread holding _lock: only the outermost one follows
        self._files = StoreFiles(self.directory)
        self._dirlock = DirectoryLock(self.directory)
        self._closed = False
        self._loads = 0  # graphs read from the files so far: part of `generation`
        self._warmed = False  # warm() was called: a graph read again is indexed again at once
        if not shared:
            self._dirlock.try_acquire()
        self._load()

    def __repr__(self) -> str:
        return f"EmbeddedStore({str(self.directory)!r})"

    # --- loading and following ------------------------------------------------------------------
    def _load(self) -> None:
        """Read the files into a new MemGraph with the cyclic GC paused (see `gc_paused`). A large
        graph is then frozen out of the GC's sight (gc.freeze): every full pass would walk it again
        (seconds at 1e5 meetings) to find nothing; reference counting still frees it."""
        with gc_paused():
            self._load_files()
            if self._warmed:
                self._prepare()
            self._freeze_if_large()

    def _load_files(self) -> None:
        graphs: list[MemGraph] = []

        def restore(snapshot: Snapshot | None) -> None:
            graphs.clear()  # a retried read starts over
            graphs.append(MemGraph())
            if snapshot is not None:
                restore_snapshot(graphs[0], snapshot)

        loaded = self._files.load(restore)
        self._mg = graphs[0]
        self._loads += 1
        for op in loaded.ops:
            self._apply(op)
        if loaded.snapshot_format == 1 and self._dirlock.held:
            self._files.dirty = True  # so the next compaction (at close at the latest) writes format 2
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
        """One consistent read: the outermost catches up with the other writers' files, once (two
        stats when nothing changed); reads nested in it (a dossier is composed of some thirty) see the
        graph as it found it, not a write that landed in the meantime."""
        with self._lock:
            if self._closed:
                raise GraphError(f"{self!r} is closed")
            if self._read_depth == 0 and not self._dirlock.held:
                self._follow()
            self._read_depth += 1
            try:
                yield
            finally:
                self._read_depth -= 1

    @contextmanager
    def _writing(self) -> Iterator[None]:
        with self._lock:
            if self._closed:
                raise GraphError(f"{self!r} is closed")
            if self._shared:  # the lock for this write only, on the files as they are now
                if not self._dirlock.acquire(self._lock_timeout):
                    raise StoreUnavailable(
                        f"store directory {self.directory} cannot be written now: {self._dirlock.problem}"
                    )
                try:
                    self._follow()
                    try:
                        with gc_paused():
                            yield
                    finally:  # what we journaled (even if applying it failed) is not to be replayed
                        self._stamp = self._files.stamp()
                finally:
                    self._dirlock.release()
                return
            if not self._dirlock.held:
                if not self._dirlock.try_acquire():
                    raise GraphError(
                        f"store directory {self.directory} cannot be written: {self._dirlock.problem}; "
                        "this store can only read"
                    )
                self._load()  # the previous writer may have changed the files since we read them
            with gc_paused():
                yield

    def _journal(self, ops: list[Op]) -> None:
        """Write-ahead: operations reach the disk before they change the graph in memory."""
        if ops:
            self._files.append(ops)

    def _maybe_compact(self) -> None:
        """Called after the journaled operations were applied, so the snapshot contains them."""
        if self._files.journal_good > max(self._compact_bytes, self._files.snapshot_size()):
            self._compact()

    def _large(self) -> bool:
        return len(self._mg.nodes) + sum(self._mg.edge_counts().values()) >= FREEZE_MIN

    def _prepare(self) -> None:
        """What warm() builds ahead of the first requests: the search index, every country's sets."""
        self._finder.warm()
        self._lists.warm()

    def _freeze_if_large(self) -> None:
        """Hide what a large graph keeps for its life (the graph, its search index) from the cyclic GC.
        Anything built after the last freeze sits in the oldest generation, and a frozen graph leaves
        that generation so small that CPython runs a full pass every ten second-generation ones: each
        walked the search index's lists (30 ms at 1e5 meetings), which every request waiting on that
        process then waited for."""
        if self._large():
            gc.freeze()

    def _compact(self) -> None:
        self._files.compact(embedded_snapshot.dump(self._mg))
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
            dumped: dict[int, dict[str, Any]] = {}  # by id(ex): the journaled dump, reused for triples
            ops: list[Op] = []
            for ex in batch:
                aid, digest = ex.article.id, ex.article.props.get("content_hash")
                unchanged = hashes[aid] == digest if aid in hashes else self._mg.is_unchanged(ex)
                hashes[aid] = digest
                if not unchanged:
                    dumped[id(ex)] = ex.model_dump(mode="json")
                    ops.append({"op": "upsert", "extraction": dumped[id(ex)]})
            self._journal(ops)
            results = [self._mg.upsert(ex, _triples_json(ex, dumped.get(id(ex)))) for ex in batch]
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
                shared_idle = self._shared and self._files.dirty and self._dirlock.try_acquire()
                if shared_idle and self._files.stamp() != self._stamp:
                    self._dirlock.release()  # another process wrote since: compacting is left to it
                if self._dirlock.held and self._files.dirty:
                    self._compact()
            finally:
                self._dirlock.release()
                self._closed = True

    # --- look-ups -------------------------------------------------------------------------------
    def ping(self) -> bool:
        with self._lock:
            return not self._closed

    def generation(self) -> str:
        """Exact: the graph read from the files (after following other processes' writes) and its
        version, which every change in memory increments."""
        with self._reading():
            return f"{self._loads}.{self._mg.version}"

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

    def warm(self) -> None:
        """Build the search index and every country's meeting and visit sets now (~1 s each at 1e5
        meetings) instead of in the first search or dossier; a server calls it at start-up so that no
        request waits for them, and from then on the store does the same for a graph it reads from
        its files again (after another worker's compaction). A large graph, its index and the sets
        are then out of the cyclic GC's sight. Not part of GraphStore."""
        with self._reading(), gc_paused():
            self._warmed = True
            self._prepare()
            self._freeze_if_large()

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
            return self._lists.meetings(flt, limit, offset, self._views.meeting)

    def list_meeting_digests(
        self, flt: MeetingFilter, limit: int = 50, offset: int = 0
    ) -> Page[MeetingDigest]:
        with self._reading():
            return self._lists.meetings(flt, limit, offset, self._views.meeting_digest)

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
        self, country: str | None = None, limit: int = 50, offset: int = 0, partner: str | None = None
    ) -> Page[MechanismView]:
        with self._reading():
            return self._lists.mechanisms(country, partner, limit, offset)

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

    def timeline(self, person_id: str, limit: int | None = None, offset: int = 0) -> Timeline | None:
        with self._reading():
            return self._views.timeline(person_id, limit, offset)

    def neighborhood(self, node_id: str, depth: int = 1) -> Subgraph:
        with self._reading():
            return self._finder.neighborhood(node_id, depth)

    def shortest_path(self, from_id: str, to_id: str, max_hops: int = 6) -> Subgraph | None:
        with self._reading():
            return self._finder.shortest_path(from_id, to_id, max_hops)

    def dossier_facts(self, a: str, b: str, recent: int = 10, cap: int = 10_000) -> DossierFacts | None:
        with self._reading():  # one consistent read of the methods it is composed of (RLock)
            return read_facts(self, a, b, recent, cap, countries=self._person_countries)

    def _person_countries(self, person_ids: Iterable[str]) -> dict[str, str | None]:
        """PersonView.country's id of each, without building the nodes or views."""
        mg, views = self._mg, self._views
        return {p: views.country_of(p) if mg.is_a(p, "Person") else None for p in dict.fromkeys(person_ids)}

    def relationships_between(
        self, a: str, b: str, types: Iterable[RelType] | None = None
    ) -> list[Relationship]:
        wanted = None if types is None else set(types)
        with self._reading():
            mg = self._mg
            ends = [(a, b)] if a == b else [(a, b), (b, a)]
            rels = [
                mg.relationship(start, end, data)
                for start, end in ends
                for data in mg.between(start, end)
                if wanted is None or data["type"] in wanted
            ]
        return sorted(rels, key=lambda r: (r.type, r.start, r.end, r.key))

    def stats(self) -> StoreStats:
        with self._reading():
            nodes = {label: len(ids) for label, ids in sorted(self._mg.by_label.items()) if ids}
            rels = dict(sorted(self._mg.edge_counts().items()))
            return StoreStats(nodes=nodes, relationships=rels)

    # --- whole graph ----------------------------------------------------------------------------
    def iter_nodes(self, labels: Iterable[Label] | None = None) -> Iterator[Node]:
        with self._reading():
            mg = self._mg
            if labels is None:
                ids = sorted(mg.nodes)
            else:
                ids = sorted(i for label in set(labels) for i in mg.by_label.get(label, ()))
            nodes = [mg.node(i) for i in ids]  # built under the lock: a snapshot of this moment
        yield from nodes

    def relationships_citing(self, article_id: str) -> list[Relationship]:
        """From the per-article index: O(the article's relationships)."""
        with self._reading():
            mg = self._mg
            eids = sorted(mg.article_edges.get(article_id, ()), key=lambda e: (e[2].split("|", 1)[0], e))
            found = ((eid, mg.edge(eid)) for eid in eids)
            return [mg.relationship(eid[0], eid[1], data) for eid, data in found if data is not None]

    def iter_relationships(self, types: Iterable[RelType] | None = None) -> Iterator[Relationship]:
        """Ordered by (type, start, end, key): per type, from the type index (O(edges of the type))."""
        with self._reading():
            mg = self._mg
            rels = []
            for rel_type in sorted(mg.by_type if types is None else set(types)):
                for eid in mg.edges_of_type(rel_type):
                    data = mg.edge(eid)
                    if data is not None:
                        rels.append(mg.relationship(eid[0], eid[1], data))
        yield from rels
