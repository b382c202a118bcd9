"""Reading articles from text files, directories and JSON Lines into clean `Article`s.

Publication date: the ` date YYYY-MM-DD` first line (the article may go on on that line), else a
page-header date in the first lines ("Fri, 25th Oct 2024 10:26", "25/09/2025"; see ingest.clean),
else None. Article id: the source when one is given (a file's path relative to the directory argument,
or its file name; a JSON Lines record's url), else `sha256:<16 hex>` of the cleaned text.
Bad input never raises from `read_paths`: it yields a ReadFailure with the reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.clean import clean, english_share, is_english, split_date_line
from ingest.errors import ArticleRejected


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    published: dt.date | None
    title: str | None
    source: str | None
    url: str | None
    content_hash: str


@dataclass(frozen=True)
class ReadFailure:
    source: str
    reason: str
    line: int | None = None


def _parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def article_from_text(
    text: str,
    *,
    published: dt.date | str | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    max_chars: int = 200_000,
) -> Article:
    """Clean one article's text and build the Article; ArticleRejected says why it cannot be used."""
    if len(text) > max_chars:
        raise ArticleRejected(f"too long: {len(text)} characters (limit {max_chars})")
    if "\x00" in text:
        raise ArticleRejected("binary content (NUL bytes)")
    line_date, rest = split_date_line(text)
    if not rest.strip():
        raise ArticleRejected("empty: no text")
    body, header = clean(rest)
    sample = body if body.strip() else rest
    if not is_english(sample):
        raise ArticleRejected(f"not English: {english_share(sample):.0%} English function words")
    if not body.strip():
        raise ArticleRejected("empty: no text after cleaning")
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return Article(
        id=source or url or f"sha256:{digest[:16]}",
        text=body,
        published=_parse_date(published) or line_date or header,
        title=title.strip() if title and title.strip() else None,
        source=source or url,
        url=url,
        content_hash=digest,
    )


def _read_text_file(path: Path, source: str, max_chars: int) -> Article | ReadFailure:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return ReadFailure(source, f"cannot read: {exc.strerror or exc}")
    if b"\x00" in raw[:4096]:
        return ReadFailure(source, "binary file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return ReadFailure(source, f"not UTF-8 at byte {exc.start}")
    try:
        return article_from_text(text, source=source, max_chars=max_chars)
    except ArticleRejected as exc:
        return ReadFailure(source, exc.reason)


def _record(obj: Any, source: str, max_chars: int) -> Article:
    if not isinstance(obj, dict):
        raise ArticleRejected("a JSON object is expected")
    text = obj.get("text")
    if not isinstance(text, str):
        raise ArticleRejected('no "text" string')
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    title = obj.get("title") if isinstance(obj.get("title"), str) else None
    return article_from_text(
        text,
        published=obj.get("published"),
        title=title,
        url=url or None,
        source=url or None,
        max_chars=max_chars,
    )


def _jsonl_line(raw: bytes, number: int, source: str, max_chars: int) -> Article | ReadFailure | None:
    """One JSON Lines record; a bad line (not UTF-8, not JSON, unusable) is that line's failure only."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return ReadFailure(source, f"not UTF-8 at byte {exc.start} of the line", number)
    if not line.strip():
        return None
    try:
        return _record(json.loads(line), source, max_chars)
    except json.JSONDecodeError as exc:
        return ReadFailure(source, f"invalid JSON: {exc.msg}", number)
    except ArticleRejected as exc:
        return ReadFailure(source, exc.reason, number)


def _read_jsonl(path: Path, source: str, max_chars: int) -> Iterator[Article | ReadFailure]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield ReadFailure(source, f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            item = _jsonl_line(raw, number, source, max_chars)
            if item is not None:
                yield item


def _files(root: Path) -> Iterator[tuple[Path, str]]:
    """Files under a directory argument (sorted, hidden ones skipped) with their stable ids."""
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            yield path, rel.as_posix()


def read_paths(paths: Iterable[str | Path], max_chars: int = 200_000) -> Iterator[Article | ReadFailure]:
    """Articles from files, directories (recursive, sorted) and `.jsonl` files, in order."""
    for arg in paths:
        root = Path(arg)
        if root.is_dir():
            files = list(_files(root))
        elif root.is_file():
            files = [(root, root.name)]
        else:
            yield ReadFailure(str(arg), "no such file or directory")
            continue
        for path, source in files:
            if path.suffix.lower() == ".jsonl":
                yield from _read_jsonl(path, source, max_chars)
            else:
                yield _read_text_file(path, source, max_chars)
