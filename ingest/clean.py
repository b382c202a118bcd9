"""Page cleaning: boilerplate, credits and non-English lines go; captions and the body stay.

News pages saved as text carry navigation words at the top, a date header, photo credits, the
original-language title repeated between paragraphs, and lists of related articles after the body.
Captions stay: they often report the meeting itself ("X held talks with Y ... — Photo ...").
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache

from ingest import lexicon
from ingest.dates import header_date


@cache
def _words(key: str) -> frozenset[str]:
    """Function words of English, or of the other languages news comes in (data/lexicon.json)."""
    return frozenset(lexicon.data()[key])


_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*")
_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})[ \t]*")
# Lines from which everything after the body is page furniture (comments, related lists, tags).
_END_MARKERS = re.compile(
    r"^(?:comments?\s*(?:\(\d+\))?|related (?:articles?|news|posts|stories)|read more|read also|see also|"
    r"same (?:tag|category|author)|you may also like|more news|more from|tags?\s*:.*|share this.*)$",
    re.I,
)
_DROP_LINE = re.compile(
    r"^(?:source|sources|nguồn|photo|photos|credit)\s*:.*$|^[\W_]*$|^no (?:data|videos?.*)$", re.I
)
_CREDITS = [
    re.compile(r"\s*\((?:source|photo|photos|credit|image|illustrative photo)\s*:[^)]*\)", re.I),
    re.compile(r"\s*[—–-]+\s*(?:[A-Z]{2,}[/&]?)+(?:\s+Photos?\b.*)?\s*$"),
    re.compile(r"\s*\b[A-Z]{2,}(?:/[A-Z]{2,})*\s+Photos?\b[^.]*$"),
]


def normalize(text: str) -> str:
    """Unicode NFC, one kind of newline and space, no trailing blanks."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]", " ", text)
    text = re.sub(r"[\u200b-\u200d\ufeff]", "", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def split_date_line(text: str) -> tuple[dt.date | None, str]:
    """The ` date YYYY-MM-DD` prefix of the first line, and the text without it (the article may
    go on on the same line)."""
    m = _DATE_LINE.match(text)
    if not m:
        return None, text
    try:
        return dt.date.fromisoformat(m.group(1)), text[m.end() :]
    except ValueError:
        return None, text


def english_share(text: str) -> float:
    words = [w.lower() for w in _WORD.findall(text)]
    return sum(w in _words("english_function_words") for w in words) / len(words) if words else 0.0


def foreign_share(text: str) -> float:
    words = [w.lower() for w in _WORD.findall(text)]
    return sum(w in _words("foreign_function_words") for w in words) / len(words) if words else 0.0


def is_english(text: str) -> bool:
    """English function words are common (a third of running text) and outnumber foreign ones;
    short name-heavy texts pass as long as nothing foreign dominates."""
    english = english_share(text)
    return english >= 0.12 or (english >= 0.03 and foreign_share(text) < english)


def _foreign_line(line: str) -> bool:
    words = _WORD.findall(line)
    if len(words) < 4:
        return False
    accented = sum(any(ord(c) > 127 for c in w) for w in words) / len(words)
    return accented >= 0.25 and english_share(line) < 0.05


def _strip_credits(line: str) -> str:
    for pattern in _CREDITS:
        line = pattern.sub("", line)
    return line.rstrip()


def _body_end(lines: list[str]) -> int:
    for i, line in enumerate(lines):
        if i > 0 and _END_MARKERS.match(line.strip()):
            return i
    return len(lines)


_BREADCRUMB = re.compile(r"^(?:[^|»>/]{1,30}\s*[|»>/]\s*)+[^|»>/]{1,30}$")


def _is_navigation(line: str) -> bool:
    """Menu words ("Events") or breadcrumbs ("Home | World | Africa") at the top of a page."""
    short = len(line.split()) <= 2 and not re.search(r"[.!?:]$", line)
    return short or bool(_BREADCRUMB.match(line))


def clean(text: str) -> tuple[str, dt.date | None]:
    """The article body without page furniture, and the page-header date if one is clearly there."""
    lines = normalize(text).split("\n")
    lines = lines[: _body_end(lines)]
    top = [i for i, line in enumerate(lines) if line.strip()][:8]
    found = header_date([lines[i] for i in top])
    published = found[1] if found else None
    drop = {top[found[0]]} if found else set()
    drop |= {i for i in top if len(lines[i]) < 90 and header_date([lines[i]])}
    drop |= {i for i in top[:3] if _is_navigation(lines[i].strip())}
    kept: list[str] = []
    for i, line in enumerate(lines):
        line = line.strip()
        if i in drop or _DROP_LINE.match(line) or _foreign_line(line):
            continue
        kept.append(_strip_credits(line))
    body = "\n".join(kept)
    return re.sub(r"\n{3,}", "\n\n", body).strip(), published
