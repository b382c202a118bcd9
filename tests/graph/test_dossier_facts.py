"""GraphStore.dossier_facts on every backend: what the bilateral dossier is made of, in one read.

graph.dossier.read_facts says what the facts are in terms of the store's other methods; the embedded store
answers with it, Neo4j with one statement, which must give exactly the same for every pair of countries
(including partnerships, anniversaries of one side only, and the caps on each list).
"""

from __future__ import annotations

from itertools import combinations

import pytest

from bench.extraction_builder import country_id
from bench.graphgen import Sizes, Universe
from graph import GraphStore
from graph.dossier import read_facts
from graph.model import Extraction
from graph.views import MeetingFilter, VisitFilter
from tests.graph import factories as f

ART_P = "art-partnership"


def partnership_report() -> Extraction:
    """A strategic partnership of Kenya and Japan (two sentences), one of Japan and Chile, and an
    anniversary of Kenya alone."""
    b = f.ExtractionBuilder(ART_P, "2025-06-01", "Partners", "hash-p", "https://example.org/p")
    b.countries(f.KENYA, f.JAPAN, f.CHILE)
    b.rel("PARTNER_OF", f.JAPAN, f.KENYA, "Japan and Kenya are strategic partners.", level="strategic")
    b.rel("PARTNER_OF", f.CHILE, f.JAPAN, "Chile and Japan upgraded ties.", level="comprehensive")
    b.node("anniversary:kenya-independence-62", "Anniversary", "62nd anniversary of independence",
           ordinal=62, year=2025, base_year=1963, subject="independence")
    b.rel("OF", "anniversary:kenya-independence-62", f.KENYA, "Kenya marks 62 years of independence.")
    b.reported("anniversary:kenya-independence-62", "Kenya marks 62 years of independence.")
    return b.build()


def second_partnership_source() -> Extraction:
    b = f.ExtractionBuilder("art-partnership-2", "2025-06-02", "Again", "hash-p2", "https://example.org/p2")
    b.countries(f.KENYA, f.JAPAN)
    b.rel("PARTNER_OF", f.JAPAN, f.KENYA, "The strategic partnership was reaffirmed.", level="strategic")
    return b.build()


@pytest.fixture
def filled(store: GraphStore) -> GraphStore:
    store.upsert_many([f.kenya_japan(), f.second_report(), partnership_report(), second_partnership_source()])
    return store


def test_facts_of_kenya_and_japan(filled: GraphStore) -> None:
    facts = filled.dossier_facts(f.KENYA, f.JAPAN)
    assert facts is not None
    assert (facts.a.id, facts.a.name, facts.b.id, facts.b.type) == (f.KENYA, "Kenya", f.JAPAN, "Country")
    assert [m.id for m in facts.meetings] == [f.MEETING_NAIROBI, f.MEETING_UNDATED]
    assert [m.id for m in facts.recent] == [f.MEETING_NAIROBI, f.MEETING_UNDATED]
    assert facts.recent[0].place is not None and facts.recent[0].sources  # whole views
    assert [v.id for v in facts.visits] == [f.VISIT_SAKAMOTO]
    assert [(m.id, [s.number for s in m.sessions]) for m in facts.mechanisms] == [(f.MECHANISM, [3, 4])]
    [partners] = facts.partnerships
    assert (partners.start, partners.end, partners.props) == (f.JAPAN, f.KENYA, {"level": "strategic"})
    assert [e.article_id for e in partners.evidence] == [ART_P, "art-partnership-2"]
    assert [a.id for a in facts.articles] == [ART_P, "art-partnership-2"]
    assert [x.id for x in facts.anniversaries] == [f.ANNIVERSARY]  # not Kenya's own
    # Sakamoto's country comes from REPRESENTS only; Wekesa's from his `country` prop.
    assert facts.countries == {f.SAKAMOTO: f.JAPAN, f.WEKESA: f.KENYA}


def test_the_other_way_round_and_a_pair_with_little_in_common(filled: GraphStore) -> None:
    facts = filled.dossier_facts(f.JAPAN, f.KENYA)
    assert facts is not None and (facts.a.id, facts.b.id) == (f.JAPAN, f.KENYA)
    assert [m.id for m in facts.meetings] == [f.MEETING_NAIROBI, f.MEETING_UNDATED]
    chile = filled.dossier_facts(f.CHILE, f.KENYA)
    assert chile is not None
    assert [m.id for m in chile.meetings] == [f.MEETING_PLANNED]
    assert (chile.visits, chile.mechanisms, chile.partnerships, chile.anniversaries) == ([], [], [], [])
    japan_chile = filled.dossier_facts(f.JAPAN, f.CHILE)
    assert japan_chile is not None
    assert [v.id for v in japan_chile.visits] == [f.VISIT_NUNEZ]
    assert japan_chile.countries == {f.NUNEZ: f.CHILE}
    assert [p.props["level"] for p in japan_chile.partnerships] == ["comprehensive"]


def test_limits_on_each_list(filled: GraphStore) -> None:
    facts = filled.dossier_facts(f.KENYA, f.JAPAN, recent=1, cap=1)
    assert facts is not None
    assert ([m.id for m in facts.meetings], [m.id for m in facts.recent]) == ([f.MEETING_NAIROBI],) * 2
    whole = filled.dossier_facts(f.KENYA, f.JAPAN)
    assert whole is not None
    assert filled.dossier_facts(f.KENYA, f.JAPAN, recent=0) == whole.model_copy(update={"recent": []})


def test_no_facts_unless_both_ids_name_countries(filled: GraphStore) -> None:
    assert filled.dossier_facts(f.KENYA, "country:atlantis") is None
    assert filled.dossier_facts(f.WEKESA, f.JAPAN) is None  # a Person's id
    assert filled.dossier_facts("Kenya", "Japan") is None  # names are not ids


def test_facts_equal_the_reference_reading_for_every_pair(filled: GraphStore) -> None:
    """A synthetic graph of 200 meetings across many pairs, plus the invented articles: for every pair
    of countries that share anything, and some that share nothing, the store's facts are what
    read_facts composes from the store's other methods."""
    u = Universe(Sizes.for_meetings(200, 10), seed=11)
    filled.upsert_many(u.extraction(k) for k in range(u.sizes.articles))
    acting = sorted({country_id(p.country) for p in u.people} | {f.KENYA, f.JAPAN, f.CHILE})
    others = [n.id for n in filled.list_nodes("Country", limit=1000).items if n.id not in acting]
    pairs = list(combinations(acting, 2))[::3] + [(b, a) for a, b in combinations(acting, 2)][1::9]
    pairs += [(a, others[i % len(others)]) for i, a in enumerate(acting)]  # mostly nothing in common
    pairs += [(country_id(m.a), country_id(m.b)) for m in u.mechanisms]
    home = {p.id: country_id(p.country) for p in u.people}
    for visit in filled.list_visits(VisitFilter(), limit=1000).items:
        if visit.visitor and visit.host_country and visit.visitor.id in home:
            pairs.append((visit.host_country.id, home[visit.visitor.id]))
    seen = {"meetings": 0, "visits": 0, "mechanisms": 0}
    for a, b in pairs:
        got = filled.dossier_facts(a, b)
        assert got == read_facts(filled, a, b), (a, b)
        assert got is not None
        seen = {k: n + bool(getattr(got, k)) for k, n in seen.items()}
    assert min(seen.values()) >= 5 and len(pairs) > 100, seen  # pairs with something to compare
    for a, b in pairs[::10]:
        assert filled.dossier_facts(a, b, recent=2, cap=3) == read_facts(filled, a, b, recent=2, cap=3)


def test_a_country_learnt_later_puts_the_meeting_in_the_pair(store: GraphStore) -> None:
    """Who stands for which country can come from a later article: the meeting lists and the facts
    follow it (the embedded store remembers people's countries until the graph changes)."""
    first = f.ExtractionBuilder("art-first", "2025-03-01", "First", "hash-1", "https://example.org/1")
    first.countries(f.KENYA, f.JAPAN)
    first.node(f.WEKESA, "Person", "Amani Wekesa", country=f.KENYA)
    first.node(f.SAKAMOTO, "Person", "Haruto Sakamoto")  # no country yet
    first.node("meeting:m1", "Meeting", "Talks", date="2025-03-01", status="occurred")
    first.rel("PARTICIPATED_IN", f.WEKESA, "meeting:m1", "They met.")
    first.rel("PARTICIPATED_IN", f.SAKAMOTO, "meeting:m1", "They met.")
    first.reported("meeting:m1", "They met.")
    store.upsert(first.build())
    pair = MeetingFilter(country=f.KENYA, counterpart_country=f.JAPAN)
    assert store.list_meetings(pair).total == 0
    assert store.list_meetings(MeetingFilter(country=f.KENYA)).total == 1  # Sakamoto's countries: none
    [digest] = store.list_meeting_digests(MeetingFilter(country=f.KENYA)).items
    assert {p.id: p.country for p in digest.participants} == {f.WEKESA: f.KENYA, f.SAKAMOTO: None}
    sakamoto = store.get_person(f.SAKAMOTO)
    assert sakamoto is not None and sakamoto.country is None
    facts = store.dossier_facts(f.KENYA, f.JAPAN)
    assert facts is not None and facts.meetings == []
    later = f.ExtractionBuilder("art-later", "2025-03-02", "Later", "hash-2", "https://example.org/2")
    later.countries(f.JAPAN)
    later.node(f.SAKAMOTO, "Person", "Haruto Sakamoto")
    later.rel("REPRESENTS", f.SAKAMOTO, f.JAPAN, "Sakamoto is Japan's foreign minister.")
    store.upsert(later.build())
    assert [m.id for m in store.list_meetings(pair).items] == ["meeting:m1"]
    facts = store.dossier_facts(f.KENYA, f.JAPAN)
    assert facts is not None and [m.id for m in facts.meetings] == ["meeting:m1"]
    sides = {p.id: p.country for p in facts.meetings[0].participants}
    assert sides == {f.WEKESA: f.KENYA, f.SAKAMOTO: f.JAPAN}
    sakamoto = store.get_person(f.SAKAMOTO)
    assert sakamoto is not None and sakamoto.country is not None and sakamoto.country.id == f.JAPAN
