"""The Extractor: articles in, Extractions (nodes, relationships, triples with evidence) out.

Streaming: `extract_many` feeds the articles through `nlp.pipe` in batches and yields each
Extraction as soon as its batch is parsed; it never holds the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from graph.model import Extraction, Node
from ingest.assemble import build_extraction
from ingest.document import build_doc
from ingest.events import find_events
from ingest.nlp import DEFAULT_MODEL, load_pipeline
from ingest.read import Article
from ingest.resolve import resolve_people


def article_node(article: Article) -> Node:
    """The Article node: named by its title, else by its first words."""
    words = re.findall(r"\S+", article.text)
    name = article.title or " ".join(words[:12]) + ("…" if len(words) > 12 else "")
    return Node(
        id=article.id,
        label="Article",
        name=name,
        props={
            "published": article.published.isoformat() if article.published else None,
            "title": article.title,
            "source": article.source,
            "url": article.url,
            "content_hash": article.content_hash,
            "text": article.text,
        },
    )


class Extractor:
    """Reads articles with one spaCy pipeline (loaded on first use) and the project's rules."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 32) -> None:
        self.model = model
        self.batch_size = batch_size

    def extract(self, article: Article) -> Extraction:
        return self._from_doc(article, load_pipeline(self.model)(article.text))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        nlp = load_pipeline(self.model)
        pairs = ((a.text, a) for a in articles)
        for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size):
            yield self._from_doc(article, doc)

    @staticmethod
    def _from_doc(article: Article, doc: Doc) -> Extraction:
        model = build_doc(article, doc)
        resolve_people(model)
        return build_extraction(model, find_events(model), article_node(article))
