"""Every query of docs/neo4j-browser.md runs on the test Neo4j holding the five seeds and answers at least
one row of the columns its "Returns:" line names; and the Browser style sheet covers the whole model.

The doc's `:param name => expression` lines are evaluated as Neo4j Browser does (`RETURN expression`),
so the parameters the doc shows are exactly the ones tested.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from neo4j import GraphDatabase

from graph.export_cypher import EVALUATE
from graph.model import LABELS, REL_TYPES
from tests.conftest import ROOT, SEEDS, Neo4jServer

DOC = ROOT / "docs" / "neo4j-browser.md"
GRASS = ROOT / "graph" / "diplograph.grass"
PARAM = re.compile(r":param\s+(\w+)\s*=>\s*(.+)")
FENCE = re.compile(r"```cypher\n(.*?)```", re.S)


@dataclass
class DocQuery:
    title: str
    query: str
    params: dict[str, str] = field(default_factory=dict)  # name -> Cypher expression
    returns: list[str] = field(default_factory=list)


def doc_queries(text: str) -> list[DocQuery]:
    """The `### ` sections of the doc that hold a cypher block, with their params and Returns line."""
    found = []
    for section in text.split("\n### ")[1:]:
        title = section.splitlines()[0]
        params: dict[str, str] = {}
        query = ""
        for block in FENCE.findall(section):
            lines = [line for line in block.splitlines() if line.strip()]
            if all(line.startswith(":param") for line in lines):
                params |= {m[1]: m[2] for m in map(PARAM.fullmatch, lines) if m}
            else:
                query = block
        returns = re.search(r"^Returns: (.+)$", section, re.M)
        columns = re.findall(r"`(\w+)`", returns[1]) if returns else []
        if query:
            found.append(DocQuery(title, query, params, columns))
    return found


QUERIES = doc_queries(DOC.read_text())


def test_the_doc_offers_at_least_ten_queries_each_with_its_columns() -> None:
    assert len(QUERIES) >= 10
    assert all(q.returns for q in QUERIES), [q.title for q in QUERIES if not q.returns]
    assert sum(bool(q.params) for q in QUERIES) >= 8  # generic: inputs come from :param


@pytest.fixture(scope="module")
def seeded_session(neo4j_server: Neo4jServer) -> Iterator[Any]:
    """A session on the test Neo4j holding exactly the five seed articles."""
    from ingest.extract import Extractor
    from ingest.pipeline import ingest_paths

    store = neo4j_server.open()
    store.clear()
    ingest_paths(sorted(SEEDS.glob("*.txt")), store, Extractor())
    store.close()
    driver = GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password))
    with driver.session(database=neo4j_server.database) as session:
        yield session
    driver.close()


@pytest.mark.parametrize("doc_query", QUERIES, ids=[q.title for q in QUERIES])
def test_each_doc_query_answers_rows_of_its_shape(seeded_session: Any, doc_query: DocQuery) -> None:
    params = {
        name: seeded_session.run(EVALUATE.format(expression=expr)).single()["value"]
        for name, expr in doc_query.params.items()
    }
    assert all(value is not None for value in params.values()), params
    rows = list(seeded_session.run(doc_query.query, params))
    assert rows, f"{doc_query.title}: no rows for {params}"
    assert list(rows[0].keys()) == doc_query.returns


def grass_rules(text: str) -> dict[str, dict[str, str]]:
    rules = {}
    for selector, body in re.findall(r"^([\w.]+)\s*\{(.*?)^\}", text, re.S | re.M):
        rules[selector] = dict(re.findall(r"([\w-]+):\s*([^;]+);", body))
    return rules


def test_the_style_sheet_colours_every_label_and_captions_by_name_and_type() -> None:
    rules = grass_rules(GRASS.read_text())
    nodes = {s.removeprefix("node."): r for s, r in rules.items() if s.startswith("node.")}
    assert set(nodes) == LABELS
    assert all(r["caption"] == '"{name}"' for r in nodes.values())
    colours = [r["color"].upper() for r in nodes.values()]
    assert len(set(colours)) == len(colours)
    rels = {s.removeprefix("relationship."): r for s, r in rules.items() if s.startswith("relationship.")}
    assert set(rels) == REL_TYPES and all(r["caption"] == '"<type>"' for r in rels.values())


def test_the_doc_says_how_to_load_the_style_sheet() -> None:
    text = DOC.read_text()
    assert ":style" in text and "graph/diplograph.grass" in text
    assert Path(ROOT / "docs" / "img" / "browser.png").name in text
