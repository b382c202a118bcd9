"""The pipeline on the embedded store: cross-article resolution, idempotence, failures, triples."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import GraphStore, open_store
from ingest.extract import Extractor
from ingest.pipeline import IngestSummary, extract_triples, ingest_article, ingest_paths
from ingest.read import ReadFailure, article_from_text
from tests.ingest.conftest import SEEDS


@pytest.fixture(scope="module")
def seeded(
    extractor: Extractor, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[GraphStore, IngestSummary]]:
    store = open_store(str(tmp_path_factory.mktemp("seeds") / "store"))
    summary = ingest_paths([SEEDS], store, extractor)
    yield store, summary
    store.close()


def test_seeds_ingest_and_a_second_run_changes_nothing(
    seeded: tuple[GraphStore, IngestSummary], extractor: Extractor
) -> None:
    store, summary = seeded
    assert (summary.read, summary.ingested, summary.failed) == (5, 5, [])
    assert summary.nodes > 100 and summary.relationships > 200
    again = ingest_paths([SEEDS], store, extractor)
    assert (again.read, again.unchanged) == (5, 5)


def test_people_are_one_node_across_articles(seeded: tuple[GraphStore, IngestSummary]) -> None:
    store, _ = seeded
    people = store.list_people(limit=100).items
    matched = [p for p in people if "Bui Thanh Son" in [p.name, *p.aliases]]
    assert len(matched) == 1 and len(matched[0].articles) == 3
    speakers = [p for p in people if {"Valentina Matviyenko", "Valentina Matvienko"} & {p.name, *p.aliases}]
    assert len(speakers) == 1


def test_same_event_from_two_articles_is_one_node(seeded: tuple[GraphStore, IngestSummary]) -> None:
    store, _ = seeded
    from graph.views import MeetingFilter

    meetings = store.list_meetings(MeetingFilter(person="Konstantin Kosachev"), limit=10).items
    assert len(meetings) == 1
    assert meetings[0].date == "2021-09-27"
    assert {s.article_id for s in meetings[0].sources} == {
        "001_96881ff09449d9ac.txt",
        "002_8a107c24b9c2a333.txt",
    }
    annivs = [a for a in store.list_anniversaries(limit=20).items if a.ordinal == 75]
    assert len(annivs) == 1 and len({s.article_id for s in annivs[0].sources}) == 3


def test_resolution_against_the_store(extractor: Extractor, tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "store"))
    first = article_from_text(
        "Kenyan President Amos Kiprono held talks with Japanese Prime Minister Jun Satou in Tokyo "
        "on March 14.",
        published=dt.date(2024, 3, 15),
        source="a.txt",
    )
    second = article_from_text(
        "Japanese Prime Minister Jun Sato held talks with Kenyan President Amos Kiprono. "
        "Kiprono thanked him.",
        source="b.txt",
    )
    result, _ = ingest_article(first, store, extractor)
    assert result.status == "created"
    _, resolved = ingest_article(second, store, extractor)
    people = store.list_people(limit=10).items
    assert len(people) == 2
    from graph.views import MeetingFilter

    (meeting,) = store.list_meetings(MeetingFilter(), limit=10).items
    assert meeting.date == "2024-03-14" and len(meeting.sources) == 2
    assert any(t.predicate == "PARTICIPATED_IN" for t in resolved.triples)
    store.close()


def test_failures_are_listed_and_the_rest_goes_on(extractor: Extractor, tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe")
    (tmp_path / "good.txt").write_text(
        "President Ana Ribeiro met with President Om Prakash.", encoding="utf-8"
    )
    store = open_store(str(tmp_path / "store"))
    progress: list[int] = []
    summary = ingest_paths(
        [tmp_path / "bad.txt", tmp_path / "good.txt"], store, extractor, on_progress=progress.append
    )
    assert summary.read == 1 and summary.ingested == 1
    assert [f.source for f in summary.failed] == ["bad.txt"] and sum(progress) == 2
    store.close()


def test_extract_triples_carry_evidence(extractor: Extractor) -> None:
    items = list(extract_triples([SEEDS / "000_4c2b319215bd20df.txt", SEEDS / "missing.txt"], extractor))
    failures = [i for i in items if isinstance(i, ReadFailure)]
    triples = [i for i in items if not isinstance(i, ReadFailure)]
    assert len(failures) == 1
    assert all(t.evidence and t.article == "000_4c2b319215bd20df.txt" for t in triples)
    predicates = {t.predicate for t in triples}
    assert {"PARTICIPATED_IN", "HOLDS_POSITION", "MADE", "REPORTED_IN", "OF"} <= predicates
    holds = next(t for t in triples if t.predicate == "HOLDS_POSITION")
    assert holds.qualifiers["as_of"] == "2025-04-04" and holds.qualifiers["title"]
