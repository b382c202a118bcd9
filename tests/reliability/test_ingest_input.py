"""Bad input to ingest: every unusable file or JSON Lines record is reported with a clear reason (and
its line), and the good articles beside it land exactly as if the bad ones were not there."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import GraphStore
from graph.views import MeetingFilter, VisitFilter
from ingest.extract import Extractor
from ingest.pipeline import ingest_paths
from ingest.read import Article, ReadFailure, read_paths
from tests.reliability.badfiles import (
    DEFAULT_MAX_CHARS,
    bad_files,
    jsonl_lines,
    write_good,
    write_mixed,
)
from tests.reliability.conftest import snapshot
from tests.reliability.corpus import article_text


def failure_key(failure: ReadFailure) -> str:
    return f"{failure.source}:{failure.line}" if failure.line else failure.source


@pytest.mark.parametrize("bad", bad_files(), ids=lambda b: b.name)
def test_each_bad_file_is_one_failure_with_its_reason(tmp_path: Path, bad) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / bad.name
    path.write_bytes(bad.content)
    for arg in (path, tmp_path):  # named as a file, or found in a directory
        items = list(read_paths([arg]))
        assert len(items) == 1, items
        failure = items[0]
        assert isinstance(failure, ReadFailure), failure
        assert failure.source == bad.name and failure.line is None
        assert bad.reason in failure.reason.lower(), failure.reason


def test_the_size_limit_is_a_setting_and_exact(tmp_path: Path) -> None:
    text = article_text(0)
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    assert isinstance(next(read_paths([path], max_chars=len(text))), Article)
    failure = next(read_paths([path], max_chars=len(text) - 1))
    assert isinstance(failure, ReadFailure)
    assert failure.reason == f"too long: {len(text)} characters (limit {len(text) - 1})"
    long = (text * (DEFAULT_MAX_CHARS // len(text) + 1))[:DEFAULT_MAX_CHARS]
    path.write_text(long, encoding="utf-8")
    assert isinstance(next(read_paths([path])), Article)  # the default limit: 200k characters
    path.write_text(long + "x", encoding="utf-8")
    failure = next(read_paths([path]))
    assert isinstance(failure, ReadFailure) and "too long" in failure.reason


def test_malformed_json_lines_are_reported_by_line_and_the_others_are_read(tmp_path: Path) -> None:
    content, bad_lines, good = jsonl_lines()
    path = tmp_path / "feed.jsonl"
    path.write_bytes(content)
    items = list(read_paths([path]))
    failures = {f.line: f for f in items if isinstance(f, ReadFailure)}
    articles = [a for a in items if isinstance(a, Article)]
    assert failures.keys() == bad_lines.keys()
    for line, word in bad_lines.items():
        assert failures[line].source == "feed.jsonl"
        assert word in failures[line].reason.lower(), failures[line]
    assert [a.id for a in articles] == ["https://example.org/a", "https://example.org/b"]
    assert len(articles) == good
    assert str(articles[0].published) == "2024-06-01"


def test_invalid_utf8_in_one_json_line_is_that_line_only(tmp_path: Path) -> None:
    """A record with bytes that are not UTF-8 is one malformed line: reported with its number, and the
    records before and after it are read."""
    content, _, _ = jsonl_lines()
    lines = [line for line in content.split(b"\n") if line.startswith(b'{"text": "')]
    path = tmp_path / "feed.jsonl"
    path.write_bytes(lines[0] + b"\n" + b'{"text": "caf\xe9 au lait"}\n' + lines[-1] + b"\n")
    items = list(read_paths([path]))
    assert [type(i).__name__ for i in items] == ["Article", "ReadFailure", "Article"], items
    failure = items[1]
    assert isinstance(failure, ReadFailure)
    assert failure.line == 2 and "utf-8" in failure.reason.lower(), failure


def test_missing_paths_are_failures_not_exceptions(tmp_path: Path) -> None:
    items = list(read_paths([tmp_path / "nope.txt", tmp_path / "nodir"]))
    assert [type(i) for i in items] == [ReadFailure, ReadFailure]
    assert all("no such file" in i.reason for i in items if isinstance(i, ReadFailure))


def test_no_date_line_leaves_relative_dates_unresolved(
    store: GraphStore, extractor: Extractor, tmp_path: Path
) -> None:
    """Without a publication date, "on Friday", "in June" and "next year" cannot be placed: no guess."""
    body = article_text(5).split("\n", 1)[1].lstrip("\n")
    path = tmp_path / "undated.txt"
    path.write_text(body, encoding="utf-8")
    (article,) = read_paths([path])
    assert isinstance(article, Article) and article.published is None
    summary = ingest_paths([path], store, extractor)
    assert (summary.ingested, summary.failed) == (1, [])
    meetings = store.list_meetings(MeetingFilter()).items
    visits = store.list_visits(VisitFilter()).items
    sessions = [s for m in store.list_mechanisms().items for s in m.sessions]
    assert meetings and visits and sessions, "the undated article must still yield its events"
    assert [m.date for m in meetings] == [None] * len(meetings)
    assert [v.date for v in visits] == [None] * len(visits)
    assert [s.date for s in sessions] == [None] * len(sessions)
    stored = store.get_article("undated.txt")
    assert stored is not None and stored.published is None


def test_mixed_directory_lands_exactly_the_good_articles(
    store: GraphStore, extractor: Extractor, tmp_path: Path, reopen  # type: ignore[no-untyped-def]
) -> None:
    good_ids, expected = write_mixed(tmp_path / "mixed")
    summary = ingest_paths([tmp_path / "mixed"], store, extractor)
    assert {failure_key(f): f.reason for f in summary.failed}.keys() == expected.keys()
    for failure in summary.failed:
        assert expected[failure_key(failure)] in failure.reason.lower(), failure
    assert (summary.read, summary.ingested) == (len(good_ids), len(good_ids))
    assert sorted(a.id for a in store.list_articles(limit=100).items) == sorted(good_ids)
    mixed = snapshot(store)

    # The same good articles alone, in the same order, give the same graph byte for byte.
    store.clear()
    only_good = tmp_path / "good"
    write_good(only_good)
    content, bad_lines, _ = jsonl_lines()
    kept = [line for n, line in enumerate(content.split(b"\n"), 1) if n not in bad_lines and line.strip()]
    (only_good / "feed.jsonl").write_bytes(b"\n".join(kept) + b"\n")
    clean = ingest_paths([only_good], store, extractor)
    assert (clean.ingested, clean.failed) == (len(good_ids), [])
    assert snapshot(store) == mixed
