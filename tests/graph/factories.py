"""Builders of realistic, invented Extractions for the store tests.

Everything here is fiction: a Kenya-Japan article (two ministers meet in Nairobi, a visit, a joint
commission with two numbered sessions, an anniversary), a person with two titles and accented names
("José Ñúñez" / "Jose Nunez"), and a second article that reports the same meeting plus a few more
events. Ids are fixed constants so tests can name them.
"""

from __future__ import annotations

from graph.model import Evidence, Extraction, Node, PropValue, Relationship, Triple

ART_A = "art-kenya-japan-a"
ART_B = "art-kenya-japan-b"
URL_A = "https://news.example.org/kenya-japan-talks"
URL_B = "https://wire.example.com/japan-kenya"

KENYA, JAPAN, CHILE = "country:kenya", "country:japan", "country:chile"
NAIROBI, SANTIAGO = "place:nairobi", "place:santiago"
WEKESA, SAKAMOTO, NUNEZ = "person:amani-wekesa", "person:haruto-sakamoto", "person:jose-nunez"
KE_MFA = "org:kenya-foreign-ministry"
BIZ_COUNCIL = "org:japan-africa-business-council"
MEETING_NAIROBI = "meeting:2025-04-03-wekesa-sakamoto"
MEETING_PLANNED = "meeting:2025-05-wekesa-nunez"
MEETING_SANTIAGO = "meeting:2024-11-20-sakamoto-nunez"
MEETING_UNDATED = "meeting:wekesa-business-council"
VISIT_SAKAMOTO = "visit:2025-04-02-sakamoto-kenya"
VISIT_NUNEZ = "visit:2025-09-nunez-japan"
MECHANISM = "mechanism:kenya-japan-joint-commission"
SESSION_3, SESSION_4 = "session:kenya-japan-joint-commission-3", "session:kenya-japan-joint-commission-4"
ANNIVERSARY = "anniversary:kenya-japan-60"
FORUM = "event:lake-basin-partnership-forum"
FISHERIES, ENERGY = "topic:fisheries", "topic:renewable-energy"

S_MEET_A = (
    "Cabinet Secretary Amani Wekesa met Japanese Minister for Foreign Affairs Haruto Sakamoto "
    "in Nairobi on April 3."
)
S_MEET_B = "Foreign ministers Haruto Sakamoto and Amani Wekesa held talks in the Kenyan capital on Thursday."
S_VISIT = "Sakamoto is on an official visit to Kenya from April 2 to 4."
S_PLANNED = "Wekesa and Vice President José Ñúñez agreed to meet in May on the sidelines of the forum."
S_SESSION_4 = "The two ministers co-chaired the fourth session of the Kenya-Japan Joint Commission."
S_SESSION_3 = "The third session of the commission took place in 2023."
S_ANNIV = "The two countries mark the 60th anniversary of diplomatic relations this year."
S_NUNEZ = "José Ñúñez, Vice President and Minister for External Relations of Chile, ..."
S_SANTIAGO = "Sakamoto and Jose Nunez met in Santiago on November 20, 2024."
S_VISIT_NUNEZ = "Ñúñez plans to visit Japan in September."
S_UNDATED = "Wekesa also met members of the Japan-Africa Business Council."


class ExtractionBuilder:
    """Collects nodes and relationships of one invented article, with evidence from that article."""

    def __init__(self, article_id: str, published: str, title: str, content_hash: str, url: str) -> None:
        self.article = Node(
            id=article_id,
            label="Article",
            name=title,
            props={
                "published": published,
                "title": title,
                "source": "Example Wire",
                "url": url,
                "content_hash": content_hash,
                "text": f"{title}. (invented test article)",
            },
        )
        self.nodes: dict[str, Node] = {}
        self.rels: list[Relationship] = []
        self.triples: list[Triple] = []

    def node(
        self, node_id: str, label: str, name: str, aliases: tuple[str, ...] = (), **props: PropValue
    ) -> str:
        self.nodes[node_id] = Node.model_validate(
            {"id": node_id, "label": label, "name": name, "aliases": list(aliases), "props": props}
        )
        return node_id

    def rel(self, type_: str, start: str, end: str, sentence: str, key: str = "", **props: PropValue) -> None:
        evidence = [Evidence(article_id=self.article.id, sentence=sentence)]
        self.rels.append(
            Relationship.model_validate(
                {"type": type_, "start": start, "end": end, "key": key, "props": props, "evidence": evidence}
            )
        )
        self.triples.append(
            Triple(subject=start, predicate=type_, object=end, evidence=sentence, article=self.article.id)
        )

    def reported(self, node_id: str, sentence: str) -> None:
        self.rel("REPORTED_IN", node_id, self.article.id, sentence)

    def countries(self, *which: str) -> None:
        names = {KENYA: "Kenya", JAPAN: "Japan", CHILE: "Chile"}
        for country in which:
            self.node(country, "Country", names[country])

    def build(self) -> Extraction:
        return Extraction(
            article=self.article,
            nodes=list(self.nodes.values()),
            relationships=self.rels,
            triples=self.triples,
        )


def _people(b: ExtractionBuilder) -> None:
    b.node(WEKESA, "Person", "Amani Wekesa", country=KENYA)
    b.node(SAKAMOTO, "Person", "Haruto Sakamoto")  # country only through REPRESENTS
    b.node(NUNEZ, "Person", "José Ñúñez", ("Jose Nunez",), country=CHILE)
    b.node(KE_MFA, "Organization", "Kenyan Ministry of Foreign Affairs", ("MFA Kenya",), country=KENYA)
    b.rel("PART_OF", KE_MFA, KENYA, S_MEET_A)
    b.rel("HOLDS_POSITION", WEKESA, KE_MFA, S_MEET_A, title="Cabinet Secretary for Foreign Affairs")
    b.rel(
        "HOLDS_POSITION", SAKAMOTO, JAPAN, S_MEET_A, title="Minister for Foreign Affairs", as_of="2025-04-03"
    )
    b.rel("REPRESENTS", SAKAMOTO, JAPAN, S_MEET_A)
    b.rel("HOLDS_POSITION", NUNEZ, CHILE, S_NUNEZ, key="vice-president", title="Vice President")
    b.rel(
        "HOLDS_POSITION",
        NUNEZ,
        CHILE,
        S_NUNEZ,
        key="external-relations",
        title="Minister for External Relations",
    )


def _nairobi_meeting(b: ExtractionBuilder, sentence: str) -> None:
    b.node(NAIROBI, "Place", "Nairobi")
    b.rel("LOCATED_IN", NAIROBI, KENYA, sentence)
    b.node(
        MEETING_NAIROBI,
        "Meeting",
        "Talks between Amani Wekesa and Haruto Sakamoto",
        kind="talks",
        date="2025-04-03",
        date_precision="day",
        status="occurred",
    )
    b.rel("PARTICIPATED_IN", WEKESA, MEETING_NAIROBI, sentence, role="host")
    b.rel("PARTICIPATED_IN", SAKAMOTO, MEETING_NAIROBI, sentence, role="guest")
    b.rel("HELD_IN", MEETING_NAIROBI, NAIROBI, sentence)
    b.node(FISHERIES, "Topic", "fisheries")
    b.rel("DISCUSSED", MEETING_NAIROBI, FISHERIES, sentence)
    b.reported(MEETING_NAIROBI, sentence)


def kenya_japan(
    content_hash: str = "hash-a1", *, with_planned: bool = True, meeting_sentence: str = S_MEET_A
) -> Extraction:
    """Article A: talks in Nairobi, a visit, the joint commission, an anniversary, a planned meeting."""
    b = ExtractionBuilder(ART_A, "2025-04-04", "Kenya and Japan deepen ties", content_hash, URL_A)
    b.countries(KENYA, JAPAN, CHILE)
    _people(b)
    _nairobi_meeting(b, meeting_sentence)
    b.node(ENERGY, "Topic", "renewable energy")
    b.rel("DISCUSSED", MEETING_NAIROBI, ENERGY, meeting_sentence)
    b.node(
        VISIT_SAKAMOTO,
        "Visit",
        "Official visit of Haruto Sakamoto to Kenya",
        kind="official visit",
        date="2025-04-02",
        date_end="2025-04-04",
        date_precision="day",
        status="occurred",
    )
    b.rel("MADE", SAKAMOTO, VISIT_SAKAMOTO, S_VISIT)
    b.rel("TO", VISIT_SAKAMOTO, KENYA, S_VISIT)
    b.rel("DISCUSSED", VISIT_SAKAMOTO, ENERGY, S_VISIT)
    b.reported(VISIT_SAKAMOTO, S_VISIT)
    _commission(b)
    b.node(
        ANNIVERSARY,
        "Anniversary",
        "60th anniversary of Kenya-Japan diplomatic relations",
        ordinal=60,
        year=2025,
        base_year=1965,
        subject="diplomatic relations",
    )
    b.rel("OF", ANNIVERSARY, KENYA, S_ANNIV)
    b.rel("OF", ANNIVERSARY, JAPAN, S_ANNIV)
    b.reported(ANNIVERSARY, S_ANNIV)
    if with_planned:
        b.node(FORUM, "Event", "Lake Basin Partnership Forum")
        b.node(
            MEETING_PLANNED,
            "Meeting",
            "Planned meeting of Amani Wekesa and José Ñúñez",
            kind="meeting",
            date="2025-05",
            date_precision="month",
            status="planned",
        )
        b.rel("PARTICIPATED_IN", WEKESA, MEETING_PLANNED, S_PLANNED)
        b.rel("PARTICIPATED_IN", NUNEZ, MEETING_PLANNED, S_PLANNED)
        b.rel("ON_SIDELINES_OF", MEETING_PLANNED, FORUM, S_PLANNED)
        b.reported(MEETING_PLANNED, S_PLANNED)
    return b.build()


def _commission(b: ExtractionBuilder) -> None:
    b.node(MECHANISM, "Mechanism", "Kenya-Japan Joint Commission", ("KJJC",))
    b.rel("BETWEEN", MECHANISM, KENYA, S_SESSION_4)
    b.rel("BETWEEN", MECHANISM, JAPAN, S_SESSION_4)
    b.reported(MECHANISM, S_SESSION_4)
    # Session 4 is listed first on purpose: views must order sessions by number.
    b.node(
        SESSION_4,
        "Session",
        "4th session of the Kenya-Japan Joint Commission",
        number=4,
        date="2025-04-03",
        date_precision="day",
        status="occurred",
    )
    b.rel("SESSION_OF", SESSION_4, MECHANISM, S_SESSION_4)
    b.rel("CO_CHAIRED", WEKESA, SESSION_4, S_SESSION_4)
    b.rel("CO_CHAIRED", SAKAMOTO, SESSION_4, S_SESSION_4)
    b.rel("HELD_IN", SESSION_4, NAIROBI, S_SESSION_4)
    b.reported(SESSION_4, S_SESSION_4)
    b.node(
        SESSION_3,
        "Session",
        "3rd session of the Kenya-Japan Joint Commission",
        number=3,
        date="2023",
        date_precision="year",
        status="occurred",
    )
    b.rel("SESSION_OF", SESSION_3, MECHANISM, S_SESSION_3)
    b.reported(SESSION_3, S_SESSION_3)


def second_report(content_hash: str = "hash-b1") -> Extraction:
    """Article B: the same Nairobi talks (other sentence), talks in Santiago, a planned visit, an
    undated meeting with an organisation, and a new alias for Ñúñez."""
    b = ExtractionBuilder(ART_B, "2025-04-05", "Japan's top diplomat in Nairobi", content_hash, URL_B)
    b.countries(KENYA, JAPAN, CHILE)
    b.node(WEKESA, "Person", "Amani Wekesa", country=KENYA)
    b.node(SAKAMOTO, "Person", "Haruto Sakamoto")
    b.node(NUNEZ, "Person", "José Ñúñez", ("Pepe Núñez", "Jose Nunez"), country=CHILE)
    b.rel("REPRESENTS", SAKAMOTO, JAPAN, S_MEET_B)
    _nairobi_meeting(b, S_MEET_B)
    b.node(SANTIAGO, "Place", "Santiago")
    b.rel("LOCATED_IN", SANTIAGO, CHILE, S_SANTIAGO)
    b.node(
        MEETING_SANTIAGO,
        "Meeting",
        "Talks between Haruto Sakamoto and José Ñúñez",
        kind="talks",
        date="2024-11-20",
        date_precision="day",
        status="occurred",
    )
    b.rel("PARTICIPATED_IN", SAKAMOTO, MEETING_SANTIAGO, S_SANTIAGO)
    b.rel("PARTICIPATED_IN", NUNEZ, MEETING_SANTIAGO, S_SANTIAGO)
    b.rel("HELD_IN", MEETING_SANTIAGO, SANTIAGO, S_SANTIAGO)
    b.reported(MEETING_SANTIAGO, S_SANTIAGO)
    b.node(
        VISIT_NUNEZ,
        "Visit",
        "Visit of José Ñúñez to Japan",
        kind="visit",
        date="2025-09",
        date_precision="month",
        status="planned",
    )
    b.rel("MADE", NUNEZ, VISIT_NUNEZ, S_VISIT_NUNEZ)
    b.rel("TO", VISIT_NUNEZ, JAPAN, S_VISIT_NUNEZ)
    b.reported(VISIT_NUNEZ, S_VISIT_NUNEZ)
    b.node(BIZ_COUNCIL, "Organization", "Japan-Africa Business Council", country=JAPAN)
    b.node(
        MEETING_UNDATED,
        "Meeting",
        "Meeting of Amani Wekesa with the Japan-Africa Business Council",
        kind="meeting",
        status="occurred",
    )
    b.rel("PARTICIPATED_IN", WEKESA, MEETING_UNDATED, S_UNDATED)
    b.rel("PARTICIPATED_IN", BIZ_COUNCIL, MEETING_UNDATED, S_UNDATED)
    b.reported(MEETING_UNDATED, S_UNDATED)
    return b.build()


def dangling() -> Extraction:
    """An invalid extraction: a relationship points at a node the extraction does not carry."""
    b = ExtractionBuilder("art-dangling", "2025-01-01", "Broken", "hash-x", "https://example.org/x")
    b.countries(KENYA)
    b.node(WEKESA, "Person", "Amani Wekesa")
    b.rel("REPRESENTS", WEKESA, KENYA, "Wekesa represents Kenya.")
    b.rel("PARTICIPATED_IN", WEKESA, "meeting:not-in-extraction", "Wekesa met someone.")
    return b.build()


def synthetic_meeting(i: int, people: list[str], country: str, day: int) -> tuple[Node, list[Relationship]]:
    """A small meeting between two of `people` (for pagination and volume tests)."""
    mid = f"meeting:synthetic-{i:06d}"
    date = f"2024-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}"
    node = Node(
        id=mid,
        label="Meeting",
        name=f"Synthetic meeting {i}",
        props={"date": date, "date_precision": "day", "status": "occurred", "kind": "talks"},
    )
    a, b = people[i % len(people)], people[(i * 7 + 1) % len(people)]
    rels = [Relationship(type="PARTICIPATED_IN", start=p, end=mid) for p in dict.fromkeys([a, b])]
    rels.append(Relationship(type="HELD_IN", start=mid, end=country))
    return node, rels
