"""Exports on every backend: what graph tools read back, citations, filters, byte stability, streaming,
and (against the test Neo4j) the Cypher script and the CSV files rebuilding the same graph."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from neo4j import GraphDatabase

from graph import GraphStore, open_store
from graph.export import ExportError, ExportFormat, ExportStats, edge_record, export, node_record
from graph.export_cypher import (
    COUNT_NODES_BY_LABEL,
    COUNT_RELATIONSHIPS_BY_TYPE,
    IMPORT_DIRECTORY,
    literal,
    script_statements,
)
from graph.export_formats import EdgeRecord, NodeRecord
from graph.views import MeetingFilter
from tests.conftest import BACKENDS, SEEDS, Neo4jServer
from tests.graph import factories as f

LIST_PROPS = ("aliases", "articles", "keys", "evidence", "urls")
SINGLE_FILE: list[ExportFormat] = ["graphml", "gexf", "json", "cypher"]


LOADED: dict[int, tuple[list[NodeRecord], list[EdgeRecord]]] = {}


@pytest.fixture(scope="module", params=BACKENDS)
def module_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GraphStore]:
    """One store per backend for the module: loading Neo4j is what takes time here."""
    if request.param == "embedded":
        store = open_store(str(tmp_path_factory.mktemp("export") / "store"))
    else:
        server: Neo4jServer = request.getfixturevalue("neo4j_server")
        store = open_store(server.uri, user=server.user, password=server.password, database=server.database)
    yield store
    store.close()


@pytest.fixture
def loaded(module_store: GraphStore) -> GraphStore:
    """The module's store holding both invented articles, reloaded if a test left anything else."""
    if LOADED.get(id(module_store)) != snapshot(module_store):
        module_store.clear()
        module_store.upsert_many([f.kenya_japan(), f.second_report()])
        LOADED[id(module_store)] = snapshot(module_store)
    return module_store


def run(store: GraphStore, fmt: ExportFormat, **filters: Any) -> tuple[bytes, ExportStats]:
    buf = io.BytesIO()
    stats = export(store, fmt, buf, **filters)
    return buf.getvalue(), stats


def snapshot(store: GraphStore) -> tuple[list[NodeRecord], list[EdgeRecord]]:
    nodes = [node_record(n) for n in store.iter_nodes()]
    edges = sorted((edge_record(r, None) for r in store.iter_relationships()), key=repr)
    return nodes, edges


def node_link(store: GraphStore, **filters: Any) -> dict[str, Any]:
    data, _ = run(store, "json", **filters)
    parsed: dict[str, Any] = json.loads(data)
    return parsed


def decoded(attrs: dict[str, Any]) -> dict[str, Any]:
    """GraphML / GEXF attributes with their JSON-encoded lists decoded."""
    return {k: json.loads(v) if k in LIST_PROPS else v for k, v in attrs.items()}


# --- formats that graph tools read --------------------------------------------------------------


def test_json_loads_into_networkx_with_every_node_edge_and_property(loaded: GraphStore) -> None:
    g = nx.node_link_graph(node_link(loaded), edges="links")
    nodes, edges = snapshot(loaded)
    assert (g.number_of_nodes(), g.number_of_edges()) == (len(nodes), len(edges)) == (25, 46)
    for node in nodes:
        assert g.nodes[node.id] == {"label": node.label, **node.props}
    for edge in edges:
        key = f"{edge.type}:{edge.key}" if edge.key else edge.type
        attrs = g.edges[edge.start, edge.end, key]
        assert {k: v for k, v in attrs.items() if k != "urls"} == {
            "type": edge.type,
            "rel_key": edge.key,
            **edge.props,
        }


def test_graphml_loads_into_networkx_with_labels_types_and_typed_properties(loaded: GraphStore) -> None:
    data, stats = run(loaded, "graphml")
    g = nx.read_graphml(io.BytesIO(data))
    nodes, edges = snapshot(loaded)
    assert (g.number_of_nodes(), g.number_of_edges()) == (len(nodes), len(edges))
    assert (stats.nodes, stats.relationships) == (len(nodes), len(edges))
    for node in nodes:
        assert decoded(g.nodes[node.id]) == {"labels": f":{node.label}", **node.props}
    assert g.nodes[f.SESSION_4]["number"] == 4  # typed: long, not text
    loaded_edges = sorted(
        (a, b, d["label"], d["rel_key"], json.dumps(decoded(d), sort_keys=True))
        for a, b, d in g.edges(data=True)
    )
    expected = sorted(
        (
            e.start,
            e.end,
            e.type,
            e.key,
            json.dumps({"label": e.type, "rel_key": e.key, **e.props}, sort_keys=True),
        )
        for e in edges
    )
    assert [row[:4] for row in loaded_edges] == [row[:4] for row in expected]
    for (*_, got), (*_, want) in zip(loaded_edges, expected, strict=True):
        assert {k: v for k, v in json.loads(got).items() if k != "urls"} == json.loads(want)


def test_gexf_loads_into_networkx_with_names_as_labels(loaded: GraphStore) -> None:
    data, _ = run(loaded, "gexf")
    g = nx.read_gexf(io.BytesIO(data))
    nodes, edges = snapshot(loaded)
    assert (g.number_of_nodes(), g.number_of_edges()) == (len(nodes), len(edges))
    person = g.nodes[f.NUNEZ]
    assert (person["label"], person["labels"]) == ("José Ñúñez", ":Person")
    assert json.loads(person["aliases"]) == ["Jose Nunez", "Pepe Núñez"]
    types = Counter(d["label"] for _, _, d in g.edges(data=True))
    assert types == Counter(e.type for e in edges)


def test_every_exported_edge_cites_its_articles_sentences_and_urls(loaded: GraphStore) -> None:
    urls = {f.ART_A: f.URL_A, f.ART_B: f.URL_B}
    links = node_link(loaded)["links"]
    assert len(links) == 46
    for link in links:
        assert link["articles"], link
        assert len(link["articles"]) == len(link["evidence"]) == len(link["urls"])
        assert link["urls"] == [urls[a] for a in link["articles"]]
    talks = [x for x in links if x["type"] == "REPORTED_IN" and x["source"] == f.MEETING_NAIROBI]
    assert sorted(x["evidence"][0] for x in talks) == sorted([f.S_MEET_A, f.S_MEET_B])


@pytest.mark.parametrize("fmt", SINGLE_FILE)
def test_exporting_twice_gives_identical_bytes(loaded: GraphStore, fmt: ExportFormat) -> None:
    assert run(loaded, fmt)[0] == run(loaded, fmt)[0]


def test_csv_zip_is_byte_stable_and_holds_what_the_directory_holds(
    loaded: GraphStore, tmp_path: Path
) -> None:
    zipped, stats = run(loaded, "csv")
    assert zipped == run(loaded, "csv")[0]
    export(loaded, "csv", tmp_path / "csv")
    archive = zipfile.ZipFile(io.BytesIO(zipped))
    assert archive.namelist() == stats.files
    assert set(stats.files) == {p.name for p in (tmp_path / "csv").iterdir()}
    for name in archive.namelist():
        assert archive.read(name) == (tmp_path / "csv" / name).read_bytes()


def test_csv_files_have_neo4j_admin_typed_headers(loaded: GraphStore, tmp_path: Path) -> None:
    stats = export(loaded, "csv", tmp_path)
    people = (tmp_path / "nodes_Person.csv").read_text().splitlines()
    assert people[0].split(",")[:2] == ["id:ID", ":LABEL"]
    assert {"name:string", "aliases:string[]", "articles:string[]"} <= set(people[0].split(","))
    assert len(people) == 1 + stats.nodes_by_label["Person"]
    sessions = (tmp_path / "nodes_Session.csv").read_text().splitlines()
    assert "number:long" in sessions[0].split(",")
    titles = (tmp_path / "relationships_HOLDS_POSITION.csv").read_text().splitlines()
    assert titles[0].startswith(":START_ID,:END_ID,:TYPE,key:string,")
    assert len(titles) == 1 + stats.relationships_by_type["HOLDS_POSITION"] == 5
    assert {"load-csv.cypher", "neo4j-admin-import.sh"} <= set(stats.files)


# --- filters ------------------------------------------------------------------------------------


def test_a_pair_of_countries_keeps_their_bilateral_events_and_context(loaded: GraphStore) -> None:
    data = node_link(loaded, countries=("Kenya", f.JAPAN))
    ids = {n["id"] for n in data["nodes"]}
    bilateral = {f.MEETING_NAIROBI, f.MEETING_UNDATED, f.VISIT_SAKAMOTO, f.SESSION_3, f.SESSION_4}
    assert bilateral | {f.MECHANISM, f.ANNIVERSARY, f.KENYA, f.JAPAN, f.WEKESA, f.SAKAMOTO, f.ART_A} <= ids
    assert not {f.MEETING_SANTIAGO, f.MEETING_PLANNED, f.VISIT_NUNEZ, f.NUNEZ, f.CHILE} & ids
    assert all(x["source"] in ids and x["target"] in ids for x in data["links"])


def test_a_date_range_keeps_the_events_within_it(loaded: GraphStore) -> None:
    data = node_link(loaded, date_from="2025-04-03", date_to="2025-04")
    events = {n["id"] for n in data["nodes"] if n["label"] in ("Meeting", "Visit", "Session")}
    assert events == {f.MEETING_NAIROBI, f.SESSION_4}


def test_a_label_filter_keeps_those_labels_and_the_edges_between_them(loaded: GraphStore) -> None:
    data, stats = run(loaded, "json", labels=["Person", "Meeting"])
    parsed = json.loads(data)
    assert {n["label"] for n in parsed["nodes"]} == {"Person", "Meeting"}
    assert stats.relationships_by_type == {"PARTICIPATED_IN": 7} and stats.filtered


@pytest.mark.parametrize(
    "filters",
    [
        {"labels": ["Person", "Spaceship"]},
        {"countries": ("Kenya", "Atlantis")},
        {"date_from": "April 2025"},
    ],
)
def test_bad_filters_are_refused_with_an_export_error(loaded: GraphStore, filters: dict[str, Any]) -> None:
    with pytest.raises(ExportError):
        run(loaded, "json", **filters)


def test_an_unknown_format_is_refused(loaded: GraphStore) -> None:
    with pytest.raises(ExportError, match="format"):
        run(loaded, "xlsx")  # type: ignore[arg-type]


# --- streaming ----------------------------------------------------------------------------------


class CountingStore:
    """The real store, counting the nodes it has handed out so far."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.handed = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def iter_nodes(self, labels: Any = None) -> Iterator[Any]:
        for node in self.store.iter_nodes(labels):
            self.handed += 1
            yield node


class WriteLog(io.BytesIO):
    def __init__(self, counter: CountingStore) -> None:
        super().__init__()
        self.counter = counter
        self.handed_at_write: list[int] = []

    def write(self, data: Any) -> int:
        self.handed_at_write.append(self.counter.handed)
        return super().write(data)


@pytest.mark.parametrize("fmt", SINGLE_FILE)
def test_whole_graph_exports_write_while_reading(loaded: GraphStore, fmt: ExportFormat) -> None:
    counting = CountingStore(loaded)
    out = WriteLog(counting)
    export(counting, fmt, out)  # type: ignore[arg-type,unused-ignore]  # a spy around the real store
    passes = counting.handed // 25
    assert passes in (1, 2, 3)  # citations' article URLs, the schema pass, the writing pass
    # some node was written before the last pass had read every node
    assert any(counting.handed - 25 < n < counting.handed for n in out.handed_at_write)


# --- Cypher text ------------------------------------------------------------------------------


def test_cypher_literals_escape_quotes_backslashes_and_newlines() -> None:
    assert literal('say "hi"\\\nnow') == '"say \\"hi\\"\\\\\\nnow"'
    assert literal({"a b": [1, True, None], "c": 1.5}) == "{`a b`: [1, true, null], `c`: 1.5}"
    assert list(script_statements("// note\nRETURN 1;\n\nRETURN 2;\n")) == ["RETURN 1", "RETURN 2"]


# --- rebuilding in Neo4j ------------------------------------------------------------------------


@pytest.fixture
def neo4j_target(neo4j_server: Neo4jServer) -> Iterator[tuple[GraphStore, Any]]:
    """The test Neo4j, emptied, as a diplograph store and as a raw driver session."""
    target = neo4j_server.open()
    driver = GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password))
    with driver.session(database=neo4j_server.database) as session:
        yield target, session
    driver.close()
    target.close()


def run_script(session: Any, script: str, **params: Any) -> None:
    for statement in script_statements(script):
        session.run(statement, params).consume()


def counts(session: Any) -> tuple[dict[str, int], dict[str, int]]:
    labels = {r["label"]: r["count"] for r in session.run(COUNT_NODES_BY_LABEL)}
    types = {r["type"]: r["count"] for r in session.run(COUNT_RELATIONSHIPS_BY_TYPE)}
    return labels, types


def test_cypher_script_rebuilds_the_same_graph_in_an_empty_neo4j_twice_over(
    loaded: GraphStore, neo4j_target: tuple[GraphStore, Any]
) -> None:
    script, stats = run(loaded, "cypher")
    before = snapshot(loaded)
    target, session = neo4j_target
    target.clear()
    for _ in range(2):  # idempotent: the second run changes nothing
        run_script(session, script.decode())
        assert counts(session) == (stats.nodes_by_label, stats.relationships_by_type)
    assert snapshot(target) == before


def test_csv_files_load_with_load_csv_from_the_servers_import_directory(
    loaded: GraphStore, neo4j_target: tuple[GraphStore, Any]
) -> None:
    target, session = neo4j_target
    import_dir = Path(session.run(IMPORT_DIRECTORY).single()["value"])
    if not import_dir.is_dir():
        pytest.fail(f"the test Neo4j's import directory {import_dir} is not on this machine")
    folder = import_dir / "diplograph-export-test"
    shutil.rmtree(folder, ignore_errors=True)
    stats = export(loaded, "csv", folder)
    before = snapshot(loaded)
    try:
        target.clear()
        run_script(session, (folder / "load-csv.cypher").read_text(), base=f"file:///{folder.name}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert counts(session) == (stats.nodes_by_label, stats.relationships_by_type)
    assert snapshot(target) == before


def test_every_backend_exports_the_bytes_the_embedded_store_exports(
    loaded: GraphStore, tmp_path: Path
) -> None:
    embedded = open_store(str(tmp_path / "embedded"))
    try:
        embedded.upsert_many([f.kenya_japan(), f.second_report()])
        for fmt in SINGLE_FILE:
            assert run(loaded, fmt)[0] == run(embedded, fmt)[0], fmt
    finally:
        embedded.close()


# --- the seed articles ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """An embedded store holding the five seed articles, read by the real extractor."""
    from ingest.extract import Extractor
    from ingest.pipeline import ingest_paths

    store = open_store(str(tmp_path_factory.mktemp("seeds") / "store"))
    summary = ingest_paths(sorted(SEEDS.glob("*.txt")), store, Extractor())
    assert summary.ingested == 5, summary
    yield store
    store.close()


def test_seed_exports_load_back_with_every_node_and_edge(seeded: GraphStore) -> None:
    nodes, edges = snapshot(seeded)
    readers: dict[ExportFormat, Callable[[bytes], Any]] = {
        "json": lambda data: nx.node_link_graph(json.loads(data), edges="links"),
        "graphml": lambda data: nx.read_graphml(io.BytesIO(data)),
        "gexf": lambda data: nx.read_gexf(io.BytesIO(data)),
    }
    for fmt, read in readers.items():
        g = read(run(seeded, fmt)[0])
        assert (g.number_of_nodes(), g.number_of_edges()) == (len(nodes), len(edges)), fmt
        assert {g.nodes[n.id]["name"] if fmt != "gexf" else g.nodes[n.id]["label"] for n in nodes} == {
            n.props["name"] for n in nodes
        }


def test_seed_bilateral_export_holds_every_meeting_the_store_calls_bilateral(seeded: GraphStore) -> None:
    bilateral = seeded.list_meetings(
        MeetingFilter(country="Vietnam", counterpart_country="Russia"), limit=500
    )
    assert bilateral.total > 0
    data = node_link(seeded, countries=("Vietnam", "Russia"))
    exported = {n["id"] for n in data["nodes"]}
    assert {m.id for m in bilateral.items} <= exported
    assert all(link["articles"] and link["evidence"] for link in data["links"])


def test_seed_cypher_script_rebuilds_the_seed_graph_in_neo4j(
    seeded: GraphStore, neo4j_target: tuple[GraphStore, Any]
) -> None:
    script, stats = run(seeded, "cypher")
    target, session = neo4j_target
    target.clear()
    run_script(session, script.decode())
    assert counts(session) == (stats.nodes_by_label, stats.relationships_by_type)
    assert snapshot(target) == snapshot(seeded)
