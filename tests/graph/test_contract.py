"""The GraphStore contract, run on every backend through the `store` / `reopen` fixtures.

Only the public GraphStore API is used here, so the same expectations hold for the embedded store
and for Neo4j. The data are the invented articles of tests/graph/factories.py.

Points graph/store.py leaves open, settled here (every backend does the same):
- UpsertResult counts distinct node ids (the article included) and distinct (type, start, end, key).
- Node props carry `articles` and `keys` as sorted, duplicate-free lists; aliases keep their order.
- A relationship given without evidence is stored with evidence ("<its article>", "") so that the
  article still owns it and deleting the article removes it.
- Views: refs (participants, co-chairs, countries) by id; topics are names, sorted; sources are the
  REPORTED_IN evidence of the node, sorted by (article id, sentence), with the article's url and
  published date; positions by (title, organisation id); sessions by number (None last), date, id;
  `place` prefers a Place over a Country; a person's country is its `country` prop, else the smallest
  REPRESENTS target; status defaults to "occurred".
- Lists: people, mechanisms and nodes by (name, id); meetings and visits newest first (date string
  descending), undated last, then id; anniversaries by year descending (None last), then id;
  articles by published descending (None last), then id; timeline oldest first, undated last, then id.
- Timeline: Meeting (PARTICIPATED_IN), Visit (MADE), Session (CO_CHAIRED); role is the edge's `role`
  prop; counterparts are the other participants/co-chairs (none for a visit); a visit's place is
  its host country.
- Filters: references go through resolve (label "Country" for country filters, any label for
  person/with_/place). A participant's countries are its `country` prop plus its REPRESENTS targets.
  `counterpart_country` needs a participant other than the filtered person (and other than the one
  matching `country`). `place` also matches a Place LOCATED_IN the named country. A partial date is a
  range (first day .. last day, "-31" for any month); an event is kept when its range overlaps the
  filter's, a visit's range running to `date_end`; undated events fail any date bound.
- resolve: step 2 compares the folded value with the node's stored `keys` (folded name, aliases and
  ingest keys); step 3 compares word sequences (runs of [a-z0-9] after folding) of name and aliases.
  Results are sorted ids. Articles only match by id or with label="Article"; so for search.
- search ranks exact (0), prefix (1), substring (2) of a folded name or alias, then name, then id.
- neighborhood: nodes sorted by id; every relationship among them except REPORTED_IN, sorted by
  (type, start, end, key); an unknown or Article start gives an empty Subgraph. shortest_path: None
  for unknown ids or paths longer than max_hops; from == to gives that one node.
- stats lists only labels/types present; iter_relationships and relationships_citing are ordered by
  (type, start, end, key).
- upsert_many validates the whole batch before writing any of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from graph import GraphStore, InvalidExtraction, fold
from graph.model import Extraction, Label, Node, Relationship
from graph.views import (
    AnniversaryView,
    ArticleView,
    MeetingDigest,
    MeetingFilter,
    MeetingView,
    Participant,
    Position,
    Ref,
    SessionView,
    Source,
    StoreStats,
    Timeline,
    VisitFilter,
    VisitView,
)
from tests.graph import factories as f

SRC_A = {"url": f.URL_A, "published": "2025-04-04"}
SRC_B = {"url": f.URL_B, "published": "2025-04-05"}


def src_a(sentence: str) -> Source:
    return Source(article_id=f.ART_A, evidence=sentence, **SRC_A)


def src_b(sentence: str) -> Source:
    return Source(article_id=f.ART_B, evidence=sentence, **SRC_B)


def ref(node_id: str, name: str, label: str) -> Ref:
    return Ref(id=node_id, name=name, type=label)


WEKESA = ref(f.WEKESA, "Amani Wekesa", "Person")
SAKAMOTO = ref(f.SAKAMOTO, "Haruto Sakamoto", "Person")
NUNEZ = ref(f.NUNEZ, "José Ñúñez", "Person")
KENYA = ref(f.KENYA, "Kenya", "Country")
JAPAN = ref(f.JAPAN, "Japan", "Country")
CHILE = ref(f.CHILE, "Chile", "Country")
NAIROBI = ref(f.NAIROBI, "Nairobi", "Place")
MECHANISM = ref(f.MECHANISM, "Kenya-Japan Joint Commission", "Mechanism")


def expected_stats(*extractions: Extraction) -> StoreStats:
    nodes: dict[str, str] = {}
    rels: set[tuple[str, str, str, str]] = set()
    for ex in extractions:
        nodes.update({n.id: n.label for n in [ex.article, *ex.nodes]})
        rels.update((r.type, r.start, r.end, r.key) for r in ex.relationships)
    return StoreStats(nodes=dict(Counter(nodes.values())), relationships=dict(Counter(r[0] for r in rels)))


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:
    """A store holding both invented articles."""
    store.upsert(f.kenya_japan())
    store.upsert(f.second_report())
    return store


def meeting_ids(store: GraphStore, **flt: str) -> list[str]:
    return [m.id for m in store.list_meetings(MeetingFilter(**flt)).items]


def visit_ids(store: GraphStore, **flt: str) -> list[str]:
    return [v.id for v in store.list_visits(VisitFilter(**flt)).items]


# --- writes ---------------------------------------------------------------------------------


def test_upsert_creates_and_counts(store: GraphStore) -> None:
    ex = f.kenya_japan()
    result = store.upsert(ex)
    assert result.article_id == f.ART_A
    assert result.status == "created"
    assert result.nodes == len(ex.nodes) + 1  # the article node counts too
    assert result.relationships == len({(r.type, r.start, r.end, r.key) for r in ex.relationships})
    assert store.stats() == expected_stats(ex)
    assert store.ping() is True


def test_get_node_has_articles_and_folded_keys(store: GraphStore) -> None:
    store.upsert(f.kenya_japan())
    node = store.get_node(f.NUNEZ)
    assert node is not None
    assert (node.label, node.name, node.aliases) == ("Person", "José Ñúñez", ["Jose Nunez"])
    assert node.props["country"] == f.CHILE
    assert node.props["articles"] == [f.ART_A]
    keys = node.props["keys"]
    assert isinstance(keys, list)
    assert "jose nunez" in keys
    assert keys == sorted({str(k) for k in keys})
    assert store.get_node("person:nobody") is None


def test_reupsert_is_unchanged(store: GraphStore) -> None:
    store.upsert(f.kenya_japan())
    stats, nodes, rels = store.stats(), list(store.iter_nodes()), list(store.iter_relationships())
    again = store.upsert(f.kenya_japan())
    assert (again.status, again.nodes, again.relationships) == ("unchanged", 0, 0)
    assert store.stats() == stats
    assert list(store.iter_nodes()) == nodes
    assert list(store.iter_relationships()) == rels


def test_upsert_many_matches_one_by_one(store: GraphStore) -> None:
    results = store.upsert_many([f.kenya_japan(), f.second_report(), f.kenya_japan()])
    assert [r.status for r in results] == ["created", "created", "unchanged"]
    assert [r.article_id for r in results] == [f.ART_A, f.ART_B, f.ART_A]
    assert store.stats() == expected_stats(f.kenya_japan(), f.second_report())


def test_dangling_relationship_is_invalid_and_writes_nothing(store: GraphStore) -> None:
    with pytest.raises(InvalidExtraction):
        store.upsert(f.dangling())
    assert store.stats() == StoreStats()
    assert store.get_node(f.WEKESA) is None
    # A batch is validated before anything of it is written.
    with pytest.raises(InvalidExtraction):
        store.upsert_many([f.kenya_japan(), f.dangling()])
    assert store.stats() == StoreStats()


def test_node_merge_name_aliases_and_props(store: GraphStore) -> None:
    a = f.ExtractionBuilder("art-c", "2025-01-01", "C", "hash-c", "https://example.org/c")
    a.node(f.KENYA, "Country", "Kenya", ("Republic of Kenya",), iso="KE", motto="Harambee")
    b = f.ExtractionBuilder("art-d", "2025-01-02", "D", "hash-d", "https://example.org/d")
    b.node(f.KENYA, "Country", "Republic of Kenya", ("Kenya", "KE"), iso=None, capital="Nairobi")
    store.upsert(a.build())
    store.upsert(b.build())
    node = store.get_node(f.KENYA)
    assert node is not None
    assert node.name == "Republic of Kenya"
    assert node.aliases == ["Republic of Kenya", "Kenya", "KE"]
    assert {k: node.props[k] for k in ("iso", "motto", "capital")} == {
        "iso": "KE",
        "motto": "Harambee",
        "capital": "Nairobi",
    }
    assert node.props["articles"] == ["art-c", "art-d"]


def test_relationship_without_evidence_belongs_to_its_article(store: GraphStore) -> None:
    c = f.ExtractionBuilder("art-c", "2025-01-01", "C", "hash-c", "https://example.org/c")
    d = f.ExtractionBuilder("art-d", "2025-01-02", "D", "hash-d", "https://example.org/d")
    for b in (c, d):
        b.countries(f.KENYA, f.JAPAN)
    c.node(f.WEKESA, "Person", "Amani Wekesa", keys=["Wekesa A."])
    ex = c.build()
    ex.relationships.append(
        Relationship(type="PARTNER_OF", start=f.KENYA, end=f.JAPAN, props={"level": "close"})
    )
    store.upsert(ex)
    store.upsert(d.build())
    assert [(r.start, r.end, r.props) for r in store.iter_relationships(["PARTNER_OF"])] == [
        (f.KENYA, f.JAPAN, {"level": "close"})
    ]
    assert [n.id for n in store.find_by_keys("Person", ["wekesa a."])] == [f.WEKESA]  # ingest-supplied key
    assert store.delete_article("art-c") is True
    assert list(store.iter_relationships(["PARTNER_OF"])) == []
    assert store.get_node(f.KENYA) is not None and store.get_node(f.WEKESA) is None


def test_two_articles_same_meeting_one_meeting_two_sources(loaded: GraphStore) -> None:
    meeting = loaded.get_meeting(f.MEETING_NAIROBI)
    assert meeting is not None
    assert meeting.sources == [src_a(f.S_MEET_A), src_b(f.S_MEET_B)]
    assert meeting.participants == [WEKESA, SAKAMOTO]
    assert meeting_ids(loaded, person=f.WEKESA, with_=f.SAKAMOTO) == [f.MEETING_NAIROBI]
    rel = next(r for r in loaded.iter_relationships(["PARTICIPATED_IN"]) if r.start == f.WEKESA)
    assert rel.end == f.MEETING_NAIROBI
    assert [(e.article_id, e.sentence) for e in rel.evidence] == [
        (f.ART_A, f.S_MEET_A),
        (f.ART_B, f.S_MEET_B),
    ]
    assert rel.props == {"role": "host"}


def test_changed_hash_replaces_evidence_and_drops_events(loaded: GraphStore) -> None:
    result = loaded.upsert(f.kenya_japan("hash-a2", with_planned=False, meeting_sentence="They met again."))
    assert result.status == "updated"
    assert loaded.get_meeting(f.MEETING_PLANNED) is None  # only the old version of A reported it
    assert loaded.get_node(f.FORUM) is None
    meeting = loaded.get_meeting(f.MEETING_NAIROBI)
    assert meeting is not None
    assert sorted(meeting.sources, key=lambda s: s.article_id) == [
        src_a("They met again."),
        src_b(f.S_MEET_B),
    ]
    article = loaded.get_article(f.ART_A)
    assert article is not None and article.content_hash == "hash-a2"
    evidence = {e.sentence for r in loaded.iter_relationships() for e in r.evidence}
    assert f.S_PLANNED not in evidence
    talks = [r for r in loaded.iter_relationships(["PARTICIPATED_IN"]) if r.end == f.MEETING_NAIROBI]
    assert {e.sentence for r in talks for e in r.evidence} == {"They met again.", f.S_MEET_B}
    assert loaded.stats() == expected_stats(f.kenya_japan(with_planned=False), f.second_report())


def test_delete_article_removes_what_only_it_supported(loaded: GraphStore) -> None:
    assert loaded.delete_article(f.ART_A) is True
    assert loaded.delete_article(f.ART_A) is False
    assert loaded.delete_article("art-unknown") is False
    assert loaded.get_article(f.ART_A) is None
    for gone in (f.VISIT_SAKAMOTO, f.MECHANISM, f.SESSION_4, f.ANNIVERSARY, f.KE_MFA, f.ENERGY, f.FORUM):
        assert loaded.get_node(gone) is None, gone
    meeting = loaded.get_meeting(f.MEETING_NAIROBI)
    assert meeting is not None
    assert (meeting.sources, meeting.topics) == ([src_b(f.S_MEET_B)], ["fisheries"])
    person = loaded.get_person(f.NUNEZ)
    assert person is not None
    assert (person.positions, person.articles) == ([], [f.ART_B])
    assert all(e.article_id != f.ART_A for r in loaded.iter_relationships() for e in r.evidence)
    for node in loaded.iter_nodes():
        articles = node.props["articles"]
        assert isinstance(articles, list) and f.ART_A not in articles
    assert loaded.stats() == expected_stats(f.second_report())


def test_delete_last_article_empties_store(loaded: GraphStore) -> None:
    assert loaded.delete_article(f.ART_B) and loaded.delete_article(f.ART_A)
    assert loaded.stats() == StoreStats()
    assert list(loaded.iter_nodes()) == []


def citing_by_scan(store: GraphStore, article_id: str) -> list[Relationship]:
    return [r for r in store.iter_relationships() if any(e.article_id == article_id for e in r.evidence)]


def test_relationships_citing_an_article(loaded: GraphStore) -> None:
    for article_id in (f.ART_A, f.ART_B):
        citing = loaded.relationships_citing(article_id)
        assert citing == citing_by_scan(loaded, article_id)
        assert len(citing) > 5
    shared = [r for r in loaded.relationships_citing(f.ART_B) if r.end == f.MEETING_NAIROBI]
    assert {(e.article_id, e.sentence) for r in shared if r.start == f.WEKESA for e in r.evidence} == {
        (f.ART_A, f.S_MEET_A),
        (f.ART_B, f.S_MEET_B),
    }  # a relationship comes whole: the evidence of the other article too
    assert loaded.relationships_citing("art-unknown") == []
    loaded.upsert(f.kenya_japan("hash-a2", with_planned=False, meeting_sentence="They met again."))
    loaded.delete_article(f.ART_B)
    assert loaded.relationships_citing(f.ART_B) == []
    assert loaded.relationships_citing(f.ART_A) == citing_by_scan(loaded, f.ART_A) == list(
        loaded.iter_relationships()
    )


def test_evidence_from_another_article_is_invalid(store: GraphStore) -> None:
    ex = f.kenya_japan()
    rel = ex.relationships[0]
    foreign = rel.evidence[0].model_copy(update={"article_id": f.ART_B})
    ex.relationships[0] = rel.model_copy(update={"evidence": [*rel.evidence, foreign]})
    with pytest.raises(InvalidExtraction, match="another article"):
        store.upsert(ex)
    assert store.stats() == StoreStats()


def test_clear(loaded: GraphStore) -> None:
    loaded.clear()
    assert loaded.stats() == StoreStats()
    assert loaded.list_meetings(MeetingFilter()).total == 0
    assert loaded.upsert(f.kenya_japan()).status == "created"


# --- views ----------------------------------------------------------------------------------


def test_person_view_two_titles_and_sources(loaded: GraphStore) -> None:
    person = loaded.get_person(f.NUNEZ)
    assert person is not None
    assert person.name == "José Ñúñez"
    assert person.aliases == ["Jose Nunez", "Pepe Núñez"]  # stored order kept, new alias appended
    assert person.country == CHILE
    positions = [
        Position(title=t, organization="Chile", organization_id=f.CHILE, sources=[src_a(f.S_NUNEZ)])
        for t in ("Minister for External Relations", "Vice President")
    ]
    assert person.positions == positions  # ordered by title
    assert person.articles == [f.ART_A, f.ART_B]


def test_person_country_through_represents_and_org_position(loaded: GraphStore) -> None:
    sakamoto = loaded.get_person(f.SAKAMOTO)
    wekesa = loaded.get_person(f.WEKESA)
    assert sakamoto is not None and wekesa is not None
    assert sakamoto.country == JAPAN
    assert [(p.title, p.organization_id, p.as_of) for p in sakamoto.positions] == [
        ("Minister for Foreign Affairs", f.JAPAN, "2025-04-03")
    ]
    assert wekesa.country == KENYA
    assert [(p.title, p.organization) for p in wekesa.positions] == [
        ("Cabinet Secretary for Foreign Affairs", "Kenyan Ministry of Foreign Affairs")
    ]
    assert loaded.get_person(f.KENYA) is None  # not a Person


def test_list_people_query_country_and_pages(loaded: GraphStore) -> None:
    page = loaded.list_people()
    assert ([p.id for p in page.items], page.total) == ([f.WEKESA, f.SAKAMOTO, f.NUNEZ], 3)
    assert [p.id for p in loaded.list_people(q="NUNEZ").items] == [f.NUNEZ]
    assert [p.id for p in loaded.list_people(q="pepe").items] == [f.NUNEZ]
    assert [p.id for p in loaded.list_people(country="Japan").items] == [f.SAKAMOTO]
    assert [p.id for p in loaded.list_people(country=f.KENYA).items] == [f.WEKESA]
    second = loaded.list_people(limit=1, offset=1)
    assert ([p.id for p in second.items], second.total) == ([f.SAKAMOTO], 3)


def test_meeting_view(store: GraphStore) -> None:
    store.upsert(f.kenya_japan())
    assert store.get_meeting(f.MEETING_NAIROBI) == MeetingView(
        id=f.MEETING_NAIROBI,
        name="Talks between Amani Wekesa and Haruto Sakamoto",
        kind="talks",
        date="2025-04-03",
        date_precision="day",
        status="occurred",
        participants=[WEKESA, SAKAMOTO],
        place=NAIROBI,
        event=None,
        topics=["fisheries", "renewable energy"],
        sources=[src_a(f.S_MEET_A)],
    )
    planned = store.get_meeting(f.MEETING_PLANNED)
    assert planned is not None
    assert (planned.status, planned.date, planned.date_precision) == ("planned", "2025-05", "month")
    assert planned.event == ref(f.FORUM, "Lake Basin Partnership Forum", "Event")
    assert planned.place is None
    assert store.get_meeting(f.VISIT_SAKAMOTO) is None  # a visit is not a meeting


def test_views_show_the_names_the_graph_has_now(store: GraphStore) -> None:
    """A view read before a write and again after it: the second names the participant and the place
    as the write left them (a store may remember refs, but only until the graph changes)."""
    store.upsert(f.kenya_japan())
    before = store.get_meeting(f.MEETING_NAIROBI)
    assert before is not None and SAKAMOTO in before.participants and before.place == NAIROBI
    later = f.ExtractionBuilder("art-rename", "2025-06-01", "Later", "hash-rename", "https://example.org/r")
    later.node(f.SAKAMOTO, "Person", "Haruto Sakamoto-Ito")
    later.node(NAIROBI.id, "Place", "Nairobi City")
    store.upsert(later.build())
    after = store.get_meeting(f.MEETING_NAIROBI)
    assert after is not None
    assert [p.name for p in after.participants] == ["Amani Wekesa", "Haruto Sakamoto-Ito"]
    assert after.place == Ref(id=NAIROBI.id, name="Nairobi City", type="Place")
    assert before.participants == [WEKESA, SAKAMOTO]  # what was answered before stays as it was


def test_meeting_with_organization_participant(loaded: GraphStore) -> None:
    meeting = loaded.get_meeting(f.MEETING_UNDATED)
    assert meeting is not None
    assert meeting.date is None
    assert meeting.participants == [
        ref(f.BIZ_COUNCIL, "Japan-Africa Business Council", "Organization"),
        WEKESA,
    ]


def test_visit_view(loaded: GraphStore) -> None:
    assert loaded.get_visit(f.VISIT_SAKAMOTO) == VisitView(
        id=f.VISIT_SAKAMOTO,
        name="Official visit of Haruto Sakamoto to Kenya",
        kind="official visit",
        visitor=SAKAMOTO,
        host_country=KENYA,
        date="2025-04-02",
        date_end="2025-04-04",
        date_precision="day",
        status="occurred",
        topics=["renewable energy"],
        sources=[src_a(f.S_VISIT)],
    )
    assert loaded.get_visit(f.MEETING_NAIROBI) is None


def test_mechanism_sessions_ordered_by_number(loaded: GraphStore) -> None:
    mech = loaded.get_mechanism(f.MECHANISM)
    assert mech is not None
    assert (mech.name, mech.aliases, mech.countries) == (MECHANISM.name, ["KJJC"], [JAPAN, KENYA])
    assert mech.sources == [src_a(f.S_SESSION_4)]
    assert mech.sessions == [
        SessionView(
            id=f.SESSION_3,
            name="3rd session of the Kenya-Japan Joint Commission",
            number=3,
            date="2023",
            date_precision="year",
            mechanism=MECHANISM,
            sources=[src_a(f.S_SESSION_3)],
        ),
        SessionView(
            id=f.SESSION_4,
            name="4th session of the Kenya-Japan Joint Commission",
            number=4,
            date="2025-04-03",
            date_precision="day",
            co_chairs=[WEKESA, SAKAMOTO],
            place=NAIROBI,
            mechanism=MECHANISM,
            sources=[src_a(f.S_SESSION_4)],
        ),
    ]


def test_list_mechanisms_by_country(loaded: GraphStore) -> None:
    assert [m.id for m in loaded.list_mechanisms().items] == [f.MECHANISM]
    assert [m.id for m in loaded.list_mechanisms(country="kenya").items] == [f.MECHANISM]
    assert loaded.list_mechanisms(country=f.CHILE).total == 0
    assert loaded.get_mechanism(f.SESSION_3) is None


def test_list_mechanisms_between_two_countries(loaded: GraphStore) -> None:
    assert [m.id for m in loaded.list_mechanisms(country="kenya", partner=f.JAPAN).items] == [f.MECHANISM]
    assert [m.id for m in loaded.list_mechanisms(partner="Japan").items] == [f.MECHANISM]  # one is enough
    assert loaded.list_mechanisms(country=f.KENYA, partner="Chile").total == 0
    assert loaded.list_mechanisms(country=f.KENYA, partner="Atlantis").total == 0


def test_anniversaries(loaded: GraphStore) -> None:
    expected = AnniversaryView(
        id=f.ANNIVERSARY,
        name="60th anniversary of Kenya-Japan diplomatic relations",
        ordinal=60,
        subject="diplomatic relations",
        year=2025,
        base_year=1965,
        countries=[JAPAN, KENYA],
        sources=[src_a(f.S_ANNIV)],
    )
    page = loaded.list_anniversaries()
    assert (page.items, page.total) == ([expected], 1)
    assert loaded.list_anniversaries(year=2025).total == 1
    assert loaded.list_anniversaries(year=2024).total == 0
    assert loaded.list_anniversaries(country="JAPAN").total == 1
    assert loaded.list_anniversaries(country=f.CHILE).total == 0


def test_a_countrys_anniversaries_include_one_written_after_the_first_ask(store: GraphStore) -> None:
    store.upsert(f.kenya_japan())
    assert [a.id for a in store.list_anniversaries(country=f.JAPAN).items] == [f.ANNIVERSARY]
    later = f.ExtractionBuilder("art-anniv", "2026-01-05", "Later", "hash-anniv", "https://example.org/a")
    later.countries(f.JAPAN, f.CHILE)
    later.node("anniversary:chile-japan-30", "Anniversary", "30th anniversary", ordinal=30, year=2027)
    later.rel("OF", "anniversary:chile-japan-30", f.JAPAN, "They mark 30 years.")
    later.rel("OF", "anniversary:chile-japan-30", f.CHILE, "They mark 30 years.")
    store.upsert(later.build())
    assert [a.id for a in store.list_anniversaries(country=f.JAPAN).items] == [
        "anniversary:chile-japan-30",
        f.ANNIVERSARY,
    ]
    assert [a.id for a in store.list_anniversaries(country=f.CHILE).items] == ["anniversary:chile-japan-30"]


def test_articles(loaded: GraphStore) -> None:
    assert loaded.get_article(f.ART_A) == ArticleView(
        id=f.ART_A,
        title="Kenya and Japan deepen ties",
        published="2025-04-04",
        source="Example Wire",
        url=f.URL_A,
        content_hash="hash-a1",
    )
    page = loaded.list_articles()
    assert ([a.id for a in page.items], page.total) == ([f.ART_B, f.ART_A], 2)  # newest first
    assert loaded.get_article(f.WEKESA) is None


def test_list_nodes_by_name(loaded: GraphStore) -> None:
    page = loaded.list_nodes("Country")
    assert ([n.name for n in page.items], page.total) == (["Chile", "Japan", "Kenya"], 3)
    topics = loaded.list_nodes("Topic", limit=1, offset=1)
    assert ([n.id for n in topics.items], topics.total) == ([f.ENERGY], 2)


# --- look-ups -------------------------------------------------------------------------------


def test_resolve_ignores_case_and_diacritics(loaded: GraphStore) -> None:
    assert loaded.resolve(f.NUNEZ) == [f.NUNEZ]
    assert loaded.resolve("jose nunez") == [f.NUNEZ]
    assert loaded.resolve("JOSÉ ÑÚÑEZ", "Person") == [f.NUNEZ]
    assert loaded.resolve("Nunez", "Person") == [f.NUNEZ]  # surname
    assert f.NUNEZ in loaded.resolve("Ñúñez")  # (so do names of meetings ending with it)
    assert loaded.resolve("pepe núñez") == [f.NUNEZ]  # an alias
    assert loaded.resolve("Kenya") == [f.KENYA]
    assert loaded.resolve("joint commission", "Mechanism") == [f.MECHANISM]
    assert loaded.resolve("Nunez", "Country") == []
    assert loaded.resolve(f.NUNEZ, "Country") == []
    assert loaded.resolve("nobody at all") == []


def test_search_exact_then_prefix_then_substring(loaded: GraphStore) -> None:
    assert loaded.search("jose nunez")[0].id == f.NUNEZ  # then meetings naming him
    assert [n.id for n in loaded.search("JOSE NUNEZ", label="Person")] == [f.NUNEZ]
    assert [n.id for n in loaded.search("NAIRO")] == [f.NAIROBI]
    hits = [n.id for n in loaded.search("japan")]
    assert hits[:2] == [f.JAPAN, f.BIZ_COUNCIL]  # exact name, then a name starting with it
    assert hits[2:5] == [f.SESSION_3, f.SESSION_4, f.ANNIVERSARY]  # substrings, by name
    assert f.ART_B not in hits  # articles are not entities
    assert [n.id for n in loaded.search("japan", label="Mechanism")] == [f.MECHANISM]
    assert len(loaded.search("japan", limit=3)) == 3
    assert loaded.search("zzz") == []


def test_find_by_keys(loaded: GraphStore) -> None:
    assert [n.id for n in loaded.find_by_keys("Person", ["pepe nunez"])] == [f.NUNEZ]
    assert [n.id for n in loaded.find_by_keys("Person", ["nobody", fold("Amani Wekesa")])] == [f.WEKESA]
    assert loaded.find_by_keys("Country", ["jose nunez"]) == []


def test_events_with_participants(loaded: GraphStore) -> None:
    def ids(label: Label, people: list[str]) -> list[str]:
        return [n.id for n in loaded.events_with_participants(label, people)]

    assert ids("Meeting", [f.WEKESA, f.SAKAMOTO]) == [f.MEETING_NAIROBI]
    assert ids("Meeting", [f.WEKESA]) == [f.MEETING_NAIROBI, f.MEETING_PLANNED, f.MEETING_UNDATED]
    assert ids("Session", [f.SAKAMOTO]) == [f.SESSION_4]
    assert ids("Visit", [f.NUNEZ]) == [f.VISIT_NUNEZ]
    assert ids("Meeting", []) == []


# --- meeting and visit filters --------------------------------------------------------------


def test_meetings_newest_first_undated_last(loaded: GraphStore) -> None:
    page = loaded.list_meetings(MeetingFilter())
    order = [f.MEETING_PLANNED, f.MEETING_NAIROBI, f.MEETING_SANTIAGO, f.MEETING_UNDATED]
    assert ([m.id for m in page.items], page.total) == (order, 4)
    second = loaded.list_meetings(MeetingFilter(), limit=2, offset=1)
    assert ([m.id for m in second.items], second.total) == (order[1:3], 4)
    beyond = loaded.list_meetings(MeetingFilter(), limit=2, offset=10)
    assert (beyond.items, beyond.total) == ([], 4)


@pytest.mark.parametrize(
    "flt",
    [
        {},
        {"person": f.WEKESA},
        {"country": "Kenya", "counterpart_country": "Japan"},
        {"country": f.JAPAN, "status": "occurred"},
        {"place": "Nairobi"},
        {"date_from": "2025", "kind": "talks"},
        {"person": "nobody at all"},
    ],
)
def test_meeting_digests_are_the_meeting_list_in_brief(loaded: GraphStore, flt: dict[str, str]) -> None:
    """Same meetings, same order, same totals and pages as list_meetings; only the digest's fields, and
    each participant with the country a person's view gives."""

    def country(ref: Ref) -> str | None:
        person = loaded.get_person(ref.id) if ref.type == "Person" else None
        return person.country.id if person and person.country else None

    for limit, offset in ((50, 0), (2, 1), (1, 3), (2, 10)):
        views = loaded.list_meetings(MeetingFilter(**flt), limit=limit, offset=offset)
        digests = loaded.list_meeting_digests(MeetingFilter(**flt), limit=limit, offset=offset)
        assert digests.total == views.total
        brief = [
            MeetingDigest(
                id=v.id,
                name=v.name,
                date=v.date,
                status=v.status,
                participants=[Participant(**p.model_dump(), country=country(p)) for p in v.participants],
            )
            for v in views.items
        ]
        assert digests.items == brief
    everything = loaded.list_meeting_digests(MeetingFilter())
    countries = {p.id: p.country for m in everything.items for p in m.participants}
    assert {f.WEKESA: f.KENYA, f.NUNEZ: f.CHILE, f.SAKAMOTO: f.JAPAN}.items() <= countries.items()
    assert countries[f.BIZ_COUNCIL] is None  # an organisation: no country given
    assert {m.status for m in everything.items} == {"occurred", "planned"}


def test_meeting_filter_person_and_with(loaded: GraphStore) -> None:
    assert meeting_ids(loaded, person=f.WEKESA) == [f.MEETING_PLANNED, f.MEETING_NAIROBI, f.MEETING_UNDATED]
    assert meeting_ids(loaded, person="jose nunez") == [f.MEETING_PLANNED, f.MEETING_SANTIAGO]
    assert meeting_ids(loaded, person="Sakamoto") == [f.MEETING_NAIROBI, f.MEETING_SANTIAGO]
    assert meeting_ids(loaded, person="Wekesa", with_="Ñúñez") == [f.MEETING_PLANNED]
    assert meeting_ids(loaded, with_=f.BIZ_COUNCIL) == [f.MEETING_UNDATED]
    assert meeting_ids(loaded, person="nobody at all") == []


def test_meeting_filter_country_and_counterpart(loaded: GraphStore) -> None:
    assert meeting_ids(loaded, country=f.KENYA) == [f.MEETING_PLANNED, f.MEETING_NAIROBI, f.MEETING_UNDATED]
    # Japan through REPRESENTS (a person) and through the `country` prop (an organisation).
    assert meeting_ids(loaded, country="Japan") == [f.MEETING_NAIROBI, f.MEETING_SANTIAGO, f.MEETING_UNDATED]
    assert meeting_ids(loaded, country="Kenya", counterpart_country="Japan") == [
        f.MEETING_NAIROBI,
        f.MEETING_UNDATED,
    ]
    assert meeting_ids(loaded, person=f.SAKAMOTO, counterpart_country=f.CHILE) == [f.MEETING_SANTIAGO]
    assert meeting_ids(loaded, person=f.SAKAMOTO, counterpart_country=f.JAPAN) == []  # not himself


def test_meeting_filter_dates_treat_partial_dates_as_ranges(loaded: GraphStore) -> None:
    assert meeting_ids(loaded, date_from="2025-04-01") == [f.MEETING_PLANNED, f.MEETING_NAIROBI]
    assert meeting_ids(loaded, date_to="2025-04") == [f.MEETING_NAIROBI, f.MEETING_SANTIAGO]
    assert meeting_ids(loaded, date_from="2025-05-15") == [f.MEETING_PLANNED]  # "2025-05" overlaps
    assert meeting_ids(loaded, date_to="2025-05-01") == [
        f.MEETING_PLANNED,
        f.MEETING_NAIROBI,
        f.MEETING_SANTIAGO,
    ]
    assert meeting_ids(loaded, date_from="2025") == [f.MEETING_PLANNED, f.MEETING_NAIROBI]
    assert meeting_ids(loaded, date_from="2024-11-20", date_to="2024-11-20") == [f.MEETING_SANTIAGO]
    assert meeting_ids(loaded, date_to="2024") == [f.MEETING_SANTIAGO]


def test_meeting_filter_status_kind_place(loaded: GraphStore) -> None:
    assert meeting_ids(loaded, status="planned") == [f.MEETING_PLANNED]
    assert meeting_ids(loaded, status="occurred") == [
        f.MEETING_NAIROBI,
        f.MEETING_SANTIAGO,
        f.MEETING_UNDATED,
    ]
    assert meeting_ids(loaded, kind="talks") == [f.MEETING_NAIROBI, f.MEETING_SANTIAGO]
    assert meeting_ids(loaded, place=f.NAIROBI) == [f.MEETING_NAIROBI]
    assert meeting_ids(loaded, place="nairobi") == [f.MEETING_NAIROBI]
    assert meeting_ids(loaded, place="Chile") == [f.MEETING_SANTIAGO]  # a place located in it
    assert meeting_ids(loaded, place="Kenya", status="planned") == []
    page = loaded.list_meetings(MeetingFilter(kind="talks", country="Kenya"), limit=1)
    assert ([m.id for m in page.items], page.total) == ([f.MEETING_NAIROBI], 1)


def test_visit_filters(loaded: GraphStore) -> None:
    assert visit_ids(loaded) == [f.VISIT_NUNEZ, f.VISIT_SAKAMOTO]
    assert visit_ids(loaded, visitor="sakamoto") == [f.VISIT_SAKAMOTO]
    assert visit_ids(loaded, visitor=f.NUNEZ) == [f.VISIT_NUNEZ]
    assert visit_ids(loaded, host_country="japan") == [f.VISIT_NUNEZ]
    assert visit_ids(loaded, country=f.JAPAN) == [f.VISIT_NUNEZ, f.VISIT_SAKAMOTO]  # host, visitor
    assert visit_ids(loaded, country="Chile") == [f.VISIT_NUNEZ]
    assert visit_ids(loaded, date_from="2025-04-04") == [f.VISIT_NUNEZ, f.VISIT_SAKAMOTO]  # date_end
    assert visit_ids(loaded, date_from="2025-04-05") == [f.VISIT_NUNEZ]
    assert visit_ids(loaded, date_to="2025-04-01") == []
    assert visit_ids(loaded, status="planned") == [f.VISIT_NUNEZ]
    page = loaded.list_visits(VisitFilter(), limit=1, offset=1)
    assert ([v.id for v in page.items], page.total) == ([f.VISIT_SAKAMOTO], 2)


def test_country_filters_follow_writes(store: GraphStore) -> None:
    """Lists filtered by country answer from the graph as it is after each write (the embedded store
    keeps a country's events between writes)."""
    store.upsert(f.kenya_japan())
    assert visit_ids(store, country="Chile") == []
    assert f.MEETING_SANTIAGO not in meeting_ids(store, country="Chile")
    assert [m.id for m in store.list_mechanisms(country="Kenya", partner="Japan").items] == [f.MECHANISM]
    store.upsert(f.second_report())
    assert visit_ids(store, country="Chile") == [f.VISIT_NUNEZ]
    assert f.MEETING_SANTIAGO in meeting_ids(store, country="Chile")
    store.delete_article(f.ART_B)
    assert visit_ids(store, country="Chile") == []
    assert f.MEETING_SANTIAGO not in meeting_ids(store, country="Chile")
    store.upsert(f.second_report())
    store.delete_article(f.ART_A)  # the commission's only article: Kenya and Japan stay, cited by B
    assert store.list_mechanisms(country="Kenya", partner="Japan").items == []
    assert store.list_mechanisms(country="Japan").items == []


# --- graph queries --------------------------------------------------------------------------


def test_timeline_oldest_first_undated_last(loaded: GraphStore) -> None:
    timeline = loaded.timeline(f.WEKESA)
    assert timeline is not None
    assert timeline.person == ref(f.WEKESA, "Amani Wekesa", "Person")
    entries = timeline.items
    assert [(e.id, e.type) for e in entries] == [
        (f.MEETING_NAIROBI, "Meeting"),
        (f.SESSION_4, "Session"),
        (f.MEETING_PLANNED, "Meeting"),
        (f.MEETING_UNDATED, "Meeting"),
    ]
    first = entries[0]
    assert (first.date, first.status, first.role, first.place) == ("2025-04-03", "occurred", "host", NAIROBI)
    assert first.counterparts == [SAKAMOTO]
    assert entries[1].counterparts == [SAKAMOTO]
    assert (entries[2].status, entries[2].counterparts) == ("planned", [NUNEZ])
    found = loaded.timeline(f.SAKAMOTO)
    assert found is not None
    sakamoto = found.items
    assert [e.id for e in sakamoto] == [f.MEETING_SANTIAGO, f.VISIT_SAKAMOTO, f.MEETING_NAIROBI, f.SESSION_4]
    assert (sakamoto[1].type, sakamoto[1].place) == ("Visit", KENYA)
    # Only a Person has a timeline: an unknown id, or another node's, has none.
    assert loaded.timeline("person:nobody") is None
    assert loaded.timeline(f.KENYA) is None
    assert loaded.timeline(f.MEETING_NAIROBI) is None


def test_a_timeline_page_is_a_window_of_the_whole(loaded: GraphStore) -> None:
    whole = loaded.timeline(f.SAKAMOTO)
    assert whole is not None and whole.total == len(whole.items) == 4
    for offset in range(6):
        for limit in (1, 2, 3, 10):
            page = loaded.timeline(f.SAKAMOTO, limit=limit, offset=offset)
            assert page is not None and page.person == whole.person
            assert (page.items, page.total) == (whole.items[offset : offset + limit], 4), (limit, offset)
        rest = loaded.timeline(f.SAKAMOTO, offset=offset)
        assert rest is not None and (rest.items, rest.total) == (whole.items[offset:], 4)
    # the entry of a page is the whole entry: counterparts and place as in the full timeline
    page = loaded.timeline(f.SAKAMOTO, limit=1, offset=2)
    assert page is not None
    (third,) = page.items
    assert third.id == f.MEETING_NAIROBI and third.counterparts and third.place == NAIROBI
    assert loaded.timeline("person:nobody", limit=1) is None


def test_a_person_without_events_has_an_empty_timeline(store: GraphStore) -> None:
    article = Node(id="art-quiet", label="Article", name="Quiet", props={"content_hash": "quiet"})
    person = Node(id="person:quiet-one", label="Person", name="Quiet One")
    store.upsert(Extraction(article=article, nodes=[person], relationships=[]))
    assert store.timeline(person.id) == Timeline(
        person=ref(person.id, "Quiet One", "Person"), items=[], total=0
    )


def test_relationships_between_two_nodes_either_way(loaded: GraphStore) -> None:
    found = loaded.relationships_between(f.WEKESA, f.MEETING_NAIROBI)
    assert [(r.type, r.start, r.end) for r in found] == [("PARTICIPATED_IN", f.WEKESA, f.MEETING_NAIROBI)]
    assert found[0].evidence and found[0].props.get("role") == "host"
    assert loaded.relationships_between(f.MEETING_NAIROBI, f.WEKESA) == found  # either way round
    assert loaded.relationships_between(f.WEKESA, f.MEETING_NAIROBI, ["PARTICIPATED_IN", "MADE"]) == found
    assert loaded.relationships_between(f.WEKESA, f.MEETING_NAIROBI, ["MADE"]) == []
    assert loaded.relationships_between(f.WEKESA, f.SAKAMOTO) == []  # linked through meetings only
    assert loaded.relationships_between(f.WEKESA, "person:nobody") == []
    every = [r for r in loaded.iter_relationships() if {r.start, r.end} == {f.MEETING_NAIROBI, NAIROBI.id}]
    assert loaded.relationships_between(NAIROBI.id, f.MEETING_NAIROBI) == sorted(
        every, key=lambda r: (r.type, r.start, r.end, r.key)
    )


def rel_keys(rels: list[Relationship]) -> set[tuple[str, str, str]]:
    return {(r.type, r.start, r.end) for r in rels}


def test_neighborhood_depth(loaded: GraphStore) -> None:
    one = loaded.neighborhood(f.NAIROBI, depth=1)
    assert [n.id for n in one.nodes] == [f.KENYA, f.MEETING_NAIROBI, f.NAIROBI, f.SESSION_4]
    assert rel_keys(list(one.relationships)) == {
        ("LOCATED_IN", f.NAIROBI, f.KENYA),
        ("HELD_IN", f.MEETING_NAIROBI, f.NAIROBI),
        ("HELD_IN", f.SESSION_4, f.NAIROBI),
    }
    two = loaded.neighborhood(f.NAIROBI, depth=2)
    ids = {n.id for n in two.nodes}
    assert {f.WEKESA, f.SAKAMOTO, f.FISHERIES, f.MECHANISM, f.VISIT_SAKAMOTO, f.KE_MFA} <= ids
    assert not ids & {f.ART_A, f.ART_B, f.NUNEZ, f.SANTIAGO}
    assert all(r.type != "REPORTED_IN" and {r.start, r.end} <= ids for r in two.relationships)
    assert ("PARTICIPATED_IN", f.WEKESA, f.MEETING_NAIROBI) in rel_keys(list(two.relationships))
    assert [n.id for n in loaded.neighborhood(f.NAIROBI, depth=0).nodes] == [f.NAIROBI]
    assert loaded.neighborhood("place:nowhere").nodes == []


def test_shortest_path(store: GraphStore) -> None:
    store.upsert(f.kenya_japan())
    path = store.shortest_path(f.NUNEZ, f.SAKAMOTO)
    assert path is not None
    ids = [n.id for n in path.nodes]
    assert ids[:3] == [f.NUNEZ, f.MEETING_PLANNED, f.WEKESA] and ids[4] == f.SAKAMOTO
    assert ids[3] in {f.MEETING_NAIROBI, f.SESSION_4} and len(ids) == 5
    assert len(path.relationships) == 4
    for rel, (a, b) in zip(path.relationships, zip(ids, ids[1:], strict=False), strict=True):
        assert {rel.start, rel.end} == {a, b}
    assert store.shortest_path(f.NUNEZ, f.SAKAMOTO, max_hops=3) is None
    # Through the article it would take 3 hops; articles are not part of paths.
    assert store.shortest_path(f.FORUM, f.ANNIVERSARY, max_hops=4) is None
    assert store.shortest_path(f.FORUM, "person:nobody") is None
    same = store.shortest_path(f.KENYA, f.KENYA)
    assert same is not None and [n.id for n in same.nodes] == [f.KENYA] and same.relationships == []


def test_iter_nodes_and_relationships_ordered(loaded: GraphStore) -> None:
    nodes = list(loaded.iter_nodes())
    assert [n.id for n in nodes] == sorted(n.id for n in nodes)
    assert {n.id for n in nodes} >= {f.ART_A, f.ART_B, f.NUNEZ}
    people = list(loaded.iter_nodes(["Person", "Country"]))
    assert [n.id for n in people] == [f.CHILE, f.JAPAN, f.KENYA, f.WEKESA, f.SAKAMOTO, f.NUNEZ]
    rels = list(loaded.iter_relationships())
    order = [(r.type, r.start, r.end, r.key) for r in rels]
    assert order == sorted(order)
    held = list(loaded.iter_relationships(["HOLDS_POSITION"]))
    nunez = [(r.key, r.props["title"]) for r in held if r.start == f.NUNEZ]
    assert nunez == [
        ("external-relations", "Minister for External Relations"),
        ("vice-president", "Vice President"),
    ]
    assert {r.type for r in loaded.iter_relationships(["TO", "MADE"])} == {"TO", "MADE"}


def test_stats(loaded: GraphStore) -> None:
    stats = loaded.stats()
    assert stats == expected_stats(f.kenya_japan(), f.second_report())
    assert stats.nodes["Meeting"] == 4 and stats.nodes["Article"] == 2
    assert stats.relationships["HOLDS_POSITION"] == 4


# --- persistence ----------------------------------------------------------------------------


def test_persists_across_reopen(store: GraphStore, reopen: Callable[[], GraphStore]) -> None:
    store.upsert(f.kenya_japan())
    store.upsert(f.second_report())
    store.delete_article(f.ART_B)
    nodes: list[Node] = list(store.iter_nodes())
    rels, meeting = list(store.iter_relationships()), store.get_meeting(f.MEETING_NAIROBI)
    store.close()
    again = reopen()
    try:
        assert list(again.iter_nodes()) == nodes
        assert list(again.iter_relationships()) == rels
        assert again.get_meeting(f.MEETING_NAIROBI) == meeting
        assert again.upsert(f.kenya_japan()).status == "unchanged"
        assert again.resolve("jose nunez") == [f.NUNEZ]
    finally:
        again.close()
