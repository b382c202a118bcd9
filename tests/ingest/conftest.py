"""Shared fixtures: one spaCy pipeline and one Extractor per test session (the machine is small)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph.model import Extraction
from ingest.document import DocModel, build_doc
from ingest.events import Events, find_events
from ingest.events.base import Party
from ingest.extract import Extractor
from ingest.nlp import load_pipeline
from ingest.read import Article, article_from_text, read_paths
from ingest.resolve import resolve_people

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ARTICLES = Path(__file__).resolve().parent / "articles"


@dataclass
class Read:
    """An article read to the end: its working model, events and extraction."""

    article: Article
    doc: DocModel
    events: Events
    extraction: Extraction

    def person(self, index: int | None) -> str:
        assert index is not None
        return self.doc.people[index].name.canonical

    def people(self) -> set[str]:
        return {p.name.canonical for p in self.doc.people}

    def meetings(self) -> list[tuple[frozenset[str], str | None, str]]:
        def party(p: Party) -> str:
            if p.person is not None:
                return self.person(p.person)
            assert p.org is not None
            return p.org.name

        return [
            (frozenset(party(p) for p in m.parties), m.date.iso if m.date else None, m.status)
            for m in self.events.meetings
        ]

    def visits(self) -> list[tuple[str, str, str | None, str]]:
        return [
            (self.person(v.visitor), v.host, v.date.iso if v.date else None, v.status)
            for v in self.events.visits
        ]


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    load_pipeline()
    return Extractor()


@pytest.fixture(scope="session")
def read_article(extractor: Extractor) -> Callable[[Article], Read]:
    def _read(article: Article) -> Read:
        doc = build_doc(article, load_pipeline()(article.text))
        resolve_people(doc)
        return Read(article, doc, find_events(doc), extractor.extract(article))

    return _read


@pytest.fixture(scope="session")
def read_text(read_article: Callable[[Article], Read]) -> Callable[..., Read]:
    def _read(text: str, published: dt.date | None = dt.date(2025, 4, 4)) -> Read:
        return read_article(article_from_text(text, published=published))

    return _read


@pytest.fixture(scope="session")
def seeds(read_article: Callable[[Article], Read]) -> dict[str, Read]:
    """The five seed articles read once, by file name."""
    out = {}
    for item in read_paths([SEEDS]):
        assert isinstance(item, Article), item
        out[item.id[:3]] = read_article(item)
    return out
