"""The benchmark workloads are deterministic, of the requested size, valid and free of duplicate ids."""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from pathlib import Path

from bench.corpus import World, generate, write
from bench.graphgen import Sizes, Universe, ensure_loaded, loaded
from graph import open_store
from graph.model import Extraction

DATE_LINE = re.compile(r"^ date \d{4}-\d{2}-\d{2}\n")


def test_corpus_is_deterministic_for_a_seed() -> None:
    first = list(generate(25, seed=3, people=300, mechanisms=40))
    again = list(generate(25, seed=3, people=300, mechanisms=40))
    other = list(generate(25, seed=4, people=300, mechanisms=40))
    assert first == again
    assert [a.text for a in first] != [a.text for a in other]


def test_corpus_prefix_is_stable() -> None:
    short = list(generate(5, seed=1, people=300))
    longer = list(generate(12, seed=1, people=300))
    assert longer[:5] == short


def test_corpus_articles_are_dated_unique_and_of_the_requested_count() -> None:
    articles = list(generate(40, seed=0, people=300, mechanisms=40))
    assert len(articles) == 40
    assert all(DATE_LINE.match(a.text) for a in articles)
    assert all(a.text.startswith(f" date {a.published}\n") for a in articles)
    assert len({a.text for a in articles}) == 40
    assert len({a.url for a in articles}) == 40
    assert all(len(a.text.split()) > 150 for a in articles)


def test_world_people_are_distinct_and_multicultural() -> None:
    world = World(seed=2, people=600, mechanisms=20)
    names = [o.name for officials in world.officials.values() for o in officials]
    assert len(names) == 600
    assert len(set(names)) == 600
    assert len({o.country.culture for officials in world.officials.values() for o in officials}) >= 7


def test_corpus_writes_text_files_and_json_lines(tmp_path: Path) -> None:
    assert write(generate(7, seed=5, people=300), tmp_path / "txt") == 7
    files = sorted((tmp_path / "txt").glob("*.txt"))
    assert len(files) == 7
    assert DATE_LINE.match(files[0].read_text(encoding="utf-8"))
    assert write(generate(7, seed=5, people=300), tmp_path / "c.jsonl") == 7
    records = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 7
    assert set(records[0]) == {"text", "published", "title", "url"}
    assert not records[0]["text"].startswith(" date")


def small_universe(seed: int = 0) -> Universe:
    return Universe(Sizes.for_meetings(230, per_article=20), seed)


def test_graph_generator_is_deterministic_and_sized() -> None:
    first = [e.model_dump() for e in small_universe().extractions()]
    again = [e.model_dump() for e in small_universe().extractions()]
    assert first == again
    assert first != [e.model_dump() for e in small_universe(seed=1).extractions()]
    extractions = list(small_universe().extractions())
    assert len(extractions) == 12  # 230 meetings, 20 per article
    events = ("Meeting", "Session", "Visit")
    labels = Counter(n.label for e in extractions for n in e.nodes if n.label in events)
    assert labels == {"Meeting": 230, "Session": 12, "Visit": 12}


def test_graph_extractions_are_valid_without_duplicate_ids() -> None:
    universe = small_universe()
    assert len({p.id for p in universe.people}) == len(universe.people) == 23
    assert len({m.id for m in universe.mechanisms}) == len(universe.mechanisms)
    events: Counter[str] = Counter()
    for extraction in universe.extractions():
        Extraction.model_validate(extraction.model_dump())
        ids = [n.id for n in extraction.nodes]
        assert len(ids) == len(set(ids))
        known = {*ids, extraction.article.id}
        assert all(r.start in known and r.end in known for r in extraction.relationships)
        rel_keys = [(r.type, r.start, r.end, r.key) for r in extraction.relationships]
        assert len(rel_keys) == len(set(rel_keys))
        events.update(n.id for n in extraction.nodes if n.label in ("Meeting", "Session", "Visit"))
    assert max(events.values()) == 1


def test_graph_loads_into_the_embedded_store(tmp_path: Path) -> None:
    universe = Universe(Sizes.for_meetings(60, per_article=20), seed=0)
    store = open_store(str(tmp_path / "store"))
    try:
        assert ensure_loaded(store, universe)["reused"] is False
        assert loaded(store, universe)
        assert store.stats().nodes["Meeting"] == 60
        assert ensure_loaded(store, universe)["reused"] is True
    finally:
        store.close()


def test_a_store_holding_another_graph_of_the_same_size_is_reloaded(tmp_path: Path) -> None:
    """Same counts, same article ids, other content (as from an older generator): not reused."""
    sizes = Sizes.for_meetings(60, per_article=20)
    universe = Universe(sizes, seed=0)
    other = Universe(dataclasses.replace(sizes, people=sizes.people + 7), seed=0)
    store = open_store(str(tmp_path / "store"))
    try:
        store.upsert_many(other.extractions())
        assert store.stats().nodes["Article"] == 3 and not loaded(store, universe)
        result = ensure_loaded(store, universe)
        assert result["reused"] is False and result["resumed_at"] == 0
        assert loaded(store, universe)
        assert store.stats().nodes["Meeting"] == 60
    finally:
        store.close()


def test_an_interrupted_load_goes_on_where_it_stopped(tmp_path: Path) -> None:
    universe = Universe(Sizes.for_meetings(60, per_article=20), seed=0)
    store = open_store(str(tmp_path / "store"))
    try:
        store.upsert_many(list(universe.extractions())[:2])
        result = ensure_loaded(store, universe)
        assert result["resumed_at"] == 2
        assert result["articles"] == 1
        assert loaded(store, universe)
    finally:
        store.close()
