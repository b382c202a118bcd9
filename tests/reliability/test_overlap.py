"""Articles that share people and countries, read one after another, keep their distinct events apart:
what the concurrency test compares its concurrent run against must itself be right."""

from __future__ import annotations

from pathlib import Path

from graph import GraphStore
from ingest.extract import Extractor
from ingest.pipeline import ingest_paths
from tests.reliability.corpus import article_text


def test_anniversaries_of_different_country_pairs_stay_apart(
    store: GraphStore, extractor: Extractor, tmp_path: Path
) -> None:
    """Articles 0, 2 and 4 each mark a 50th anniversary in 2025, of three different pairs of countries."""
    articles = tmp_path / "articles"
    articles.mkdir()
    for i in range(5):
        (articles / f"{i}.txt").write_text(article_text(i), encoding="utf-8")
    assert ingest_paths([articles], store, extractor).failed == []
    anniversaries = store.list_anniversaries().items
    assert len(anniversaries) == 5, [(a.id, [c.id for c in a.countries]) for a in anniversaries]
    for anniversary in anniversaries:
        assert len(anniversary.countries) == 2, (anniversary.id, [c.id for c in anniversary.countries])
        assert len(anniversary.sources) == 1, (anniversary.id, anniversary.sources)
