"""Turn one resolved article and its events into graph nodes and relationships with evidence.

Ids are readable and deterministic, so the same person or event read in two articles gets the same
id when the names agree after folding: `person:<slug>`, `org:<slug>[-<cc>]`, `country:<cc>`,
`place:<slug>`, `event:<slug>`, `topic:<slug>`, `mechanism:<slug>-<cc>-<cc>`,
`session:<mechanism slug>:<n>`, `anniversary:<n>-<subject slug>-<year>`, and
`meeting:` / `visit:` + a hash of their defining features.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from graph.model import Evidence, Node, PropValue, Relationship, RelType, fold, slug
from ingest import names
from ingest.dates import DateValue
from ingest.document import DocModel, Person
from ingest.geo import country_names
from ingest.titles import OrgRef


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def digest(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:12]


def date_props(date: DateValue | None) -> dict[str, PropValue]:
    if date is None:
        return {"date": None, "date_precision": None}
    return {"date": date.iso, "date_precision": date.precision, "date_end": date.end}


class GraphBuilder:
    """Collects nodes and relationships of one article, merging repeats."""

    def __init__(self, doc: DocModel) -> None:
        self.doc = doc
        self.article_id = doc.article.id
        self.nodes: dict[str, Node] = {}
        self.rels: dict[tuple[str, str, str, str], Relationship] = {}
        self.confidence: dict[tuple[str, str, str, str], float] = {}

    # --- nodes --------------------------------------------------------------------------------
    def node(self, node: Node) -> str:
        known = self.nodes.get(node.id)
        if known is None:
            self.nodes[node.id] = node
        else:
            known.aliases = list(dict.fromkeys(known.aliases + [a for a in node.aliases if a != known.name]))
            known.props.update({k: v for k, v in node.props.items() if v is not None})
        return node.id

    def country(self, code: str, spelling: str | None = None) -> str:
        name = country_names().get(code, code)
        aliases = [spelling] if spelling and spelling != name else []
        return self.node(Node(id=f"country:{code.lower()}", label="Country", name=name, aliases=aliases))

    def org(self, org: OrgRef, sentence: int) -> str:
        suffix = f"-{org.country.lower()}" if org.country else ""
        node_id = f"org:{slug(org.name)}{suffix}"
        props: dict[str, PropValue] = {"keys": [f"{fold(org.name)}|{org.country or ''}"]}
        if org.country:
            props["country"] = f"country:{org.country.lower()}"
        self.node(
            Node(id=node_id, label="Organization", name=org.name, aliases=list(org.aliases), props=props)
        )
        if org.parent is not None:
            self.rel("PART_OF", node_id, self.org(org.parent, sentence), sentence)
        elif org.country:
            self.rel("PART_OF", node_id, self.country(org.country), sentence)
        return node_id

    def person(self, index: int) -> str:
        person = self.doc.people[index]
        canonical = canonical_name(person)
        spellings: list[str] = []
        keys: list[str] = []
        for m in person.mentions:
            parsed = names.parse(m.name)
            spellings += names.spellings(parsed, m.name)
            keys += names.keys(parsed)
        props: dict[str, PropValue] = {"keys": list(dict.fromkeys(keys))}
        if person.country:
            props["country"] = f"country:{person.country.lower()}"
        aliases = [s for s in dict.fromkeys(spellings) if s != canonical]
        return self.node(
            Node(id=f"person:{slug(canonical)}", label="Person", name=canonical, aliases=aliases, props=props)
        )

    # --- relationships ----------------------------------------------------------------------------
    def rel(
        self,
        type_: RelType,
        start: str,
        end: str,
        sentence: int,
        key: str = "",
        props: dict[str, PropValue] | None = None,
        confidence: float = 0.9,
    ) -> None:
        ident = (type_, start, end, key)
        evidence = Evidence(article_id=self.article_id, sentence=self.doc.sentences[sentence].text)
        rel = self.rels.get(ident)
        if rel is None:
            self.rels[ident] = Relationship(
                type=type_, start=start, end=end, key=key, props=dict(props or {}), evidence=[evidence]
            )
            self.confidence[ident] = confidence
        else:
            rel.props.update({k: v for k, v in (props or {}).items() if v is not None})
            if evidence not in rel.evidence:
                rel.evidence.append(evidence)

    def reported(self, node_id: str, sentences: list[int], confidence: float = 0.9) -> None:
        for s in sentences:
            self.rel("REPORTED_IN", node_id, self.article_id, s, confidence=confidence)


def canonical_name(person: Person) -> str:
    """The most frequent full spelling (patronymic dropped, Russian order turned), diacritics preferred."""
    full = [names.parse(m.name) for m in person.mentions]
    forms = Counter(n.canonical for n in full if n.full) or Counter([person.name.canonical])
    return max(forms, key=lambda f: (forms[f], any(ord(c) > 127 for c in f), len(f)))
