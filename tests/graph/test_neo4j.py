"""Neo4j-only behaviour of graph/neo4j_store.py, on the real server of tests/conftest.py (never a mock):
schema on open, hostile values, time-outs, index-backed plans. The shared semantics are in
tests/graph/test_contract.py."""

from __future__ import annotations

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
        (cy.ARTICLE_HASHES, {"ids": [f.ART_A]}, "NodeUniqueIndexSeek"),
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
        "article-hashes",
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
