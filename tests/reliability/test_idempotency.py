"""Ingesting the same articles again changes nothing, byte for byte; an article whose text changed
replaces its evidence and takes with it the events no other article supports."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from graph import GraphStore
from graph.views import MeetingFilter, VisitFilter
from ingest.extract import Extractor
from ingest.pipeline import ingest_paths
from tests.reliability.conftest import counts, snapshot
from tests.reliability.corpus import SEEDS, article_text


def test_seeds_twice_is_byte_identical(
    store: GraphStore, extractor: Extractor, reopen: Callable[[], GraphStore]
) -> None:
    first = ingest_paths([SEEDS], store, extractor)
    assert (first.ingested, first.failed) == (5, [])
    before = snapshot(store)
    assert before.counts["nodes"]["Article"] == 5
    second = ingest_paths([SEEDS], store, extractor)
    assert (second.ingested, second.unchanged, second.failed) == (5, 5, [])
    assert snapshot(store) == before
    store.close()
    again = reopen()  # what was persisted, read by a new store object
    try:
        assert snapshot(again) == before
        third = ingest_paths([SEEDS], again, extractor)
        assert third.unchanged == 5
        assert snapshot(again) == before
    finally:
        again.close()


def parts(i: int) -> list[str]:
    """Article i of the corpus as [date line + lead, headline, talks, session, visit + anniversary]."""
    return article_text(i).rstrip("\n").split("\n\n")


def evidence_of(store: GraphStore, article_id: str) -> list[str]:
    return [
        e.sentence
        for rel in store.iter_relationships()
        for e in rel.evidence
        if e.article_id == article_id and e.sentence
    ]


def test_changed_text_replaces_evidence_and_orphaned_events(
    store: GraphStore, extractor: Extractor, tmp_path: Path
) -> None:
    p = parts(7)
    session_number = int(re.search(r"the (\d+)\w\w session", p[3]).group(1))  # type: ignore[union-attr]
    changed_session = p[3].replace(f"the {session_number}", f"the {session_number + 1}", 1)
    old_text = "\n\n".join(p) + "\n"
    new_text = "\n\n".join([*p[:3], changed_session]) + "\n"
    assert old_text != new_text

    a, b = tmp_path / "in" / "a.txt", tmp_path / "other" / "b.txt"
    a.parent.mkdir()
    b.parent.mkdir()
    a.write_text(old_text, encoding="utf-8")
    b.write_text("\n\n".join(p[:3]) + "\n", encoding="utf-8")  # the same talks, nothing else
    assert ingest_paths([a, b], store, extractor).failed == []
    meetings = store.list_meetings(MeetingFilter()).items
    assert len(meetings) == 1, "both articles report the same talks"
    assert {s.article_id for s in meetings[0].sources} == {"a.txt", "b.txt"}
    (visit,) = store.list_visits(VisitFilter()).items
    old_sessions = {s.id: s.number for m in store.list_mechanisms().items for s in m.sessions}
    assert list(old_sessions.values()) == [session_number]

    a.write_text(new_text, encoding="utf-8")
    summary = ingest_paths([a], store, extractor)
    assert (summary.ingested, summary.updated, summary.failed) == (1, 1, [])

    stored = store.get_article("a.txt")
    assert stored is not None and stored.content_hash is not None
    sentences = evidence_of(store, "a.txt")
    assert sentences, "the new text is cited"
    flat_new = re.sub(r"\s+", " ", new_text)
    stale = [s for s in sentences if re.sub(r"\s+", " ", s) not in flat_new]
    assert stale == [], "evidence from the old text survived"
    assert store.get_node(visit.id) is None, "the visit only the old text reported is still there"
    for session_id in old_sessions:
        assert store.get_node(session_id) is None, "the session only the old text reported is still there"
    new_sessions = [s.number for m in store.list_mechanisms().items for s in m.sessions]
    assert new_sessions == [session_number + 1]
    (meeting,) = store.list_meetings(MeetingFilter()).items
    assert meeting.id == meetings[0].id
    assert {s.article_id for s in meeting.sources} == {"a.txt", "b.txt"}

    # The same as if the old text had never been read: counts of a fresh store with b, then a's new text.
    updated = counts(store)
    store.clear()
    assert ingest_paths([b, a], store, extractor).failed == []
    assert counts(store) == updated

