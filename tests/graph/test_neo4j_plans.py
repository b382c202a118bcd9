"""No full scans: every read query the Neo4j store issues, EXPLAINed on a loaded graph.

A synthetic graph (bench.graphgen: 2,000 meetings, 200 people, 200 countries) plus the invented articles
of tests/graph/factories.py is loaded once; each case calls the store (or the bilateral dossier) the way
the API and ingest do, records every statement and parameter set it sends, and EXPLAINs them with the
same parameters. No plan may scan all nodes, all relationships, or every :Meeting / :Person node (label
scan or whole-index scan) unless the case asks for all of them (an unfiltered list). Then the anchored
list queries are checked to answer exactly what the unanchored (scan) form of the same filter answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import neo4j
import pytest

from bench.graphgen import Sizes, Universe
from graph import cypher as cy
from graph import cypher_lists as cl
from graph.dossier import bilateral_dossier
from graph.neo4j_store import Neo4jStore
from graph.views import MeetingFilter, MeetingView, VisitFilter
from tests.conftest import Neo4jServer
from tests.graph import factories as f

pytestmark = pytest.mark.neo4j

GUARDED = {"Meeting", "Person"}  # labels too large to scan on a request
FULL_SCANS = {"AllNodesScan", "DirectedAllRelationshipsScan", "UndirectedAllRelationshipsScan"}
LABEL_SCANS = {"NodeByLabelScan", "NodeIndexScan", "PartitionedNodeByLabelScan"}
Call = Callable[[Neo4jStore, Universe], Any]


@pytest.fixture(scope="module")
def loaded(neo4j_server: Neo4jServer) -> Iterator[tuple[Neo4jStore, Universe]]:
    store = neo4j_server.open()
    assert isinstance(store, Neo4jStore)
    store.clear()
    universe = Universe(Sizes.for_meetings(2000), seed=1)
    store.upsert_many(list(universe.extractions()))
    store.upsert_many([f.kenya_japan(), f.second_report()])
    store._execute(lambda tx: tx.run("CALL db.resampleOutdatedIndexes()").consume(), write=True)
    yield store, universe
    store.clear()
    store.close()


class Recorder:
    """Every (query, parameters) the store runs while active: in managed transactions, and as
    auto-commit transactions (the single-statement reads, graph/neo4j_read.py)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.statements: list[tuple[str, dict[str, Any]]] = []
        in_tx = neo4j.ManagedTransaction.run
        auto = neo4j.Session.run

        def run(tx: neo4j.ManagedTransaction, query: str, parameters: Any = None, **kw: Any) -> Any:
            self.statements.append((query, {**(parameters or {}), **kw}))
            return in_tx(tx, query, parameters, **kw)

        def run_auto(session: neo4j.Session, query: Any, parameters: Any = None, **kw: Any) -> Any:
            text = query.text if isinstance(query, neo4j.Query) else query
            self.statements.append((text, {**(parameters or {}), **kw}))
            return auto(session, query, parameters, **kw)

        monkeypatch.setattr(neo4j.ManagedTransaction, "run", run)
        monkeypatch.setattr(neo4j.Session, "run", run_auto)


def scans(plan: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(operator, details) of every scan in a plan."""
    op = plan["operatorType"].split("@")[0]
    if op in FULL_SCANS | LABEL_SCANS:
        yield op, str(plan.get("args", {}).get("Details", ""))
    for child in plan.get("children", []):
        yield from scans(child)


def forbidden(plan: dict[str, Any], allowed: set[str]) -> list[tuple[str, str]]:
    bad = []
    for op, details in scans(plan):
        scanned = {lbl for lbl in GUARDED if f":{lbl}" in details}
        if op in FULL_SCANS or (op in LABEL_SCANS and scanned - allowed):
            bad.append((op, details))
    return bad


def explain(store: Neo4jStore, query: str, params: dict[str, Any]) -> dict[str, Any]:
    def work(tx: neo4j.ManagedTransaction) -> dict[str, Any]:
        plan = tx.run("EXPLAIN " + query, params).consume().plan
        assert plan is not None
        return plan

    return store._execute(work)


def country(u: Universe, i: int) -> str:
    return f"country:{u.countries[i].code.lower()}"


def busiest_pair(u: Universe) -> tuple[str, str]:
    m = u.mechanisms[0]
    return f"country:{m.a.code.lower()}", f"country:{m.b.code.lower()}"


def mechanisms_pair(s: Neo4jStore, u: Universe) -> Any:
    a, b = busiest_pair(u)
    return s.list_mechanisms(country=a, partner=b)


def dossier(s: Neo4jStore, u: Universe) -> Any:
    a, b = busiest_pair(u)
    return bilateral_dossier(s, a, b)


def meetings(**flt: str) -> Call:
    return lambda s, u: s.list_meetings(MeetingFilter(**flt), limit=20)


# name -> (call, labels it may scan: it asks for all of them)
CASES: dict[str, tuple[Call, set[str]]] = {
    "get_node": (lambda s, u: s.get_node(u.people[0].id), set()),
    "find_by_keys": (lambda s, u: s.find_by_keys("Person", [u.people[0].name, "amani wekesa"]), set()),
    "find_by_keys_org": (lambda s, u: s.find_by_keys("Organization", ["mfa kenya"]), set()),
    "events_with_participants": (
        lambda s, u: s.events_with_participants("Meeting", [u.people[0].id, u.people[1].id]),
        set(),
    ),
    "events_visits": (lambda s, u: s.events_with_participants("Visit", [f.SAKAMOTO]), set()),
    "events_sessions": (lambda s, u: s.events_with_participants("Session", [f.WEKESA, f.SAKAMOTO]), set()),
    "resolve_id": (lambda s, u: s.resolve(u.people[3].id), set()),
    "resolve_name": (lambda s, u: s.resolve("Jose Nunez"), set()),
    "resolve_surname": (lambda s, u: s.resolve("Sakamoto", "Person"), set()),
    "search": (lambda s, u: s.search(u.people[0].name.split()[-1][:5]), set()),
    "search_label": (lambda s, u: s.search("kenya", "Country"), set()),
    "get_person": (lambda s, u: s.get_person(u.people[0].id), set()),
    "get_meeting": (lambda s, u: s.get_meeting(f.MEETING_NAIROBI), set()),
    "get_visit": (lambda s, u: s.get_visit(f.VISIT_SAKAMOTO), set()),
    "get_mechanism": (lambda s, u: s.get_mechanism(u.mechanisms[0].id), set()),
    "get_article": (lambda s, u: s.get_article(f.ART_A), set()),
    "relationships_citing": (lambda s, u: s.relationships_citing(f.ART_A), set()),
    "timeline": (lambda s, u: s.timeline(u.people[0].id), set()),
    "neighborhood": (lambda s, u: s.neighborhood(u.people[5].id, depth=2), set()),
    "shortest_path": (lambda s, u: s.shortest_path(u.people[0].id, u.people[7].id, max_hops=6), set()),
    "meetings_person": (lambda s, u: s.list_meetings(MeetingFilter(person=u.people[0].id)), set()),
    "meetings_person_name": (meetings(person="Amani Wekesa"), set()),
    "meetings_with": (meetings(with_="Sakamoto"), set()),
    "meetings_person_with": (meetings(person="Wekesa", with_="Sakamoto"), set()),
    "meetings_country": (lambda s, u: s.list_meetings(MeetingFilter(country=country(u, 3))), set()),
    "meetings_country_name": (meetings(country="Kenya"), set()),
    "meetings_counterpart": (meetings(counterpart_country="Japan"), set()),
    "meetings_bilateral": (meetings(country="Kenya", counterpart_country="Japan"), set()),
    "meeting_digests_bilateral": (
        lambda s, u: s.list_meeting_digests(MeetingFilter(country="Kenya", counterpart_country="Japan")),
        set(),
    ),
    "meetings_person_country": (meetings(person="Wekesa", counterpart_country="Japan"), set()),
    "meetings_place": (meetings(place="Nairobi"), set()),
    "meetings_place_country": (meetings(place="Kenya", status="occurred"), set()),
    "meetings_date_from": (meetings(date_from="2025-04"), set()),
    "meetings_date_to": (meetings(date_to="2014-01-01"), set()),
    "meetings_date_range": (meetings(date_from="2016-02", date_to="2016-02-10", kind="talks"), set()),
    "meetings_status": (meetings(status="planned"), {"Meeting"}),
    "meetings_all": (meetings(), {"Meeting"}),
    "visits_visitor": (lambda s, u: s.list_visits(VisitFilter(visitor="Sakamoto")), set()),
    "visits_host": (lambda s, u: s.list_visits(VisitFilter(host_country="Kenya")), set()),
    "visits_country": (lambda s, u: s.list_visits(VisitFilter(country=country(u, 5))), set()),
    "visits_both": (lambda s, u: s.list_visits(VisitFilter(country="Chile", host_country="Japan")), set()),
    "visits_all": (lambda s, u: s.list_visits(VisitFilter(date_from="2020")), set()),
    "people_q": (lambda s, u: s.list_people(q=u.people[2].name.split()[0]), set()),
    "people_country": (lambda s, u: s.list_people(country="Kenya"), set()),
    "people_all": (lambda s, u: s.list_people(), {"Person"}),
    "mechanisms_country": (lambda s, u: s.list_mechanisms(country=busiest_pair(u)[0]), set()),
    "mechanisms_all": (lambda s, u: s.list_mechanisms(), set()),
    "mechanisms_pair": (mechanisms_pair, set()),
    "anniversaries_country": (lambda s, u: s.list_anniversaries(country="Kenya"), set()),
    "anniversaries_year": (lambda s, u: s.list_anniversaries(year=2024), set()),
    "list_nodes": (lambda s, u: s.list_nodes("Country"), set()),
    "list_articles": (lambda s, u: s.list_articles(), set()),
    "stats": (lambda s, u: s.stats(), set()),
    "export_nodes": (lambda s, u: list(s.iter_nodes(["Person", "Meeting"])), set()),
    "partnerships": (lambda s, u: list(s.iter_relationships(["PARTNER_OF"])), set()),
    "relationships_between": (lambda s, u: s.relationships_between(*busiest_pair(u), ["PARTNER_OF"]), set()),
    "relationships_between_all": (lambda s, u: s.relationships_between(f.WEKESA, f.MEETING_NAIROBI), set()),
    "dossier": (dossier, set()),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_read_plans_do_not_scan(
    loaded: tuple[Neo4jStore, Universe], monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    store, universe = loaded
    call, allowed = CASES[name]
    recorder = Recorder(monkeypatch)
    call(store, universe)
    monkeypatch.undo()
    assert recorder.statements
    for query, params in recorder.statements:
        bad = forbidden(explain(store, query, params), allowed)
        assert not bad, f"{name}: {bad}\n{query}"


def test_write_statements_do_not_scan(loaded: tuple[Neo4jStore, Universe]) -> None:
    store, universe = loaded
    ids = [universe.people[0].id, f.KENYA, f.ART_A, "person:nobody"]
    for query, params in (
        (cy.UPSERT_CHECK, {"ids": ids, "articles": [f.ART_A, "art-new"]}),
        (cy.STORED_LABELS, {"ids": ids}),
        (cy.ARTICLE_MENTIONS, {"id": f.ART_A}),
        (cy.DELETE_ARTICLE_RELS, {"id": f.ART_A}),
        (cy.DELETE_ARTICLE_NODES, {"id": f.ART_A}),
        (cy.DELETE_ARTICLE_NODE, {"id": f.ART_A}),
    ):
        assert not forbidden(explain(store, query, params), set()), query


# --- the anchors change the plan, not the answer -----------------------------------------------------

FILTERS: list[dict[str, str]] = [
    {"person": "Wekesa"},
    {"person": "Wekesa", "with_": "Sakamoto", "status": "occurred"},
    {"with_": "Nunez"},
    {"country": "Kenya"},
    {"country": "Japan", "counterpart_country": "Kenya"},
    {"country": "Kenya", "counterpart_country": "Kenya"},
    {"person": "Sakamoto", "counterpart_country": "Chile"},
    {"counterpart_country": "Chile", "date_from": "2024"},
    {"place": "Kenya"},
    {"place": "Nairobi", "kind": "talks"},
    {"date_from": "2025-04"},
    {"date_from": "2025-04-04"},
    {"date_to": "2016-02"},
    {"date_to": "2025"},
    {"date_from": "2016-02-03", "date_to": "2016-02-29"},
    {"date_from": "2016", "date_to": "2015"},
    {"date_from": "", "status": "planned"},
    {"date_to": ""},
]


def page_of(store: Neo4jStore, anchor: str, flt: MeetingFilter, limit: int, offset: int) -> Any:
    """store.list_meetings with the anchor forced (\"all\": the scan every anchor must agree with)."""
    params = {
        "person": store._ids(flt.person),
        "with": store._ids(flt.with_),
        "country": store._ids(flt.country, "Country"),
        "counterpart": store._ids(flt.counterpart_country, "Country"),
        "place": store._ids(flt.place),
    }
    lo, hi = cl.date_bounds(flt.date_from, flt.date_to)
    dates = {"date_from": flt.date_from, "date_to": flt.date_to, "date_lo": lo, "date_hi": hi}
    extra = {"status": flt.status, "kind": flt.kind}
    return store._page(cl.LIST_MEETINGS[anchor], MeetingView, limit, offset, **params, **dates, **extra)


@pytest.mark.parametrize("flt", FILTERS, ids=[",".join(f"{k}={v}" for k, v in x.items()) for x in FILTERS])
def test_anchored_meeting_lists_answer_what_the_scan_answers(
    loaded: tuple[Neo4jStore, Universe], flt: dict[str, str]
) -> None:
    store, universe = loaded
    filters = [MeetingFilter(**flt)]
    if "country" in flt:  # the same filter on a synthetic country, with more meetings
        filters.append(MeetingFilter(**{**flt, "country": f"country:{universe.countries[2].code.lower()}"}))
    for mf in filters:
        for limit, offset in ((500, 0), (3, 2)):
            got = store.list_meetings(mf, limit=limit, offset=offset)
            assert got == page_of(store, "all", mf, limit, offset)
    assert any(store.list_meetings(mf).total for mf in filters) or "2015" in flt.values()


def test_bilateral_meeting_lists_answer_what_the_scan_answers(loaded: tuple[Neo4jStore, Universe]) -> None:
    """The bilateral anchor (both countries set: the intersection of the two sides' meetings) on the
    synthetic pairs that meet most, either way round, and with a third filter."""
    store, universe = loaded
    pairs = [(f"country:{m.a.code.lower()}", f"country:{m.b.code.lower()}") for m in universe.mechanisms[:3]]
    assert cl.meeting_anchor({"country": [pairs[0][0]], "counterpart": [pairs[0][1]]}) == "bilateral"
    seen = 0
    for a, b in pairs:
        for flt in (
            MeetingFilter(country=a, counterpart_country=b),
            MeetingFilter(country=b, counterpart_country=a, status="occurred"),
            MeetingFilter(country=a, counterpart_country=b, date_from="2020"),
        ):
            got = store.list_meetings(flt, limit=500)
            assert got == page_of(store, "all", flt, 500, 0)
            seen += got.total
    assert seen > 0


def test_date_bounds_keep_every_overlapping_date() -> None:
    """The index range of a date filter holds every stored date `_dated` keeps (ISO prefixes)."""
    dates = ["2015", "2015-12", "2015-12-31", "2016", "2016-01", "2016-01-01", "2016-02-29", "2017-01-09"]
    bounds = ["2015", "2015-12", "2015-12-31", "2016", "2016-01", "2016-01-01", "2016-02", "2017", "", "2"]

    def kept(d: str, date_from: str | None, date_to: str | None) -> bool:
        after = date_from is None or d[: len(date_from)] >= date_from[: len(d)]
        before = date_to is None or d[: len(date_to)] <= date_to[: len(d)]
        return after and before

    for date_from in [None, *bounds]:
        for date_to in [None, *bounds]:
            lo, hi = cl.date_bounds(date_from, date_to)
            for d in dates:
                if kept(d, date_from, date_to):
                    assert (lo is None or d >= lo) and (hi is None or d < hi), (d, date_from, date_to)
