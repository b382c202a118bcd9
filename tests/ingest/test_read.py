"""Reading: dates in the first line or the page header, cleaning, ids, failures never raised."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ingest.errors import ArticleRejected
from ingest.read import Article, ReadFailure, article_from_text, read_paths
from tests.ingest.conftest import SEEDS

ENGLISH = "The minister met his counterpart in the capital and they discussed trade and investment. "


def test_seed_ids_are_file_names_and_dates_come_from_line_or_header() -> None:
    items = list(read_paths([SEEDS]))
    assert all(isinstance(i, Article) for i in items)
    articles = {a.id: a for a in items if isinstance(a, Article)}
    assert sorted(articles) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert articles["000_4c2b319215bd20df.txt"].published == dt.date(2025, 4, 4)
    assert articles["003_91dff8f65ae8c272.txt"].published == dt.date(2024, 10, 25)  # "Fri, 25th Oct 2024"
    assert articles["004_69fd38b8e611b786.txt"].published == dt.date(2025, 9, 25)  # "...Tế25/09/2025"
    assert articles["001_96881ff09449d9ac.txt"].published is None


def test_date_line_text_continues_on_the_same_line() -> None:
    article = article_from_text(" date 2025-04-04 Deputy Minister X arrived. " + ENGLISH)
    assert article.published == dt.date(2025, 4, 4)
    assert article.text.startswith("Deputy Minister X arrived.")


def test_boilerplate_goes_captions_and_body_stay() -> None:
    articles = {a.id: a for a in read_paths([SEEDS]) if isinstance(a, Article)}
    text = articles["004_69fd38b8e611b786.txt"].text
    assert "Comment (0)" not in text and "Same tag" not in text and "No data" not in text
    assert "Ha Long Bay" not in text and "Bầu không khí" not in text and "Source:" not in text
    assert "held a brief meeting with Russian President" in text  # a photo caption carries a fact
    assert "(Source: VNA)" not in text
    assert not articles["001_96881ff09449d9ac.txt"].text.startswith("Events")


def test_breadcrumbs_and_related_lists_go() -> None:
    text = "Home | World | Africa\n\nHeadline here\n\n" + ENGLISH + "\nRelated articles\nOther story one"
    article = article_from_text(text)
    assert "Home |" not in article.text and "Other story" not in article.text


def test_id_is_source_when_given_else_content_hash() -> None:
    a = article_from_text(ENGLISH)
    assert a.id.startswith("sha256:") and len(a.id) == len("sha256:") + 16
    assert a.id == article_from_text(ENGLISH).id
    assert article_from_text(ENGLISH, url="https://x.test/a").id == "https://x.test/a"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("   \n ", "empty"),
        (
            "Bầu không khí mới trong quan hệ Việt Nam và Nga được thúc đẩy mạnh mẽ trong năm nay.",
            "not English",
        ),
        ("a\x00b " + ENGLISH, "binary"),
        (ENGLISH * 50, "too long"),
    ],
)
def test_rejected_articles_say_why(text: str, reason: str) -> None:
    with pytest.raises(ArticleRejected, match=reason):
        article_from_text(text, max_chars=1000)


def test_read_paths_reports_failures_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "a.txt").write_bytes(b"\xff\xfe bad")
    (tmp_path / "c.bin").write_bytes(b"\x00\x01\x02")
    (tmp_path / "d.jsonl").write_text(
        "\n".join(
            [
                json.dumps(
                    {"text": ENGLISH, "published": "2024-01-02", "title": "T", "url": "https://x.test/1"}
                ),
                "{not json",
                json.dumps({"title": "no text"}),
            ]
        ),
        encoding="utf-8",
    )
    items = list(read_paths([tmp_path, tmp_path / "missing.txt"]))
    failures = [i for i in items if isinstance(i, ReadFailure)]
    articles = [i for i in items if isinstance(i, Article)]
    assert [a.id for a in articles] == ["https://x.test/1", "sub/b.txt"]
    assert articles[0].published == dt.date(2024, 1, 2) and articles[0].title == "T"
    reasons = {(f.source, f.line): f.reason for f in failures}
    assert "UTF-8" in reasons[("a.txt", None)]
    assert "binary" in reasons[("c.bin", None)]
    assert "JSON" in reasons[("d.jsonl", 2)] and "text" in reasons[("d.jsonl", 3)]
    assert any("no such file" in f.reason for f in failures)


def test_a_json_line_that_is_not_utf8_fails_alone(tmp_path: Path) -> None:
    good = json.dumps({"text": ENGLISH, "url": "https://example.org/a"}).encode()
    path = tmp_path / "feed.jsonl"
    path.write_bytes(good + b"\n" + b'{"text": "caf\xe9"}\n' + good.replace(b"/a", b"/b") + b"\n")
    items = list(read_paths([path]))
    assert [type(i).__name__ for i in items] == ["Article", "ReadFailure", "Article"]
    failure = items[1]
    assert isinstance(failure, ReadFailure) and failure.line == 2 and "UTF-8" in failure.reason
