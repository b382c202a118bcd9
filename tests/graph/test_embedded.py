"""Behaviour only the embedded store has: files, crash safety, the directory lock, threads, speed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from graph import GraphError, InvalidExtraction, Node, Relationship, StoreCorrupt
from graph.embedded import EmbeddedStore
from graph.model import Extraction
from graph.views import MeetingFilter, Page
from tests.conftest import record_calls
from tests.graph import factories as f

ROOT = Path(__file__).resolve().parents[2]


def small_article(i: int) -> Extraction:
    """Article i: one meeting of two invented people, distinct per i."""
    b = f.ExtractionBuilder(
        f"art-{i:05d}", "2025-01-01", f"Report {i}", f"hash-{i}", f"https://example.org/{i}"
    )
    b.node(f.KENYA, "Country", "Kenya")
    b.node(f"person:p{i}", "Person", f"Person Number{i}", country=f.KENYA)
    b.node(f"meeting:m{i}", "Meeting", f"Meeting {i}", date=f"2025-01-{1 + i % 28:02d}")
    b.rel("PARTICIPATED_IN", f"person:p{i}", f"meeting:m{i}", f"Person Number{i} met someone.")
    b.reported(f"meeting:m{i}", f"Meeting {i} took place.")
    return b.build()


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    return tmp_path / "store"


def journal_lines(directory: Path) -> list[str]:
    return (directory / "journal.jsonl").read_text().splitlines()


def test_journal_then_snapshot_on_close(directory: Path) -> None:
    store = EmbeddedStore(directory)
    store.upsert(f.kenya_japan())
    store.upsert(f.kenya_japan())  # unchanged: nothing journaled
    lines = journal_lines(directory)
    assert json.loads(lines[0]) == {"generation": 0}
    assert [json.loads(line)["op"] for line in lines[1:]] == ["upsert"]
    store.close()
    store.close()  # idempotent
    assert journal_lines(directory) == ['{"generation":1}']
    header, *lines = (directory / "snapshot.json").read_text().splitlines()
    assert json.loads(header) == {"format": 2, "generation": 1}
    records = [json.loads(line) for line in lines]  # one record a line
    assert f.NUNEZ in {r[1] for r in records if r[0] == "n"}
    assert records[-1][0] == "end"
    with pytest.raises(GraphError, match="closed"):
        store.stats()


def test_triples_kept_as_json_on_the_article(directory: Path) -> None:
    store = EmbeddedStore(directory)
    ex = f.kenya_japan()
    store.upsert(ex)
    article = store.get_node(f.ART_A)
    assert article is not None and isinstance(article.props["triples"], str)
    triples = json.loads(article.props["triples"])
    assert len(triples) == len(ex.triples) and triples[0]["article"] == f.ART_A
    store.close()


def test_torn_last_line_is_ignored_and_cut(directory: Path) -> None:
    store = EmbeddedStore(directory)
    store.upsert(small_article(1))
    store._dirlock.release()  # simulate the process dying without close()
    with (directory / "journal.jsonl").open("a") as fh:
        fh.write('{"op":"upsert","extraction":{"article":')  # a crash in the middle of an append
    again = EmbeddedStore(directory)
    assert [a.id for a in again.list_articles().items] == ["art-00001"]
    again.upsert(small_article(2))  # the torn tail is cut before this line is written
    again._dirlock.release()
    third = EmbeddedStore(directory)
    assert [a.id for a in third.list_articles().items] == ["art-00001", "art-00002"]  # same day: by id
    third.close()


def test_unreadable_middle_line_is_corruption(directory: Path) -> None:
    store = EmbeddedStore(directory)
    store.upsert(small_article(1))
    store._dirlock.release()
    lines = journal_lines(directory)
    (directory / "journal.jsonl").write_text("\n".join([lines[0], "{garbage", lines[1]]) + "\n")
    with pytest.raises(StoreCorrupt, match="middle of the journal"):
        EmbeddedStore(directory)


def test_corrupt_snapshot_is_reported(directory: Path) -> None:
    directory.mkdir()
    (directory / "snapshot.json").write_text('{"format": 1, "generation": 3, "nodes": [')
    with pytest.raises(StoreCorrupt, match="snapshot.json"):
        EmbeddedStore(directory)
    (directory / "snapshot.json").write_text('{"something": "else"}')
    with pytest.raises(StoreCorrupt, match="not a diplograph snapshot"):
        EmbeddedStore(directory)


def test_stale_journal_after_interrupted_compaction_is_ignored(directory: Path) -> None:
    store = EmbeddedStore(directory)
    store.upsert(f.kenya_japan())
    store.upsert(f.second_report())
    store.delete_article(f.ART_A)
    old_journal = (directory / "journal.jsonl").read_bytes()
    expected = list(store.iter_nodes())
    store.close()  # snapshot generation 1 with everything, fresh journal
    # A crash between the snapshot's rename and the journal's reset leaves the old journal behind.
    (directory / "journal.jsonl").write_bytes(old_journal)
    again = EmbeddedStore(directory)
    assert list(again.iter_nodes()) == expected
    again.upsert(small_article(1))  # and the stale journal is replaced, not extended
    assert json.loads(journal_lines(directory)[0]) == {"generation": 1}
    again.close()


def test_not_a_directory(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(GraphError, match="not a directory"):
        EmbeddedStore(tmp_path / "file")


def test_label_conflict_is_invalid(directory: Path) -> None:
    store = EmbeddedStore(directory)
    store.upsert(f.kenya_japan())
    b = f.ExtractionBuilder("art-z", "2025-01-01", "Z", "hash-z", "https://example.org/z")
    b.node(f.NAIROBI, "Country", "Nairobi")
    with pytest.raises(InvalidExtraction, match="labelled"):
        store.upsert(b.build())
    assert store.get_article("art-z") is None
    store.close()


def test_upsert_many_appends_with_one_fsync(directory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = EmbeddedStore(directory)
    store.upsert(small_article(0))  # the journal file exists now
    calls = record_calls(monkeypatch, os, "fsync")
    results = store.upsert_many([small_article(i) for i in range(1, 6)])
    assert [r.status for r in results] == ["created"] * 5
    assert len(calls) == 1
    assert len(journal_lines(directory)) == 1 + 6
    monkeypatch.undo()
    store.close()


def test_compaction_when_journal_grows(directory: Path) -> None:
    store = EmbeddedStore(directory, compact_bytes=1)  # compact whenever the journal outgrows the snapshot
    for i in range(10):
        store.upsert(small_article(i))
        journal = (directory / "journal.jsonl").stat().st_size
        assert journal <= (directory / "snapshot.json").stat().st_size + 4096
    generation = json.loads(journal_lines(directory)[0])["generation"]
    assert generation >= 2
    store._dirlock.release()  # no close(): what is on disk must already hold every write
    again = EmbeddedStore(directory)
    assert again.stats().nodes["Article"] == 10
    again.close()


def test_second_writer_in_same_directory_gets_clear_error(directory: Path) -> None:
    first = EmbeddedStore(directory)
    first.upsert(f.kenya_japan())
    second = EmbeddedStore(directory)  # opens read-only: the lock is taken
    assert second.get_meeting(f.MEETING_NAIROBI) is not None
    with pytest.raises(GraphError, match=f"another process \\(pid {os.getpid()}\\)"):
        second.upsert(f.second_report())
    first.upsert(f.second_report())
    assert second.get_meeting(f.MEETING_SANTIAGO) is not None  # the reader follows the journal
    first.close()  # compaction replaces both files: the reader reloads
    assert second.stats() == first_stats(directory)
    assert second.delete_article(f.ART_B) is True  # the lock is free now
    assert second.get_meeting(f.MEETING_SANTIAGO) is None
    second.close()


def first_stats(directory: Path) -> object:
    reader = EmbeddedStore(directory)
    try:
        return reader.stats()
    finally:
        reader.close()


def test_other_process_cannot_write(directory: Path) -> None:
    store = EmbeddedStore(directory)
    store.upsert(small_article(1))
    code = (
        "import sys\nfrom graph.embedded import EmbeddedStore\nfrom graph import GraphError\n"
        "from tests.graph.test_embedded import small_article\n"
        f"s = EmbeddedStore({str(directory)!r})\nprint(s.stats().nodes['Article'])\n"
        "try:\n    s.upsert(small_article(2))\nexcept GraphError as e:\n    print('refused', e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == "1"
    assert out.stdout.splitlines()[1].startswith("refused store directory")
    assert f"being written by another process (pid {os.getpid()})" in out.stdout
    store.close()


def test_kill_9_keeps_every_acknowledged_write(directory: Path) -> None:
    code = (
        "import sys\nfrom graph.embedded import EmbeddedStore\n"
        "from tests.graph.test_embedded import small_article\n"
        f"s = EmbeddedStore({str(directory)!r}, compact_bytes=20000)\n"
        "for i in range(100000):\n    s.upsert(small_article(i))\n    print(i, flush=True)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    acknowledged = -1
    for line in proc.stdout:
        acknowledged = int(line)
        if acknowledged >= 60:  # past several compactions
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    store = EmbeddedStore(directory)
    count = store.stats().nodes["Article"]
    assert count >= acknowledged + 1
    assert [a.id for a in store.list_articles(limit=count).items] == [f"art-{i:05d}" for i in range(count)]
    assert store.upsert(small_article(count)).status == "created"  # and it goes on
    store.close()


def test_threads_share_one_store(directory: Path) -> None:
    store = EmbeddedStore(directory)
    errors: list[BaseException] = []

    def work(start: int) -> None:
        try:
            for i in range(start, start + 25):
                store.upsert(small_article(i))
                store.list_meetings(MeetingFilter(country="Kenya"), limit=5)
        except BaseException as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n * 100,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.stats().nodes["Meeting"] == 100
    assert store.list_meetings(MeetingFilter(country=f.KENYA)).total == 100
    store.close()


class CountingNodes(dict):  # type: ignore[type-arg]
    """The graph's node table, counting every node it hands out (a scan reads them all)."""

    reads = 0

    def __getitem__(self, key: str) -> Any:
        self.reads += 1
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.reads += 1
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self.reads += 1
        return super().__contains__(key)

    def __iter__(self) -> Iterator[str]:
        self.reads += len(self)
        return super().__iter__()

    def items(self) -> Any:
        self.reads += len(self)
        return super().items()

    def values(self) -> Any:
        self.reads += len(self)
        return super().values()


def test_queries_on_a_large_graph_read_only_what_they_answer(directory: Path) -> None:
    """20 000 meetings among 500 people: per-person queries follow the person's relationships and the
    indexes; none reads more than a small part of the graph's nodes (a scan would read them all)."""
    people = [f"person:bulk-{i:03d}" for i in range(500)]
    nodes = [
        Node(id=p, label="Person", name=f"Bulk Person{i:03d} Surname{i:03d}") for i, p in enumerate(people)
    ]
    nodes.append(Node(id=f.KENYA, label="Country", name="Kenya"))
    rels: list[Relationship] = []
    for i in range(20_000):
        meeting, meeting_rels = f.synthetic_meeting(i, people, f.KENYA, i)
        nodes.append(meeting)
        rels += meeting_rels
    article = Node(id="art-bulk", label="Article", name="Bulk", props={"content_hash": "bulk"})
    store = EmbeddedStore(directory)
    store.upsert(Extraction(article=article, nodes=nodes, relationships=rels))
    store.search("warm-up")  # builds the name index once
    store.list_meetings(MeetingFilter(), limit=1)  # and the date-sorted meeting list
    counting = store._mg.nodes = CountingNodes(store._mg.nodes)
    total = len(counting)
    reads: dict[str, int] = {}
    calls: dict[str, Callable[[], object]] = {
        "person": lambda: store.list_meetings(MeetingFilter(person="Surname123"), limit=20),
        "timeline": lambda: store.timeline(people[123]),
        "path": lambda: store.shortest_path(people[1], people[400]),
        "search": lambda: store.search("person042"),
        "page": lambda: store.list_meetings(MeetingFilter(), limit=20, offset=100),
    }
    for name, call in calls.items():
        counting.reads = 0
        result = call()
        reads[name] = counting.reads
        assert result, name
    assert max(reads.values()) < total // 10, (reads, total)
    timeline = store.timeline(people[123])
    assert timeline is not None
    assert store.list_meetings(MeetingFilter(person="Surname123")).total == len(timeline.items)
    store.close()


def test_pages_are_plain_pages_that_survive_a_full_gc_pass(directory: Path) -> None:
    """A list answers a `Page` of the class the module defines. A `Page[T]` made per call for a type
    variable is held by nothing but pydantic's weak cache: each full GC pass freed it, and the next list
    paid ~0.7 ms to build the class again."""
    import gc

    store = EmbeddedStore(directory)
    store.upsert(f.kenya_japan())
    first = store.list_meetings(MeetingFilter(), limit=5)
    gc.collect()
    second = store.list_meetings(MeetingFilter(), limit=5)
    assert type(first) is Page and type(second) is Page
    assert first == second and first.total >= 1
    store.close()
