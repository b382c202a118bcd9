"""The extracted graph as plain pydantic: nodes, relationships, triples, and what one article yields.

These classes carry no database behaviour; both stores and the exports read them. Every node has a
stable, readable `id` (a slug or a hash), never a database-internal id.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

from anyascii import anyascii
from pydantic import BaseModel, Field

Label = Literal[
    "Article",
    "Person",
    "Organization",
    "Country",
    "Place",
    "Meeting",
    "Visit",
    "Mechanism",
    "Session",
    "Anniversary",
    "Event",
    "Topic",
]
RelType = Literal[
    "HOLDS_POSITION",  # (:Person)->(:Organization|:Country) {title, as_of}
    "PART_OF",  # (:Organization)->(:Organization|:Country)
    "REPRESENTS",  # (:Person)->(:Country)
    "PARTICIPATED_IN",  # (:Person|:Organization)->(:Meeting) {role}
    "HELD_IN",  # (:Meeting|:Session|:Event)->(:Place|:Country)
    "LOCATED_IN",  # (:Place)->(:Country)
    "ON_SIDELINES_OF",  # (:Meeting)->(:Event)
    "MADE",  # (:Person)->(:Visit)
    "TO",  # (:Visit)->(:Country)
    "SESSION_OF",  # (:Session)->(:Mechanism)
    "CO_CHAIRED",  # (:Person)->(:Session)
    "BETWEEN",  # (:Mechanism)->(:Country)
    "OF",  # (:Anniversary)->(:Country)
    "PARTNER_OF",  # (:Country)->(:Country) {level}
    "DISCUSSED",  # (:Meeting|:Visit|:Session|:Anniversary)->(:Topic)
    "REPORTED_IN",  # (event-like node)->(:Article) {evidence}
]
LABELS: frozenset[str] = frozenset(get_args(Label))
REL_TYPES: frozenset[str] = frozenset(get_args(RelType))
EVENT_LABELS: frozenset[str] = frozenset({"Meeting", "Visit", "Session", "Anniversary", "Event"})
# Node props a store keeps itself, whatever an extraction says: the ids of the articles citing the
# node and the folded spellings look-ups match (graph/store.py).
STORE_PROPS: frozenset[str] = frozenset({"articles", "keys"})

Scalar = str | int | float | bool | None
PropValue = Scalar | list[str] | list[int]

Status = Literal["occurred", "planned"]
DatePrecision = Literal["day", "month", "year"]


class Evidence(BaseModel):
    """Where a fact was read: the article and the sentence."""

    article_id: str
    sentence: str


class Node(BaseModel):
    """A node of any label; label-specific data lives in `props` (typed scalars or lists of them).

    Conventional props: events carry `date` (ISO of the text's precision), `date_precision`, `status`,
    `kind`; Session `number`; Anniversary `ordinal`, `year`, `base_year`, `subject`; Article
    `published`, `title`, `source`, `url`, `content_hash`, `text`; Person `country` (a Country id).
    """

    id: str
    label: Label
    name: str
    aliases: list[str] = Field(default_factory=list)
    props: dict[str, PropValue] = Field(default_factory=dict)


class Relationship(BaseModel):
    """A typed edge between two node ids. (type, start, end, key) identifies it: `key` tells apart
    parallel edges, e.g. two titles a person holds in the same organisation."""

    type: RelType
    start: str
    end: str
    key: str = ""
    props: dict[str, PropValue] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)


class Triple(BaseModel):
    """One statement read from an article, as printed by `diplograph extract`."""

    subject: str
    predicate: str
    object: str
    qualifiers: dict[str, PropValue] = Field(default_factory=dict)
    evidence: str
    article: str
    confidence: float = 1.0


class Extraction(BaseModel):
    """Everything one article yields. `article` is the Article node itself."""

    article: Node
    nodes: list[Node] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)
    triples: list[Triple] = Field(default_factory=list)

    def node(self, node_id: str) -> Node | None:
        return next((n for n in self.nodes if n.id == node_id), None)


def fold(text: str) -> str:
    """Lowercase ASCII form used for diacritic-insensitive comparison and search."""
    return re.sub(r"\s+", " ", anyascii(text)).strip().lower()


def slug(text: str) -> str:
    """A readable id fragment: ASCII, lowercase, words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"
