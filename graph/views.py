"""Read models returned by the GraphStore queries, identical for every backend.

They are what the REST layer serves (its schemas build on them) and what the contract tests compare.
Dates are ISO strings of the precision the text gave (`2025-04-03`, `2025-04`, `2025`) or None.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from graph.model import Node, PropValue, Relationship

T = TypeVar("T")


class Ref(BaseModel):
    """A pointer to a node: its id, display name and label. Frozen: the embedded store hands one
    instance to every view that points at the node."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    type: str


class Source(BaseModel):
    """A citation: the article and the sentence that supports a fact."""

    article_id: str
    evidence: str
    url: str | None = None
    published: str | None = None


class Position(BaseModel):
    title: str
    organization: str | None = None
    organization_id: str | None = None
    as_of: str | None = None
    sources: list[Source] = Field(default_factory=list)


class PersonView(BaseModel):
    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    country: Ref | None = None
    positions: list[Position] = Field(default_factory=list)
    articles: list[str] = Field(default_factory=list)


class MeetingView(BaseModel):
    id: str
    name: str
    kind: str | None = None
    date: str | None = None
    date_precision: str | None = None
    status: str = "occurred"
    participants: list[Ref] = Field(default_factory=list)
    place: Ref | None = None
    event: Ref | None = None
    topics: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)


class Participant(Ref):
    """A participant in a digest, with the country a person stands for as PersonView.country gives it
    (None for other participants)."""

    country: str | None = None


class MeetingDigest(BaseModel):
    """A meeting as summaries count it (the dossier): no place, event, topics or sources to read."""

    id: str
    name: str
    date: str | None = None
    status: str = "occurred"
    participants: list[Participant] = Field(default_factory=list)


class VisitView(BaseModel):
    id: str
    name: str
    kind: str | None = None
    visitor: Ref | None = None
    host_country: Ref | None = None
    date: str | None = None
    date_end: str | None = None
    date_precision: str | None = None
    status: str = "occurred"
    topics: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)


class SessionView(BaseModel):
    id: str
    name: str
    number: int | None = None
    date: str | None = None
    date_precision: str | None = None
    status: str = "occurred"
    co_chairs: list[Ref] = Field(default_factory=list)
    place: Ref | None = None
    mechanism: Ref | None = None
    sources: list[Source] = Field(default_factory=list)


class MechanismView(BaseModel):
    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    countries: list[Ref] = Field(default_factory=list)
    sessions: list[SessionView] = Field(default_factory=list)  # ordered by number
    sources: list[Source] = Field(default_factory=list)


class AnniversaryView(BaseModel):
    id: str
    name: str
    ordinal: int | None = None
    subject: str = ""
    year: int | None = None
    base_year: int | None = None
    countries: list[Ref] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)


class ArticleView(BaseModel):
    id: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    content_hash: str | None = None


class TimelineEntry(BaseModel):
    """One event in a person's timeline: a Meeting, Visit or Session they took part in."""

    id: str
    type: str  # "Meeting" | "Visit" | "Session"
    name: str
    date: str | None = None
    status: str = "occurred"
    role: str | None = None
    counterparts: list[Ref] = Field(default_factory=list)
    place: Ref | None = None


class Timeline(BaseModel):
    """A person and the meetings, visits and sessions they took part in, oldest first, undated last:
    all of them, or the page asked for; `total` counts all of them."""

    person: Ref
    items: list[TimelineEntry]
    total: int = Field(description="Entries in the whole timeline, whatever page `items` holds.")


class DossierFacts(BaseModel):
    """What the bilateral dossier of two countries is composed from (graph.dossier), read at once.
    Each list holds at most the `cap` the read was given."""

    a: Ref
    b: Ref
    meetings: list[MeetingDigest] = Field(
        default_factory=list, description="The meetings of the pair, as list_meeting_digests orders them."
    )
    recent: list[MeetingView] = Field(default_factory=list, description="The first `recent` of them, whole.")
    visits: list[VisitView] = Field(
        default_factory=list, description="Visits of one side's people to the other, newest first."
    )
    mechanisms: list[MechanismView] = Field(default_factory=list, description="BETWEEN both, by name.")
    partnerships: list[Relationship] = Field(
        default_factory=list, description="PARTNER_OF between the two, as relationships_between orders them."
    )
    articles: list[ArticleView] = Field(default_factory=list, description="The articles citing those, by id.")
    anniversaries: list[AnniversaryView] = Field(
        default_factory=list, description="Anniversaries OF both, as list_anniversaries orders them."
    )
    countries: dict[str, str | None] = Field(
        default_factory=dict,
        description="Person id -> the country it stands for (PersonView.country), for every Person who is "
        "a visit's visitor or a session's co-chair above.",
    )


class Subgraph(BaseModel):
    """A set of nodes and the relationships among them (neighbourhood or path)."""

    nodes: list[Node] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int


class MeetingFilter(BaseModel):
    """Filters of the meeting list. `person` and `with_` take an id or any spelling of a name."""

    person: str | None = None
    with_: str | None = None
    country: str | None = None  # id or name: a participant represents this country
    counterpart_country: str | None = None  # another participant represents this one
    date_from: str | None = None  # inclusive, ISO prefix compare
    date_to: str | None = None
    status: str | None = None
    kind: str | None = None
    place: str | None = None  # id or name of the place (or country) it was held in


class VisitFilter(BaseModel):
    visitor: str | None = None
    host_country: str | None = None
    country: str | None = None  # visitor's country or host country
    date_from: str | None = None
    date_to: str | None = None
    status: str | None = None


class StoreStats(BaseModel):
    nodes: dict[str, int] = Field(default_factory=dict)
    relationships: dict[str, int] = Field(default_factory=dict)


Props = dict[str, PropValue]
