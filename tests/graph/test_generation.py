"""GraphStore.generation: it changes with every write, whoever makes it, and not with reads."""

from __future__ import annotations

from pathlib import Path

from graph import GraphStore
from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from graph.views import MeetingFilter
from tests.conftest import Neo4jServer
from tests.graph import factories as f


def read_a_little(store: GraphStore) -> None:
    store.list_meetings(MeetingFilter(person=f.WEKESA))
    store.timeline(f.WEKESA)
    store.stats()


def test_every_write_changes_the_generation_and_reads_do_not(store: GraphStore) -> None:
    if isinstance(store, Neo4jStore):
        store.generation_lag = 0.0  # probe the database every time
    seen = [store.generation()]
    for write in (
        lambda: store.upsert(f.kenya_japan()),
        lambda: store.upsert_many([f.second_report()]),
        lambda: store.delete_article(f.ART_B),
        store.clear,
    ):
        read_a_little(store)
        assert store.generation() == seen[-1]
        write()
        seen.append(store.generation())
    assert len(set(seen)) == len(seen)


def test_a_shared_embedded_store_sees_the_other_writers_generation(tmp_path: Path) -> None:
    one, two = EmbeddedStore(tmp_path, shared=True), EmbeddedStore(tmp_path, shared=True)
    try:
        before = one.generation()
        two.upsert(f.kenya_japan())
        assert one.generation() != before
    finally:
        one.close()
        two.close()


def test_neo4j_sees_another_clients_commit_after_the_lag(neo4j_server: Neo4jServer) -> None:
    one, two = neo4j_server.open(), neo4j_server.open()
    try:
        assert isinstance(one, Neo4jStore)
        two.clear()
        one.generation_lag = 3600.0
        before = one.generation()
        two.upsert(f.kenya_japan())
        assert one.generation() == before  # within the lag: the last probe stands
        one.generation_lag = 0.0
        after = one.generation()
        assert after != before
        read_a_little(two)  # reads commit nothing
        assert one.generation() == after
    finally:
        one.close()
        two.close()
