"""An embedded store shared by several processes (`EmbeddedStore(shared=True)`, the API's workers):
each write is seen by every read that starts after it, in any process, and nothing is lost when they
write at the same time, through compactions, or while an exclusive writer holds the directory."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import StoreUnavailable
from graph.embedded import EmbeddedStore
from graph.model import Node, Relationship
from graph.views import MeetingFilter
from tests.conftest import record_calls
from tests.graph import factories as f
from tests.graph.test_embedded import ROOT, small_article


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def pair(directory: Path) -> Iterator[tuple[EmbeddedStore, EmbeddedStore]]:
    """Two shared stores on one directory: two processes, as far as the flock is concerned (each
    has its own open file description)."""
    a, b = EmbeddedStore(directory, shared=True), EmbeddedStore(directory, shared=True)
    yield a, b
    a.close()
    b.close()


def graph_of(store: EmbeddedStore) -> tuple[list[Node], list[Relationship]]:
    return list(store.iter_nodes()), list(store.iter_relationships())


def fresh_graph(directory: Path) -> tuple[list[Node], list[Relationship]]:
    store = EmbeddedStore(directory)
    try:
        return graph_of(store)
    finally:
        store.close()


def test_a_write_is_read_at_once_by_the_other_store(pair: tuple[EmbeddedStore, EmbeddedStore]) -> None:
    a, b = pair
    assert a.upsert(f.kenya_japan()).status == "created"
    assert b.get_meeting(f.MEETING_NAIROBI) is not None
    assert b.upsert(f.second_report()).status == "created"
    assert a.get_meeting(f.MEETING_SANTIAGO) is not None
    assert a.upsert(f.second_report()).status == "unchanged"  # it follows before it writes
    assert a.delete_article(f.ART_B) is True
    assert b.get_meeting(f.MEETING_SANTIAGO) is None
    assert b.delete_article(f.ART_B) is False
    assert graph_of(a) == graph_of(b)


def test_no_store_keeps_the_lock(pair: tuple[EmbeddedStore, EmbeddedStore], directory: Path) -> None:
    a, _ = pair
    a.upsert(small_article(1))
    exclusive = EmbeddedStore(directory)  # a CLI ingest, say: it gets the lock between two writes
    try:
        assert exclusive.upsert(small_article(2)).status == "created"
    finally:
        exclusive.close()


def test_writes_at_the_same_time_all_land(pair: tuple[EmbeddedStore, EmbeddedStore], directory: Path) -> None:
    a, b = pair
    errors: list[BaseException] = []

    def work(store: EmbeddedStore, start: int) -> None:
        try:
            for i in range(start, start + 40):
                store.upsert(small_article(i))
                store.list_meetings(MeetingFilter(country=f.KENYA), limit=3)
        except BaseException as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(s, n * 100)) for n, s in enumerate((a, b, a, b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert a.stats().nodes["Meeting"] == b.stats().nodes["Meeting"] == 160
    assert graph_of(a) == graph_of(b) == fresh_graph(directory)


def test_compaction_by_one_is_followed_by_the_other(directory: Path) -> None:
    a = EmbeddedStore(directory, shared=True, compact_bytes=1)  # compacts after every write
    b = EmbeddedStore(directory, shared=True)
    try:
        for i in range(6):
            (a if i % 2 else b).upsert(small_article(i))
            assert a.stats() == b.stats()
        header = json.loads((directory / "journal.jsonl").read_text().splitlines()[0])
        assert header["generation"] >= 2  # compactions happened, by a, between b's writes
        assert b.delete_article("art-00001") and a.get_article("art-00001") is None
        assert graph_of(a) == graph_of(b) == fresh_graph(directory)
    finally:
        a.close()
        b.close()
    assert fresh_graph(directory)[0] == graph_of_written(directory)


def graph_of_written(directory: Path) -> list[Node]:
    """The nodes of articles 0, 2..5 written by one store in another directory: the same graph."""
    other = directory.parent / "reference"
    store = EmbeddedStore(other)
    try:
        store.upsert_many([small_article(i) for i in (0, 2, 3, 4, 5)])
        return list(store.iter_nodes())
    finally:
        store.close()


def test_a_write_waits_for_an_exclusive_writer_then_gives_up(directory: Path) -> None:
    exclusive = EmbeddedStore(directory)  # holds the lock until it closes
    shared = EmbeddedStore(directory, shared=True, lock_timeout=0.2)
    try:
        exclusive.upsert(small_article(1))
        with pytest.raises(StoreUnavailable, match="cannot be written now"):
            shared.upsert(small_article(2))
        assert shared.get_article("art-00001") is not None  # reads go on, following the writer
        assert shared.get_article("art-00002") is None
    finally:
        exclusive.close()
    try:
        assert shared.upsert(small_article(2)).status == "created"
    finally:
        shared.close()
    assert [n.id for n in fresh_graph(directory)[0] if n.label == "Article"] == ["art-00001", "art-00002"]


def test_two_processes_write_at_the_same_time(directory: Path) -> None:
    EmbeddedStore(directory, shared=True).close()
    code = (
        "import sys\nfrom graph.embedded import EmbeddedStore\n"
        "from tests.graph.test_embedded import small_article\n"
        f"s = EmbeddedStore({str(directory)!r}, shared=True, compact_bytes=20000)\n"
        "start = int(sys.argv[1])\n"
        "for i in range(start, start + 60):\n    s.upsert(small_article(i))\n"
        "s.close()\n"
    )
    command = [sys.executable, "-c", code]
    procs = [
        subprocess.Popen([*command, str(start)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for start in (0, 1000)
    ]
    for proc in procs:
        _, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr
    nodes, _ = fresh_graph(directory)
    articles = sorted(n.id for n in nodes if n.label == "Article")
    assert articles == sorted(f"art-{i:05d}" for start in (0, 1000) for i in range(start, start + 60))


def journal_ops(directory: Path) -> int:
    return len((directory / "journal.jsonl").read_text().splitlines()) - 1  # after the header


def test_at_close_the_last_writer_compacts_and_nobody_reloads(
    pair: tuple[EmbeddedStore, EmbeddedStore], directory: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = pair
    a.upsert(small_article(1))
    b.upsert(small_article(2))  # a has not read since: it is behind the files
    reloads = record_calls(monkeypatch, EmbeddedStore, "_load")
    a.close()  # leaves the journal to b, which wrote last
    assert journal_ops(directory) == 2
    b.close()
    assert journal_ops(directory) == 0  # compacted into the snapshot
    assert reloads == []
    assert [n.id for n in fresh_graph(directory)[0] if n.label == "Article"] == ["art-00001", "art-00002"]


def test_a_dossier_is_read_from_one_state_of_the_files(
    pair: tuple[EmbeddedStore, EmbeddedStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dossier is some thirty reads; a write by another process between two of them is seen by the
    next dossier, not by the rest of this one (and the files are checked once per dossier)."""
    a, b = pair
    a.upsert(f.kenya_japan())
    assert b.get_meeting(f.MEETING_NAIROBI) is not None  # b has caught up
    original = b.list_meeting_digests

    def meanwhile(*args: object, **kwargs: object) -> object:
        if a.get_article(f.ART_A) is not None:
            assert a.delete_article(f.ART_A) is True  # lands after the dossier's first reads
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(b, "list_meeting_digests", meanwhile)
    stamps = record_calls(monkeypatch, type(b._files), "stamp", lambda files: files)
    during = b.dossier_facts(f.KENYA, f.JAPAN)
    assert during is not None and stamps.count(b._files) == 1
    assert [m.id for m in during.meetings] == [m.id for m in during.recent] == [f.MEETING_NAIROBI]
    assert [v.id for v in during.visits] == [f.VISIT_SAKAMOTO]
    assert [m.id for m in during.mechanisms] == [f.MECHANISM]
    assert b.dossier_facts(f.KENYA, f.JAPAN) is None  # the next one sees the countries gone with the article
