"""Assemble an article's Extraction: people with titles, events with participants, triples."""

from __future__ import annotations

from graph.model import Extraction, Node, PropValue, Triple, slug
from ingest.build import GraphBuilder, date_props, digest, ordinal
from ingest.counterparts import home_countries
from ingest.document import DocModel
from ingest.events import Events
from ingest.events.base import Anniversary, Meeting, Party, PlaceRef, Session, Visit
from ingest.events.relations import discussion_sentences, topics_in


def _people(b: GraphBuilder, meetings: list[Meeting]) -> None:
    as_of = b.doc.article.published.isoformat() if b.doc.article.published else None
    homes = home_countries(b.doc, meetings)
    for index, person in enumerate(b.doc.people):
        pid = b.person(index)
        first = person.mentions[0].sent
        if person.country:
            b.rel("REPRESENTS", pid, b.country(person.country), first)
        for title, sent in person.titles():
            country = title.country or person.country or homes.get(index)
            target = b.org(title.org, sent) if title.org else (b.country(country) if country else None)
            if target is not None:
                b.rel(
                    "HOLDS_POSITION",
                    pid,
                    target,
                    sent,
                    key=slug(title.title),
                    props={"title": title.title, "as_of": as_of},
                )


def _party(b: GraphBuilder, party: Party, sentence: int) -> str:
    if party.person is not None:
        return b.person(party.person)
    assert party.org is not None
    return b.org(party.org, sentence)


def _place(b: GraphBuilder, event_id: str, place: PlaceRef | None, sentence: int) -> str | None:
    if place is None:
        return None
    country = b.country(place.country)
    if not place.is_city:
        b.rel("HELD_IN", event_id, country, sentence)
        return place.name
    pid = b.node(Node(id=f"place:{slug(place.name)}", label="Place", name=place.name))
    b.rel("LOCATED_IN", pid, country, sentence)
    b.rel("HELD_IN", event_id, pid, sentence)
    return place.name


def _topics(b: GraphBuilder, event_id: str, sentences: list[int], extra: list[str]) -> None:
    texts = [b.doc.sentences[i].text for i in sentences] + extra
    for topic in topics_in(texts):
        tid = b.node(Node(id=f"topic:{slug(topic)}", label="Topic", name=topic))
        b.rel("DISCUSSED", event_id, tid, sentences[0])


def _meeting(b: GraphBuilder, m: Meeting, next_start: int) -> None:
    ids = [_party(b, p, m.sentences[0]) for p in m.parties]
    names = [b.nodes[i].name for i in ids]
    meeting_id = f"meeting:{digest(*sorted(ids), m.date.iso if m.date else '')}"
    props: dict[str, PropValue] = {
        "kind": m.kind,
        "status": m.status,
        "participants": ids,
        **date_props(m.date),
    }
    b.node(Node(id=meeting_id, label="Meeting", name=f"{' – '.join(names)} {m.kind}", props=props))
    for pid in ids:
        b.rel(
            "PARTICIPATED_IN",
            pid,
            meeting_id,
            m.sentences[0],
            props={"role": "participant"},
            confidence=m.confidence,
        )
    _place(b, meeting_id, m.place, m.sentences[0])
    if m.event:
        eid = b.node(Node(id=f"event:{slug(m.event)}", label="Event", name=m.event))
        b.rel("ON_SIDELINES_OF", meeting_id, eid, m.sentences[0])
    b.reported(meeting_id, m.sentences, m.confidence)
    _topics(b, meeting_id, m.sentences, discussion_sentences(b.doc, m.sentences[-1] + 1, next_start))


def _visit(b: GraphBuilder, v: Visit) -> None:
    visitor = b.person(v.visitor)
    host = b.country(v.host)
    visit_id = f"visit:{digest(visitor, host, v.date.iso if v.date else '')}"
    kind = f"{v.kind} visit" if v.kind else "visit"
    props: dict[str, PropValue] = {
        "kind": v.kind,
        "status": v.status,
        "visitor": visitor,
        "host": host,
        **date_props(v.date),
    }
    b.node(
        Node(
            id=visit_id,
            label="Visit",
            name=f"{b.nodes[visitor].name} {kind} to {b.nodes[host].name}",
            props=props,
        )
    )
    b.rel("MADE", visitor, visit_id, v.sentences[0], confidence=v.confidence)
    b.rel("TO", visit_id, host, v.sentences[0], confidence=v.confidence)
    b.reported(visit_id, v.sentences, v.confidence)
    _topics(b, visit_id, v.sentences, [])


def _session(b: GraphBuilder, s: Session) -> None:
    mech = s.mechanism
    countries = sorted(mech.countries)
    mech_slug = "-".join([slug(mech.name), *(c.lower() for c in countries)])
    mech_id = b.node(
        Node(
            id=f"mechanism:{mech_slug}",
            label="Mechanism",
            name=mech.name,
            aliases=mech.aliases,
            props={"keys": [slug(mech.name)]},
        )
    )
    for code in countries:
        b.rel("BETWEEN", mech_id, b.country(code), mech.sentences[0] if mech.sentences else s.sentences[0])
    session_id = f"session:{mech_slug}:{s.number}"
    props: dict[str, PropValue] = {"number": s.number, "status": s.status, **date_props(s.date)}
    b.node(
        Node(
            id=session_id,
            label="Session",
            name=f"{ordinal(s.number)} session of the {mech.name}",
            props=props,
        )
    )
    b.rel("SESSION_OF", session_id, mech_id, s.sentences[0])
    for person in s.co_chairs:
        b.rel("CO_CHAIRED", b.person(person), session_id, s.sentences[0])
    _place(b, session_id, s.place, s.sentences[0])
    b.reported(session_id, s.sentences)


def _anniversary(b: GraphBuilder, a: Anniversary) -> None:
    bilateral = "relations" in a.key and len(a.countries) >= 2
    codes = "-".join(sorted(c.lower() for c in a.countries)) if bilateral else ""
    key_slug = "-".join(x for x in (slug(a.key.replace("*", "")), codes) if x)
    anniversary_id = f"anniversary:{a.ordinal}-{key_slug}-{a.year or 'undated'}"
    props: dict[str, PropValue] = {
        "ordinal": a.ordinal,
        "subject": a.subject,
        "year": a.year,
        "base_year": a.year - a.ordinal if a.year else None,
        # a bilateral anniversary is only ever the same one for the same pair of countries
        "keys": sorted(f"{a.ordinal} {a.year} {p} {codes}".strip() for p in a.parts if "*" not in p),
    }
    name = f"{ordinal(a.ordinal)} anniversary of {a.subject}"
    b.node(Node(id=anniversary_id, label="Anniversary", name=name, props=props))
    for code in a.countries:
        b.rel("OF", anniversary_id, b.country(code), a.sentences[0])
    b.reported(anniversary_id, a.sentences)


def build_extraction(doc: DocModel, events: Events, article: Node) -> Extraction:
    b = GraphBuilder(doc)
    _people(b, events.meetings)
    starts = sorted(m.sentences[0] for m in events.meetings) + [len(doc.sentences)]
    for m in events.meetings:
        _meeting(b, m, next(s for s in starts if s > m.sentences[-1]))
    for v in events.visits:
        _visit(b, v)
    for s in events.sessions:
        _session(b, s)
    for a in events.anniversaries:
        _anniversary(b, a)
    for p in events.partnerships:
        first, second = (b.country(code) for code in p.countries)
        b.rel("PARTNER_OF", first, second, p.sentences[0], key=slug(p.level), props={"level": p.level})
    return Extraction(
        article=article, nodes=list(b.nodes.values()), relationships=list(b.rels.values()), triples=triples(b)
    )


def triples(b: GraphBuilder) -> list[Triple]:
    """One statement per relationship: ids as subject and object, names and props as qualifiers."""
    out = []
    for ident, rel in b.rels.items():
        names = {"subject_name": _name(b, rel.start), "object_name": _name(b, rel.end)}
        out.append(
            Triple(
                subject=rel.start,
                predicate=rel.type,
                object=rel.end,
                qualifiers={**rel.props, **names},
                evidence=rel.evidence[0].sentence,
                article=b.article_id,
                confidence=b.confidence[ident],
            )
        )
    return out


def _name(b: GraphBuilder, node_id: str) -> str:
    node = b.nodes.get(node_id)
    return node.name if node else node_id
