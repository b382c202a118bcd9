"""Centrality and communities of the meeting network, on every backend, with invented data: the
Kenya-Japan articles of tests/graph/factories.py, and two "clubs" of officials joined by one meeting."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph import GraphStore, open_store
from graph import analytics as an
from graph.model import Extraction
from tests.conftest import BACKENDS, Neo4jServer
from tests.graph import factories as f

KENYANS = [f"person:club-ke-{i}" for i in range(4)]
JAPANESE = [f"person:club-jp-{i}" for i in range(4)]
BRIDGE = "meeting:club-bridge"


def clubs() -> Extraction:
    """Four Kenyan officials who all meet each other, four Japanese likewise, and one meeting between
    the first of each: the only link between the two clubs."""
    b = f.ExtractionBuilder("art-clubs", "2024-03-01", "Two clubs", "hash-clubs", "https://example.org/clubs")
    b.countries(f.KENYA, f.JAPAN)
    names = ["Achieng", "Baraka", "Chebet", "Dalmas", "Aiko", "Daichi", "Emi", "Fumio"]
    for pid, name, country in zip(KENYANS + JAPANESE, names, [f.KENYA] * 4 + [f.JAPAN] * 4, strict=True):
        b.node(pid, "Person", f"{name} Clubmember", country=country)
    pairs = [(a, c) for club in (KENYANS, JAPANESE) for i, a in enumerate(club) for c in club[i + 1 :]]
    for n, (a, c) in enumerate([*pairs, (KENYANS[0], JAPANESE[0])]):
        mid = BRIDGE if n == len(pairs) else f"meeting:club-{n}"
        b.node(mid, "Meeting", f"Club meeting {n}", date=f"2024-02-{n + 1:02d}", status="occurred")
        for person in (a, c):
            b.rel("PARTICIPATED_IN", person, mid, f"Meeting {n} took place.")
        b.reported(mid, f"Meeting {n} took place.")
    return b.build()


ARTICLES = [f.kenya_japan(), f.second_report()]
LOADED: dict[int, str] = {}


@pytest.fixture(scope="module", params=BACKENDS)
def module_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GraphStore]:
    if request.param == "embedded":
        store = open_store(str(tmp_path_factory.mktemp("analytics") / "store"))
    else:
        server: Neo4jServer = request.getfixturevalue("neo4j_server")
        store = open_store(server.uri, user=server.user, password=server.password, database=server.database)
    yield store
    store.close()


def holding(store: GraphStore, name: str, extractions: list[Extraction]) -> GraphStore:
    """`store` holding exactly `extractions` (reloaded only when another test changed it)."""
    fingerprint = f"{name}:{store.stats().model_dump_json()}"
    if LOADED.get(id(store)) != fingerprint:
        store.clear()
        store.upsert_many(extractions)
        LOADED[id(store)] = f"{name}:{store.stats().model_dump_json()}"
    return store


@pytest.fixture
def articles(module_store: GraphStore) -> GraphStore:
    return holding(module_store, "articles", ARTICLES)


@pytest.fixture
def two_clubs(module_store: GraphStore) -> GraphStore:
    return holding(module_store, "clubs", [clubs()])


# --- the invented articles ----------------------------------------------------------------------


def test_centrality_ranks_the_official_who_links_the_others_first(articles: GraphStore) -> None:
    report = an.centrality(articles)
    assert (report.people, report.links, report.events, report.betweenness_sampled) == (3, 2, 4, False)
    first, *rest = report.items
    assert (first.person.id, first.country and first.country.id) == (f.SAKAMOTO, f.JAPAN)
    assert (first.counterparts, first.meetings, first.degree, first.betweenness) == (2, 3, 1.0, 1.0)
    assert [x.person.id for x in rest] == [f.WEKESA, f.NUNEZ]  # Wekesa met Sakamoto twice
    assert rest[0].counterparts == 1  # the planned meeting with Ñúñez is no link: they have not met
    assert sum(x.pagerank for x in report.items) == pytest.approx(1.0, abs=1e-5)


def test_centrality_filters_by_country_and_date(articles: GraphStore) -> None:
    chile = an.centrality(articles, country="Chile")
    assert {x.person.id for x in chile.items} == {f.SAKAMOTO, f.NUNEZ} and chile.events == 1
    april = an.centrality(articles, date_from="2025-04", date_to="2025-04-30", by="degree", limit=1)
    assert (april.events, [x.person.id for x in april.items]) == (2, [f.WEKESA])  # a tie: by name


def test_an_unknown_country_is_an_analytics_error(articles: GraphStore) -> None:
    with pytest.raises(an.AnalyticsError, match="Atlantis"):
        an.centrality(articles, country="Atlantis")


# --- two clubs and a bridge ---------------------------------------------------------------------


def test_the_bridge_officials_have_the_highest_betweenness(two_clubs: GraphStore) -> None:
    report = an.centrality(two_clubs, by="betweenness", limit=3)
    assert (report.people, report.links, report.events) == (8, 13, 13)
    assert {x.person.id for x in report.items[:2]} == {KENYANS[0], JAPANESE[0]}
    assert report.items[2].betweenness < report.items[1].betweenness


@pytest.mark.parametrize("method", ["louvain", "greedy"])
def test_communities_find_the_two_clubs(two_clubs: GraphStore, method: an.CommunityMethod) -> None:
    report = an.communities(two_clubs, method=method)
    groups = [{m.id for m in c.members} for c in report.communities]
    assert sorted(groups, key=sorted) == sorted([set(KENYANS), set(JAPANESE)], key=sorted)
    assert [[c.id for c in x.countries] for x in report.communities] in (
        [[f.KENYA], [f.JAPAN]],
        [[f.JAPAN], [f.KENYA]],
    )
    assert all(c.internal_meetings == 6 for c in report.communities) and report.modularity > 0.3


def test_a_country_keeps_its_officials_meetings_only(two_clubs: GraphStore) -> None:
    report = an.communities(two_clubs, country="Japan", min_size=1)
    members = {m.id for c in report.communities for m in c.members}
    assert members == {*JAPANESE, KENYANS[0]} and report.events == 7  # six among them and the bridge


def test_betweenness_is_sampled_above_its_limit_and_stays_repeatable(
    two_clubs: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(an, "EXACT_BETWEENNESS_PEOPLE", 4)
    monkeypatch.setattr(an, "BETWEENNESS_SAMPLES", 3)
    first, again = an.centrality(two_clubs), an.centrality(two_clubs)
    assert first.betweenness_sampled and first == again


@pytest.mark.parametrize(
    ("limit", "value", "call"),
    [
        ("MAX_EVENTS", 12, an.centrality),
        ("MAX_LINKS", 12, an.communities),
        ("GREEDY_MAX_PEOPLE", 7, lambda s: an.communities(s, method="greedy")),
    ],
)
def test_networks_above_the_limits_are_refused(
    two_clubs: GraphStore, monkeypatch: pytest.MonkeyPatch, limit: str, value: int, call: object
) -> None:
    monkeypatch.setattr(an, limit, value)
    with pytest.raises(an.AnalyticsTooLarge):
        call(two_clubs)  # type: ignore[operator]


def test_an_empty_store_has_an_empty_network(module_store: GraphStore) -> None:
    store = holding(module_store, "empty", [])
    assert an.centrality(store).items == [] and an.communities(store).communities == []
