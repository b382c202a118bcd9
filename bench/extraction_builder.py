"""Builds one synthetic article's Extraction: meetings, a session and a visit, each with evidence."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import TYPE_CHECKING

from bench import lexicon as lx
from bench.common import slug
from graph.model import Evidence, Extraction, Node, PropValue, Relationship, RelType, Triple

if TYPE_CHECKING:
    from bench.graphgen import Mechanism, Person


def country_id(country: lx.Country) -> str:
    return f"country:{country.code.lower()}"


class ArticleBuilder:
    def __init__(self, article_id: str, published: str, k: int) -> None:
        title = f"Synthetic diplomatic report {k}"
        self.article = Node(id=article_id, label="Article", name=title, props={
            "published": published, "title": title, "source": "Bench Wire",
            "url": f"https://bench.example.org/{k}", "content_hash": "", "text": title,
        })
        self.nodes: dict[str, Node] = {}
        self.rels: dict[tuple[str, str, str, str], Relationship] = {}
        self.triples: list[Triple] = []

    def node(self, node_id: str, label: str, name: str, **props: PropValue) -> str:
        if node_id not in self.nodes:
            self.nodes[node_id] = Node.model_validate(
                {"id": node_id, "label": label, "name": name, "props": props}
            )
        return node_id

    def rel(
        self, type_: RelType, start: str, end: str, sentence: str, key: str = "", **props: PropValue
    ) -> None:
        ident = (type_, start, end, key)
        if ident in self.rels:
            return
        evidence = [Evidence(article_id=self.article.id, sentence=sentence)]
        self.rels[ident] = Relationship(
            type=type_, start=start, end=end, key=key, props=props, evidence=evidence
        )
        if type_ != "REPORTED_IN":
            self.triples.append(
                Triple(subject=start, predicate=type_, object=end, evidence=sentence, article=self.article.id)
            )

    def country(self, country: lx.Country) -> str:
        return self.node(country_id(country), "Country", country.name)

    def person(self, p: Person, sentence: str) -> str:
        cid = self.country(p.country)
        self.node(p.id, "Person", p.name, country=cid)
        self.rel("REPRESENTS", p.id, cid, sentence)
        self.rel("HOLDS_POSITION", p.id, cid, sentence, key=slug(p.title), title=p.title)
        return p.id

    def place(self, country: lx.Country, rng: random.Random) -> str:
        name = rng.choice(country.places)
        pid = self.node(f"place:{country.code.lower()}-{slug(name)}", "Place", name)
        self.rel("LOCATED_IN", pid, self.country(country), f"{name} is in {country.name}.")
        return pid

    def meeting(self, j: int, people: list[Person], date: dt.date, rng: random.Random) -> None:
        host = people[0].country
        place = self.place(host, rng)
        names = " and ".join(p.name for p in people)
        sentence = f"{names} held talks in {self.nodes[place].name} on {date:%B} {date.day}, {date.year}."
        status = "planned" if rng.random() < 0.1 else "occurred"
        mid = self.node(f"meeting:{date.isoformat()}-{j:06d}", "Meeting", f"Talks between {names}",
                        kind="talks", date=date.isoformat(), date_precision="day", status=status)
        for i, p in enumerate(people):
            role = "host" if i == 0 else "guest"
            self.rel("PARTICIPATED_IN", self.person(p, sentence), mid, sentence, role=role)
        self.rel("HELD_IN", mid, place, sentence)
        topic = rng.choice(lx.TOPICS)
        self.rel("DISCUSSED", mid, self.node(f"topic:{slug(topic)}", "Topic", topic), sentence)
        self.rel("REPORTED_IN", mid, self.article.id, sentence)

    def session(self, mech: Mechanism, number: int, chairs: list[Person], date: dt.date,
                rng: random.Random) -> None:  # fmt: skip
        sentence = (f"{chairs[0].name} and {chairs[1].name} co-chaired the {lx.ordinal(number)} meeting "
                    f"of the {mech.name}.")
        self.node(mech.id, "Mechanism", mech.name)
        for c in (mech.a, mech.b):
            self.rel("BETWEEN", mech.id, self.country(c), sentence)
        sid = self.node(f"session:{mech.id.removeprefix('mechanism:')}-{number}", "Session",
                        f"{lx.ordinal(number)} session of the {mech.name}", number=number,
                        date=date.isoformat(), date_precision="day", status="occurred")
        self.rel("SESSION_OF", sid, mech.id, sentence)
        for p in chairs:
            self.rel("CO_CHAIRED", self.person(p, sentence), sid, sentence)
        self.rel("HELD_IN", sid, self.place(mech.a, rng), sentence)
        self.rel("REPORTED_IN", sid, self.article.id, sentence)
        self.rel("REPORTED_IN", mech.id, self.article.id, sentence)

    def visit(self, k: int, visitor: Person, host: lx.Country, date: dt.date, rng: random.Random) -> None:
        sentence = f"{visitor.name} is paying an official visit to {host.name}."
        vid = self.node(f"visit:{date.isoformat()}-{k:06d}", "Visit", f"Official visit of {visitor.name} to "
                        f"{host.name}", kind="official visit", date=date.isoformat(), date_precision="day",
                        status="occurred" if rng.random() < 0.8 else "planned")
        self.rel("MADE", self.person(visitor, sentence), vid, sentence)
        self.rel("TO", vid, self.country(host), sentence)
        self.rel("REPORTED_IN", vid, self.article.id, sentence)

    def build(self) -> Extraction:
        """The extraction; the article's `content_hash` is a digest of what it states, so a store
        holding an article of the same id from another generator (or another seed) tells."""
        ex = Extraction(article=self.article, nodes=list(self.nodes.values()),
                        relationships=list(self.rels.values()), triples=self.triples)
        digest = hashlib.sha256(ex.model_dump_json(exclude={"article"}).encode()).hexdigest()[:32]
        ex.article.props["content_hash"] = f"graphgen-{digest}"
        return ex
