"""API schemas, in families per resource (`PersonPublic`, `PeoplePublic`...).

They build on the read models of graph/views.py, which already carry the fields analysts and the
scorer read; subclasses name them for the OpenAPI document and add what only HTTP needs (paging).
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any, Generic, Literal, TypeVar, get_args

from pydantic import BaseModel, Field

from graph.dossier import Dossier
from graph.model import STORE_PROPS, Label, Node, PropValue, Relationship, Triple
from graph.store import UpsertStatus
from graph.views import (
    AnniversaryView,
    ArticleView,
    MechanismView,
    MeetingView,
    Page,
    PersonView,
    Ref,
    StoreStats,
    Subgraph,
    TimelineEntry,
    VisitView,
)

T = TypeVar("T")


class Paged(BaseModel, Generic[T]):
    """One page of a list: the items, how many match in all, and the page asked for."""

    items: list[T]
    total: int = Field(description="Number of items matching the filters, over all pages.")
    limit: int
    offset: int


# --- errors ---------------------------------------------------------------------------------------
class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. `not_found`, `store_unavailable`.")
    message: str = Field(description="What went wrong, for a human.")


class ErrorBody(BaseModel):
    """Every error answer: `{"error": {"code", "message"}}`."""

    error: ErrorDetail


# --- people, events -------------------------------------------------------------------------------
class PersonPublic(PersonView):
    """A person with aliases, country and positions (title, organisation, as_of, sources)."""


class PeoplePublic(Paged[PersonPublic]):
    pass


class MeetingPublic(MeetingView):
    """A meeting with participants, place, the event it was on the sidelines of, topics, sources."""


class MeetingsPublic(Paged[MeetingPublic]):
    pass


class VisitPublic(VisitView):
    """A visit: who, to which country, when, with sources."""


class VisitsPublic(Paged[VisitPublic]):
    pass


class MechanismPublic(MechanismView):
    """A cooperation mechanism with its countries and its sessions ordered by number."""


class MechanismsPublic(Paged[MechanismPublic]):
    pass


class AnniversaryPublic(AnniversaryView):
    """An anniversary: ordinal, subject, the year it is marked and the countries concerned."""


class AnniversariesPublic(Paged[AnniversaryPublic]):
    pass


class TimelinePublic(Paged[TimelineEntry]):
    """A page of the meetings, visits and sessions of a person, oldest first (undated last)."""

    person: Ref


# --- countries ------------------------------------------------------------------------------------
class CountryPublic(BaseModel):
    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)


class CountriesPublic(Paged[CountryPublic]):
    pass


class DossierPublic(Dossier):
    """What the graph knows about the relations of two countries."""


# --- search and graph -----------------------------------------------------------------------------
class SearchHit(BaseModel):
    id: str
    name: str
    type: str = Field(description="The node label: Person, Country, Meeting...")
    aliases: list[str] = Field(default_factory=list)


class SearchResults(BaseModel):
    query: str
    items: list[SearchHit]
    total: int


class GraphNode(BaseModel):
    """A node as the graph routes show it. Its props leave out the ids of every article citing it,
    counted in `articles` instead (a country on a path is cited by thousands; the relationships carry
    the articles of each fact), and `keys`, the folded spellings that look-ups match."""

    id: str
    label: Label
    name: str
    aliases: list[str] = Field(default_factory=list)
    props: dict[str, PropValue] = Field(default_factory=dict)
    articles: int = Field(0, description="Number of articles citing the node.")


def graph_node(node: Node) -> GraphNode:
    cited = node.props.get("articles")
    return GraphNode(
        id=node.id,
        label=node.label,
        name=node.name,
        aliases=node.aliases,
        props={k: v for k, v in node.props.items() if k not in STORE_PROPS},
        articles=len(cited) if isinstance(cited, list) else 0,
    )


class GraphRelationship(Relationship):
    """A relationship as the graph routes show it: the first sentences that state it (as many as the
    route's `evidence` parameter asks) and how many there are in all. A minister's position on a path
    may be restated by hundreds of articles."""

    evidence_total: int = Field(0, description="Number of sentences stating the relationship.")


def graph_relationship(rel: Relationship, evidence: int) -> GraphRelationship:
    return GraphRelationship(
        type=rel.type,
        start=rel.start,
        end=rel.end,
        key=rel.key,
        props=rel.props,
        evidence=rel.evidence[: max(evidence, 0)],
        evidence_total=len(rel.evidence),
    )


class SubgraphPublic(BaseModel):
    """Nodes and the relationships among them."""

    nodes: list[GraphNode] = Field(default_factory=list)
    relationships: list[GraphRelationship] = Field(default_factory=list)


class PathPublic(SubgraphPublic):
    """One shortest path: nodes in path order and the relationships joining them."""

    hops: int = Field(description="Number of relationships along the path.")


def subgraph_public(found: Subgraph, evidence: int) -> SubgraphPublic:
    """`found` for the graph routes, each relationship with its first `evidence` sentences."""
    nodes = [graph_node(n) for n in found.nodes]
    rels = [graph_relationship(r, evidence) for r in found.relationships]
    return SubgraphPublic(nodes=nodes, relationships=rels)


def path_public(found: Subgraph, evidence: int) -> PathPublic:
    """A path for the graph routes, each relationship with its first `evidence` sentences."""
    shown = subgraph_public(found, evidence)
    rels = shown.relationships
    return PathPublic(nodes=shown.nodes, relationships=rels, hops=len(rels))


# --- articles -------------------------------------------------------------------------------------
class ArticlePublic(ArticleView):
    """An article's metadata (its id is the content hash the reader gave it)."""


class ArticlesPublic(Paged[ArticlePublic]):
    pass


class ArticleDetail(ArticlePublic):
    """An article with the statements read from it, each with its evidence sentence."""

    triples: list[Triple] = Field(default_factory=list)


class ArticleIn(BaseModel):
    """An article to read: its text and what is known about it."""

    text: str = Field(min_length=1, description="The article's plain text (UTF-8).")
    published: date | None = Field(None, description="Publication date; relative dates are read against it.")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000, description="Where it was published; it becomes the id.")


class ArticleIngested(BaseModel):
    """What POST /articles stored: `created`, or `unchanged` when the same article was already there."""

    article: ArticlePublic
    status: UpsertStatus
    nodes: int = Field(description="Nodes written or merged.")
    relationships: int = Field(description="Relationships written or merged.")
    entities: list[Ref] = Field(default_factory=list, description="Nodes read from the article.")
    triples: list[Triple] = Field(default_factory=list)


# --- system ---------------------------------------------------------------------------------------
class StatsPublic(StoreStats):
    """Counts of nodes per label and relationships per type."""


class HealthPublic(BaseModel):
    status: Literal["ok", "unavailable"]
    backend: Literal["embedded", "neo4j"]
    version: str
    message: str | None = None


P = TypeVar("P", bound=Paged[Any])
M = TypeVar("M", bound=BaseModel)


@functools.cache
def _renames(cls: type[BaseModel], view_cls: type[BaseModel]) -> bool:
    """True when `cls` is a subclass of `view_cls` that only renames it: the same fields, and nothing
    that building an instance would run or keep beyond them (post-init, private attributes, extras)."""
    return (
        issubclass(cls, view_cls)
        and cls.model_fields.keys() == view_cls.model_fields.keys()
        and cls.__pydantic_post_init__ is None
        and not cls.__pydantic_root_model__
        and not cls.__private_attributes__
        and cls.model_config.get("extra") != "allow"
    )


_set = object.__setattr__


def _renamed(cls: type[M], view: BaseModel) -> M:
    """`view`'s values as an instance of `cls` (see `_renames`): what `model_construct` makes, from the
    instance attributes pydantic documents, without its walk over every field for defaults and aliases
    (7.4 against 1.8 us a meeting, a tenth of the answer to a page of meetings)."""
    out = cls.__new__(cls)
    _set(out, "__dict__", dict(view.__dict__))
    _set(out, "__pydantic_fields_set__", set(view.model_fields_set))
    _set(out, "__pydantic_extra__", None)
    _set(out, "__pydantic_private__", None)
    return out


def as_public(cls: type[M], view: BaseModel) -> M:
    """A store's view as the API schema `cls`. Most schemas subclass their view without adding a field:
    the view's values, validated when the store built it, are taken as they are (validating them again
    cost as much as building them); other pairs are read by attribute and validated."""
    if type(view) is cls:
        return view
    if _renames(cls, type(view)):
        return _renamed(cls, view)
    return cls.model_validate(view, from_attributes=True)


@functools.cache
def _item_class(cls: type[Paged[Any]]) -> type[BaseModel]:
    (item,) = get_args(cls.model_fields["items"].annotation)
    assert isinstance(item, type) and issubclass(item, BaseModel)
    return item


def page_of(cls: type[P], page: Page[Any], limit: int, offset: int) -> P:
    """A store's page as the API's paged schema `cls`, each item through `as_public`."""
    item_cls = _item_class(cls)
    items = [as_public(item_cls, item) for item in page.items]
    return cls(items=items, total=page.total, limit=limit, offset=offset)
