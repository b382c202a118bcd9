"""Neo4j-only behaviour of graph/neo4j_store.py, on the real server of tests/conftest.py (never a mock):
schema on open, hostile values, time-outs, index-backed plans. The shared semantics are in
tests/graph/test_contract.py."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest

from graph import StoreUnavailable, neo4j_store, open_store
from graph import cypher as cy
from graph import cypher_lists as cl
from graph.model import LABELS, Extraction, Node, PropValue
from graph.neo4j_store import Neo4jStore
from graph.views import MeetingFilter, VisitFilter
from tests.conftest import ROOT, Neo4jServer
from tests.graph import factories as f

pytestmark = pytest.mark.neo4j

HOSTILE = 'O\'Brien "Bob" `x` }) MATCH (n) DETACH DELETE n // \\ ${id} :Label'
SCANS = {"AllNodesScan", "NodeByLabelScan"}
MEETING_FILTER = dict.fromkeys(
    ["person", "with", "country", "counterpart", "place", "date_from", "date_to", "status", "kind"]
    + ["date_lo", "date_hi"]
) | {"limit": 10, "offset": 0}


def _open(server: Neo4jServer, timeout: float = 5.0) -> Neo4jStore:
    store = open_store(
        server.uri, user=server.user, password=server.password, database=server.database, timeout=timeout
    )
    assert isinstance(store, Neo4jStore)
    return store


@pytest.fixture
def driver(neo4j_server: Neo4jServer) -> Iterator[neo4j.Driver]:
    """A plain driver, to look at the database the way Neo4j Browser or an operator would."""
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password)) as drv:
        yield drv


@pytest.fixture
def neo(neo4j_server: Neo4jServer) -> Iterator[Neo4jStore]:
    store = _open(neo4j_server)
    store.clear()
    yield store
    store.close()


def run(driver: neo4j.Driver, server: Neo4jServer, query: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(query, params, database_=server.database)
    return [r.data() for r in records]


def schema(driver: neo4j.Driver, server: Neo4jServer) -> tuple[set[str], dict[str, str]]:
    constraints = {r["name"] for r in run(driver, server, "SHOW CONSTRAINTS YIELD name RETURN name")}
    indexes = {
        r["name"]: r["state"]
        for r in run(driver, server, "SHOW INDEXES YIELD name, state RETURN name, state")
    }
    return constraints, indexes


# --- schema -----------------------------------------------------------------------------------------


def test_open_creates_constraints_and_indexes(
    neo: Neo4jStore, driver: neo4j.Driver, neo4j_server: Neo4jServer
) -> None:
    constraints, indexes = schema(driver, neo4j_server)
    assert {f"dg_{label.lower()}_id" for label in LABELS} <= constraints
    assert set(cy.SCHEMA) <= set(indexes)
    assert {indexes[name] for name in cy.SCHEMA} == {"ONLINE"}
    details = run(
        driver,
        neo4j_server,
        "SHOW INDEXES YIELD name, type, labelsOrTypes, properties "
        "WHERE name IN ['dg_meeting_date', 'dg_article_hash', 'dg_person_match'] RETURN *",
    )
    found = {r["name"]: (r["type"], r["labelsOrTypes"], r["properties"]) for r in details}
    assert found == {
        "dg_meeting_date": ("RANGE", ["Meeting"], ["date"]),
        "dg_article_hash": ("RANGE", ["Article"], ["content_hash"]),
        "dg_person_match": ("TEXT", ["Person"], ["match_text"]),
    }


def test_open_recreates_a_missing_index_and_constraint(
    neo: Neo4jStore, driver: neo4j.Driver, neo4j_server: Neo4jServer
) -> None:
    run(driver, neo4j_server, "DROP INDEX dg_topic_match IF EXISTS")
    run(driver, neo4j_server, "DROP CONSTRAINT dg_topic_id IF EXISTS")
    assert not {"dg_topic_match", "dg_topic_id"} & set(schema(driver, neo4j_server)[1])
    _open(neo4j_server).close()
    constraints, indexes = schema(driver, neo4j_server)
    assert "dg_topic_id" in constraints
    assert (indexes["dg_topic_match"], indexes["dg_topic_id"]) == ("ONLINE", "ONLINE")


def test_second_open_is_harmless(neo: Neo4jStore, neo4j_server: Neo4jServer, driver: neo4j.Driver) -> None:
    neo.upsert(f.kenya_japan())
    before = schema(driver, neo4j_server), neo.stats()
    again = _open(neo4j_server)
    try:
        assert (schema(driver, neo4j_server), again.stats()) == before
        assert again.get_meeting(f.MEETING_NAIROBI) == neo.get_meeting(f.MEETING_NAIROBI)
    finally:
        again.close()
    assert neo.ping()  # closing one store leaves the other's driver alone


def test_props_are_top_level_properties_and_cannot_clobber(
    neo: Neo4jStore, driver: neo4j.Driver, neo4j_server: Neo4jServer
) -> None:
    b = f.ExtractionBuilder("art-r", "2025-01-01", "R", "hash-r", "https://example.org/r")
    evil: dict[str, PropValue] = {
        "id": "country:evil",
        "name": "Evil",
        "match_text": "\nx\n",
        "articles": ["a"],
    }
    b.nodes[f.KENYA] = Node(
        id=f.KENYA, label="Country", name="Kenya", props={**evil, "iso": "KE", "codes": [1, 2]}
    )
    neo.upsert(b.build())
    rows = run(driver, neo4j_server, "MATCH (n:Country {id: $id}) RETURN properties(n) AS p", id=f.KENYA)
    props = rows[0]["p"]
    assert (props["id"], props["name"], props["iso"], props["codes"]) == (f.KENYA, "Kenya", "KE", [1, 2])
    node = neo.get_node(f.KENYA)
    assert node is not None
    assert set(node.props) == {"iso", "codes", "articles", "keys"}
    assert neo.resolve("x") == []


def test_an_article_lists_what_it_mentions_out_of_sight(
    neo: Neo4jStore, driver: neo4j.Driver, neo4j_server: Neo4jServer
) -> None:
    ex = f.kenya_japan()
    neo.upsert(ex)
    query = "MATCH (a:Article {id: $id}) RETURN a.mentions AS m"
    assert run(driver, neo4j_server, query, id=f.ART_A)[0]["m"] == sorted(n.id for n in ex.nodes)
    article = neo.get_node(f.ART_A)
    assert article is not None and "mentions" not in article.props


def graph_state(store: Neo4jStore) -> tuple[list[Node], list[Any]]:
    return list(store.iter_nodes()), list(store.iter_relationships())


def test_articles_written_without_mentions_are_read_and_deleted_by_a_scan(
    neo: Neo4jStore, driver: neo4j.Driver, neo4j_server: Neo4jServer
) -> None:
    """A graph written before Articles had `mentions` (or imported from an export) answers the same."""
    neo.upsert_many([f.kenya_japan(), f.second_report()])
    anchored = {aid: neo.relationships_citing(aid) for aid in (f.ART_A, f.ART_B)}
    assert neo.delete_article(f.ART_A)
    after_anchored_delete = graph_state(neo)
    neo.clear()
    neo.upsert_many([f.kenya_japan(), f.second_report()])
    run(driver, neo4j_server, "MATCH (a:Article) REMOVE a.mentions")
    assert {aid: neo.relationships_citing(aid) for aid in (f.ART_A, f.ART_B)} == anchored
    assert all(anchored.values())
    assert neo.delete_article(f.ART_A)
    assert graph_state(neo) == after_anchored_delete
    assert neo.relationships_citing(f.ART_A) == []


# --- hostile values ---------------------------------------------------------------------------------


def hostile_extraction() -> Extraction:
    b = f.ExtractionBuilder(
        "art-" + HOSTILE, "2025-01-01", HOSTILE, "hash-" + HOSTILE, "https://example.org/h"
    )
    b.countries(f.KENYA)
    b.node("person:" + HOSTILE, "Person", HOSTILE, (HOSTILE + " alias",), note=HOSTILE, country=f.KENYA)
    b.rel("REPRESENTS", "person:" + HOSTILE, f.KENYA, HOSTILE, key=HOSTILE, title=HOSTILE)
    b.reported("person:" + HOSTILE, HOSTILE)
    return b.build()


def test_hostile_values_are_stored_verbatim(neo: Neo4jStore) -> None:
    neo.upsert(f.kenya_japan())
    before = neo.stats()
    ex = hostile_extraction()
    assert neo.upsert(ex).status == "created"
    pid = "person:" + HOSTILE
    node = neo.get_node(pid)
    assert node is not None
    assert (node.name, node.aliases, node.props["note"]) == (HOSTILE, [HOSTILE + " alias"], HOSTILE)
    rel = next(r for r in neo.iter_relationships(["REPRESENTS"]) if r.start == pid)
    assert (rel.key, rel.props, [e.sentence for e in rel.evidence]) == (
        HOSTILE,
        {"title": HOSTILE},
        [HOSTILE],
    )
    assert neo.resolve(HOSTILE) == [pid]
    assert [n.id for n in neo.search(HOSTILE[:12])] == [pid]
    assert neo.stats().nodes["Meeting"] == before.nodes["Meeting"]  # nothing was deleted
    assert neo.upsert(ex).status == "unchanged"
    assert neo.delete_article(ex.article.id) is True
    assert neo.stats() == before


# --- availability -----------------------------------------------------------------------------------


def test_unreachable_uri_fails_fast() -> None:
    started = time.monotonic()
    with pytest.raises(StoreUnavailable):
        open_store("bolt://127.0.0.1:1", user="neo4j", password="x", timeout=2.0)
    assert time.monotonic() - started < 3


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A TCP port that accepts connections and never says a word (a hung server, a black-holing proxy)."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.05)  # so that the accepting thread notices the end of the test
    accepted: list[socket.socket] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    done.set()
    thread.join(timeout=2)
    server.close()
    for conn in accepted:
        conn.close()


def test_silent_server_times_out_as_unavailable(silent_port: int) -> None:
    started = time.monotonic()
    with pytest.raises(StoreUnavailable):
        open_store(f"bolt://127.0.0.1:{silent_port}", user="neo4j", password="x", timeout=1.0)
    assert time.monotonic() - started < 4


def test_wrong_password_is_unavailable(neo4j_server: Neo4jServer) -> None:
    try:
        store = open_store(neo4j_server.uri, user=neo4j_server.user, password="not-the-password", timeout=2.0)
    except StoreUnavailable:
        return
    store.close()
    pytest.skip("this Neo4j runs without authentication")


def test_query_over_the_timeout_is_unavailable(neo4j_server: Neo4jServer) -> None:
    store = _open(neo4j_server, timeout=0.2)  # reads may run 6 x 0.2 s
    try:
        started = time.monotonic()
        with pytest.raises(StoreUnavailable):
            store._read("UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 99 RETURN count(x) AS c")
        assert time.monotonic() - started < 8
        assert store.ping()  # the store is still usable afterwards
    finally:
        store.close()


@pytest.mark.slow
def test_same_store_works_again_after_a_restart(neo: Neo4jStore, neo4j_server: Neo4jServer) -> None:
    script = str(ROOT / "scripts" / "neo4j")
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}  # pytest's COLUMNS cuts `ps` short

    def neo4j_script(command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([script, command], capture_output=True, text=True, timeout=300, env=env)

    status = neo4j_script("status")
    if status.returncode != 0 or f"DIPLOGRAPH_STORE={neo4j_server.uri} " not in status.stdout:
        pytest.skip("the test server was not started by scripts/neo4j under this DIPLOGRAPH_NEO4J_HOME")
    neo.upsert(f.kenya_japan())
    assert neo4j_script("stop").returncode == 0
    try:
        started = time.monotonic()
        with pytest.raises(StoreUnavailable):
            neo.get_node(f.WEKESA)
        assert time.monotonic() - started < 15  # the driver's retries are bounded by the timeout
        assert neo.ping() is False
    finally:
        assert neo4j_script("start").returncode == 0
    assert neo.ping() is True  # the same object: the driver reconnects
    assert neo.get_node(f.WEKESA) is not None
    assert neo.upsert(f.second_report()).status == "created"


def test_closed_store_does_not_ping(neo4j_server: Neo4jServer) -> None:
    store = _open(neo4j_server)
    store.close()
    assert store.ping() is False


# --- reads: one statement each, run again when the connection drops ---------------------------------


def statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of every statement the stores send from now on (auto-commit and in transactions)."""
    sent: list[str] = []
    auto, in_tx = neo4j.Session.run, neo4j.ManagedTransaction.run

    def run_auto(session: neo4j.Session, query: Any, parameters: Any = None, **kw: Any) -> Any:
        sent.append(query.text if isinstance(query, neo4j.Query) else query)
        return auto(session, query, parameters, **kw)

    def run_in_tx(tx: neo4j.ManagedTransaction, query: Any, parameters: Any = None, **kw: Any) -> Any:
        sent.append(query)
        return in_tx(tx, query, parameters, **kw)

    monkeypatch.setattr(neo4j.Session, "run", run_auto)
    monkeypatch.setattr(neo4j.ManagedTransaction, "run", run_in_tx)
    return sent


def test_reads_are_one_statement_each(neo: Neo4jStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reads behind the API's endpoints cost one round trip each when given ids; filters given by
    name cost a resolution more, and answer the same."""
    neo.upsert(f.kenya_japan())
    neo.upsert(f.second_report())
    bilateral = MeetingFilter(country=f.KENYA, counterpart_country=f.JAPAN)
    reads = {
        "get_node": lambda: neo.get_node(f.WEKESA),
        "get_person": lambda: neo.get_person(f.WEKESA),
        "resolve_id": lambda: neo.resolve(f.WEKESA),
        "resolve_name": lambda: neo.resolve("amani wekesa"),
        "resolve_surname": lambda: neo.resolve("Sakamoto", "Person"),
        "search": lambda: neo.search("wekesa"),
        "timeline": lambda: neo.timeline(f.WEKESA),
        "shortest_path": lambda: neo.shortest_path(f.WEKESA, f.NUNEZ),
        "meetings_person": lambda: neo.list_meetings(MeetingFilter(person=f.WEKESA)).items,
        "meetings_bilateral": lambda: neo.list_meetings(bilateral).items,
        "visits": lambda: neo.list_visits(VisitFilter(country=f.JAPAN, host_country=f.KENYA)).items,
        "mechanisms": lambda: neo.list_mechanisms(country=f.KENYA).items,
        "anniversaries": lambda: neo.list_anniversaries(country=f.JAPAN).items,
        "people": lambda: neo.list_people(country=f.KENYA).items,
    }
    sent = statements(monkeypatch)
    for name, read in reads.items():
        del sent[:]
        assert read(), name
        assert len(sent) == 1, (name, sent)
    by_id = neo.list_meetings(MeetingFilter(person=f.WEKESA, counterpart_country=f.JAPAN))
    del sent[:]
    by_name = neo.list_meetings(MeetingFilter(person="Amani Wekesa", counterpart_country="Japan"))
    assert by_name == by_id and by_id.total > 0
    assert len(sent) == 4  # the page tried with the values as ids, two resolutions, the page


def test_filter_values_count_as_ids_only_for_nodes_of_the_right_label(neo: Neo4jStore) -> None:
    """A country filter whose value is the id of a node that is not a country (here a person with the
    id "Kenya") is a name to resolve, as GraphStore.resolve(value, "Country") says; other filters take
    an id of any label."""
    neo.upsert(f.kenya_japan())
    neo.upsert(f.second_report())
    b = f.ExtractionBuilder("art-odd", "2025-01-01", "Odd", "hash-odd", "https://example.org/odd")
    b.node("Kenya", "Person", "Someone Else")
    neo.upsert(b.build())
    assert neo.resolve("Kenya", "Country") == [f.KENYA] and neo.resolve("Kenya") == ["Kenya"]
    meetings = neo.list_meetings(MeetingFilter(country="Kenya"))
    assert meetings.total > 0 and meetings == neo.list_meetings(MeetingFilter(country=f.KENYA))
    bilateral = neo.list_meetings(MeetingFilter(country="Japan", counterpart_country="Kenya"))
    assert bilateral.total > 0
    assert bilateral == neo.list_meetings(MeetingFilter(country=f.JAPAN, counterpart_country=f.KENYA))
    visits = neo.list_visits(VisitFilter(host_country="Kenya"))
    assert visits.total > 0 and visits == neo.list_visits(VisitFilter(host_country=f.KENYA))
    assert neo.list_mechanisms(country="Kenya") == neo.list_mechanisms(country=f.KENYA)
    assert neo.list_mechanisms(country="Kenya").total > 0
    assert neo.list_anniversaries(country="Kenya") == neo.list_anniversaries(country=f.KENYA)
    assert neo.list_people(country="Kenya") == neo.list_people(country=f.KENYA)
    assert neo.list_meetings(MeetingFilter(person="Kenya")).total == 0  # the person "Kenya" met no one
    assert neo.list_meetings(MeetingFilter(country="Nowhere")).total == 0


class CuttingProxy:
    """A TCP proxy to the test server whose open connections can be cut at once, as a network failure
    or a server restart does (a killed transaction would be an error of the query, not of the link)."""

    def __init__(self, upstream: str) -> None:
        host, port = upstream.rsplit("/", 1)[-1].rsplit(":", 1)
        self.upstream = (host, int(port))
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.05)
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.server.getsockname()[1]}"

    def _accept(self) -> None:
        while not self.done.is_set():
            try:
                client = self.server.accept()[0]
            except TimeoutError:
                continue
            upstream = socket.create_connection(self.upstream)
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        with self.lock:
            cut, self.sockets = self.sockets, []
        for sock in cut:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def close(self) -> None:
        self.done.set()
        self.thread.join(timeout=2)
        self.cut()
        self.server.close()


@pytest.mark.slow
def test_a_read_whose_connection_drops_is_run_again(
    neo4j_server: Neo4jServer, driver: neo4j.Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection of a running read drops (a network cut, a restart): the read is run again on a new
    connection, as the driver does for managed transactions, and answers."""
    proxy = CuttingProxy(neo4j_server.uri)
    store = open_store(
        proxy.uri, user=neo4j_server.user, password=neo4j_server.password, database=neo4j_server.database
    )
    assert isinstance(store, Neo4jStore)
    tag = f"dropped-{os.getpid()}-{time.monotonic_ns()}"
    slow = f"WITH '{tag}' AS tag UNWIND range(1, $n) AS x WITH x WHERE x % 7 = 99 RETURN count(x) AS c"
    sent = statements(monkeypatch)
    answer: dict[str, Any] = {}

    def read() -> None:
        try:
            answer["rows"] = store._read(slow, n=40_000_000)
        except Exception as exc:  # reported by the assertions below
            answer["error"] = exc

    reader = threading.Thread(target=read)
    try:
        reader.start()
        cut, deadline = False, time.monotonic() + 20
        running = "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $tag RETURN count(*) AS n"
        while not cut and time.monotonic() < deadline and reader.is_alive():
            if run(driver, neo4j_server, running, tag=tag)[0]["n"]:
                proxy.cut()
                cut = True
            else:
                time.sleep(0.02)
        reader.join(timeout=120)
    finally:
        store.close()
        proxy.close()
    assert cut, f"the read ended before its connection could be cut: {answer}"
    assert answer.get("rows") == [{"c": 0}], answer
    assert sent.count(slow) == 2


def test_a_failing_read_is_not_run_again(neo: Neo4jStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only errors the driver would retry are retried: a bad statement fails at once, as a bug."""
    sent = statements(monkeypatch)
    with pytest.raises(neo4j.exceptions.CypherSyntaxError):
        neo._read("RETURN nothing(")
    assert sent == ["RETURN nothing("]


# --- plans ------------------------------------------------------------------------------------------


def operators(plan: dict[str, Any]) -> list[str]:
    return [
        plan["operatorType"].split("@")[0],
        *(op for child in plan.get("children", []) for op in operators(child)),
    ]


def explain(driver: neo4j.Driver, server: Neo4jServer, query: str, **params: Any) -> list[str]:
    with driver.session(database=server.database) as session:
        summary = session.run("EXPLAIN " + query, params).consume()
    assert summary.plan is not None
    return operators(summary.plan)


@pytest.mark.parametrize(
    ("query", "params", "seek"),
    [
        (cy.GET_NODE, {"id": f.WEKESA}, "NodeUniqueIndexSeek"),
        (cy.events_with_participants("Meeting"), {"ids": [f.WEKESA]}, "NodeUniqueIndexSeek"),
        (cy.GET_MEETING, {"id": f.MEETING_NAIROBI}, "NodeUniqueIndexSeek"),
        (cy.GET_PERSON, {"id": f.WEKESA}, "NodeUniqueIndexSeek"),
        (cy.ARTICLE_MENTIONS, {"id": f.ART_A}, "NodeUniqueIndexSeek"),
        (cy.nodes_matching(frozenset({"Person"})), {"needles": ["\nwekesa\n"]}, "NodeIndexContainsScan"),
        (
            cy.search_nodes(LABELS),
            {"q": "x", "exact": "\nx\n", "prefix": "\nx", "limit": 3},
            "NodeIndexContainsScan",
        ),
        (cl.LIST_MEETINGS["person"], {**MEETING_FILTER, "person": [f.WEKESA]}, "NodeUniqueIndexSeek"),
        (cy.TIMELINE, {"id": f.WEKESA}, "NodeUniqueIndexSeek"),
    ],
    ids=[
        "node-by-id",
        "meetings-by-person",
        "meeting",
        "person",
        "article-mentions",
        "keys",
        "search",
        "meeting-list-of-person",
        "timeline",
    ],
)
def test_main_lookups_use_index_seeks(
    neo: Neo4jStore,
    driver: neo4j.Driver,
    neo4j_server: Neo4jServer,
    query: str,
    params: dict[str, Any],
    seek: str,
) -> None:
    neo.upsert(f.kenya_japan())
    ops = explain(driver, neo4j_server, query, **params)
    assert seek in ops
    assert not SCANS & set(ops), ops


# --- clear ------------------------------------------------------------------------------------------


def test_clear_deletes_a_hub_in_batches(
    neo: Neo4jStore, driver: neo4j.Driver, neo4j_server: Neo4jServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A country every person represents (a hub of 20,000 relationships) and more nodes than a batch:
    relationships go first in batches, then nodes, and the store is usable again afterwards."""
    neo.upsert(f.kenya_japan())
    run(
        driver,
        neo4j_server,
        "MATCH (h:Country {id: $hub}) UNWIND range(1, 20000) AS i "
        "CREATE (:Person {id: 'person:hub-' + i, name: 'P' + i})-[:REPRESENTS {key: ''}]->(h)",
        hub=f.KENYA,
    )
    assert neo.stats().relationships["REPRESENTS"] > 20000
    monkeypatch.setattr(neo4j_store, "_CLEAR_BATCH", 3000)  # several transactions of each kind
    neo.clear()
    assert run(driver, neo4j_server, "MATCH (n) RETURN count(n) AS n") == [{"n": 0}]
    assert neo.stats().nodes == {} and neo.stats().relationships == {}
    neo.clear()  # nothing to delete
    assert neo.upsert(f.kenya_japan()).status == "created"
