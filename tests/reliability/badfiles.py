"""Bad article files, each with the word its rejection reason must contain, and a directory mixing them
with good articles."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tests.reliability.corpus import article_text, copy_seeds

DEFAULT_MAX_CHARS = 200_000

FRENCH = (
    "Le ministre des Affaires étrangères a rencontré son homologue à Paris jeudi. Les deux parties ont "
    "discuté de la coopération dans les domaines du commerce, de l'énergie et de l'éducation, et sont "
    "convenues de renforcer leurs relations. Une visite officielle est prévue pour l'année prochaine.\n"
)


@dataclass(frozen=True)
class Bad:
    name: str
    content: bytes
    reason: str  # a word the failure's reason must contain (lower case)


def bad_files() -> list[Bad]:
    """One file per way an article can be unusable (each rejected before any NLP)."""
    good = article_text(1).encode()
    return [
        Bad("empty.txt", b"", "empty"),
        Bad("blank.txt", b"  \n\t\n \r\n   \n", "empty"),
        Bad("date-only.txt", b" date 2025-04-03\n\n", "empty"),
        Bad("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        Bad("nul-inside.txt", good[:200] + b"\x00\x00" + good[200:], "binary"),
        Bad("latin1.txt", "Le ministre a rencontré à Paris".encode("latin-1") + b"\xff\xfe", "utf-8"),
        Bad("truncated-utf8.txt", good + "ố".encode()[:2], "utf-8"),
        Bad("huge.txt", b" date 2025-01-01 " + b"a" * DEFAULT_MAX_CHARS, "too long"),
        Bad("french.txt", FRENCH.encode(), "english"),
    ]


def jsonl_lines() -> tuple[bytes, dict[int, str], int]:
    """A JSON Lines file: good records around malformed ones. Returns the bytes, {line: reason word}
    of the bad lines, and how many good records it holds."""
    good = [
        {"text": article_text(20).split("\n", 1)[1], "published": "2024-06-01", "url": "https://example.org/a"},
        {"text": article_text(21).split("\n", 1)[1], "published": "2024-06-02", "url": "https://example.org/b"},
    ]
    lines = [
        json.dumps(good[0]),
        '{"text": "unterminated',  # 2
        "[1, 2, 3]",  # 3: not an object
        json.dumps({"title": "no text field"}),  # 4
        "",  # blank lines are skipped, not errors
        json.dumps({"text": 42}),  # 6
        json.dumps({"text": "   "}),  # 7
        json.dumps(good[1]),
    ]
    bad = {2: "json", 3: "object", 4: "text", 6: "text", 7: "empty"}
    return ("\n".join(lines) + "\n").encode(), bad, len(good)


SEED_COPIES = ["001", "002"]  # the two shortest seeds keep the suite fast
GOOD_CORPUS = [3, 4]


def write_good(directory: Path) -> list[str]:
    """The good articles of the mixed directory, with the ids they get when `directory` is ingested."""
    ids = [p.name for p in copy_seeds(directory, SEED_COPIES)]
    for i in GOOD_CORPUS:
        (directory / f"c{i}.txt").write_text(article_text(i), encoding="utf-8")
        ids.append(f"c{i}.txt")
    return ids


def write_mixed(directory: Path) -> tuple[list[str], dict[str, str]]:
    """Good articles, every bad file and a half-bad JSON Lines file in one directory.
    Returns the ids that must land and {failure source[:line]: reason word}."""
    good = write_good(directory)
    expected: dict[str, str] = {}
    for bad in bad_files():
        (directory / bad.name).write_bytes(bad.content)
        expected[bad.name] = bad.reason
    content, bad_lines, _ = jsonl_lines()
    (directory / "feed.jsonl").write_bytes(content)
    expected.update({f"feed.jsonl:{line}": word for line, word in bad_lines.items()})
    return [*good, "https://example.org/a", "https://example.org/b"], expected
