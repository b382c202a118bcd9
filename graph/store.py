"""The GraphStore contract that every backend implements, and the semantics they share.

Persisted form (both backends, and what `iter_nodes` / `iter_relationships` give back):
- a node keeps `name`, `aliases`, its `props`, plus `articles` (ids of the articles that mention it)
  and `keys` (folded match keys: its folded name and aliases plus any `keys` prop ingest supplied);
- a relationship keeps its `props`, `key`, and its evidence as two parallel lists `articles` and
  `evidence` (the i-th sentence was read in the i-th article).

Upsert of an Extraction:
1. an Article with the same id and the same `content_hash` already stored: nothing changes ("unchanged");
2. same id, other hash: `delete_article(id)` first, then write ("updated"); else "created";
3. nodes merge by id: `name` from the incoming node, aliases united (stored order kept, new ones
   appended), props overwritten by the incoming non-None values, `articles` gains the article id;
4. relationships merge by (type, start, end, key): props as nodes, evidence united without repeats;
5. every relationship endpoint must be one of the extraction's nodes or its article, and every evidence
   must name the extraction's article, else InvalidExtraction (what an article supports is found from
   the article: `relationships_citing`).

Deleting an article removes its id and evidence everywhere; relationships and nodes left with no
article go too (a node or edge nobody reports any more is not a fact we can cite).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel

from graph.model import Extraction, Label, Node, Relationship, RelType
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

UpsertStatus = Literal["created", "updated", "unchanged"]


class UpsertResult(BaseModel):
    article_id: str
    status: UpsertStatus
    nodes: int = 0
    relationships: int = 0


@runtime_checkable
class GraphStore(Protocol):
    """What the app, ingest and exports need from a graph backend."""

    # --- writes -----------------------------------------------------------------------------
    def upsert(self, extraction: Extraction) -> UpsertResult:
        """Write one article's extraction, idempotently (see the module docstring)."""
        ...

    def upsert_many(self, extractions: Iterable[Extraction]) -> list[UpsertResult]:
        """Bulk form of `upsert` (batched writes); same result as upserting one by one."""
        ...

    def delete_article(self, article_id: str) -> bool:
        """Remove an article and what only it supported. False when the id is unknown."""
        ...

    # --- look-ups ---------------------------------------------------------------------------
    def ping(self) -> bool:
        """True when the backend answers."""
        ...

    def generation(self) -> str:
        """A token that changes whenever the stored graph may have changed, so that answers derived
        from it can be cached under it. The embedded store's is exact; Neo4j's may lag writes made by
        other clients of the database by up to the store's `generation_lag` seconds."""
        ...

    def get_node(self, node_id: str) -> Node | None: ...

    def find_by_keys(self, label: Label, keys: list[str]) -> list[Node]:
        """Nodes of `label` whose stored `keys` share any of the given folded keys."""
        ...

    def events_with_participants(self, label: Label, participant_ids: list[str]) -> list[Node]:
        """Meetings (PARTICIPATED_IN), Visits (MADE) or Sessions (CO_CHAIRED) linked to all the ids."""
        ...

    def resolve(self, value: str, label: Label | None = None) -> list[str]:
        """Ids a user's reference names: the id itself, else nodes whose folded name or alias equals
        the folded value, else those with a name word sequence ending in it (a surname)."""
        ...

    def search(self, q: str, label: Label | None = None, limit: int = 20) -> list[Node]:
        """Case- and diacritic-insensitive search over names and aliases: exact, prefix, substring."""
        ...

    # --- analyst queries --------------------------------------------------------------------
    def list_people(
        self, q: str | None = None, country: str | None = None, limit: int = 50, offset: int = 0
    ) -> Page[PersonView]: ...

    def get_person(self, person_id: str) -> PersonView | None: ...

    def list_meetings(self, flt: MeetingFilter, limit: int = 50, offset: int = 0) -> Page[MeetingView]:
        """Newest first (undated last), then by id."""
        ...

    def list_meeting_digests(
        self, flt: MeetingFilter, limit: int = 50, offset: int = 0
    ) -> Page[MeetingDigest]:
        """The meetings list_meetings gives, in its order, each as a MeetingDigest."""
        ...

    def get_meeting(self, meeting_id: str) -> MeetingView | None: ...

    def list_visits(self, flt: VisitFilter, limit: int = 50, offset: int = 0) -> Page[VisitView]: ...

    def get_visit(self, visit_id: str) -> VisitView | None: ...

    def list_mechanisms(
        self, country: str | None = None, limit: int = 50, offset: int = 0, partner: str | None = None
    ) -> Page[MechanismView]:
        """By name. `country` and `partner`: mechanisms BETWEEN both (either alone: BETWEEN that one)."""
        ...

    def get_mechanism(self, mechanism_id: str) -> MechanismView | None: ...

    def list_anniversaries(
        self, year: int | None = None, country: str | None = None, limit: int = 50, offset: int = 0
    ) -> Page[AnniversaryView]: ...

    def list_nodes(self, label: Label, limit: int = 50, offset: int = 0) -> Page[Node]:
        """Nodes of one label ordered by name, then id (countries, places, events, topics...)."""
        ...

    def list_articles(self, limit: int = 50, offset: int = 0) -> Page[ArticleView]: ...

    def get_article(self, article_id: str) -> ArticleView | None: ...

    def relationships_citing(self, article_id: str) -> list[Relationship]:
        """The relationships with evidence from one article (all their evidence), ordered as
        `iter_relationships`; [] for an unknown article. Reads only what the article touches."""
        ...

    def timeline(self, person_id: str, limit: int | None = None, offset: int = 0) -> Timeline | None:
        """The Person with this id and its meetings, visits and sessions, oldest first, undated last
        (ties by event id): the `limit` entries after the first `offset` (limit None: all), with the
        total; None when no Person has the id (one read, so a route needs no look-up first)."""
        ...

    def neighborhood(self, node_id: str, depth: int = 1) -> Subgraph:
        """Nodes within `depth` hops either way, Articles and REPORTED_IN left out."""
        ...

    def shortest_path(self, from_id: str, to_id: str, max_hops: int = 6) -> Subgraph | None:
        """One shortest undirected path avoiding Articles, nodes in path order; None if none."""
        ...

    def relationships_between(
        self, a: str, b: str, types: Iterable[RelType] | None = None
    ) -> list[Relationship]:
        """The relationships joining nodes `a` and `b`, either way, of `types` (all when None),
        ordered by (type, start, end, key); [] when either node is missing. A look-up from the two
        nodes, never a pass over every relationship of a type."""
        ...

    def dossier_facts(self, a: str, b: str, recent: int = 10, cap: int = 10_000) -> DossierFacts | None:
        """What the bilateral dossier of Countries `a` and `b` (ids) is made of, in one read; None when
        either id is not a Country's. As graph.dossier.read_facts composes it from the methods above:
        the meetings with participants of both sides, visits of one side's people to the other, the
        mechanisms BETWEEN both, their PARTNER_OF relationships with the articles cited, the
        anniversaries OF both, and the countries of the visitors and co-chairs."""
        ...

    def stats(self) -> StoreStats: ...

    # --- whole graph, for exports (ordered by id: exports are byte-stable) -------------------
    def iter_nodes(self, labels: Iterable[Label] | None = None) -> Iterator[Node]: ...

    def iter_relationships(self, types: Iterable[RelType] | None = None) -> Iterator[Relationship]: ...

    def clear(self) -> None:
        """Delete everything (tests and `diplograph reset`)."""
        ...

    def close(self) -> None: ...
