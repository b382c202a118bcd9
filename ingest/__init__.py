"""Reading articles, NLP (spaCy), extraction of entities and events, resolution of names and dates.

The public surface: `ingest.read` (Article, read_paths, article_from_text), `ingest.extract.Extractor`,
`ingest.resolve.resolve_with_store` and `ingest.pipeline` (ingest_paths, ingest_article, extract_triples).
Nothing here imports `app`; the graph package is used for its domain model and store protocol only.
"""

from ingest.errors import ArticleRejected, IngestError

__all__ = ["ArticleRejected", "IngestError"]
