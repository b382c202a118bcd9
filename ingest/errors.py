"""The ingest package's exceptions: one base, so callers can catch everything ingest raises."""


class IngestError(Exception):
    """Base of every error raised by ingest/ (a missing spaCy model, an unreadable input...)."""


class ArticleRejected(IngestError):
    """An article that cannot be ingested as it is: empty, too long, binary or not in English."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
